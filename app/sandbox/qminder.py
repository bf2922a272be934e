"""Fake Qminder: REST v1 queue, counter actions, ticket creation and GraphQL live updates.

Speaks the contract in ``shared/vendors/qminder.md``: ``X-Qminder-REST-API-Key`` (401 body as
documented), ``{"statusCode":200,"data":[…]}`` lists, flat objects with ``statusCode``,
``{"statusCode":200,"result":"success"}`` actions with **form** bodies, ``PUT …/labels`` and
``POST /tickets`` with JSON, ``X-Ratelimit-Remaining`` on every answer and 429 once the hourly
budget is spent, ``POST /graphql/connection-key`` and the legacy ``subscriptions-transport-ws``
websocket at ``/graphql/subscription``.

One location (id ``4241 + seed``, so 4242 for seed 1) with three lines and a few dozen tickets
built from population people — small whatever the population size, deterministic from the seed.
State changes, whether through REST or the server-side methods (``create_ticket``,
``call_ticket``, …; call them on the server's own event loop), are pushed to every matching
subscription.

Choices where the docs are silent (all *[inferred]*):

- An action on a ticket in the wrong state (e.g. "served" at a second counter) answers **409**
  ``{"statusCode":409,"message":"Ticket 123 has status SERVED and cannot be called",
  "developerMessage":"Invalid status transition SERVED -> CALLED"}``.
- Temporary keys are single-use and live :attr:`temp_key_ttl` seconds; a websocket URL carrying
  the permanent key is refused (and counted in :attr:`permanent_key_in_url`).
- A no-show and a return to the queue are pushed as ``changedTickets``.

History (for the visits pull, :mod:`app.sync.qminder`): set ``history_per_day`` (0 by default,
so the live queue's tests see only today's tickets) before the first search, and the location
also holds ``history_days`` (90) days of finished tickets before "today" — at least 36 hours
before the anchor, so the queue panel's "finished since midnight" search never sees them.
They are built once, deterministically from the seed: about a third from a pool of regulars
(repeat visitors by phone), 12 % no-shows, 8 % cancelled by the clerk, one in eight with no
contact at all. As the docs say, a finished ticket carries no ``called`` object: when service
began is in its interactions (``responseScope=INTERACTIONS``). Every search's query is kept
in ``search_log`` (tests count the requests and read the windows asked).

Knobs (attributes, change them at any time): ``rate_limit_per_hour``, ``rate_window_s``,
``temp_key_ttl``, ``temp_keys_single_use``, ``ka_interval``, ``answer_pings``,
``subscription_errors`` (field → GraphQL ``errorType`` returned on ``start``),
``max_subscriptions``, ``clock``. Test hooks: :meth:`drop_websockets`,
:meth:`inject_ws_message`, :meth:`active_subscriptions`, counters ``keys_issued``,
``ws_connects``, ``pongs_received``, ``close_codes``.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import json
import math
import random
import re
import secrets
import time
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from aiohttp import WSMsgType, web

from app.sandbox.base import VendorServer
from app.sandbox.faults import Faults
from app.sandbox.people import Population
from app.vendors.parsing import parse_timestamp

KEY_HEADER = "X-Qminder-REST-API-Key"
API_VERSION = "2020-09-01"
LINES = (("Returns", "#e94e77"), ("Repairs", "#00a3e0"), ("Click & collect", "#7ed321"))
#: Label palette: 6 hex digits without '#', as Qminder sends them.
LABEL_COLORS = {
    "VIP": "FF00FF", "Returning": "00A3E0", "Needs help": "F5A623",
    "Wheelchair": "4A90E2", "Paid": "7ED321", "Interpreter": "9013FE",
}
USERS = (15101, 15102, 15103, 15104)
DESKS = (1, 2, 3, 4)
SUBSCRIPTION_FIELDS = frozenset({
    "createdTickets", "calledTickets", "servedTickets", "changedTickets", "cancelledTickets",
    "recalledTickets", "changedTicketLabels", "changedTicketFields", "reorderedTicketsList",
})
ACTIVE = ("NEW", "CALLED")
#: Finished tickets a day in the history ``clientdesk sandbox`` serves (tests set their own).
DEMO_HISTORY_PER_DAY = 20
FINAL = ("SERVED", "NOSHOW", "CANCELLED_BY_CLERK")
_QUERY = re.compile(
    r"^\s*subscription\b[^{]*\{\s*(\w+)\s*(?:\(\s*locationId\s*:\s*\"?([\w-]*)\"?\s*\))?\s*\{"
)
_ORDER = re.compile(r"(id|number|created|called)(?:\s+(ASC|DESC))?", re.IGNORECASE)
_PHONE = re.compile(r"\+?[0-9]{5,20}")


def iso_ms(stamp: datetime) -> str:
    """``2016-04-29T12:29:40.701Z`` (created dates, GraphQL dates)."""
    stamp = stamp.astimezone(UTC)
    return stamp.strftime("%Y-%m-%dT%H:%M:%S.") + f"{stamp.microsecond // 1000:03d}Z"


def iso_s(stamp: datetime) -> str:
    """``2016-05-05T14:05:29Z`` (called/served dates have no milliseconds)."""
    return stamp.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


class TicketStateError(Exception):
    """The ticket's status does not allow the action (answered with 409)."""

    def __init__(self, ticket_id: str, status: str, verb: str, target: str) -> None:
        super().__init__(f"Ticket {ticket_id} has status {status} and cannot be {verb}")
        self.developer = f"Invalid status transition {status} -> {target}"


class BadRequest(Exception):
    """A missing or malformed parameter (answered with 400)."""


@dataclass(eq=False)  # identity: kept in a set
class _Conn:
    """One subscription websocket: its subscriptions and an ordered outbox."""

    ws: web.WebSocketResponse
    request: web.Request
    subs: dict[str, tuple[str, str | None]] = field(default_factory=dict)
    outbox: asyncio.Queue[str] = field(default_factory=asyncio.Queue)
    acked: bool = False


def _json(status: int, body: dict[str, Any], headers: dict[str, str] | None = None
          ) -> web.Response:
    return web.json_response(body, status=status, headers=headers)


def _error(status: int, message: str, developer: str | None = None) -> web.Response:
    body: dict[str, Any] = {"statusCode": status, "message": message}
    if developer:
        body["developerMessage"] = developer
    return _json(status, body)


def _ok(result: str = "success") -> web.Response:
    return _json(200, {"statusCode": 200, "result": result})


class QminderServer(VendorServer):
    """The fake Qminder account: one location, three lines, a small live queue."""

    vendor = "qminder"

    def __init__(self, population: Population, secret: str, faults: Faults | None = None
                 ) -> None:
        super().__init__(population, secret, faults)
        self.location_id = 4241 + population.seed
        self.lines: list[dict[str, Any]] = [
            {"id": self.location_id * 100 + k + 1, "name": name, "color": color,
             "disabled": False}
            for k, (name, color) in enumerate(LINES)
        ]
        self.rate_limit_per_hour = 5000
        self.rate_window_s = 3600.0
        self.temp_key_ttl = 60.0
        self.temp_keys_single_use = True
        self.ka_interval = 10.0
        self.answer_pings = True
        self.subscription_errors: dict[str, str] = {}
        self.max_subscriptions = 100
        self.clock: Callable[[], datetime] = lambda: datetime.now(UTC)
        self.keys_issued = 0
        self.ws_connects = 0
        self.permanent_key_in_url = 0
        self.pongs_received = 0
        self.close_codes: list[int | None] = []  # one per finished socket, as the client closed
        self._hits: deque[float] = deque()
        self._temp_keys: dict[str, float] = {}
        self._conns: set[_Conn] = set()
        self.tickets: dict[str, dict[str, Any]] = {}
        self.history_per_day = 0
        self.history_days = 90
        self.search_log: list[dict[str, str]] = []
        self._history: dict[str, dict[str, Any]] | None = None
        self._next_id = 51_999_100 + (population.seed % 97) * 1000
        self._public_no = 0
        self._seed_tickets()

    # -- initial state ----------------------------------------------------------------------

    def profile_table(self, base_url: str) -> dict[str, object]:
        return {"base_url": base_url, "location_id": self.location_id, "lines": [],
                "user_id": USERS[0]}

    def _new_id(self) -> str:
        self._next_id += 1
        return str(self._next_id)

    def _seed_tickets(self) -> None:
        """About 30 tickets: waiting, called and earlier today's served/no-show visits."""
        rng = random.Random(f"qminder:{self.population.seed}")
        anchor = self.population.anchor
        plan = ["NEW"] * 18 + ["CALLED"] * 4 + ["SERVED"] * 6 + ["NOSHOW"] * 2
        for k, status in enumerate(plan):
            person = self.population.person(rng.randrange(self.population.size))
            line = self.lines[rng.randrange(len(self.lines))]["id"]
            if status == "NEW":
                wait = rng.randint(90, 200) if k % 6 == 5 else rng.randint(2, 45)
            elif status == "CALLED":
                wait = rng.randint(10, 40)
            else:
                wait = rng.randint(120, 420)
            created = anchor - timedelta(minutes=wait, seconds=rng.randint(0, 59),
                                         milliseconds=rng.randint(0, 999))
            ticket: dict[str, Any] = {
                "id": self._new_id(),
                "status": "NEW",
                "source": rng.choice(("MANUAL", "NAME", "MICROSITE")),
                "line": line,
                "firstName": person.first_name,
                "created": {"date": iso_ms(created)},
                "extra": [],
                "labels": [],
                "_created": created,
                "_statusSetAt": created,
                "_interactions": [],
                "_messages": [],
            }
            if k % 5 != 3:  # every fifth visitor gives only a first name
                ticket["lastName"] = person.last_name
                phone = person.phone_variant("qminder")
                if phone:
                    ticket["phoneNumber"] = phone if phone.startswith("+") else int(phone)
                email = person.email_variant("qminder")
                if email:
                    ticket["email"] = email
            if rng.random() < 0.45:
                names = rng.sample(sorted(LABEL_COLORS), rng.randint(1, 2))
                ticket["labels"] = [{"value": n, "color": LABEL_COLORS[n]} for n in names]
            ticket["extra"] = self._seed_extra(rng, line, k)
            if k == 7:  # a reordered visitor
                ticket["orderAfter"] = iso_ms(created - timedelta(minutes=30))
            if rng.random() < 0.3:
                ticket["_messages"].append({
                    "created": {"date": iso_s(created + timedelta(seconds=5))},
                    "body": f"Hello {person.first_name}! You are now in the queue. We will "
                            "let you know when it's your turn.",
                    "type": "OUTGOING", "status": "DELIVERED",
                })
            self.tickets[ticket["id"]] = ticket
            if status != "NEW":
                at = created + timedelta(minutes=rng.randint(1, max(2, wait - 1)))
                self._do_call(ticket, rng.choice(USERS), rng.choice(DESKS), at)
                if status in ("SERVED", "NOSHOW"):
                    self._finish(ticket, status, at + timedelta(minutes=rng.randint(2, 25)))

    def history(self) -> dict[str, dict[str, Any]]:
        """The finished tickets before today (built on first use; see the module docstring)."""
        if self._history is None:
            self._history = self._build_history()
        return self._history

    def _build_history(self) -> dict[str, dict[str, Any]]:
        per_day, days = max(0, self.history_per_day), max(0, self.history_days)
        population = self.population
        rng = random.Random(f"qminder-history:{population.seed}:{per_day}:{days}")
        pool = [rng.randrange(population.size)
                for _ in range(max(1, min(population.size, per_day * days // 12)))]
        next_id = 10_000_000 + (population.seed % 97) * 400_000
        out: dict[str, dict[str, Any]] = {}
        for day in range(days, 0, -1):
            opening = population.anchor - timedelta(days=day + 1)  # ends 36 h before "now"
            stamps = sorted(rng.randint(0, 12 * 3600 - 1) for _ in range(per_day))
            for offset in stamps:
                next_id += 1
                index = rng.choice(pool) if rng.random() < 0.35 else \
                    rng.randrange(population.size)
                ticket = self._history_ticket(rng, str(next_id), population.person(index),
                                              opening + timedelta(seconds=offset,
                                                                  milliseconds=rng.randint(
                                                                      0, 999)))
                out[ticket["id"]] = ticket
        return out

    def _history_ticket(self, rng: random.Random, ticket_id: str, person: Any,
                        created: datetime) -> dict[str, Any]:
        line = self.lines[rng.randrange(len(self.lines))]["id"]
        status = rng.choices(FINAL, (80, 12, 8))[0]
        ticket: dict[str, Any] = {
            "id": ticket_id, "status": status, "source": rng.choice(("MANUAL", "NAME")),
            "line": line, "firstName": person.first_name, "created": {"date": iso_ms(created)},
            "extra": [], "labels": [], "_created": created, "_interactions": [],
            "_messages": [],
        }
        contact = rng.random()
        if contact >= 0.125:  # one in eight gives a first name only
            ticket["lastName"] = person.last_name
            phone = person.phone_variant("qminder")
            email = person.email_variant("qminder")
            if phone and (contact < 0.65 or not email):
                ticket["phoneNumber"] = phone if phone.startswith("+") else int(phone)
            if email and (contact >= 0.65 or not phone):
                ticket["email"] = email
        waited = timedelta(minutes=rng.randint(1, 40), seconds=rng.randint(0, 59))
        called = created + waited
        if status == "CANCELLED_BY_CLERK":  # left while waiting
            ticket["cancelled"] = {"date": iso_s(called), "canceller": rng.choice(USERS)}
            ticket["_statusSetAt"] = called
            return ticket
        ended = called + timedelta(minutes=rng.randint(1, 4) if status == "NOSHOW"
                                   else rng.randint(3, 25))
        ticket["_called"] = called
        ticket["_interactions"].append({"start": iso_s(called), "end": iso_s(ended),
                                        "line": line, "user": rng.choice(USERS)})
        if status == "SERVED":
            ticket["served"] = {"date": iso_s(ended)}
        ticket["_statusSetAt"] = ended
        return ticket

    def _seed_extra(self, rng: random.Random, line: int, k: int) -> list[dict[str, Any]]:
        extra: list[dict[str, Any]] = []
        name = next(str(ln["name"]) for ln in self.lines if ln["id"] == line)
        if name == "Click & collect" or k % 4 == 0:
            order = f"CC-{10000 + rng.randrange(90000)}"
            extra.append({"title": "Order number", "value": order})
            extra.append({"title": "Order link", "value": order,
                          "url": f"https://shop.example.com/orders/{order}"})
        if name == "Returns" and rng.random() < 0.6:
            reason = rng.choice(("Wrong size", "Faulty", "Changed mind"))
            extra.append({"title": "Reason", "value": reason,
                          "color": rng.choice(("#F5A623", "#D0021B", "#7ED321"))})
        if rng.random() < 0.2:
            extra.append({"title": "Notes", "value": "assistance required"})
        return extra

    # -- state machine (server-side API, usable from tests on the server's loop) -------------

    def _ticket(self, ticket_id: str | int) -> dict[str, Any]:
        ticket = self.tickets.get(str(ticket_id).strip())
        if ticket is None:
            raise KeyError(str(ticket_id))
        return ticket

    def _line_name(self, line: Any) -> str | None:
        return next((str(ln["name"]) for ln in self.lines if str(ln["id"]) == str(line)), None)

    def _do_call(self, ticket: dict[str, Any], user: int | None, desk: int | None,
                 at: datetime) -> None:
        called: dict[str, Any] = {"date": iso_s(at), "caller": user or USERS[0]}
        if desk is not None:
            called["desk"] = desk
        ticket.update(status="CALLED", called=called, _called=at, _statusSetAt=at)
        ticket["_interactions"].append({"start": iso_s(at), "line": ticket["line"],
                                        "user": user or USERS[0]})

    def _finish(self, ticket: dict[str, Any], status: str, at: datetime,
                canceller: int | None = None) -> None:
        ticket.update(status=status, _statusSetAt=at)
        for interaction in ticket["_interactions"]:
            interaction.setdefault("end", iso_s(at))
        if status == "SERVED":
            ticket["served"] = {"date": iso_s(at)}
        if status == "CANCELLED_BY_CLERK":
            ticket.pop("called", None)
            ticket["cancelled"] = {"date": iso_s(at), "canceller": canceller or USERS[0]}

    @staticmethod
    def _require(ticket: dict[str, Any], allowed: Iterable[str], verb: str, target: str) -> None:
        if ticket["status"] not in allowed:
            raise TicketStateError(ticket["id"], ticket["status"], verb, target)

    def create_ticket(self, line_id: int | str | None = None, first_name: str = "Walk-in", *,
                      last_name: str | None = None, phone: str | int | None = None,
                      email: str | None = None, labels: Iterable[str] = (),
                      extra: list[dict[str, Any]] | None = None, source: str = "MANUAL"
                      ) -> dict[str, Any]:
        """Add a visitor (default: first line) and push ``createdTickets``."""
        line = int(line_id) if line_id is not None else int(self.lines[0]["id"])
        if self._line_name(line) is None:
            raise KeyError(f"line {line_id}")
        now = self.clock()
        self._public_no += 1
        ticket: dict[str, Any] = {
            "id": self._new_id(), "status": "NEW", "source": source, "line": line,
            "publicId": f"{'ABC'[line % 3]}-{self._public_no}", "firstName": first_name,
            "created": {"date": iso_ms(now)}, "extra": list(extra or []), "labels": [],
            "_created": now, "_statusSetAt": now, "_interactions": [], "_messages": [],
        }
        if last_name:
            ticket["lastName"] = last_name
        if phone:
            text = str(phone)
            ticket["phoneNumber"] = text if text.startswith("+") else int(text)
        if email:
            ticket["email"] = email
        for value in labels:
            self._add_label(ticket, value)
        self.tickets[ticket["id"]] = ticket
        self._publish("createdTickets", ticket)
        return self.render(ticket)

    def call_ticket(self, ticket_id: str | int, user: int | None = None,
                    desk: int | None = None) -> dict[str, Any]:
        ticket = self._ticket(ticket_id)
        self._require(ticket, ("NEW",), "called", "CALLED")
        self._do_call(ticket, user, desk, self.clock())
        self._publish("calledTickets", ticket)
        return self.render(ticket)

    def recall_ticket(self, ticket_id: str | int) -> None:
        ticket = self._ticket(ticket_id)
        self._require(ticket, ("CALLED",), "recalled", "CALLED")
        self._publish("recalledTickets", ticket)

    def serve_ticket(self, ticket_id: str | int) -> None:
        ticket = self._ticket(ticket_id)
        self._require(ticket, ("CALLED",), "marked served", "SERVED")
        self._finish(ticket, "SERVED", self.clock())
        self._publish("servedTickets", ticket)

    def noshow_ticket(self, ticket_id: str | int) -> None:
        ticket = self._ticket(ticket_id)
        self._require(ticket, ("CALLED",), "marked as no-show", "NOSHOW")
        self._finish(ticket, "NOSHOW", self.clock())
        self._publish("changedTickets", ticket)

    def cancel_ticket(self, ticket_id: str | int, user: int | None = None) -> None:
        ticket = self._ticket(ticket_id)
        self._require(ticket, ACTIVE, "cancelled", "CANCELLED_BY_CLERK")
        self._finish(ticket, "CANCELLED_BY_CLERK", self.clock(), canceller=user)
        self._publish("cancelledTickets", ticket)

    def return_ticket(self, ticket_id: str | int, position: str = "LAST") -> None:
        ticket = self._ticket(ticket_id)
        self._require(ticket, ("CALLED",), "returned to queue", "NEW")
        now = self.clock()
        for interaction in ticket["_interactions"]:
            interaction.setdefault("end", iso_s(now))
        ticket.pop("called", None)
        ticket.update(status="NEW", _statusSetAt=now)
        if position == "FIRST":
            waiting = [self._queue_time(t) for t in self.tickets.values()
                       if t["status"] == "NEW" and t["line"] == ticket["line"]]
            first = min(waiting, default=now)
            ticket["orderAfter"] = iso_ms(first - timedelta(milliseconds=1))
        else:
            ticket["orderAfter"] = iso_ms(now)
        self._publish("changedTickets", ticket)

    def _queue_time(self, ticket: dict[str, Any]) -> datetime:
        stamp = parse_timestamp(ticket.get("orderAfter")) if ticket.get("orderAfter") else None
        created: datetime = ticket["_created"]
        return stamp or created

    def _add_label(self, ticket: dict[str, Any], value: str) -> bool:
        if any(label["value"] == value for label in ticket["labels"]):
            return False
        color = LABEL_COLORS.get(value) or hashlib.blake2b(
            value.encode(), digest_size=3).hexdigest().upper()
        ticket["labels"].append({"value": value, "color": color})
        return True

    def add_label(self, ticket_id: str | int, value: str) -> bool:
        """Add a label; False ("no action") when present."""
        ticket = self._ticket(ticket_id)
        added = self._add_label(ticket, value)
        if added:
            self._publish("changedTicketLabels", ticket)
        return added

    def remove_label(self, ticket_id: str | int, value: str) -> bool:
        ticket = self._ticket(ticket_id)
        before = len(ticket["labels"])
        ticket["labels"] = [lb for lb in ticket["labels"] if lb["value"] != value]
        removed = len(ticket["labels"]) != before
        if removed:
            self._publish("changedTicketLabels", ticket)
        return removed

    def set_labels(self, ticket_id: str | int, values: Iterable[str]) -> None:
        ticket = self._ticket(ticket_id)
        ticket["labels"] = []
        for value in values:
            self._add_label(ticket, value)
        self._publish("changedTicketLabels", ticket)

    # -- wire shapes --------------------------------------------------------------------------

    def render(self, ticket: dict[str, Any], scope: Iterable[str] = ()) -> dict[str, Any]:
        """REST v1 shape: optional keys omitted; interactions/messages only when asked."""
        out = {k: v for k, v in ticket.items() if not k.startswith("_")}
        out["labels"] = [dict(lb) for lb in ticket["labels"]]
        scopes = set(scope)
        if "INTERACTIONS" in scopes:
            out["interactions"] = [dict(i) for i in ticket["_interactions"]]
        if "MESSAGES" in scopes:
            out["messages"] = [dict(m) for m in ticket["_messages"]]
        return out

    def render_gql(self, ticket: dict[str, Any]) -> dict[str, Any]:
        """GraphQL ``Ticket``: string ids, ``line {id name}``, nulls for missing values."""
        phone = ticket.get("phoneNumber")
        caller = ticket.get("called", {}).get("caller")
        cancelled = ticket.get("cancelled")
        return {
            "id": ticket["id"],
            "status": ticket["status"],
            "statusSetAt": iso_ms(ticket["_statusSetAt"]),
            "line": {"id": str(ticket["line"]), "name": self._line_name(ticket["line"])},
            "firstName": ticket.get("firstName"),
            "lastName": ticket.get("lastName"),
            "phoneNumber": int(str(phone).lstrip("+")) if phone else None,  # GraphQL Long
            "email": ticket.get("email"),
            "created": {"date": iso_ms(ticket["_created"])},
            "cancelled": {"date": cancelled["date"]} if cancelled else None,
            "caller": {"id": str(caller)} if caller else None,
            "labels": [dict(lb) for lb in ticket["labels"]],
        }

    # -- live updates -------------------------------------------------------------------------

    def _publish(self, field_name: str, ticket: dict[str, Any]) -> None:
        gql = self.render_gql(ticket)
        value: Any = {"ticket": gql, "labels": gql["labels"]} \
            if field_name == "changedTicketLabels" else gql
        for conn in list(self._conns):
            for sub_id, (sub_field, location) in list(conn.subs.items()):
                if sub_field == field_name and location in (None, str(self.location_id)):
                    conn.outbox.put_nowait(json.dumps({
                        "id": sub_id, "type": "data",
                        "payload": {"data": {field_name: value}},
                    }))

    def drop_websockets(self) -> int:
        """Cut every subscription socket without a close frame (a network drop)."""
        count = 0
        for conn in list(self._conns):
            transport = conn.request.transport
            if transport is not None:
                transport.abort()
                count += 1
        return count

    def inject_ws_message(self, text: str) -> None:
        """Send raw text to every socket (tests: malformed frames, unknown types)."""
        for conn in list(self._conns):
            conn.outbox.put_nowait(text)

    def active_subscriptions(self) -> list[str]:
        """Fields subscribed on all open sockets (sorted)."""
        return sorted(f for conn in self._conns for f, _ in conn.subs.values())

    # -- HTTP plumbing ------------------------------------------------------------------------

    def build_app(self) -> web.Application:
        app = super().build_app()
        app.middlewares.append(self._gate)
        app.on_shutdown.append(self._close_sockets)
        return app

    def routes(self, app: web.Application) -> None:
        r = app.router
        r.add_get("/v1/tickets/search", self._search)
        r.add_get("/v1/tickets/count", self._count)
        r.add_get("/v1/tickets/{id}", self._detail)
        r.add_get("/v1/locations/", self._locations)
        r.add_get("/v1/locations", self._locations)
        r.add_get("/v1/locations/{id}/lines", self._lines)
        r.add_post("/v1/tickets/{id}/{action:call|recall|markserved|marknoshow|cancel"
                   r"|returntoqueue}", self._act)
        r.add_post("/v1/tickets/{id}/labels/{op:add|remove}", self._label)
        r.add_put("/v1/tickets/{id}/labels", self._put_labels)
        r.add_post("/tickets", self._create)
        r.add_post("/graphql/connection-key", self._connection_key)
        r.add_get("/graphql/subscription", self._subscription)

    def _remaining(self) -> int:
        now = time.monotonic()
        while self._hits and now - self._hits[0] >= self.rate_window_s:
            self._hits.popleft()
        return max(0, self.rate_limit_per_hour - len(self._hits))

    @web.middleware
    async def _gate(self, request: web.Request,
                    handler: Callable[[web.Request], Any]) -> web.StreamResponse:
        """Auth (401 documented body; 403 on connection-key), then the hourly budget."""
        if request.path == "/graphql/subscription":
            response: web.StreamResponse = await handler(request)
            return response
        given = request.headers.get(KEY_HEADER) or request.query.get("rest-api-key")
        if given is None or not secrets.compare_digest(given, self.secret):
            if request.path == "/graphql/connection-key":
                return _error(403, "Forbidden", "The API key is not valid")
            return _error(401, "Please authenticate",
                          "Set X-Qminder-REST-API-Key HTTP header with API key")
        if self._remaining() <= 0:
            retry = math.ceil(self._hits[0] + self.rate_window_s - time.monotonic())
            return _json(429, {"statusCode": 429, "message": "Too many requests"},
                         headers={"Retry-After": str(max(1, retry)),
                                  "X-Ratelimit-Remaining": "0"})
        self._hits.append(time.monotonic())
        remaining = self._remaining()
        response = await handler(request)
        response.headers["X-Ratelimit-Remaining"] = str(remaining)
        return response

    # -- REST handlers ----------------------------------------------------------------------

    def _filtered(self, query: Any) -> list[dict[str, Any]]:
        location = query.get("location")
        if location is not None and location.strip() != str(self.location_id):
            return []
        tickets = [*self.history().values(), *self.tickets.values()]
        if query.get("line"):
            wanted = {part.strip() for part in query["line"].split(",") if part.strip()}
            if not all(p.isdigit() for p in wanted):
                raise BadRequest("line must be a number or comma-separated numbers")
            tickets = [t for t in tickets if str(t["line"]) in wanted]
        if query.get("status"):
            statuses = {s.strip().upper() for s in query["status"].split(",") if s.strip()}
            tickets = [t for t in tickets if t["status"] in statuses]
        if query.get("caller"):
            tickets = [t for t in tickets
                       if str(t.get("called", {}).get("caller")) == query["caller"].strip()]
        for param, key, cmp in (("minCreated", "_created", 1), ("maxCreated", "_created", -1),
                                ("minCalled", "_called", 1), ("maxCalled", "_called", -1)):
            if query.get(param):
                bound = self._time(param, query[param])
                tickets = [t for t in tickets if t.get(key) is not None
                           and (t[key] >= bound if cmp > 0 else t[key] <= bound)]
        return tickets

    @staticmethod
    def _time(param: str, raw: str) -> datetime:
        text = raw.strip()
        try:
            if re.fullmatch(r"\d{1,12}", text):
                return datetime.fromtimestamp(int(text), UTC)
            stamp = parse_timestamp(text)
        except (ValueError, OverflowError, OSError):
            stamp = None
        if stamp is None:
            raise BadRequest(f"{param} must be Unix seconds or an ISO 8601 date")
        return stamp

    async def _search(self, request: web.Request) -> web.Response:
        query = request.query
        self.search_log.append(dict(query))
        try:
            tickets = self._filtered(query)
            limit_raw = query.get("limit", "1000").strip()
            if not limit_raw.isdigit() or not 1 <= int(limit_raw) <= 10000:
                raise BadRequest("limit must be between 1 and 10000")
            order = _ORDER.fullmatch(query.get("order", "id ASC").strip())
            if order is None:
                raise BadRequest("order must be id, number, created or called + ASC or DESC")
        except BadRequest as exc:
            return _error(400, str(exc))
        column, direction = order.group(1).lower(), (order.group(2) or "ASC").upper()

        def sort_key(t: dict[str, Any]) -> tuple[int, float]:
            if column in ("id", "number"):
                return (0, float(int(t["id"])))
            stamp = t.get("_created" if column == "created" else "_called")
            return (0, stamp.timestamp()) if stamp else (1, 0.0)

        tickets.sort(key=sort_key, reverse=direction == "DESC")
        scope = [s.strip().upper() for s in query.get("responseScope", "").split(",")]
        data = [self.render(t, scope) for t in tickets[: int(limit_raw)]]
        return _json(200, {"statusCode": 200, "data": data})

    async def _count(self, request: web.Request) -> web.Response:
        try:
            count = len(self._filtered(request.query))
        except BadRequest as exc:
            return _error(400, str(exc))
        return _json(200, {"statusCode": 200, "count": count})

    async def _detail(self, request: web.Request) -> web.Response:
        try:
            ticket = self._ticket(request.match_info["id"])
        except KeyError:
            return _error(404, "Ticket not found")
        scope = [s.strip().upper() for s in request.query.get("responseScope", "").split(",")]
        return _json(200, {"statusCode": 200, **self.render(ticket, scope)})

    async def _locations(self, request: web.Request) -> web.Response:
        location = {"id": self.location_id, "name": "Sandbox Store", "timezoneOffset": 660,
                    "latitude": -33.8688, "longitude": 151.2093, "country": "Australia"}
        return _json(200, {"statusCode": 200, "data": [location]})

    async def _lines(self, request: web.Request) -> web.Response:
        if request.match_info["id"].strip() != str(self.location_id):
            return _error(404, "Location not found")
        return _json(200, {"statusCode": 200, "data": [dict(ln) for ln in self.lines]})

    @staticmethod
    def _opt_int(form: Any, name: str) -> int | None:
        raw = form.get(name)
        if raw is None or str(raw).strip() == "":
            return None
        if not str(raw).strip().isdigit():
            raise BadRequest(f"{name} must be a number")
        return int(str(raw).strip())

    async def _act(self, request: web.Request) -> web.Response:
        """Form-encoded counter actions and the ticket state machine."""
        tid, action = request.match_info["id"], request.match_info["action"]
        form = await request.post()
        try:
            if action == "call":
                called = self.call_ticket(tid, self._opt_int(form, "user"),
                                          self._opt_int(form, "desk"))
                return _json(200, {"statusCode": 200, **called})
            if action == "recall":
                self.recall_ticket(tid)
            elif action == "markserved":
                self.serve_ticket(tid)
            elif action == "marknoshow":
                self.noshow_ticket(tid)
            elif action == "cancel":
                user = self._opt_int(form, "user")
                if user is None:
                    raise BadRequest("user is required")
                self.cancel_ticket(tid, user)
            else:  # returntoqueue: query parameters
                position = request.query.get("position", "").upper()
                if position not in ("FIRST", "LAST"):
                    raise BadRequest("position must be FIRST or LAST")
                self.return_ticket(tid, position)
        except KeyError:
            return _error(404, "Ticket not found")
        except BadRequest as exc:
            return _error(400, str(exc))
        except TicketStateError as exc:
            return _error(409, str(exc), exc.developer)
        return _ok()

    async def _label(self, request: web.Request) -> web.Response:
        tid, op = request.match_info["id"], request.match_info["op"]
        form = await request.post()
        value = str(form.get("value", "")).strip()
        if not value:
            return _error(400, "value is required")
        try:
            changed = self.add_label(tid, value) if op == "add" else \
                self.remove_label(tid, value)
        except KeyError:
            return _error(404, "Ticket not found")
        return _ok("success" if changed or op == "remove" else "no action")

    async def _put_labels(self, request: web.Request) -> web.Response:
        try:
            body = await request.json()
        except ValueError:
            return _error(400, "Body must be JSON")
        labels = body.get("labels") if isinstance(body, dict) else None
        if not isinstance(labels, list) or not all(isinstance(v, str) for v in labels):
            return _error(400, "labels must be a list of strings")
        try:
            self.set_labels(request.match_info["id"], [v.strip() for v in labels if v.strip()])
        except KeyError:
            return _error(404, "Ticket not found")
        return _ok()

    async def _create(self, request: web.Request) -> web.Response:
        if request.headers.get("X-Qminder-API-Version") != API_VERSION:
            return _error(400, "Unsupported API version",
                          f"Set X-Qminder-API-Version: {API_VERSION}")
        try:
            body = await request.json()
        except ValueError:
            return _error(400, "Body must be JSON")
        if not isinstance(body, dict):
            return _error(400, "Body must be a JSON object")
        line, first = body.get("lineId"), body.get("firstName")
        if not isinstance(line, int | str) or self._line_name(line) is None:
            return _error(400, "lineId is not a line of this account")
        if not isinstance(first, str) or not 2 <= len(first.strip()) <= 50:
            return _error(400, "firstName must be 2 to 50 characters")
        phone = body.get("phoneNumber")
        if phone is not None and (not isinstance(phone, str) or not _PHONE.fullmatch(phone)):
            return _error(400, "phoneNumber is invalid")
        labels = body.get("labels") or []
        if not isinstance(labels, list) or not all(
                isinstance(lb, dict) and isinstance(lb.get("value"), str) for lb in labels):
            return _error(400, "labels must be a list of {value}")
        ticket = self.create_ticket(
            line, first.strip(), last_name=body.get("lastName") or None, phone=phone,
            email=body.get("email") or None, labels=[lb["value"] for lb in labels],
            source=str(body.get("source") or "MANUAL"))
        return _json(200, {"id": ticket["id"], "publicId": ticket["publicId"]})

    # -- GraphQL websocket ----------------------------------------------------------------------

    async def _connection_key(self, request: web.Request) -> web.Response:
        now = time.monotonic()
        self._temp_keys = {k: exp for k, exp in self._temp_keys.items() if exp > now}
        key = secrets.token_urlsafe(24)
        self._temp_keys[key] = now + self.temp_key_ttl
        self.keys_issued += 1
        return _json(200, {"key": key})

    def _take_temp_key(self, key: str) -> bool:
        expires = self._temp_keys.get(key)
        if expires is None or expires <= time.monotonic():
            return False
        if self.temp_keys_single_use:
            del self._temp_keys[key]
        return True

    async def _subscription(self, request: web.Request) -> web.StreamResponse:
        key = request.query.get("rest-api-key", "")
        if key and secrets.compare_digest(key, self.secret):
            self.permanent_key_in_url += 1
            return _error(401, "Use a temporary key from /graphql/connection-key")
        if not self._take_temp_key(key):
            return _error(401, "Please authenticate", "Invalid or expired temporary key")
        ws = web.WebSocketResponse(autoping=True, heartbeat=None, max_msg_size=1 << 20)
        await ws.prepare(request)
        self.ws_connects += 1
        conn = _Conn(ws=ws, request=request)
        self._conns.add(conn)
        sender = asyncio.create_task(self._sender(conn))
        keepalive: asyncio.Task[None] | None = None
        try:
            async for msg in ws:
                if msg.type != WSMsgType.TEXT:
                    continue
                if self._on_ws_text(conn, msg.data) and keepalive is None:
                    keepalive = asyncio.create_task(self._keepalive(conn))
        finally:
            self._conns.discard(conn)
            self.close_codes.append(ws.close_code)
            for task in (sender, keepalive):
                if task is not None:
                    task.cancel()
                    with contextlib.suppress(asyncio.CancelledError):
                        await task
        return ws

    async def _sender(self, conn: _Conn) -> None:
        """One writer per socket keeps frames in publish order."""
        while True:
            text = await conn.outbox.get()
            try:
                await conn.ws.send_str(text)
            except (ConnectionError, RuntimeError):
                return

    async def _keepalive(self, conn: _Conn) -> None:
        while self.ka_interval > 0:
            await asyncio.sleep(self.ka_interval)
            conn.outbox.put_nowait('{"type":"ka"}')

    def _on_ws_text(self, conn: _Conn, text: str) -> bool:
        """Handle one client frame; True when the connection was just acknowledged."""
        send = conn.outbox.put_nowait
        try:
            message = json.loads(text)
        except ValueError:
            send(json.dumps({"type": "error", "payload": {"message": "Malformed message"}}))
            return False
        if not isinstance(message, dict):
            return False
        kind, sub_id = message.get("type"), message.get("id")
        if kind == "connection_init":
            first = not conn.acked
            conn.acked = True
            send('{"type":"connection_ack"}')
            return first
        if kind == "ping":
            if self.answer_pings:
                send('{"type":"pong"}')
        elif kind == "pong":
            self.pongs_received += 1
        elif kind == "start" and isinstance(sub_id, str):
            self._start(conn, sub_id, message.get("payload"))
        elif kind == "stop" and isinstance(sub_id, str):
            conn.subs.pop(sub_id, None)
            send(json.dumps({"id": sub_id, "type": "complete"}))
        elif kind == "connection_terminate":
            asyncio.get_running_loop().create_task(conn.ws.close())
        return False

    def _start(self, conn: _Conn, sub_id: str, payload: Any) -> None:
        def fail(message: str, error_type: str) -> None:
            conn.outbox.put_nowait(json.dumps({"id": sub_id, "type": "error", "payload": {
                "data": None, "errors": [{"message": message, "errorType": error_type}]}}))

        if not conn.acked:
            fail("connection_init first", "BAD_REQUEST")
            return
        query = payload.get("query") if isinstance(payload, dict) else None
        match = _QUERY.match(query) if isinstance(query, str) else None
        if match is None:
            fail("Invalid Syntax: expected a subscription", "InvalidSyntax")
            return
        field_name, location = match.group(1), match.group(2) or None
        if field_name not in SUBSCRIPTION_FIELDS:
            fail(f"Validation error: field '{field_name}' in type 'Subscription' is undefined",
                 "ValidationError")
            return
        if location is None and field_name != "createdTickets":
            fail("Validation error: missing required argument 'locationId'", "ValidationError")
            return
        if location is not None and location != str(self.location_id):
            fail("Access denied to this location", "PERMISSION_DENIED")
            return
        injected = self.subscription_errors.get(field_name)
        if injected:
            fail(f"Subscription failed ({injected})", injected)
            return
        if sub_id not in conn.subs and len(conn.subs) >= self.max_subscriptions:
            fail(f"The maximum subscription limit of {self.max_subscriptions} has been reached",
                 "BAD_REQUEST")
            return
        conn.subs[sub_id] = (field_name, location)

    async def _close_sockets(self, app: web.Application) -> None:
        for conn in list(self._conns):
            with contextlib.suppress(ConnectionError, RuntimeError):
                await conn.ws.close(code=1001, message=b"server shutdown")
