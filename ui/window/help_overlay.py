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

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt
from PySide6.QtGui import QColor, QKeySequence, QMouseEvent, QPainter, QPaintEvent, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from app.marks import QT_TRANSLATE_NOOP
from app.queue.actions import ACTIONS
from ui.common.widgets import plain_label
from ui.theme import set_size, set_surface, set_tone

__all__ = ["GROUPS", "SHORTCUTS", "HelpOverlay", "Shortcut", "bind", "group_words", "key_text",
           "shortcut"]


@dataclass(frozen=True)
class Shortcut:
    """One key (or several equivalent keys) and what it does.

    ``what`` and ``group`` are English source text, marked for translation under
    ``context``; :meth:`words` and :func:`group_words` are what a person reads.
    """

    name: str  # stable id: "search.focus", "queue.call_next"
    keys: tuple[str, ...]  # portable QKeySequence text; the first is the one shown on buttons
    what: str
    group: str
    bound: bool = True  # False: a widget handles the key itself; listed, never bound here
    context: str = "Keys"  # where lupdate filed ``what`` (queue actions: "QueueActions")
    asks_first: bool = False  # a destructive queue action: the help says it asks first

    def words(self) -> str:
        """What the key does, in the window's language."""
        what = QCoreApplication.translate(self.context, self.what)
        if self.asks_first:
            return QCoreApplication.translate("Keys", "{action} — asks first").format(
                action=what)
        return what


#: The order the overlay shows the groups in (ids; :func:`group_words` names them).
GROUPS = ("Window", "Search", "Profile", "Queue", "Edits")
_GROUP_WORDS = (QT_TRANSLATE_NOOP("Keys", "Window"), QT_TRANSLATE_NOOP("Keys", "Search"),
                QT_TRANSLATE_NOOP("Keys", "Profile"), QT_TRANSLATE_NOOP("Keys", "Queue"),
                QT_TRANSLATE_NOOP("Keys", "Edits"))


def group_words(group: str) -> str:
    """A group's heading in the window's language."""
    return QCoreApplication.translate("Keys", group)


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
    return Shortcut(f"queue.{action}", (QUEUE_KEYS[action],), words, "Queue",
                    context="QueueActions", asks_first=destructive)


#: The short name lupdate is told about (scripts/translations.sh: -tr-function-alias).
N_ = QT_TRANSLATE_NOOP
SHORTCUTS: tuple[Shortcut, ...] = (
    Shortcut("help", ("F1",), N_("Keys", "Show or hide this list of keys"), "Window"),
    Shortcut("palette", ("Ctrl+K",), N_("Keys", "Find a command by its name and run it"),
             "Window"),
    Shortcut("escape", ("Esc",), N_("Keys", "Back to the search box (empties it when already "
             "there); closes this list or a question"), "Window"),
    Shortcut("refresh", ("F5",), N_("Keys", "Sync now and refresh the open profile; on the "
             "Vendors tab, check every vendor"), "Window"),
    Shortcut("about", (), N_("Keys", "About Clientdesk: version, store, where the logs are"),
             "Window"),
    Shortcut("search.focus", ("Ctrl+F", "F2"), N_("Keys", "Go to the search box"), "Search"),
    Shortcut("search.move", ("Up", "Down", "PgUp", "PgDown"),
             N_("Keys", "Move through the results (the cursor stays in the box)"), "Search",
             bound=False),
    Shortcut("search.open", ("Enter",), N_("Keys", "Open the highlighted customer, or the "
             "booking whose link was scanned or pasted"), "Search", bound=False),
    Shortcut("profile.queue", ("Ctrl+Shift+N",), N_("Keys", "Add the open customer to the "
             "queue (name and contacts on file filled in)"), "Profile"),
    Shortcut("profile.source", ("Alt+F",), N_("Keys", "Timeline: show bookings from one "
             "vendor"), "Profile", bound=False),
    Shortcut("profile.status", ("Alt+T",), N_("Keys", "Timeline: show bookings with one "
             "status"), "Profile", bound=False),
    Shortcut("queue.focus", ("F12",), N_("Keys", "Go to the queue (shows it when hidden)"),
             "Queue"),
    Shortcut("queue.open", ("Enter",), N_("Keys", "Open the profile of the selected ticket's "
             "customer"), "Queue", bound=False),
    *(_queue_action(action) for action in QUEUE_KEYS),
    Shortcut("queue.add", ("Ctrl+N",), N_("Keys", "Add a walk-in to the queue (line, name, "
             "contacts, labels)"), "Queue"),
    # Editing (issue 6): Ctrl+letter keys, clear of a text box's own (copy, paste, undo…).
    Shortcut("manager.toggle", ("Ctrl+M",), N_("Keys", "Manager mode: unlock with the PIN, or "
             "lock it again now"), "Edits"),
    Shortcut("note.edit", ("Ctrl+E",), N_("Keys", "Edit the open customer's reservations "
             "note"), "Edits"),
    Shortcut("note.save", ("Ctrl+S",), N_("Keys", "Save the note being edited (sent to "
             "reservations as soon as it answers)"), "Edits"),
    Shortcut("queue.label", ("Ctrl+L",), N_("Keys", "Add a label to the selected queue "
             "ticket"), "Edits"),
    Shortcut("labels.remove", ("Del",), N_("Keys", "In a ticket's labels: remove the selected "
             "label"), "Edits", bound=False),
    Shortcut("blacklist.show", ("Ctrl+B",), N_("Keys", "Go to the blacklist and its search "
             "box"), "Edits"),
    Shortcut("edits.show", ("Ctrl+Shift+E",), N_("Keys", "Edits not sent yet: retry, edit or "
             "discard"), "Edits"),
)

_BY_NAME = {entry.name: entry for entry in SHORTCUTS}
#: Said under the queue's keys: a text box keeps Shift+Del for itself (cut), which is also
#: why cancelling cannot happen by accident while typing a name.
QUEUE_NOTE = QT_TRANSLATE_NOOP(
    "Keys", "The queue's keys work anywhere in the window, except Shift+Del inside a text box "
    "(there it cuts text): press F12 first.")


def shortcut(name: str) -> Shortcut:
    return _BY_NAME[name]


def native(key: str) -> str:
    """A key as this platform writes it ("Shift+Del"; words like "Enter" stay as they are)."""
    text = QKeySequence(key).toString(QKeySequence.SequenceFormat.NativeText)
    return text or key


def key_text(name: str) -> str:
    """The keys of ``name`` for a button or tooltip: "F6", "Ctrl+F or F2"."""
    keys = [native(k) for k in shortcut(name).keys]
    if len(keys) == 2:
        return QCoreApplication.translate("Keys", "{first} or {second}").format(
            first=keys[0], second=keys[1])
    return " / ".join(keys)


def bind(name: str, parent: QWidget, slot: Callable[[], object], *,
         context: Qt.ShortcutContext = Qt.ShortcutContext.WindowShortcut) -> list[QShortcut]:
    """The QShortcuts of ``name`` (one per key) on ``parent``, calling ``slot``.

    An entry without a key (About) still gets one QShortcut, with no key: the command
    palette (:mod:`ui.window.command_palette`) finds every action of the window as the
    QShortcuts named ``shortcut:<name>``, so a command listed there is always one that is
    bound, and runs exactly what its key runs.
    """
    entry = shortcut(name)
    if not entry.bound:
        raise ValueError(f"{name} is handled by a widget, not bound as a shortcut")
    made = []
    for key in entry.keys or ("",):
        item = QShortcut(QKeySequence(key), parent)
        item.setObjectName(f"shortcut:{name}")
        item.setContext(context)
        item.activated.connect(slot)
        made.append(item)
    return made


# -- the overlay ------------------------------------------------------------------------------

class HelpOverlay(QWidget):
    """A layer over ``host`` listing the keys of ``groups`` (the parts this window has).

    Two columns of groups, so the whole table fits a 1366×768 counter screen in every
    shipped language; colours come from the palette (:mod:`ui.theme`), so it reads in a dark
    theme too.
    """

    def __init__(self, host: QWidget, groups: Iterable[str]) -> None:
        super().__init__(host)
        self.setObjectName("helpOverlay")
        self.setAccessibleName(self.tr("Keyboard help"))
        self.setAccessibleDescription(self.tr("Every key of this window; F1 or Esc closes it"))
        self.host = host
        wanted = set(groups)
        self.groups = [g for g in GROUPS if g in wanted]
        self._rows: list[tuple[str, str, str]] = []
        self._focus: QWidget | None = None

        outer = QVBoxLayout(self)
        outer.setAlignment(Qt.AlignmentFlag.AlignCenter)
        card = QFrame(self)
        card.setObjectName("helpCard")
        set_surface(card, "card")
        card.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # takes the keys while shown
        card.setAccessibleName(self.tr("Keyboard help"))
        self.card = card
        outer.addWidget(card, 0, Qt.AlignmentFlag.AlignCenter)
        layout = QVBoxLayout(card)
        layout.setContentsMargins(20, 16, 20, 16)
        layout.setSpacing(10)
        title = plain_label(self.tr("Keys"), "helpTitle")
        set_size(title, "title")
        layout.addWidget(title)
        columns = QHBoxLayout()
        columns.setSpacing(28)
        # Groups fill the left column until it holds about half of the lines.
        total = sum(1 + sum(1 for e in SHORTCUTS if e.group == g and e.keys) for g in self.groups)
        grid = QGridLayout()
        columns.addLayout(grid, 1)
        row = 0
        for group in self.groups:
            lines = 1 + sum(1 for e in SHORTCUTS if e.group == group and e.keys)
            if row and row + lines / 2 > total / 2 and columns.count() == 1:
                grid.setRowStretch(row, 1)
                grid = QGridLayout()
                columns.addLayout(grid, 1)
                row = 0
            grid.setHorizontalSpacing(12)
            grid.setVerticalSpacing(4)
            heading = plain_label(group_words(group), f"helpGroup{group}")
            set_size(heading, "heading")
            grid.addWidget(heading, row, 0, 1, 2)
            row += 1
            for entry in SHORTCUTS:
                if entry.group != group or not entry.keys:
                    continue
                keys = " / ".join(native(k) for k in entry.keys)
                key_label = plain_label(keys)
                set_surface(key_label, "key")
                grid.addWidget(key_label, row, 0, Qt.AlignmentFlag.AlignLeft)
                what = plain_label(entry.words(), wrap=True)
                what.setMinimumWidth(260)
                grid.addWidget(what, row, 1)
                self._rows.append((group, keys, entry.words()))
                row += 1
        grid.setRowStretch(row, 1)
        layout.addLayout(columns)
        if "Queue" in self.groups:
            words = QCoreApplication.translate("Keys", QUEUE_NOTE)
            note = plain_label(words, "helpQueueNote", wrap=True)
            set_tone(note, "muted")
            layout.addWidget(note)
            self._rows.append(("Queue", "", words))
        foot = plain_label(self.tr("F1 or Esc closes this list."), "helpFoot")
        set_tone(foot, "muted")
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
