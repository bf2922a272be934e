"""Ctrl+K: every action of the window, found by its words in the window's language.

Why from the shortcut table: a palette with its own list would drift from the keys and the
F1 help. The palette lists the window's ``QShortcut`` objects that
:func:`ui.window.help_overlay.bind` made (named ``shortcut:<name>``), so everything it shows
is bound right now (the queue's actions only where the store has a queue, the editing ones
only with editing), it says each action in the same words as F1 with its key beside it, and
Enter runs it by activating that very shortcut — exactly what the key does.

Matching is by words, not letters in order: every word typed must begin a word of the
action, its group or its key, ignoring case and accents ("sync", "note ment", "szink"). Like
the help, it is a layer over the window rather than a dialog, so the live queue keeps
updating under it.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QObject, QStringListModel, Qt
from PySide6.QtGui import QColor, QKeyEvent, QMouseEvent, QPainter, QPaintEvent, QShortcut
from PySide6.QtWidgets import QApplication, QFrame, QLineEdit, QListView, QVBoxLayout, QWidget

from ui.common.widgets import plain_label
from ui.theme import set_size, set_surface, set_tone
from ui.window.help_overlay import SHORTCUTS, group_words, native

__all__ = ["Command", "CommandPalette", "commands", "matches"]

#: The card's widest and the list's tallest (px): room for the longest line in French or
#: Hungarian, and for every command of an editing window without scrolling at 1366×768.
CARD_WIDTH = 820
LIST_HEIGHT = 440


@dataclass(frozen=True)
class Command:
    """One action the palette offers: its words, where it belongs, its key, what runs it."""

    name: str
    words: str
    group: str
    keys: str
    shortcut: QShortcut

    def line(self) -> str:
        return f"{self.words}  —  {self.keys}" if self.keys else self.words


def fold(text: str) -> str:
    """Lower case without accents: "Szinkronizálás" and "szinkronizalas" match."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _words(text: str) -> list[str]:
    out: list[str] = []
    current = []
    for ch in fold(text):
        if ch.isalnum():
            current.append(ch)
        elif current:
            out.append("".join(current))
            current = []
    if current:
        out.append("".join(current))
    return out


def matches(query: str, command: Command) -> bool:
    """Whether every word of ``query`` begins some word of the command (its words, group,
    key)."""
    wanted = _words(query)
    if not wanted:
        return True
    have = _words(f"{command.words} {group_words(command.group)} {command.keys}")
    return all(any(word.startswith(w) for word in have) for w in wanted)


def commands(window: QWidget) -> list[Command]:
    """The window's bound actions, in the order of the shortcut table (F1's order)."""
    bound: dict[str, QShortcut] = {}
    for item in window.findChildren(QShortcut):
        name = item.objectName().removeprefix("shortcut:")
        if item.objectName().startswith("shortcut:") and item.isEnabled():
            bound.setdefault(name, item)
    found = []
    for entry in SHORTCUTS:
        if entry.name in bound and entry.name != "palette":
            keys = " / ".join(native(k) for k in entry.keys)
            found.append(Command(entry.name, entry.words(), entry.group, keys, bound[entry.name]))
    return found


class CommandPalette(QWidget):
    """A layer over ``host``: a search box and the matching actions; Enter runs one."""

    def __init__(self, host: QWidget) -> None:
        super().__init__(host)
        self.setObjectName("commandPalette")
        self.setAccessibleName(self.tr("Command palette"))
        self.host = host
        self._all: list[Command] = []
        self._shown: list[Command] = []
        self._focus: QWidget | None = None

        outer = QVBoxLayout(self)
        outer.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        outer.setContentsMargins(0, 60, 0, 0)
        card = QFrame(self)
        card.setObjectName("paletteCard")
        set_surface(card, "card")
        card.setAccessibleName(self.tr("Command palette"))

        self.card = card
        outer.addWidget(card, 0, Qt.AlignmentFlag.AlignHCenter)
        outer.addStretch(1)  # the card as tall as its list, at the top of the window
        layout = QVBoxLayout(card)
        layout.setContentsMargins(14, 12, 14, 12)
        title = plain_label(self.tr("Commands"), "paletteTitle")
        set_size(title, "subtitle")
        layout.addWidget(title)
        self.box = QLineEdit(card)
        self.box.setObjectName("paletteSearch")
        self.box.setPlaceholderText(self.tr("Type what you want to do…"))
        self.box.setAccessibleName(self.tr("Find a command"))
        self.box.setAccessibleDescription(self.tr(
            "Type words of the command; Up and Down choose, Enter runs it, Esc closes"))
        self.box.setClearButtonEnabled(True)
        layout.addWidget(self.box)
        self.model = QStringListModel(self)
        self.list = QListView(card)
        self.list.setObjectName("paletteList")
        self.list.setAccessibleName(self.tr("Matching commands"))
        self.list.setModel(self.model)
        self.list.setEditTriggers(QListView.EditTrigger.NoEditTriggers)
        self.list.setUniformItemSizes(True)
        self.list.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the cursor stays in the box
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        layout.addWidget(self.list, 1)
        self.empty = plain_label(self.tr("No command has these words."), "paletteEmpty")
        set_tone(self.empty, "muted")
        self.empty.hide()
        layout.addWidget(self.empty)
        hint = plain_label(self.tr("Enter runs the command · Esc closes"), "paletteHint")
        set_tone(hint, "muted")
        layout.addWidget(hint)

        self.box.textChanged.connect(self._filter)
        self.box.installEventFilter(self)
        self.list.activated.connect(lambda index: self.run(index.row()))
        host.installEventFilter(self)
        self.hide()

    # -- public ---------------------------------------------------------------------------------
    def shown(self) -> list[Command]:
        """The commands listed now, in order (tests, and support)."""
        return list(self._shown)

    def toggle(self) -> None:
        if self.isVisible():
            self.close_palette()
        else:
            self.open_palette()

    def open_palette(self) -> None:
        focus = QApplication.focusWidget()
        self._focus = focus if focus is not None and not self.isAncestorOf(focus) else None
        self._all = commands(self.host)
        self.box.clear()
        self._filter("")
        self.setGeometry(self.host.rect())
        self._size_card()
        self.raise_()
        self.show()
        self.box.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def close_palette(self, *, restore_focus: bool = True) -> None:
        self.hide()
        if restore_focus and self._focus is not None and self._focus.isVisible():
            self._focus.setFocus(Qt.FocusReason.OtherFocusReason)
        self._focus = None

    def run(self, row: int | None = None) -> None:
        """Run the chosen command (the highlighted one by default) after closing."""
        if row is None:
            row = self.list.currentIndex().row()
        if not 0 <= row < len(self._shown):
            return
        chosen = self._shown[row]
        self.close_palette()  # focus goes back first: "go to the search box" must win
        chosen.shortcut.activated.emit()

    # -- inner ----------------------------------------------------------------------------------
    def _size_card(self) -> None:
        """As wide as its longest line allows up to :data:`CARD_WIDTH`, as tall as
        :data:`LIST_HEIGHT`: both within the window (a 1366×768 screen included)."""
        room = self.host.rect()
        self.card.setFixedWidth(max(min(CARD_WIDTH, room.width() - 40), 320))
        self.list.setFixedHeight(max(min(LIST_HEIGHT, room.height() - 220), 120))

    def _filter(self, text: str) -> None:
        self._shown = [c for c in self._all if matches(text, c)]
        self.model.setStringList([c.line() for c in self._shown])
        self.empty.setVisible(not self._shown)
        if self._shown:
            self.list.setCurrentIndex(self.model.index(0, 0))

    def _move(self, step: int) -> None:
        if not self._shown:
            return
        row = max(0, min(len(self._shown) - 1, self.list.currentIndex().row() + step))
        self.list.setCurrentIndex(self.model.index(row, 0))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.host and event.type() == QEvent.Type.Resize and self.isVisible():
            self.setGeometry(self.host.rect())
            self._size_card()
        if watched is self.box and event.type() == QEvent.Type.ShortcutOverride:
            assert isinstance(event, QKeyEvent)
            if event.key() in (Qt.Key.Key_Escape, Qt.Key.Key_Return, Qt.Key.Key_Enter):
                event.accept()  # the box's own keys, not the window's Esc shortcut
                return True
        if watched is self.box and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            key = event.key()
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self.run()
                return True
            if key == Qt.Key.Key_Escape:
                self.close_palette()
                return True
            if key in (Qt.Key.Key_Down, Qt.Key.Key_Up, Qt.Key.Key_PageDown, Qt.Key.Key_PageUp):
                page = 8 if key in (Qt.Key.Key_PageDown, Qt.Key.Key_PageUp) else 1
                self._move(page if key in (Qt.Key.Key_Down, Qt.Key.Key_PageDown) else -page)
                return True
        return super().eventFilter(watched, event)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor(0, 0, 0, 110))  # dims the window beneath
        painter.end()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if not self.card.geometry().contains(event.position().toPoint()):
            self.close_palette()
        event.accept()
