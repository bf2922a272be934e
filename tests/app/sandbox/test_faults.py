"""Fault specs: readable, scoped per vendor, and refused with a clear message when wrong."""

from __future__ import annotations

import pytest

from app.sandbox.faults import FaultSpecError, parse_fault_specs

VENDORS = ("qminder", "booxi", "loke")


def test_global_and_scoped_specs() -> None:
    faults = parse_fault_specs(["latency=300ms", "booxi:429=0.2,retry_after=2"], VENDORS)
    assert {v: f.latency_ms for v, f in faults.items()} == dict.fromkeys(VENDORS, 300.0)
    assert faults["booxi"].rate_limited == 0.2 and faults["booxi"].retry_after == 2
    assert faults["loke"].rate_limited == 0
    assert faults["booxi"].rng is not faults["loke"].rng


@pytest.mark.parametrize(("spec", "message"), [
    ("square:latency=1", "unknown vendor 'square'"),
    ("latency", "expected name=value"),
    ("speed=3", "expected name=value"),
    ("error=lots", "needs a number"),
    ("drop=2", "rate from 0 to 1"),
    ("latency=-5", "must not be negative"),
])
def test_bad_specs(spec: str, message: str) -> None:
    with pytest.raises(FaultSpecError, match=message):
        parse_fault_specs([spec], VENDORS)


def test_same_seed_same_sequence() -> None:
    first = parse_fault_specs(["error=0.5,seed=3"], VENDORS)["loke"]
    second = parse_fault_specs(["error=0.5,seed=3"], VENDORS)["loke"]
    assert [first.roll(0.5) for _ in range(20)] == [second.roll(0.5) for _ in range(20)]
