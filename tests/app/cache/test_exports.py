"""Manager exports (app/cache/exports.py), once for the window and the command line: the
blacklist's documented columns, the file's safety, and exactly one audit line per export —
none when nothing was written."""

from __future__ import annotations

import csv
import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from app.cache import edits, exports
from app.cache.db import Cache
from app.cache.exports import ExportRefused
from app.cache.writer import CacheWriter
from tests.app.cache.test_blacklist import NOW, WHO, res

ZONE = ZoneInfo("Australia/Sydney")
EVIL = '=HYPERLINK("http://evil.example","click")'


@pytest.fixture
def conn(cache: Cache, writer: CacheWriter) -> Iterator[sqlite3.Connection]:
    writer.replace_all("reservations", [
        res("R1", "Zoë Nguyễn", "zoe@example.com", reason="Abusive"),
        res("R2", "<b>Bob</b>", "bob@example.com"),
        res("R3", "Mia", "mia@example.com"),
    ])
    writer.set_state("reservations", last_success=NOW.isoformat())
    connection = cache.connect()
    edits.blacklist(connection, "R2", EVIL, **WHO)  # waiting to be sent: pending
    yield connection
    connection.close()


def audit(conn: sqlite3.Connection, action: str) -> list[tuple[str, dict[str, Any]]]:
    return [(r[0], json.loads(r[1])) for r in conn.execute(
        "SELECT subject, detail FROM audit WHERE action = ? ORDER BY id", (action,))]


def test_the_blacklist_export_has_the_documented_columns_and_one_audit_line(
        conn: sqlite3.Connection, tmp_path: Path) -> None:
    target = tmp_path / "blacklist.csv"
    done = exports.export_blacklist(conn, target, ZONE, **WHO)
    assert (done.path, done.rows, done.as_of) == (target.resolve(), 2, NOW)
    raw = target.read_bytes()
    assert raw.startswith("\ufeff".encode())  # a BOM: spreadsheets read the accents
    with target.open(encoding="utf-8-sig", newline="") as handle:
        lines = list(csv.reader(handle))
    assert lines[0] == ["who", "reason", "since (Australia/Sydney)", "pending", "customer_id",
                        "reservations_id"]
    rows = {line[5]: line for line in lines[1:]}
    assert set(rows) == {"R1", "R2"}
    bob = rows["R2"]
    assert bob[:2] == ["<b>Bob</b>", "'" + EVIL] and bob[3] == "yes"
    assert bob[2] == "2026-11-20 20:00"  # added at NOW (09:00 UTC), shown in store time
    assert rows["R1"][3] == "no" and rows["R1"][0] == "Zoë Nguyễn"
    assert str(edits.customer_of(conn, "reservations", "R1")) == rows["R1"][4]
    assert b"@example.com" not in raw  # no contacts leave the PC in this file
    assert target.stat().st_mode & 0o777 == 0o600
    [(subject, detail)] = audit(conn, "blacklist.export")
    assert subject == str(target.resolve())
    assert detail == {"file": str(target.resolve()), "entries": 2, "as_of": NOW.isoformat()}


def test_an_existing_file_is_kept_unless_replacing_and_nothing_is_audited(
        conn: sqlite3.Connection, tmp_path: Path) -> None:
    target = tmp_path / "blacklist.csv"
    target.write_text("keep me\n", encoding="utf-8")
    with pytest.raises(ExportRefused, match="already exists"):
        exports.export_blacklist(conn, target, ZONE, **WHO)
    assert target.read_text(encoding="utf-8") == "keep me\n"
    assert audit(conn, "blacklist.export") == []
    exports.export_blacklist(conn, target, ZONE, replace=True, **WHO)
    assert target.read_text(encoding="utf-8-sig").startswith("who,reason,")
    with pytest.raises(ExportRefused, match="does not exist"):
        exports.check_target(tmp_path / "nowhere" / "x.csv", replace=True)
    with pytest.raises(ExportRefused, match="is a folder"):
        exports.check_target(tmp_path, replace=True)
    assert len(audit(conn, "blacklist.export")) == 1


def test_a_failed_write_leaves_no_audit_line(conn: sqlite3.Connection, tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    def full(*_args: Any) -> int:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(exports, "write_csv", full)
    with pytest.raises(ExportRefused, match=r"No space left on device\. Nothing was exported"):
        exports.export_blacklist(conn, tmp_path / "b.csv", ZONE, **WHO)
    assert audit(conn, "blacklist.export") == []


def test_the_audit_export_writes_every_line_and_audits_itself(
        conn: sqlite3.Connection, tmp_path: Path) -> None:
    target = tmp_path / "audit.csv"
    done = exports.export_audit(conn, target, **WHO)
    assert done.rows == 1
    with target.open(encoding="utf-8-sig", newline="") as handle:
        lines = list(csv.reader(handle))
    assert lines[0] == ["at", "counter", "mode", "action", "subject", "detail"]
    [line] = lines[1:]
    assert line[:5] == [NOW.isoformat(), "till-1", "manager", "blacklist.add",
                        "reservations:customer:R2"]
    assert f"reason: {EVIL}" in line[5] and not line[5].startswith("=")
    assert audit(conn, "audit.export") == [(str(target.resolve()),
                                            {"file": str(target.resolve()), "rows": 1})]
