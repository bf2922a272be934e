"""Counter actions on the selected ticket: the board changes at once, Qminder confirms or the
row goes back exactly as it was with Qminder's reason ("ticket 12 was already served at
another counter" — two counters acting on one ticket is the everyday conflict).

"Call next" has no endpoint of its own: it calls the first waiting ticket of the line in
queue order, as Qminder's own apps do. If another counter called that one first, the refusal
says so and nothing else is called behind the host's back.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from app.errors import ClientdeskError, VendorError
from app.marks import QT_TRANSLATE_NOOP
from app.queue.board import QueueBoard, Undo
from app.vendors.qminder.client import QminderClient
from app.vendors.qminder.models import Ticket

log = logging.getLogger("clientdesk.queue")

#: The actions, the words the panel and the help overlay use, and whether they destroy
#: something (those ask for confirmation first). The words are marked for the window's
#: translation under the context :data:`CONTEXT` (the CLI keeps them in English); the window
#: shows them with ``QCoreApplication.translate("QueueActions", words)``.
CONTEXT = "QueueActions"
ACTIONS: dict[str, tuple[str, bool]] = {
    "call_next": (QT_TRANSLATE_NOOP("QueueActions", "Call next on this line"), False),
    "call": (QT_TRANSLATE_NOOP("QueueActions", "Call this ticket"), False),
    "recall": (QT_TRANSLATE_NOOP("QueueActions", "Recall (call again)"), False),
    "served": (QT_TRANSLATE_NOOP("QueueActions", "Mark served"), False),
    "no-show": (QT_TRANSLATE_NOOP("QueueActions", "Mark no-show"), True),
    "return": (QT_TRANSLATE_NOOP("QueueActions", "Return to queue"), False),
    "cancel": (QT_TRANSLATE_NOOP("QueueActions", "Cancel (remove from queue)"), True),
}


class ActionRefused(ClientdeskError):
    """Qminder (or the profile) said no; ``message`` is for the host, the row is restored."""


@dataclass(frozen=True)
class Done:
    ticket_id: str
    action: str


class QueueActions:
    def __init__(self, client: QminderClient, board: QueueBoard, *,
                 clock: Callable[[], datetime], on_change: Callable[[], None],
                 user_id: int | None = None) -> None:
        self.client = client
        self.board = board
        self.clock = clock
        self._on_change = on_change
        self.user_id = user_id

    async def call_next(self, line_id: str) -> Done:
        ticket = self.board.next_waiting(line_id)
        if ticket is None:
            raise ActionRefused("nobody is waiting on this line")
        return await self.run("call", ticket.id)

    async def run(self, action: str, ticket_id: str) -> Done:
        """Do ``action`` (``call``, ``recall``, ``served``, ``no-show``, ``return``,
        ``cancel``) on one ticket; raises :class:`ActionRefused` after putting the row back."""
        if action == "cancel" and self.user_id is None:
            raise ActionRefused("Qminder needs to know who cancels: set qminder.user_id (this "
                                "counter's Qminder user) in the store profile")
        if ticket_id in self.board.pending:
            raise ActionRefused("an action on this ticket is still on its way to Qminder")
        undo = self.board.begin(ticket_id, action, self.clock())
        self._changed()
        try:
            returned = await self._send(action, ticket_id)
        except VendorError as exc:
            self.board.rollback(undo)
            self._changed()
            log.info("queue: %s on ticket %s refused: %s", action, ticket_id, exc.message)
            raise ActionRefused(_reason(exc)) from None
        except BaseException:
            self.board.rollback(undo)  # cancelled or a bug: never leave a row half-done
            self._changed()
            raise
        self.board.confirm(undo, returned)
        self._changed()
        return Done(ticket_id, action)

    async def _send(self, action: str, ticket_id: str) -> Ticket | None:
        client, user = self.client, self.user_id
        if action == "call":
            return await client.call(ticket_id, user=user)
        if action == "recall":
            await client.recall(ticket_id, user=user)
        elif action == "served":
            await client.mark_served(ticket_id)
        elif action == "no-show":
            await client.mark_noshow(ticket_id)
        elif action == "return":
            await client.return_to_queue(ticket_id, user=user)
        elif action == "cancel":
            assert user is not None
            await client.cancel(ticket_id, user=user)
        else:
            raise ValueError(f"unknown queue action {action!r}")
        return None

    def _changed(self) -> None:
        try:
            self._on_change()
        except Exception:
            log.exception("queue change callback failed")


def _reason(exc: VendorError) -> str:
    """Qminder's refusal in the host's words (the client already names the ticket's state)."""
    return exc.message[:1].upper() + exc.message[1:]


__all__ = ["ACTIONS", "CONTEXT", "ActionRefused", "Done", "QueueActions", "Undo"]
