"""Freshness and progress in words: what the status bar says about each vendor."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from app.cache.state import SyncState
from app.sync.events import SyncProgress
from ui.window.sync_status import (
    SyncActivity,
    ago,
    clock,
    error_text,
    freshness_text,
    progress_text,
)

NOW = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)


@pytest.mark.parametrize(("seconds", "text"), [
    (0, "just now"), (59, "just now"), (60, "1 min ago"), (125, "2 min ago"),
    (3599, "59 min ago"), (3600, "1 h ago"), (86399, "23 h ago"), (86400, "1 day ago"),
    (3 * 86400, "3 days ago"), (-30, "just now"),
])
def test_ago(seconds: int, text: str) -> None:
    assert ago(NOW - timedelta(seconds=seconds), NOW) == text


def test_clock_shows_the_day_only_when_not_today() -> None:
    assert clock(NOW - timedelta(minutes=18), NOW, UTC) == "08:42"
    assert clock(NOW - timedelta(days=2), NOW, UTC) == "18 Nov 09:00"


def test_freshness_in_words() -> None:
    two_min = NOW - timedelta(minutes=2)
    assert freshness_text("loke", None, NOW) == "LOKE: not synced yet"
    assert freshness_text("loke", SyncState("loke", last_success=two_min,
                                            last_attempt=two_min), NOW) == "LOKE: 2 min ago"
    offline = SyncState("reservations", last_success=NOW - timedelta(hours=2),
                        last_attempt=NOW - timedelta(minutes=1),
                        offline_since=NOW - timedelta(minutes=18), last_error="down")
    assert freshness_text("reservations", offline, NOW, UTC) == \
        "⚠ reservations: offline since 08:42"
    failed = SyncState("loke", last_success=two_min, last_attempt=NOW,
                       last_error="LOKE: refused")
    assert freshness_text("loke", failed, NOW) == "⚠ LOKE: 2 min ago, last try failed"
    never = SyncState("loke", last_attempt=NOW, last_error="LOKE: refused")
    assert freshness_text("loke", never, NOW) == "⚠ LOKE: sync failed"
    recovered = SyncState("loke", last_success=NOW, last_attempt=NOW,
                          last_error=None)
    assert freshness_text("loke", recovered, NOW) == "LOKE: just now"


def test_progress_and_error_text() -> None:
    assert progress_text(SyncProgress("loke", "starting")) == "LOKE: starting…"
    assert progress_text(SyncProgress("loke", "fetching", 12, 1200)) == "LOKE: 1,200 customers"
    assert progress_text(SyncProgress("reservations", "writing", 1, 300, total=1000)) == \
        "reservations: 300 of 1,000 customers"
    assert progress_text(SyncProgress("loke", "removing")) == "LOKE: tidying up…"
    assert error_text(SyncProgress("loke", "failed", done=True, error="LOKE: refused")) == \
        "⚠ LOKE: refused — showing saved data"
    assert error_text(SyncProgress("loke", "failed", done=True, error="refused")) == \
        "⚠ LOKE: refused — showing saved data"


def test_activity_tracks_running_vendors_and_their_errors() -> None:
    activity = SyncActivity()
    activity.apply(SyncProgress("loke", "fetching", 1, 100))
    activity.apply(SyncProgress("reservations", "fetching"))
    assert activity.busy and list(activity.running) == ["loke", "reservations"]
    activity.apply(SyncProgress("reservations", "failed", done=True, error="down"))
    activity.apply(SyncProgress("loke", "done", 2, 150, done=True))
    assert not activity.busy and list(activity.errors) == ["reservations"]
    activity.apply(SyncProgress("reservations", "done", 1, 90, done=True))
    assert activity.errors == {}


def test_a_vendor_error_with_markup_reads_literally_in_the_tooltip(qapp: object) -> None:
    from PySide6.QtWidgets import QStatusBar

    from app.cache.state import SyncState
    from tests.ui.search.test_model import rendered
    from ui.window.sync_status import SyncStatusBar

    bar = QStatusBar()
    status = SyncStatusBar(bar, ["loke"])
    error = "HTTP 502: <html><b>Bad gateway</b></html>"
    now = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)
    status.show_states({"loke": SyncState("loke", last_error=error)}, now)
    assert rendered(status.freshness_label.toolTip()) == f"LOKE: {error}"
