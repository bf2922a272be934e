"""``clientdesk forget`` against a cache filled from the sandbox: a manager erases one person,
the audit log keeps its lines with pseudonyms, and nobody else is touched."""

from __future__ import annotations

import json
from pathlib import Path

from app.cache.forget import pseudonym
from app.sandbox.faults import Faults
from app.sandbox.runner import ThreadedSandbox
from tests.app.cli.test_edit_cmds import (
    PIN,
    a_customer,
    cli,
    linked_pair,
    query,
    set_pin,
)
from tests.app.cli.test_edit_cmds import box as box
from tests.app.cli.test_edit_cmds import profile as profile


def contacts_of(tmp_path: Path, customer: int) -> tuple[str, list[str], list[str]]:
    [(name, emails, phones)] = query(tmp_path, "SELECT name, emails, phones FROM customers "
                                               "WHERE id = ?", customer)
    return name, json.loads(emails), json.loads(phones)


def all_text(tmp_path: Path) -> str:
    """Everything the cache and the edits file hold, as text."""
    parts: list[str] = []
    for table in ("records", "customers", "record_keys", "contact_index", "profile_sections",
                  "qudini_visits", "audit", "outbox", "manual_links"):
        parts.extend(json.dumps(row) for row in query(tmp_path, f"SELECT * FROM {table}"))
    return "\n".join(parts).casefold()


def test_a_manager_forgets_a_customer_and_the_audit_log_keeps_pseudonyms(
        tmp_path: Path, profile: Path, box: ThreadedSandbox) -> None:
    set_pin(tmp_path)
    customer, first, second = linked_pair(tmp_path)
    other, _ = a_customer(tmp_path, skip=2)
    name, emails, phones = contacts_of(tmp_path, customer)
    assert emails or phones
    # a history about them: a note sent, a reveal, a blacklist entry made and lifted
    assert cli(tmp_path, profile, "note", f"reservations:{first}", "--set",
               f"Call {name} on arrival").code == 0
    assert cli(tmp_path, profile, "show", f"id:{customer}", "--reveal").code == 0
    assert cli(tmp_path, profile, "blacklist", "add", f"reservations:{second}", "--reason",
               f"Shouted at staff; {name} was asked to leave", stdin=f"{PIN}\n").code == 0
    assert cli(tmp_path, profile, "note", f"id:{other}", "--set", "Someone else").code == 0
    lines_before = query(tmp_path, "SELECT COUNT(*) FROM audit")[0][0]
    assert query(tmp_path, "SELECT COUNT(*) FROM raw_rows WHERE vendor_id IN (?, ?)",
                 first, second) != [(0,)]  # the sync fingerprinted their rows

    done = cli(tmp_path, profile, "forget", f"id:{customer}", "--yes", "--json",
               stdin=f"{PIN}\n")

    assert done.code == 0, done.out + done.err
    result = json.loads(done.out)
    assert result["records"] >= 2 and result["manual_links"] == 1
    assert result["audit_lines"] == 2 and result["finished_edits"] == 2  # note, blacklist
    assert query(tmp_path, "SELECT COUNT(*) FROM records WHERE customer_id = ? OR "
                           "vendor_id IN (?, ?)", customer, first, second) == [(0,)]
    assert query(tmp_path, "SELECT COUNT(*) FROM raw_rows WHERE vendor_id IN (?, ?)",
                 first, second) == [(0,)]  # no fingerprint of their rows either
    text = all_text(tmp_path)
    for value in (*emails, *phones, name, "asked to leave"):
        assert value.casefold() not in text, value
    assert pseudonym(name) in text  # the lines stay, pointing at a pseudonym
    # the log kept every line and gained one for the erasure itself
    audit = query(tmp_path, "SELECT action, subject, detail FROM audit ORDER BY id")
    assert len(audit) == lines_before + 1
    assert audit[-1][0] == "customer.forget" and audit[-1][1] == result["customer"]
    # still append-only afterwards
    import sqlite3

    from app.cache.db import Cache, cache_path
    conn = Cache.open(cache_path(tmp_path / "data", "cli-edit")).connect()
    try:
        try:
            conn.execute("UPDATE audit SET detail = '{}'")
        except sqlite3.DatabaseError as exc:
            assert "append-only" in str(exc)
        else:
            raise AssertionError("the audit log accepted an update after forget")
    finally:
        conn.close()
    # someone else is untouched
    assert query(tmp_path, "SELECT COUNT(*) FROM customers WHERE id = ?", other) == [(1,)]
    assert "someone else" in text


def test_forget_needs_the_pin_a_confirmation_and_no_waiting_edits(
        tmp_path: Path, profile: Path, box: ThreadedSandbox) -> None:
    set_pin(tmp_path)
    customer, _rid = a_customer(tmp_path)

    unconfirmed = cli(tmp_path, profile, "forget", f"id:{customer}", stdin=f"{PIN}\n")
    assert unconfirmed.code == 2 and "add --yes" in unconfirmed.err
    wrong = cli(tmp_path, profile, "forget", f"id:{customer}", "--yes", stdin="000000\n")
    assert wrong.code == 4
    nobody = cli(tmp_path, profile, "forget", "id:999999", "--yes", stdin=f"{PIN}\n")
    assert nobody.code == 8

    box.sandbox.servers["reservations"].faults = Faults(drop=1.0)
    assert cli(tmp_path, profile, "note", f"id:{customer}", "--set", "queued").code == 0
    waiting = cli(tmp_path, profile, "forget", f"id:{customer}", "--yes", stdin=f"{PIN}\n")
    assert waiting.code == 2 and "still waiting" in waiting.err
    assert query(tmp_path, "SELECT COUNT(*) FROM customers WHERE id = ?", customer) == [(1,)]
    assert query(tmp_path, "SELECT COUNT(*) FROM audit WHERE action = 'customer.forget'"
                 ) == [(0,)]
