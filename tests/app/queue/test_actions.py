"""Counter actions against the sandbox: each one lands on Qminder; a refusal puts the row back
with Qminder's reason (two counters acting on one ticket)."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from app.queue.actions import ACTIONS, CONTEXT, ActionRefused
from app.sandbox.runner import Sandbox
from tests.app.queue.conftest import Queue, qminder_of, until


async def started(make_queue: Callable[..., Queue], **options: object) -> Queue:
    queue = make_queue(**options)
    await queue.feed.start()
    await until(lambda: queue.feed.state == "live")
    return queue


@pytest.mark.parametrize(("action", "start", "expected"), [
    ("call", "NEW", "CALLED"), ("recall", "CALLED", "CALLED"), ("served", "CALLED", "SERVED"),
    ("no-show", "CALLED", "NOSHOW"), ("return", "CALLED", "NEW"),
    ("cancel", "NEW", "CANCELLED_BY_CLERK"),
])
async def test_each_action_lands_on_qminder(box: Sandbox, make_queue: Callable[..., Queue],
                                            action: str, start: str, expected: str) -> None:
    server = qminder_of(box)
    queue = await started(make_queue)
    ticket = server.create_ticket(first_name="Ana", last_name="Lee")
    if start == "CALLED":
        server.call_ticket(ticket["id"])
    await until(lambda: ticket["id"] in queue.board.tickets
                and queue.board.tickets[ticket["id"]].status == start)
    done = await queue.actions.run(action, ticket["id"])
    assert done.ticket_id == ticket["id"]
    assert server.tickets[ticket["id"]]["status"] == expected
    assert not queue.board.pending
    if expected in ("NEW", "CALLED"):
        await until(lambda: queue.board.tickets[ticket["id"]].status == expected)
    else:
        assert ticket["id"] not in queue.board.tickets


async def test_call_next_calls_the_first_in_queue_order(
        box: Sandbox, make_queue: Callable[..., Queue]) -> None:
    server = qminder_of(box)
    queue = await started(make_queue)
    line = next(iter(queue.board.lines))
    first = queue.board.next_waiting(line)
    assert first is not None
    done = await queue.actions.call_next(line)
    assert done.ticket_id == first.id
    assert server.tickets[first.id]["status"] == "CALLED"


async def test_two_counters_on_one_ticket_restore_the_row_with_the_reason(
        box: Sandbox, make_queue: Callable[..., Queue]) -> None:
    server = qminder_of(box)
    mine = await started(make_queue)
    ticket = server.create_ticket(first_name="Bo", last_name="Tran")
    server.call_ticket(ticket["id"])
    await until(lambda: ticket["id"] in mine.board.tickets
                and mine.board.tickets[ticket["id"]].is_called)
    before = mine.board.tickets[ticket["id"]]
    await mine.feed.stop()  # no live event will correct us first: the refusal must
    server.serve_ticket(ticket["id"])  # the other counter was quicker
    with pytest.raises(ActionRefused) as refused:
        await mine.actions.run("no-show", ticket["id"])
    assert "already served at another counter" in refused.value.message
    assert mine.board.tickets[ticket["id"]] == before and not mine.board.pending
    assert server.tickets[ticket["id"]]["status"] == "SERVED"


async def test_nobody_waiting_and_cancel_without_a_user_say_why(
        box: Sandbox, make_queue: Callable[..., Queue]) -> None:
    queue = await started(make_queue)
    for ticket in list(queue.board.tickets.values()):
        if ticket.is_waiting and ticket.line == next(iter(queue.board.lines)):
            await queue.actions.run("cancel", ticket.id)
    with pytest.raises(ActionRefused, match="nobody is waiting"):
        await queue.actions.call_next(next(iter(queue.board.lines)))
    queue.actions.user_id = None
    some = next(t for t in queue.board.tickets.values() if t.is_waiting)
    with pytest.raises(ActionRefused, match=r"qminder\.user_id"):
        await queue.actions.run("cancel", some.id)
    assert some.id in queue.board.tickets and not queue.board.pending


def test_the_actions_words_are_english_and_marked_for_the_window() -> None:
    """The CLI shows the words as written; the window (its buttons, the F1 help, the command
    palette) translates them under "QueueActions", which pyside6-lupdate finds only when each
    is written as QT_TRANSLATE_NOOP("QueueActions", "<literal>")."""
    import ast
    from pathlib import Path

    from app.queue import actions

    assert CONTEXT == "QueueActions"
    assert ACTIONS["call_next"] == ("Call next on this line", False)
    assert ACTIONS["cancel"] == ("Cancel (remove from queue)", True)
    tree = ast.parse(Path(actions.__file__).read_text(encoding="utf-8"))
    marked = {node.args[1].value for node in ast.walk(tree)
              if isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
              and node.func.id == "QT_TRANSLATE_NOOP"
              and isinstance(node.args[0], ast.Constant) and node.args[0].value == CONTEXT
              and isinstance(node.args[1], ast.Constant)}
    assert {words for words, _asks in ACTIONS.values()} == marked
