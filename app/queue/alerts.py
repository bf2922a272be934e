"""Which queue tickets deserve to catch the eye, and the words that say why (issue 14, item 7).

Why a rule of its own, apart from the window: staff look at another tab, or have the window
minimised, when a blacklisted customer or a VIP takes a ticket; the queue row alone catches
nobody's eye then. The window flashes its taskbar button and shows a notification
(:mod:`ui.window.alerts`); *which* tickets, *when* and *in what words* is decided here, with no
Qt, so it is tested alone and a CLI could say the same.

The rule (:class:`AlertWatch`), fed every state of the board and the matches so far:

* a waiting ticket whose matched customer is blacklisted → "On the blacklist: <reason>"
  (a name-only match — "possible", never the person — says "Possibly on the blacklist (same
  name only)"); a waiting ticket carrying a label the store lists as important
  (``[alerts] important_labels``, compared case- and space-insensitively,
  :func:`app.profile.label_key`) → that label, as the store spells it;
* once per ticket and reason: a ticket the live feed sends again, or a catch-up finds again,
  says nothing new; a reason that appears later — a match that arrives after the ticket, a
  relabel that adds VIP — alerts then. A ticket being served (called) alerts nobody: staff
  are already with them; if it is returned to the queue, a reason not yet said is said then;
* never for the queue as it was when the window first saw it (the first loaded board, and any
  ticket created well before the window started, which a late first search may bring):
  opening the window must not ring for everyone already waiting;
* never any contact: the texts carry only the name as the ticket (or, without one, the
  cached customer) has it, the line and the reason — and anything in those that looks like an
  email address or a phone number (a visitor who typed their email as their name, a reason
  quoting a number) is replaced by "[contact hidden]", masked or not: a notification pops up
  on a screen customers can see, and may sit in the OS's notification history.

Decisions and words apart, as in :mod:`app.queue.words`: an :class:`Alert` holds what was
decided — who (contacts already hidden), which line, which reason, whether the match is certain
— and the texts are worded from it by an :class:`AlertWording`. :data:`ENGLISH` is this
module's own (a terminal's, and the tests'); the window passes its translated subclass
(``ui.queue.text.WindowAlertWording``), so a decision changed here changes every screen, and no
translation can bring a contact in: the wording only ever receives the hidden parts.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Literal

from app.formatting import Formats
from app.profile import AlertsTable, label_key
from app.queue.board import QueueBoard
from app.queue.match import Match
from app.queue.words import NO_NAME, NO_REASON, WARN
from app.vendors.qminder.models import Ticket

AlertKind = Literal["blacklist", "label"]

#: What replaces anything that looks like an email address or a phone number.
HIDDEN = "[contact hidden]"
#: A ticket created this long before the window started was already there (the PC's clock
#: and Qminder's may differ by a little; a late first search must not ring for the old queue).
ALREADY_THERE = timedelta(minutes=2)
#: Longest name / line / reason in an alert (a notification shows a few lines at most).
NAME_CHARS, LINE_CHARS, REASON_CHARS = 60, 60, 160
#: Alerts listed one by one in a notification; the rest are counted.
LISTED = 4
#: Tickets remembered (alerted, or there from the start); beyond it the oldest that left the
#: board are forgotten. A busy store sees a few hundred tickets a day.
REMEMBERED = 5_000

_EMAIL = re.compile(r"[^\s@<>()\[\],;:\"']+@[^\s@<>()\[\],;:\"']+")
#: Seven or more digits, maybe split by spaces, dots, dashes, slashes or brackets, maybe "+".
_PHONE = re.compile(r"\+?\(?\d(?:[\s().\-/]{0,3}\d){6,}")
_SPACES = re.compile(r"\s+")


def hide_contacts(text: str, ticket: Ticket | None = None) -> str:
    """``text`` on one line with every email address and phone number in it replaced by
    :data:`HIDDEN` — the ticket's own contacts first (whatever their shape), then anything of
    their form."""
    if ticket is not None:
        for contact in (ticket.email, ticket.phone_number):
            raw = (contact or "").strip()
            if len(raw) >= 3:
                text = text.replace(raw, HIDDEN)
    text = _EMAIL.sub(HIDDEN, text)
    text = _PHONE.sub(HIDDEN, text)
    return _SPACES.sub(" ", "".join(ch if ch.isprintable() else " " for ch in text)).strip()


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "…"


@dataclass(frozen=True)
class AlertRules:
    """The profile's ``[alerts]`` table, ready to compare with."""

    blacklisted: bool = True
    labels: bool = True
    #: (label key, the label as the store spells it), in the profile's order.
    important: tuple[tuple[str, str], ...] = (("vip", "VIP"),)

    @classmethod
    def of(cls, table: AlertsTable) -> AlertRules:
        return cls(blacklisted=table.blacklisted, labels=table.labels,
                   important=tuple((label_key(v), v) for v in table.important_labels))

    @property
    def any(self) -> bool:
        """False when nothing can ever alert (both off, or no important label)."""
        return self.blacklisted or (self.labels and bool(self.important))


@dataclass(frozen=True)
class Alert:
    """One reason, once, for one ticket: what was decided, with every contact already hidden.

    The words come from :func:`alert_text` and :func:`notification` (any
    :class:`AlertWording`); the fields are the parts they are made of, so a screen in another
    language words the same decision."""

    ticket_id: str
    kind: AlertKind
    #: Which reason ("blacklist", or "label:" and the label key): said once per ticket.
    key: str
    #: The name as the ticket (or the cached customer) has it; "" when neither has one.
    name: str
    #: The line's name; "" when Qminder gave it none (:attr:`line_id` then says which).
    line: str
    #: A blacklist alert: the reason the cache holds ("" when none was given); a label alert:
    #: the label as the store spells it.
    reason: str
    #: A blacklist alert made by a phone or an email (False: a name alone, only "possibly").
    certain: bool = True
    #: The ticket's line id, for a line without a name ("" when the ticket is on none).
    line_id: str = ""

    @property
    def text(self) -> str:
        """In English, one line (:func:`alert_text`): "⚠ Priya (Returns): On the blacklist:
        Shoplifting"."""
        return alert_text(self)


class AlertWording:
    """How the alerts are worded: in English, as a terminal prints them.

    Each method words one part whose *when* the functions below decide (the sign, a hedge for
    a name-only match, one title or a count); a screen speaking another language overrides
    the methods, never the decisions. ``formats`` (the store's,
    :func:`app.formatting.formats_for`) writes the counts as the store's locale does.
    """

    def __init__(self, formats: Formats | None = None) -> None:
        self.formats = formats

    def word(self, text: str) -> str:
        """One of :mod:`app.queue.words`' marked words ("(no name)", "(no reason given)")."""
        return text

    def number(self, count: int) -> str:
        return self.formats.number(count) if self.formats is not None else str(count)

    # -- why -------------------------------------------------------------------------------------
    def on_blacklist(self, reason: str) -> str:
        return f"On the blacklist: {reason}"

    def maybe_on_blacklist(self, reason: str) -> str:
        """A name-only match: never the person, only possibly."""
        return f"Possibly on the blacklist (same name only): {reason}"

    # -- where -----------------------------------------------------------------------------------
    def unnamed_line(self, line_id: str) -> str:
        return f"line {line_id}"

    def no_line(self) -> str:
        return "no line"

    # -- the texts -------------------------------------------------------------------------------
    def alert(self, name: str, line: str, reason: str) -> str:
        """One alert on one line: "Priya (Returns): VIP"."""
        return f"{name} ({line}): {reason}"

    def in_queue(self, name: str) -> str:
        return f"{name} is in the queue"

    def tickets(self, count: int) -> str:
        """Two or more tickets in one notification's title."""
        return f"{self.number(count)} tickets to notice in the queue"

    def more(self, count: int) -> str:
        """The alerts beyond :data:`LISTED`, counted (one or more)."""
        return f"and {self.number(count)} more — see the queue"

    def reason_on_line(self, reason: str, line: str) -> str:
        """One alert's notification body: "VIP — Returns"."""
        return f"{reason} — {line}"


#: The alerts in English: a terminal's words, and the default everywhere.
ENGLISH = AlertWording()


def alert_name(alert: Alert, wording: AlertWording = ENGLISH) -> str:
    """Who: the name, or "(no name)"."""
    return alert.name or wording.word(NO_NAME)


def alert_line(alert: Alert, wording: AlertWording = ENGLISH) -> str:
    """Where: the line's name, "line 7" for one Qminder gave no name, "no line"."""
    if alert.line:
        return alert.line
    return wording.unnamed_line(alert.line_id) if alert.line_id else wording.no_line()


def reason_text(alert: Alert, wording: AlertWording = ENGLISH) -> str:
    """Why: "On the blacklist: <reason>" (a name alone: only "possibly"), or the label."""
    if alert.kind == "label":
        return alert.reason
    reason = alert.reason or wording.word(NO_REASON)
    return wording.on_blacklist(reason) if alert.certain else wording.maybe_on_blacklist(reason)


def alert_text(alert: Alert, wording: AlertWording = ENGLISH) -> str:
    """One line, for the window's banner or a terminal: "⚠ Priya (Returns): On the blacklist:
    Shoplifting" — the sign for a blacklist, so it is not told by colour alone."""
    text = wording.alert(alert_name(alert, wording), alert_line(alert, wording),
                         reason_text(alert, wording))
    return f"{WARN} {text}" if alert.kind == "blacklist" else text


def notification(alerts: Sequence[Alert],
                 wording: AlertWording = ENGLISH) -> tuple[str, str]:
    """(title, body) of one notification for ``alerts`` (one turn's worth — a catch-up after a
    reconnect may bring several at once: one notification, not a stack of them)."""
    if not alerts:
        return "", ""
    warn = any(a.kind == "blacklist" for a in alerts)
    first = alerts[0]
    if len(alerts) == 1:
        head = wording.in_queue(alert_name(first, wording))
        body = wording.reason_on_line(reason_text(first, wording), alert_line(first, wording))
        return (f"{WARN} {head}" if warn else head), body
    tickets = len({a.ticket_id for a in alerts})
    head = wording.tickets(tickets) if tickets > 1 else \
        wording.in_queue(alert_name(first, wording))
    lines = [alert_text(a, wording) for a in alerts[:LISTED]]
    if len(alerts) > LISTED:
        lines.append(wording.more(len(alerts) - LISTED))
    return (f"{WARN} {head}" if warn else head), "\n".join(lines)


@dataclass
class AlertWatch:
    """Decides, board state after board state, which tickets alert (see the module docstring).

    ``started``: when the window started (the store's clock); tickets created well before it
    were already waiting. Feed it with :meth:`observe` after every change of the board or of
    the matches; it returns the alerts that are new, each at most once."""

    rules: AlertRules
    started: datetime | None = None
    #: Ticket id → the reasons already said for it (or there from the start: ``None``).
    _said: dict[str, set[str] | None] = field(default_factory=dict, repr=False)
    _loaded: bool = field(default=False, repr=False)

    def observe(self, board: QueueBoard,
                matches: Mapping[str, Match | None]) -> list[Alert]:
        """The alerts ``board`` and ``matches`` call for that were not raised before."""
        if board.updated_at is None:
            return []  # no queue loaded yet: nothing is known to be new
        if not self._loaded:
            self._loaded = True
            for ticket_id in board.tickets:
                self._said[ticket_id] = None  # the queue as the window found it
            return []
        found: list[Alert] = []
        for ticket in list(board.tickets.values()):
            if ticket.id not in self._said and self._was_there(ticket):
                self._said[ticket.id] = None
            said = self._said.setdefault(ticket.id, set())
            if said is None or not ticket.is_waiting:
                continue
            for alert in self._reasons(board, ticket, matches.get(ticket.id)):
                if alert.key not in said:
                    said.add(alert.key)
                    found.append(alert)
        self._forget(board)
        return found

    def _was_there(self, ticket: Ticket) -> bool:
        created = ticket.created_at
        return self.started is not None and created is not None and \
            created < self.started - ALREADY_THERE

    def _reasons(self, board: QueueBoard, ticket: Ticket,
                 match: Match | None) -> list[Alert]:
        rules = self.rules
        # (kind, key, reason, certain): a label is always itself; a blacklist match may be a
        # name alone.
        reasons: list[tuple[AlertKind, str, str, bool]] = []
        if rules.blacklisted and match is not None and match.blacklisted:
            reasons.append(("blacklist", "blacklist", match.blacklist_reason, match.certain))
        if rules.labels and rules.important:
            keys = {label_key(value) for value in ticket.label_values()}
            reasons += [("label", f"label:{key}", shown, True) for key, shown in rules.important
                        if key in keys]
        if not reasons:
            return []
        raw_name = ticket.name or (match.name.strip() if match is not None else "")
        name = _cut(hide_contacts(raw_name, ticket), NAME_CHARS)
        line = _cut(hide_contacts(_line_name(board, ticket), ticket), LINE_CHARS)
        line_id = _cut(hide_contacts(ticket.line or "", ticket), LINE_CHARS)
        return [Alert(ticket.id, kind, key, name, line,
                      _cut(hide_contacts(reason, ticket), REASON_CHARS),
                      certain=certain, line_id=line_id)
                for kind, key, reason, certain in reasons]

    def _forget(self, board: QueueBoard) -> None:
        """Keep memory bounded over days: forget the oldest tickets no longer on the board."""
        if len(self._said) <= REMEMBERED:
            return
        for ticket_id in list(self._said):
            if len(self._said) <= REMEMBERED // 2:
                break
            if ticket_id not in board.tickets:
                del self._said[ticket_id]


def _line_name(board: QueueBoard, ticket: Ticket) -> str:
    """The line's name as Qminder has it ("" when it gave none: the words say "line 7")."""
    line = board.lines.get(ticket.line or "")
    return (line.name if line is not None else "") or ticket.line_name or ""
