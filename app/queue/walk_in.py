"""Adding a walk-in to the queue: the rules the window's dialog and ``clientdesk queue add`` share.

Why here: staff add walk-ins more than anything else at a counter, and Qminder refuses a bad
one with a 400 that costs a request of the account's shared budget. So the input is checked
first, once, with messages a person can act on (:func:`check_walk_in`, nothing sent); then
:func:`add_walk_in` sends ``POST /tickets``.

Creates are not safe to repeat (a retry after a lost answer would queue the visitor twice),
so the HTTP layer never retries them. When the answer is lost (a timeout, a reset) the ticket
may or may not exist: we look for it — a ticket in that line, created since just before we
sent, with that first name (and phone, when given) — before sending again, exactly once.
If even the look fails, we say that we do not know, rather than guess.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from app.cache.outbox import EditRefused, clean_label
from app.domain.contacts import normalise_email, normalise_phone
from app.errors import ClientdeskError, ExitCode, Unavailable, VendorError
from app.vendors.qminder.client import QminderClient
from app.vendors.qminder.models import Line

log = logging.getLogger("clientdesk.queue")

NAME_MIN, NAME_MAX = 2, 50  # Qminder's own limits for firstName (lastName: at most 50)
#: How far before our send a found ticket may have been created (clocks differ a little).
CLOCK_SLACK = timedelta(seconds=30)


class WalkInRefused(ClientdeskError):
    """Input Qminder would refuse, caught before anything is sent (exit 2)."""

    exit_code = ExitCode.BAD_PROFILE


class WalkInUncertain(ClientdeskError):
    """The create was sent, its answer lost, and looking for the ticket failed too (exit 5)."""

    exit_code = ExitCode.UNAVAILABLE


@dataclass(frozen=True)
class WalkIn:
    """A checked walk-in, ready to send."""

    line_id: int
    first_name: str
    last_name: str | None = None
    phone: str | None = None  # E.164
    email: str | None = None
    labels: tuple[str, ...] = ()

    @property
    def name(self) -> str:
        return " ".join(p for p in (self.first_name, self.last_name) if p)


@dataclass(frozen=True)
class Added:
    ticket_id: str
    line_name: str
    recovered: bool = False  # the answer was lost; the ticket was found by looking


def check_walk_in(line_id: int | str, first_name: str, *, last_name: str | None = None,
                  phone: str | None = None, email: str | None = None,
                  labels: Sequence[str] = (), country: str) -> WalkIn:
    """The walk-in as it will be sent, or :class:`WalkInRefused` naming what to fix."""
    try:
        line = int(str(line_id).strip())
    except ValueError:
        raise WalkInRefused(f"The line must be a Qminder line id (a number), not "
                            f"{str(line_id)[:40]!r}.") from None
    if line <= 0:
        raise WalkInRefused("The line must be a Qminder line id (a positive number).")
    first = " ".join(first_name.split())
    if not NAME_MIN <= len(first) <= NAME_MAX:
        raise WalkInRefused(f"The first name must be {NAME_MIN} to {NAME_MAX} characters "
                            f"(it has {len(first)}). Nothing was sent.")
    last = " ".join((last_name or "").split()) or None
    if last is not None and len(last) > NAME_MAX:
        raise WalkInRefused(f"The last name can be at most {NAME_MAX} characters. "
                            "Nothing was sent.")
    e164: str | None = None
    if phone is not None and phone.strip():
        if any(ch.isalpha() for ch in phone):
            raise WalkInRefused("The phone number has letters in it; type only digits, "
                                "spaces and +. Nothing was sent.")
        e164 = normalise_phone(phone, country)
        if e164 is None:
            raise WalkInRefused(f"{phone.strip()[:30]!r} is not a phone number "
                                f"(in {country} or international form). Nothing was sent.")
    mail: str | None = None
    if email is not None and email.strip():
        mail = normalise_email(email)
        if mail is None:
            raise WalkInRefused("The email address is not complete (name@domain). "
                                "Nothing was sent.")
    cleaned: list[str] = []
    for text in labels:
        try:
            label = clean_label(text)
        except EditRefused as exc:
            raise WalkInRefused(f"{exc.message} Nothing was sent.") from None
        if label not in cleaned:
            cleaned.append(label)
    return WalkIn(line, first, last, e164, mail, tuple(cleaned))


def _line(lines: Sequence[Line], walk_in: WalkIn) -> Line:
    for line in lines:
        if str(line.id) == str(walk_in.line_id):
            if line.disabled:
                raise WalkInRefused(f"The line {line.name} is switched off in Qminder. "
                                    "Nothing was sent.")
            return line
    known = ", ".join(f"{line.id} ({line.name})" for line in lines if not line.disabled)
    raise WalkInRefused(f"There is no line {walk_in.line_id} at this location"
                        + (f"; its lines are {known}." if known else ".") + " Nothing was sent.")


async def add_walk_in(client: QminderClient, walk_in: WalkIn, *,
                      lines: Sequence[Line] | None = None,
                      clock: Callable[[], datetime] = lambda: datetime.now(UTC)) -> Added:
    """Send the walk-in (once, or twice only when the first surely did not arrive)."""
    line = _line(lines if lines is not None else await client.lines(), walk_in)
    for attempt in (1, 2):
        sent_at = clock()
        try:
            ticket_id = await client.create_ticket(
                walk_in.line_id, walk_in.first_name, last_name=walk_in.last_name,
                phone=walk_in.phone, email=walk_in.email, labels=walk_in.labels)
        except Unavailable as lost:
            found = await _look_for(client, walk_in, sent_at, lost)
            if found is not None:
                log.info("walk-in: the create's answer was lost; ticket %s found", found)
                return Added(found, line.name, recovered=True)
            if attempt == 2:
                raise
            log.info("walk-in: the create's answer was lost and no ticket came of it; "
                     "sending once more")
            continue
        return Added(ticket_id, line.name)
    raise AssertionError("unreachable")  # pragma: no cover


async def _look_for(client: QminderClient, walk_in: WalkIn, sent_at: datetime,
                    lost: VendorError) -> str | None:
    try:
        tickets = await client.search_tickets(
            lines=[walk_in.line_id], statuses=["NEW", "CALLED"],
            min_created=sent_at - CLOCK_SLACK, limit=100, order="created DESC")
    except VendorError as exc:
        raise WalkInUncertain(
            f"Qminder did not confirm adding {walk_in.name} ({lost.message}), and the queue "
            f"could not be checked ({exc.message}). Look at the queue before adding them "
            "again: they may already be in it.") from None
    for ticket in tickets:
        same_name = " ".join((ticket.first_name or "").split()).casefold() == \
            walk_in.first_name.casefold()
        same_phone = walk_in.phone is None or (ticket.phone_number or "").lstrip("+") == \
            walk_in.phone.lstrip("+")
        if same_name and same_phone:
            return str(ticket.id)
    return None
