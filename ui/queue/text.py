"""The queue's texts as the window says them: the core's decisions, the store's language.

Why a module of its own: :mod:`app.queue.words` decides what each text says and when — the
sign from a long wait on, the hedge for a name-only match, which parts a line's heading has —
and words it in English for ``clientdesk queue``. The window must say the same things in the
store's language, so it words the same parts through Qt's translations (``pyside6-lupdate``
extracts the strings below under the context ``"QueueText"``; the core's marked word tables
keep their own context, ``"QueueWords"``, and the actions theirs, ``"QueueActions"``) and
writes every figure through :func:`ui.i18n.formats` at display time. Only the wording lives
here; a decision changed in the core changes both screens.

The functions below are the core's, with :data:`WINDOW` wording them; the queue's widgets
import them from here, never the English ones. The queue alerts (:mod:`app.queue.alerts`: who
to notice, once, contacts hidden) are worded the same way, by :data:`WINDOW_ALERTS`, for the
window's banner and tray notification.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta, tzinfo

from PySide6.QtCore import QCoreApplication

from app.queue import alerts, words
from app.queue.actions import ACTIONS
from app.queue.alerts import Alert, AlertWording
from app.queue.board import LineStats, Row
from app.queue.match import Match
from app.queue.words import Wording
from app.vendors.qminder.models import ExtraField, Ticket
from ui.i18n import formats

__all__ = [
    "WINDOW",
    "WINDOW_ALERTS",
    "WindowAlertWording",
    "WindowWording",
    "action_words",
    "alert_text",
    "blacklist_text",
    "clock_text",
    "details_text",
    "duration_text",
    "extra_title",
    "line_text",
    "match_text",
    "no_shows_text",
    "notification",
    "points_text",
    "row_wait_text",
    "source_text",
    "stats_text",
    "status_text",
    "ticket_name",
    "wait_text",
]


def _n(value: int) -> str:
    return formats().number(value)


class WindowWording(Wording):
    """:class:`app.queue.words.Wording` in the store's language and formats."""

    def word(self, text: str) -> str:
        return QCoreApplication.translate("QueueWords", text)

    # -- waits ---------------------------------------------------------------------------------
    def under_a_minute(self) -> str:
        return QCoreApplication.translate("QueueText", "<1 min")

    def minutes(self, minutes: int) -> str:
        return QCoreApplication.translate("QueueText", "{minutes} min").format(
            minutes=_n(minutes))

    def hours(self, hours: int, minutes: int) -> str:
        return QCoreApplication.translate("QueueText", "{hours} h {minutes} min").format(
            hours=_n(hours), minutes=f"{minutes:02d}")

    # -- the ticket ------------------------------------------------------------------------------
    def field(self, title: str, value: str) -> str:
        return QCoreApplication.translate("QueueText", "{title}: {value}",
                                          "an extra field of a ticket").format(
            title=title, value=value)

    # -- who it is -------------------------------------------------------------------------------
    def points(self, points: int) -> str:
        return formats().points(points)

    def one_no_show(self) -> str:
        return QCoreApplication.translate("QueueText", "1 no-show")

    def no_shows(self, count: int) -> str:
        # Only ever two or more: one has its own words, and the sign says "again".
        return QCoreApplication.translate("QueueText", "%Ln no-shows", "", count)

    def matched_by(self, how: str) -> str:
        if how == "phone":
            return QCoreApplication.translate("QueueText", "same phone")
        if how == "email":
            return QCoreApplication.translate("QueueText", "same email")
        return QCoreApplication.translate("QueueText", "same {how}").format(how=how)

    def possible_match(self) -> str:
        return QCoreApplication.translate("QueueText", "possible match (same name only)")

    def matched(self, label: str, name: str) -> str:
        return QCoreApplication.translate("QueueText", "{how}: {name}",
                                          "same phone: Zoë Nguyễn").format(how=label,
                                                                           name=name)

    def blacklisted(self, reason: str) -> str:
        return QCoreApplication.translate("QueueText", "BLACKLISTED: {reason}").format(
            reason=reason)

    def blacklisted_if_them(self, reason: str) -> str:
        return QCoreApplication.translate(
            "QueueText", "BLACKLISTED if this is them (same name only): {reason}").format(
            reason=reason)

    # -- a line ------------------------------------------------------------------------------------
    def nobody_waiting(self) -> str:
        return QCoreApplication.translate("QueueText", "nobody waiting")

    def waiting(self, count: int) -> str:
        return QCoreApplication.translate("QueueText", "%Ln waiting", "", count)

    def waiting_and_served(self, waiting: int, served: int) -> str:
        return QCoreApplication.translate(
            "QueueText", "{waiting}, {served}", "7 waiting, 2 being served").format(
            waiting=self.waiting(waiting),
            served=QCoreApplication.translate("QueueText", "%Ln being served", "", served))

    def nobody_waiting_but_served(self, served: int) -> str:
        return QCoreApplication.translate("QueueText", "nobody waiting, %Ln being served",
                                          "", served)

    def longest(self, wait: str) -> str:
        return QCoreApplication.translate("QueueText", "longest {wait}",
                                          "the longest wait on a line").format(wait=wait)

    def average(self, wait: str, called_today: int) -> str:
        return QCoreApplication.translate(
            "QueueText", "average wait today {wait} (%Ln called)", "", called_today).format(
            wait=wait)

    def nobody_called(self) -> str:
        return QCoreApplication.translate("QueueText",
                                          "average wait today: nobody called yet")

    def unnamed_line(self, line_id: str) -> str:
        return QCoreApplication.translate("QueueText", "line {id}").format(id=line_id)

    def line(self, name: str, stats: str, *, disabled: bool) -> str:
        if disabled:
            return QCoreApplication.translate("QueueText", "{line} (disabled) — {stats}",
                                              "a line switched off in Qminder").format(
                line=name, stats=stats)
        return QCoreApplication.translate("QueueText", "{line} — {stats}").format(
            line=name, stats=stats)


#: The window's wording (stateless: the formats are asked for at display time).
WINDOW = WindowWording()


class WindowAlertWording(AlertWording):
    """:class:`app.queue.alerts.AlertWording` in the store's language: the banner's and the
    tray's words. The parts it is given (name, line, reason) are the core's, contacts already
    hidden; only our own words are added."""

    def word(self, text: str) -> str:
        return QCoreApplication.translate("QueueWords", text)

    def on_blacklist(self, reason: str) -> str:
        return QCoreApplication.translate("QueueText", "On the blacklist: {reason}").format(
            reason=reason)

    def maybe_on_blacklist(self, reason: str) -> str:
        return QCoreApplication.translate(
            "QueueText", "Possibly on the blacklist (same name only): {reason}").format(
            reason=reason)

    def unnamed_line(self, line_id: str) -> str:
        return QCoreApplication.translate("QueueText", "line {id}").format(id=line_id)

    def no_line(self) -> str:
        return QCoreApplication.translate("QueueText", "no line",
                                          "a ticket that is on no queue line")

    def alert(self, name: str, line: str, reason: str) -> str:
        return QCoreApplication.translate("QueueText", "{name} ({line}): {reason}",
                                          "an alert: Priya (Returns): VIP").format(
            name=name, line=line, reason=reason)

    def in_queue(self, name: str) -> str:
        return QCoreApplication.translate("QueueText", "{name} is in the queue").format(
            name=name)

    def tickets(self, count: int) -> str:
        # Only ever two or more: one ticket's alerts are titled with its name.
        return QCoreApplication.translate("QueueText", "%Ln tickets to notice in the queue",
                                          "", count)

    def more(self, count: int) -> str:
        return QCoreApplication.translate("QueueText", "and %Ln more — see the queue",
                                          "alerts beyond the ones listed", count)

    def reason_on_line(self, reason: str, line: str) -> str:
        text = QCoreApplication.translate("QueueText", "{reason} — {line}",
                                          "an alert's reason and its line: VIP — Returns")
        return text.format(reason=reason, line=line)


#: The window's alert wording (stateless, like :data:`WINDOW`).
WINDOW_ALERTS = WindowAlertWording()


# -- the core's texts, worded for the window ------------------------------------------------------
def duration_text(span: timedelta | None) -> str:
    return words.duration_text(span, WINDOW)


def wait_text(waited: timedelta | None) -> str:
    return words.wait_text(waited, WINDOW)


def row_wait_text(row: Row) -> str:
    return words.row_wait_text(row, WINDOW)


def ticket_name(ticket: Ticket) -> str:
    return words.ticket_name(ticket, WINDOW)


def status_text(status: str) -> str:
    return words.status_text(status, WINDOW)


def source_text(source: str | None) -> str:
    return words.source_text(source, WINDOW)


def extra_title(field: ExtraField) -> str:
    return words.extra_title(field, WINDOW)


def details_text(ticket: Ticket) -> str:
    return words.details_text(ticket, WINDOW)


def points_text(points: int) -> str:
    return words.points_text(points, WINDOW)


def no_shows_text(count: int | None) -> str:
    return words.no_shows_text(count, WINDOW)


def match_text(match: Match) -> str:
    return words.match_text(match, WINDOW)


def blacklist_text(match: Match) -> str:
    return words.blacklist_text(match, WINDOW)


def stats_text(stats: LineStats) -> str:
    return words.stats_text(stats, WINDOW)


def line_text(stats: LineStats, *, disabled: bool = False) -> str:
    return words.line_text(stats, disabled=disabled, wording=WINDOW)


def alert_text(alert: Alert) -> str:
    return alerts.alert_text(alert, WINDOW_ALERTS)


def notification(found: Sequence[Alert]) -> tuple[str, str]:
    return alerts.notification(found, WINDOW_ALERTS)


# -- the window's own --------------------------------------------------------------------------
def action_words(action: str) -> str:
    """An action's words (:data:`app.queue.actions.ACTIONS`) in the window's language."""
    return QCoreApplication.translate("QueueActions", ACTIONS[action][0])


def clock_text(when: datetime, now: datetime, zone: tzinfo) -> str:
    """"10:42" today, "3 Nov 10:42" on another day: how fresh a queue is, in the store's
    formats and on the store's clock."""
    if when.astimezone(zone).date() == now.astimezone(zone).date():
        return formats().time(when, zone)
    return formats().day_month_time(when, zone)
