"""What the edit commands share: the cache, the reservations record a customer reference names,
the manager PIN, and sending an edit right away through the outbox the window uses.

Why it is shaped like this:

* **One outbox.** Every edit goes through :mod:`app.cache.edits` (applied to the cache, queued
  and audited in one transaction) and is sent by :meth:`SyncEngine.replay_outbox` — the same
  code the window and every sync run. The CLI never talks to a vendor about an edit itself,
  so an edit typed here and one typed at the counter are ordered, retried and checked for
  conflicts alike.
* **Offline is not a failure.** An edit queued because the vendor cannot be reached is safe:
  the command says so and exits 0 (the issue asks for this; a script that retried would queue
  it twice). Only what needs a person — the vendor refused the edit, the note changed upstream,
  an earlier refused edit holds this one back, no credential to send with — exits non-zero.
* **One sender at a time.** Sending now takes the cache's sync lock, so a send from the CLI
  never overlaps the window's sync sending the same edit; with the lock busy the edit stays
  queued for that sync.
* **Bad input reads the same everywhere.** :class:`EditRefused` carries the core's wording,
  shared with the window; here it becomes exit 2 with that message. Which reservations record
  a customer means is the core's rule too (:mod:`app.cache.blacklist`): nobody or not on the
  list is exit 8, several records that could be meant exit 2.
"""

from __future__ import annotations

import asyncio
import json
import sqlite3
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import click

from app.cache import complete, outbox
from app.cache.blacklist import (
    NoReservationsRecord,
    NotOnBlacklist,
    SeveralRecords,
    reservations_record,
)
from app.cache.db import Cache, cache_path
from app.cache.edits import CustomerRecord
from app.cache.outbox import Edit, EditRefused
from app.cli.context import CliContext
from app.cli.show_cmd import CustomerNotFound, lit
from app.customer.resolve import NotResolved, resolve
from app.errors import ClientdeskError, CredentialError, ExitCode, UsageError
from app.manager import ManagerLock, PinError
from app.paths import manager_tries_file
from app.profile import VENDOR_NAMES, StoreProfile
from app.secrets import SecretSource
from app.sync.engine import SyncEngine
from app.sync.replay import ReplayReport

pass_ctx = click.make_pass_decorator(CliContext)


class EditNotFound(ClientdeskError):
    """An outbox id that names no edit."""

    exit_code = ExitCode.NOT_FOUND


# -- the cache ---------------------------------------------------------------------------------
@contextmanager
def opened_cache(ctx: CliContext,
                 store: StoreProfile) -> Iterator[tuple[Cache, sqlite3.Connection]]:
    """The store's cache and one connection on this thread (closed after)."""
    cache = Cache.open(cache_path(ctx.paths.data_dir, store.store.id))
    for notice in cache.notices:
        click.echo(f"clientdesk: {notice}", err=True)
    conn = cache.connect(durable=True)  # the edit commands commit what was typed here
    try:
        yield cache, conn
    finally:
        conn.close()


@contextmanager
def refusals() -> Iterator[None]:
    """The core's refusals (shared wording with the window) as exit codes: which record a
    customer means (:mod:`app.cache.blacklist`) — 8 for nobody or not on the list, 2 for
    several records that could be meant — and any other bad input, 2."""
    try:
        yield
    except (NoReservationsRecord, NotOnBlacklist) as exc:
        raise CustomerNotFound(exc.text(lit)) from None
    except SeveralRecords as exc:
        raise UsageError(f"{exc.text(lit)} Give it as CUSTOMER, e.g. "
                         f"`{exc.records[0].ref}`.") from None
    except EditRefused as exc:
        raise UsageError(exc.message) from None


def require_vendor(ctx: CliContext, store: StoreProfile, vendor: str, why: str) -> None:
    """Exit 2 when the store does not use ``vendor``: the edit could never be sent."""
    if vendor not in store.vendors():
        raise UsageError(f"this store does not use {VENDOR_NAMES[vendor]} (no [{vendor}] table "
                         f"in {ctx.profile_path or 'the store profile'}), and {why}")


# -- which reservations record -----------------------------------------------------------------
@dataclass(frozen=True)
class CustomerRef:
    """What CUSTOMER names: a customer of the cache and, for ``reservations:ID``, that record."""

    customer_id: int
    reservations_id: str | None


def customer_ref(conn: sqlite3.Connection, text: str, country: str) -> CustomerRef:
    """The customer CUSTOMER names (exit 8 when nobody, or only a Qudini booking)."""
    try:
        resolved = resolve(conn, text, country)
    except NotResolved as exc:
        message = exc.message
        if conn.execute("SELECT NOT EXISTS (SELECT 1 FROM customers)").fetchone()[0]:
            message += " The cache is empty — run `clientdesk sync` first."
        raise CustomerNotFound(message) from None
    if resolved.customer_id is None:
        raise CustomerNotFound(
            "That names a Qudini booking, not a customer in the cache; notes and the blacklist "
            "belong to a reservations customer — give their email, phone, id:123 or "
            "reservations:ID.")
    vendor, colon, given = text.strip().partition(":")
    named = colon and vendor.strip().lower() == "reservations"
    return CustomerRef(resolved.customer_id, given.strip() if named else None)


def record_label(record: CustomerRecord) -> str:
    """``Name (reservations:ID)``, terminal-safe."""
    return f"{lit(record.name) or '(no name)'} ({record.ref})"


def reservations_target(conn: sqlite3.Connection, text: str, country: str) -> CustomerRecord:
    """The reservations record CUSTOMER names, by :func:`app.cache.blacklist.reservations_record`
    (exit 8 when none, 2 when several could be meant)."""
    ref = customer_ref(conn, text, country)
    with refusals():
        return reservations_record(conn, ref.customer_id, ref.reservations_id)


# -- the manager PIN ---------------------------------------------------------------------------
def stdin_is_terminal() -> bool:
    """Whether a person can be asked (tests replace this to act as a terminal)."""
    stream = sys.stdin
    return stream is not None and stream.isatty()


def manager_unlock(ctx: CliContext, action: str) -> ManagerLock:
    """Manager mode for one command, or :class:`PinError` (exit 4).

    On a terminal the PIN is asked without echo; otherwise it is ONE line read from stdin (a
    script: ``printf '%s\\n' "$PIN" | clientdesk …``). The first time — no PIN set for the
    store yet — a terminal asks for a new one twice and sets it; stdin never sets a PIN, so a
    script cannot choose the store's PIN by accident. Wrong guesses are counted per OS user
    (:func:`app.paths.manager_tries_file`, not in the data folder), so the window and every CLI
    run share the 5-tries-then-wait rule whatever ``--data-dir`` says.
    """
    lock = ManagerLock(ctx.secrets(), manager_tries_file(ctx.profile().store.id))
    terminal = stdin_is_terminal()
    if not lock.has_pin():
        if not terminal:
            raise PinError(
                "No manager PIN is set for this store yet, and one is never set from stdin. "
                "Run the same command in a terminal: it asks for a new PIN (6 to 12 digits) "
                "twice and sets it — or set it in the window's manager mode.")
        click.echo("No manager PIN is set for this store yet: choose one (6 to 12 digits). "
                   "It is kept only as a salted hash in the OS keyring.", err=True)
        first = str(click.prompt("New manager PIN", hide_input=True, err=True))
        second = str(click.prompt("The same PIN again", hide_input=True, err=True))
        if first.strip() != second.strip():
            raise PinError("The two PINs differ; no PIN was set.")
        lock.set_pin(first)
        return lock
    if terminal:
        pin = str(click.prompt(f"Manager PIN to {action}", hide_input=True, err=True))
    else:
        pin = (sys.stdin.readline() if sys.stdin is not None else "").rstrip("\r\n")
        if not pin.strip():
            raise PinError(f"A manager PIN is needed to {action}: give it as one line on stdin "
                           "(printf '%s\\n' \"$PIN\" | clientdesk …) or run the command in a "
                           "terminal.")
    lock.unlock(pin)
    return lock


# -- sending now -------------------------------------------------------------------------------
@dataclass
class Delivery:
    """What became of one edit after the attempt to send it now."""

    edit: Edit
    code: ExitCode
    message: str
    details: list[str] = field(default_factory=list)
    also_sent: int = 0

    def as_json(self) -> dict[str, Any]:
        e = self.edit
        return {"outbox_id": e.id, "kind": e.kind, "record": e.record, "vendor": e.vendor,
                "state": e.state, "sent": e.state == "done", "attempts": e.attempts,
                "last_error": e.last_error or None, "upstream": e.upstream,
                "also_sent": self.also_sent, "message": self.message,
                "exit_code": int(self.code)}

    def show(self, as_json: bool) -> int:
        """Print the outcome (stdout when it went well, stderr when a person must act)."""
        if as_json:
            click.echo(json.dumps(self.as_json(), ensure_ascii=False))
            return int(self.code)
        err = self.code != ExitCode.OK
        click.echo(self.message, err=err)
        for line in self.details:
            click.echo(f"  {line}", err=err)
        return int(self.code)


async def _replay(store: StoreProfile, secrets: SecretSource,
                  cache: Cache) -> ReplayReport | None:
    async with SyncEngine(store, secrets, cache) as engine:
        return await engine.replay_outbox()


def send_now(ctx: CliContext, store: StoreProfile, cache: Cache, conn: sqlite3.Connection,
             edit_id: int) -> Delivery:
    """Try to send every due edit now (this one included) and say what became of this one."""
    edit = _edit(conn, edit_id)
    name = VENDOR_NAMES[edit.vendor]
    try:
        secrets = ctx.secrets()
        secret = secrets.get(edit.vendor)
    except CredentialError as exc:
        return Delivery(edit, ExitCode.CREDENTIALS,
                        f"Queued, not sent: {exc.message}. The first sync after that sends it.")
    if not secret:
        return Delivery(edit, ExitCode.CREDENTIALS,
                        f"Queued, not sent: no {name} credential on this PC — run `clientdesk "
                        f"credentials set {edit.vendor}`; the first sync after that sends it.")
    report = asyncio.run(_replay(store, secrets, cache))
    if report is None:
        return Delivery(edit, ExitCode.OK,
                        "Queued: a sync of this cache is running (the window or `clientdesk "
                        "sync`); it will be sent on the next sync")
    delivery = outcome(conn, _edit(conn, edit_id))
    delivery.also_sent = len([i for i in report.sent if i != edit_id])
    if delivery.also_sent:
        delivery.details.append(f"Also sent {delivery.also_sent} earlier waiting "
                                f"edit{'s' if delivery.also_sent != 1 else ''}.")
    return delivery


def _edit(conn: sqlite3.Connection, edit_id: int) -> Edit:
    edit = outbox.get_edit(conn, edit_id)
    if edit is None:
        raise EditNotFound(f"There is no edit #{edit_id} in the outbox.")
    return edit


def outcome(conn: sqlite3.Connection, edit: Edit) -> Delivery:
    """The staff wording for an edit's state (see the module docstring for the exit codes)."""
    name = VENDOR_NAMES[edit.vendor]
    hint = (f"See `clientdesk outbox`; `clientdesk outbox retry {edit.id}` tries again, "
            f"`clientdesk outbox discard {edit.id}` gives it up.")
    if edit.state == "done":
        return Delivery(edit, ExitCode.OK, f"Sent to {name}.")
    if edit.state == "discarded":
        return Delivery(edit, ExitCode.REJECTED, f"Edit #{edit.id} was discarded meanwhile; "
                        "nothing was sent.")
    if edit.state == "failed":
        if edit.upstream is not None and edit.kind == "note.set":
            first = lit(str(edit.upstream).split("\n", 1)[0])
            return Delivery(edit, ExitCode.REJECTED, (
                f"Not sent: the note was changed in {name} since this edit began (it now "
                f"starts: {first!r}). Yours is kept as edit #{edit.id}."), [
                f"Choose: `clientdesk outbox resolve {edit.id} --ours` sends yours over theirs, "
                "`--theirs` keeps theirs."])
        if edit.upstream is not None and edit.kind == complete.KIND:
            # The upstream version is kept masked (app.cache.complete): safe to print.
            return Delivery(edit, ExitCode.REJECTED, (
                f"Not sent: the walk-in record was changed in {name} since this edit began "
                f"(it now reads: {lit(str(edit.upstream))}). Yours is kept as edit "
                f"#{edit.id}."), [
                f"Choose: `clientdesk outbox resolve {edit.id} --ours` sends yours over theirs, "
                "`--theirs` keeps theirs."])
        return Delivery(edit, ExitCode.REJECTED,
                        f"Not sent: {name} refused it — {lit(edit.last_error)}", [hint])
    earlier = [e for e in outbox.pending_for(conn, edit.record) if e.id < edit.id]
    blocked = next((e for e in earlier if e.state == "failed"), None)
    if blocked is not None:
        return Delivery(edit, ExitCode.REJECTED, (
            f"Queued behind edit #{blocked.id} ({lit(blocked.summary)}), which {name} refused; "
            "it waits until that one is retried or discarded."),
            [f"See `clientdesk outbox`; `clientdesk outbox retry {blocked.id}` or "
             f"`clientdesk outbox discard {blocked.id}`."])
    tried = [e for e in (*earlier, edit) if e.attempts > 0]
    if tried:
        last = tried[-1]
        details = [f"last try: {lit(last.last_error)}"] if last.last_error else []
        if last.next_attempt_at is not None:
            wait = (last.next_attempt_at - datetime.now(UTC)).total_seconds()
            if wait > 0:  # a sync sooner than this leaves it waiting (app/sync/replay.py)
                details.append(f"next try in {wait:.0f} s or later, at the first sync after "
                               "that")
        return Delivery(edit, ExitCode.OK,
                        f"Queued: {name} is unreachable; it will be sent on the next sync",
                        details)
    return Delivery(edit, ExitCode.OK, "Queued; it will be sent on the next sync")
