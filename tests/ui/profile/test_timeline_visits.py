"""Qminder visits in the profile's timeline table: line, wait, outcome, source."""

from __future__ import annotations

from datetime import UTC, datetime

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from app.customer.timeline import TimelineFilter, from_qminder, merge, no_shows
from app.customer.visits import Visit
from ui.profile.timeline_model import Column, TimelineModel

NOW = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)


def test_visits_read_as_rows_with_their_wait(qapp: QApplication) -> None:
    rows = from_qminder([
        Visit("1", "101", "Returns", "SERVED", datetime(2026, 11, 3, 10, 0, tzinfo=UTC),
              waited_s=725),
        Visit("2", "102", "", "NOSHOW", datetime(2026, 11, 10, 10, 0, tzinfo=UTC),
              waited_s=60),
        Visit("3", "103", "Repairs", "CANCELLED_BY_CLERK",
              datetime(2026, 11, 12, 10, 0, tzinfo=UTC)),
    ])
    model = TimelineModel(UTC)
    model.set_rows(merge([rows], NOW))
    texts = [[model.data(model.index(r, c)) for c in (Column.SERVICE, Column.STATUS,
                                                      Column.SOURCE)]
             for r in range(model.rowCount())]
    assert texts == [["Repairs", "Cancelled", "Qminder"],
                     ["line 102 · waited 1 min", "No-show", "Qminder"],
                     ["Returns · waited 12 min", "Completed", "Qminder"]]
    assert no_shows(model.bookings()) == 1
    model.set_filter(TimelineFilter(sources=frozenset({"qminder"}),
                                    statuses=frozenset({"no-show"})))
    assert model.rowCount() == 1
    assert model.data(model.index(0, Column.STATUS), Qt.ItemDataRole.DisplayRole) == "No-show"
