"""Live queue: how soon a ticket change reaches the counter's screen, and whether the GUI stalls.

    python tests/benchmarks/bench_queue.py [--customers N] [--events E] [--tickets T] [--seconds S]

Starts a sandbox in a child process (its Qminder pushes ticket events over the GraphQL
subscription websocket, as Qminder does) and fills a cache from it (a full sync, so tickets
are matched to customers as at a counter), then runs the window's queue in this process,
offscreen, on a qasync loop: ``build_queue`` (the window's queue; the panel's start has the
core's ``open_queue`` build client, :class:`QueueBoard`, :class:`QueueFeed` live over the
websocket — no polling — and actions) and the real :class:`QueuePanel` on top,
shown at 1280×800: its model (:class:`ui.queue.model.QueueModel`) rebuilt on every change, its
matching of changed tickets on the cache thread, its per-second wait tick. A 5 ms QTimer on
the GUI loop records the longest gap between its ticks (the stall).

An event counts as arrived when **the panel's model** shows it: the new ticket's row with its
name, the called ticket's row saying "Called", the label in the row's labels, the served
ticket's row gone — read through the model's display texts, as the view reads them. The check
runs on the feed's change signal right after the panel's own slot has rebuilt the model; the
repaint that follows is in the stall figure, not in the latency.

1. Events: E tickets created one at a time, 50–100 ms apart, on a queue of a few dozen.
   Each is timed in this process from the moment the "create" command is sent down the pipe
   to the child until the row is in the model: the pipe, the child's event loop picking the
   command up, the server creating and publishing it, the websocket, parsing, the board and
   the model's rebuild. Nothing is subtracted (one clock, no cross-process time);
   ``pipe_rtt_ms`` is one pipe round trip alone (a call that changes nothing), for scale.
2. Load: the queue filled to T waiting tickets, then for S seconds one change a second,
   in turn a new ticket, a call, a label added and the called ticket served — each timed the
   same way — while the stall timer and the panel's wait tick run. ``model_refresh_*`` is the
   model's rebuild per change at that size.

Targets: event p95 ≤ 250 ms; no GUI stall over 50 ms. The last line printed is one JSON
object.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import statistics
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from _support import SandboxProcess, log, percentile, sync_into

from app.cache.db import Cache
from app.cache.thread import CacheThread
from app.gctune import tune_gc
from app.queue.board import QueueBoard
from app.secrets import MemorySecrets
from ui.queue.model import Column, QueueModel

#: Longest an event may take to arrive before the run is called broken.
EVENT_TIMEOUT_S = 10.0


@dataclass
class Pending:
    """The change being waited for: a test over the model, and when it first held."""

    test: Callable[[], bool]
    arrived: asyncio.Future[float]


class Watch:
    """A listener on the panel's model: every time the panel has rebuilt it (once per
    event-loop turn with changes), the awaited change is looked for *in the model* — the
    row's display text, as the view reads it."""

    def __init__(self, board: QueueBoard, model: QueueModel) -> None:
        self.board = board
        self.model = model
        self.pending: Pending | None = None
        self.refresh_ms: list[float] = []
        refresh = model.refresh

        def timed_refresh() -> None:  # the panel calls self.model.refresh() on every change
            started = time.perf_counter()
            refresh()
            self.refresh_ms.append((time.perf_counter() - started) * 1000)

        model.refresh = timed_refresh  # type: ignore[method-assign]

    def changed(self) -> None:
        pending = self.pending
        if pending is not None and not pending.arrived.done() and pending.test():
            pending.arrived.set_result(time.perf_counter())

    def waiting(self) -> int:
        return sum(1 for t in self.board.tickets.values() if t.is_waiting)

    def has_name(self, name: str) -> Callable[[], bool]:
        def test() -> bool:
            model = self.model
            for row in model.ticket_rows():
                entry = model.ticket_row(row)
                if entry is not None and entry.ticket.first_name == name:
                    return model.text(row, Column.NAME) == name
            return False
        return test

    def is_called(self, ticket_id: str) -> Callable[[], bool]:
        def test() -> bool:
            row = self.model.row_of(ticket_id)
            return row is not None and self.model.text(row, Column.PLACE) == "Called"
        return test

    def has_label(self, ticket_id: str, value: str) -> Callable[[], bool]:
        def test() -> bool:
            row = self.model.row_of(ticket_id)
            return row is not None and value in self.model.text(row, Column.LABELS)
        return test

    def is_gone(self, ticket_id: str) -> Callable[[], bool]:
        return lambda: self.model.row_of(ticket_id) is None


@dataclass
class Stall:
    """The longest gap between ticks of a 5 ms QTimer on the GUI loop."""

    last: float = field(default_factory=time.perf_counter)
    longest: float = 0.0

    def tick(self) -> None:
        at = time.perf_counter()
        gap = at - self.last
        if gap > 0.015 and os.environ.get("BENCH_DEBUG"):
            log(f"stall {gap * 1000:.0f} ms")
        self.longest = max(self.longest, gap)
        self.last = at

    def reset(self) -> None:
        self.last, self.longest = time.perf_counter(), 0.0


async def timed(box: SandboxProcess, watch: Watch, test: Callable[[], bool], method: str,
                *args: Any, **kwargs: Any) -> tuple[float, Any]:
    """Milliseconds from sending ``method`` to the child until ``test`` holds in the model."""
    arrived: asyncio.Future[float] = asyncio.get_running_loop().create_future()
    watch.pending = Pending(test, arrived)
    started = time.perf_counter()
    box.qminder_send(method, *args, **kwargs)
    try:
        done_at = await asyncio.wait_for(arrived, EVENT_TIMEOUT_S)
    except TimeoutError:
        raise SystemExit(f"{method}{args}: the change did not reach the model within "
                         f"{EVENT_TIMEOUT_S:.0f} s") from None
    finally:
        watch.pending = None
    # The child answered before it even wrote the websocket frame: this does not wait.
    return (done_at - started) * 1000, box.qminder_reply()


async def until(test: Callable[[], bool], within: float, what: str) -> None:
    deadline = time.perf_counter() + within
    while not test():
        if time.perf_counter() > deadline:
            raise SystemExit(f"timed out waiting for {what}")
        await asyncio.sleep(0.02)


def summary(values: list[float]) -> dict[str, float]:
    return {"p50": round(percentile(values, 0.50), 1), "p95": round(percentile(values, 0.95), 1),
            "max": round(max(values), 1)}


def run(box: SandboxProcess, cache: Cache, args: argparse.Namespace) -> dict[str, Any]:
    import qasync
    from PySide6.QtCore import QTimer, QtMsgType, qInstallMessageHandler
    from PySide6.QtWidgets import QApplication

    from ui.queue.panel import QueuePanel, build_queue

    def quiet(_kind: QtMsgType, _context: object, message: str) -> None:
        if "propagateSizeHints" not in message:  # the offscreen platform's one limitation
            log(message)

    qInstallMessageHandler(quiet)
    app = QApplication.instance() or QApplication([])
    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    tune_gc()  # as the window does once it is up (ui/main.py)
    parts = build_queue(box.profile, MemorySecrets(box.profile.store.id, box.secrets))
    assert parts is not None
    jobs = CacheThread(cache, name="bench-queue")
    panel = QueuePanel(parts, jobs.run)
    panel.resize(1280, 800)
    panel.show()
    board = parts.board
    watch = Watch(board, panel.model)
    panel.model.modelReset.connect(watch.changed)  # the model as the view will show it
    stall = Stall()
    stall_timer = QTimer()
    stall_timer.setInterval(5)
    stall_timer.timeout.connect(stall.tick)
    rng = random.Random(args.seed)

    async def main() -> dict[str, Any]:
        panel.start()  # reads the key, loads the queue, goes live, starts the wait tick
        try:
            await until(lambda: parts.service is not None
                        and parts.service.feed.state == "live", 15, "the live connection")
            assert parts.service is not None
            feed = parts.service.feed
            await asyncio.sleep(1.0)  # the catch-up every (re)subscription starts
            await panel.idle()
            line_ids = list(board.lines)
            log(f"live; {watch.waiting()} waiting on {len(line_ids)} lines")

            probe = next(iter(board.tickets))
            rtt = []
            for _ in range(20):  # a pipe round trip alone: removing a label nobody has
                started = time.perf_counter()
                box.qminder("remove_label", probe, "no such label")
                rtt.append((time.perf_counter() - started) * 1000)

            # 1. events on a short queue
            idle: list[float] = []
            stall.reset()
            stall_timer.start()
            for k in range(args.events):
                name = f"Idle{k}"
                ms, _ = await timed(box, watch, watch.has_name(name), "create_ticket",
                                    line_ids[k % len(line_ids)], name)
                idle.append(ms)
                await asyncio.sleep(rng.uniform(0.05, 0.10))
            idle_stall = stall.longest * 1000
            log(f"idle events: {summary(idle)} ms; longest stall {idle_stall:.1f} ms")

            # 2. a busy day: T waiting, one change a second
            missing = max(0, args.tickets - watch.waiting())
            fillers: list[str] = await asyncio.get_running_loop().run_in_executor(
                None, box.qminder, "fill_queue", missing, "Wait")
            await until(lambda: watch.waiting() >= args.tickets, 60, "the filled queue")
            await asyncio.sleep(1.0)
            await panel.idle()
            tickets = watch.waiting()
            log(f"{tickets} waiting; {args.seconds} s of one change a second …")
            load: list[float] = []
            kinds: dict[str, list[float]] = {"create": [], "call": [], "label": [], "serve": []}
            called: str | None = None
            stall.reset()
            watch.refresh_ms.clear()
            started = time.perf_counter()
            for k in range(args.seconds):
                await asyncio.sleep(max(0.0, started + k - time.perf_counter()))
                step = k % 4
                if step == 0:
                    name = f"Load{k}"
                    ms, _ = await timed(box, watch, watch.has_name(name), "create_ticket",
                                        line_ids[k % len(line_ids)], name)
                    kinds["create"].append(ms)
                elif step == 1:
                    called = fillers.pop(0)
                    ms, _ = await timed(box, watch, watch.is_called(called), "call_ticket",
                                        called)
                    kinds["call"].append(ms)
                elif step == 2:
                    target, value = fillers[rng.randrange(len(fillers))], f"Tag{k}"
                    ms, _ = await timed(box, watch, watch.has_label(target, value),
                                        "add_label", target, value)
                    kinds["label"].append(ms)
                else:
                    assert called is not None
                    ms, _ = await timed(box, watch, watch.is_gone(called), "serve_ticket",
                                        called)
                    kinds["serve"].append(ms)
                load.append(ms)
            await asyncio.sleep(1.0)  # the last change's matching and repaint
            stall_timer.stop()
            load_stall = stall.longest * 1000
            log(f"load events: {summary(load)} ms; longest stall {load_stall:.1f} ms")
            matched = sum(1 for m in panel.matches().values() if m is not None)
            return {
                "measured_at": "QueuePanel's QueueModel (display text), offscreen",
                "events": len(idle),
                "event_p50_ms": summary(idle)["p50"],
                "event_p95_ms": summary(idle)["p95"],
                "event_max_ms": summary(idle)["max"],
                "idle_max_stall_ms": round(idle_stall, 1),
                "pipe_rtt_ms": round(statistics.median(rtt), 2),
                "tickets": tickets,
                "seconds": args.seconds,
                "load_events": len(load),
                "load_event_p50_ms": summary(load)["p50"],
                "load_event_p95_ms": summary(load)["p95"],
                "load_event_max_ms": summary(load)["max"],
                "load_event_p95_by_kind_ms": {kind: round(percentile(v, 0.95), 1)
                                              for kind, v in kinds.items() if v},
                "max_stall_ms": round(load_stall, 1),
                "model_refresh_p50_ms": round(percentile(watch.refresh_ms, 0.5), 2),
                "model_refresh_max_ms": round(max(watch.refresh_ms), 2),
                "model_rows": panel.model.rowCount(),
                "matched_tickets": matched,
                "feed_state": feed.state,
                "live_events": feed.events,
            }
        finally:
            panel.close_tasks()
            await parts.aclose()
            panel.close()

    with loop:
        result: dict[str, Any] = loop.run_until_complete(main())
    jobs.close()
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--customers", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--events", type=int, default=100)
    parser.add_argument("--tickets", type=int, default=500)
    parser.add_argument("--seconds", type=int, default=60)
    args = parser.parse_args()
    cache = Cache.open(Path(tempfile.mkdtemp()) / "queue.sqlite3")
    with SandboxProcess(args.customers, args.seed) as box:
        log(f"filling the cache from a sandbox of {args.customers} customers …")
        asyncio.run(sync_into(cache, box))
        result = run(box, cache, args)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
