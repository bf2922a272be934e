"""Every key of the main window in one table, and the F1 overlay that lists them.

Why one table: a key shown on a button, bound to an action and printed in the help must be the
same key, or staff learn the wrong one. :data:`SHORTCUTS` is that table; :func:`bind` makes
the window's and the queue's ``QShortcut`` objects from it, the queue's buttons take their
key text from it (:func:`key_text`), and :class:`HelpOverlay` prints it. Keys that a widget
handles itself (Enter in a list, the arrows, a label's Alt mnemonic) are listed too, marked
``bound=False`` so nothing binds them twice; the UI tests check those against the widgets.

The overlay is a layer over the window, not a dialog: it never blocks the queue's live
updates, and F1, Esc or a click anywhere closes it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QColor, QKeySequence, QMouseEvent, QPainter, QPaintEvent, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QGridLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from app.queue.actions import ACTIONS
from ui.common.widgets import plain_label

__all__ = ["GROUPS", "SHORTCUTS", "HelpOverlay", "Shortcut", "bind", "key_text", "shortcut"]


@dataclass(frozen=True)
class Shortcut:
    """One key (or several equivalent keys) and what it does."""

    name: str  # stable id: "search.focus", "queue.call_next"
    keys: tuple[str, ...]  # portable QKeySequence text; the first is the one shown on buttons
    what: str
    group: str
    bound: bool = True  # False: a widget handles the key itself; listed, never bound here


#: The order the overlay shows the groups in.
GROUPS = ("Window", "Search", "Profile", "Queue", "Edits")
#: Queue action → its key. Chosen to stay clear of F1 (help), F2/Ctrl+F (search), F5 (sync)
#: and Esc, and to sit in one row of function keys in the order a visit goes.
QUEUE_KEYS: dict[str, str] = {
    "call_next": "F6",
    "call": "F7",
    "recall": "F8",
    "served": "F9",
    "no-show": "F10",
    "return": "F11",
    "cancel": "Shift+Del",
}


def _queue_action(action: str) -> Shortcut:
    words, destructive = ACTIONS[action]
    return Shortcut(f"queue.{action}", (QUEUE_KEYS[action],),
                    words + (" — asks first" if destructive else ""), "Queue")


SHORTCUTS: tuple[Shortcut, ...] = (
    Shortcut("help", ("F1",), "Show or hide this list of keys", "Window"),
    Shortcut("escape", ("Esc",), "Back to the search box (empties it when already there); "
             "closes this list or a question", "Window"),
    Shortcut("refresh", ("F5",), "Sync now and refresh the open profile; on the Vendors tab, "
             "check every vendor", "Window"),
    Shortcut("search.focus", ("Ctrl+F", "F2"), "Go to the search box", "Search"),
    Shortcut("search.move", ("Up", "Down", "PgUp", "PgDown"),
             "Move through the results (the cursor stays in the box)", "Search", bound=False),
    Shortcut("search.open", ("Enter",), "Open the highlighted customer, or the booking whose "
             "link was scanned or pasted", "Search", bound=False),
    Shortcut("profile.queue", ("Ctrl+Shift+N",), "Add the open customer to the queue (name "
             "and contacts on file filled in)", "Profile"),
    Shortcut("profile.source", ("Alt+F",), "Timeline: show bookings from one vendor",
             "Profile", bound=False),
    Shortcut("profile.status", ("Alt+T",), "Timeline: show bookings with one status",
             "Profile", bound=False),
    Shortcut("queue.focus", ("F12",), "Go to the queue (shows it when hidden)", "Queue"),
    Shortcut("queue.open", ("Enter",), "Open the profile of the selected ticket's customer",
             "Queue", bound=False),
    *(_queue_action(action) for action in QUEUE_KEYS),
    Shortcut("queue.add", ("Ctrl+N",), "Add a walk-in to the queue (line, name, contacts, "
             "labels)", "Queue"),
    # Editing (issue 6): Ctrl+letter keys, clear of a text box's own (copy, paste, undo…).
    Shortcut("manager.toggle", ("Ctrl+M",), "Manager mode: unlock with the PIN, or lock it "
             "again now", "Edits"),
    Shortcut("note.edit", ("Ctrl+E",), "Edit the open customer's reservations note", "Edits"),
    Shortcut("note.save", ("Ctrl+S",), "Save the note being edited (sent to reservations as "
             "soon as it answers)", "Edits"),
    Shortcut("queue.label", ("Ctrl+L",), "Add a label to the selected queue ticket", "Edits"),
    Shortcut("labels.remove", ("Del",), "In a ticket's labels: remove the selected label",
             "Edits", bound=False),
    Shortcut("blacklist.show", ("Ctrl+B",), "Go to the blacklist and its search box", "Edits"),
    Shortcut("edits.show", ("Ctrl+Shift+E",), "Edits not sent yet: retry, edit or discard",
             "Edits"),
)

_BY_NAME = {entry.name: entry for entry in SHORTCUTS}
#: Said under the queue's keys: a text box keeps Shift+Del for itself (cut), which is also
#: why cancelling cannot happen by accident while typing a name.
QUEUE_NOTE = ("The queue's keys work anywhere in the window, except Shift+Del inside a text box "
              "(there it cuts text): press F12 first.")


def shortcut(name: str) -> Shortcut:
    return _BY_NAME[name]


def native(key: str) -> str:
    """A key as this platform writes it ("Shift+Del"; words like "Enter" stay as they are)."""
    text = QKeySequence(key).toString(QKeySequence.SequenceFormat.NativeText)
    return text or key


def key_text(name: str) -> str:
    """The keys of ``name`` for a button or tooltip: "F6", "Ctrl+F or F2"."""
    return " or ".join(native(k) for k in shortcut(name).keys)


def bind(name: str, parent: QWidget, slot: Callable[[], object], *,
         context: Qt.ShortcutContext = Qt.ShortcutContext.WindowShortcut) -> list[QShortcut]:
    """The QShortcuts of ``name`` (one per key) on ``parent``, calling ``slot``."""
    entry = shortcut(name)
    if not entry.bound:
        raise ValueError(f"{name} is handled by a widget, not bound as a shortcut")
    made = []
    for key in entry.keys:
        item = QShortcut(QKeySequence(key), parent)
        item.setObjectName(f"shortcut:{name}")
        item.setContext(context)
        item.activated.connect(slot)
        made.append(item)
    return made


# -- the overlay ------------------------------------------------------------------------------

CARD_STYLE = ("QFrame#helpCard { background:#ffffff; border:1px solid #90a4ae; "
              "border-radius:8px; }")
KEY_STYLE = ("QLabel { background:#eceff1; color:#263238; border:1px solid #90a4ae; "
             "border-radius:4px; padding:2px 8px; font-weight:bold; }")


class HelpOverlay(QWidget):
    """A layer over ``host`` listing the keys of ``groups`` (the parts this window has)."""

    def __init__(self, host: QWidget, groups: Iterable[str]) -> None:
        super().__init__(host)
        self.setObjectName("helpOverlay")
        self.setAccessibleName("helpOverlay")
        self.setAccessibleDescription("Every key of this window; F1 or Esc closes it")
        self.host = host
        wanted = set(groups)
        self.groups = [g for g in GROUPS if g in wanted]
        self._rows: list[tuple[str, str, str]] = []
        self._focus: QWidget | None = None

        outer = QVBoxLayout(self)
        outer.setAlignment(Qt.AlignmentFlag.AlignCenter)
        card = QFrame(self)
        card.setObjectName("helpCard")
        card.setStyleSheet(CARD_STYLE)
        card.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # takes the keys while shown
        self.card = card
        outer.addWidget(card, 0, Qt.AlignmentFlag.AlignCenter)
        layout = QVBoxLayout(card)
        layout.setContentsMargins(20, 16, 20, 16)
        layout.setSpacing(10)
        title = plain_label("Keys", "helpTitle")
        title.setStyleSheet("font-size:18px; font-weight:bold;")
        layout.addWidget(title)
        grid = QGridLayout()
        grid.setHorizontalSpacing(12)
        grid.setVerticalSpacing(4)
        row = 0
        for group in self.groups:
            heading = plain_label(group, f"helpGroup{group}")
            heading.setStyleSheet("font-weight:bold; color:#37474f; margin-top:6px;")
            grid.addWidget(heading, row, 0, 1, 2)
            row += 1
            for entry in SHORTCUTS:
                if entry.group != group:
                    continue
                keys = " / ".join(native(k) for k in entry.keys)
                key_label = plain_label(keys)
                key_label.setStyleSheet(KEY_STYLE)
                grid.addWidget(key_label, row, 0, Qt.AlignmentFlag.AlignLeft)
                grid.addWidget(plain_label(entry.what), row, 1)
                self._rows.append((group, keys, entry.what))
                row += 1
        layout.addLayout(grid)
        if "Queue" in self.groups:
            note = plain_label(QUEUE_NOTE, "helpQueueNote", wrap=True)
            note.setStyleSheet("color:#37474f;")
            layout.addWidget(note)
            self._rows.append(("Queue", "", QUEUE_NOTE))
        foot = plain_label("F1 or Esc closes this list.", "helpFoot")
        foot.setStyleSheet("color:#546e7a;")
        layout.addWidget(foot)
        self.hide()
        host.installEventFilter(self)

    # -- public ------------------------------------------------------------------------------
    def rows(self) -> list[tuple[str, str, str]]:
        """(group, keys as shown, what) of every line (tests, and support)."""
        return list(self._rows)

    def text(self) -> str:
        return "\n".join(" ".join(row) for row in self._rows)

    def toggle(self) -> None:
        if self.isVisible():
            self.close_overlay()
        else:
            self.open_overlay()

    def open_overlay(self) -> None:
        focus = QApplication.focusWidget()
        self._focus = focus if focus is not None and not self.isAncestorOf(focus) else None
        self.setGeometry(self.host.rect())
        self.raise_()
        self.show()
        self.card.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def close_overlay(self) -> None:
        self.hide()
        if self._focus is not None and self._focus.isVisible():
            self._focus.setFocus(Qt.FocusReason.OtherFocusReason)  # back where staff were
        self._focus = None

    # -- events ------------------------------------------------------------------------------
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.host and event.type() == QEvent.Type.Resize and self.isVisible():
            self.setGeometry(self.host.rect())
        return super().eventFilter(watched, event)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor(38, 50, 56, 150))  # dims the window beneath
        painter.end()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self.close_overlay()
        event.accept()


def labels_with_mnemonic(root: QWidget, key: str) -> list[QLabel]:
    """The labels under ``root`` whose ``&`` mnemonic is Alt+``key`` (tests of the table)."""
    wanted = f"&{key.lower()}"
    return [label for label in root.findChildren(QLabel)
            if wanted in label.text().lower() and label.buddy() is not None]
