"""The queue board: order, positions, waits, per-line stats, live events, optimistic actions —
and Qminder's older news (a late event, a search already on its way) never undoing a key press."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from app.queue.board import QueueBoard
from app.vendors.qminder.models import Line, Ticket, TicketEvent

SYDNEY = ZoneInfo("Australia/Sydney")
NOW = datetime(2026, 11, 20, 3, 0, tzinfo=UTC)  # 14:00 in Sydney


def ticket(tid: str, status: str = "NEW", line: str = "1", minutes: float = 10,
           called_minutes: float | None = None, **extra: Any) -> Ticket:
    data: dict[str, Any] = {"id": tid, "status": status, "line": line,
                            "created": {"date": (NOW - timedelta(minutes=minutes)).isoformat()},
                            **extra}
    if called_minutes is not None:
        data["called"] = {"date": (NOW - timedelta(minutes=called_minutes)).isoformat()}
    return Ticket.model_validate(data)


def board(*tickets: Ticket, only: frozenset[str] = frozenset()) -> QueueBoard:
    b = QueueBoard(SYDNEY, only_lines=only)
    b.set_lines([Line(id="1", name="Returns"), Line(id="2", name="Repairs")])
    b.replace(tickets, NOW)
    return b


def test_rows_put_those_being_served_first_then_the_queue_in_order() -> None:
    b = board(ticket("a", minutes=5), ticket("b", minutes=30), ticket("c", "CALLED", minutes=40,
                                                                       called_minutes=3),
              ticket("d", line="2", minutes=1), ticket("e", "SERVED", minutes=50,
                                                        called_minutes=45))
    rows = b.rows(NOW)
    assert [(r.ticket.id, r.position, r.line_name) for r in rows] == [
        ("c", None, "Returns"), ("b", 1, "Returns"), ("a", 2, "Returns"), ("d", 1, "Repairs")]
    assert rows[1].waited == timedelta(minutes=30)
    assert b.next_waiting("1") is not None and b.next_waiting("1").id == "b"  # type: ignore[union-attr]


def test_a_reordered_visitor_waits_in_their_new_place() -> None:
    moved = ticket("m", minutes=5, orderAfter=(NOW - timedelta(minutes=60)).isoformat())
    b = board(ticket("x", minutes=30), moved)
    assert [r.ticket.id for r in b.rows(NOW)] == ["m", "x"]


def test_line_stats_count_waiting_longest_and_todays_average() -> None:
    yesterday = ticket("y", "SERVED", minutes=26 * 60, called_minutes=25 * 60)
    b = board(ticket("a", minutes=5), ticket("b", minutes=30),
              ticket("c", "CALLED", minutes=40, called_minutes=20),  # waited 20 min
              ticket("s", "SERVED", minutes=60, called_minutes=50),  # waited 10 min
              yesterday, ticket("d", line="2", minutes=1))
    returns, repairs = b.stats(NOW)
    assert (returns.name, returns.waiting, returns.called) == ("Returns", 2, 1)
    assert returns.longest_wait == timedelta(minutes=30)
    assert returns.average_wait_today == timedelta(minutes=15)
    assert returns.called_today == 2  # yesterday's visit does not count
    assert (repairs.waiting, repairs.average_wait_today) == (1, None)


def test_live_events_add_move_and_remove_tickets() -> None:
    b = board(ticket("a", minutes=5, phoneNumber="+61411222333"))
    assert b.apply(TicketEvent("created", ticket("n", minutes=0)), NOW)
    # GraphQL events carry fewer fields: what they leave out is kept
    assert b.apply(TicketEvent("called", Ticket.model_validate(
        {"id": "a", "status": "CALLED", "called": {"date": NOW.isoformat()}})), NOW)
    assert b.tickets["a"].phone_number == "+61411222333" and b.tickets["a"].is_called
    assert b.apply(TicketEvent("labels", Ticket.model_validate(
        {"id": "a", "status": "", "labels": [{"value": "VIP", "color": "zz"}]})), NOW)
    assert b.tickets["a"].label_values() == ["VIP"] and b.tickets["a"].is_called
    assert b.apply(TicketEvent("served", ticket("a", "SERVED", minutes=5,
                                                called_minutes=0)), NOW)
    assert "a" not in b.tickets
    assert b.stats(NOW)[0].called_today == 1


def test_other_lines_are_ignored_when_lines_are_chosen() -> None:
    b = board(ticket("a"), ticket("b", line="2"), only=frozenset({"1"}))
    assert set(b.tickets) == {"a"}
    assert not b.apply(TicketEvent("created", ticket("c", line="2")), NOW)
    assert [s.line_id for s in b.stats(NOW)] == ["1"]


def test_a_refused_action_puts_the_row_back_exactly() -> None:
    original = ticket("a", minutes=12, labels=[{"value": "VIP"}])
    b = board(original, ticket("b", minutes=3))
    undo = b.begin("a", "served", NOW)
    assert "a" not in b.tickets and b.pending["a"] is undo
    b.rollback(undo)
    assert b.tickets["a"] == original and not b.pending
    call = b.begin("b", "call", NOW)
    assert b.tickets["b"].is_called and b.rows(NOW)[0].pending == "call"
    b.rollback(call)
    assert b.tickets["b"].is_waiting


def test_a_live_event_during_an_action_is_the_truth() -> None:
    b = board(ticket("a", minutes=12))
    undo = b.begin("a", "no-show", NOW)
    # another counter served them meanwhile: Qminder's event arrives before its refusal
    b.apply(TicketEvent("served", ticket("a", "SERVED", minutes=12, called_minutes=1)), NOW)
    b.rollback(undo)
    assert "a" not in b.tickets and not b.pending


def test_an_older_event_during_an_action_neither_ends_it_nor_brings_the_row_back() -> None:
    # Found CALLED by a search; the "called" event of that same call comes in only after the
    # host pressed no-show (the websocket lost the race to the HTTP answer).
    called = ticket("a", "CALLED", minutes=12, called_minutes=2, phoneNumber="+61411222333")
    b = board(called)
    undo = b.begin("a", "no-show", NOW)
    late = Ticket.model_validate({"id": "a", "status": "CALLED", "line": "1",
                                  "called": {"date": (NOW - timedelta(minutes=2)).isoformat()},
                                  "firstName": "Ana"})
    assert not b.apply(TicketEvent("called", late), NOW)
    assert "a" not in b.tickets and b.pending["a"] is undo  # still showing the no-show
    b.confirm(undo)
    assert "a" not in b.tickets and not b.pending
    # ... and had Qminder refused, the row would come back with what the event said.
    again = board(called)
    refused = again.begin("a", "no-show", NOW)
    again.apply(TicketEvent("called", late), NOW)
    again.rollback(refused)
    assert again.tickets["a"].is_called and again.tickets["a"].first_name == "Ana"
    assert again.tickets["a"].phone_number == "+61411222333"  # kept: the event had none


def test_labels_arriving_during_an_action_land_on_the_row_and_on_what_a_refusal_restores(
        ) -> None:
    b = board(ticket("a", minutes=12))
    undo = b.begin("a", "call", NOW)
    labelled = Ticket.model_validate({"id": "a", "status": "", "labels": [{"value": "VIP"}]})
    assert b.apply(TicketEvent("labels", labelled), NOW)
    assert b.tickets["a"].is_called and b.tickets["a"].label_values() == ["VIP"]
    b.rollback(undo)
    assert b.tickets["a"].is_waiting and b.tickets["a"].label_values() == ["VIP"]


def test_a_visit_finished_meanwhile_is_not_brought_back_by_the_accepted_action() -> None:
    b = board(ticket("a", minutes=12))
    undo = b.begin("a", "call", NOW)
    b.apply(TicketEvent("cancelled", ticket("a", "CANCELLED_BY_CLERK", minutes=12)), NOW)
    # Qminder had accepted our call before the other counter cancelled: its answer is older.
    b.confirm(undo, ticket("a", "CALLED", minutes=12, called_minutes=0))
    assert "a" not in b.tickets and not b.pending


def test_a_search_started_before_an_action_was_confirmed_does_not_undo_it() -> None:
    b = board(ticket("a", "CALLED", minutes=12, called_minutes=2), ticket("b", minutes=2))
    mark = b.mark()  # the search leaves now; Qminder answers it with the ticket still CALLED
    undo = b.begin("a", "served", NOW)
    b.confirm(undo)
    older = [ticket("a", "CALLED", minutes=12, called_minutes=2), ticket("b", minutes=2)]
    b.replace(older, NOW, since=mark)
    assert set(b.tickets) == {"b"}
    # A search that left after the action was confirmed is the truth again.
    mark = b.mark()
    b.replace([ticket("a", "CALLED", minutes=12, called_minutes=2)], NOW, since=mark)
    assert set(b.tickets) == {"a"}


def test_a_search_during_an_action_keeps_the_optimistic_row() -> None:
    b = board(ticket("a", minutes=12), ticket("b", minutes=2))
    b.begin("a", "served", NOW)
    b.replace([ticket("a", minutes=12), ticket("b", minutes=2)], NOW)
    assert "a" not in b.tickets


statuses = st.sampled_from(["NEW", "CALLED", "SERVED", "NOSHOW", "CANCELLED_BY_CLERK",
                            "WEIRD", ""])
events = st.lists(st.tuples(
    st.sampled_from(["created", "called", "served", "changed", "cancelled", "recalled",
                     "labels"]),
    st.sampled_from(["a", "b", "c", "d"]), statuses, st.sampled_from(["1", "2", "9"]),
    st.integers(min_value=0, max_value=600)), max_size=30)


@settings(max_examples=200, deadline=None)
@given(events)
def test_any_event_sequence_leaves_a_consistent_board(sequence: list[tuple[str, str, str,
                                                                              str, int]]) -> None:
    b = board(ticket("a"), ticket("b", "CALLED", called_minutes=1))
    for kind, tid, status, line, minutes in sequence:
        b.apply(TicketEvent(kind, ticket(tid, status, line, minutes=minutes)), NOW)
        assert not any(t.is_finished for t in b.tickets.values())
        rows = b.rows(NOW)
        assert sorted(r.ticket.id for r in rows) == sorted(b.tickets)
        for line_id in {r.line_id for r in rows}:
            positions = [r.position for r in rows if r.line_id == line_id and r.position]
            assert positions == list(range(1, len(positions) + 1))
        b.stats(NOW)


def test_a_finished_copy_in_the_same_search_wins_over_a_waiting_one() -> None:
    b = board(ticket("a", minutes=5))
    b.replace([ticket("a", minutes=5), ticket("a", "SERVED", minutes=5, called_minutes=1)], NOW)
    assert "a" not in b.tickets
    b.replace([ticket("a", "SERVED", minutes=5, called_minutes=1), ticket("a", minutes=5)], NOW)
    assert "a" not in b.tickets
