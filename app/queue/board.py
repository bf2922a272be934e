"""The live queue as the counter sees it: who waits on which line, for how long, in what order.

:class:`QueueBoard` is plain state with no I/O: a ticket search replaces it (the first load,
and the catch-up after every reconnect), live events and polls update it, and counter actions
change it *optimistically* — the row moves at once and :meth:`QueueBoard.rollback` puts it
back exactly if Qminder refuses. Waits are computed from the ticket's own times against the
clock passed in, so the panel can tick them every second without asking anyone.

While an action is on its way, Qminder's news about that ticket is of two kinds. A finished
visit (served, no-show, cancelled) is final whoever finished it, so it ends the action at once.
Anything else may be older than the key press — the websocket and the HTTP answer race, so the
"called" event of a ticket found by a search can arrive after the host marked it served — and
must not undo the row the host just changed: it becomes what a refusal puts back, and
Qminder's answer decides. Likewise a search that started before an action was confirmed
never undoes it (:meth:`QueueBoard.mark`).

Average wait today is computed locally from tickets called today (call time − queue time),
because Qminder has no endpoint for it; tickets finished before the app started come from the
catch-up search, which asks for today's finished tickets too.

The words for all of this are in :mod:`app.queue.words`.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, tzinfo

from app.vendors.qminder.models import Called, Line, Ticket, TicketEvent

#: Waits this long are marked (sign and words, not only colour) in the panel and the CLI.
LONG_WAIT = timedelta(minutes=15)

#: Status shown while an action is on its way (the row's own status is still the old one).
ACTION_STATUS = {"call": "CALLED", "recall": "CALLED", "served": "SERVED",
                 "no-show": "NOSHOW", "return": "NEW", "cancel": "CANCELLED_BY_CLERK"}


@dataclass(frozen=True)
class Row:
    """One ticket on the board at ``now``."""

    ticket: Ticket
    line_id: str
    line_name: str
    position: int | None  # 1-based among the line's waiting tickets; None when called
    waited: timedelta | None  # since it joined the queue (or was returned to it)
    pending: str | None = None  # an action on its way to Qminder


@dataclass(frozen=True)
class LineStats:
    line_id: str
    name: str
    waiting: int
    called: int
    longest_wait: timedelta | None
    average_wait_today: timedelta | None
    called_today: int


@dataclass
class Undo:
    """What :meth:`QueueBoard.begin` changed, to put back on refusal."""

    ticket_id: str
    before: Ticket | None
    action: str


@dataclass
class QueueBoard:
    """Tickets of the chosen lines; ``lines`` limits them (empty: every line of the location)."""

    zone: tzinfo
    only_lines: frozenset[str] = frozenset()
    lines: dict[str, Line] = field(default_factory=dict)
    tickets: dict[str, Ticket] = field(default_factory=dict)
    #: Seconds from queue time to call, per ticket called today (keyed so a repeated event
    #: or a later catch-up never counts the same visit twice).
    waits_today: dict[str, tuple[str, float, date]] = field(default_factory=dict)
    pending: dict[str, Undo] = field(default_factory=dict)
    updated_at: datetime | None = None
    #: Actions Qminder accepted, by ticket: the :meth:`mark` count when each was confirmed.
    settled: dict[str, int] = field(default_factory=dict, repr=False)
    marks: int = field(default=0, repr=False)

    # -- loading ------------------------------------------------------------------------------
    def set_lines(self, lines: Iterable[Line]) -> None:
        self.lines = {line.id: line for line in lines
                      if not self.only_lines or line.id in self.only_lines}

    def mark(self) -> int:
        """Taken before a search: pass it to :meth:`replace` as ``since``, so an action
        confirmed while the search was on its way is not undone by the search's older copy."""
        return self.marks

    def replace(self, tickets: Iterable[Ticket], now: datetime, *,
                since: int | None = None) -> None:
        """A full ticket search: the board becomes exactly this, except tickets with an action
        in flight and (with ``since`` from :meth:`mark`) those whose action was confirmed
        after the search started — the board's copy of those is newer than the search's."""
        fresh: dict[str, Ticket] = {}
        finished: set[str] = set()
        for ticket in tickets:
            if not self._mine(ticket):
                continue
            self._count_wait(ticket, now)
            if ticket.is_finished:  # finished is final: it wins over a waiting copy
                fresh.pop(ticket.id, None)
                finished.add(ticket.id)
            elif ticket.id not in finished:
                fresh[ticket.id] = ticket
        newer = set(self.pending)  # our own optimistic state wins until Qminder answers
        if since is not None:
            newer |= {tid for tid, when in self.settled.items() if when > since}
        for ticket_id in newer:
            if ticket_id in self.tickets:
                fresh[ticket_id] = self.tickets[ticket_id]
            else:
                fresh.pop(ticket_id, None)
        self.tickets = fresh
        self.updated_at = now
        # Searches run one at a time (the feed's lock): the next one's mark is later than all.
        self.settled.clear()

    def apply(self, event: TicketEvent, now: datetime) -> bool:
        """One live change; True when the board changed."""
        incoming = event.ticket
        undo = self.pending.get(incoming.id)
        if undo is not None:
            return self._apply_during_action(undo, event, now)
        if not self._mine(incoming) and incoming.id not in self.tickets:
            return False
        old = self.tickets.get(incoming.id)
        if event.kind == "labels" and old is not None:
            ticket = old.model_copy(update={"labels": incoming.labels})
        else:
            ticket = _merge(old, incoming)
        self._count_wait(ticket, now)
        self.updated_at = now
        if ticket.is_finished or not self._mine(ticket):
            return self.tickets.pop(incoming.id, None) is not None
        self.tickets[incoming.id] = ticket
        return old != ticket

    def _apply_during_action(self, undo: Undo, event: TicketEvent, now: datetime) -> bool:
        """News about a ticket with an action in flight (see the module docstring): a
        finished visit ends the action; anything else may predate the key press, so the row
        keeps showing the action and the news is what a refusal puts back."""
        incoming, before = event.ticket, undo.before
        ticket_id = incoming.id
        self.updated_at = now
        if event.kind == "labels":  # labels change apart from any action: both copies get them
            if before is not None:
                undo.before = before.model_copy(update={"labels": incoming.labels})
            shown = self.tickets.get(ticket_id)
            if shown is None:
                return False
            self.tickets[ticket_id] = shown.model_copy(update={"labels": incoming.labels})
            return self.tickets[ticket_id] != shown
        merged = _merge(before, incoming)
        self._count_wait(merged, now)
        if merged.is_finished or not self._mine(merged):
            del self.pending[ticket_id]  # finished is final, whoever finished it
            return self.tickets.pop(ticket_id, None) is not None
        undo.before = merged
        return False

    def enrich(self, full: Ticket) -> bool:
        """Fields only a REST ticket carries (extra fields, source, ticket number, language)
        onto a ticket the websocket delivered without them; its status, times, labels and
        any action in flight are left exactly as they are. True when something was added."""
        current = self.tickets.get(full.id)
        if current is None:
            return False
        enriched = current.model_copy(update={
            "extra": full.extra, "source": full.source, "public_id": full.public_id,
            "language_code": full.language_code})
        if enriched == current:
            return False
        self.tickets[full.id] = enriched
        return True

    # -- optimistic actions -------------------------------------------------------------------
    def begin(self, ticket_id: str, action: str, now: datetime) -> Undo:
        """Show ``action`` done at once; keep what to put back if Qminder refuses."""
        before = self.tickets.get(ticket_id)
        undo = Undo(ticket_id, before, action)
        self.pending[ticket_id] = undo
        status = ACTION_STATUS[action]
        if before is None:
            return undo
        if status in ("SERVED", "NOSHOW", "CANCELLED_BY_CLERK"):
            self.tickets.pop(ticket_id)
        elif status == "CALLED":
            self.tickets[ticket_id] = before.model_copy(update={
                "status": "CALLED", "called": Called(date=now)})
        else:  # back to the end of the queue
            self.tickets[ticket_id] = before.model_copy(update={
                "status": "NEW", "called": None, "order_after": now})
        return undo

    def confirm(self, undo: Undo, ticket: Ticket | None = None) -> None:
        """Qminder accepted: keep the optimistic row (or the ticket it sent back) — unless the
        visit finished meanwhile (a live event ended the action), which stands."""
        if self.pending.get(undo.ticket_id) is not undo:
            return
        del self.pending[undo.ticket_id]
        self.marks += 1
        self.settled[undo.ticket_id] = self.marks
        if ticket is not None and self._mine(ticket) and not ticket.is_finished:
            self.tickets[ticket.id] = ticket

    def rollback(self, undo: Undo) -> None:
        """Qminder refused: the row is exactly as it was before the key was pressed (with any
        news Qminder sent about it meanwhile)."""
        if self.pending.get(undo.ticket_id) is not undo:
            return  # a live event already told us the visit finished
        del self.pending[undo.ticket_id]
        if undo.before is None:
            self.tickets.pop(undo.ticket_id, None)
        else:
            self.tickets[undo.ticket_id] = undo.before

    # -- reading ------------------------------------------------------------------------------
    def next_waiting(self, line_id: str) -> Ticket | None:
        """The ticket "call next" calls on ``line_id``: first in queue order."""
        waiting = [t for t in self.tickets.values()
                   if t.is_waiting and (t.line or "") == line_id and t.id not in self.pending]
        return min(waiting, key=_queue_key) if waiting else None

    def rows(self, now: datetime) -> list[Row]:
        """Called tickets first (being served), then waiting in queue order, per line."""
        order = {line_id: k for k, line_id in enumerate(self.lines)}
        positions: dict[str, int] = {}
        by_line: dict[str, list[Ticket]] = {}
        for ticket in self.tickets.values():
            by_line.setdefault(ticket.line or "", []).append(ticket)
        rows: list[Row] = []
        for line_id in sorted(by_line, key=lambda i: (order.get(i, len(order)), i)):
            tickets = sorted(by_line[line_id], key=lambda t: (not t.is_called, _queue_key(t)))
            for ticket in tickets:
                if ticket.is_waiting:
                    positions[line_id] = positions.get(line_id, 0) + 1
                rows.append(Row(
                    ticket=ticket, line_id=line_id, line_name=self._line_name(ticket),
                    position=positions[line_id] if ticket.is_waiting else None,
                    waited=_waited(ticket, now),
                    pending=self.pending[ticket.id].action if ticket.id in self.pending
                    else None))
        return rows

    def stats(self, now: datetime) -> list[LineStats]:
        today = now.astimezone(self.zone).date()
        out = []
        ids = list(self.lines) + sorted({t.line or "" for t in self.tickets.values()}
                                        - set(self.lines))
        for line_id in ids:
            mine = [t for t in self.tickets.values() if (t.line or "") == line_id]
            waits = [w for w in (_waited(t, now) for t in mine if t.is_waiting) if w is not None]
            called = [seconds for line, seconds, day in self.waits_today.values()
                      if line == line_id and day == today]
            out.append(LineStats(
                line_id=line_id, name=self._line_name_of(line_id),
                waiting=sum(1 for t in mine if t.is_waiting),
                called=sum(1 for t in mine if t.is_called),
                longest_wait=max(waits, default=None),
                average_wait_today=timedelta(seconds=statistics.fmean(called))
                if called else None,
                called_today=len(called)))
        return out

    # -- helpers ------------------------------------------------------------------------------
    def _mine(self, ticket: Ticket) -> bool:
        return not self.only_lines or (ticket.line or "") in self.only_lines

    def _line_name(self, ticket: Ticket) -> str:
        line = self.lines.get(ticket.line or "")
        return (line.name if line else "") or ticket.line_name or \
            (f"line {ticket.line}" if ticket.line else "no line")

    def _line_name_of(self, line_id: str) -> str:
        line = self.lines.get(line_id)
        if line is not None and line.name:
            return line.name
        for ticket in self.tickets.values():
            if (ticket.line or "") == line_id and ticket.line_name:
                return ticket.line_name
        return f"line {line_id}" if line_id else "no line"

    def _count_wait(self, ticket: Ticket, now: datetime) -> None:
        called = ticket.called.date if ticket.called else None
        joined = ticket.created_at
        if called is None or joined is None or ticket.id in self.waits_today:
            return
        day = called.astimezone(self.zone).date()
        if day != now.astimezone(self.zone).date():
            return
        seconds = (called - joined).total_seconds()
        if seconds >= 0:
            self.waits_today[ticket.id] = (ticket.line or "", seconds, day)


def _queue_key(ticket: Ticket) -> tuple[float, str]:
    moment = ticket.queue_time
    return (moment.timestamp() if moment else float("inf"), ticket.id)


def _waited(ticket: Ticket, now: datetime) -> timedelta | None:
    """How long the visitor has waited: since joining (or being returned to the queue); for
    a called visitor, how long they had waited when called — it stops growing then."""
    called = ticket.called.date if ticket.is_called and ticket.called else None
    if called is not None and ticket.created_at is not None:
        return max(called - ticket.created_at, timedelta(0))
    start = ticket.order_after if ticket.is_waiting and ticket.order_after and \
        ticket.created_at and ticket.order_after > ticket.created_at else ticket.created_at
    if start is None:
        return None
    return max(now - start, timedelta(0))


def _merge(old: Ticket | None, new: Ticket) -> Ticket:
    """A live event's ticket over the one we had: GraphQL sends fewer fields than REST, so a
    field the event leaves empty keeps its old value (labels only change via label events
    or a full search)."""
    if old is None:
        return new
    update = {name: value for name, value in new if value not in (None, "", [])}
    update.pop("labels", None)
    if new.status.upper() == "NEW":  # returned to the queue: the call is over
        update["called"] = new.called
    return old.model_copy(update=update)


def overdue(waited: timedelta | None) -> bool:
    """A wait of :data:`LONG_WAIT` or more (the panel and the CLI mark it)."""
    return waited is not None and waited >= LONG_WAIT
