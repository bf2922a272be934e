"""The queue's words, once for both screens: waits, statuses, sources, labels, extra fields,
the matched customer, the blacklist warning and a line's stats — with odd vendor data left
exactly as sent (each screen makes it safe its own way)."""

from __future__ import annotations

import ast
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from app.formatting import formats_for
from app.queue import words
from app.queue.board import LONG_WAIT, LineStats, QueueBoard, Row
from app.queue.match import Match
from app.queue.words import (
    CONTEXT,
    NO_NAME,
    NO_REASON,
    SOURCE_WORDS,
    STATUS_WORDS,
    Wording,
    blacklist_text,
    details_text,
    duration_text,
    extra_value,
    line_text,
    match_text,
    no_shows_text,
    points_text,
    row_wait_text,
    shown_labels,
    source_text,
    stats_text,
    status_text,
    ticket_name,
    wait_text,
)
from app.vendors.qminder.models import ExtraField, Line, Ticket

SYDNEY = ZoneInfo("Australia/Sydney")
NOW = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)


def ticket(status: str = "NEW", minutes: float = 10, **more: Any) -> Ticket:
    data: dict[str, Any] = {"id": "1", "status": status, "line": "7",
                            "created": {"date": (NOW - timedelta(minutes=minutes)).isoformat()}}
    data.update(more)
    return Ticket.model_validate(data)


def row(t: Ticket) -> Row:
    board = QueueBoard(SYDNEY)
    board.set_lines([Line(id="7", name="Returns")])
    board.replace([t], NOW)
    found = board.rows(NOW)
    assert len(found) == 1
    return found[0]


def match(**more: Any) -> Match:
    data: dict[str, Any] = {"customer_id": 57, "name": "Zoë Nguyễn", "how": "phone",
                            "points": 1234, "blacklisted": False, "blacklist_reason": "",
                            "no_shows": None}
    data.update(more)
    return Match(**data)


def stats(**more: Any) -> LineStats:
    data: dict[str, Any] = {"line_id": "7", "name": "Returns", "waiting": 7, "called": 2,
                            "longest_wait": timedelta(minutes=23, seconds=40),
                            "average_wait_today": timedelta(minutes=12, seconds=5),
                            "called_today": 9}
    data.update(more)
    return LineStats(**data)


def test_waits_read_in_minutes_and_hours_and_long_ones_carry_the_sign() -> None:
    assert [duration_text(timedelta(seconds=s)) for s in (0, 59, 60, 3599, 3600, 3 * 3600 + 540)] \
        == ["<1 min", "<1 min", "1 min", "59 min", "1 h 00 min", "3 h 09 min"]
    assert duration_text(None) == "—" and wait_text(None) == "—"
    assert wait_text(LONG_WAIT - timedelta(seconds=1)) == "14 min"
    assert wait_text(LONG_WAIT) == "⚠ 15 min"
    assert wait_text(timedelta(hours=1, minutes=5)) == "⚠ 1 h 05 min"


def test_only_a_waiting_visitor_gets_the_long_wait_sign() -> None:
    assert row_wait_text(row(ticket(minutes=40))) == "⚠ 40 min"
    # Called after 30 minutes: that is the wait shown, and nobody is waiting any more.
    called = row(ticket("CALLED", minutes=40,
                        called={"date": (NOW - timedelta(minutes=10)).isoformat()}))
    assert row_wait_text(called) == "30 min"
    assert row_wait_text(row(ticket("ON_HOLD", minutes=40))) == "40 min"  # no queue to be in


def test_statuses_we_know_are_words_and_others_are_qminders_own() -> None:
    assert [status_text(s) for s in ("NEW", "called", " Scheduled ")] == \
        ["waiting", "called", "scheduled"]
    assert status_text("ON_HOLD_BY_ROBOT") == "ON_HOLD_BY_ROBOT"
    assert status_text("WAIT\x1b[0m") == "WAIT\x1b[0m"  # as sent: each screen makes it safe
    assert status_text("  ") == "(no status)"


def test_names_sources_labels_and_extra_fields() -> None:
    assert ticket_name(ticket(firstName="Ana", lastName="Lee")) == "Ana Lee"
    assert ticket_name(ticket(firstName="  ", lastName=None)) == "(no name)"
    assert ticket_name(ticket(firstName="<b>Bob</b>")) == "<b>Bob</b>"
    assert [source_text(s) for s in ("MANUAL", "microsite", "PRINTER", "KIOSK_2000", None, " ")] \
        == ["Added by staff", "Online", "Printed ticket", "KIOSK_2000", "—", "—"]
    labelled = ticket(labels=[{"value": "VIP", "color": "FF00FF"}, {"value": "   "},
                              {"value": "Paid"}])
    assert [label.value for label in shown_labels(labelled)] == ["VIP", "Paid"]
    fields = ticket(extra=[
        {"title": "Order number", "value": "CC-123"},
        {"title": "Track", "value": "Parcel", "url": "https://example.com/t/1"},
        {"title": "Link only", "url": "https://example.com/x"},
        {"title": "Bad link", "url": "javascript:alert(1)"},  # never offered as a link
        {"title": "", "value": "untitled"},
        {"title": "Same", "value": "https://example.com/s", "url": "https://example.com/s"}])
    assert details_text(fields) == (
        "Order number: CC-123 · Track: Parcel <https://example.com/t/1> · "
        "Link only: <https://example.com/x> · Bad link: — · (field): untitled · "
        "Same: https://example.com/s")
    assert details_text(ticket()) == ""
    assert extra_value(ExtraField(title="Note", value="two\nlines")) == "two\nlines"


def test_who_the_visitor_is_with_points_and_no_shows() -> None:
    assert match_text(match()) == "same phone: Zoë Nguyễn · 1,234 pts"
    assert match_text(match(how="email", points=None, no_shows=1)) == \
        "same email: Zoë Nguyễn · 1 no-show"
    assert match_text(match(no_shows=3)) == "same phone: Zoë Nguyễn · 1,234 pts · ⚠ 3 no-shows"
    assert match_text(match(no_shows=0)) == "same phone: Zoë Nguyễn · 1,234 pts"
    # A name alone is never the person.
    assert match_text(match(how="name", points=7)) == \
        "possible match (same name only): Zoë Nguyễn · 7 pts"
    assert match_text(match(name=" ")) == "same phone: (no name) · 1,234 pts"
    assert [no_shows_text(n) for n in (None, 0, 1, 2)] == ["", "", "1 no-show", "⚠ 2 no-shows"]


def test_the_blacklist_warning_says_the_reason_and_hedges_a_name_only_match() -> None:
    assert blacklist_text(match(blacklisted=True, blacklist_reason="Threatened staff")) == \
        "⚠ BLACKLISTED: Threatened staff"
    assert blacklist_text(match(blacklisted=True, blacklist_reason="")) == \
        "⚠ BLACKLISTED: (no reason given)"
    assert blacklist_text(match(how="name", blacklisted=True, blacklist_reason="Abusive")) == \
        "⚠ BLACKLISTED if this is them (same name only): Abusive"


def test_a_lines_stats_in_one_sentence() -> None:
    assert stats_text(stats()) == ("7 waiting, 2 being served · longest ⚠ 23 min · "
                                   "average wait today 12 min (9 called)")
    quiet = stats(waiting=0, called=0, longest_wait=None, average_wait_today=None,
                  called_today=0)
    assert stats_text(quiet) == "nobody waiting · average wait today: nobody called yet"
    assert stats_text(stats(called=0, longest_wait=timedelta(minutes=3))) == \
        "7 waiting · longest 3 min · average wait today 12 min (9 called)"
    assert line_text(stats()) == f"Returns — {stats_text(stats())}"
    assert line_text(stats(), disabled=True).startswith("Returns (disabled) — 7 waiting")
    assert line_text(stats(name="  ")).startswith("line 7 — ")


# -- one set of decisions, any wording --------------------------------------------------------


class Marked(Wording):
    """A wording that shows which parts it was asked for (another language would be a
    translation of each)."""

    def word(self, text: str) -> str:
        return f"<{text}>"

    def minutes(self, minutes: int) -> str:
        return f"{minutes}m"

    def no_shows(self, count: int) -> str:
        return f"{count}×no-show"

    def blacklisted(self, reason: str) -> str:
        return f"BANNED {reason}"

    def waiting_and_served(self, waiting: int, served: int) -> str:
        return f"{waiting}w+{served}s"


def test_another_wording_changes_the_words_never_what_is_said_when() -> None:
    marked = Marked()
    # The sign from LONG_WAIT on, the same for every wording.
    assert wait_text(LONG_WAIT, marked) == "⚠ 15m"
    assert wait_text(LONG_WAIT - timedelta(minutes=1), marked) == "14m"
    assert row_wait_text(row(ticket("CALLED", minutes=40, called={
        "date": (NOW - timedelta(minutes=10)).isoformat()})), marked) == "30m"
    assert status_text("NEW", marked) == "<waiting>"
    assert status_text("ON_HOLD", marked) == "ON_HOLD"  # Qminder's own word, untouched
    assert source_text("MANUAL", marked) == "<Added by staff>"
    assert ticket_name(ticket(), marked) == "<(no name)>"
    assert no_shows_text(1, marked) == "1 no-show" and no_shows_text(3, marked) == "⚠ 3×no-show"
    assert blacklist_text(match(blacklisted=True, blacklist_reason=""), marked) == \
        "⚠ BANNED <(no reason given)>"
    assert stats_text(stats(), marked).startswith("7w+2s · longest ⚠ 23m")


def test_points_follow_the_stores_formats_when_given() -> None:
    hungarian = Wording(formats_for("hu", "HU", "HUF"))
    assert points_text(1291, hungarian) == "1\u00a0291 pont"
    assert match_text(match(points=1291), hungarian) == "same phone: Zoë Nguyễn · 1\u00a0291 pont"
    assert points_text(1291) == "1,291 pts"  # the CLI's, as before


def test_the_word_tables_are_marked_for_the_windows_translation() -> None:
    """pyside6-lupdate reads QT_TRANSLATE_NOOP("QueueWords", "<literal>"): every word of the
    tables must be written so, or the window would show it in English."""
    tree = ast.parse(Path(words.__file__).read_text(encoding="utf-8"))
    marked = {node.args[1].value for node in ast.walk(tree)
              if isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
              and node.func.id == "QT_TRANSLATE_NOOP"
              and isinstance(node.args[0], ast.Constant) and node.args[0].value == CONTEXT
              and isinstance(node.args[1], ast.Constant)}
    assert set(STATUS_WORDS.values()) | set(SOURCE_WORDS.values()) <= marked
    assert {NO_NAME, NO_REASON} <= marked
