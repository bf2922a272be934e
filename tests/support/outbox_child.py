"""The process ``tests/app/test_outbox_kill.py`` kills: makes edits and sends them, forever.

It works the way the window does — edits through :mod:`app.cache.edits` on a cache thread of
its own, and :meth:`SyncEngine.replay_outbox` sending them concurrently on the engine's writer
thread — against the sandbox the test started (profile TOML path on the command line, secrets
as JSON in ``CLIENTDESK_KILL_SECRETS``, kept in :class:`MemorySecrets`).

stdout is the contract with the test: ``ready`` once the engine is up, then one line per edit,
``recorded <outbox id> <kind> <record> <value>``, written and flushed only AFTER the edit's
transaction committed. A line the test reads therefore names an edit that must survive any
kill; a kill between the commit and the print leaves an edit the test was never told about,
which is allowed (nothing was promised for it). With ``--final`` it edits every customer and
ticket once, sends until the outbox is empty, prints ``drained`` and exits 0.

Run: ``python tests/support/outbox_child.py --profile P --cache C --run R --customers a,b
--tickets 1,2 [--final]`` with the repository on ``PYTHONPATH``.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import sqlite3
import sys
from datetime import UTC, datetime
from pathlib import Path

from app.cache import edits, outbox
from app.cache.db import Cache
from app.cache.thread import CacheThread
from app.profile import load_profile
from app.secrets import MemorySecrets
from app.sync.engine import SyncEngine

LABELS = ("kill-A", "kill-B", "kill-C")
WHO = {"counter": "kill-child", "mode": "staff"}
DRAIN_S = 90


def say(line: str) -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


class Editor:
    def __init__(self, jobs: CacheThread, run: int, rng: random.Random) -> None:
        self.jobs, self.run, self.rng = jobs, run, rng
        self.count = 0

    async def note(self, customer: str) -> None:
        self.count += 1
        value = f"run{self.run}-edit{self.count}"

        def job(conn: sqlite3.Connection) -> int:
            base = edits.current_note(conn, customer)
            return edits.set_note(conn, customer, value, base=base, now=datetime.now(UTC),
                                  **WHO)

        edit_id = await self.jobs.run(job)  # returns once the transaction has committed
        say(f"recorded {edit_id} note.set reservations:customer:{customer} {value}")

    async def label(self, ticket: str) -> None:
        self.count += 1
        value = self.rng.choice(LABELS)
        add = self.rng.random() < 0.55
        edit_id = await self.jobs.run(lambda conn: edits.label(
            conn, ticket, value, add=add, now=datetime.now(UTC), **WHO))
        kind = "label.add" if add else "label.remove"
        say(f"recorded {edit_id} {kind} qminder:ticket:{ticket} {value}")


async def send_forever(engine: SyncEngine, rng: random.Random) -> None:
    while True:
        await engine.replay_outbox()
        await asyncio.sleep(rng.uniform(0, 0.03))


async def drain(engine: SyncEngine, jobs: CacheThread) -> int:
    """Send until nothing is open; 0 when drained, 3 when something failed or stayed."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + DRAIN_S
    while True:
        await engine.replay_outbox()
        waiting = await jobs.run(outbox.open_edits)
        if not waiting:
            return 0
        failed = [e for e in waiting if e.state == "failed"]
        if failed or loop.time() > deadline:
            for edit in waiting:
                print(f"open {edit.id} {edit.state} {edit.last_error}", file=sys.stderr)
            return 3
        await asyncio.sleep(0.2)


async def main(args: argparse.Namespace) -> int:
    profile = load_profile(Path(args.profile))
    secrets = MemorySecrets(profile.store.id, json.loads(os.environ["CLIENTDESK_KILL_SECRETS"]))
    cache = Cache.open(Path(args.cache))
    jobs = CacheThread(cache, name="kill-child-edits")
    rng = random.Random(f"{args.seed}:{args.run}")
    customers, tickets = args.customers.split(","), args.tickets.split(",")
    editor = Editor(jobs, args.run, rng)
    try:
        async with SyncEngine(profile, secrets, cache) as engine:
            say("ready")
            if args.final:
                for customer in customers:
                    await editor.note(customer)
                for ticket in tickets:
                    await editor.label(ticket)
                code = await drain(engine, jobs)
                if code == 0:
                    say("drained")
                return code
            sender = asyncio.create_task(send_forever(engine, random.Random(rng.random())))
            try:
                while True:  # until killed
                    if rng.random() < 0.6:
                        await editor.note(rng.choice(customers))
                    else:
                        await editor.label(rng.choice(tickets))
                    await asyncio.sleep(rng.uniform(0.005, 0.04))
            finally:
                sender.cancel()
    finally:
        jobs.close()


def parse(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--profile", required=True)
    parser.add_argument("--cache", required=True)
    parser.add_argument("--run", type=int, required=True)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--customers", required=True)
    parser.add_argument("--tickets", required=True)
    parser.add_argument("--final", action="store_true")
    return parser.parse_args(argv)


if __name__ == "__main__":
    sys.exit(asyncio.run(main(parse(sys.argv[1:]))))
