"""``clientdesk outbox`` — edits made on this PC that their vendor has not confirmed yet.

The same list as the window's pending-edits panel: every pending edit (waiting to be sent,
perhaps backing off after the vendor could not be reached) and every failed one (refused by
the vendor, or a note changed upstream meanwhile — then both versions are shown). ``retry ID``
puts a failed edit back in line (or lets a pending one skip the rest of its backoff) and
tries to send at once; ``resolve ID --ours|--theirs`` settles a note conflict (sending it
again unchanged would only meet the other note again); ``discard ID`` gives an edit up,
after which the cache shows the vendor's value from the next sync. Staff may retry and discard
any edit made on this PC, a manager's blacklist change included: discarding only ever leaves
the vendor as it is, and both actions are audited with the counter and mode.

Exit codes: 0 listed / retried or resolved (sent or queued) / discarded; 2 ID is not a number,
the edit was already sent or discarded, ``retry`` of a conflict, ``resolve`` of something that
is not one; 8 no edit has that ID; 9 the retried edit was refused again.
"""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, datetime, tzinfo
from typing import Any
from zoneinfo import ZoneInfo

import click

from app.cache import edits, outbox
from app.cache.outbox import Edit
from app.cli.context import CliContext
from app.cli.editing import (
    EditNotFound,
    manager_unlock,
    opened_cache,
    pass_ctx,
    refusals,
    send_now,
)
from app.cli.show_cmd import lit, lit_lines, when
from app.domain.contacts import mask_contact_fields
from app.errors import ExitCode, UsageError
from app.manager import counter_name
from app.profile import VENDOR_NAMES


def parse_id(text: str) -> int:
    cleaned = text.strip().removeprefix("#")
    if not cleaned.isdigit() or len(cleaned) > 12:
        raise UsageError(f"{text!r} is not an outbox edit number — `clientdesk outbox` lists "
                         "them (for example 12 or #12)")
    return int(cleaned)


def _as_json(edit: Edit, zone: tzinfo) -> dict[str, Any]:
    return {
        "id": edit.id, "created_at": edit.created_at.astimezone(zone).isoformat(),
        "record": edit.record, "vendor": edit.vendor, "kind": edit.kind,
        "summary": edit.summary, "payload": mask_contact_fields(edit.payload),
        "state": edit.state,
        "attempts": edit.attempts,
        "next_attempt_at": (edit.next_attempt_at.astimezone(zone).isoformat()
                            if edit.next_attempt_at else None),
        "last_error": edit.last_error or None, "upstream": edit.upstream,
        "conflict": edit.upstream is not None, "counter": edit.counter, "mode": edit.mode}


def _quoted(text: str) -> str:
    lines = lit_lines(text)
    more = f" (+{len(lines) - 1} more line{'s' if len(lines) > 2 else ''})" \
        if len(lines) > 1 else ""
    return f"«{lines[0]}»{more}" if text else "(empty)"


def _render(edits: list[Edit], zone: tzinfo) -> list[str]:
    if not edits:
        return ["No edits waiting: everything made on this PC has reached its vendor."]
    now = datetime.now(UTC)
    lines = [f"{len(edits)} edit{'s' if len(edits) != 1 else ''} not confirmed by the vendor "
             f"yet (times in {zone}):"]
    first_open: dict[str, int] = {}
    for e in edits:
        first_open.setdefault(e.record, e.id)
        lines.append(f"#{e.id:<5} {e.state:<8} {when(e.created_at, zone, now):<16} "
                     f"{lit(e.summary)}  [{lit(e.record)}] by {lit(e.counter)} ({e.mode})")
        if e.kind == "note.set":
            lines.append(f"       new note: {_quoted(str(e.payload.get('note', '')))}")
        tries = f"{e.attempts} attempt{'s' if e.attempts != 1 else ''}"
        if e.state == "pending" and e.next_attempt_at is not None:
            tries += f"; next try {when(e.next_attempt_at, zone, now)}"
        elif e.state == "pending" and first_open[e.record] != e.id:
            tries += f"; waits behind #{first_open[e.record]} (same record, sent in order)"
        elif e.state == "pending":
            tries += "; sent by the next sync"
        lines.append(f"       {tries}" + (f"; last error: {lit(e.last_error)}"
                                          if e.last_error else ""))
        if e.upstream is not None:
            name = VENDOR_NAMES.get(e.vendor, e.vendor)
            lines.append(f"       {name} has meanwhile: {_quoted(str(e.upstream))} — choose: "
                         f"`clientdesk outbox resolve {e.id} --ours` or `--theirs`")
    return lines


@click.group("outbox", invoke_without_command=True)
@click.option("--json", "as_json", is_flag=True, help="One JSON object on stdout.")
@click.pass_context
def outbox_group(click_ctx: click.Context, as_json: bool) -> int | None:
    """Edits not confirmed by their vendor yet: pending and failed, oldest first.

    Each shows its number, state, when it was made, what it does, the record, which counter
    made it, attempts, the next try, the last error and — for a note changed upstream
    meanwhile — what the vendor has now. `outbox retry ID` tries an edit again now;
    `outbox resolve ID --ours|--theirs` settles a note conflict; `outbox discard ID` gives
    one up (staff may do all three; each is audited).
    """
    if click_ctx.invoked_subcommand is not None:
        if as_json:
            raise UsageError("--json belongs to the list (`clientdesk outbox --json`) or after "
                             "the subcommand (`clientdesk outbox retry ID --json`)")
        return None
    ctx = click_ctx.find_object(CliContext)
    assert ctx is not None
    store = ctx.profile()
    zone = ZoneInfo(store.store.timezone)
    with opened_cache(ctx, store) as (_cache, conn):
        waiting = outbox.open_edits(conn)
    if as_json:
        click.echo(json.dumps({"store": store.store.id,
                               "edits": [_as_json(e, zone) for e in waiting]},
                              ensure_ascii=False))
    else:
        for line in _render(waiting, zone):
            click.echo(line)
    return int(ExitCode.OK)


def _open_edit(conn: sqlite3.Connection, number: int, doing: str) -> Edit:
    edit = outbox.get_edit(conn, number)
    if edit is None:
        raise EditNotFound(f"There is no edit #{number} in the outbox — `clientdesk outbox` "
                           "lists the waiting ones.")
    if edit.state == "done":
        raise UsageError(f"Edit #{number} was already sent ({lit(edit.summary)}); there is "
                         f"nothing to {doing}.")
    if edit.state == "discarded":
        raise UsageError(f"Edit #{number} was discarded; there is nothing to {doing}.")
    return edit


@outbox_group.command("retry")
@click.argument("edit_id", metavar="ID")
@click.option("--json", "as_json", is_flag=True, help="One JSON object on stdout.")
@pass_ctx
def retry(ctx: CliContext, edit_id: str, as_json: bool) -> int:
    """Try edit ID again now: a failed one goes back in line, a pending one skips the rest of
    its backoff (the vendor is back). A note conflict is settled with `outbox resolve`."""
    number = parse_id(edit_id)
    store = ctx.profile()
    with opened_cache(ctx, store) as (cache, conn):
        edit = _open_edit(conn, number, "retry")
        if _conflict(edit):
            raise UsageError(
                f"Edit #{number} is a conflict: sent again it would meet the same other "
                f"{_what(edit)}. Choose a version: `clientdesk outbox resolve {number} --ours` or "
                "`--theirs`.")
        mode = _mode_for(ctx, edit, "retry")
        if edit.state == "failed":
            outbox.retry(conn, number, datetime.now(UTC), counter=counter_name(), mode=mode)
        else:
            edits.send_now(conn, number)  # pending: try now, not after the backoff
        return send_now(ctx, store, cache, conn, number).show(as_json)


def _mode_for(ctx: CliContext, edit: Edit, doing: str) -> str:
    """Staff, or — for a manager's edit (:attr:`Edit.manager_only`) — manager mode, after the
    PIN (exit 4 without it). The rule is :func:`app.cache.outbox.may_handle`, as in the
    window."""
    if not edit.manager_only:
        return "staff"
    manager_unlock(ctx, f"{doing} a manager's edit (#{edit.id})")
    return "manager"


def _conflict(edit: Edit) -> bool:
    return edit.kind in _WHAT and edit.state == "failed" and edit.upstream is not None


#: What each kind of edit that can conflict changes, in the messages about its conflict.
_WHAT = {"note.set": "note", "walkin.complete": "walk-in details"}


def _what(edit: Edit) -> str:
    return _WHAT.get(edit.kind, "note")


@outbox_group.command("resolve")
@click.argument("edit_id", metavar="ID")
@click.option("--ours", "keep", flag_value="ours",
              help="Send ours (the note, or walk-in details) over theirs.")
@click.option("--theirs", "keep", flag_value="theirs", help="Keep the vendor's version.")
@click.option("--json", "as_json", is_flag=True, help="One JSON object on stdout.")
@pass_ctx
def resolve_conflict(ctx: CliContext, edit_id: str, keep: str | None, as_json: bool) -> int:
    """Settle a conflict (the note or walk-in details changed upstream since edit ID began):
    --ours sends ours over what the vendor has now; --theirs keeps the vendor's, drops ours."""
    number = parse_id(edit_id)
    if keep is None:
        raise UsageError("choose a version: --ours or --theirs")
    store = ctx.profile()
    with opened_cache(ctx, store) as (cache, conn):
        edit = _open_edit(conn, number, "resolve")
        if not _conflict(edit):
            raise UsageError(f"Edit #{number} is not a conflict ({edit.state}: "
                             f"{lit(edit.summary)}); `clientdesk outbox` shows it.")
        mode = _mode_for(ctx, edit, "settle")
        with refusals():
            again = edits.resolve_note_conflict(conn, number, keep_ours=keep == "ours",
                                                now=datetime.now(UTC), counter=counter_name(),
                                                mode=mode)
        if again is None:
            click.echo(f"Kept the {_what(edit)} {VENDOR_NAMES[edit.vendor]} has; edit "
                       f"#{number} is discarded and the cache shows theirs.", err=as_json)
            if as_json:
                click.echo(json.dumps({"outbox_id": number, "kept": "theirs",
                                       "exit_code": 0}))
            return int(ExitCode.OK)
        if not as_json:
            click.echo(f"Keeping ours: queued again over their {_what(edit)} as edit "
                       f"#{again}.")
        return send_now(ctx, store, cache, conn, again).show(as_json)


@outbox_group.command("discard")
@click.argument("edit_id", metavar="ID")
@pass_ctx
def discard(ctx: CliContext, edit_id: str) -> int:
    """Give edit ID up: the vendor keeps what it has; the cache shows it after the next sync."""
    number = parse_id(edit_id)
    store = ctx.profile()
    with opened_cache(ctx, store) as (_cache, conn):
        edit = _open_edit(conn, number, "discard")
        mode = _mode_for(ctx, edit, "discard")
        if not edits.discard(conn, number, datetime.now(UTC), counter=counter_name(),
                              mode=mode):
            raise UsageError(f"Edit #{number} was sent or discarded meanwhile; nothing to "
                             "discard.")
        name = VENDOR_NAMES.get(edit.vendor, edit.vendor)
        click.echo(f"Discarded edit #{number}: {lit(edit.summary)}. {name} keeps what it has; "
                   "the cache shows it after the next sync.")
        later = outbox.pending_for(conn, edit.record)
        if later and later[0].state == "pending":
            click.echo(f"The next edit of that record (#{later[0].id}) is no longer held back; "
                       "the next sync sends it.")
    return int(ExitCode.OK)
