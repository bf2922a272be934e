"""reservations re-syncs skip unchanged rows before validating them (app.sync.reservations).

Over real sockets against the reservations sandbox: the number of rows handed to model
validation is counted by wrapping the client's ``parse_items``.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.cache.db import Cache
from app.sandbox.runner import Sandbox
from app.sync.reservations import fingerprint
from app.vendors.parsing import parse_items
from app.vendors.reservations import ReservationsClient
from app.vendors.reservations import client as client_module
from tests.app.sync.conftest import (
    EngineFactory,
    expected_reservations_ids,
    profile_of,
    query,
    snapshot,
    vendor_ids,
)


def reservations_client(box: Sandbox) -> ReservationsClient:
    profile = profile_of(box)
    assert profile.reservations is not None
    return ReservationsClient(profile.reservations, box.secrets["reservations"])


@pytest.fixture
def parsed(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Rows handed to validation by customer_batches, one entry per batch."""
    counts: list[int] = []
    real: Callable[..., Any] = parse_items

    def counting(vendor: str, model: Any, data: Any, *, what: str = "") -> Any:
        counts.append(len(data) if isinstance(data, list) else -1)
        return real(vendor, model, data, what=what)

    monkeypatch.setattr(client_module, "parse_items", counting)  # where the client looks
    return counts


async def test_an_unchanged_list_is_not_parsed_again(
        sandbox: Sandbox, cache: Cache, make_engine: EngineFactory, parsed: list[int]) -> None:
    engine = make_engine()
    first = await engine.run(["reservations"])
    assert first.ok
    total = len(expected_reservations_ids(sandbox))
    assert sum(parsed) == total > 0
    before = snapshot(cache)
    parsed.clear()

    again = await engine.run(["reservations"])

    result = again.result("reservations")
    assert again.ok
    assert sum(parsed) == 0
    assert (result.added, result.changed, result.removed) == (0, 0, 0)
    assert result.records == total
    assert snapshot(cache) == before
    # every record was marked as seen by the second pass, not left to look removed
    passes = query(cache, "SELECT DISTINCT pass_id FROM records WHERE vendor = 'reservations'")
    assert len(passes) == 1


async def test_changed_added_and_removed_rows(
        sandbox: Sandbox, cache: Cache, make_engine: EngineFactory, parsed: list[int]) -> None:
    engine = make_engine()
    assert (await engine.run(["reservations"])).ok
    people = [p for p in sandbox.population.people() if p.in_reservations]
    renamed = next(p for p in people if not p.blacklist_reason and not p.reservations_dummy)
    flagged = next(p for p in people if not p.blacklist_reason and not p.reservations_dummy
                   and p is not renamed)
    dummy = next(p for p in people if p.reservations_dummy and p is not renamed)
    async with reservations_client(sandbox) as client:
        await client.update_customer(renamed.reservations_id, first_name="Zebedee")
        await client.blacklist(flagged.reservations_id, "Rude to staff")
        await client.delete_customer(dummy.reservations_id)
        await client.create_customer("Newly", "Added", note="walk-in")
    parsed.clear()

    report = await engine.run(["reservations"])

    result = report.result("reservations")
    assert report.ok
    assert sum(parsed) == 3  # renamed, newly blacklisted, created: nothing else
    assert (result.added, result.changed, result.removed) == (1, 2, 1)
    ids = vendor_ids(cache, "reservations")
    assert dummy.reservations_id not in ids
    assert len(ids) == len(people)  # one removed, one added
    name = query(cache, "SELECT name FROM records WHERE vendor = 'reservations' AND "
                        "vendor_id = ?", renamed.reservations_id)
    assert name[0][0].startswith("Zebedee")
    assert query(cache, "SELECT blacklisted FROM records WHERE vendor = 'reservations' AND "
                        "vendor_id = ?", flagged.reservations_id) == [(1,)]
    assert query(cache, "SELECT COUNT(*) FROM raw_rows WHERE vendor_id = ?",
                 dummy.reservations_id) == [(0,)]  # its fingerprint left with it
    parsed.clear()

    assert (await engine.run(["reservations"])).ok
    assert sum(parsed) == 0  # the changes' fingerprints were stored with them


async def test_a_record_rewritten_elsewhere_is_read_again(
        sandbox: Sandbox, cache: Cache, make_engine: EngineFactory, parsed: list[int]) -> None:
    engine = make_engine()
    assert (await engine.run(["reservations"])).ok
    victim = sorted(vendor_ids(cache, "reservations"))[0]
    conn = cache.connect()
    conn.execute("UPDATE records SET digest = 'other', name = 'Wrong' WHERE "
                 "vendor = 'reservations' AND vendor_id = ?", (victim,))
    conn.commit()
    conn.close()
    parsed.clear()

    assert (await engine.run(["reservations"])).ok

    assert sum(parsed) == 1
    assert query(cache, "SELECT name != 'Wrong' FROM records WHERE vendor = 'reservations' "
                        "AND vendor_id = ?", victim) == [(1,)]


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text()
    | st.decimals(allow_nan=False, allow_infinity=False),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner,
                                                                max_size=3),
    max_leaves=8)


@given(st.dictionaries(st.text(max_size=6), json_values, max_size=5), st.booleans())
def test_fingerprint_is_stable_and_tells_lists_and_values_apart(
        row: dict[str, Any], blacklist: bool) -> None:
    assert fingerprint(row, blacklist) == fingerprint(dict(row), blacklist)
    assert fingerprint(row, blacklist) != fingerprint(row, not blacklist)
    changed = {**row, "id": "changed-" + str(row.get("id"))}
    assert fingerprint(changed, blacklist) != fingerprint(row, blacklist)
    # types are told apart: a number that became a string is a change
    assert fingerprint({**row, "n": 1}, blacklist) != fingerprint({**row, "n": "1"}, blacklist)
    assert fingerprint({**row, "n": Decimal("1.5")}, blacklist) != \
        fingerprint({**row, "n": "1.5"}, blacklist)
