"""The Qminder visits pull over real sockets: windows, overlap, budget, linking, the card.

The sandbox's Qminder serves 90 days of finished tickets (``history_per_day``) besides today's
queue; the pull's clock is pinned to the sandbox's anchor so the history is where it should be.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import AsyncIterator, Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest

from app.cache.db import Cache
from app.cache.forget import forget_customer
from app.cache.state import read_states
from app.cache.writer import CacheWriter
from app.customer import visits
from app.customer.service import ProfileService
from app.customer.timeline import NO_SHOW, no_shows
from app.profile import QminderTable
from app.queue.match import match_ticket
from app.sandbox.qminder import QminderServer
from app.sandbox.runner import Sandbox
from app.secrets import MemorySecrets
from app.sync.context import VendorContext
from app.sync.events import SyncProgress
from app.sync.qminder import HISTORY, OVERLAP, STATUSES, budget, sync_qminder_visits
from app.sync.worker import CacheWorker
from app.vendors.qminder import QminderClient
from app.vendors.qminder.models import Ticket
from tests.app.sync.conftest import EngineFactory, profile_of, query, states
from tests.conftest import ANCHOR

PER_DAY = 12
WALK_IN_PHONE = "+61491570156"  # not a population number (those are +614 + 8 digits of i)


def qminder_of(box: Sandbox) -> QminderServer:
    server = box.servers["qminder"]
    assert isinstance(server, QminderServer)
    return server


@pytest.fixture
def history(sandbox: Sandbox) -> QminderServer:
    server = qminder_of(sandbox)
    server.history_per_day = PER_DAY
    server.clock = lambda: ANCHOR
    return server


def iso(moment: datetime) -> str:
    return moment.isoformat(timespec="seconds")


class Puller:
    """Runs the pull alone (no LOKE or reservations) at a chosen time, counting requests."""

    def __init__(self, box: Sandbox, cache: Cache, per_hour: int | None = None) -> None:
        table = profile_of(box).qminder
        assert table is not None
        if per_hour is not None:
            table = table.model_copy(update={"requests_per_hour": per_hour})
        self.table: QminderTable = table
        self.secret = box.secrets["qminder"]
        self.worker = CacheWorker(cache)
        self.requests: list[httpx.URL] = []
        self.now = ANCHOR

    async def pull(self) -> Any:
        async def count(request: httpx.Request) -> None:
            self.requests.append(request.url)

        saved = await self.worker.run(lambda writer: read_states(writer.conn))
        events: list[SyncProgress] = []
        ctx = VendorContext("qminder", self.worker, "AU", events.append, iso(self.now),
                            now=lambda: iso(self.now))
        async with httpx.AsyncClient(event_hooks={"request": [count]}) as http, \
                QminderClient(self.table, self.secret, client=http) as client:
            return await sync_qminder_visits(client, ctx, saved.get("qminder"))

    async def aclose(self) -> None:
        await self.worker.aclose()


@pytest.fixture
async def puller(sandbox: Sandbox, cache: Cache) -> AsyncIterator[Puller]:
    made = Puller(sandbox, cache)
    yield made
    await made.aclose()


def finished_before(server: QminderServer, until: datetime) -> set[str]:
    return {t["id"] for t in [*server.history().values(), *server.tickets.values()]
            if t["status"] in STATUSES and ANCHOR - HISTORY <= t["_created"] <= until}


def walk_in(server: QminderServer, status: str = "SERVED", **contact: Any) -> dict[str, Any]:
    """A visitor who takes a ticket, is called, and is served (or a no-show)."""
    made = server.create_ticket(None, "Walker", last_name="Stone", **contact)
    server.call_ticket(made["id"], 15101)
    (server.serve_ticket if status == "SERVED" else server.noshow_ticket)(made["id"])
    return made


async def test_first_pull_backfills_then_only_the_new_window_is_asked(
        history: QminderServer, puller: Puller, cache: Cache) -> None:
    first = await puller.pull()
    searches = [dict(q) for q in history.search_log]
    assert first.ok and first.pages == len(puller.requests) and len(searches) >= 13
    assert searches[0]["minCreated"] == (ANCHOR - HISTORY).strftime("%Y-%m-%dT%H:%M:%SZ")
    assert searches[-1]["maxCreated"] == ANCHOR.strftime("%Y-%m-%dT%H:%M:%SZ")
    assert all(q["status"] == "SERVED,NOSHOW,CANCELLED_BY_CLERK" and q["limit"] == "10000"
               and "line" not in q and q["responseScope"] == "INTERACTIONS" for q in searches)
    stored = {r[0] for r in query(cache, "SELECT ticket_id FROM qminder_visits")}
    assert stored == finished_before(history, ANCHOR) and first.added == len(stored)

    # Fifteen minutes on, one more visitor was served: one request, for the new window only.
    puller.now = ANCHOR + timedelta(minutes=15)
    history.clock = lambda: ANCHOR + timedelta(minutes=5)
    new = walk_in(history, phone=WALK_IN_PHONE)
    history.search_log.clear()
    puller.requests.clear()
    second = await puller.pull()
    assert len(puller.requests) == 1 and second.pages == 1
    (asked,) = history.search_log
    assert asked["minCreated"] == (ANCHOR - OVERLAP).strftime("%Y-%m-%dT%H:%M:%SZ")
    assert asked["maxCreated"] == puller.now.strftime("%Y-%m-%dT%H:%M:%SZ")
    # The overlap re-read today's finished tickets: stored once, none counted again.
    assert (second.added, second.changed) == (1, 0)
    assert query(cache, "SELECT COUNT(*) FROM qminder_visits")[0][0] == len(stored) + 1
    row = query(cache, "SELECT line_name, status, waited_s FROM qminder_visits "
                       "WHERE ticket_id = ?", new["id"])
    assert row == [("Returns", "SERVED", 0)]


async def test_a_late_finish_inside_the_overlap_is_picked_up(
        history: QminderServer, puller: Puller, cache: Cache) -> None:
    waiting = next(t for t in history.tickets.values() if t["status"] == "NEW")
    await puller.pull()
    assert query(cache, "SELECT 1 FROM qminder_visits WHERE ticket_id = ?", waiting["id"]) == []
    history.call_ticket(waiting["id"], 15101)
    history.noshow_ticket(waiting["id"])  # created before the cursor, finished after it
    puller.now = ANCHOR + timedelta(minutes=15)
    again = await puller.pull()
    assert again.added == 1
    assert query(cache, "SELECT status FROM qminder_visits WHERE ticket_id = ?",
                 waiting["id"]) == [("NOSHOW",)]


async def test_the_pull_keeps_to_its_share_of_the_budget(
        history: QminderServer, sandbox: Sandbox, cache: Cache) -> None:
    small = Puller(sandbox, cache, per_hour=500)  # 2 a pull, 10 an hour
    try:
        assert budget(500).per_pull == 2 and budget(500).per_hour == 10
        pulls = [await small.pull() for _ in range(7)]
        assert len(small.requests) == 10  # the hour's budget, however often it is asked
        assert [p.pages for p in pulls] == [2, 2, 2, 2, 2, 0, 0]
        assert states(cache)["qminder"].last_error is None
        small.now = ANCHOR + timedelta(hours=1)  # a new hour: the back-fill carries on
        more = await small.pull()
        assert more.pages == 2 and len(small.requests) == 12
        for _ in range(8):  # 2 windows of 7 days a pull: 90 days in 7 pulls
            small.now += timedelta(hours=1)
            await small.pull()
        stored = {r[0] for r in query(cache, "SELECT ticket_id FROM qminder_visits")}
        assert finished_before(history, ANCHOR) <= stored
    finally:
        await small.aclose()


async def test_a_full_window_is_halved_and_asked_again(
        history: QminderServer, puller: Puller, cache: Cache,
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("app.sync.qminder.LIMIT", 60)  # a 7-day window holds ~84 tickets
    await puller.pull()
    spans = [(stamp(q["minCreated"]), stamp(q["maxCreated"])) for q in history.search_log]
    assert {q["limit"] for q in history.search_log} == {"60"}
    assert spans[0][1] - spans[0][0] == timedelta(days=7)  # came back full: cut short
    assert spans[1] == (spans[0][0], spans[0][0] + timedelta(days=3.5))  # asked again, halved
    cursor = json.loads(states(cache)["qminder"].cursor or "{}")
    through = stamp(cursor["through"])
    assert ANCHOR - HISTORY < through < ANCHOR  # the pull's 20 requests ran out first
    stored = {r[0] for r in query(cache, "SELECT ticket_id FROM qminder_visits")}
    assert stored == finished_before(history, through)  # no gap between the windows


def stamp(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


async def test_full_sync_links_walk_ins_and_knows_them_on_their_second_visit(
        history: QminderServer, make_engine: EngineFactory, cache: Cache,
        sandbox: Sandbox) -> None:
    history.clock = lambda: ANCHOR - timedelta(hours=2)
    walk_in(history, phone=WALK_IN_PHONE)  # first visit: no LOKE, no reservations record
    walk_in(history, status="NOSHOW", phone=WALK_IN_PHONE)
    engine = make_engine(qminder_visits=True, now=lambda: iso(ANCHOR))
    report = await engine.run()
    assert report.ok and report.visits is not None and report.visits.ok
    assert [r.vendor for r in report.results] == ["reservations", "loke"]
    assert report.visits.records == query(cache, "SELECT COUNT(*) FROM qminder_visits")[0][0]

    reasons = {r[0] for r in query(
        cache, "SELECT link_reason FROM records WHERE vendor = 'qminder' AND customer_id IN "
               "(SELECT customer_id FROM records WHERE vendor = 'loke')")}
    assert "same phone on a Qminder ticket" in reasons
    assert all("@" not in r and "+61" not in r for r in reasons)  # no contact in the words

    conn = cache.connect(readonly=True)
    try:
        # Their second visit: a new ticket with the same phone is a known customer.
        history.clock = lambda: ANCHOR
        again = Ticket.model_validate(history.create_ticket(None, "Walker",
                                                            phone=WALK_IN_PHONE))
        match = match_ticket(conn, again, "AU")
        assert match is not None and match.how == "phone" and match.known
        assert (match.visits, match.no_shows) == (2, 1) and match.name == "Walker Stone"
        from ui.queue.card import card_match_text, visits_text

        text = card_match_text(match, True) + "\n" + visits_text(match, UTC)
        assert "Known: 2 earlier visits, last on 20 Nov 2026" in text and "1 no-show" in text
        assert "unknown" not in text and WALK_IN_PHONE not in text

        # A regular of the history, matched with no profile ever opened: no-shows counted.
        customer, expected = busiest_with_no_shows(conn)
        assert conn.execute("SELECT COUNT(*) FROM profile_sections WHERE customer_id = ?",
                            (customer,)).fetchone()[0] == 0
    finally:
        conn.close()
    profiles = ProfileService(profile_of(sandbox), MemorySecrets("sync-test", {}),
                              inline(cache), clock=lambda: ANCHOR)
    profile = await profiles.cached(customer)
    assert profile is not None
    rows = [r for r in profile.timeline(ANCHOR) if r.source == "qminder"]
    assert rows and no_shows(profile.timeline(ANCHOR)) == expected
    assert {r.status for r in rows} <= {"completed", NO_SHOW, "cancelled"}
    assert all(r.service in ("Returns", "Repairs", "Click & collect") for r in rows)
    assert all(r.waited_minutes is not None and r.waited_minutes >= 0 for r in rows
               if r.status != "cancelled")
    assert rows == sorted(rows, key=lambda r: r.starts_at or ANCHOR, reverse=True)

    # An erasure takes their visits too: kept, they would rejoin them at their next ticket.
    writer = CacheWriter(cache)
    try:
        forget_customer(writer, match.customer_id, now=ANCHOR, counter="test", mode="manager")
    finally:
        writer.close()
    assert query(cache, "SELECT COUNT(*) FROM qminder_visits v JOIN records r ON "
                        "r.vendor_id = v.record_id WHERE r.customer_id = ?",
                 match.customer_id) == [(0,)]
    conn = cache.connect(readonly=True)
    try:
        assert visits.summary(conn, match.customer_id).visits == 0
    finally:
        conn.close()
    gone = query(cache, "SELECT COUNT(*) FROM qminder_visits WHERE record_id NOT IN "
                        "(SELECT vendor_id FROM records WHERE vendor = 'qminder')")
    assert gone == [(0,)]  # no visit is left pointing at an erased record


def busiest_with_no_shows(conn: sqlite3.Connection) -> tuple[int, int]:
    row = conn.execute(
        "SELECT r.customer_id, COUNT(DISTINCT v.ticket_id) FROM records r JOIN qminder_visits v "
        "ON v.record_id = r.vendor_id WHERE r.vendor = 'qminder' AND v.status = 'NOSHOW' "
        "GROUP BY r.customer_id ORDER BY 2 DESC, 1 LIMIT 1").fetchone()
    assert row is not None
    return int(row[0]), int(row[1])


def inline(cache: Cache) -> Callable[..., Any]:
    async def run(job: Callable[[sqlite3.Connection], Any]) -> Any:
        conn = cache.connect()
        try:
            return job(conn)
        finally:
            conn.close()
    return run


async def test_a_qminder_failure_is_reported_beside_the_vendors(
        history: QminderServer, make_engine: EngineFactory, cache: Cache,
        sandbox: Sandbox) -> None:
    secrets = {k: v for k, v in sandbox.secrets.items() if k != "qminder"}
    report = await make_engine(secrets=secrets, qminder_visits=True,
                               now=lambda: iso(ANCHOR)).run()
    assert all(r.ok for r in report.results) and report.visits is not None
    assert not report.visits.ok and not report.ok and int(report.exit_code) == 3
    assert "clientdesk credentials set qminder" in (report.visits.error or "")
    named = await make_engine(qminder_visits=True).run(["loke"])
    assert named.visits is None  # a run that names its vendors does only those
