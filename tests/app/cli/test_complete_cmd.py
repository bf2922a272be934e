"""``clientdesk complete`` against the sandbox over loopback: a walk-in placeholder completed
and sent; bad input listed per field with exit 2 and nothing queued; a real customer's record
refused; a conflict kept (exit 9) and settled with ``outbox resolve``; no contact in the
output or the audit log."""

# ruff: noqa: F811 — ``box`` and ``profile`` are test_edit_cmds' fixtures, shared by name
from __future__ import annotations

import json
from pathlib import Path

from app.sandbox.faults import Faults
from app.sandbox.runner import ThreadedSandbox
from tests.app.cli.test_edit_cmds import (  # noqa: F401
    a_customer,
    box,
    change_upstream,
    cli,
    edits_json,
    profile,
    query,
    upstream,
    wait_until_due,
)


def a_walk_in(tmp_path: Path, *, skip: int = 0) -> tuple[int, str]:
    rows = query(tmp_path, "SELECT customer_id, vendor_id FROM records r WHERE vendor = "
                           "'reservations' AND json_extract(data, '$.is_dummy') = 1 AND "
                           "(SELECT COUNT(*) FROM records o WHERE o.vendor = 'reservations' AND "
                           "o.customer_id = r.customer_id) = 1 ORDER BY vendor_id LIMIT 1 "
                           "OFFSET ?", skip)
    assert rows, "no walk-in placeholder in the sandbox"
    return int(rows[0][0]), str(rows[0][1])


def test_complete_online_reaches_reservations(tmp_path: Path, profile: Path,
                                              box: ThreadedSandbox) -> None:
    _customer, rid = a_walk_in(tmp_path)
    done = cli(tmp_path, profile, "complete", f"reservations:{rid}", "--first-name", " Ana ",
               "--last-name", "Pérez", "--email", "Ana.Perez@Example.com", "--phone",
               "0412 345 678", "--birthday", "1990-05-17")
    assert done.code == 0, done.out + done.err
    assert "Sent to reservations." in done.out and "completed (" in done.out
    held = upstream(box, rid)
    assert (held["first_name"], held["last_name"], held["email"], held["phone_number"],
            held["birthday"], held["is_dummy"]) == (
        "Ana", "Pérez", "ana.perez@example.com", "+61412345678", "1990-05-17", True)
    assert "ana.perez@example.com" not in done.out + done.err
    assert "412345678" not in (done.out + done.err).replace(" ", "")
    [(action, detail)] = query(tmp_path, "SELECT action, detail FROM audit")
    assert action == "walkin.complete"
    assert "ana.perez@example.com" not in detail and "412345678" not in detail
    assert "1990-05-17" not in detail and json.loads(detail)["name"] == "Ana Pérez"
    [(name,)] = query(tmp_path, "SELECT name FROM records WHERE vendor_id = ?", rid)
    assert name == "Ana Pérez"
    same = cli(tmp_path, profile, "complete", f"reservations:{rid}", "--first-name", "Ana",
               "--email", "ana.perez@example.com")
    assert same.code == 0 and "nothing to send" in same.out
    assert edits_json(tmp_path, profile) == []


def test_bad_input_lists_every_problem_exit_2_and_queues_nothing(
        tmp_path: Path, profile: Path) -> None:
    _customer, rid = a_walk_in(tmp_path)
    bad = cli(tmp_path, profile, "complete", f"reservations:{rid}", "--first-name", "A",
              "--email", "ana@", "--phone", "04I2 345 678", "--birthday", "2999-01-01")
    assert bad.code == 2, bad.out + bad.err
    lines = [line for line in bad.err.splitlines() if line.startswith("  - ")]
    assert [line.split(":")[0] for line in lines] == [
        "  - first name", "  - email", "  - phone", "  - birthday"]
    assert "04I2" not in bad.err
    missing = cli(tmp_path, profile, "complete", f"reservations:{rid}")
    assert missing.code == 2 and "--first-name" in missing.err
    date_form = cli(tmp_path, profile, "complete", f"reservations:{rid}", "--first-name",
                    "Ana", "--birthday", "17/05/1990")
    assert date_form.code == 2 and "YYYY-MM-DD" in date_form.err
    assert query(tmp_path, "SELECT COUNT(*) FROM outbox") == [(0,)]
    assert query(tmp_path, "SELECT COUNT(*) FROM audit") == [(0,)]


def test_a_real_customers_record_is_refused(tmp_path: Path, profile: Path) -> None:
    customer, _rid = a_customer(tmp_path)
    refused = cli(tmp_path, profile, "complete", f"id:{customer}", "--first-name", "Ana")
    assert refused.code == 2 and "not a walk-in placeholder" in refused.err
    nobody = cli(tmp_path, profile, "complete", "id:99999999", "--first-name", "Ana")
    assert nobody.code == 8
    assert query(tmp_path, "SELECT COUNT(*) FROM outbox") == [(0,)]


def test_offline_it_is_queued_with_exit_0_and_a_conflict_is_kept_then_resolved(
        tmp_path: Path, profile: Path, box: ThreadedSandbox) -> None:
    _customer, rid = a_walk_in(tmp_path)
    server = box.sandbox.servers["reservations"]
    server.faults = Faults(drop=1.0)
    queued = cli(tmp_path, profile, "complete", f"reservations:{rid}", "--first-name", "Bea",
                 "--email", "bea@example.com")
    assert queued.code == 0 and "unreachable" in queued.out, queued.out + queued.err
    server.faults = Faults()
    change_upstream(box, rid, phone_number="+61499000111")  # another counter, meanwhile
    [edit] = edits_json(tmp_path, profile)
    assert edit["payload"]["fields"]["email"] != "bea@example.com"  # masked in the list
    wait_until_due(edit)
    conflict = cli(tmp_path, profile, "outbox", "retry", str(edit["id"]), "--json")
    assert conflict.code == 9, conflict.out + conflict.err
    shown = json.loads(conflict.out)
    assert shown["state"] == "failed" and "•••" in shown["upstream"]
    assert "499000111" not in conflict.out and "bea@example.com" not in conflict.out
    listed = cli(tmp_path, profile, "outbox")
    assert "choose" in listed.out and "499000111" not in listed.out
    assert upstream(box, rid)["email"] != "bea@example.com"  # nothing overwritten
    settled = cli(tmp_path, profile, "outbox", "resolve", str(edit["id"]), "--ours")
    assert settled.code == 0 and "Sent to reservations." in settled.out, settled.err
    held = upstream(box, rid)
    assert held["email"] == "bea@example.com" and held["phone_number"] == "+61499000111"
