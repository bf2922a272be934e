"""Queue alerts: which tickets call for attention, once each, never for the queue the window
found, and never with a contact in the words (issue 14, item 7)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from app.formatting import formats_for
from app.profile import AlertsTable, label_key, profile_from_dict
from app.queue.alerts import (
    ENGLISH,
    HIDDEN,
    Alert,
    AlertRules,
    AlertWatch,
    AlertWording,
    alert_text,
    hide_contacts,
    notification,
    reason_text,
)
from app.queue.board import QueueBoard
from app.queue.match import Match
from app.vendors.qminder.models import Line, Ticket, TicketEvent

SYDNEY = ZoneInfo("Australia/Sydney")
NOW = datetime(2026, 11, 20, 3, 0, tzinfo=UTC)
PHONE_LIKE = re.compile(r"\d(?:[\s().\-/]{0,3}\d){6,}")


def ticket(tid: str, status: str = "NEW", *, minutes: float = 0,
           labels: Sequence[str] = (), line: str | None = "1", **extra: Any) -> Ticket:
    data: dict[str, Any] = {
        "id": tid, "status": status, "line": line, "firstName": extra.pop("first", "Ana"),
        "created": {"date": (NOW - timedelta(minutes=minutes)).isoformat()},
        "labels": [{"value": v} for v in labels], **extra}
    return Ticket.model_validate(data)


def match(*, blacklisted: bool = True, reason: str = "Shoplifting", how: str = "phone",
          name: str = "Ana Souza") -> Match:
    return Match(customer_id=7, name=name, how=how, points=None, blacklisted=blacklisted,
                 blacklist_reason=reason, no_shows=None)


def loaded(*tickets: Ticket) -> QueueBoard:
    board = QueueBoard(SYDNEY)
    board.set_lines([Line(id="1", name="Returns"), Line(id="2", name="Repairs")])
    board.replace(tickets, NOW)
    return board


def arrive(board: QueueBoard, t: Ticket, kind: str = "created") -> None:
    board.apply(TicketEvent(kind, t), NOW)


def watching(board: QueueBoard, rules: AlertRules | None = None) -> AlertWatch:
    """A watch that has seen ``board`` as the window found it."""
    watch = AlertWatch(rules or AlertRules(), started=NOW)
    assert watch.observe(board, {}) == []
    return watch


def test_a_blacklisted_customer_who_joins_alerts_once_with_the_reason() -> None:
    board = loaded(ticket("old"))
    watch = watching(board)
    arrive(board, ticket("new", first="Priya", phoneNumber="+61412345678"))
    assert watch.observe(board, {"new": None}) == []  # not matched as anyone yet
    matches = {"new": match(reason="Shoplifting, police report filed")}
    [alert] = watch.observe(board, matches)
    assert alert == Alert("new", "blacklist", "blacklist", "Priya", "Returns",
                          "Shoplifting, police report filed", certain=True, line_id="1")
    assert alert.text == "⚠ Priya (Returns): On the blacklist: Shoplifting, police report filed"
    assert notification([alert]) == (
        "⚠ Priya is in the queue", "On the blacklist: Shoplifting, police report filed — Returns")
    # Sent again by the live feed, found again by a catch-up, matched again: nothing new.
    arrive(board, ticket("new", first="Priya", phoneNumber="+61412345678"), "changed")
    assert watch.observe(board, matches) == []
    board.replace(list(board.tickets.values()), NOW)
    assert watch.observe(board, matches) == []


def test_the_queue_the_window_found_never_alerts() -> None:
    board = loaded(ticket("vip", labels=["VIP"]), ticket("bad"))
    watch = watching(board)
    # Their matches arrive after the first board; a label is added later: still silent.
    assert watch.observe(board, {"bad": match()}) == []
    arrive(board, ticket("bad", labels=["VIP"]), "labels")
    assert watch.observe(board, {"bad": match()}) == []


def test_nothing_is_new_before_the_first_board_loads() -> None:
    watch = AlertWatch(AlertRules(), started=NOW)
    empty = QueueBoard(SYDNEY)
    assert watch.observe(empty, {}) == []  # the first search has not landed
    board = loaded(ticket("vip", labels=["VIP"]))
    assert watch.observe(board, {}) == []  # this is the queue as found
    arrive(board, ticket("later", labels=["VIP"]))
    assert [a.ticket_id for a in watch.observe(board, {})] == ["later"]


def test_old_tickets_a_late_first_search_brings_do_not_alert() -> None:
    """The first board was one live ticket (the start-up search failed); the catch-up then
    brings the queue that had been waiting for an hour."""
    board = QueueBoard(SYDNEY)
    arrive(board, ticket("live"))
    watch = AlertWatch(AlertRules(), started=NOW)
    assert watch.observe(board, {}) == []
    board.replace([ticket("live"), ticket("waiting", minutes=60, labels=["VIP"]),
                   ticket("just", minutes=1, labels=["VIP"])], NOW)
    assert [a.ticket_id for a in watch.observe(board, {})] == ["just"]


def test_important_labels_compare_without_case_or_spaces_and_each_says_once() -> None:
    rules = AlertRules.of(AlertsTable(important_labels=["VIP", "Press Pass"]))
    board = loaded()
    watch = watching(board, rules)
    arrive(board, ticket("a", labels=[" v i p ", "Other"]))
    [alert] = watch.observe(board, {})
    assert (alert.kind, alert.key, alert.reason) == ("label", "label:vip", "VIP")
    assert notification([alert]) == ("Ana is in the queue", "VIP — Returns")
    arrive(board, ticket("a", labels=["VIP", "PRESSPASS"]), "labels")  # a relabel adds one
    assert [a.reason for a in watch.observe(board, {})] == ["Press Pass"]
    arrive(board, ticket("a", labels=[]), "labels")
    arrive(board, ticket("a", labels=["vip"]), "labels")  # off and on again: said already
    assert watch.observe(board, {}) == []


def test_a_label_added_later_and_a_late_match_alert_then() -> None:
    board = loaded()
    watch = watching(board)
    arrive(board, ticket("a"))
    assert watch.observe(board, {"a": None}) == []
    arrive(board, ticket("a", labels=["VIP"]), "labels")
    assert [a.kind for a in watch.observe(board, {"a": None})] == ["label"]
    assert [a.kind for a in watch.observe(board, {"a": match()})] == ["blacklist"]


def test_a_called_ticket_alerts_nobody_until_it_is_back_in_the_queue() -> None:
    board = loaded()
    watch = watching(board)
    arrive(board, ticket("a", "CALLED", labels=["VIP"]))
    assert watch.observe(board, {}) == []
    arrive(board, ticket("a", "NEW"), "changed")
    assert [a.reason for a in watch.observe(board, {})] == ["VIP"]


def test_each_alert_can_be_turned_off() -> None:
    board = loaded()
    quiet = watching(board, AlertRules.of(AlertsTable(blacklisted=False, labels=False)))
    assert not quiet.rules.any
    no_labels = watching(board, AlertRules.of(AlertsTable(labels=False)))
    no_blacklist = watching(board, AlertRules.of(AlertsTable(blacklisted=False)))
    arrive(board, ticket("a", labels=["VIP"]))
    matches = {"a": match()}
    assert quiet.observe(board, matches) == []
    assert [a.kind for a in no_labels.observe(board, matches)] == ["blacklist"]
    assert [a.kind for a in no_blacklist.observe(board, matches)] == ["label"]
    assert not AlertRules.of(AlertsTable(blacklisted=False, important_labels=[])).any


def test_a_name_only_match_is_only_possibly_the_blacklisted_person() -> None:
    board = loaded()
    watch = watching(board)
    arrive(board, ticket("a", first="Ana", lastName="Souza"))
    [alert] = watch.observe(board, {"a": match(how="name", reason="  ")})
    assert (alert.reason, alert.certain) == ("", False)
    assert reason_text(alert) == "Possibly on the blacklist (same name only): (no reason given)"
    assert alert.text == \
        "⚠ Ana Souza (Returns): Possibly on the blacklist (same name only): (no reason given)"


def test_contacts_never_reach_the_words() -> None:
    board = loaded()
    watch = watching(board)
    arrive(board, ticket("a", first="zoe@example.com", lastName="0412 345 678",
                         email="zoe@example.com", phoneNumber="61412345678", labels=["VIP"]))
    arrive(board, ticket("b", first="", labels=["VIP"]))
    alerts = watch.observe(board, {"a": match(reason="rang from +61 (2) 9876-5432, a@b.co"),
                                   "b": match(blacklisted=False, name="Bo Li")})
    texts = [a.text for a in alerts]
    assert texts == [
        f"⚠ {HIDDEN} {HIDDEN} (Returns): On the blacklist: rang from {HIDDEN}, {HIDDEN}",
        f"{HIDDEN} {HIDDEN} (Returns): VIP",
        "Bo Li (Returns): VIP",  # no name on the ticket: the saved customer's
    ]
    title, body = notification(alerts)
    assert title == "⚠ 2 tickets to notice in the queue"
    assert body.splitlines() == texts
    assert "example.com" not in title + body and "9876" not in body


def test_many_at_once_make_one_notification() -> None:
    alerts = [Alert(str(n), "label", "label:vip", f"P{n}", "Returns", "VIP") for n in range(6)]
    title, body = notification(alerts)
    assert title == "6 tickets to notice in the queue"
    assert body.splitlines()[-1] == "and 2 more — see the queue"
    assert notification([]) == ("", "")


def test_hide_contacts_keeps_ordinary_words_and_short_numbers() -> None:
    assert hide_contacts("Table 12, order 3456\nline two") == "Table 12, order 3456 line two"
    assert hide_contacts("call +1 (415) 555-0100 now") == f"call {HIDDEN} now"


def test_the_alerts_table_is_optional_and_checked() -> None:
    store = {"id": "s", "name": "S", "country": "AU", "timezone": "Australia/Sydney",
             "currency": "AUD"}
    profile = profile_from_dict({"store": store})
    assert profile.alerts == AlertsTable()
    assert AlertRules.of(profile.alerts) == AlertRules()
    custom = profile_from_dict({"store": store, "alerts": {
        "blacklisted": False, "important_labels": ["  Gold   member ", "VIP"]}})
    assert custom.alerts.important_labels == ["Gold member", "VIP"]
    assert label_key("GOLD MEMBER") == label_key("goldmember") == "goldmember"


# -- sequences of board updates ------------------------------------------------------------------

IDS = st.sampled_from(["1", "2", "3", "4"])
LABELS = st.lists(st.sampled_from(["VIP", "vip ", "Other", "V I P", ""]), max_size=3)
CONTACT = st.sampled_from(["+61412345678", "0412 345 678", "61 2 9876 5432"])
EMAIL = st.sampled_from(["zoe@example.com", "X.Y@mail.example.org"])
NAMES = st.sampled_from(["Ana", "<b>Bob</b>", "", "zoe@example.com", "Call 0412 345 678"])
STEP = st.one_of(
    st.tuples(st.just("event"), IDS, st.sampled_from(["created", "changed", "labels", "called",
                                                      "served"]),
              LABELS, NAMES, CONTACT, EMAIL),
    st.tuples(st.just("match"), IDS, st.booleans(),
              st.sampled_from(["Shoplifting", "rang 0412 345 678", "wrote zoe@example.com"])),
    st.tuples(st.just("search")),
)


@settings(max_examples=150, deadline=None)
@given(first=st.lists(IDS, max_size=3), steps=st.lists(STEP, max_size=25))
def test_any_sequence_alerts_at_most_once_per_ticket_and_reason_and_hides_contacts(
        first: list[str], steps: list[tuple[Any, ...]]) -> None:
    board = loaded(*(ticket(f"old{tid}", labels=["VIP"]) for tid in first))
    watch = AlertWatch(AlertRules(), started=NOW)
    matches: dict[str, Match | None] = {}
    raised: list[Alert] = []
    contacts: set[str] = set()
    assert watch.observe(board, matches) == []
    for step in steps:
        if step[0] == "event":
            _, tid, kind, labels, name, phone, email = step
            status = {"called": "CALLED", "served": "SERVED"}.get(kind, "NEW")
            contacts |= {phone, email}
            arrive(board, ticket(tid, status, labels=labels, first=name, phoneNumber=phone,
                                 email=email), "labels" if kind == "labels" else kind)
        elif step[0] == "match":
            _, tid, blacklisted, reason = step
            matches[tid] = match(blacklisted=blacklisted, reason=reason)
        else:
            board.replace(list(board.tickets.values()), NOW)
        new = watch.observe(board, matches)
        assert all(board.tickets[a.ticket_id].is_waiting for a in new)  # waiting, on the board
        raised += new
    keys = [(a.ticket_id, a.key) for a in raised]
    assert len(keys) == len(set(keys))  # at most one alert per ticket and reason
    assert not any(a.ticket_id.startswith("old") for a in raised)
    for alert in raised:
        text = alert.text + "".join(notification([alert])) + alert_text(alert, MARKED) + \
            "".join(notification([alert], MARKED))  # in any words
        assert "@" not in text and not PHONE_LIKE.search(text), text
        assert not any(contact in text for contact in contacts)


# -- the words apart from the decisions -----------------------------------------------------------


class Marked(AlertWording):
    """Every word of ours in «», the parts in another order: what a translation does."""

    def word(self, text: str) -> str:
        return f"«{text}»"

    def on_blacklist(self, reason: str) -> str:
        return f"«blacklisted» {reason}"

    def maybe_on_blacklist(self, reason: str) -> str:
        return f"«maybe blacklisted» {reason}"

    def unnamed_line(self, line_id: str) -> str:
        return f"«line» {line_id}"

    def no_line(self) -> str:
        return "«no line»"

    def alert(self, name: str, line: str, reason: str) -> str:
        return f"{reason} «for» {name} «on» {line}"

    def in_queue(self, name: str) -> str:
        return f"«here:» {name}"

    def tickets(self, count: int) -> str:
        return f"«tickets:» {self.number(count)}"

    def more(self, count: int) -> str:
        return f"«more:» {self.number(count)}"

    def reason_on_line(self, reason: str, line: str) -> str:
        return f"{line} «:» {reason}"


MARKED = Marked()


def test_another_wording_changes_the_words_not_the_decisions() -> None:
    board = loaded()
    watch = watching(board)
    arrive(board, ticket("a", first="Priya"))
    arrive(board, ticket("b", first="", labels=["VIP"], line="7"))  # a line Qminder never named
    arrive(board, ticket("c", first="Bo", labels=["VIP"], line=None))  # on no line at all
    alerts = watch.observe(board, {"a": match(how="name", reason=""), "b": None, "c": None})
    assert [(a.ticket_id, a.kind, a.certain) for a in alerts] == \
        [("a", "blacklist", False), ("b", "label", True), ("c", "label", True)]
    # The decisions hold only the parts: no English in them to translate around.
    assert [(a.name, a.line, a.line_id, a.reason) for a in alerts] == \
        [("Priya", "Returns", "1", ""), ("", "", "7", "VIP"), ("Bo", "", "", "VIP")]
    assert [alert_text(a) for a in alerts] == [
        "⚠ Priya (Returns): Possibly on the blacklist (same name only): (no reason given)",
        "(no name) (line 7): VIP",
        "Bo (no line): VIP"]
    assert [alert_text(a, MARKED) for a in alerts] == [
        "⚠ «maybe blacklisted» «(no reason given)» «for» Priya «on» Returns",
        "VIP «for» «(no name)» «on» «line» 7",
        "VIP «for» Bo «on» «no line»"]
    # The same decisions either way: the sign, one title, the lines, the count of the rest.
    many = alerts + [Alert(str(n), "label", "label:vip", f"P{n}", "Repairs", "VIP")
                     for n in range(3)]
    title, body = notification(many)
    marked_title, marked_body = notification(many, MARKED)
    assert (title, marked_title) == ("⚠ 6 tickets to notice in the queue", "⚠ «tickets:» 6")
    assert body.splitlines()[-1] == "and 2 more — see the queue"
    assert marked_body.splitlines() == [alert_text(a, MARKED) for a in many[:4]] + \
        ["«more:» 2"]
    assert notification(alerts[:1], MARKED) == (
        "⚠ «here:» Priya", "Returns «:» «maybe blacklisted» «(no reason given)»")
    assert notification(alerts[1:2], MARKED) == ("«here:» «(no name)»", "«line» 7 «:» VIP")
    assert notification([], MARKED) == ("", "")


def test_one_ticket_with_two_reasons_is_titled_with_its_name() -> None:
    board = loaded()
    watch = watching(board)
    arrive(board, ticket("a", first="Mia", labels=["VIP"]))
    alerts = watch.observe(board, {"a": match()})
    assert [a.kind for a in alerts] == ["blacklist", "label"]
    assert notification(alerts, MARKED) == (
        "⚠ «here:» Mia", "\n".join(alert_text(a, MARKED) for a in alerts))


def test_the_counts_follow_the_stores_formats_when_a_wording_has_them() -> None:
    assert ENGLISH.tickets(1234) == "1234 tickets to notice in the queue"
    assert AlertWording(formats_for("en", "AU", "AUD")).tickets(1234) == \
        "1,234 tickets to notice in the queue"
    assert AlertWording(formats_for("hu", "HU", "HUF")).more(1234) == \
        "and 1\u00a0234 more — see the queue"
