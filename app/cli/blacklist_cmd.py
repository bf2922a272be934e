"""``clientdesk blacklist`` — the store's blacklist: staff see it, managers change and export it.

* ``blacklist [--json]`` lists it from the cache (works offline), "as of" the last successful
  reservations sync, with whether a change of an entry is still waiting to be sent. Staff may
  run it: the window shows the same banner at the counter.
* ``blacklist --csv FILE`` writes it for a manager to review elsewhere, so it needs the manager
  PIN and leaves an audit line (``blacklist.export``: who, which counter, how many, the file).
  The file appears whole or not at all (written beside it, then renamed over it), is
  owner-only, and an existing FILE is kept unless ``--force``. Vendor text goes into a
  spreadsheet, so a cell that starts like a formula (``=``, ``+``, ``-``, ``@``, tab, carriage
  return) gets a leading apostrophe: a reason such as ``=HYPERLINK(…)`` is shown, never run.
* ``blacklist add CUSTOMER --reason TEXT`` / ``blacklist remove CUSTOMER`` need the manager
  PIN (a prompt on a terminal, else one line on stdin) and go through the outbox like every
  edit: sent at once, queued when reservations is unreachable (still exit 0).

Exit codes: 0 listed/exported/sent/queued; 2 bad input (empty reason, FILE exists without
--force, unwritable FILE); 3 no keyring or credential; 4 wrong or missing PIN (after 5 wrong
PINs every try waits, doubling from 30 s); 8 CUSTOMER names nobody in the cache or is not on
the blacklist; 9 reservations refused the change.
"""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, datetime, tzinfo
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import click

from app.cache import edits, outbox
from app.cache.db import write_transaction
from app.cache.state import read_states
from app.cli.context import CliContext
from app.cli.editing import (
    manager_unlock,
    opened_cache,
    pass_ctx,
    refusals,
    require_vendor,
    reservations_target,
    send_now,
)
from app.cli.show_cmd import CustomerNotFound, lit
from app.csvfile import write_csv
from app.errors import ExitCode, UsageError
from app.manager import counter_name


def _local(stamp: str | None, zone: tzinfo) -> datetime | None:
    if not stamp:
        return None
    moment = datetime.fromisoformat(stamp)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(zone)


def _minute(moment: datetime | None) -> str:
    return moment.strftime("%Y-%m-%d %H:%M") if moment else "unknown"


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
        entries = edits.blacklist_entries(conn)
        as_of = _as_of(conn)
        if csv_file is not None:
            _check_target(csv_file, force)
            lock = manager_unlock(ctx, "export the blacklist")
            _export(conn, csv_file, entries, zone, as_of=as_of, mode=lock.mode)
            when = _minute(as_of.astimezone(zone)) if as_of else "no sync yet"
            noun = "entry" if len(entries) == 1 else "entries"
            click.echo(f"Wrote {len(entries)} blacklist {noun} to {csv_file} (as of {when}).",
                       err=as_json)
            if not as_json:
                return int(ExitCode.OK)
    if as_json:
        click.echo(json.dumps(_json(entries, zone, as_of, store.store.id), ensure_ascii=False))
        return int(ExitCode.OK)
    for line in _render(entries, zone, as_of):
        click.echo(line)
    return int(ExitCode.OK)


def _json(entries: list[dict[str, Any]], zone: tzinfo, as_of: datetime | None,
          store_id: str) -> dict[str, Any]:
    return {
        "store": store_id,
        "as_of": as_of.astimezone(zone).isoformat() if as_of else None,
        "entries": [{
            "customer_id": e["customer_id"], "reservations_id": e["reservations_id"],
            "name": e["name"], "reason": e["reason"],
            "since": (s.isoformat() if (s := _local(e["since"], zone)) else None),
            "pending": e["pending"]} for e in entries],
    }


def _render(entries: list[dict[str, Any]], zone: tzinfo, as_of: datetime | None) -> list[str]:
    when = (f"as of {_minute(as_of.astimezone(zone))}, the last reservations sync"
            if as_of else "never synced — run `clientdesk sync` for the current list")
    if not entries:
        return [f"Nobody is on the blacklist ({when})."]
    count = f"{len(entries)} customer{'s' if len(entries) != 1 else ''}"
    rows = [(f"{lit(e['name']) or '(no name)'} (id:{e['customer_id']})",
             _minute(_local(e["since"], zone)), "waiting" if e["pending"] else "",
             lit(e["reason"]) or "(no reason given)") for e in entries]
    heads = ("who", "since", "pending", "reason")
    widths = [min(40, max(len(heads[i]), *(len(r[i]) for r in rows))) for i in range(3)]
    lines = [f"Blacklist — {count}, {when} (times in {zone})",
             "  " + "  ".join(h.ljust(widths[i]) for i, h in enumerate(heads[:3])) + "  reason"]
    lines += ["  " + "  ".join(r[i].ljust(widths[i]) for i in range(3)) + "  " + r[3]
              for r in rows]
    if any(e["pending"] for e in entries):
        lines.append("waiting: a change made here that reservations has not confirmed yet "
                     "(see `clientdesk outbox`).")
    return lines


def _check_target(path: Path, force: bool) -> None:
    """Refuse before the PIN is asked: an existing file (without --force), no such folder."""
    if path.exists() and not force:
        raise UsageError(f"{path} already exists — choose another name or add --force to "
                         "replace it")
    if path.is_dir():
        raise UsageError(f"{path} is a folder; give a file name")
    if not path.parent.is_dir():
        raise UsageError(f"the folder {path.parent} does not exist")


def _export(conn: sqlite3.Connection, path: Path, entries: list[dict[str, Any]],
            zone: tzinfo, *, as_of: datetime | None, mode: str) -> None:
    """The CSV (:func:`app.csvfile.write_csv`: formula-guarded, written whole or not at all)
    and its audit line in one transaction: a failed write rolls the line back, so there is
    never an export without its audit line, nor a line for an export that did not happen."""
    try:
        with write_transaction(conn):
            outbox.audit(conn, now=datetime.now(UTC), counter=counter_name(), mode=mode,
                         action="blacklist.export", subject=str(path.resolve()),
                         detail={"file": str(path.resolve()), "entries": len(entries),
                                 "as_of": as_of.isoformat() if as_of else None})
            write_csv(path, ["who", "reason", f"since ({zone})", "pending", "customer_id",
                             "reservations_id"],
                      ([e["name"] or "", e["reason"], _minute(_local(e["since"], zone)),
                        "yes" if e["pending"] else "no", str(e["customer_id"]),
                        e["reservations_id"]] for e in entries))
    except OSError as exc:
        raise UsageError(f"cannot write {path}: {exc.strerror or exc}") from None


@blacklist.command("add")
@click.argument("customer")
@click.option("--reason", required=True, metavar="TEXT",
              help=f"What happened (required, at most {outbox.REASON_LIMIT} characters).")
@click.option("--json", "as_json", is_flag=True, help="One JSON object on stdout.")
@pass_ctx
def add(ctx: CliContext, customer: str, reason: str, as_json: bool) -> int:
    """Manager: put CUSTOMER on the blacklist with a reason (asks for the manager PIN).

    The PIN is asked on a terminal, or read as one line from stdin. Sent to reservations at
    once; queued (exit 0) when it cannot be reached.
    """
    store = ctx.profile()
    require_vendor(ctx, store, "reservations", "the blacklist lives there")
    with opened_cache(ctx, store) as (cache, conn):
        target = reservations_target(conn, customer, store.store.country)
        with refusals():
            why = outbox.clean_reason(reason)
        if target.blacklisted and target.reason == why:
            click.echo(f"{target.label} is already on the blacklist for that reason; nothing "
                       "to send.")
            return int(ExitCode.OK)
        lock = manager_unlock(ctx, "change the blacklist")
        with refusals():
            edit_id = edits.blacklist(conn, target.reservations_id, why, now=datetime.now(UTC),
                                      counter=counter_name(), mode=lock.mode)
        if not as_json:
            click.echo(f"{target.label} is on the blacklist here (edit #{edit_id}).")
        return send_now(ctx, store, cache, conn, edit_id).show(as_json)


@blacklist.command("remove")
@click.argument("customer")
@click.option("--json", "as_json", is_flag=True, help="One JSON object on stdout.")
@pass_ctx
def remove(ctx: CliContext, customer: str, as_json: bool) -> int:
    """Manager: take CUSTOMER off the blacklist (asks for the manager PIN)."""
    store = ctx.profile()
    require_vendor(ctx, store, "reservations", "the blacklist lives there")
    with opened_cache(ctx, store) as (cache, conn):
        target = reservations_target(conn, customer, store.store.country,
                                     prefer_blacklisted=True)
        if not target.blacklisted:
            raise CustomerNotFound(f"{target.label} is not on the blacklist (as the cache has "
                                   "it; `clientdesk sync` if it was changed elsewhere).")
        lock = manager_unlock(ctx, "change the blacklist")
        with refusals():
            edit_id = edits.unblacklist(conn, target.reservations_id, now=datetime.now(UTC),
                                        counter=counter_name(), mode=lock.mode)
        if not as_json:
            click.echo(f"{target.label} is off the blacklist here (edit #{edit_id}).")
        return send_now(ctx, store, cache, conn, edit_id).show(as_json)
