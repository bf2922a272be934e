"""Completing a walk-in record from its profile: a button on a placeholder's profile, a dialog
with the fields, and the edit's state on the profile until reservations has it.

Why it works like this:

* **The core's rules, as staff type.** Every field is checked by
  :mod:`app.cache.complete` (the same functions ``clientdesk complete`` uses) each time it is
  edited, and its own message shows under it; Save checks everything again and, while any
  problem remains, saves nothing and puts the cursor in the first field to fix. Enter saves,
  Esc cancels (a plain :class:`QDialog` with a default button).
* **Contacts stay masked.** The names are filled in from the record (they are on screen
  already); the email, phone and birthday on file are never put into the boxes in full — the
  box says what is on file, masked, and left empty keeps it. That also fits the server, which
  cannot remove a value it has (vendor doc §5.2): a name emptied out is refused with that
  reason instead.
* **Through the outbox, like a note.** Save applies the details to the cache and queues them
  in one transaction on the cache thread, from the snapshot the dialog opened with (the base:
  a change made elsewhere meanwhile becomes a conflict, never an overwrite). The profile then
  opens again from the cache — a new email or phone may link the record with the same
  person's others — and :class:`WalkInBox` says "pending" until reservations confirms it.
* All text is plain (``plain_label``); the dialog is not modal for the window's loop.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable
from datetime import date, datetime, tzinfo

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.cache import complete, edits, outbox
from app.cache.complete import DetailsRefused, NothingToChange
from app.cache.outbox import Edit, EditRefused
from app.cache.own_thread import CacheClosed
from app.customer.service import Profile
from app.domain.contacts import mask_email, safe_mask_phone
from app.marks import QT_TRANSLATE_NOOP
from app.profile import VENDOR_NAMES
from ui.common.tasks import TaskSlots
from ui.common.widgets import plain_label, plain_tip
from ui.editing.note_editor import (
    no_reason,
    pending_text,
    record_of,
    reservations_id_of,
    resolve_conflict,
)
from ui.editing.service import EditService, order_tabs
from ui.i18n import formats
from ui.profile.panel import ProfilePanel
from ui.profile.text import WARN
from ui.theme import set_tone
from ui.window.help_overlay import key_text

log = logging.getLogger("clientdesk.ui.walk_in")

FIELD_ORDER = complete.FIELDS



#: Each box's caption (with its mnemonic) and accessible name, translated where shown.
FIELD_WORDS = {
    "first_name": (QT_TRANSLATE_NOOP("CompleteDialog", "&First name:"),
                   QT_TRANSLATE_NOOP("CompleteDialog", "Walk-in's first name")),
    "last_name": (QT_TRANSLATE_NOOP("CompleteDialog", "La&st name:"),
                  QT_TRANSLATE_NOOP("CompleteDialog", "Walk-in's last name")),
    "email": (QT_TRANSLATE_NOOP("CompleteDialog", "E&mail:"),
              QT_TRANSLATE_NOOP("CompleteDialog", "Walk-in's email")),
    "phone_number": (QT_TRANSLATE_NOOP("CompleteDialog", "&Phone:"),
                     QT_TRANSLATE_NOOP("CompleteDialog", "Walk-in's phone")),
    "birthday": (QT_TRANSLATE_NOOP("CompleteDialog", "&Birthday:"),
                 QT_TRANSLATE_NOOP("CompleteDialog", "Walk-in's birthday")),
}
#: What an empty contact box says when nothing is on file.
EMPTY_HINTS = {"email": QT_TRANSLATE_NOOP("CompleteDialog", "optional"),
               "phone_number": QT_TRANSLATE_NOOP("CompleteDialog",
                                                 "optional: local or international"),
               "birthday": QT_TRANSLATE_NOOP("CompleteDialog", "optional: YYYY-MM-DD")}


def on_file_hint(field: str, value: str) -> str:
    """What a contact box says of the value on file (masked), when it is left empty."""
    if not value:
        return QCoreApplication.translate("CompleteDialog", EMPTY_HINTS[field])
    shown = {"email": mask_email, "phone_number": safe_mask_phone}.get(field)
    if shown is None:  # a birthday: not even masked
        return QCoreApplication.translate("CompleteDialog",
                                          "on file: a date — leave empty to keep")
    text = QCoreApplication.translate("CompleteDialog",
                                      "on file: {value} — leave empty to keep")
    return text.format(value=shown(value))


def field_words(field: str) -> tuple[str, str]:
    """(caption with its mnemonic, accessible name) of one of the dialog's boxes."""
    caption, name = FIELD_WORDS[field]
    return (QCoreApplication.translate("CompleteDialog", caption),
            QCoreApplication.translate("CompleteDialog", name))


class CompleteDialog(QDialog):
    """First and last name, email, phone, birthday; Save queues the completion.

    Tab order: the fields top to bottom, then Save and send, then Cancel."""

    #: (outbox id, the customer the record belongs to now or -1 when unknown)
    completed = Signal(int, int)

    def __init__(self, service: EditService, reservations_id: str, on_file: dict[str, str], *,
                 country: str, today: Callable[[], date],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("completeWalkInDialog")
        self.setWindowTitle(self.tr("Complete walk-in record"))
        self.setAccessibleName(self.tr("Complete walk-in record"))
        self.service = service
        self.reservations_id = reservations_id
        self.on_file = dict(on_file)
        self.country = country
        self.today = today
        self.tasks = TaskSlots()
        layout = QVBoxLayout(self)
        intro = plain_label(self.tr(
            "Fill in the walk-in's details; they are sent to reservations (and wait on this "
            "PC while it cannot be reached). Reservations cannot remove a detail it has."),
            "completeIntro", wrap=True)
        set_tone(intro, "muted")
        layout.addWidget(intro)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.fields: dict[str, QLineEdit] = {}
        self.errors: dict[str, QLabel] = {}
        number = formats().number
        hints = {"first_name": self.tr("{least} to {most} characters").format(
                     least=number(complete.NAME_MIN), most=number(complete.NAME_MAX)),
                 "last_name": self.tr("optional")}
        for field in FIELD_ORDER:
            named = "".join(part.title() for part in field.split("_"))
            prefill = self.on_file.get(field, "") if field in hints else ""
            edit = QLineEdit(prefill, self)
            edit.setObjectName(f"complete{named}")
            words, name = field_words(field)
            edit.setAccessibleName(name)
            edit.setPlaceholderText(hints.get(field) or
                                    on_file_hint(field, self.on_file.get(field, "")))
            edit.setAccessibleDescription(edit.placeholderText())
            edit.setMaxLength(300)
            error = plain_label("", f"complete{named}Error", wrap=True)
            set_tone(error, "alert")
            error.hide()
            box = QVBoxLayout()
            box.setSpacing(1)
            box.addWidget(edit)
            box.addWidget(error)
            caption = QLabel(words)
            caption.setBuddy(edit)
            form.addRow(caption, box)
            edit.textChanged.connect(lambda _text, f=field: self._check_one(f))
            self.fields[field], self.errors[field] = edit, error
        layout.addLayout(form)
        self.message = plain_label("", "completeMessage", wrap=True)
        set_tone(self.message, "alert")
        self.message.setMinimumHeight(self.message.fontMetrics().lineSpacing() * 2 + 4)
        layout.addWidget(self.message)
        buttons = QDialogButtonBox(self)
        self.save_button = QPushButton(self.tr("&Save and send"), self)
        self.save_button.setObjectName("completeSave")
        self.save_button.setAccessibleName(self.tr("Save the walk-in's details"))
        self.save_button.setAccessibleDescription(self.tr(
            "Sends them to reservations; they wait on this PC while it cannot be reached"))
        self.save_button.setDefault(True)
        buttons.addButton(self.save_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.cancel_button = buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.cancel_button.setObjectName("completeCancel")
        self.cancel_button.setAccessibleName(self.tr("Cancel: nothing is saved"))
        self.save_button.clicked.connect(self.submit)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        order_tabs(self.tab_chain())
        self.fields["first_name"].setFocus(Qt.FocusReason.OtherFocusReason)
        self.fields["first_name"].selectAll()
        self.resize(500, self.sizeHint().height())

    def tab_chain(self) -> list[QWidget]:
        """The boxes top to bottom, then Save and send, then Cancel."""
        return [*(self.fields[f] for f in FIELD_ORDER), self.save_button, self.cancel_button]

    # -- checking -------------------------------------------------------------------------------
    def typed(self, field: str) -> str | None:
        """What a box holds for :func:`~app.cache.complete.check_details`: an empty contact
        or birthday box is "not given" (keep what is on file); an emptied name is blank."""
        text = self.fields[field].text()
        if field in ("email", "phone_number", "birthday") and not text.strip():
            return None
        return text

    def details(self) -> complete.WalkInDetails:
        """What is typed, checked (:class:`DetailsRefused` with every problem)."""
        return complete.check_details(
            self.typed("first_name"), last_name=self.typed("last_name"),
            email=self.typed("email"), phone=self.typed("phone_number"),
            birthday=self.typed("birthday"), country=self.country, today=self.today(),
            on_file=self.on_file)

    def _check_one(self, field: str) -> None:
        self.message.clear()
        try:
            self.details()
        except DetailsRefused as exc:
            self._show_problem(field, exc.problems.get(field, ""))
            return
        self._show_problem(field, "")

    def _show_problem(self, field: str, text: str) -> None:
        error = self.errors[field]
        shown = f"{WARN} {text}" if text else ""
        if error.text() == shown:
            return
        error.setText(shown)
        error.setVisible(bool(text))
        self._fit()

    def _fit(self) -> None:
        """Grow to show every message in full (a dialog does not grow by itself)."""
        layout = self.layout()
        if layout is None:
            return
        layout.activate()
        wanted = layout.totalHeightForWidth(self.width()) if layout.hasHeightForWidth() \
            else layout.totalSizeHint().height()
        if wanted > self.height():
            self.resize(self.width(), wanted)

    def problems(self) -> dict[str, str]:
        """The messages under the fields now (tests)."""
        return {f: e.text() for f, e in self.errors.items() if e.text()}

    # -- saving ---------------------------------------------------------------------------------
    def submit(self) -> None:
        if self.tasks.running("save"):
            return
        try:
            details = self.details()
        except DetailsRefused as exc:
            for field in FIELD_ORDER:
                self._show_problem(field, exc.problems.get(field, ""))
            first = next(f for f in FIELD_ORDER if f in exc.problems)
            self.fields[first].setFocus(Qt.FocusReason.OtherFocusReason)
            self.message.setText(self.tr("Nothing was saved: fix what is marked."))
            return
        for field in FIELD_ORDER:
            self._show_problem(field, "")
        self.save_button.setEnabled(False)
        self.message.clear()
        self.tasks.start("save", self._save(details))

    async def _save(self, details: complete.WalkInDetails) -> None:
        rid, base, country, who = (self.reservations_id, dict(self.on_file), self.country,
                                   self.service.who())
        try:
            done = await self.service.edit(lambda conn: complete.complete_walk_in(
                conn, rid, details, country=country, base=base, **who))
        except NothingToChange as exc:
            self.message.setText(exc.message)
            self.save_button.setEnabled(True)
            return
        except EditRefused as exc:
            self.message.setText(exc.message)
            self.save_button.setEnabled(True)
            return
        except (CacheClosed, sqlite3.OperationalError) as exc:
            self.message.setText(self.tr("The details could not be saved on this PC ({error}). "
                                         "Nothing was changed; try again.").format(error=exc))
            self.save_button.setEnabled(True)
            return
        self.completed.emit(done.edit_id, done.customer_id if done.customer_id else -1)
        self.accept()

    async def idle(self) -> None:
        task = self.tasks.get("save")
        if task is not None and not task.done():
            await task


def failure_text(edit: Edit) -> str:
    vendor = VENDOR_NAMES.get(edit.vendor, edit.vendor)
    if edit.upstream is not None:
        return f"{WARN} " + QCoreApplication.translate(
            "WalkInBox", "Walk-in details not sent: the record changed on {vendor} since you "
            "began. Nothing was overwritten — choose which version to keep.").format(
            vendor=vendor)
    return f"{WARN} " + QCoreApplication.translate(
        "WalkInBox", "Walk-in details not sent — {vendor} refused them: {reason}").format(
        vendor=vendor, reason=edit.last_error or no_reason())


class WalkInBox(QFrame):
    """On a walk-in placeholder's profile: "Complete walk-in record…" and the state of the
    completion (pending, sent, refused, or a conflict with its choice).

    Tab order: "Complete walk-in record…", then Retry and Discard (after a refusal) or Keep
    mine and Take theirs (after a conflict)."""

    #: (outbox id, the customer the record belongs to now or -1): the profile follows it.
    completed = Signal(int, int)

    def __init__(self, service: EditService, *, country: str, zone: tzinfo | None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("walkInBox")
        self.setAccessibleName(self.tr("Walk-in record"))
        self.service = service
        self.country = country
        self.zone = zone
        self.tasks = TaskSlots()
        self.reservations_id: str | None = None
        self.dialog: CompleteDialog | None = None
        #: What the state line says once nothing is open any more ("saved", "discarded").
        self.last_word = ""
        #: Its tone: "done" once reservations has the details, none after a discard.
        self.last_tone: str | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 2)
        layout.setSpacing(3)
        rule = QFrame(self)  # sets the box apart from the section's rows, in palette colours
        rule.setFrameShape(QFrame.Shape.HLine)
        rule.setFrameShadow(QFrame.Shadow.Sunken)
        layout.addWidget(rule)
        row = QHBoxLayout()
        self.button = QPushButton(self.tr("Complete walk-in record…"))
        self.button.setObjectName("completeWalkIn")
        self.button.setAccessibleName(self.tr("Complete walk-in record"))
        self.button.setToolTip(self.tr("Give this walk-in placeholder a name, email, phone and "
                                       "birthday; sent to reservations"))
        self.button.setAccessibleDescription(self.button.toolTip())
        self.button.clicked.connect(self.open_dialog)
        row.addWidget(self.button)
        row.addStretch(1)
        self.retry_button = QPushButton(self.tr("Retry"))
        self.retry_button.setObjectName("retryWalkIn")
        self.retry_button.setAccessibleName(self.tr("Send the walk-in's details again"))
        self.discard_button = QPushButton(self.tr("Discard"))
        self.discard_button.setObjectName("discardWalkIn")
        self.discard_button.setAccessibleName(self.tr("Discard the walk-in's details"))
        self.keep_button = QPushButton(self.tr("Keep mine (send again)"))
        self.keep_button.setObjectName("keepWalkIn")
        self.keep_button.setAccessibleName(self.tr("Keep my details and send them again"))
        self.take_button = QPushButton(self.tr("Take theirs (drop mine)"))
        self.take_button.setObjectName("takeWalkIn")
        self.take_button.setAccessibleName(self.tr("Take the details on reservations and drop "
                                                   "mine"))
        for button in (self.retry_button, self.discard_button, self.keep_button,
                       self.take_button):
            row.addWidget(button)
            button.hide()
        layout.addLayout(row)
        self.state = plain_label("", "walkInState", wrap=True)
        self.state.setAccessibleDescription(self.tr("Whether the walk-in's details reached "
                                                    "reservations"))
        layout.addWidget(self.state)
        self.theirs = plain_label("", "walkInTheirs", wrap=True, selectable=True)
        set_tone(self.theirs, "muted")
        self.theirs.hide()
        layout.addWidget(self.theirs)
        self.message = plain_label("", "walkInMessage", wrap=True)
        set_tone(self.message, "alert")
        layout.addWidget(self.message)
        order_tabs([self.button, self.retry_button, self.discard_button, self.keep_button,
                    self.take_button])
        self.retry_button.clicked.connect(lambda: self._act("retry"))
        self.discard_button.clicked.connect(lambda: self._act("discard"))
        self.keep_button.clicked.connect(lambda: self._act("keep"))
        self.take_button.clicked.connect(lambda: self._act("take"))
        service.changed.connect(self.paint_state)
        self.hide()

    def attach(self, panel: ProfilePanel) -> None:
        """Sit in the profile's reservations section, under its rows (above the note)."""
        box = panel.boxes["reservations"]
        layout = box.layout()
        assert isinstance(layout, QVBoxLayout)
        layout.insertWidget(layout.indexOf(box.body) + 1, self)

    def today(self) -> date:
        """The store's date (a birthday may be today, never tomorrow)."""
        return datetime.now(self.zone).date()

    # -- which record ---------------------------------------------------------------------------
    def show_profile(self, profile: Profile | None) -> None:
        """The profile panel painted ``profile``: show for a walk-in placeholder only (the
        live answer when there is one, else the cache's)."""
        rid = reservations_id_of(profile)
        section = profile.sections.reservations.data if profile is not None else None
        live = section.is_dummy if section is not None and section.customer_id == rid else None
        if rid is not None and rid != self.reservations_id:
            self.reservations_id = rid
            self.last_word = ""
            self.message.clear()
        if rid is None or live is False:
            # Hidden, but still this record's (a profile opened again after a completion
            # blanks it first): what the state line said stays for when it is back.
            self.hide()
            return
        if live:
            self.show()
            self.paint_state()
            return
        self.tasks.start("load", self._load(rid))

    async def _load(self, rid: str) -> None:
        try:
            dummy = await self.service.run(lambda conn: complete.is_dummy(conn, rid))
        except (EditRefused, CacheClosed, sqlite3.OperationalError):
            dummy = False  # not cached (or shutting down): nothing to complete here
        if rid == self.reservations_id:
            self.setVisible(dummy)
            self.paint_state()

    # -- the dialog -----------------------------------------------------------------------------
    def open_dialog(self) -> None:
        if self.reservations_id is not None and not self.tasks.running("open"):
            self.tasks.start("open", self._open(self.reservations_id))

    async def _open(self, rid: str) -> None:
        """Read what is on file now (the dialog's base), then show the dialog."""
        try:
            on_file, dummy = await self.service.run(
                lambda conn: (complete.on_file(conn, rid), complete.is_dummy(conn, rid)))
        except (EditRefused, CacheClosed, sqlite3.OperationalError) as exc:
            self.message.setText(self.tr("The record could not be read from the cache ({error}).")
                                 .format(error=exc))
            return
        if rid != self.reservations_id:
            return
        if not dummy:
            self.message.setText(self.tr("This is a registered customer's record now; their "
                                         "details come from their own reservations account."))
            return
        if self.dialog is not None:
            self.dialog.reject()
        dialog = CompleteDialog(self.service, rid, on_file, country=self.country,
                                today=self.today, parent=self.window())
        dialog.completed.connect(self._completed)
        dialog.finished.connect(lambda _result: self._closed(dialog))
        self.dialog = dialog
        dialog.open()

    def _closed(self, dialog: CompleteDialog) -> None:
        if self.dialog is dialog:
            self.dialog = None
        dialog.deleteLater()

    def _completed(self, edit_id: int, customer_id: int) -> None:
        self.last_word = "✓ " + self.tr("Walk-in details saved on reservations")
        self.last_tone = "done"
        self.message.clear()
        self.paint_state()
        self.completed.emit(edit_id, customer_id)

    # -- state ----------------------------------------------------------------------------------
    def open_edits(self) -> list[Edit]:
        if self.reservations_id is None:
            return []
        return [e for e in self.service.for_record(record_of(self.reservations_id))
                if e.kind == complete.KIND]

    def paint_state(self) -> None:
        open_edits = self.open_edits()
        failed = next((e for e in open_edits if e.state == "failed"), None)
        conflict = failed is not None and failed.upstream is not None
        self.retry_button.setVisible(failed is not None and not conflict)
        self.discard_button.setVisible(failed is not None and not conflict)
        self.keep_button.setVisible(conflict)
        self.take_button.setVisible(conflict)
        self.theirs.setVisible(conflict)
        self.button.setEnabled(failed is None)
        if failed is not None:
            self.state.setText(failure_text(failed))
            set_tone(self.state, "alert")
            self.state.setToolTip("")
            if conflict:
                # Kept masked by the core (app.cache.complete.masked_text).
                self.theirs.setText(self.tr("Now on {vendor}: {theirs}\nYours: {ours}").format(
                    vendor=VENDOR_NAMES["reservations"], theirs=failed.upstream,
                    ours=failed.summary))
            return
        if open_edits:
            last = open_edits[-1]
            self.state.setText(self.tr("Walk-in details: {state}").format(
                state=pending_text(last, self.service.clock(), self.zone)))
            self.state.setToolTip(plain_tip(last.last_error))
            set_tone(self.state, "pending")
            return
        self.state.setToolTip("")
        if self.last_word:
            self.state.setText(self.last_word)
            set_tone(self.state, self.last_tone)
            return
        self.state.setText("")
        set_tone(self.state, None)

    def pending(self) -> bool:
        return any(e.state == "pending" for e in self.open_edits())

    # -- choices --------------------------------------------------------------------------------
    def _act(self, what: str) -> None:
        failed = next((e for e in self.open_edits() if e.state == "failed"), None)
        if failed is not None:
            self.tasks.start("act", self._do(what, failed.id))

    async def _do(self, what: str, edit_id: int) -> None:
        who = self.service.who()
        rid = self.reservations_id
        try:
            if what == "retry":
                await self.service.edit(lambda conn: outbox.retry(conn, edit_id, **who))
            elif what == "discard":
                await self.service.edit(lambda conn: edits.discard(conn, edit_id, **who))
                self.last_word = self.tr("Discarded: reservations keeps what it has.")
                self.last_tone = None
            else:
                await resolve_conflict(self.service, edit_id, what == "keep")
                if what == "take":
                    self.last_tone = None
                    self.last_word = self.tr(
                        "The version on reservations was kept; yours was discarded. The next "
                        "sync ({key}) shows it here.").format(key=key_text("refresh"))
        except EditRefused as exc:
            self.message.setText(exc.message)
            return
        self.paint_state()
        if rid is None or what == "retry":
            return
        # The cache changed (values put back or sent again): the profile reads it again.
        customer_id = await self.service.run(
            lambda conn: edits.customer_of(conn, "reservations", rid))
        self.completed.emit(edit_id, customer_id if customer_id is not None else -1)

    async def idle(self) -> None:
        """Until loading, opening and choosing are done (tests)."""
        for name in ("load", "open", "act"):
            task = self.tasks.get(name)
            if task is not None and not task.done():
                await task

    def close_tasks(self) -> None:
        self.tasks.cancel_all()
        if self.dialog is not None:
            self.dialog.reject()
