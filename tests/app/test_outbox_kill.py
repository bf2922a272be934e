"""Edits survive SIGKILL at any moment: none lost, none applied twice, the vendor ends on the
last value typed.

A child process (``tests/support/outbox_child.py``) makes edits — notes on a few reservations
customers with unique texts ``run{r}-edit{n}``, labels added and removed on a few Qminder
tickets — through :mod:`app.cache.edits` while :meth:`SyncEngine.replay_outbox` sends them
concurrently, exactly as the window does. The test SIGKILLs it at random moments (seeded RNG,
only after it printed ``ready``), many times, restarting it on the same cache; a last run is
not killed and drains the outbox. The sandbox's servers log what they were asked to change.

What counts:

* **recorded** — an edit the child printed, which it does only after the edit's transaction
  committed. A kill between commit and print leaves an *unreported* edit: in the outbox, sent
  like any other, but nobody was told about it, so it is counted apart and never as lost.
* **lost** — a recorded edit missing from the outbox (or different there), or not done after
  the drain (failed or still pending).
* **killed_between_put_and_done** — after a kill, note edits still pending whose value the
  server already holds: the kill landed after the PUT and before "done" was committed. It
  shows the runs hit the window the replayer's upstream check exists for.
* **duplicated** — a note value the reservations server *applied* more than once. Applied means
  the server's state changed: the note before the PUT differs from the note after it. A PUT
  that found the note already equal to its value changed nothing (the same HTTP request sent
  again cannot do harm) and is counted apart as ``resent_without_effect``; with the
  replayer's upstream check even those should not happen, since a re-send after a crash reads
  the note first and skips the PUT when it already holds the value. Values are unique per
  edit, so "applied twice" can only mean an old edit overwrote a newer one.
  For labels, the same idea: the sequence of label *changes* the Qminder server made must
  equal the changes the outbox's label edits imply, in order; any extra change is duplicated.

The figures go to stdout on one line and to ``outbox-kill.json`` in the test's tmp folder.
"""

from __future__ import annotations

import asyncio
import json
import os
import random
import signal
import subprocess
import sys
import threading
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

import pytest
from aiohttp import web

from app.cache.db import Cache
from app.profile import profile_from_dict
from app.sandbox.runner import Sandbox, ThreadedSandbox
from app.secrets import MemorySecrets
from app.sync.engine import SyncEngine
from tests.conftest import ANCHOR

ROOT = Path(__file__).parents[2]
CHILD = ROOT / "tests" / "support" / "outbox_child.py"
STORE = "kill-test"
RUNS = 40
SEED = 20261120
CUSTOMERS, TICKETS = 4, 3
READY_TIMEOUT_S = 60
#: The servers wait this long between applying a change and answering, as a slow network
#: would: it widens the window where a kill lands after the vendor applied an edit but
#: before the outbox marked it done — the window duplicates would come from.
ANSWER_DELAY_S = 0.03

pytestmark = pytest.mark.kill


@dataclass(frozen=True)
class Recorded:
    edit_id: int
    kind: str
    record: str
    value: str


@dataclass
class ServerLog:
    """What the sandbox servers were asked to change, and whether their state changed."""

    puts: list[tuple[str, str | None, str | None, str | None]] = field(default_factory=list)
    labels: list[tuple[str, str, str, bool]] = field(default_factory=list)


def instrument(sandbox: Sandbox) -> ServerLog:
    """Wrap the note PUT and the label changes BEFORE the servers start (routes bind then)."""
    log = ServerLog()
    res: Any = sandbox.servers["reservations"]
    qm: Any = sandbox.servers["qminder"]
    update = res._update

    def note_of(customer: str) -> str | None:
        record = res._record(customer)
        return None if record is None else record.get("note")

    async def logged_update(request: web.Request) -> web.StreamResponse:
        body = await request.json()
        customer = res._path_id(request)
        before = note_of(customer)
        response: web.StreamResponse = await update(request)
        log.puts.append((customer, body.get("note"), before, note_of(customer)))
        await asyncio.sleep(ANSWER_DELAY_S)  # applied, answer not yet sent: a kill window
        return response

    res._update = logged_update
    add, remove = qm.add_label, qm.remove_label

    def logged_add(ticket_id: str | int, value: str) -> bool:
        changed: bool = add(ticket_id, value)
        log.labels.append((str(ticket_id), "add", value, changed))
        return changed

    def logged_remove(ticket_id: str | int, value: str) -> bool:
        changed: bool = remove(ticket_id, value)
        log.labels.append((str(ticket_id), "remove", value, changed))
        return changed

    qm.add_label, qm.remove_label = logged_add, logged_remove
    label_action = qm._label

    async def slow_label(request: web.Request) -> web.StreamResponse:
        response: web.StreamResponse = await label_action(request)
        await asyncio.sleep(ANSWER_DELAY_S)
        return response

    qm._label = slow_label
    return log


class Child:
    """One run of the child, its stdout read line by line on a thread."""

    def __init__(self, command: list[str], env: dict[str, str], errors: IO[bytes]) -> None:
        self.proc = subprocess.Popen(command, env=env, cwd=ROOT, stdout=subprocess.PIPE,
                                     stderr=errors)
        self.lines: list[str] = []
        self.ready = threading.Event()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for raw in self.proc.stdout:
            if not raw.endswith(b"\n"):
                break  # cut off by the kill mid-line: never a complete report
            line = raw.decode().rstrip("\n")
            self.lines.append(line)
            if line == "ready":
                self.ready.set()

    def finish(self, timeout: float = 60) -> int:
        code = self.proc.wait(timeout)
        self._reader.join(timeout)
        if self.proc.stdout is not None:
            self.proc.stdout.close()
        return code

    def recorded(self) -> list[Recorded]:
        found = []
        for line in self.lines:
            if line.startswith("recorded "):
                _, edit_id, kind, record, value = line.split(" ", 4)
                found.append(Recorded(int(edit_id), kind, record, value))
        return found


def fill_cache(box: ThreadedSandbox, cache: Cache) -> None:
    profile = profile_from_dict(box.sandbox.profile_dict(), "sandbox")

    async def sync() -> bool:
        async with SyncEngine(profile, MemorySecrets(STORE, box.sandbox.secrets),
                              cache) as engine:
            return (await engine.run(["reservations"])).ok

    assert asyncio.run(sync())


def sent_but_not_marked(box: ThreadedSandbox, cache_file: Path) -> int:
    """Note edits a kill caught after the server applied them but before the outbox said
    done: the crash window the replayer's upstream check is for (counted, to show the runs
    hit it)."""
    conn = Cache(cache_file).connect(readonly=True)  # the outbox: in the edits file
    try:
        first_open = conn.execute(
            "SELECT json_extract(payload, '$.customer_id'), json_extract(payload, '$.note') "
            "FROM outbox o WHERE kind = 'note.set' AND state = 'pending' AND id = (SELECT "
            "MIN(id) FROM outbox WHERE record = o.record AND state IN ('pending', 'failed'))"
        ).fetchall()
    finally:
        conn.close()
    res: Any = box.sandbox.servers["reservations"]

    async def upstream() -> dict[str, Any]:
        return {c: res._record(c).get("note") for c, _ in first_open}

    notes = box.call(upstream())
    return sum(1 for customer, note in first_open if notes[customer] == note)


def net_labels(start: list[str], changes: list[tuple[str, str]]) -> tuple[list[str],
                                                                           list[tuple[str, str]]]:
    """Labels after ``changes`` (op, value) in order, and the changes that changed anything."""
    labels, effective = list(start), []
    for op, value in changes:
        if op == "add" and value not in labels:
            labels.append(value)
            effective.append((op, value))
        elif op == "remove" and value in labels:
            labels.remove(value)
            effective.append((op, value))
    return labels, effective


def test_edits_survive_sigkill_at_random_moments(tmp_path: Path) -> None:
    rng = random.Random(SEED)
    sandbox = Sandbox(200, seed=8, anchor=ANCHOR, store_id=STORE)
    server_log = instrument(sandbox)
    with ThreadedSandbox(sandbox) as box:
        profile_path = tmp_path / "store.toml"
        profile_path.write_text(sandbox.profile_toml(), encoding="utf-8")
        cache_file = tmp_path / "data" / "cache" / f"{STORE}.sqlite3"
        cache = Cache.open(cache_file)
        fill_cache(box, cache)
        conn = cache.connect(readonly=True)
        try:
            customers = [r[0] for r in conn.execute(
                "SELECT vendor_id FROM records WHERE vendor = 'reservations' "
                "ORDER BY vendor_id LIMIT ?", (CUSTOMERS,))]
        finally:
            conn.close()
        qm: Any = sandbox.servers["qminder"]
        tickets = sorted(t for t, v in qm.tickets.items() if v["status"] == "NEW")[:TICKETS]
        seeded = {t: [lb["value"] for lb in qm.tickets[t]["labels"]] for t in tickets}
        assert len(customers) == CUSTOMERS and len(tickets) == TICKETS

        env = dict(os.environ, PYTHONPATH=str(ROOT),
                   CLIENTDESK_KILL_SECRETS=json.dumps(sandbox.secrets))
        base = [sys.executable, str(CHILD), "--profile", str(profile_path), "--cache",
                str(cache_file), "--seed", str(SEED), "--customers", ",".join(customers),
                "--tickets", ",".join(tickets)]
        recorded: list[Recorded] = []
        kills = in_flight = 0
        started = time.monotonic()
        with (tmp_path / "child.err").open("wb") as errors:
            for run in range(RUNS):
                child = Child([*base, "--run", str(run)], env, errors)
                try:
                    assert child.ready.wait(READY_TIMEOUT_S), "the child never got ready"
                    time.sleep(rng.uniform(0.02, 0.8))
                    assert child.proc.poll() is None, "the child stopped on its own"
                    child.proc.send_signal(signal.SIGKILL)  # no cleanup of any kind
                finally:
                    if child.proc.poll() is None and not child.ready.is_set():
                        child.proc.kill()
                    code = child.finish()
                assert code == -signal.SIGKILL, (tmp_path / "child.err").read_text()
                kills += 1
                in_flight += sent_but_not_marked(box, cache_file)
                recorded += child.recorded()
            drain_started = time.monotonic()
            final = Child([*base, "--run", str(RUNS), "--final"], env, errors)
            code = final.finish(timeout=180)
            drain_s = time.monotonic() - drain_started
            recorded += final.recorded()
        assert code == 0 and "drained" in final.lines, (tmp_path / "child.err").read_text()
        elapsed = time.monotonic() - started

        async def read_upstream() -> tuple[dict[str, Any], dict[str, list[str]]]:
            res: Any = sandbox.servers["reservations"]
            notes = {c: res._record(c).get("note") for c in customers}
            labels = {t: [lb["value"] for lb in qm.tickets[t]["labels"]] for t in tickets}
            return notes, labels

        upstream_notes, upstream_labels = box.call(read_upstream())

    conn = Cache(cache_file).connect()
    try:
        assert conn.execute("PRAGMA main.integrity_check").fetchone()[0] == "ok"
        assert conn.execute("PRAGMA kept.integrity_check").fetchone()[0] == "ok"
        rows = conn.execute("SELECT id, kind, record, payload, state, last_error FROM outbox "
                            "ORDER BY id").fetchall()
        audited = {json.loads(d)["outbox_id"] for (d,) in conn.execute(
            "SELECT detail FROM audit WHERE action LIKE 'note.%' OR action LIKE 'label.%'")}
    finally:
        conn.close()
    outbox = {r[0]: {"kind": r[1], "record": r[2], "payload": json.loads(r[3]),
                     "state": r[4], "error": r[5]} for r in rows}

    # nothing typed is missing, and each is done
    def value_of(row: dict[str, Any]) -> str:
        return str(row["payload"].get("note", row["payload"].get("label")))

    lost = [r for r in recorded
            if (row := outbox.get(r.edit_id)) is None or row["state"] != "done"
            or (row["kind"], row["record"], value_of(row)) != (r.kind, r.record, r.value)]
    assert len({r.edit_id for r in recorded}) == len(recorded)
    unreported = len(outbox) - len(recorded)
    assert set(outbox) == audited  # every edit has its audit line, and no audit line is orphaned
    assert all(row["state"] == "done" for row in outbox.values()), \
        [(i, row["state"], row["error"]) for i, row in outbox.items() if row["state"] != "done"]

    # notes: the last value, each applied once, in the order typed
    typed: dict[str, list[str]] = defaultdict(list)
    for row in outbox.values():  # id order
        if row["kind"] == "note.set":
            typed[row["payload"]["customer_id"]].append(row["payload"]["note"])
    applied: dict[str, list[str]] = defaultdict(list)
    resent = 0
    for customer, value, before, after in server_log.puts:
        if before != after:
            applied[customer].append(str(value))
        else:
            resent += 1
    counts: dict[tuple[str, str], int] = defaultdict(int)
    for customer, values in applied.items():
        for value in values:
            counts[(customer, value)] += 1
    duplicated = sum(1 for n in counts.values() if n > 1)
    last_reported = {r.record.rsplit(":", 1)[1]: r.value for r in recorded
                     if r.kind == "note.set"}
    for customer in customers:
        assert upstream_notes[customer] == typed[customer][-1] == last_reported[customer]
        assert applied[customer] == typed[customer], customer  # exactly once, in order

    # labels: the server ends on the net result, having changed only what the edits imply
    label_duplicated = 0
    for ticket in tickets:
        changes = [("add" if row["kind"] == "label.add" else "remove", value_of(row))
                   for row in outbox.values() if row["record"] == f"qminder:ticket:{ticket}"]
        expected, effective = net_labels(seeded[ticket], changes)
        made = [(op, value) for t, op, value, changed in server_log.labels
                if t == ticket and changed]
        label_duplicated += max(0, len(made) - len(effective))
        assert sorted(upstream_labels[ticket]) == sorted(expected), ticket
        assert made == effective, ticket

    figures = {"runs": RUNS + 1, "kills": kills, "edits_recorded": len(recorded),
               "lost": len(lost), "duplicated": duplicated,
               "label_changes_duplicated": label_duplicated,
               "unreported_committed": unreported, "killed_between_put_and_done": in_flight,
               "resent_without_effect": resent,
               "note_puts": len(server_log.puts), "seconds": round(elapsed, 1),
               "final_drain_seconds": round(drain_s, 1)}
    print("outbox kill test: " + " ".join(f"{k}={v}" for k, v in figures.items()), flush=True)
    (tmp_path / "outbox-kill.json").write_text(json.dumps(figures), encoding="utf-8")
    assert lost == [] and duplicated == 0 and label_duplicated == 0
    assert len(recorded) > RUNS  # the kills landed while edits were being made
