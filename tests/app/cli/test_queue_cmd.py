"""``clientdesk queue`` against the sandbox over loopback.

The sandbox's Qminder holds a few dozen tickets made "now" (its population is anchored to the
current hour, not the tests' fixed ANCHOR: the command reads the queue against the real clock,
and today's finished visits must be today's). A sync fills the cache first where a test needs
tickets matched to customers; tickets the tests need are created on the sandbox server's own
loop, as a kiosk would. The words themselves (waits, statuses, the match, the blacklist
warning, line stats) are the core's and are tested once, in tests/app/queue/test_words.py;
here, that the command lays them out, literally, with its own support detail (ids), and
writes the figures in the store's formats as every command does (``CLIENTDESK_LANGUAGE=hu``:
``1 234 pont``).
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, TypeVar

import pytest
import tomli_w

from app.cache.db import Cache, cache_path
from app.formatting import LANGUAGE_ENV, current_formats, use_formats
from app.queue.board import LONG_WAIT as WAIT_WARNING
from app.sandbox.qminder import QminderServer
from app.sandbox.runner import Sandbox, ThreadedSandbox
from app.secrets import KeyringSecrets
from tests.support.cli import Outcome, invoke

STORE = "cli-queue"
T = TypeVar("T")


@pytest.fixture
def box() -> Iterator[ThreadedSandbox]:
    with ThreadedSandbox(Sandbox(200, seed=2, store_id=STORE)) as running:
        yield running


@pytest.fixture
def profile(tmp_path: Path, box: ThreadedSandbox) -> Path:
    """The sandbox's profile on disk and its secrets in the (in-memory) test keyring."""
    path = tmp_path / "store.toml"
    path.write_text(box.sandbox.profile_toml(), encoding="utf-8")
    secrets = KeyringSecrets(STORE)
    for vendor, secret in box.sandbox.secrets.items():
        secrets.set(vendor, secret)
    return path


@pytest.fixture
def synced(tmp_path: Path, profile: Path) -> Path:
    """The profile, with the cache filled by one sync (as at a counter)."""
    outcome = invoke("--profile", str(profile), "--data-dir", str(tmp_path / "data"), "sync")
    assert outcome.code == 0, outcome.out + outcome.err
    return profile


def queue(tmp_path: Path, profile: Path, *args: str) -> Outcome:
    return invoke("--profile", str(profile), "--data-dir", str(tmp_path / "data"), "queue",
                  *args)


def queue_json(tmp_path: Path, profile: Path, *args: str) -> dict[str, Any]:
    outcome = queue(tmp_path, profile, "--json", *args)
    assert outcome.code == 0, outcome.out + outcome.err
    shown: dict[str, Any] = json.loads(outcome.out)
    return shown


def qminder(box: ThreadedSandbox) -> QminderServer:
    server = box.sandbox.servers["qminder"]
    assert isinstance(server, QminderServer)
    return server


def on_server[T](box: ThreadedSandbox, change: Callable[[], T]) -> T:
    """Run a server-side change on the sandbox's loop (its websocket queues are not
    thread-safe)."""
    async def run() -> T:
        return change()

    return box.call(run())


def no_secret_in(box: ThreadedSandbox, *outcomes: Outcome) -> None:
    for outcome in outcomes:
        assert "Traceback" not in outcome.out + outcome.err
        for secret in box.sandbox.secrets.values():
            assert secret not in outcome.out and secret not in outcome.err


def blacklisted_with_phone(tmp_path: Path) -> tuple[int, str, str, str]:
    """A cached blacklisted customer whose phone is theirs alone: (id, name, phone, reason)."""
    conn = Cache.open(cache_path(tmp_path / "data", STORE)).connect(readonly=True)
    conn.row_factory = sqlite3.Row
    try:
        for row in conn.execute("SELECT id, name, phones FROM customers WHERE blacklisted = 1 "
                                "ORDER BY id"):
            reason = conn.execute(
                "SELECT blacklist_reason FROM records WHERE customer_id = ? AND blacklisted = 1 "
                "AND blacklist_reason IS NOT NULL", (row["id"],)).fetchone()
            for phone in json.loads(row["phones"]):
                shared = conn.execute("SELECT COUNT(*) FROM contact_index WHERE kind = 'phone' "
                                      "AND value = ?", (phone.lstrip("+"),)).fetchone()[0]
                if reason and shared == 1:
                    return int(row["id"]), str(row["name"]), str(phone), str(reason[0])
    finally:
        conn.close()
    raise AssertionError("the sandbox has no blacklisted customer with a phone of their own")


def customer_with_points(tmp_path: Path) -> tuple[int, str, str, int]:
    """A cached customer, not blacklisted, with 1,000 points or more and a phone of their own:
    (id, name, phone, points)."""
    conn = Cache.open(cache_path(tmp_path / "data", STORE)).connect(readonly=True)
    conn.row_factory = sqlite3.Row
    try:
        for row in conn.execute("SELECT id, name, phones, points FROM customers WHERE "
                                "blacklisted = 0 AND points >= 1000 ORDER BY id"):
            for phone in json.loads(row["phones"]):
                shared = conn.execute("SELECT COUNT(*) FROM contact_index WHERE kind = 'phone' "
                                      "AND value = ?", (phone.lstrip("+"),)).fetchone()[0]
                if shared == 1:
                    return int(row["id"]), str(row["name"]), str(phone), int(row["points"])
    finally:
        conn.close()
    raise AssertionError("the sandbox has no customer with 1,000 points and a phone of their own")


@pytest.fixture
def formats_restored() -> Iterator[None]:
    """Every run of the command sets this process's formats (the store's, or the language
    asked for): put the ones before back for the tests after."""
    before = current_formats()
    yield
    use_formats(before)


# -- the queue, per line ------------------------------------------------------------------------
def test_the_queue_prints_per_line_with_waits_positions_and_labels(
        tmp_path: Path, profile: Path, box: ThreadedSandbox) -> None:
    server = qminder(box)
    line = server.lines[1]
    made = on_server(box, lambda: server.create_ticket(line["id"], "", labels=["VIP"]))

    outcome = queue(tmp_path, profile)
    assert outcome.code == 0, outcome.out + outcome.err
    out = outcome.out
    assert out.startswith("Queue of Sandbox Store — as of ")
    assert "(Australia/Sydney)" in out
    # The cache is empty (no sync here): said once on stderr, nothing matched.
    assert "run `clientdesk sync` first" in outcome.err and "customer:" not in out
    blocks = {block.split(" — ", 1)[0]: block for block in out.split("\n\n")[1:]}
    assert list(blocks) == [str(ln["name"]) for ln in server.lines]
    for ln in server.lines:
        mine = [t for t in server.tickets.values() if t["line"] == ln["id"]]
        waiting = sum(t["status"] == "NEW" for t in mine)
        called = sum(t["status"] == "CALLED" for t in mine)
        header = blocks[str(ln["name"])].splitlines()[0]
        assert f" — {waiting} waiting" in header if waiting else " — nobody waiting" in header
        assert (f", {called} being served" in header) == bool(called), header
        assert (" · longest " in header) == bool(waiting), header
        assert " · average wait today" in header, header
        positions = re.findall(r"^ *(\d+)  ", blocks[str(ln["name"])], re.M)
        assert positions == [str(k) for k in range(1, waiting + 1)]
    # the new walk-in: no name, waiting last on its line, under a minute, its label
    rows = blocks[str(line["name"])].splitlines()
    at = next(k for k, text in enumerate(rows) if "(no name)" in text)
    last = sum(t["status"] == "NEW" for t in server.tickets.values() if t["line"] == line["id"])
    assert re.match(rf"^ +{last}  \(no name\) +<1 min +waiting +Added by staff$", rows[at]), \
        rows[at]
    assert rows[at + 1].strip() == "labels: VIP"
    assert made["id"] not in out  # ids are for --json; the screen shows people
    # every sixth seeded visitor has waited 90 minutes or more: marked
    assert re.search(r"  ⚠ \d h \d\d min +waiting", out)
    assert "waits marked ⚠ from 15 min" in out.splitlines()[0]
    no_secret_in(box, outcome)


def test_json_has_lines_and_tickets_in_queue_order(tmp_path: Path, profile: Path,
                                                   box: ThreadedSandbox) -> None:
    server = qminder(box)
    line = server.lines[0]
    made = on_server(box, lambda: server.create_ticket(
        line["id"], "Ann", last_name="Lee", labels=["VIP", "Paid"],
        extra=[{"title": "Order", "value": "CC-1", "url": "javascript:alert(1)"}]))
    before = datetime.now(UTC)
    shown = queue_json(tmp_path, profile)
    after = datetime.now(UTC)

    as_of = datetime.fromisoformat(shown["as_of"])
    assert before <= as_of <= after and as_of.utcoffset() in (timedelta(hours=10),
                                                              timedelta(hours=11))
    assert shown["wait_warning_s"] == int(WAIT_WARNING.total_seconds())
    assert shown["truncated"] is False and shown["cached_customers"] == 0
    assert [s["id"] for s in shown["lines"]] == [str(ln["id"]) for ln in server.lines]
    active = [t for t in server.tickets.values() if t["status"] in ("NEW", "CALLED")]
    assert sorted(t["id"] for t in shown["tickets"]) == sorted(t["id"] for t in active)
    for stats in shown["lines"]:
        mine = [t for t in shown["tickets"] if t["line"] == stats["id"]]
        waiting = [t for t in mine if t["status"] == "NEW"]
        assert stats["waiting"] == len(waiting)
        assert stats["called"] == len(mine) - len(waiting)
        assert stats["longest_wait_s"] == max(t["waited_s"] for t in waiting)
        assert (stats["average_wait_today_s"] is None) == (stats["called_today"] == 0)
        # called first (being served), then waiting in queue order, positioned 1, 2, 3, …
        assert [t["position"] for t in mine] == \
            [None] * stats["called"] + list(range(1, len(waiting) + 1))
    for ticket in shown["tickets"]:
        seeded = server.tickets[ticket["id"]]
        assert isinstance(ticket["id"], str) and ticket["line"] == str(seeded["line"])
        # a called visitor's wait stopped when they were called
        end = seeded["_called"] if ticket["status"] == "CALLED" else as_of
        expected = (end - seeded["_created"]).total_seconds()
        assert abs(ticket["waited_s"] - expected) <= 1
        assert ticket["wait_warning"] == (ticket["status"] == "NEW"
                                          and ticket["waited_s"] >= WAIT_WARNING.total_seconds())
        assert ticket["match"] is None  # nothing cached yet
    new = next(t for t in shown["tickets"] if t["id"] == made["id"])
    assert new == {
        "id": made["id"], "public_id": made["publicId"], "line": str(line["id"]),
        "line_name": line["name"], "name": "Ann Lee", "status": "NEW", "status_known": True,
        "position": new["position"], "waited_s": new["waited_s"],
        "wait_warning": False,
        "created_at": new["created_at"],
        "labels": [{"value": "VIP", "color": "#ff00ff"}, {"value": "Paid", "color": "#7ed321"}],
        "extra": [{"title": "Order", "value": "CC-1", "url": None}],  # never javascript:
        "source": "MANUAL", "match": None}
    assert new["position"] == max(t["position"] or 0 for t in shown["tickets"]
                                  if t["line"] == str(line["id"]))


def test_line_option_shows_only_that_line_and_refuses_an_unknown_one(
        tmp_path: Path, profile: Path, box: ThreadedSandbox) -> None:
    server = qminder(box)
    wanted = str(server.lines[2]["id"])
    shown = queue_json(tmp_path, profile, "--line", wanted)
    assert [s["id"] for s in shown["lines"]] == [wanted]
    assert shown["tickets"] and {t["line"] for t in shown["tickets"]} == {wanted}

    refused = queue(tmp_path, profile, "--line", "999")
    assert refused.code == 2 and refused.out == ""
    assert refused.err.startswith("clientdesk: --line 999: not a line of Qminder location ")
    assert f"{wanted} (Click & collect)" in refused.err


# -- who is waiting -----------------------------------------------------------------------------
def test_a_blacklisted_customer_in_the_queue_shows_the_warning_with_the_reason(
        tmp_path: Path, synced: Path, box: ThreadedSandbox) -> None:
    customer_id, name, phone, reason = blacklisted_with_phone(tmp_path)
    server = qminder(box)
    first, _, last = name.partition(" ")
    made = on_server(box, lambda: server.create_ticket(None, first or "Walk-in",
                                                       last_name=last or None, phone=phone))
    outcome = queue(tmp_path, synced)
    assert outcome.code == 0, outcome.out + outcome.err
    assert "run `clientdesk sync`" not in outcome.err
    lines = outcome.out.splitlines()
    at = next(k for k, text in enumerate(lines)
              if f"customer: same phone: {name}" in text and f"id:{customer_id}" in text)
    assert lines[at + 1].strip() == f"⚠ BLACKLISTED: {reason}"

    shown = queue_json(tmp_path, synced)
    assert shown["cached_customers"] > 100
    match = next(t for t in shown["tickets"] if t["id"] == made["id"])["match"]
    assert match["customer_id"] == customer_id and match["name"] == name
    assert (match["how"], match["certain"], match["blacklisted"]) == ("phone", True, True)
    assert match["blacklist_reason"] == reason
    assert set(match) == {"customer_id", "name", "how", "certain", "label", "points",
                          "blacklisted", "blacklist_reason", "no_shows"}
    matched = [t for t in shown["tickets"] if t["match"]]
    assert len(matched) > len(shown["tickets"]) // 2  # most seeded visitors are customers


def test_points_read_as_the_stores_language_writes_them(
        tmp_path: Path, synced: Path, box: ThreadedSandbox, formats_restored: None) -> None:
    customer_id, name, phone, points = customer_with_points(tmp_path)
    server = qminder(box)
    first, _, last = name.partition(" ")
    on_server(box, lambda: server.create_ticket(None, first or "Walk-in",
                                                last_name=last or None, phone=phone))

    def customer_line(outcome: Outcome) -> str:
        assert outcome.code == 0, outcome.out + outcome.err
        return next(text for text in outcome.out.splitlines()
                    if f"customer: same phone: {name}" in text and f"id:{customer_id}" in text)

    # The sandbox store is in Australia, in English: "1,234 pts", as it always read.
    english = customer_line(queue(tmp_path, synced))
    assert f" · {points:,} pts" in english
    # In Hungarian the figure groups with a no-break space (CLDR) and the unit is "pont";
    # the command's own words stay English.
    hungarian = customer_line(invoke("--profile", str(synced), "--data-dir",
                                     str(tmp_path / "data"), "queue",
                                     env={LANGUAGE_ENV: "hu"}))
    grouped = f"{points:,}".replace(",", "\u00a0")
    assert f" · {grouped} pont" in hungarian and "\u00a0" in grouped
    assert "pts" not in hungarian and hungarian.strip().startswith("customer: same phone: ")
    # JSON stays numbers, whatever the language.
    shown = json.loads(invoke("--profile", str(synced), "--data-dir", str(tmp_path / "data"),
                              "queue", "--json", env={LANGUAGE_ENV: "hu"}).out)
    matched = [t["match"] for t in shown["tickets"] if t["match"]]
    assert any(m["customer_id"] == customer_id and m["points"] == points for m in matched)


def test_a_name_alone_is_only_a_possible_match(tmp_path: Path, synced: Path,
                                               box: ThreadedSandbox) -> None:
    conn = Cache.open(cache_path(tmp_path / "data", STORE)).connect(readonly=True)
    try:
        name = next(n for (n,) in conn.execute(
            "SELECT name FROM customers GROUP BY name_norm HAVING COUNT(*) = 1 AND "
            "instr(name, ' ') > 0 ORDER BY name"))
    finally:
        conn.close()
    first, _, last = name.partition(" ")
    server = qminder(box)
    on_server(box, lambda: server.create_ticket(None, first, last_name=last))
    outcome = queue(tmp_path, synced)
    assert outcome.code == 0
    assert f"customer: possible match (same name only): {name} · " in outcome.out


def test_vendor_text_prints_literally(tmp_path: Path, profile: Path,
                                      box: ThreadedSandbox) -> None:
    server = qminder(box)
    made = on_server(box, lambda: server.create_ticket(
        None, "<b>Ann</b>\x1b[2J", last_name="[red]Lee[/red]\u202e", labels=["\x1b[31mVIP"],
        extra=[{"title": "Note\r", "value": "*bold* \x07"}]))
    outcome = queue(tmp_path, profile)
    assert outcome.code == 0, outcome.out + outcome.err
    for char in ("\x1b", "\x07", "\r", "\u202e"):
        assert char not in outcome.out
    assert "<b>Ann</b>\\x1b[2J [red]Lee[/red]\\u202e" in outcome.out
    assert "labels: \\x1b[31mVIP" in outcome.out
    assert "Note\\r: *bold* \\x07" in outcome.out

    shown = queue_json(tmp_path, profile)
    ticket = next(t for t in shown["tickets"] if t["id"] == made["id"])
    assert ticket["name"] == "<b>Ann</b>\x1b[2J [red]Lee[/red]\u202e"  # data as sent
    assert ticket["labels"][0]["value"] == "\x1b[31mVIP"


def test_the_help_names_the_wait_warning() -> None:
    helped = invoke("queue", "--help")
    assert helped.code == 0
    assert "blacklist REASON" in helped.out and "Waits from 15 min are" in helped.out


# -- when it cannot be shown --------------------------------------------------------------------
def test_qminder_down_exits_unavailable_with_a_message(tmp_path: Path, profile: Path,
                                                       box: ThreadedSandbox) -> None:
    box.call(box.sandbox.stop_vendor("qminder"))
    for args in ((), ("--json",)):
        outcome = queue(tmp_path, profile, *args)
        assert outcome.code == 5, outcome.out + outcome.err
        assert outcome.out == ""  # never an empty queue that reads as "nobody waiting"
        assert outcome.err.startswith("clientdesk: the queue cannot be shown — Qminder: "
                                      "cannot be reached")
        assert "check the network" in outcome.err and outcome.err.count("\n") == 1
        no_secret_in(box, outcome)


def test_a_refused_key_exits_not_authorised(tmp_path: Path, profile: Path,
                                            box: ThreadedSandbox) -> None:
    KeyringSecrets(STORE).set("qminder", "not-the-key")
    outcome = queue(tmp_path, profile)
    assert outcome.code == 4, outcome.err
    assert "credentials set qminder" in outcome.err and "not-the-key" not in outcome.err


def test_a_missing_credential_exits_credentials(tmp_path: Path, profile: Path,
                                                box: ThreadedSandbox) -> None:
    KeyringSecrets(STORE).delete("qminder")
    outcome = queue(tmp_path, profile)
    assert outcome.code == 3, outcome.out + outcome.err
    assert outcome.out == ""
    assert outcome.err == ("clientdesk: no Qminder credential saved on this PC — run "
                           "`clientdesk credentials set qminder`\n")
    assert qminder(box).keys_issued == 0


def test_a_store_without_qminder_says_so(tmp_path: Path, box: ThreadedSandbox) -> None:
    raw = box.sandbox.profile_dict()
    del raw["qminder"]
    path = tmp_path / "no-qminder.toml"
    path.write_text(tomli_w.dumps(raw), encoding="utf-8")
    outcome = queue(tmp_path, path)
    assert outcome.code == 2, outcome.out + outcome.err
    assert outcome.out == ""
    assert outcome.err.startswith("clientdesk: this store does not use Qminder (no [qminder] "
                                  f"table in {path})")
    assert "Traceback" not in outcome.err


def test_queue_add_puts_a_walk_in_in_the_line(tmp_path: Path, profile: Path,
                                               box: ThreadedSandbox) -> None:
    server = qminder(box)
    line = server.lines[0]
    done = queue(tmp_path, profile, "add", "--line", str(line["id"]), "--first-name", "Wiremu",
                 "--last-name", "Walker", "--phone", "0412 999 001", "--label", "VIP", "--json")
    assert done.code == 0, done.err
    added = json.loads(done.out)
    assert added["line"] == line["name"] and added["recovered"] is False
    ticket = next(t for t in server.tickets.values() if str(t["id"]) == added["ticket_id"])
    assert ticket["firstName"] == "Wiremu" and ticket["lastName"] == "Walker"
    assert ticket["phoneNumber"] in ("+61412999001", "61412999001")
    text = queue(tmp_path, profile, "add", "--line", str(line["id"]), "--first-name", "Mere")
    assert text.code == 0 and text.out.startswith(f"Added Mere to {line['name']} (ticket ")
    no_secret_in(box, done, text)


@pytest.mark.parametrize("args,message", [
    (["--first-name", "Z"], "2 to 50 characters"),
    (["--first-name", "Zoë", "--phone", "04 CALL ME"], "has letters"),
    (["--first-name", "Zoë", "--email", "zoe@"], "not complete"),
    (["--first-name", "Zoë", "--label", " "], "needs some text"),
])
def test_queue_add_refuses_bad_input_before_anything_is_sent(
        tmp_path: Path, profile: Path, box: ThreadedSandbox, args: list[str],
        message: str) -> None:
    server = qminder(box)
    before = server.requests
    done = queue(tmp_path, profile, "add", "--line", str(server.lines[0]["id"]), *args)
    assert done.code == 2 and message in done.err and "Nothing was sent" in done.err
    assert server.requests == before  # not one request spent


def test_queue_add_to_a_line_that_does_not_exist_is_refused(
        tmp_path: Path, profile: Path, box: ThreadedSandbox) -> None:
    server = qminder(box)
    tickets = len(server.tickets)
    done = queue(tmp_path, profile, "add", "--line", "999999", "--first-name", "Zoë")
    assert done.code == 2 and "no line 999999" in done.err
    assert len(server.tickets) == tickets


def test_queue_list_options_belong_before_no_subcommand(tmp_path: Path, profile: Path) -> None:
    done = queue(tmp_path, profile, "--json", "add", "--line", "1", "--first-name", "Zoë")
    assert done.code == 2 and "belong to the list" in done.err
