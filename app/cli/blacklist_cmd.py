"""``clientdesk blacklist`` — the store's blacklist: staff see it, managers change and export it.

* ``blacklist [--json]`` lists it from the cache (works offline), "as of" the last successful
  reservations sync, with whether a change of an entry is still waiting to be sent. Staff may
  run it: the window shows the same banner at the counter.
* ``blacklist --csv FILE`` writes it for a manager to review elsewhere, so it needs the manager
  PIN. The columns, the file's safety (whole or not at all, owner-only, formula cells defused)
  and the audit line (``blacklist.export``) are the window's too:
  :func:`app.cache.exports.export_blacklist`. An existing FILE is kept unless ``--force``.
* ``blacklist add CUSTOMER --reason TEXT`` / ``blacklist remove CUSTOMER`` need the manager
  PIN (a prompt on a terminal, else one line on stdin) and go through the outbox like every
  edit: sent at once, queued when reservations is unreachable (still exit 0). Which record
  CUSTOMER means, and that adding someone already listed replaces the reason, are
  :mod:`app.cache.blacklist`'s rules, shared with the window.

Exit codes: 0 listed/exported/sent/queued (or already listed for that reason); 2 bad input
(empty reason, several reservations records and none named, FILE exists without --force,
unwritable FILE); 3 no keyring or credential; 4 wrong or missing PIN (after 5 wrong PINs every
try waits, doubling from 30 s); 8 CUSTOMER names nobody in the cache (or nobody with a
reservations record) or is not on the blacklist; 9 reservations refused the change.
"""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, datetime, tzinfo
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import click

from app.cache import blacklist as rules
from app.cache import exports, outbox
from app.cache.blacklist import BlacklistEntry
from app.cache.state import read_states
from app.cli.context import CliContext
from app.cli.editing import (
    customer_ref,
    manager_unlock,
    opened_cache,
    pass_ctx,
    record_label,
    refusals,
    require_vendor,
    send_now,
)
from app.cli.show_cmd import lit
from app.errors import ExitCode, UsageError
from app.manager import counter_name


def _as_of(conn: sqlite3.Connection) -> datetime | None:
    state = read_states(conn).get("reservations")
    return state.last_success if state else None


@click.group(invoke_without_command=True)
@click.option("--csv", "csv_file", type=click.Path(dir_okay=False, path_type=Path),
              metavar="FILE",
              help="Manager: write the list to FILE as CSV (UTF-8 with BOM, for spreadsheets). "
                   "Cells starting with = + - @ tab or CR get a leading apostrophe so a "
                   "spreadsheet never runs them as formulas.")
@click.option("--force", is_flag=True, help="With --csv: replace FILE if it exists.")
@click.option("--json", "as_json", is_flag=True, help="The list as one JSON object on stdout.")
@click.pass_context
def blacklist(click_ctx: click.Context, csv_file: Path | None, force: bool,
              as_json: bool) -> int | None:
    """The blacklist as the cache has it; managers add, remove and export.

    Without a subcommand: who, since when (first seen by this cache, store time), whether a
    change is waiting to be sent, and the reason — as of the last reservations sync, offline
    too. --csv FILE needs the manager PIN and is audited.
    """
    if click_ctx.invoked_subcommand is not None:
        if csv_file is not None or force or as_json:
            raise UsageError("--csv, --force and --json belong to the list: "
                             "`clientdesk blacklist [--json] [--csv FILE]`")
        return None
    ctx = click_ctx.find_object(CliContext)
    assert ctx is not None
    store = ctx.profile()
    require_vendor(ctx, store, "reservations", "the blacklist lives there")
    zone = ZoneInfo(store.store.timezone)
    if force and csv_file is None:
        raise UsageError("--force only goes with --csv FILE")
    with opened_cache(ctx, store) as (_cache, conn):
        if csv_file is not None:
            with refusals():  # before the PIN: a file that cannot be written
                exports.check_target(csv_file, replace=force)
            lock = manager_unlock(ctx, "export the blacklist")
            with refusals():
                done = exports.export_blacklist(conn, csv_file, zone, now=datetime.now(UTC),
                                                counter=counter_name(), mode=lock.mode,
                                                replace=force)
            when = exports.minute(done.as_of, zone) if done.as_of else "no sync yet"
            noun = "entry" if done.rows == 1 else "entries"
            click.echo(f"Wrote {done.rows} blacklist {noun} to {csv_file} (as of {when}).",
                       err=as_json)
            if not as_json:
                return int(ExitCode.OK)
        entries = rules.entries(conn)
        as_of = _as_of(conn)
    if as_json:
        click.echo(json.dumps(_json(entries, zone, as_of, store.store.id), ensure_ascii=False))
        return int(ExitCode.OK)
    for line in _render(entries, zone, as_of):
        click.echo(line)
    return int(ExitCode.OK)


def _json(entries: list[BlacklistEntry], zone: tzinfo, as_of: datetime | None,
          store_id: str) -> dict[str, Any]:
    return {
        "store": store_id,
        "as_of": as_of.astimezone(zone).isoformat() if as_of else None,
        "entries": [{
            "customer_id": e.customer_id, "reservations_id": e.reservations_id,
            "name": e.name, "reason": e.reason,
            "since": e.since.astimezone(zone).isoformat() if e.since else None,
            "pending": e.pending} for e in entries],
    }


def _render(entries: list[BlacklistEntry], zone: tzinfo, as_of: datetime | None) -> list[str]:
    when = (f"as of {exports.minute(as_of, zone)}, the last reservations sync"
            if as_of else "never synced — run `clientdesk sync` for the current list")
    if not entries:
        return [f"Nobody is on the blacklist ({when})."]
    count = f"{len(entries)} customer{'s' if len(entries) != 1 else ''}"
    rows = [(f"{lit(e.name) or '(no name)'} (id:{e.customer_id})",
             exports.minute(e.since, zone), "waiting" if e.pending else "",
             lit(e.reason) or "(no reason given)") for e in entries]
    heads = ("who", "since", "pending", "reason")
    widths = [min(40, max(len(heads[i]), *(len(r[i]) for r in rows))) for i in range(3)]
    lines = [f"Blacklist — {count}, {when} (times in {zone})",
             "  " + "  ".join(h.ljust(widths[i]) for i, h in enumerate(heads[:3])) + "  reason"]
    lines += ["  " + "  ".join(r[i].ljust(widths[i]) for i in range(3)) + "  " + r[3]
              for r in rows]
    if any(e.pending for e in entries):
        lines.append("waiting: a change made here that reservations has not confirmed yet "
                     "(see `clientdesk outbox`).")
    return lines


@blacklist.command("add")
@click.argument("customer")
@click.option("--reason", required=True, metavar="TEXT",
              help=f"What happened (required, at most {outbox.REASON_LIMIT} characters).")
@click.option("--json", "as_json", is_flag=True, help="One JSON object on stdout.")
@pass_ctx
def add(ctx: CliContext, customer: str, reason: str, as_json: bool) -> int:
    """Manager: put CUSTOMER on the blacklist with a reason (asks for the manager PIN).

    Someone already on it gets the new reason. A customer with several reservations records
    needs the one meant, as reservations:ID. The PIN is asked on a terminal, or read as one
    line from stdin. Sent to reservations at once; queued (exit 0) when it cannot be reached.
    """
    store = ctx.profile()
    require_vendor(ctx, store, "reservations", "the blacklist lives there")
    with opened_cache(ctx, store) as (cache, conn):
        ref = customer_ref(conn, customer, store.store.country)
        with refusals():  # before the PIN: nobody, several records, a bad reason
            plan = rules.plan_add(conn, ref.customer_id, reason,
                                  reservations_id=ref.reservations_id)
        who = record_label(plan.record)
        if plan.change == "none":
            click.echo(f"{who} is already on the blacklist for that reason; nothing to send.")
            return int(ExitCode.OK)
        lock = manager_unlock(ctx, "change the blacklist")
        with refusals():
            edit_id = rules.add(conn, plan, now=datetime.now(UTC), counter=counter_name(),
                                mode=lock.mode)
        assert edit_id is not None  # plan.change is "add" or "reason": an edit was queued
        if not as_json:
            if plan.change == "reason":
                was = lit(plan.record.blacklist_reason) or "(no reason given)"
                click.echo(f"{who} was already on the blacklist; its reason is replaced here "
                           f"(edit #{edit_id}; it was: {was}).")
            else:
                click.echo(f"{who} is on the blacklist here (edit #{edit_id}).")
        return send_now(ctx, store, cache, conn, edit_id).show(as_json)


@blacklist.command("remove")
@click.argument("customer")
@click.option("--json", "as_json", is_flag=True, help="One JSON object on stdout.")
@pass_ctx
def remove(ctx: CliContext, customer: str, as_json: bool) -> int:
    """Manager: take CUSTOMER off the blacklist (asks for the manager PIN).

    A customer with several reservations records means their listed one; with several listed,
    name it as reservations:ID."""
    store = ctx.profile()
    require_vendor(ctx, store, "reservations", "the blacklist lives there")
    with opened_cache(ctx, store) as (cache, conn):
        ref = customer_ref(conn, customer, store.store.country)
        with refusals():  # before the PIN: nobody, not on the list, several listed
            target = rules.plan_remove(conn, ref.customer_id,
                                       reservations_id=ref.reservations_id)
        lock = manager_unlock(ctx, "change the blacklist")
        with refusals():
            edit_id = rules.remove(conn, target, now=datetime.now(UTC), counter=counter_name(),
                                   mode=lock.mode)
        if not as_json:
            click.echo(f"{record_label(target)} is off the blacklist here (edit #{edit_id}).")
        return send_now(ctx, store, cache, conn, edit_id).show(as_json)
