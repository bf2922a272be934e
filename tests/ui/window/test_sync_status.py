"""Freshness and progress in words: what the status bar says about each vendor; and the
vendors tab's verdicts, in words as well as colour."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import qasync
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QBrush, QPalette
from PySide6.QtWidgets import QApplication, QStatusBar
from pytestqt.qtbot import QtBot

from app.cache.state import SyncState
from app.doctor import VendorCheck
from app.errors import ExitCode
from app.formatting import Formats, formats_for
from app.profile import VENDORS, profile_from_dict
from app.sandbox.runner import Sandbox
from app.secrets import MemorySecrets
from app.sync.events import SyncProgress
from tests.ui.search.a11y import english_plurals, tab_chain, unnamed_controls, using_formats
from ui.theme import colour, dark_palette
from ui.window.sync_status import (
    SyncActivity,
    SyncStatusBar,
    ago,
    clock,
    error_text,
    freshness_text,
    progress_text,
)
from ui.window.vendor_status import VendorsPanel, VendorStatusModel

NOW = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)


@pytest.fixture
def en_gb() -> Iterator[Formats]:
    """A British store (24-hour clock), then the default formats again."""
    with using_formats(formats_for("en", "GB", "GBP")) as chosen:
        yield chosen


# English sources (no translator in tests): the English .qm turns "day(s)" into "day"/"days".
@pytest.mark.parametrize(("seconds", "text"), [
    (0, "just now"), (59, "just now"), (60, "1 min ago"), (125, "2 min ago"),
    (3599, "59 min ago"), (3600, "1 h ago"), (86399, "23 h ago"), (86400, "1 day(s) ago"),
    (3 * 86400, "3 day(s) ago"), (-30, "just now"), (2000 * 86400, "2,000 day(s) ago"),
])
def test_ago(seconds: int, text: str) -> None:
    assert ago(NOW - timedelta(seconds=seconds), NOW) == text


def test_ago_with_the_english_plural_forms(qapp: object, tmp_path: Path) -> None:
    with english_plurals(tmp_path):
        assert ago(NOW - timedelta(days=1), NOW) == "1 day ago"
        assert ago(NOW - timedelta(days=3), NOW) == "3 days ago"
        assert progress_text(SyncProgress("loke", "fetching", 1, 1)) == "LOKE: 1 customer"
        assert progress_text(SyncProgress("reservations", "writing", 1, 300, total=1000)) == \
            "reservations: 300 of 1,000 customers"


def test_clock_shows_the_day_only_when_not_today(en_gb: Formats) -> None:
    assert clock(NOW - timedelta(minutes=18), NOW, UTC) == "08:42"
    assert clock(NOW - timedelta(days=2), NOW, UTC) == "18 Nov 09:00"


def test_clock_as_each_store_writes_times(qapp: object) -> None:
    earlier = NOW - timedelta(minutes=18)
    assert clock(earlier, NOW, UTC) == "8:42\u202fam"  # the default store: Australia
    with using_formats(formats_for("fr", "CA", "CAD")):
        assert clock(earlier, NOW, UTC) == "08 h 42"
    with using_formats(formats_for("hu", "HU", "HUF")):
        assert clock(earlier, NOW, UTC) == "8:42"
        assert clock(NOW - timedelta(days=2), NOW, UTC) == "nov. 18. 9:00"
    assert clock(earlier, NOW, UTC) == "8:42\u202fam"  # restored


def test_freshness_in_words(en_gb: Formats) -> None:
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
    assert progress_text(SyncProgress("loke", "fetching", 12, 1200)) == \
        "LOKE: 1,200 customer(s)"
    assert progress_text(SyncProgress("reservations", "writing", 1, 300, total=1000)) == \
        "reservations: 300 of 1,000 customer(s)"
    with using_formats(formats_for("hu", "HU", "HUF")):
        assert progress_text(SyncProgress("reservations", "writing", 1, 12000,
                                          total=100000)) == \
            "reservations: 12\xa0000 of 100\xa0000 customer(s)"
    assert error_text(SyncProgress("loke", "failed", done=True)) == \
        "⚠ LOKE: sync failed — showing saved data"
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
    from tests.ui.search.test_model import rendered

    bar = QStatusBar()
    status = SyncStatusBar(bar, ["loke"])
    error = "HTTP 502: <html><b>Bad gateway</b></html>"
    now = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)
    status.show_states({"loke": SyncState("loke", last_error=error)}, now)
    assert rendered(status.freshness_label.toolTip()) == f"LOKE: {error}"


# -- the status bar's parts ---------------------------------------------------------------------

def test_status_bar_parts_are_named_in_words_and_warn_in_tones(qtbot: QtBot) -> None:
    bar = QStatusBar()
    qtbot.addWidget(bar)
    status = SyncStatusBar(bar, ["reservations", "loke"])
    bar.show()
    assert bar.accessibleName() == "Sync status" and bar.accessibleDescription()
    assert status.progress_bar.accessibleName() == "Sync progress"
    labels = (status.error_label, status.progress_label, status.freshness_label)
    for label in labels:  # read by their text; what they are is their description
        assert label.accessibleName() == "" and label.accessibleDescription()
    assert unnamed_controls(bar) == []
    assert status.error_label.property("tone") == "alert"
    fine = SyncState("loke", last_success=NOW, last_attempt=NOW)
    status.show_states({"loke": fine}, NOW)
    assert status.freshness_label.property("tone") is None
    offline = SyncState("reservations", last_success=NOW - timedelta(hours=2),
                        last_attempt=NOW, offline_since=NOW - timedelta(minutes=18))
    status.show_states({"loke": fine, "reservations": offline}, NOW)
    assert status.freshness_label.property("tone") == "warn"
    assert status.freshness_label.text().startswith("⚠ reservations: offline since")
    status.on_progress(SyncProgress("loke", "writing", 1, 12000, total=100000))
    assert status.progress_label.text() == "Syncing LOKE: 12,000 of 100,000 customer(s)"
    status.on_progress(SyncProgress("loke", "failed", done=True, error="refused"))
    assert status.error_label.text() == "⚠ LOKE: refused — showing saved data"
    for widget in (bar, *labels, status.progress_bar):
        assert widget.styleSheet() == ""


# -- the vendors tab ------------------------------------------------------------------------------

def _profile_with_every_vendor() -> object:
    box = Sandbox(10, store_id="vendor-words")
    box.ports = dict.fromkeys(VENDORS, 1)  # addresses only: nothing is checked here
    return profile_from_dict(box.profile_dict())


def _check(vendor: str, ok: bool, latency: float | None = 1234.4) -> VendorCheck:
    return VendorCheck(vendor, vendor, credentials=ok, reachable=True, authenticated=ok,
                       latency_ms=latency, message="signed in" if ok else "refused the secret",
                       exit_code=ExitCode.OK if ok else ExitCode(3))


def cell(model: VendorStatusModel, row: int, column: int,
         role: int = Qt.ItemDataRole.DisplayRole) -> object:
    return model.data(model.index(row, column), role)


@pytest.fixture
def restore_palette(qapp: QApplication) -> Iterator[QApplication]:
    before = QPalette(qapp.palette())
    yield qapp
    qapp.setPalette(before)


def test_vendor_verdicts_are_signs_and_words_coloured_from_the_palette(
        restore_palette: QApplication) -> None:
    model = VendorStatusModel([("loke", "LOKE"), ("booxi", "Booxi")])
    heads = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(6)]
    assert heads == ["Vendor", "Secret", "Reachable", "Signed in", "Latency", "Result"]
    assert cell(model, 0, 5) == "checking…"
    model.set_result(_check("loke", True))
    model.set_result(_check("booxi", False, latency=None))
    assert [cell(model, 0, c) for c in range(1, 6)] == [
        "✔ yes", "✔ yes", "✔ yes", "1,234 ms", "✔ OK — signed in"]
    assert [cell(model, 1, c) for c in range(1, 6)] == [
        "✘ no", "✔ yes", "✘ no", "", "✘ failed — refused the secret"]
    for palette in (restore_palette.style().standardPalette(), dark_palette()):
        restore_palette.setPalette(palette)
        ok, failed = (cell(model, row, 5, Qt.ItemDataRole.ForegroundRole) for row in (0, 1))
        assert isinstance(ok, QBrush) and isinstance(failed, QBrush)
        assert ok.color() == colour("done", palette)
        assert failed.color() == colour("alert", palette)
    with using_formats(formats_for("fr", "FR", "EUR")):
        assert cell(model, 0, 4) == "1\u202f234 ms"
    assert model.index(0, 0) != QModelIndex()


def test_vendors_panel_names_and_tab_order(qtbot: QtBot, qloop: qasync.QEventLoop) -> None:
    panel = VendorsPanel(_profile_with_every_vendor(), MemorySecrets("vendor-words", {}))  # type: ignore[arg-type]
    qtbot.addWidget(panel)
    panel.show()
    qtbot.waitExposed(panel)
    assert panel.accessibleName() == "Vendor connections"
    assert panel.table.accessibleName() == "Vendor connections"
    assert panel.recheck.accessibleName() == "Check vendors again"
    assert "F5" in panel.recheck.text() and "F5" in panel.recheck.accessibleDescription()
    assert unnamed_controls(panel) == []
    assert not panel.table.tabKeyNavigation()  # Tab leaves the table
    assert tab_chain(panel.table, panel) == ["vendorStatus", "recheckButton"]
