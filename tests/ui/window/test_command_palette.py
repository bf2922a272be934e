"""Ctrl+K: the window's actions from the one shortcut table, found by words, run by Enter."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from ui.window.command_palette import CommandPalette, commands, fold, matches
from ui.window.help_overlay import SHORTCUTS, HelpOverlay
from ui.window.main_window import MainWindow


def open_palette(qtbot: QtBot, window: MainWindow) -> CommandPalette:
    assert window.search_panel is not None
    window.search_panel.focus_search()
    qtbot.keyClick(window.search_panel.box, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    palette = window.findChild(CommandPalette, "commandPalette")
    assert palette is not None and palette.isVisible()
    assert palette.box.hasFocus()
    return palette


def test_ctrl_k_lists_every_bound_action_in_the_tables_order(
        qtbot: QtBot, window_with: Callable[..., MainWindow]) -> None:
    window = window_with(edits=True)
    palette = open_palette(qtbot, window)
    names = [c.name for c in palette.shown()]
    table = [e.name for e in SHORTCUTS if e.bound and e.name != "palette"]
    assert names == [n for n in table if n in names]  # the table's order
    # Everything the window binds is offered (the queue's keys, editing, About), once.
    assert set(names) == set(table) and len(names) == len(set(names))
    lines = palette.model.stringList()
    assert "Go to the search box  —  Ctrl+F / F2" in lines


def test_words_find_commands_in_any_order_and_without_accents() -> None:
    assert fold("Szinkronizálás ÉS") == "szinkronizalas es"


def test_typing_filters_and_enter_runs_the_shortcut_itself(
        qtbot: QtBot, window_with: Callable[..., MainWindow]) -> None:
    window = window_with()
    palette = open_palette(qtbot, window)
    qtbot.keyClicks(palette.box, "list keys")
    assert [c.name for c in palette.shown()] == ["help"]
    qtbot.keyClick(palette.box, Qt.Key.Key_Return)
    assert palette.isHidden()
    overlay = window.findChild(HelpOverlay, "helpOverlay")
    assert overlay is not None and overlay.isVisible()  # what F1 does
    overlay.close_overlay()


def test_up_down_choose_and_nothing_matching_says_so(
        qtbot: QtBot, window_with: Callable[..., MainWindow]) -> None:
    window = window_with()
    palette = open_palette(qtbot, window)
    qtbot.keyClicks(palette.box, "go to")
    found = [c.name for c in palette.shown()]
    assert found[:2] == ["search.focus", "queue.focus"]
    qtbot.keyClick(palette.box, Qt.Key.Key_Down)
    assert palette.list.currentIndex().row() == 1
    qtbot.keyClick(palette.box, Qt.Key.Key_Up)
    qtbot.keyClick(palette.box, Qt.Key.Key_Up)  # stops at the top
    assert palette.list.currentIndex().row() == 0
    palette.box.clear()
    qtbot.keyClicks(palette.box, "zzzz")
    assert palette.shown() == [] and palette.empty.isVisible()
    qtbot.keyClick(palette.box, Qt.Key.Key_Return)  # nothing to run: stays open
    assert palette.isVisible()


def test_esc_closes_and_gives_the_cursor_back(
        qtbot: QtBot, window_with: Callable[..., MainWindow]) -> None:
    window = window_with()
    palette = open_palette(qtbot, window)
    qtbot.keyClick(palette.box, Qt.Key.Key_Escape)
    assert palette.isHidden()
    assert window.search_panel is not None and window.search_panel.box.hasFocus()


def test_a_window_without_a_queue_offers_no_queue_action(
        qtbot: QtBot, window_with: Callable[..., MainWindow]) -> None:
    window = window_with(queue=False)
    names = {c.name for c in commands(window)}
    assert "queue.call_next" not in names and "search.focus" in names
    one = next(c for c in commands(window) if c.name == "refresh")
    assert matches("sync", one) and matches("F5", one) and not matches("queue", one)


def test_the_palette_finds_commands_by_their_translated_words(
        speak: Callable[..., str], window_with: Callable[..., MainWindow]) -> None:
    speak("fr")
    window = window_with()
    assert window.tabs.tabText(0) == "&Clients"
    palette = window.findChild(CommandPalette, "commandPalette")
    assert palette is not None
    palette.open_palette()
    palette.box.setText("zone recherche")  # Esc also goes back to the search box
    assert [c.name for c in palette.shown()] == ["escape", "search.focus"]
    palette.box.setText("Aller a la zone")  # accents optional
    assert [c.name for c in palette.shown()] == ["search.focus"]
    palette.box.setText("search box")  # English words are not what this window speaks
    assert palette.shown() == []
    palette.close_palette()
