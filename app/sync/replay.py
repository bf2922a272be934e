"""Send queued edits to their vendors: in order per record, at least once, and never twice in
effect (vendor rules: ``../shared/vendors/README.md`` rule 9).

Why each kind is safe to send again after a crash between "the vendor applied it" and "we
marked it done":

* ``note.set`` is a PUT (idempotent), and the upstream note is read first: already equal to
  ours means it was applied — done without sending. Different from ours *and* from the note
  the editor started from means someone changed it meanwhile: a **conflict**, kept for a
  person to decide (both versions are stored), never overwritten.
* ``blacklist.add`` / ``.remove`` are PUT / DELETE on the reservations server: idempotent.
* ``bookings.transfer`` moves what the source still has: the second time, nothing.
* ``walkin.complete`` (:mod:`app.cache.complete`) is a PUT of the changed fields, judged like
  a note on the five fields a completion may change: already ours → done without sending;
  different from the edit's base → a **conflict** (the server's version kept masked, with its
  fingerprint for "keep mine"). A record that is no longer a walk-in placeholder (linked to a
  customer account meanwhile) is refused for good: its details are the account's now.
* ``label.add`` answers "no action" when the label is there; removing an absent label is done.

Failures: network, 5xx and 429 are transient — retried with exponential backoff (5 s doubling
to 5 min, kept in the outbox row so it survives restarts). Anything the vendor refuses (4xx,
unreadable answers, refused credentials) is permanent for that edit: it is marked failed,
shown to staff (retry, edit or discard), and the record's later edits wait behind it so their
order is kept.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any, TypeVar

from app.cache import complete, outbox
from app.cache.outbox import Edit
from app.errors import (
    ClientdeskError,
    CredentialError,
    NotFound,
    RateLimited,
    Unavailable,
    VendorError,
)
from app.vendors.qminder import QminderClient
from app.vendors.reservations import ReservationsClient

log = logging.getLogger("clientdesk.sync.replay")
T = TypeVar("T")
CacheJob = Callable[[Callable[[sqlite3.Connection], T]], Awaitable[T]]
ClientFor = Callable[[str], Awaitable[Any]]
BACKOFF_FIRST_S, BACKOFF_MAX_S = 5, 300


class Conflict(Exception):
    """The record changed upstream since the edit began."""

    def __init__(self, upstream: Any) -> None:
        super().__init__("changed upstream")
        self.upstream = upstream


class WalkInConflict(Conflict):
    """A walk-in record changed upstream: ``upstream`` is its snapshot (contacts in full), kept
    only masked and as a fingerprint (:func:`app.cache.complete.mark_conflict`)."""


class NoLongerWalkIn(ClientdeskError):
    """The record was linked to a customer account since the edit began."""


@dataclass
class ReplayReport:
    sent: list[int] = field(default_factory=list)
    retrying: list[int] = field(default_factory=list)
    failed: list[int] = field(default_factory=list)


def backoff(attempts: int) -> timedelta:
    """Delay before the next try of an edit that has failed ``attempts`` times: 5 s, 10 s,
    20 s … at most 5 minutes (the edit waits in the outbox, not in memory)."""
    return timedelta(seconds=min(BACKOFF_MAX_S, BACKOFF_FIRST_S * 2 ** max(attempts - 1, 0)))


class Replayer:
    """Replays the outbox; ``client_for(vendor)`` gives an open client (the caller owns it)."""

    def __init__(self, run: CacheJob[Any], client_for: ClientFor, *,
                 clock: Callable[[], datetime]) -> None:
        self._run = run
        self._client_for = client_for
        self.clock = clock

    async def run_once(self, *, now_all: bool = False) -> ReplayReport:
        """Send every due edit (one per record at a time) until none is due; ``now_all``
        counts edits still waiting out a backoff as due."""
        report = ReplayReport()
        while True:
            due: list[Edit] = await self._run(lambda conn: outbox.next_due(
                conn, self.clock(), ignore_backoff=now_all))
            due = [e for e in due if e.id not in report.retrying]
            if not due:
                return report
            for edit in due:
                await self._one(edit, report)

    async def _one(self, edit: Edit, report: ReplayReport) -> None:
        try:
            client = await self._client_for(edit.vendor)
            await _send(edit, client)
        except WalkInConflict as conflict:
            snap = conflict.upstream
            await self._run(lambda conn: complete.mark_conflict(conn, edit.id, snap))
            report.failed.append(edit.id)
        except Conflict as conflict:
            upstream = conflict.upstream
            await self._run(lambda conn: outbox.mark_failed(
                conn, edit.id, "changed upstream since the edit began: choose a version",
                upstream))
            report.failed.append(edit.id)
        except CredentialError as exc:
            # Not the vendor's answer: the edit waits (pending) until a secret is stored.
            at = self.clock() + backoff(edit.attempts + 1)
            why = exc.message
            await self._run(lambda conn: outbox.mark_retry(conn, edit.id, why, at))
            report.retrying.append(edit.id)
        except (Unavailable, RateLimited) as exc:
            at = self.clock() + max(backoff(edit.attempts + 1),
                                    timedelta(seconds=getattr(exc, "retry_after", 0) or 0))
            why = exc.one_line()
            await self._run(lambda conn: outbox.mark_retry(conn, edit.id, why, at))
            report.retrying.append(edit.id)
        except (VendorError, ClientdeskError) as exc:
            message = exc.one_line() if isinstance(exc, VendorError) else exc.message
            log.warning("outbox: edit %d (%s) refused: %s", edit.id, edit.kind, message)
            await self._run(lambda conn: outbox.mark_failed(conn, edit.id, message))
            report.failed.append(edit.id)
        else:
            await self._run(lambda conn: outbox.mark_done(conn, edit.id, self.clock()))
            report.sent.append(edit.id)


async def _send(edit: Edit, client: Any) -> None:
    p = edit.payload
    if edit.vendor == "reservations":
        assert isinstance(client, ReservationsClient)
        if edit.kind == "note.set":
            current = await client.customer(p["customer_id"])
            upstream = current.note or ""
            if upstream == p["note"]:
                return  # already there (sent before a crash, or typed twice)
            if edit.base is not None and upstream != (edit.base or ""):
                raise Conflict(upstream)
            await client.update_note(p["customer_id"], p["note"])
        elif edit.kind == "blacklist.add":
            await client.blacklist(p["customer_id"], p["reason"])
        elif edit.kind == "blacklist.remove":
            await client.unblacklist(p["customer_id"])
        elif edit.kind == "bookings.transfer":
            await client.transfer_bookings(p["from_id"], p["to_id"])
        elif edit.kind == complete.KIND:
            await _complete(edit, client)
        else:
            raise ClientdeskError(f"unknown edit kind {edit.kind!r}")
        return
    assert isinstance(client, QminderClient)
    if edit.kind == "label.add":
        await client.add_label(p["ticket_id"], p["label"])
    elif edit.kind == "label.remove":
        try:
            await client.remove_label(p["ticket_id"], p["label"])
        except NotFound:
            return  # the label (or ticket's label) is already gone: what we wanted
    else:
        raise ClientdeskError(f"unknown edit kind {edit.kind!r}")


async def _complete(edit: Edit, client: ReservationsClient) -> None:
    """Send a walk-in completion: read the record first (see the module docstring)."""
    p = edit.payload
    fields: dict[str, str] = dict(p.get("fields") or {})
    current = await client.customer(p["customer_id"])
    if not current.is_dummy:
        raise NoLongerWalkIn(
            "reservations: this record is linked to a customer account now; its name, email "
            "and phone come from that account, so the walk-in details were not sent")
    upstream = complete.snapshot(current.model_dump(mode="json"))
    if complete.is_applied(fields, upstream):
        return  # already there (sent before a crash, or typed twice)
    base = complete.base_fingerprint(edit.base)
    if base is not None and complete.fingerprint(upstream) != base:
        raise WalkInConflict(upstream)
    birthday = fields.get("birthday")
    await client.update_customer(
        p["customer_id"], first_name=fields.get("first_name"),
        last_name=fields.get("last_name"), email=fields.get("email"),
        phone_number=fields.get("phone_number"),
        birthday=date.fromisoformat(birthday) if birthday else None)
