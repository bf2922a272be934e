"""F1: one table of keys, bound and listed from the same entries, so the help cannot lie."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from pytestqt.qtbot import QtBot

from app.queue.actions import ACTIONS
from ui.window.help_overlay import (
    GROUPS,
    QUEUE_KEYS,
    QUEUE_NOTE,
    SHORTCUTS,
    HelpOverlay,
    key_text,
    labels_with_mnemonic,
    native,
    shortcut,
)
from ui.window.main_window import MainWindow


def test_f1_lists_every_key_of_the_window_and_esc_closes_it(
        qtbot: QtBot, window_with: Callable[..., MainWindow]) -> None:
    window = window_with()
    overlay = window.findChild(HelpOverlay, "helpOverlay")
    assert overlay is not None and overlay.isHidden()
    assert window.search_panel is not None
    window.search_panel.focus_search()
    qtbot.keyClick(window.search_panel.box, Qt.Key.Key_F1)
    assert overlay.isVisible() and overlay.geometry() == window.rect()
    rows = overlay.rows()
    assert [r[0] for r in rows] == sorted((r[0] for r in rows),
                                          key=["Window", "Search", "Profile", "Queue"].index)
    for action, key in QUEUE_KEYS.items():
        words, destructive = ACTIONS[action]
        expected = words + (" — asks first" if destructive else "")
        assert ("Queue", native(key), expected) in rows, action
    assert ("Search", "Ctrl+F / F2", "Go to the search box") in rows
    assert ("Queue", "F12", "Go to the queue (shows it when hidden)") in rows
    assert ("Window", "F1", "Show or hide this list of keys") in rows
    assert any(r[:2] == ("Profile", "Alt+F") for r in rows)
    assert native("Shift+Del") == "Shift+Del"
    assert ("Queue", "", QUEUE_NOTE) in rows  # Shift+Del in a text box cuts text
    assert "Shift+Del" in overlay.text() and "F10" in overlay.text()

    assert overlay.card.hasFocus()  # the keys go to the list while it shows
    qtbot.keyClick(overlay.card, Qt.Key.Key_Escape)  # closes the list, nothing else
    assert overlay.isHidden()
    assert window.search_panel.box.hasFocus()  # back where the cursor was
    qtbot.keyClick(window.search_panel.box, Qt.Key.Key_F1)
    assert overlay.isVisible()
    qtbot.keyClick(overlay.card, Qt.Key.Key_F1)  # F1 again closes it too
    assert overlay.isHidden()


def test_every_listed_key_is_the_key_bound_and_shown_on_its_button(
        window_with: Callable[..., MainWindow]) -> None:
    window = window_with()
    bound: dict[str, list[str]] = {}
    for item in window.findChildren(QShortcut):
        if item.objectName().startswith("shortcut:"):
            name = item.objectName().removeprefix("shortcut:")
            bound.setdefault(name, []).append(item.key().toString())
    overlay = window.findChild(HelpOverlay, "helpOverlay")
    assert overlay is not None
    listed = {e.name for e in SHORTCUTS if e.bound and e.group in overlay.groups}
    assert set(bound) == listed  # every bound key listed, every listed key bound
    # An action without a key (About) is bound with none, for the command palette, and the
    # key list leaves it out.
    assert bound.pop("about") == [""]
    assert not any(row[2] == shortcut("about").words() for row in overlay.rows())
    for name, keys in bound.items():
        assert sorted(keys) == sorted(QKeySequence(k).toString()
                                      for k in shortcut(name).keys), name
    panel = window.queue_panel
    assert panel is not None
    for action, button in panel.buttons.items():
        key = key_text(f"queue.{action}")
        assert f"({key})" in button.text() and key in button.toolTip()
        assert button.accessibleName() == ACTIONS[action][0]
    # The queue's keys work from anywhere in the window (the search box included).
    contexts = {item.context() for item in panel.shortcuts}
    assert contexts == {Qt.ShortcutContext.ApplicationShortcut}


def test_an_editing_window_binds_and_lists_every_key_of_the_table(
        qtbot: QtBot, window_with: Callable[..., MainWindow]) -> None:
    window = window_with(edits=True)
    overlay = window.findChild(HelpOverlay, "helpOverlay")
    assert overlay is not None and overlay.groups == list(GROUPS)
    bound = {item.objectName().removeprefix("shortcut:") for item in
             window.findChildren(QShortcut) if item.objectName().startswith("shortcut:")}
    assert bound == {e.name for e in SHORTCUTS if e.bound}  # the whole table, nothing else
    rows = overlay.rows()
    assert ("Edits", "Ctrl+M", shortcut("manager.toggle").what) in rows
    assert ("Edits", "Ctrl+S", shortcut("note.save").what) in rows
    # The keys shown on buttons are the keys bound.
    assert window.manager_button is not None and "(Ctrl+M)" in window.manager_button.text()
    assert window.note_editor is not None
    assert f"({key_text('note.save')})" in window.note_editor.save_button.text()
    # No new key collides with an existing one.
    keys = [k for e in SHORTCUTS if e.bound for k in e.keys]
    assert len(keys) == len(set(keys))
    # The note's Ctrl+S only works inside the note editor (a search box has nothing to save).
    saves = [i for i in window.findChildren(QShortcut)
             if i.objectName() == "shortcut:note.save"]
    assert {i.context() for i in saves} == {Qt.ShortcutContext.WidgetWithChildrenShortcut}
    assert window.manager_button.isVisible()
    qtbot.keyClick(window.focusWidget() or window, Qt.Key.Key_B,
                   Qt.KeyboardModifier.ControlModifier)
    assert window.tabs.currentWidget() is window.blacklist_view


def test_keys_widgets_handle_themselves_exist_where_the_list_says(
        window_with: Callable[..., MainWindow]) -> None:
    window = window_with()
    assert window.profile_panel is not None
    for name, letter in (("profile.source", "F"), ("profile.status", "T")):
        assert shortcut(name).keys == (f"Alt+{letter}",)
        found = labels_with_mnemonic(window.profile_panel, letter)
        assert len(found) == 1, name


def test_a_window_without_a_queue_lists_no_queue_keys(
        window_with: Callable[..., MainWindow]) -> None:
    window = window_with(queue=False)
    overlay = window.findChild(HelpOverlay, "helpOverlay")
    assert overlay is not None
    assert {r[0] for r in overlay.rows()} == {"Window", "Search", "Profile"}
    assert not any(item.objectName().startswith("shortcut:queue")
                   for item in window.findChildren(QShortcut))
