"""The reservations note on a customer's profile: plain text, several lines, counted, and saved
through the outbox so it is never lost.

Why it works like this:

* The note is plain text: a ``QPlainTextEdit`` (no rich text can be pasted into it) and plain
  labels; ``<b>`` typed into a note is stored and shown as those three characters.
* The count ("123 / 2,000") is live; past :data:`~app.cache.outbox.NOTE_LIMIT` it turns red
  with a sign, and Save is refused with :func:`~app.cache.outbox.clean_note`'s words — the
  same rule, in the same words, as the command line.
* Save (Ctrl+S) applies the note to the cache and queues it in one transaction on the cache
  thread (:func:`app.cache.edits.set_note`); the line under the box says "pending" until the
  reservations server has it, then "saved on reservations".
* The note the editing began from is the edit's *base*. If reservations holds something else
  by the time the edit is sent, nothing is overwritten: the edit fails as a conflict and both
  versions are shown (:class:`ConflictBox`). Keeping ours queues it again with theirs as the
  new base; taking theirs drops ours. Never silently one or the other.
* A draft typed for one customer is kept (in memory) when another customer is opened.
"""

from __future__ import annotations

import logging
import sqlite3
from dataclasses import dataclass
from datetime import datetime, tzinfo

from PySide6.QtCore import QCoreApplication, Qt, QTimer, Signal
from PySide6.QtGui import QShortcut
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from app.cache import complete, edits, outbox
from app.cache.outbox import NOTE_LIMIT, Edit, EditRefused
from app.cache.own_thread import CacheClosed
from app.customer.service import Profile
from app.profile import VENDOR_NAMES
from ui.common.tasks import TaskSlots
from ui.common.widgets import plain_label, plain_tip
from ui.editing.service import EditService, moment_text, order_tabs
from ui.i18n import formats
from ui.profile.text import WARN
from ui.theme import set_size, set_surface, set_tone
from ui.window.help_overlay import bind, key_text

log = logging.getLogger("clientdesk.ui.note")



def note_length(text: str) -> int:
    """Characters as the limit counts them (a Windows line break is one)."""
    return len(text.replace("\r\n", "\n"))


def count_text(text: str) -> str:
    """"123 / 2,000", or "⚠ 2,001 / 2,000 — too long"."""
    number = formats().number
    length = note_length(text)
    if length > NOTE_LIMIT:
        shown = QCoreApplication.translate("NoteEditor", "{count} / {limit} — too long")
        return f"{WARN} " + shown.format(count=number(length), limit=number(NOTE_LIMIT))
    shown = QCoreApplication.translate("NoteEditor", "{count} / {limit}",
                                       "characters typed / the limit")
    return shown.format(count=number(length), limit=number(NOTE_LIMIT))


def record_of(reservations_id: str) -> str:
    return f"reservations:customer:{reservations_id}"


def no_reason() -> str:
    """What a refusal without the vendor's words says instead."""
    return QCoreApplication.translate("NoteEditor", "no reason given")


def failure_text(edit: Edit) -> str:
    vendor = VENDOR_NAMES.get(edit.vendor, edit.vendor)
    if edit.upstream is not None:
        text = QCoreApplication.translate(
            "NoteEditor", "Not sent: the note on {vendor} changed since you began. Choose a "
            "version.")
        return f"{WARN} " + text.format(vendor=vendor)
    text = QCoreApplication.translate("NoteEditor", "Not sent — {vendor} refused it: {reason}")
    return f"{WARN} " + text.format(vendor=vendor, reason=edit.last_error or no_reason())


def pending_text(edit: Edit, now: datetime, zone: tzinfo | None = None) -> str:
    """"Pending — …", with why it has not arrived yet and when it is tried again (the vendor's
    own words are the state line's tooltip)."""
    vendor = VENDOR_NAMES.get(edit.vendor, edit.vendor)
    if edit.attempts and edit.last_error:
        when = edit.next_attempt_at
        if when is not None and when > now:
            text = QCoreApplication.translate(
                "NoteEditor", "Pending — saved on this PC; {vendor} could not be reached, next "
                "try at {when}. It is sent as soon as {vendor} answers.")
            return text.format(vendor=vendor, when=moment_text(when, now, zone))
        text = QCoreApplication.translate(
            "NoteEditor", "Pending — saved on this PC; {vendor} could not be reached. It is "
            "sent as soon as {vendor} answers.")
        return text.format(vendor=vendor)
    text = QCoreApplication.translate("NoteEditor",
                                      "Pending — saved on this PC, on its way to {vendor}.")
    return text.format(vendor=vendor)


class ConflictBox(QFrame):
    """Both versions of a note after a conflict, and the choice between them.

    Tab order: yours, theirs (both read-only, to be read), then Keep mine, Take theirs."""

    #: (outbox id, keep ours)
    chosen = Signal(int, bool)

    def __init__(self, name: str = "noteConflict", parent: QWidget | None = None, *,
                 stacked: bool = False) -> None:
        """``stacked``: ours above theirs (a narrow column), else side by side."""
        super().__init__(parent)
        self.setObjectName(name)
        self.setAccessibleName(self.tr("Changed elsewhere: choose which version to keep"))
        set_surface(self, "caution")
        self.edit_id: int | None = None
        layout = QGridLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        self.title = plain_label("", f"{name}Title", wrap=True)
        set_size(self.title, "heading")
        self.title.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        layout.addWidget(self.title, 0, 0, 1, 2)
        vendor = VENDOR_NAMES["reservations"]
        self.ours_caption = plain_label(self.tr("Yours (not sent yet)"), f"{name}OursCaption")
        self.theirs_caption = plain_label(
            self.tr("Now on {vendor} (changed meanwhile)").format(vendor=vendor),
            f"{name}TheirsCaption")
        self.ours = self._box(f"{name}Ours")
        self.ours.setAccessibleName(self.tr("Your version, not sent yet"))
        self.theirs = self._box(f"{name}Theirs")
        self.theirs.setAccessibleName(
            self.tr("The version now on {vendor}").format(vendor=vendor))
        self.keep = QPushButton(self.tr("Keep mine (send it again)"))
        self.keep.setObjectName("keepOurs")
        self.keep.setAccessibleName(self.tr("Keep mine and send it again"))
        self.take = QPushButton(self.tr("Take theirs (drop mine)"))
        self.take.setObjectName("takeTheirs")
        self.take.setAccessibleName(self.tr("Take theirs and drop mine"))
        self._paint_tips(vendor)
        if stacked:
            lines = self.ours.fontMetrics().lineSpacing() * 3 + 14  # short: a column is short
            self.ours.setMaximumHeight(lines)
            self.theirs.setMaximumHeight(lines)
            self.ours.setMinimumHeight(lines)
            self.theirs.setMinimumHeight(lines)
            for row, widget in enumerate((self.ours_caption, self.ours, self.keep,
                                          self.theirs_caption, self.theirs, self.take),
                                         start=1):
                layout.addWidget(widget, row, 0, 1, 2)
        else:
            layout.addWidget(self.ours_caption, 1, 0)
            layout.addWidget(self.theirs_caption, 1, 1)
            layout.addWidget(self.ours, 2, 0)
            layout.addWidget(self.theirs, 2, 1)
            layout.addWidget(self.keep, 3, 0)
            layout.addWidget(self.take, 3, 1)
        order_tabs(self.tab_chain())
        self.keep.clicked.connect(lambda: self._choose(True))
        self.take.clicked.connect(lambda: self._choose(False))
        self.hide()

    def tab_chain(self) -> list[QWidget]:
        """Read both versions, then choose: the order Tab visits them."""
        return [self.ours, self.theirs, self.keep, self.take]

    def _paint_tips(self, vendor: str) -> None:
        """What each choice does, for the vendor whose copy changed."""
        self.keep.setToolTip(self.tr("Yours replaces the version on {vendor}").format(
            vendor=vendor))
        self.take.setToolTip(self.tr("The version on {vendor} stays; yours is discarded")
                             .format(vendor=vendor))
        self.keep.setAccessibleDescription(self.keep.toolTip())
        self.take.setAccessibleDescription(self.take.toolTip())

    @staticmethod
    def _box(name: str) -> QPlainTextEdit:
        box = QPlainTextEdit()
        box.setObjectName(name)
        box.setReadOnly(True)
        box.setTabChangesFocus(True)
        box.setMinimumHeight(60)
        box.setMaximumHeight(110)
        # Its width comes from the column it is in, never the other way round.
        box.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        return box

    def show_conflict(self, edit: Edit) -> None:
        self.edit_id = edit.id
        vendor = VENDOR_NAMES.get(edit.vendor, edit.vendor)
        who = edit.payload.get("name") or edit.payload.get("customer_id", "")
        if edit.kind == complete.KIND:  # a walk-in's details: ours shown masked, as theirs is
            ours = complete.masked_text(edit.payload.get("fields") or {})
            title = self.tr("The walk-in record of {who} was changed on {vendor} after you "
                            "began editing. Nothing was overwritten — choose which one to keep.")
        else:
            ours = str(edit.payload.get("note", ""))
            title = self.tr("The note of {who} was changed on {vendor} after you began "
                            "editing. Nothing was overwritten — choose which one to keep.")
        self.title.setText(f"{WARN} " + title.format(who=who, vendor=vendor))
        self.theirs_caption.setText(self.tr("Now on {vendor} (changed meanwhile)").format(
            vendor=vendor))
        self.theirs.setAccessibleName(
            self.tr("The version now on {vendor}").format(vendor=vendor))
        self._paint_tips(vendor)
        if self.ours.toPlainText() != ours:
            self.ours.setPlainText(ours)
        if self.theirs.toPlainText() != str(edit.upstream):
            self.theirs.setPlainText(str(edit.upstream))
        self.show()

    def clear(self) -> None:
        self.edit_id = None
        self.hide()

    def _choose(self, keep_ours: bool) -> None:
        if self.edit_id is not None:
            self.chosen.emit(self.edit_id, keep_ours)


async def resolve_conflict(service: EditService, edit_id: int, keep_ours: bool) -> int | None:
    """Keep ours (queued again over theirs) or take theirs, in one transaction."""
    who = service.who()
    return await service.edit(lambda conn: edits.resolve_note_conflict(
        conn, edit_id, keep_ours=keep_ours, **who))


@dataclass
class _Draft:
    text: str
    base: str


class NoteEditor(QFrame):
    """Edit one customer's reservations note; shows whether it has reached reservations.

    Tab order: the note, Save, Undo changes, then Retry and Discard (after a refusal) and the
    conflict's versions and choice (after a change made elsewhere)."""

    def __init__(self, service: EditService, parent: QWidget | None = None, *,
                 zone: tzinfo | None = None) -> None:
        """``zone``: the store's, for times shown (the PC's when None)."""
        super().__init__(parent)
        self.service = service
        self.zone = zone
        self.setObjectName("noteEditorBox")
        self.setAccessibleName(self.tr("Reservations note"))
        self.tasks = TaskSlots()
        self.reservations_id: str | None = None
        self.name = ""
        self.base = ""  # the note this editing began from (the edit's base)
        self.loaded = ""  # what the box held when loaded or last saved
        self.saved_id: int | None = None
        self._drafts: dict[str, _Draft] = {}
        self._loading = False
        self._live_seen: str | None = None  # the section's note at the last paint

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.setSpacing(3)
        top = QHBoxLayout()
        caption = plain_label(self.tr("Note (plain text)"), "noteCaption")
        set_tone(caption, "muted")
        top.addWidget(caption, 1)
        self.count = plain_label(count_text(""), "noteCount")
        self.count.setAccessibleDescription(self.tr("Characters in the note, and the limit"))
        set_tone(self.count, "muted")
        top.addWidget(self.count)
        layout.addLayout(top)
        self.box = QPlainTextEdit(self)
        self.box.setObjectName("noteEditor")
        self.box.setAccessibleName(self.tr("Reservations note"))
        self.box.setAccessibleDescription(self.tr(
            "Staff note kept on reservations; up to {limit} characters. Save with {key}.")
            .format(limit=formats().number(NOTE_LIMIT), key=key_text("note.save")))
        self.box.setTabChangesFocus(True)
        self.box.setPlaceholderText(self.tr("No note. Type one here, then Save."))
        self.box.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.box.setMinimumHeight(self.box.fontMetrics().lineSpacing() * 4 + 12)
        # The section's column decides the width (a note box must not squeeze its neighbours).
        self.box.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.box.setMaximumHeight(self.box.fontMetrics().lineSpacing() * 8 + 12)
        layout.addWidget(self.box)
        buttons = QHBoxLayout()
        self.save_button = QPushButton(self.tr("Save note ({key})").format(
            key=key_text("note.save")))
        self.save_button.setObjectName("saveNote")
        self.save_button.setAccessibleName(self.tr("Save the note"))
        self.revert_button = QPushButton(self.tr("Undo changes"))
        self.revert_button.setObjectName("revertNote")
        self.revert_button.setAccessibleName(self.tr("Undo changes to the note"))
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.revert_button)
        buttons.addStretch(1)
        self.retry_button = QPushButton(self.tr("Retry"))
        self.retry_button.setObjectName("retryNote")
        self.retry_button.setAccessibleName(self.tr("Send the note again"))
        self.discard_button = QPushButton(self.tr("Discard"))
        self.discard_button.setObjectName("discardNote")
        self.discard_button.setAccessibleName(self.tr("Discard the note that was not sent"))
        buttons.addWidget(self.retry_button)
        buttons.addWidget(self.discard_button)
        layout.addLayout(buttons)
        self.state = plain_label("", "noteState", wrap=True)
        self.state.setAccessibleDescription(self.tr("Whether the note has reached reservations"))
        layout.addWidget(self.state)
        self.message = plain_label("", "noteMessage", wrap=True)
        set_tone(self.message, "alert")
        layout.addWidget(self.message)
        self.conflict = ConflictBox("noteConflict", self, stacked=True)
        layout.addWidget(self.conflict)
        order_tabs(self.tab_chain())

        self.shortcuts: list[QShortcut] = bind(
            "note.save", self, self.save, context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.box.textChanged.connect(self._on_text)
        self.save_button.clicked.connect(self.save)
        self.revert_button.clicked.connect(self.revert)
        self.retry_button.clicked.connect(self.retry)
        self.discard_button.clicked.connect(self.discard)
        self.conflict.chosen.connect(self.choose)
        service.changed.connect(self.paint_state)
        self._paint_buttons()
        self.paint_state()

    def tab_chain(self) -> list[QWidget]:
        """The controls in the order Tab visits them (hidden ones are skipped by Qt)."""
        return [self.box, self.save_button, self.revert_button, self.retry_button,
                self.discard_button, *self.conflict.tab_chain()]

    # -- which customer ---------------------------------------------------------------------
    def show_profile(self, profile: Profile | None) -> None:
        """The profile panel painted ``profile`` (None: nothing open)."""
        rid = reservations_id_of(profile)
        if rid is None:
            self._leave()
            self.reservations_id = None
            self.hide()
            return
        self.show()
        section = profile.sections.reservations.data if profile is not None else None
        live = section.note if section is not None and section.customer_id == rid else None
        name = profile.header.name if profile is not None and profile.header else ""
        if rid != self.reservations_id:
            self._leave()
            self.reservations_id, self.name = rid, name
            self._live_seen = live
            self.saved_id = None
            self.message.clear()
            self.conflict.clear()
            self.tasks.start("load", self._load(rid))
        elif live is not None and live != self._live_seen:
            # A new answer from reservations (not a repaint of the one already seen, which
            # may predate our own saved edit): adopt it unless something is being edited.
            self._live_seen = live
            if not self.dirty() and not self.service.for_record(record_of(rid)) and \
                    live != self.base and not self.tasks.running("load"):
                self._set_text(live, base=live)

    def _leave(self) -> None:
        """Keep an unsaved draft of the customer being left."""
        if self.reservations_id is not None and self.dirty():
            self._drafts[self.reservations_id] = _Draft(self.box.toPlainText(), self.base)
        self.tasks.cancel("load")

    async def _load(self, rid: str) -> None:
        try:
            note = await self.service.run(lambda conn: edits.current_note(conn, rid))
        except (EditRefused, CacheClosed, sqlite3.OperationalError) as exc:
            # Not cached, shutting down, or the cache busy or locked; a bug reaches the
            # error funnel instead of reading as "could not be read".
            self.message.setText(self.tr("The note could not be read from the cache ({error}).")
                                 .format(error=exc))
            note = ""
        if rid != self.reservations_id:
            return
        draft = self._drafts.pop(rid, None)
        self._set_text(note, base=note)
        if draft is not None and draft.text != note:
            self.base = draft.base
            self._loading = True
            self.box.setPlainText(draft.text)
            self._loading = False
            self.message.setText(self.tr("Your unsaved changes to this note are back: Save or "
                                         "Undo."))
        self.paint_state()

    def _set_text(self, text: str, *, base: str) -> None:
        self._loading = True
        self.box.setPlainText(text)
        self._loading = False
        self.base = base
        self.loaded = text
        self._on_text()

    # -- state --------------------------------------------------------------------------------
    def dirty(self) -> bool:
        return self.box.toPlainText() != self.loaded

    def text(self) -> str:
        return self.box.toPlainText()

    def _on_text(self) -> None:
        text = self.box.toPlainText()
        self.count.setText(count_text(text))
        set_tone(self.count, "alert" if note_length(text) > NOTE_LIMIT else "muted")
        if not self._loading and self.message.text() and self.dirty():
            self.message.clear()
        self._paint_buttons()

    def _paint_buttons(self) -> None:
        dirty = self.reservations_id is not None and self.dirty()
        self.save_button.setEnabled(dirty and not self.tasks.running("save"))
        self.revert_button.setEnabled(dirty)

    def open_edits(self) -> list[Edit]:
        if self.reservations_id is None:
            return []
        return [e for e in self.service.for_record(record_of(self.reservations_id))
                if e.kind == "note.set"]

    def paint_state(self) -> None:
        """Pending, sent, or failed (and then the choice): from the outbox as last read."""
        open_edits = self.open_edits()
        failed = next((e for e in open_edits if e.state == "failed"), None)
        self.retry_button.setVisible(failed is not None and failed.upstream is None)
        self.discard_button.setVisible(failed is not None and failed.upstream is None)
        if failed is not None:
            self.state.setText(failure_text(failed))
            set_tone(self.state, "alert")
            if failed.upstream is not None:
                shown = self.conflict.isVisible()
                self.conflict.show_conflict(failed)
                if not shown:
                    QTimer.singleShot(0, self, self._show_choice)
            else:
                self.conflict.clear()
            return
        self.conflict.clear()
        if open_edits:
            last = open_edits[-1]
            self.state.setText(pending_text(last, self.service.clock(), self.zone))
            self.state.setToolTip(plain_tip(last.last_error))
            set_tone(self.state, "pending")
            return
        self.state.setToolTip("")
        if self.saved_id is not None:
            self.state.setText("✓ " + self.tr("Saved on reservations ({when}).").format(
                when=clock_now(self.service, self.zone)))
            set_tone(self.state, "done")
            return
        self.state.setText("")
        set_tone(self.state, None)

    def _scroll_to(self, *widgets: QWidget) -> None:
        """Scroll whatever scroll area holds the editor so ``widgets`` show (the last one
        wins where not all fit)."""
        parent = self.parentWidget()
        while parent is not None and not isinstance(parent, QScrollArea):
            parent = parent.parentWidget()
        if isinstance(parent, QScrollArea):
            for widget in widgets:
                parent.ensureWidgetVisible(widget, 0, 4)

    def _show_choice(self) -> None:
        """The choice must be seen: the whole of it, from its first line."""
        self._scroll_to(self.conflict.take, self.conflict.title)

    def pending(self) -> bool:
        return any(e.state == "pending" for e in self.open_edits())

    # -- actions ------------------------------------------------------------------------------
    def focus_note(self) -> None:
        self.box.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def save(self) -> None:
        if self.reservations_id is None or self.tasks.running("save"):
            return
        self.tasks.start("save", self._save(self.reservations_id, self.box.toPlainText()))
        self._paint_buttons()

    async def _save(self, rid: str, text: str) -> None:
        base = self.base
        who = self.service.who()
        try:
            edit_id = await self.service.edit(
                lambda conn: edits.set_note(conn, rid, text, base=base, **who))
        except EditRefused as exc:
            self.message.setText(exc.message)
            return
        except (CacheClosed, sqlite3.OperationalError) as exc:
            self.message.setText(self.tr("The note could not be saved on this PC ({error}). "
                                         "Nothing was changed; try again.").format(error=exc))
            return
        finally:
            self._paint_buttons_later()
        if rid != self.reservations_id:
            return
        self.saved_id = edit_id
        # The next edit begins from this note: it is what reservations will hold.
        self.base = self.loaded = outbox.clean_note(text)
        self.message.clear()
        self._on_text()
        self.paint_state()

    def _paint_buttons_later(self) -> None:
        # The save task is still "running" while its finally runs.
        QTimer.singleShot(0, self, self._paint_buttons)

    def revert(self) -> None:
        self._set_text(self.loaded, base=self.base)
        self.message.clear()

    def choose(self, edit_id: int, keep_ours: bool) -> None:
        self.tasks.start("choose", self._choose(edit_id, keep_ours))

    async def _choose(self, edit_id: int, keep_ours: bool) -> None:
        failed = next((e for e in self.open_edits() if e.id == edit_id), None)
        try:
            new_id = await resolve_conflict(self.service, edit_id, keep_ours)
        except EditRefused as exc:
            self.message.setText(exc.message)
            return
        if failed is not None:
            chosen = failed.payload.get("note", "") if keep_ours else str(failed.upstream)
            self._set_text(str(chosen), base=str(chosen))
        self.saved_id = new_id
        if not keep_ours:
            self.state.setText(self.tr("The note on reservations was kept; yours was "
                                       "discarded."))
            set_tone(self.state, None)
        self.paint_state()
        QTimer.singleShot(0, self, lambda: self._scroll_to(self.state, self.box))

    def retry(self) -> None:
        failed = next((e for e in self.open_edits() if e.state == "failed"), None)
        if failed is not None:
            self.tasks.start("retry", self._retry(failed.id))

    async def _retry(self, edit_id: int) -> None:
        who = self.service.who()
        await self.service.edit(lambda conn: outbox.retry(conn, edit_id, **who))

    def discard(self) -> None:
        failed = next((e for e in self.open_edits() if e.state == "failed"), None)
        if failed is not None:
            self.tasks.start("discard", self._discard(failed.id))

    async def _discard(self, edit_id: int) -> None:
        who = self.service.who()
        await self.service.edit(lambda conn: edits.discard(conn, edit_id, **who))
        self.saved_id = None
        self.state.setText(self.tr("Discarded: the note on reservations shows again after the "
                                   "next sync ({key}).").format(key=key_text("refresh")))
        set_tone(self.state, None)

    async def idle(self) -> None:
        """Until loading and saving are done (tests)."""
        for name in ("load", "save", "choose", "retry", "discard"):
            task = self.tasks.get(name)
            if task is not None and not task.done():
                await task

    def close_tasks(self) -> None:
        self.tasks.cancel_all()


def reservations_id_of(profile: Profile | None) -> str | None:
    """The reservations record whose note the profile shows: the one its reservations section
    was fetched for, else the customer's first (non-placeholder first) record."""
    if profile is None or profile.header is None:
        return None
    section = profile.sections.reservations.data
    ids = profile.header.vendor_ids.get("reservations", [])
    if section is not None and section.customer_id in ids:
        return section.customer_id
    return ids[0] if ids else None


def clock_now(service: EditService, zone: tzinfo | None = None) -> str:
    """The time now, as the state line says when a note was saved."""
    now = service.clock()
    return moment_text(now, now, zone)
