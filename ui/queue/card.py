"""The selected ticket's card, beside the queue table (under it in a narrow dock):
everything about one visitor.

Why a card as well as the row: a row has room for one line per column, and the host deciding
whether to call someone needs the rest — every extra field with its full value, the labels as
chips, the ticket number, and above all a blacklisted customer's reason in a danger banner
that cannot be missed (its words say "BLACKLISTED"; the colour only repeats them). The texts
are the core's (:mod:`app.queue.words`, as in the table and in ``clientdesk queue``), worded
in the store's language by :mod:`ui.queue.text`; the card only lays them out, in plain-text
labels, and looks as the theme says (tones, surfaces, sizes — no style sheet of its own).
What the cache knows about the person is shown here only, never sent to Qminder.
"""

from __future__ import annotations

from datetime import datetime, tzinfo

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QFormLayout, QFrame, QSizePolicy, QVBoxLayout, QWidget

from app.queue.board import Row
from app.queue.match import Match
from app.queue.service import utc_now
from app.queue.words import extra_value
from ui.common.widgets import plain_label
from ui.i18n import formats
from ui.queue.chips import ChipRow
from ui.queue.model import chips, one_line, status_word
from ui.queue.text import (
    blacklist_text,
    clock_text,
    duration_text,
    extra_title,
    match_text,
    source_text,
    ticket_name,
    wait_text,
)
from ui.theme import set_size, set_surface, set_tone


def visits_text(match: Match, zone: tzinfo) -> str:
    """Earlier queue visits: "Known: 3 earlier visits, last on 12 Nov 2026" ("Known customer"
    when the match is by contact but no earlier ticket is cached).

    "Known" is said for a phone or email match only — the same contact on an earlier ticket
    or any vendor's record — never for a name alone. When no no-show count is known yet (no
    profile cached, no visits pulled), the card says so rather than imply "none".
    """
    parts: list[str] = []
    if match.known:
        if match.visits == 1:  # one visit has words of its own in most languages
            parts.append(QCoreApplication.translate(
                "TicketCard", "Known: 1 earlier visit, last on {date}").format(
                date=formats().date(match.last_visit, zone)))
        elif match.visits:
            parts.append(QCoreApplication.translate(
                "TicketCard", "Known: %Ln earlier visits, last on {date}", "",
                match.visits).format(date=formats().date(match.last_visit, zone)))
        else:
            parts.append(QCoreApplication.translate("TicketCard", "Known customer"))
    if match.no_shows is None:
        parts.append(QCoreApplication.translate(
            "TicketCard", "no-shows unknown until their profile is opened"))
    return " · ".join(parts)


def card_match_text(match: Match | None, matched: bool, *, cache: bool = True) -> str:
    """Who the cache says this is (the core's words), or why nobody is said yet."""
    if not cache:
        return QCoreApplication.translate(
            "TicketCard", "Saved customers are not available in this window.")
    if not matched:
        return QCoreApplication.translate(
            "TicketCard", "Looking for this person among the saved customers…")
    if match is None:
        return QCoreApplication.translate(
            "TicketCard", "Not a saved customer on this PC (no phone, email or name matches).")
    text = one_line(match_text(match), 300)
    if not match.certain:
        return QCoreApplication.translate(
            "TicketCard", "{match} — check with the customer before relying on it.").format(
            match=text)
    return text


def meta_parts(row: Row, now: datetime, zone: tzinfo) -> list[str]:
    """The line, the place and the wait, each a phrase of its own."""
    ticket = row.ticket
    parts = [one_line(row.line_name, 60)]
    if row.pending is not None:
        parts.append(QCoreApplication.translate("TicketCard", "sending to Qminder…"))
    if ticket.is_waiting:
        if row.position is not None:
            parts.append(QCoreApplication.translate("TicketCard", "place {place} in line").format(
                place=formats().number(row.position)))
        parts.append(QCoreApplication.translate("TicketCard", "waiting {wait}").format(
            wait=wait_text(row.waited)))
    elif ticket.is_called:
        called = ticket.called.date if ticket.called else None
        if called:
            parts.append(QCoreApplication.translate(
                "TicketCard", "called at {time} after {wait}").format(
                time=clock_text(called, now, zone), wait=duration_text(row.waited)))
        else:
            parts.append(QCoreApplication.translate("TicketCard", "called after {wait}").format(
                wait=duration_text(row.waited)))
    else:
        parts.append(QCoreApplication.translate(
            "TicketCard", "status {status} (as Qminder says)").format(
            status=status_word(ticket)))
    return parts


class TicketCard(QFrame):
    """Everything about the selected ticket, and who the cache says they are."""

    def __init__(self, zone: tzinfo, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ticketCard")
        self.setAccessibleName(self.tr("Details of the selected ticket"))
        self.setAccessibleDescription(self.tr(
            "Everything about the ticket selected in the queue, and who it may be"))
        self.zone = zone
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        layout.setSpacing(5)
        self.name = plain_label("", "ticketName", wrap=True, selectable=True)
        set_size(self.name, "subtitle")
        layout.addWidget(self.name)
        self.meta = plain_label("", "ticketMeta", wrap=True)
        layout.addWidget(self.meta)
        self.blacklist = plain_label("", "ticketBlacklist", wrap=True)
        set_surface(self.blacklist, "danger")
        self.blacklist.setToolTip(self.tr(
            "Private: shown on this screen only, never sent to Qminder"))
        layout.addWidget(self.blacklist)
        self.match = plain_label("", "ticketMatch", wrap=True)
        layout.addWidget(self.match)
        #: "Known: 3 earlier visits, last on …" — from the cached Qminder visits.
        self.visits = plain_label("", "ticketVisits", wrap=True)
        layout.addWidget(self.visits)
        self.hint = plain_label("", "ticketHint", wrap=True)
        set_tone(self.hint, "muted")
        layout.addWidget(self.hint)
        self.labels = ChipRow(self)
        layout.addWidget(self.labels)
        self.details_box = QWidget(self)
        self.details_box.setObjectName("ticketDetails")
        self.details_box.setAccessibleName(self.tr("Extra fields of the ticket"))
        self.details = QFormLayout(self.details_box)
        self.details.setContentsMargins(0, 0, 0, 0)
        self.details.setHorizontalSpacing(8)
        self.details.setVerticalSpacing(2)
        self.details.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        layout.addWidget(self.details_box)
        self.number = plain_label("", "ticketNumber", wrap=True)
        set_tone(self.number, "muted")
        layout.addWidget(self.number)
        layout.addStretch(1)
        self._fields: list[tuple[str, str]] = []
        self.show_row(None, None, matched=False, now=utc_now(), stale=False)

    def fields(self) -> list[tuple[str, str]]:
        """(title, value) of the extra fields shown (tests)."""
        return list(self._fields)

    def show_row(self, row: Row | None, match: Match | None, *, matched: bool, now: datetime,
                 stale: bool, cache: bool = True) -> None:
        while self.details.rowCount():
            self.details.removeRow(0)
        self._fields = []
        if row is None:
            self.name.setText(self.tr("No ticket selected"))
            self.meta.setText(self.tr("Select a ticket (arrow keys or a click) to see who it "
                                      "is and act on it."))
            for widget in (self.blacklist, self.match, self.visits, self.hint, self.number):
                widget.hide()
            self.labels.set_chips([], stale)
            return
        ticket = row.ticket
        self.name.setText(one_line(ticket_name(ticket), 80))
        self.update_wait(row, now)
        if match is not None and match.blacklisted:
            self.blacklist.setText(one_line(blacklist_text(match), 300))
            self.blacklist.show()
        else:
            self.blacklist.hide()
        self.match.setText(card_match_text(match, matched, cache=cache))
        self.match.show()
        seen = visits_text(match, self.zone) if match is not None and cache else ""
        self.visits.setText(seen)
        self.visits.setVisible(bool(seen))
        self.hint.setText(self.tr("Enter opens their profile.") if match is not None else "")
        self.hint.setVisible(match is not None)
        self.labels.set_chips(chips(ticket), stale)
        for field in ticket.extra:
            # The value keeps its lines (a note can have several): it has a label of its own.
            title, value = one_line(extra_title(field), 60), extra_value(field).strip()
            caption = plain_label(self.tr("{title}:", "an extra field's caption").format(
                title=title))
            set_tone(caption, "muted")
            shown = plain_label(value, wrap=True, selectable=True)
            shown.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
            self.details.addRow(caption, shown)
            self._fields.append((title, value))
        self.number.setText(" · ".join(self._number_parts(row)))
        self.number.show()

    def _number_parts(self, row: Row) -> list[str]:
        ticket = row.ticket
        number = one_line(ticket.public_id, 20)
        parts = [self.tr("Ticket {number}").format(number=number)] if number else []
        if ticket.source:
            parts.append(one_line(source_text(ticket.source), 40))
        parts.append(self.tr("Qminder id {id}").format(id=one_line(ticket.id, 40)))
        return parts

    def update_wait(self, row: Row, now: datetime) -> None:
        """The line, the place and the wait (ticked every second by the panel)."""
        self.meta.setText(" · ".join(meta_parts(row, now, self.zone)))
