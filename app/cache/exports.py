"""Manager exports to CSV — the blacklist and the audit log — once for the window and the
command line.

Why one place: the window and ``clientdesk blacklist --csv`` wrote different columns and
different audit lines for the same action. Here the columns are decided once (the README's:
``who, reason, since (<time zone>), pending, customer_id, reservations_id``), the file is
written by :func:`app.csvfile.write_csv` (UTF-8 with a BOM, formula cells defused, written
beside the target and renamed over it, owner-only), and each export leaves ONE audit line with
the same detail whoever made it. The audit line and the file go together: the line is written
in the transaction that commits only once the file is complete, so there is never an export
without its line, nor a line for an export that did not happen.

No contacts in the blacklist export: an entry is identified by its names and ids (a manager
looks a person up from there), and a file that leaves the PC should carry no more customer
data than the review needs.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import datetime, tzinfo
from pathlib import Path

from app.cache import blacklist, edits
from app.cache.db import write_transaction
from app.cache.outbox import EditRefused, audit
from app.cache.state import read_states
from app.csvfile import write_csv

AUDIT_HEADER = ("at", "counter", "mode", "action", "subject", "detail")


class ExportRefused(EditRefused):
    """The file cannot be written (it exists, no such folder, the disk said no): nothing
    was exported and nothing audited."""


@dataclass(frozen=True)
class Exported:
    """What an export wrote."""

    path: Path  # absolute
    rows: int
    #: The last successful reservations sync (the blacklist's "as of"); None: never synced.
    as_of: datetime | None = None


def blacklist_header(zone: tzinfo) -> list[str]:
    return ["who", "reason", f"since ({zone})", "pending", "customer_id", "reservations_id"]


def minute(moment: datetime | None, zone: tzinfo) -> str:
    """A time in the store's zone to the minute, as the blacklist shows it ("unknown": None)."""
    return moment.astimezone(zone).strftime("%Y-%m-%d %H:%M") if moment else "unknown"


def check_target(path: Path, *, replace: bool) -> Path:
    """Refuse a target that cannot be written before anything else is asked (the command line
    checks before the PIN): an existing file unless ``replace``, a folder, a missing folder.
    Returns the absolute path."""
    if path.is_dir():
        raise ExportRefused(f"{path} is a folder; give a file name.")
    if path.exists() and not replace:
        raise ExportRefused(f"{path} already exists — choose another name, or replace it "
                            "(--force on the command line).")
    if not path.parent.is_dir():
        raise ExportRefused(f"The folder {path.parent} does not exist.")
    return path.resolve()


def _write(conn: sqlite3.Connection, path: Path, *, replace: bool, action: str,
           detail: dict[str, object], header: list[str] | tuple[str, ...],
           rows: list[list[str]], now: datetime, counter: str, mode: str) -> Path:
    target = check_target(path, replace=replace)
    try:
        with write_transaction(conn):
            audit(conn, now=now, counter=counter, mode=mode, action=action,
                  subject=str(target), detail={"file": str(target), **detail})
            write_csv(target, header, rows)
    except OSError as exc:
        raise ExportRefused(f"Cannot write {path}: {exc.strerror or exc}. Nothing was "
                            "exported.") from None
    return target


def export_blacklist(conn: sqlite3.Connection, path: Path, zone: tzinfo, *, now: datetime,
                     counter: str, mode: str, replace: bool = False) -> Exported:
    """The whole blacklist as the cache has it, to ``path`` (managers only: the caller checks
    the mode); audited as ``blacklist.export`` with the file, how many entries and "as of"."""
    listed = blacklist.entries(conn)
    state = read_states(conn).get("reservations")
    as_of = state.last_success if state else None
    rows = [[e.name, e.reason, minute(e.since, zone), "yes" if e.pending else "no",
             str(e.customer_id), e.reservations_id] for e in listed]
    target = _write(conn, path, replace=replace, action="blacklist.export",
                    detail={"entries": len(rows),
                            "as_of": as_of.isoformat() if as_of else None},
                    header=blacklist_header(zone), rows=rows, now=now, counter=counter,
                    mode=mode)
    return Exported(target, len(rows), as_of)


def export_audit(conn: sqlite3.Connection, path: Path, *, now: datetime, counter: str,
                 mode: str, replace: bool = False) -> Exported:
    """The whole audit log, newest first, to ``path``; audited as ``audit.export`` (that line
    itself is not in the file: it is written with it)."""
    lines = edits.audit_lines(conn, limit=-1)
    rows = [[r.at.isoformat(), r.counter, r.mode, r.action, r.subject, r.detail_text]
            for r in lines]
    target = _write(conn, path, replace=replace, action="audit.export",
                    detail={"rows": len(rows)}, header=AUDIT_HEADER, rows=rows, now=now,
                    counter=counter, mode=mode)
    return Exported(target, len(rows))
