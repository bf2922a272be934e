"""The timeline model: store-time dates in the store's locale, words for statuses (colours from
the theme repeat them), "no date" rows, filters, plain text."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.modeltest import ModelTester

from app.customer.model import Booking
from app.customer.timeline import TimelineFilter, merge
from app.formatting import formats_for
from ui import theme
from ui.i18n import formats, use_formats
from ui.profile.timeline_model import Column, Role, TimelineModel, status_text, when_text

SYDNEY = ZoneInfo("Australia/Sydney")
NOW = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)


def rows() -> list[Booking]:
    return merge([
        [Booking(source="reservations", booking_id="r1", starts_at=NOW + timedelta(days=3),
                 service="Personal styling", status="upcoming", vendor_status="booked",
                 price="from $120.00"),
         Booking(source="reservations", booking_id="r2", starts_at=None,
                 service="Alterations", status="unknown", vendor_status="tentative")],
        [Booking(source="booxi", booking_id="b1", starts_at=NOW - timedelta(days=30),
                 service="<b>Repair</b>", staff="<i>Dan</i>", status="no-show",
                 vendor_status="Approved", price="35.50 AUD", location="<a href=x>shop</a>"),
         Booking(source="booxi", booking_id="b2", starts_at=NOW - timedelta(days=400),
                 service="Engraving", staff="Mei Wong", status="cancelled",
                 vendor_status="Cancelled", price="18.99 AUD")],
        # Qudini keeps the venue's offset; the model shows it on the store's clock.
        [Booking(source="qudini", booking_id="q1",
                 starts_at=datetime(2026, 6, 9, 15, 15, tzinfo=timezone(timedelta(hours=10))),
                 service="Click & collect", status="completed", vendor_status="SERVED")],
    ], NOW)


def column(model: TimelineModel, col: Column,
           role: int = Qt.ItemDataRole.DisplayRole) -> list[object]:
    return [model.index(r, col).data(role) for r in range(model.rowCount())]


def test_model_passes_qt_model_tester(qtmodeltester: ModelTester) -> None:
    model = TimelineModel(SYDNEY)
    qtmodeltester.check(model)
    model.set_rows(rows())
    qtmodeltester.check(model)
    model.set_filter(TimelineFilter(sources=frozenset({"booxi"})))
    qtmodeltester.check(model)


def test_rows_read_in_store_time_with_words_for_statuses() -> None:
    model = TimelineModel(SYDNEY)
    model.set_rows(rows())
    assert model.rowCount() == 5 and model.columnCount() == 6
    assert column(model, Column.SOURCE) == ["reservations", "Booxi", "Qudini", "Booxi",
                                            "reservations"]
    # 15:15 on 9 Jun in UTC+10 is the same wall time in Sydney (AEST); 9:00 UTC on 23 Nov is
    # 20:00 in Sydney (AEDT, +11): the store's clock, never UTC or the PC's zone.
    pm = "\u202fpm"  # en_AU writes a 12-hour clock, a narrow space before "pm"
    assert column(model, Column.WHEN) == [
        f"Mon 23 Nov 2026 8:00{pm}", f"Wed 21 Oct 2026 8:00{pm}", f"Tue 9 Jun 2026 3:15{pm}",
        f"Thu 16 Oct 2025 8:00{pm}", "no date"]
    assert column(model, Column.STATUS) == ["Upcoming", "No-show", "Completed", "Cancelled",
                                            "? tentative"]
    assert column(model, Column.PRICE) == ["from $120.00", "35.50 AUD", "", "18.99 AUD", ""]
    assert column(model, Column.STATUS, Role.STATUS) == ["upcoming", "no-show", "completed",
                                                         "cancelled", "unknown"]
    unknown = model.index(4, Column.STATUS)
    assert "tentative" in str(unknown.data(Qt.ItemDataRole.ToolTipRole))
    assert unknown.data(Qt.ItemDataRole.AccessibleTextRole) == (
        "status not recognised; reservations says tentative")
    no_date = model.index(4, Column.WHEN)
    assert no_date.data(Qt.ItemDataRole.FontRole).italic()
    # Colour repeats the word, it never replaces it: theme tones, asked for when painted.
    assert model.index(1, Column.STATUS).data(Qt.ItemDataRole.ForegroundRole).color() == \
        theme.colour("alert")  # No-show
    assert model.index(0, Column.STATUS).data(Qt.ItemDataRole.ForegroundRole).color() == \
        theme.colour("info")  # Upcoming
    assert model.index(1, Column.SOURCE).data(Qt.ItemDataRole.BackgroundRole).color() == \
        theme.colour("info.bg")  # Booxi
    assert model.index(0, Column.SOURCE).data(Qt.ItemDataRole.BackgroundRole) is None
    assert model.booking(4) is not None and model.booking(4).booking_id == "r2"  # type: ignore[union-attr]


def test_vendor_text_is_plain() -> None:
    model = TimelineModel(SYDNEY)
    model.set_rows(rows())
    assert model.index(1, Column.SERVICE).data() == "<b>Repair</b>"
    assert model.index(1, Column.STAFF).data() == "<i>Dan</i>"
    # Tooltips are guessed as rich text by Qt: vendor text in them is escaped.
    tip = str(model.index(1, Column.SERVICE).data(Qt.ItemDataRole.ToolTipRole))
    assert "&lt;a href=x&gt;shop&lt;/a&gt;" in tip and "<a href" not in tip


def test_filters_by_source_and_status() -> None:
    model = TimelineModel(SYDNEY)
    model.set_rows(rows())
    model.set_filter(TimelineFilter(sources=frozenset({"booxi"})))
    assert [b.booking_id for b in model.bookings()] == ["b1", "b2"]
    assert model.total() == 5
    model.set_filter(TimelineFilter(sources=frozenset({"booxi"}),
                                    statuses=frozenset({"no-show"})))
    assert [b.booking_id for b in model.bookings()] == ["b1"]
    model.set_filter(TimelineFilter(statuses=frozenset({"unknown"})))
    assert [b.booking_id for b in model.bookings()] == ["r2"]
    model.set_rows(rows())  # a refresh keeps the filter
    assert [b.booking_id for b in model.bookings()] == ["r2"]
    model.set_filter(TimelineFilter())
    assert model.rowCount() == 5


def test_status_and_when_helpers() -> None:
    booking = Booking(source="booxi", booking_id="x", status="unknown", vendor_status="  ")
    assert status_text(booking) == "? unknown"
    assert when_text(booking, SYDNEY) == "no date"
    naive = Booking(source="booxi", booking_id="y", starts_at=datetime(2026, 1, 1, 0, 0))
    assert when_text(naive, SYDNEY) == "Thu 1 Jan 2026 11:00\u202fam"  # naive is UTC


@pytest.fixture
def hungarian() -> Iterator[None]:
    before = formats()
    use_formats(formats_for("hu", "HU", "HUF"))
    yield
    use_formats(before)


def test_dates_and_words_follow_the_stores_locale(hungarian: None) -> None:
    model = TimelineModel(SYDNEY)
    model.set_rows(rows())
    assert column(model, Column.WHEN)[:3] == [
        "2026. nov. 23., H 20:00", "2026. okt. 21., Sze 20:00", "2026. jún. 9., K 15:15"]
    assert model.headerData(Column.WHEN, Qt.Orientation.Horizontal) == "When (store time)"


def test_colours_follow_the_palette_in_use(qapp: QApplication) -> None:
    model = TimelineModel(SYDNEY)
    model.set_rows(rows())
    status = model.index(1, Column.STATUS)
    before = qapp.palette()
    light = status.data(Qt.ItemDataRole.ForegroundRole).color()
    qapp.setPalette(theme.dark_palette())
    try:
        dark = status.data(Qt.ItemDataRole.ForegroundRole).color()
    finally:
        qapp.setPalette(before)
    assert light != dark and dark == theme.colour("alert", theme.dark_palette())
