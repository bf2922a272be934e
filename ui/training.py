"""Training mode's fake vendors, and the scripted tours of ``--smoke`` runs.

Why its own module: :mod:`ui.main` builds the window and wires it to its services; what
support checks and the packaging gate then *do* with a running window — wait for the first
sync, type a search, open a demo customer, make a blacklisted visitor arrive in the queue, put
a conflicting note in the Edits tab — is choreography against the window's public parts, and
grows with every feature that wants a screenshot. Keeping it here keeps the composition root
about composition.

Training mode (``--demo``): :func:`start_training_sandbox` runs the five fake vendors on
loopback in a background thread (their own event loop, so serving them never stalls the
window) with credentials in memory only; the first sync fills the training cache from them.

Smoke runs (``--smoke``, :func:`smoke_run`) wait for the vendor checks and the first sync, type
:data:`SMOKE_QUERY`, optionally take a screenshot, close the window, and pass only if every
check, the sync and the queue (when the store has one) did. In training mode these
environment variables add a scene before the shot, each one failing the run if it did not
show: :data:`SMOKE_PROFILE_ENV` (a demo customer's profile), :data:`SMOKE_QUEUE_ENV` (a
blacklisted visitor in the queue), :data:`SMOKE_EDITS_ENV` (a note conflict in the Edits tab)
and :data:`SMOKE_BLACKLIST_ENV` (the Blacklist tab in manager mode with a pending entry).
"""

from __future__ import annotations

import asyncio
import os
import sqlite3
import sys
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import Any, Protocol

from app.cache import edits as cache_edits
from app.cache import outbox
from app.cache.db import write_transaction
from app.customer import store as profile_store
from app.customer.resolve import resolve
from app.logs import register_secret
from app.profile import StoreProfile, profile_from_dict
from app.sandbox.faults import Faults
from app.sandbox.people import Population
from app.sandbox.qminder import DEMO_HISTORY_PER_DAY, QminderServer
from app.sandbox.runner import Sandbox, ThreadedSandbox
from app.secrets import MemorySecrets
from app.vendors.qminder.models import Ticket
from app.vendors.reservations import ReservationsClient
from ui.search.panel import SearchPanel
from ui.walk import walk_window
from ui.window.main_window import MainWindow

DEMO_CUSTOMERS = 2000
SMOKE_QUERY = "zoe s"  # in the demo data this shows a blacklisted customer too
SMOKE_SYNC_TIMEOUT_S = 120.0
#: With --smoke, a non-empty value opens a demo customer's profile before the screenshot.
SMOKE_PROFILE_ENV = "CLIENTDESK_SMOKE_PROFILE"
#: With --smoke in training mode, a non-empty value puts a blacklisted demo customer in the
#: queue (and selects their ticket) before the screenshot.
SMOKE_QUEUE_ENV = "CLIENTDESK_SMOKE_QUEUE"
SMOKE_QUEUE_TIMEOUT_S = 30.0
#: With --smoke in training mode: the Blacklist tab in manager mode, one entry added while
#: reservations is unreachable (so it shows "pending").
SMOKE_BLACKLIST_ENV = "CLIENTDESK_SMOKE_BLACKLIST"
#: With --smoke in training mode: the Edits tab with a note conflict (both versions shown)
#: and a note waiting for an unreachable reservations server.
SMOKE_EDITS_ENV = "CLIENTDESK_SMOKE_EDITS"
#: With --smoke: walk every tab, layer and dialog for unnamed controls and untranslated text
#: (:mod:`ui.walk`); the run exits with :data:`WALK_FAILED` when the walk found any.
WALK_ENV = "CLIENTDESK_SMOKE_WALK"
WALK_FAILED = 3
#: The manager PIN the training smoke runs set (training secrets live in memory only).
SMOKE_PIN = "258046"


class CacheJobs(Protocol):
    """The profiles' cache thread as the window has it (``ui.main.OpeningJobs``)."""

    async def run[T](self, job: Callable[[sqlite3.Connection], T]) -> T: ...


def start_training_sandbox(customers: int = DEMO_CUSTOMERS) -> tuple[ThreadedSandbox,
                                                                    StoreProfile, MemorySecrets]:
    """Fake vendors in a thread, the profile that points at them, and in-memory secrets."""
    box = Sandbox(customers, seed=1, store_id="training")
    qminder = box.servers["qminder"]
    if isinstance(qminder, QminderServer):  # past visits, for the Qminder visits pull
        qminder.history_per_day = DEMO_HISTORY_PER_DAY
    threaded = ThreadedSandbox(box).start()
    profile = profile_from_dict(box.profile_dict(), "training profile")
    for secret in box.secrets.values():
        register_secret(secret)
    return threaded, profile, MemorySecrets(profile.store.id, box.secrets)


async def smoke_run(window: MainWindow, opening: Awaitable[object | None],
                    sandbox: ThreadedSandbox | None, jobs: CacheJobs, profile: StoreProfile,
                    *, screenshot: str | None, query: str = SMOKE_QUERY) -> int:
    """The ``--smoke`` run of a shown window (``opening``: its services starting, None when
    the cache could not open); closes the window and returns the exit code: 0 only if every
    vendor check, the first sync, each scene asked for and the queue passed."""
    services = await opening
    await window.checks_done()
    synced = False
    if services is not None:
        report = await asyncio.wait_for(window.sync_finished(), SMOKE_SYNC_TIMEOUT_S)
        synced = report.ok
        if window.search_panel is not None and query:
            await type_into(window.search_panel, query)
        if sandbox is not None and os.environ.get(SMOKE_PROFILE_ENV):
            opened = await open_demo_profile(window, sandbox.sandbox.population, jobs, profile)
            synced = synced and opened
        if sandbox is not None and os.environ.get(SMOKE_QUEUE_ENV):
            shown = await show_demo_queue(window, sandbox)
            synced = synced and shown
        if sandbox is not None and os.environ.get(SMOKE_EDITS_ENV):
            shown = await show_demo_edits(window, sandbox, profile)
            synced = synced and shown
        if sandbox is not None and os.environ.get(SMOKE_BLACKLIST_ENV):
            shown = await show_demo_blacklist(window, sandbox)
            synced = synced and shown
    synced = synced and await queue_live(window)
    await asyncio.sleep(0.3)  # let the freshness line and the view repaint
    if screenshot:
        window.grab().save(screenshot)
    outcome = 0 if window.all_ok() and synced else 1
    if os.environ.get(WALK_ENV):
        def say(line: str) -> None:
            print(f"walk: {line}", file=sys.stderr)
        if await walk_window(window, say):
            outcome = WALK_FAILED
    window.close()
    return outcome


async def type_into(panel: SearchPanel, text: str, delay_s: float = 0.05) -> None:
    """Type ``text`` key by key as a person would, then wait for its results."""
    panel.focus_search()
    for char in text:
        panel.box.insert(char)
        await asyncio.sleep(delay_s)
    await panel.search_done()


async def open_demo_profile(window: MainWindow, population: Population, jobs: CacheJobs,
                            profile: StoreProfile) -> bool:
    """Smoke runs (``CLIENTDESK_SMOKE_PROFILE=1``): open the first blacklisted demo customer
    known to LOKE, reservations and Booxi whose Qudini bookings have answers — as if staff
    had scanned those bookings' links for them before — and wait for every vendor's section."""
    panel, search = window.profile_panel, window.search_panel
    people = [p for p in population.people() if p.blacklist_reason and p.email
              and p.in_loke and p.in_reservations and p.in_booxi and p.qudini_bookings]
    # Prefer those with reservations bookings too: a timeline from three vendors.
    people.sort(key=lambda p: not p.bookings("reservations", population.anchor))
    if panel is None or search is None:
        return False
    for person in people[:10]:  # the first whose bookings have answers to their questions
        email = person.email or ""
        identifiers = [person.qudini_identifier(k) for k in range(person.qudini_bookings)]

        def attach(conn: sqlite3.Connection, email: str = email,
                   identifiers: list[str] = identifiers) -> int | None:
            found = resolve(conn, email, profile.store.country)
            with write_transaction(conn):
                for identifier in identifiers:
                    profile_store.attach_qudini(conn, identifier, found.customer_id,
                                                datetime.now(UTC))
            return found.customer_id

        customer_id = await jobs.run(attach)
        if customer_id is None:
            continue
        search.clear()
        await type_into(search, person.full_name, delay_s=0.01)
        window.open_customer(customer_id)
        await panel.idle()
        qudini = panel.profile.sections.qudini.data if panel.profile else None
        if qudini is not None and any(v.answers for v in qudini.visits):
            break
    return panel.profile is not None


async def show_demo_queue(window: MainWindow, sandbox: ThreadedSandbox) -> bool:
    """Smoke runs (``CLIENTDESK_SMOKE_QUEUE=1``): a blacklisted demo customer takes a ticket
    (with labels and a note) on the training Qminder; wait until the queue shows them with the
    warning, and select their ticket. True when the warning showed."""
    panel = window.queue_panel
    if panel is None or not await queue_live(window):
        return False
    box = sandbox.sandbox
    person = next(p for p in box.population.people()
                  if p.blacklist_reason and p.mobile_e164 and p.in_loke)
    server = box.servers["qminder"]
    assert isinstance(server, QminderServer)
    line = server.lines[0]["id"]  # the first line: at the top of the queue

    async def arrive() -> dict[str, Any]:
        return server.create_ticket(
            line, person.first_name, last_name=person.last_name, phone=person.mobile_e164,
            labels=["VIP", "Needs help"],
            extra=[{"title": "Notes", "value": "Asked for the manager about a refund"}])

    ticket = Ticket.model_validate(sandbox.call(arrive()))
    try:
        await until_true(lambda: (m := panel.matches().get(ticket.id)) is not None
                         and m.blacklisted and (t := panel.board.tickets.get(ticket.id))
                         is not None and bool(t.extra),
                         SMOKE_QUEUE_TIMEOUT_S)
    except TimeoutError:
        return False
    panel.select_ticket(ticket.id)
    return True


async def replay_now(window: MainWindow) -> None:
    """Smoke runs: one replay, waiting for a background sync to end first."""
    service = window.edits
    assert service is not None
    async with asyncio.timeout(SMOKE_SYNC_TIMEOUT_S):
        while await service.send() is None:  # noqa: ASYNC110 - None: a sync was running
            await asyncio.sleep(0.2)


async def smoke_manager(window: MainWindow) -> None:
    """Smoke runs (training): set the demo PIN and unlock manager mode."""
    gate = window.gate
    assert gate is not None
    lock = gate.lock
    if await asyncio.to_thread(lock.has_pin):
        await asyncio.to_thread(lock.unlock, SMOKE_PIN)
    else:
        await asyncio.to_thread(lock.set_pin, SMOKE_PIN)
    gate.touch()
    gate.check()


def _some_customers(conn: sqlite3.Connection, count: int) -> list[tuple[str, str]]:
    """(reservations id, name) of real, not blacklisted demo customers with an email."""
    rows = conn.execute(
        "SELECT vendor_id, name FROM records WHERE vendor = 'reservations' AND NOT blacklisted "
        "AND NOT is_dummy AND emails != '[]' AND name != '' ORDER BY vendor_id LIMIT ?",
        (count,)).fetchall()
    return [(str(r[0]), str(r[1])) for r in rows]


async def show_demo_blacklist(window: MainWindow, sandbox: ThreadedSandbox) -> bool:
    """Smoke runs (``CLIENTDESK_SMOKE_BLACKLIST=1``): manager mode, one blacklist entry added
    while reservations is unreachable (pending), the Blacklist tab on screen."""
    view, service = window.blacklist_view, window.edits
    if view is None or service is None:
        return False
    await smoke_manager(window)
    server = sandbox.sandbox.servers["reservations"]
    server.faults = Faults(drop=1.0)
    rid, _name = (await service.run(lambda conn: _some_customers(conn, 1)))[0]
    who = service.who()
    await service.edit(lambda conn: cache_edits.blacklist(
        conn, rid, "Threatened staff at the counter <b>twice</b>", **who))
    await replay_now(window)
    if window.queue_dock is not None:
        window.queue_dock.hide()  # the shot is of the blacklist: give it the whole window
    window.show_blacklist()
    await view.load()
    return any(e.get("state") == "pending" for e in view.model.entries)


async def show_demo_edits(window: MainWindow, sandbox: ThreadedSandbox,
                          profile: StoreProfile) -> bool:
    """Smoke runs (``CLIENTDESK_SMOKE_EDITS=1``): a note edit that conflicts with a change
    made on reservations meanwhile, and one waiting for an unreachable server; the Edits tab
    shows the conflict with both versions."""
    panel, service, table = window.edits_panel, window.edits, profile.reservations
    if panel is None or service is None or table is None:
        return False
    (first, _n1), (second, _n2) = await service.run(lambda conn: _some_customers(conn, 2))
    base = await service.run(lambda conn: cache_edits.current_note(conn, first))
    secret = sandbox.sandbox.secrets["reservations"]

    async def elsewhere() -> None:
        async with ReservationsClient(table, secret) as client:
            await client.update_note(first, "Prefers the window table. Allergic to nuts.")

    sandbox.call(elsewhere())  # another counter changes the note after we began
    who = service.who()
    await service.edit(lambda conn: cache_edits.set_note(
        conn, first, "Prefers the window table.\nBirthday dinner booked for Friday.",
        base=base, **who))
    await replay_now(window)
    sandbox.sandbox.servers["reservations"].faults = Faults(drop=1.0)
    base = await service.run(lambda conn: cache_edits.current_note(conn, second))
    await service.edit(lambda conn: cache_edits.set_note(
        conn, second, "Called about a late delivery — call back after 3 pm.", base=base,
        **service.who()))
    await replay_now(window)
    if window.queue_dock is not None:
        window.queue_dock.hide()  # the shot is of the edits: give them the whole window
    window.show_edits()
    open_edits = await service.run(outbox.open_edits)
    conflict = next((e for e in open_edits if e.upstream is not None), None)
    if conflict is not None:
        panel.select_edit(conflict.id)
    return conflict is not None and any(e.state == "pending" for e in open_edits)


async def queue_live(window: MainWindow) -> bool:
    """Smoke runs: True once the queue is live (True too when this store has no queue)."""
    panel = window.queue_panel
    if panel is None:
        return True
    try:
        # "unavailable": the store has a queue but no Qminder key here — the dock says so,
        # and that is not the smoke run's failure to report (doctor reports the key)
        await until_true(lambda: panel.state in ("live", "unavailable"), SMOKE_QUEUE_TIMEOUT_S)
    except TimeoutError:
        return False
    return True


async def until_true(condition: Callable[[], bool], within: float) -> None:
    """Let the loop run until ``condition()`` holds (smoke runs: widget state)."""
    async with asyncio.timeout(within):
        while not condition():  # noqa: ASYNC110
            await asyncio.sleep(0.05)
