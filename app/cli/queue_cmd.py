"""``clientdesk queue [--json] [--line ID …]`` — who is waiting now, for support and scripting.

One catch-up, the searches the window's live feed runs after every (re)connect: the
location's lines, every waiting or called ticket, and today's finished visits (for "average
wait today"), put on a :class:`~app.queue.board.QueueBoard`. No websocket: a one-shot view
needs no live updates, and this costs three requests of the account's shared 5,000 an hour.
The queue is built by :func:`app.queue.service.open_queue`, as the window's is, and every
text — waits, statuses, sources, line stats, the match and the blacklist warning — comes
from :mod:`app.queue.words`, so the two screens say the same things. This module only lays
them out in columns (and keeps support detail the window leaves out: the customer's id).

Each ticket is matched to a cached customer (:func:`app.queue.match.match_all`) so the output
says who the visitor probably is — loyalty points, no-shows, and the blacklist *with its
reason*. That is why this is a staff/support tool: the window shows the same to the host.

Unlike ``show``, nothing here works from the cache alone: the queue is not cached. With
Qminder unreachable the command says so and exits 5 (UNAVAILABLE), never printing an empty
queue that could be mistaken for "nobody is waiting". A store whose profile has no
``[qminder]`` table exits 2 (BAD_PROFILE), as ``sync --vendor`` does for a vendor the store
does not use.

Vendor text (names, labels, extra fields, statuses) is printed literally through
:func:`app.cli.show_cmd.lit`: control characters and bidirectional overrides appear as
escapes and never reach the terminal.
"""

from __future__ import annotations

import asyncio
import json
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import click

from app.cache.db import Cache, cache_path
from app.cli.context import CliContext
from app.cli.show_cmd import lit
from app.errors import ClientdeskError, ExitCode, Unavailable, UsageError, VendorError
from app.formatting import current_formats
from app.profile import QminderTable, StoreProfile
from app.queue.board import LONG_WAIT, LineStats, QueueBoard, Row, overdue
from app.queue.feed import SEARCH_LIMIT
from app.queue.match import Match, match_all
from app.queue.service import open_queue, queue_board, queue_table
from app.queue.walk_in import Added, WalkIn, check_walk_in
from app.queue.words import (
    WARN,
    Wording,
    blacklist_text,
    details_text,
    duration_text,
    line_text,
    match_text,
    row_wait_text,
    shown_labels,
    source_text,
    status_text,
    ticket_name,
)
from app.secrets import SecretSource
from app.vendors.qminder.models import Line, Ticket

pass_ctx = click.make_pass_decorator(CliContext)


class QueueUnavailable(ClientdeskError):
    """The catch-up failed; exits with the vendor error's own code (4, 5, 6 or 7)."""

    def __init__(self, error: VendorError) -> None:
        hint = ("check the network or Qminder's status page, then try again — the queue is "
                "not cached, so nothing can be shown meanwhile"
                if isinstance(error, Unavailable) else error.hint)
        super().__init__(f"the queue cannot be shown — {error.vendor}: {error.message} — {hint}")
        self.exit_code = error.exit_code


# -- what was fetched ---------------------------------------------------------------------------
@dataclass
class Snapshot:
    """The board after one catch-up, its time, and who each ticket probably is."""

    store: StoreProfile
    board: QueueBoard
    as_of: datetime
    truncated: bool = False
    cached_customers: int = 0
    matches: dict[str, Match | None] = field(default_factory=dict)

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.store.store.timezone)

    def rows(self) -> list[Row]:
        return self.board.rows(self.as_of)

    def stats(self) -> list[LineStats]:
        return self.board.stats(self.as_of)


def _check_lines(table: QminderTable, wanted: tuple[int, ...], lines: list[Line]) -> None:
    """Refuse a ``--line`` the location does not have: Qminder would answer an empty queue,
    which reads as "nobody waiting" rather than "wrong id"."""
    known = {line.id for line in lines}
    unknown = [str(i) for i in wanted if str(i) not in known]
    if unknown:
        choices = ", ".join(f"{line.id} ({lit(line.name) or 'no name'})" for line in lines)
        raise UsageError(f"--line {', '.join(unknown)}: not a line of Qminder location "
                         f"{table.location_id} — choose from: "
                         f"{choices or 'none (the location has no lines)'}")


async def fetch(store: StoreProfile, secrets: SecretSource,
                lines: tuple[int, ...]) -> tuple[QueueBoard, datetime, bool]:
    """The window's full catch-up (no websocket) onto a board of ``lines``: the location's
    lines, today's finished visits and every waiting or called ticket. CredentialError
    without a key (nothing asked of Qminder), VendorError on any failure; an unknown
    ``--line`` is refused before a search is spent."""
    table = queue_table(store)
    async with await open_queue(store, secrets, board=queue_board(store, lines)) as queue:
        _check_lines(table, lines, await queue.read_lines())
        await queue.read_queue()
    board = queue.board
    return board, board.updated_at or datetime.now(UTC), queue.feed.truncated


def match_tickets(conn: sqlite3.Connection, tickets: list[Ticket],
                  country: str) -> tuple[int, dict[str, Match | None]]:
    """How many customers the cache holds, and each ticket's match among them."""
    customers = int(conn.execute("SELECT COUNT(*) FROM customers").fetchone()[0])
    if customers == 0:
        return 0, {t.id: None for t in tickets}
    return customers, match_all(conn, tickets, country)


# -- human output -------------------------------------------------------------------------------
def render(shot: Snapshot) -> Iterator[str]:
    """The queue as columns; every text from :mod:`app.queue.words`, made literal here, with
    the figures (points) in the store's formats as every other command prints them."""
    wording = Wording(current_formats())
    zone = shot.zone
    local = shot.as_of.astimezone(zone)
    yield (f"Queue of {lit(shot.store.store.name)} — as of "
           f"{current_formats().time_seconds(local)} "
           f"({shot.store.store.timezone}); waits marked {WARN} from "
           f"{duration_text(LONG_WAIT, wording)}; a called ticket shows how long it waited")
    rows = shot.rows()
    by_line: dict[str, list[Row]] = {}
    for row in rows:
        by_line.setdefault(row.line_id, []).append(row)
    stats = shot.stats()
    if not stats:
        yield ""
        yield "No lines and nobody in the queue."
    for line in stats:
        yield ""
        known = shot.board.lines.get(line.line_id)
        yield lit(line_text(line, disabled=known is not None and known.is_disabled,
                            wording=wording))
        mine = by_line.get(line.line_id, [])
        if not mine:
            yield "  nobody in the queue"
            continue
        names = [lit(ticket_name(r.ticket, wording)) for r in mine]
        width = min(30, max(len(n) for n in names))
        for row, name in zip(mine, names, strict=True):
            yield from _row_lines(row, name, width, shot.matches.get(row.ticket.id), wording)


def _row_lines(row: Row, name: str, width: int, match: Match | None,
               wording: Wording) -> Iterator[str]:
    ticket = row.ticket
    position = f"{row.position:>4}" if row.position is not None else "   -"
    yield (f"{position}  {name.ljust(width)}  {row_wait_text(row, wording):<13} "
           f"{lit(status_text(ticket.status, wording)):<9} "
           f"{lit(source_text(ticket.source, wording))}")
    pad = " " * 8
    labels = [lit(label.value) for label in shown_labels(ticket)]
    if labels:
        yield f"{pad}labels: {', '.join(labels)}"
    if ticket.extra:
        yield f"{pad}{lit(details_text(ticket, wording))}"
    if match is not None:
        # The customer's id is support detail the window leaves out: `clientdesk show id:57`.
        yield f"{pad}customer: {lit(match_text(match, wording))} · id:{match.customer_id}"
        if match.blacklisted:
            yield f"{pad}{lit(blacklist_text(match, wording))}"


# -- JSON output --------------------------------------------------------------------------------
def _seconds(delta: timedelta | None) -> int | None:
    return None if delta is None else int(delta.total_seconds())


def _match_json(match: Match | None) -> dict[str, Any] | None:
    if match is None:
        return None
    return {"customer_id": match.customer_id, "name": match.name, "how": match.how,
            "certain": match.certain, "label": match.label, "points": match.points,
            "blacklisted": match.blacklisted, "blacklist_reason": match.blacklist_reason,
            "no_shows": match.no_shows}


def _ticket_json(row: Row, match: Match | None) -> dict[str, Any]:
    ticket = row.ticket
    return {
        "id": str(ticket.id),
        "public_id": ticket.public_id,
        "line": row.line_id,
        "line_name": row.line_name,
        "name": ticket.name or None,
        "status": ticket.status,
        "status_known": ticket.status_known,
        "position": row.position,
        "waited_s": _seconds(row.waited),
        "wait_warning": ticket.is_waiting and overdue(row.waited),
        "created_at": ticket.created_at.isoformat() if ticket.created_at else None,
        "labels": [{"value": label.value, "color": label.hex_color} for label in ticket.labels],
        "extra": [{"title": x.title, "value": x.value, "url": x.link} for x in ticket.extra],
        "source": ticket.source,
        "match": _match_json(match),
    }


def as_json(shot: Snapshot) -> dict[str, Any]:
    """Times ISO 8601 with the store's offset; durations in whole seconds; ids as strings;
    label colours as ``#rrggbb`` or null and extra-field URLs only when http(s) — never raw
    vendor text a consumer might put in a style sheet or open."""
    return {
        "as_of": shot.as_of.astimezone(shot.zone).isoformat(),
        "store": {"id": shot.store.store.id, "timezone": shot.store.store.timezone},
        "location_id": shot.store.qminder.location_id if shot.store.qminder else None,
        "wait_warning_s": int(LONG_WAIT.total_seconds()),
        "truncated": shot.truncated,
        "cached_customers": shot.cached_customers,
        "lines": [{"id": s.line_id, "name": s.name, "waiting": s.waiting, "called": s.called,
                   "longest_wait_s": _seconds(s.longest_wait),
                   "average_wait_today_s": _seconds(s.average_wait_today),
                   "called_today": s.called_today} for s in shot.stats()],
        "tickets": [_ticket_json(row, shot.matches.get(row.ticket.id)) for row in shot.rows()],
    }


# -- the command --------------------------------------------------------------------------------
_HELP = f"""Show who is waiting now: per line, each ticket's position, wait, status and labels.

Asks Qminder once (no live updates) and matches every ticket to a cached customer by
phone, email or — shown as "possible" only — a unique full name. A staff and support
tool: it prints matched customers' loyalty points and, for blacklisted customers, the
blacklist REASON. Waits from {duration_text(LONG_WAIT)} are marked {WARN}.

Exits 0 when shown; 2 when the store profile has no [qminder] table or --line names no
line of the location; 3 without a Qminder credential; 4, 5, 6 or 7 when Qminder refused
the key, could not be reached, is rate-limiting, or sent what cannot be read — the queue
is not cached, so nothing is printed then.
"""


@click.group(help=_HELP, invoke_without_command=True)
@click.option("--json", "json_out", is_flag=True,
              help="One JSON object: as_of, lines (waiting, longest and average wait) and "
                   "tickets (position, wait, labels, extra fields, source, matched customer "
                   "with any blacklist reason).")
@click.option("--line", "lines", type=int, multiple=True, metavar="ID",
              help="Only this Qminder line (its numeric id); repeat for several. Default: the "
                   "profile's qminder.lines, or every line of the location.")
@click.pass_context
def queue(click_ctx: click.Context, json_out: bool, lines: tuple[int, ...]) -> int | None:
    """The queue once; the help text is :data:`_HELP` (it names the warning threshold)."""
    if click_ctx.invoked_subcommand is not None:
        if json_out or lines:
            raise UsageError("--json and --line before `add` belong to the list: "
                             "`clientdesk queue [--json] [--line ID]…`; give `add` its own")
        return None
    ctx = click_ctx.find_object(CliContext)
    assert ctx is not None
    store = ctx.profile()
    queue_table(store, ctx.profile_path)  # no [qminder]: exit 2 before any keyring read
    try:
        board, as_of, truncated = asyncio.run(fetch(store, ctx.secrets(), lines))
    except VendorError as exc:
        raise QueueUnavailable(exc) from None
    shot = Snapshot(store=store, board=board, as_of=as_of, truncated=truncated)
    cache = Cache.open(cache_path(ctx.paths.data_dir, store.store.id))
    for notice in cache.notices:
        click.echo(f"clientdesk: {notice}", err=True)
    conn = cache.connect(readonly=True)
    try:
        shot.cached_customers, shot.matches = match_tickets(
            conn, list(board.tickets.values()), store.store.country)
    finally:
        conn.close()
    if shot.cached_customers == 0:
        click.echo("clientdesk: the local cache holds no customers, so no ticket is matched "
                   "to one — run `clientdesk sync` first", err=True)
    if truncated:
        click.echo(f"clientdesk: Qminder sent the most tickets one search returns "
                   f"({SEARCH_LIMIT}); some of today's may be missing", err=True)
    if json_out:
        click.echo(json.dumps(as_json(shot), ensure_ascii=False))
    else:
        for text in render(shot):
            click.echo(text)
    return int(ExitCode.OK)


@queue.command("add")
@click.option("--line", "line_id", required=True, metavar="ID",
              help="The Qminder line (its numeric id; `clientdesk queue` lists them).")
@click.option("--first-name", required=True, help="2 to 50 characters.")
@click.option("--last-name", default=None, help="At most 50 characters.")
@click.option("--phone", default=None, help="Local or international form.")
@click.option("--email", default=None)
@click.option("--label", "labels", multiple=True, metavar="TEXT",
              help="A label for the ticket; repeat for several.")
@click.option("--json", "json_out", is_flag=True, help="One JSON object on stdout.")
@pass_ctx
def add(ctx: CliContext, line_id: str, first_name: str, last_name: str | None,
        phone: str | None, email: str | None, labels: tuple[str, ...], json_out: bool) -> int:
    """Add a walk-in to the queue (Qminder's create ticket), as the window's Add walk-in does.

    Everything is checked before anything is sent (exit 2: a one-letter name, a phone with
    letters, an unknown line…). A create is never sent twice blindly: when Qminder's answer is
    lost, the queue is searched for the ticket first (:mod:`app.queue.walk_in`). Exit codes: 0
    added; 2 bad input; 3 no Qminder key; 4 key refused; 5 Qminder unreachable (or the answer
    lost and the queue could not be checked — look before adding again); 9 refused.
    """
    store = ctx.profile()
    queue_table(store, ctx.profile_path)  # no [qminder]: exit 2 before any keyring read
    walk_in = check_walk_in(line_id, first_name, last_name=last_name, phone=phone,
                            email=email, labels=labels, country=store.store.country)
    try:
        added = asyncio.run(_add(store, ctx.secrets(), walk_in))
    except VendorError as exc:
        raise WalkInFailed(exc) from None
    if json_out:
        click.echo(json.dumps({"ticket_id": added.ticket_id, "line_id": walk_in.line_id,
                               "line": added.line_name, "name": walk_in.name,
                               "recovered": added.recovered}, ensure_ascii=False))
    else:
        click.echo(f"Added {lit(walk_in.name)} to {lit(added.line_name)} (ticket "
                   f"{added.ticket_id})."
                   + (" Qminder's answer was lost; the ticket was found in the queue."
                      if added.recovered else ""))
    return int(ExitCode.OK)


async def _add(store: StoreProfile, secrets: SecretSource, walk_in: WalkIn) -> Added:
    async with await open_queue(store, secrets) as service:
        return await service.add_walk_in(walk_in)


class WalkInFailed(ClientdeskError):
    """Qminder did not take the walk-in; exits with the vendor error's own code."""

    def __init__(self, error: VendorError) -> None:
        super().__init__(f"the walk-in was not added — {error.one_line()}")
        self.exit_code = error.exit_code
