"""The queue model: a header per line with its stats, waits that tick without a reset, words and
signs before colour, matches, offline greying, and vendor data that is odd or hostile.

The words are the core's (tests/app/queue/test_words.py); here, that every cell shows them —
on one line, plain — with the roles, fonts and colours that repeat them."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QImage, QPainter, QPalette
from PySide6.QtWidgets import QApplication
from pytestqt.modeltest import ModelTester

from app.queue.board import QueueBoard
from app.queue.match import Match
from app.vendors.qminder.models import Line, Ticket, TicketEvent
from ui.i18n import formats
from ui.queue.chips import NEUTRAL_FILL, paint_chips
from ui.queue.model import ALERT, STALE, Chip, Column, QueueModel, Role
from ui.queue.panel import state_text, unavailable
from ui.theme import colour

SYDNEY = ZoneInfo("Australia/Sydney")
NOW = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)  # 20:00 in Sydney


class Clock:
    def __init__(self) -> None:
        self.now = NOW

    def __call__(self) -> datetime:
        return self.now


def ticket(ticket_id: Any, line: int, minutes: float, status: str = "NEW", **more: Any
           ) -> Ticket:
    data: dict[str, Any] = {"id": ticket_id, "status": status, "line": line,
                            "created": {"date": (NOW - timedelta(minutes=minutes)).isoformat()}}
    data.update(more)
    return Ticket.model_validate(data)


def board_with(*tickets: Ticket) -> QueueBoard:
    board = QueueBoard(SYDNEY)
    board.set_lines([Line.model_validate({"id": 1, "name": "Returns"}),
                     Line.model_validate({"id": 2, "name": "Repairs"})])
    board.replace(tickets, NOW)
    return board


def busy_board() -> QueueBoard:
    return board_with(
        ticket("10", 1, 23, firstName="Ana", lastName="Chen", source="MANUAL",
               labels=[{"value": "VIP", "color": "FF00FF"}]),
        ticket("11", 1, 14, firstName="Liam", source="MICROSITE"),
        ticket("12", 1, 40, "CALLED", firstName="Mia",
               called={"date": (NOW - timedelta(minutes=30)).isoformat()}),
        # Served today after 20 minutes: feeds the average, never shown as a row.
        ticket("13", 1, 60, "SERVED", firstName="Noah",
               called={"date": (NOW - timedelta(minutes=40)).isoformat()},
               served={"date": (NOW - timedelta(minutes=35)).isoformat()}),
        ticket("20", 2, 2, firstName="Zoë", lastName="Nguyễn",
               extra=[{"title": "Order number", "value": "CC-10001"},
                      {"title": "Reason", "value": "Faulty", "color": "#D0021B"}]),
    )


def texts(model: QueueModel, column: Column) -> list[str]:
    return [model.text(r, column) for r in range(model.rowCount())]


def test_model_passes_qt_model_tester(qtmodeltester: ModelTester) -> None:
    clock = Clock()
    model = QueueModel(busy_board(), clock, SYDNEY)
    qtmodeltester.check(model)
    model.refresh()
    qtmodeltester.check(model)
    clock.now += timedelta(minutes=1)
    model.tick()
    qtmodeltester.check(model)


def test_one_header_per_line_with_its_stats_then_called_then_waiting_in_order(
        qapp: QApplication) -> None:
    model = QueueModel(busy_board(), Clock(), SYDNEY)
    model.refresh()
    assert model.header_rows() == [0, 4]
    assert texts(model, Column.PLACE) == [
        "Returns — 2 waiting, 1 being served · longest ⚠ 23 min · average wait today "
        "15 min (2 called)",
        "Called", "1", "2",
        "Repairs — 1 waiting · longest 2 min · average wait today: nobody called yet",
        "1"]
    assert texts(model, Column.NAME) == ["", "Mia", "Ana Chen", "Liam", "", "Zoë Nguyễn"]
    # A called visitor's wait stops when called (10 min), waiting ones grow with the clock.
    assert texts(model, Column.WAITED) == ["", "10 min", "⚠ 23 min", "14 min", "", "2 min"]
    assert texts(model, Column.SOURCE)[2:4] == ["Added by staff", "Online"]
    assert texts(model, Column.DETAILS)[5] == "Order number: CC-10001 · Reason: Faulty"
    assert texts(model, Column.LABELS)[2] == "VIP"
    assert model.index(2, Column.LABELS).data(Role.CHIPS) == [Chip("VIP", "#ff00ff")]
    # Headings cannot be selected (the arrow keys skip them); tickets can.
    assert model.flags(model.index(0, 0)) == Qt.ItemFlag.NoItemFlags
    assert model.flags(model.index(1, 0)) & Qt.ItemFlag.ItemIsSelectable
    assert model.index(1, 0).data(Role.TICKET_ID) == "12"
    assert model.index(5, 0).data(Role.LINE_ID) == "2"
    assert model.row_of("20") == 5 and model.row_of("13") is None


def test_a_long_wait_has_a_sign_and_words_not_only_colour(qapp: QApplication) -> None:
    model = QueueModel(busy_board(), Clock(), SYDNEY)
    model.refresh()
    long_row, short_row = model.row_of("10"), model.row_of("11")
    assert long_row is not None and short_row is not None
    long_wait = model.index(long_row, Column.WAITED)
    assert long_wait.data() == "⚠ 23 min"
    assert long_wait.data(Role.ALERT) is True
    assert long_wait.data(Qt.ItemDataRole.ForegroundRole).color() == colour(ALERT)
    assert isinstance(long_wait.data(Qt.ItemDataRole.FontRole), QFont)
    assert "longer than 15 min" in long_wait.data(Qt.ItemDataRole.ToolTipRole)
    short = model.index(short_row, Column.WAITED)
    assert short.data() == "14 min" and short.data(Role.ALERT) is False
    assert short.data(Qt.ItemDataRole.ForegroundRole) is None


def test_the_clock_ticks_the_waits_without_a_reset(qapp: QApplication) -> None:
    clock = Clock()
    model = QueueModel(busy_board(), clock, SYDNEY)
    model.refresh()
    changed: list[tuple[int, int, int, int]] = []
    resets: list[bool] = []
    model.dataChanged.connect(lambda a, b, _roles=(): changed.append(
        (a.row(), a.column(), b.row(), b.column())))
    model.modelReset.connect(lambda: resets.append(True))
    clock.now += timedelta(minutes=2)
    model.tick()
    assert resets == []
    # The headers (their longest wait) and the wait column — nothing else.
    last = model.columnCount() - 1
    assert changed == [(0, 0, 0, last), (4, 0, 4, last),
                       (0, Column.WAITED, model.rowCount() - 1, Column.WAITED)]
    assert texts(model, Column.WAITED) == ["", "10 min", "⚠ 25 min", "⚠ 16 min", "", "4 min"]
    assert "longest ⚠ 25 min" in model.text(0, Column.PLACE)


def test_matches_read_warning_first_and_name_only_is_possible(qapp: QApplication) -> None:
    model = QueueModel(busy_board(), Clock(), SYDNEY)
    model.refresh()
    blacklisted = Match(customer_id=7, name="Ana Chen", how="phone", points=1200,
                        blacklisted=True, blacklist_reason=" Abusive\nto staff ", no_shows=3)
    possible = Match(customer_id=8, name="Zoe Nguyen", how="name", points=None,
                     blacklisted=False, blacklist_reason="", no_shows=None)
    other = Match(customer_id=9, name="Mia Wilson", how="email", points=5, blacklisted=False,
                  blacklist_reason="", no_shows=1)
    model.set_matches({"10": blacklisted, "20": possible, "12": other, "11": None})
    rows = {tid: model.row_of(tid) for tid in ("10", "11", "12", "20")}
    cell = {tid: model.text(row, Column.CUSTOMER) for tid, row in rows.items()
            if row is not None}
    # The core's words, the warning first; the reason's line break does not break the row.
    assert cell["10"] == ("⚠ BLACKLISTED: Abusive to staff · same phone: Ana Chen · "
                          "1,200 pts · ⚠ 3 no-shows")
    assert cell["20"] == "possible match (same name only): Zoe Nguyen"
    assert cell["12"] == "same email: Mia Wilson · 5 pts · 1 no-show"
    assert cell["11"] == "—"
    row10 = rows["10"]
    assert row10 is not None
    warning = model.index(row10, Column.CUSTOMER)
    assert warning.data(Role.ALERT) is True
    assert warning.data(Qt.ItemDataRole.ForegroundRole).color() == colour(ALERT)
    assert model.index(row10, Column.NAME).data(Qt.ItemDataRole.BackgroundRole) is not None
    possible_blacklisted = Match(customer_id=8, name="Zoe Nguyen", how="name", points=None,
                                 blacklisted=True, blacklist_reason="", no_shows=None)
    model.set_matches({"20": possible_blacklisted})
    row20 = rows["20"]
    assert row20 is not None
    assert model.text(row20, Column.CUSTOMER) == (
        "⚠ BLACKLISTED if this is them (same name only): (no reason given) · "
        "possible match (same name only): Zoe Nguyen")
    assert model.index(row20, Column.CUSTOMER).data(Role.ALERT) is True


def test_offline_greys_every_row_and_keeps_it(qapp: QApplication) -> None:
    model = QueueModel(busy_board(), Clock(), SYDNEY)
    model.refresh()
    model.set_stale(True)
    assert model.rowCount() == 6
    for row in range(model.rowCount()):
        for column in (Column.PLACE, Column.WAITED, Column.CUSTOMER):
            brush = model.index(row, column).data(Qt.ItemDataRole.ForegroundRole)
            assert brush is not None and brush.color() == colour(STALE), (row, column)
    at = formats().time(NOW, SYDNEY)  # 20:00 in Sydney, as the store's locale writes it
    assert state_text("offline", NOW, NOW + timedelta(minutes=3), SYDNEY, poll_s=45) == \
        f"⚠ Offline — queue as of {at}"
    assert state_text("polling", NOW, NOW, SYDNEY, poll_s=45) == \
        f"↻ Polling every 45 s (live updates unavailable) — queue as of {at}"
    assert state_text("reconnecting", None, NOW, SYDNEY, poll_s=45) == \
        "↻ Reconnecting — no queue loaded yet"
    assert state_text("live", NOW, NOW, SYDNEY, poll_s=45).startswith("● Live")
    assert state_text("unavailable", None, NOW, SYDNEY, poll_s=0,
                      error="no Qminder credential saved on this PC") == \
        "⚠ No queue: no Qminder credential saved on this PC"


def test_odd_vendor_data_is_shown_plainly(qapp: QApplication) -> None:
    board = board_with(
        ticket(123, 1, 3, firstName=None, lastName="",  # an id as a number, no name
               labels=[{"value": "<b>VIP</b>", "color": "red; background:url(x)"},
                       {"value": "Short", "color": "#ABC"},
                       {"value": "   ", "color": "FF0000"}],
               extra=[{"title": "<i>Note</i>", "value": "<a href='javascript:x'>click</a>\n"
                       "second line"},
                      {"title": "Order link", "url": "javascript:alert(1)"}],
               source="SOMETHING_NEW", phoneNumber=61400111222),
        ticket("124", 1, 2, firstName="<b>Bob</b>", lastName="<script>x</script>"),
    )
    # An unknown status arrives live; Qminder's own word is shown.
    board.apply(TicketEvent("changed", ticket("125", 1, 1, "ON_HOLD_NEW", firstName="Ed")), NOW)
    model = QueueModel(board, Clock(), SYDNEY)
    model.refresh()
    first, second, odd = model.row_of("123"), model.row_of("124"), model.row_of("125")
    assert first is not None and second is not None and odd is not None
    assert model.text(first, Column.NAME) == "(no name)"
    assert model.text(second, Column.NAME) == "<b>Bob</b> <script>x</script>"
    assert model.index(first, Column.LABELS).data(Role.CHIPS) == [
        Chip("<b>VIP</b>", None), Chip("Short", "#aabbcc")]
    # A link that is not http(s) is never offered: the field says it has no value.
    assert model.text(first, Column.DETAILS) == (
        "<i>Note</i>: <a href='javascript:x'>click</a> second line · Order link: —")
    assert model.text(first, Column.SOURCE) == "SOMETHING_NEW"
    assert model.text(odd, Column.PLACE) == "ON_HOLD_NEW"
    assert model.text(odd, Column.WAITED) == "1 min"
    tip = model.index(second, Column.NAME).data(Qt.ItemDataRole.ToolTipRole)
    # Tooltips are rich text to Qt: the vendor's markup arrives escaped, never as tags.
    assert "&lt;b&gt;Bob&lt;/b&gt; &lt;script&gt;x&lt;/script&gt;" in tip
    assert "<b>" not in tip and "<script>" not in tip
    assert unavailable("call", model.ticket_row(odd)) != ""  # type: ignore[arg-type]
    assert unavailable("cancel", model.ticket_row(odd)) != ""  # type: ignore[arg-type]
    assert unavailable("call", model.ticket_row(first)) == ""  # type: ignore[arg-type]


def test_a_disabled_line_says_so_in_its_heading(qapp: QApplication) -> None:
    board = busy_board()
    board.set_lines([Line.model_validate({"id": 1, "name": "Returns", "disabled": True}),
                     Line.model_validate({"id": 2, "name": "Repairs"})])
    model = QueueModel(board, Clock(), SYDNEY)
    model.refresh()
    headers = [model.text(r, Column.PLACE) for r in model.header_rows()]
    assert headers[0].startswith("Returns (disabled) — 2 waiting")
    assert headers[1].startswith("Repairs — 1 waiting")


def test_chips_use_the_label_colour_or_a_neutral_one_and_always_the_text(
        qapp: QApplication) -> None:
    image = QImage(300, 30, QImage.Format.Format_ARGB32)
    image.fill(QColor("#ffffff"))
    painter = QPainter(image)
    font = QFont()
    font.setPointSize(9)
    painter.setFont(font)
    metrics = QFontMetrics(font)
    chips = [Chip("VIP", "#ff00ff"), Chip("bad", None)]
    paint_chips(painter, QRectF(0, 0, 300, 30), chips, metrics, stale=False)
    painter.end()
    first_width = metrics.horizontalAdvance("VIP") + 16
    # Inside each chip, left of its text: the chip's fill.
    assert image.pixelColor(5, 15) == QColor("#ff00ff")
    neutral = QApplication.palette().color(NEUTRAL_FILL)
    assert image.pixelColor(first_width + 4 + 5, 15) == neutral
    assert QPalette.ColorRole.Button == NEUTRAL_FILL  # the palette's, in any theme
