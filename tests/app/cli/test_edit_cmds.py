"""``clientdesk note | label | blacklist | outbox`` against the sandbox over loopback.

A sync fills the cache first (as at a counter); each command then goes through the outbox the
window uses and tries to send at once. Offline (the sandbox server dropping every connection)
the edit is queued and the command still exits 0; the next sync sends it. Manager commands
read the PIN from stdin here (tests are not a terminal), after a helper set one the way the
window does, through the same keyring the CLI uses (the in-memory test keyring).
"""

from __future__ import annotations

import csv
import json
import os
import time
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
import tomli_w

from app.cache.db import Cache, cache_path
from app.cache.writer import CacheWriter
from app.cli import editing
from app.manager import ManagerLock
from app.paths import manager_tries_file
from app.sandbox.faults import Faults
from app.sandbox.runner import Sandbox, ThreadedSandbox
from app.secrets import KeyringSecrets
from app.sync.engine import _lock_file
from app.sync.lock import SyncLock
from tests.conftest import ANCHOR
from tests.support.cli import Outcome, invoke

STORE = "cli-edit"
PIN = "246813"


@pytest.fixture
def box() -> Iterator[ThreadedSandbox]:
    with ThreadedSandbox(Sandbox(200, seed=4, anchor=ANCHOR, store_id=STORE)) as running:
        yield running


@pytest.fixture
def profile(tmp_path: Path, box: ThreadedSandbox) -> Path:
    """The sandbox's profile on disk, its secrets in the (in-memory) test keyring, and a cache
    filled by one sync."""
    path = tmp_path / "store.toml"
    path.write_text(box.sandbox.profile_toml(), encoding="utf-8")
    secrets = KeyringSecrets(STORE)
    for vendor, secret in box.sandbox.secrets.items():
        secrets.set(vendor, secret)
    synced = invoke("--profile", str(path), "--data-dir", str(tmp_path / "data"), "sync")
    assert synced.code == 0, synced.out + synced.err
    return path


def cli(tmp_path: Path, profile: Path, *args: str, stdin: str | None = None) -> Outcome:
    outcome = invoke("--profile", str(profile), "--data-dir", str(tmp_path / "data"), *args,
                     input=stdin, env={"CLIENTDESK_COUNTER": "till-9"})
    assert "Traceback" not in outcome.out + outcome.err
    return outcome


def set_pin(tmp_path: Path, pin: str = PIN) -> None:
    """What the window does on first use: the same keyring and data folder as the CLI."""
    lock_file = manager_tries_file(STORE)
    ManagerLock(KeyringSecrets(STORE), lock_file).set_pin(pin)


def query(tmp_path: Path, sql: str, *args: Any) -> list[tuple[Any, ...]]:
    conn = Cache.open(cache_path(tmp_path / "data", STORE)).connect(readonly=True)
    try:
        return conn.execute(sql, args).fetchall()
    finally:
        conn.close()


def a_customer(tmp_path: Path, *, blacklisted: bool = False, skip: int = 0) -> tuple[int, str]:
    """A real (not walk-in) customer with exactly one reservations record: (id, reservations id)."""
    rows = query(tmp_path,
                 "SELECT customer_id, vendor_id FROM records r WHERE vendor = 'reservations' "
                 "AND json_extract(data, '$.is_dummy') = 0 AND blacklisted = ? AND "
                 "(SELECT COUNT(*) FROM records o WHERE o.vendor = 'reservations' AND "
                 "o.customer_id = r.customer_id) = 1 ORDER BY vendor_id LIMIT 1 OFFSET ?",
                 int(blacklisted), skip)
    assert rows, "no such customer in the sandbox"
    return int(rows[0][0]), str(rows[0][1])


def linked_pair(tmp_path: Path) -> tuple[int, str, str]:
    """Two customers' reservations records linked by hand into one customer (as a manager
    links duplicates): (customer id, first reservations id, second)."""
    _one, first = a_customer(tmp_path)
    _two, second = a_customer(tmp_path, skip=1)
    writer = CacheWriter(Cache.open(cache_path(tmp_path / "data", STORE)))
    try:
        writer.set_manual(("reservations", first), ("reservations", second), "link")
    finally:
        writer.close()
    [(customer,)] = query(tmp_path, "SELECT DISTINCT customer_id FROM records WHERE "
                                    "vendor = 'reservations' AND vendor_id IN (?, ?)",
                          first, second)
    return int(customer), first, second


def upstream(box: ThreadedSandbox, reservations_id: str) -> dict[str, Any]:
    """The customer as the reservations server holds it now (read on the sandbox's loop)."""
    server: Any = box.sandbox.servers["reservations"]

    async def read() -> dict[str, Any]:
        record: dict[str, Any] = server._record(reservations_id)
        return dict(record)

    return box.call(read())


def change_upstream(box: ThreadedSandbox, reservations_id: str, **fields: Any) -> None:
    """Someone at another store edits the customer meanwhile."""
    server: Any = box.sandbox.servers["reservations"]

    async def write() -> None:
        server._edits.setdefault(reservations_id, {}).update(fields)

    box.call(write())


def edits_json(tmp_path: Path, profile: Path) -> list[dict[str, Any]]:
    listed = cli(tmp_path, profile, "outbox", "--json")
    assert listed.code == 0, listed.err
    edits: list[dict[str, Any]] = json.loads(listed.out)["edits"]
    return edits


def wait_until_due(edit: dict[str, Any]) -> None:
    """Let the outbox's backoff run out (5 s after the first failed try)."""
    due = datetime.fromisoformat(edit["next_attempt_at"])
    left = (due - datetime.now(due.tzinfo)).total_seconds()
    if left > 0:
        time.sleep(left + 0.2)


# -- note ------------------------------------------------------------------------------------------
def test_note_set_online_reaches_reservations(tmp_path: Path, profile: Path,
                                              box: ThreadedSandbox) -> None:
    customer, rid = a_customer(tmp_path)
    text = "Prefers <b>Tuesdays</b>\nallergic to latex — ✓ 10% off"
    done = cli(tmp_path, profile, "note", f"id:{customer}", "--set", text)
    assert done.code == 0, done.out + done.err
    assert "Sent to reservations." in done.out
    assert upstream(box, rid)["note"] == text
    shown = cli(tmp_path, profile, "note", f"reservations:{rid}")
    assert shown.code == 0 and "Prefers <b>Tuesdays</b>" in shown.out
    assert "allergic to latex" in shown.out and "Not yet sent" not in shown.out
    as_json = json.loads(cli(tmp_path, profile, "note", f"id:{customer}", "--json").out)
    assert as_json["note"] == text and as_json["waiting_edits"] == []
    audit = query(tmp_path, "SELECT counter, mode, action FROM audit")
    assert audit == [("till-9", "staff", "note.set")]
    assert edits_json(tmp_path, profile) == []
    same = cli(tmp_path, profile, "note", f"id:{customer}", "--set", text)
    assert same.code == 0 and "already reads that" in same.out


def test_note_set_offline_is_queued_with_exit_0_and_the_next_sync_sends_it(
        tmp_path: Path, profile: Path, box: ThreadedSandbox) -> None:
    _customer, rid = a_customer(tmp_path)
    other, _ = a_customer(tmp_path, blacklisted=False, skip=1)
    before = upstream(box, rid)["note"]
    res = box.sandbox.servers["reservations"]
    res.faults = Faults(drop=1.0)
    early = cli(tmp_path, profile, "note", f"id:{other}", "--set", "retried by hand")
    assert early.code == 0 and "Queued: reservations is unreachable" in early.out
    queued = cli(tmp_path, profile, "note", f"reservations:{rid}", "--set", "typed offline")
    assert queued.code == 0, queued.out + queued.err
    assert "Queued: reservations is unreachable; it will be sent on the next sync" in queued.out
    assert "last try: reservations: cannot be reached" in queued.out
    assert upstream(box, rid)["note"] == before
    first, edit = edits_json(tmp_path, profile)
    assert (edit["kind"], edit["state"], edit["attempts"]) == ("note.set", "pending", 1)
    assert edit["payload"]["note"] == "typed offline" and edit["counter"] == "till-9"
    assert edit["record"] == f"reservations:customer:{rid}" and edit["upstream"] is None
    listed = cli(tmp_path, profile, "outbox")
    assert f"#{edit['id']}" in listed.out and "«typed offline»" in listed.out
    assert "cannot be reached" in listed.out

    res.faults = Faults()  # back online
    by_hand = cli(tmp_path, profile, "outbox", "retry", str(first["id"]))  # skips the backoff
    assert by_hand.code == 0 and "Sent to reservations." in by_hand.out
    assert [e["id"] for e in edits_json(tmp_path, profile)] == [edit["id"]]
    wait_until_due(edit)
    synced = cli(tmp_path, profile, "sync", "--vendor", "reservations")
    assert synced.code == 0, synced.out + synced.err
    assert upstream(box, rid)["note"] == "typed offline"
    assert edits_json(tmp_path, profile) == []
    assert "typed offline" in cli(tmp_path, profile, "note", f"reservations:{rid}").out


def test_note_refusals_say_why_and_queue_nothing(tmp_path: Path, profile: Path,
                                                 box: ThreadedSandbox) -> None:
    customer, _rid = a_customer(tmp_path)
    too_long = cli(tmp_path, profile, "note", f"id:{customer}", "--set", "x" * 2001)
    assert too_long.code == 2 and "the limit is 2,000" in too_long.err
    nobody = cli(tmp_path, profile, "note", "nobody@nowhere.example", "--set", "hi")
    assert nobody.code == 8 and "No customer with the email" in nobody.err
    assert cli(tmp_path, profile, "note", "id:999999", "--set", "hi").code == 8
    assert edits_json(tmp_path, profile) == []
    assert query(tmp_path, "SELECT COUNT(*) FROM audit") == [(0,)]

    without = box.sandbox.profile_dict()
    del without["reservations"]
    other = tmp_path / "no-reservations.toml"
    other.write_text(tomli_w.dumps(without), encoding="utf-8")
    unused = cli(tmp_path, other, "note", f"id:{customer}", "--set", "hi")
    assert unused.code == 2 and "does not use reservations" in unused.err


def test_a_note_changed_upstream_is_a_conflict_not_an_overwrite(
        tmp_path: Path, profile: Path, box: ThreadedSandbox) -> None:
    _customer, rid = a_customer(tmp_path)
    change_upstream(box, rid, note="written at the other store \x1b[31m")
    refused = cli(tmp_path, profile, "note", f"reservations:{rid}", "--set", "ours")
    assert refused.code == 9, refused.out + refused.err
    assert "the note was changed in reservations" in refused.err
    assert "\\x1b[31m" in refused.err and "\x1b" not in refused.err  # vendor text literal
    assert upstream(box, rid)["note"] == "written at the other store \x1b[31m"
    [edit] = edits_json(tmp_path, profile)
    assert edit["state"] == "failed" and edit["conflict"] is True
    assert edit["upstream"] == "written at the other store \x1b[31m"
    listed = cli(tmp_path, profile, "outbox")
    assert "has meanwhile: «written at the other store \\x1b[31m»" in listed.out
    same_again = cli(tmp_path, profile, "outbox", "retry", str(edit["id"]))
    assert same_again.code == 2 and "resolve" in same_again.err
    # a later edit of the same record waits behind the conflict, in order
    held = cli(tmp_path, profile, "note", f"reservations:{rid}", "--set", "later")
    assert held.code == 9 and f"Queued behind edit #{edit['id']}" in held.err
    later = edits_json(tmp_path, profile)[1]
    dropped = cli(tmp_path, profile, "outbox", "discard", str(later["id"]))
    assert dropped.code == 0 and f"Discarded edit #{later['id']}" in dropped.out
    again = cli(tmp_path, profile, "outbox", "discard", f"#{later['id']}")
    assert again.code == 2 and "was discarded" in again.err

    ours = cli(tmp_path, profile, "outbox", "resolve", str(edit["id"]), "--ours")
    assert ours.code == 0, ours.out + ours.err
    assert "Keeping ours" in ours.out and "Sent to reservations." in ours.out
    assert upstream(box, rid)["note"] == "ours" and edits_json(tmp_path, profile) == []

    change_upstream(box, rid, note="third version")
    mine = cli(tmp_path, profile, "note", f"reservations:{rid}", "--set", "mine")
    assert mine.code == 9
    [conflict] = edits_json(tmp_path, profile)
    assert cli(tmp_path, profile, "outbox", "resolve", str(conflict["id"])).code == 2
    theirs = cli(tmp_path, profile, "outbox", "resolve", str(conflict["id"]), "--theirs")
    assert theirs.code == 0 and "Kept the note reservations has" in theirs.out
    assert upstream(box, rid)["note"] == "third version"
    assert edits_json(tmp_path, profile) == []
    assert "third version" in cli(tmp_path, profile, "note", f"reservations:{rid}").out
    not_one = cli(tmp_path, profile, "outbox", "resolve", str(conflict["id"]), "--ours")
    assert not_one.code == 2


# -- label -----------------------------------------------------------------------------------------
def test_label_add_and_remove_on_a_ticket(tmp_path: Path, profile: Path,
                                          box: ThreadedSandbox) -> None:
    qminder: Any = box.sandbox.servers["qminder"]
    ticket = next(t for t, v in qminder.tickets.items() if v["status"] == "NEW")

    def labels() -> list[str]:
        return [label["value"] for label in qminder.tickets[ticket]["labels"]]

    added = cli(tmp_path, profile, "label", ticket, "--add", "  Needs   help ")
    assert added.code == 0, added.out + added.err
    assert "Sent to Qminder." in added.out and "Needs help" in labels()
    removed = cli(tmp_path, profile, "label", ticket, "--remove", "Needs help", "--json")
    assert removed.code == 0, removed.err
    outcome = json.loads(removed.out)
    assert outcome["sent"] is True and outcome["kind"] == "label.remove"
    assert "Needs help" not in labels()

    for args, code, words in (
            (("--add", " \t "), 2, "empty or only spaces"),
            (("--add", "x" * 51), 2, "at most 50"),
            (("--add", "a", "--remove", "b"), 2, "exactly one"),
            ((), 2, "exactly one")):
        refused = cli(tmp_path, profile, "label", ticket, *args)
        assert (refused.code, words in refused.err) == (code, True), refused.err
    letters = cli(tmp_path, profile, "label", "12a", "--add", "VIP")
    assert letters.code == 2 and "digits only" in letters.err
    assert edits_json(tmp_path, profile) == []


# -- blacklist -------------------------------------------------------------------------------------
def test_blacklist_add_and_remove_with_the_pin_on_stdin(tmp_path: Path, profile: Path,
                                                        box: ThreadedSandbox) -> None:
    set_pin(tmp_path)
    customer, rid = a_customer(tmp_path)
    added = cli(tmp_path, profile, "blacklist", "add", f"id:{customer}", "--reason",
                "Threatened staff", stdin=f"{PIN}\n")
    assert added.code == 0, added.out + added.err
    assert "Sent to reservations." in added.out
    record = upstream(box, rid)
    assert record["is_blacklisted"] is True and record["blacklist_reason"] == "Threatened staff"
    listed = json.loads(cli(tmp_path, profile, "blacklist", "--json").out)
    entry = next(e for e in listed["entries"] if e["customer_id"] == customer)
    assert entry["reason"] == "Threatened staff" and entry["pending"] is False
    assert listed["as_of"] is not None
    text = cli(tmp_path, profile, "blacklist")
    assert text.code == 0 and "Threatened staff" in text.out and f"(id:{customer})" in text.out

    removed = cli(tmp_path, profile, "blacklist", "remove", f"id:{customer}", stdin=f"{PIN}\n")
    assert removed.code == 0, removed.out + removed.err
    assert upstream(box, rid)["is_blacklisted"] is False
    not_on = cli(tmp_path, profile, "blacklist", "remove", f"id:{customer}", stdin=f"{PIN}\n")
    assert not_on.code == 8 and "is not on the blacklist" in not_on.err
    audit = query(tmp_path, "SELECT counter, mode, action FROM audit ORDER BY id")
    assert audit == [("till-9", "manager", "blacklist.add"),
                     ("till-9", "manager", "blacklist.remove")]


def test_several_records_are_named_not_picked_and_a_listed_one_gets_the_new_reason(
        tmp_path: Path, profile: Path, box: ThreadedSandbox) -> None:
    set_pin(tmp_path)
    customer, first, second = linked_pair(tmp_path)
    which = cli(tmp_path, profile, "blacklist", "add", f"id:{customer}", "--reason", "Rude",
                stdin=f"{PIN}\n")
    assert which.code == 2, which.out + which.err
    assert f"has 2 reservations records — reservations:{first} (" in which.err
    assert f"reservations:{second} (" in which.err and "say which one" in which.err
    assert f"Give it as CUSTOMER, e.g. `reservations:{first}`" in which.err
    assert edits_json(tmp_path, profile) == []
    lock = json.loads(manager_tries_file(STORE).read_text())
    assert lock["failures"] == 0  # refused before the PIN was read
    note = cli(tmp_path, profile, "note", f"id:{customer}", "--set", "hi")
    assert note.code == 2 and "say which one to change" in note.err

    named = cli(tmp_path, profile, "blacklist", "add", f"reservations:{second}", "--reason",
                "Rude", stdin=f"{PIN}\n")
    assert named.code == 0, named.out + named.err
    assert upstream(box, second)["is_blacklisted"] is True
    assert upstream(box, first)["is_blacklisted"] is False

    again = cli(tmp_path, profile, "blacklist", "add", f"reservations:{second}", "--reason",
                " Rude ", stdin="")
    assert again.code == 0 and "already on the blacklist for that reason" in again.out
    replaced = cli(tmp_path, profile, "blacklist", "add", f"reservations:{second}",
                   "--reason", "Threatened staff", stdin=f"{PIN}\n")
    assert replaced.code == 0, replaced.out + replaced.err
    assert "its reason is replaced here" in replaced.out and "it was: Rude" in replaced.out
    assert upstream(box, second)["blacklist_reason"] == "Threatened staff"
    details = [json.loads(d) for (d,) in query(
        tmp_path, "SELECT detail FROM audit WHERE action = 'blacklist.add' ORDER BY id")]
    assert [d.get("already_listed") for d in details] == [None, True]
    assert details[1]["previous_reason"] == "Rude"

    # Taking off: the customer's one listed record is the one meant.
    removed = cli(tmp_path, profile, "blacklist", "remove", f"id:{customer}", stdin=f"{PIN}\n")
    assert removed.code == 0, removed.out + removed.err
    assert f"(reservations:{second}) is off the blacklist" in removed.out
    assert upstream(box, second)["is_blacklisted"] is False
    none_left = cli(tmp_path, profile, "blacklist", "remove", f"id:{customer}", stdin="")
    assert none_left.code == 8 and "none of their 2 reservations records" in none_left.err


def test_no_pin_yet_refuses_on_stdin_and_a_terminal_sets_one(
        tmp_path: Path, profile: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    customer, _rid = a_customer(tmp_path)
    args = ("blacklist", "add", f"id:{customer}", "--reason", "Stole a display unit")
    refused = cli(tmp_path, profile, *args, stdin="135791\n")
    assert refused.code == 4 and "Run the same command in a terminal" in refused.err
    assert edits_json(tmp_path, profile) == []

    monkeypatch.setattr(editing, "stdin_is_terminal", lambda: True)
    differ = cli(tmp_path, profile, *args, stdin="135791\n135792\n")
    assert differ.code == 4 and "differ" in differ.err
    short = cli(tmp_path, profile, *args, stdin="1357\n1357\n")  # 4 digits: no longer enough
    assert short.code == 4 and "6 to 12 digits" in short.err
    weak = cli(tmp_path, profile, *args, stdin="111111\n111111\n")
    assert weak.code == 4 and "one digit repeated" in weak.err
    first = cli(tmp_path, profile, *args, stdin="135791\n135791\n")
    assert first.code == 0, first.out + first.err
    assert "135791" not in first.out + first.err  # prompted without echo
    assert "No manager PIN is set" in first.err
    monkeypatch.setattr(editing, "stdin_is_terminal", lambda: False)
    removed = cli(tmp_path, profile, "blacklist", "remove", f"id:{customer}", stdin="135791\n")
    assert removed.code == 0, removed.out + removed.err


def test_five_wrong_pins_then_a_wait(tmp_path: Path, profile: Path) -> None:
    set_pin(tmp_path)
    customer, _rid = a_customer(tmp_path)
    args = ("blacklist", "add", f"id:{customer}", "--reason", "Abusive on the phone")
    for left in (4, 3, 2, 1):
        wrong = cli(tmp_path, profile, *args, stdin="0000\n")
        assert wrong.code == 4 and f"{left} tr" in wrong.err, wrong.err
    fifth = cli(tmp_path, profile, *args, stdin="0000\n")
    assert fifth.code == 4 and "Too many wrong PINs: try again in 30 s" in fifth.err
    right = cli(tmp_path, profile, *args, stdin=f"{PIN}\n")  # even the right PIN waits
    assert right.code == 4 and "Try again in" in right.err
    empty = cli(tmp_path, profile, *args, stdin="")
    assert empty.code == 4 and "one line on stdin" in empty.err
    assert edits_json(tmp_path, profile) == []


def test_a_bad_reason_is_refused_before_the_pin_is_asked(tmp_path: Path,
                                                         profile: Path) -> None:
    set_pin(tmp_path)
    customer, _rid = a_customer(tmp_path)
    for reason in ("", "   "):
        empty = cli(tmp_path, profile, "blacklist", "add", f"id:{customer}", "--reason", reason,
                    stdin="0000\n")
        assert empty.code == 2 and "needs a reason" in empty.err
    missing = cli(tmp_path, profile, "blacklist", "add", f"id:{customer}", stdin="0000\n")
    assert missing.code == 2 and "--reason" in missing.err
    long = cli(tmp_path, profile, "blacklist", "add", f"id:{customer}", "--reason", "x" * 501)
    assert long.code == 2 and "at most 500" in long.err
    unknown = cli(tmp_path, profile, "blacklist", "add", "id:999999", "--reason", "x")
    assert unknown.code == 8
    # no wrong guess was counted: the right PIN still has five tries' worth of room
    lock = json.loads(manager_tries_file(STORE).read_text())
    assert lock["failures"] == 0
    assert edits_json(tmp_path, profile) == []


def test_blacklist_csv_needs_the_pin_is_whole_and_guards_formulas(
        tmp_path: Path, profile: Path, box: ThreadedSandbox) -> None:
    set_pin(tmp_path)
    customer, rid = a_customer(tmp_path)
    evil = '=HYPERLINK("http://evil.example","click")'
    added = cli(tmp_path, profile, "blacklist", "add", f"id:{customer}", "--reason", evil,
                stdin=f"{PIN}\n")
    assert added.code == 0, added.out + added.err
    second, _ = a_customer(tmp_path)
    plain = cli(tmp_path, profile, "blacklist", "add", f"id:{second}", "--reason",
                "Shouted at staff", stdin=f"{PIN}\n")
    assert plain.code == 0, plain.out + plain.err
    target = tmp_path / "blacklist.csv"

    staff = cli(tmp_path, profile, "blacklist", "--csv", str(target), stdin="")
    assert staff.code == 4 and not target.exists()

    exported = cli(tmp_path, profile, "blacklist", "--csv", str(target), stdin=f"{PIN}\n")
    assert exported.code == 0, exported.out + exported.err
    assert "Wrote" in exported.out and str(target) in exported.out
    assert os.stat(target).st_mode & 0o777 == 0o600
    with target.open(encoding="utf-8-sig", newline="") as stream:
        rows = list(csv.DictReader(stream))
    listed = json.loads(cli(tmp_path, profile, "blacklist", "--json").out)["entries"]
    assert len(rows) == len(listed) >= 2
    ours = next(r for r in rows if r["reservations_id"] == rid)
    assert ours["reason"] == "'" + evil and ours["pending"] == "no"
    assert all(not r["reason"].startswith(("=", "+", "-", "@")) for r in rows)
    assert any(r["reason"] == "Shouted at staff" for r in rows)  # plain text stays as typed
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".blacklist")] == []

    before = target.read_bytes()
    kept = cli(tmp_path, profile, "blacklist", "--csv", str(target), stdin=f"{PIN}\n")
    assert kept.code == 2 and "--force" in kept.err and target.read_bytes() == before
    forced = cli(tmp_path, profile, "blacklist", "--csv", str(target), "--force",
                 stdin=f"{PIN}\n")
    assert forced.code == 0, forced.err
    nowhere = cli(tmp_path, profile, "blacklist", "--csv", str(tmp_path / "no" / "x.csv"),
                  stdin=f"{PIN}\n")
    assert nowhere.code == 2 and "does not exist" in nowhere.err
    audit = query(tmp_path, "SELECT mode, subject, detail FROM audit WHERE action = "
                            "'blacklist.export'")
    assert len(audit) == 2 and {a[0] for a in audit} == {"manager"}
    assert audit[0][1] == str(target.resolve())
    assert json.loads(audit[0][2])["entries"] == len(rows)


# -- outbox ----------------------------------------------------------------------------------------
def test_outbox_retry_and_discard(tmp_path: Path, profile: Path, box: ThreadedSandbox) -> None:
    assert cli(tmp_path, profile, "outbox").out.startswith("No edits waiting")
    _customer, rid = a_customer(tmp_path)
    res = box.sandbox.servers["reservations"]
    res.faults = Faults(malformed=1.0)  # an answer we cannot read: the edit fails for good
    failed = cli(tmp_path, profile, "note", f"reservations:{rid}", "--set", "after retry")
    assert failed.code == 9, failed.out + failed.err
    assert "Not sent: reservations refused it" in failed.err
    [edit] = edits_json(tmp_path, profile)
    assert edit["state"] == "failed" and edit["last_error"]
    res.faults = Faults()
    retried = cli(tmp_path, profile, "outbox", "retry", str(edit["id"]))
    assert retried.code == 0, retried.out + retried.err
    assert "Sent to reservations." in retried.out
    assert upstream(box, rid)["note"] == "after retry"
    sent = cli(tmp_path, profile, "outbox", "retry", str(edit["id"]))
    assert sent.code == 2 and "already sent" in sent.err

    missing = cli(tmp_path, profile, "label", "99999", "--add", "VIP")
    assert missing.code == 9 and "Qminder refused it" in missing.err
    [label] = edits_json(tmp_path, profile)
    assert cli(tmp_path, profile, "outbox", "retry", str(label["id"])).code == 9
    discarded = cli(tmp_path, profile, "outbox", "discard", str(label["id"]))
    assert discarded.code == 0 and edits_json(tmp_path, profile) == []
    actions = [a for (a,) in query(tmp_path, "SELECT action FROM audit ORDER BY id")]
    assert actions.count("outbox.retry") == 2 and actions[-1] == "outbox.discard"

    for args, code in ((("retry", "424242"), 8), (("discard", "424242"), 8),
                       (("retry", "abc"), 2), (("discard", "-1"), 2),
                       (("--json", "retry", "1"), 2)):
        outcome = cli(tmp_path, profile, "outbox", *args)
        assert outcome.code == code, (args, outcome.err)
        assert outcome.err.startswith("clientdesk: ") or outcome.err.startswith("Usage")


def test_without_a_credential_the_edit_is_queued_and_exits_3(
        tmp_path: Path, profile: Path) -> None:
    """No credential on this PC: the edit is queued all the same, and exit 3 says why."""
    _customer, rid = a_customer(tmp_path)
    KeyringSecrets(STORE).delete("reservations")
    queued = cli(tmp_path, profile, "note", f"reservations:{rid}", "--set", "no key")
    assert queued.code == 3 and "clientdesk credentials set reservations" in queued.err
    [edit] = edits_json(tmp_path, profile)
    assert edit["state"] == "pending" and edit["attempts"] == 0


def test_sending_waits_for_a_sync_that_holds_the_lock(tmp_path: Path, profile: Path) -> None:
    """A sync running (the window's) sends waiting edits itself: the CLI does not race it."""
    _customer, rid = a_customer(tmp_path)
    lock = SyncLock(_lock_file(Cache.open(cache_path(tmp_path / "data", STORE))))
    assert lock.acquire()
    try:
        queued = cli(tmp_path, profile, "note", f"reservations:{rid}", "--set", "later")
    finally:
        lock.release()
    assert queued.code == 0 and "a sync of this cache is running" in queued.out
    assert edits_json(tmp_path, profile)[0]["attempts"] == 0


def test_a_managers_edit_needs_the_pin_to_retry_or_discard(
        tmp_path: Path, profile: Path, box: ThreadedSandbox) -> None:
    """Staff cannot quietly undo a manager's pending blacklist entry from the command line."""
    set_pin(tmp_path)
    customer, rid = a_customer(tmp_path)
    res = box.sandbox.servers["reservations"]
    res.faults = Faults(drop=1.0)  # unreachable: the entry waits in the outbox
    queued = cli(tmp_path, profile, "blacklist", "add", f"id:{customer}", "--reason",
                 "Threatened staff", stdin=f"{PIN}\n")
    assert queued.code == 0 and "Queued" in queued.out, queued.out + queued.err
    [edit] = edits_json(tmp_path, profile)
    for action in ("discard", "retry"):
        refused = cli(tmp_path, profile, "outbox", action, str(edit["id"]), stdin="")
        assert refused.code == 4, (action, refused.err)
        assert "manager PIN is needed" in refused.err
        wrong = cli(tmp_path, profile, "outbox", action, str(edit["id"]), stdin="0000\n")
        assert wrong.code == 4, (action, wrong.err)
    [still] = edits_json(tmp_path, profile)
    assert still["state"] == "pending"
    discarded = cli(tmp_path, profile, "outbox", "discard", str(edit["id"]), stdin=f"{PIN}\n")
    assert discarded.code == 0, discarded.out + discarded.err
    assert edits_json(tmp_path, profile) == []
    [(mode,)] = query(tmp_path, "SELECT mode FROM audit WHERE action = 'outbox.discard'")
    assert mode == "manager"
    res.faults = Faults()
    assert upstream(box, rid)["is_blacklisted"] is False  # it was never sent
