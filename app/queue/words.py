"""The queue in words: one text per thing, the same in ``clientdesk queue`` and the window.

Why a module of its own: the CLI and the queue panel both say how long someone has waited,
what a status means, how a line is doing, who the cache thinks the visitor is and whether
they are blacklisted. Written twice, the two drifted apart ("⚠ BLACKLISTED" on one screen,
"⚠ Blacklisted" on the other, "2 called" beside "2 being served"). Here each is a pure
function of what the core holds — a board :class:`~app.queue.board.Row`, a
:class:`~app.queue.match.Match`, a line's :class:`~app.queue.board.LineStats` — tested once
(tests/app/queue/test_words.py); the CLI and the window only lay the texts out.

Meaning is in words and signs, never in colour alone: a long wait reads "⚠ 23 min", repeat
no-shows "⚠ 3 no-shows", a blacklisted customer "⚠ BLACKLISTED: <reason>" — colour, where a
screen has it, only repeats the sign.

Vendor text (names, reasons, labels, extra fields, a status we do not know) goes into these
texts as Qminder or the cache has it. Making it safe is the screen's job, because the screens
differ: the CLI prints it literally with what a terminal would act on escaped
(:func:`app.cli.show_cmd.lit`), the window puts it on one line in plain-text widgets
(``ui.queue.model.one_line``). Our own words carry no control characters and no markup, so
either treatment of a whole text is safe.
"""

from __future__ import annotations

from datetime import timedelta

from app.queue.board import LineStats, Row, overdue
from app.queue.match import Match
from app.vendors.qminder.models import ExtraField, Label, Ticket

WARN = "⚠"
#: Nothing to show (no source, no wait to measure, an extra field without a value).
NONE = "—"
NO_NAME = "(no name)"
NO_REASON = "(no reason given)"
#: Our words for the statuses the board holds; any other is shown as Qminder wrote it.
STATUS_WORDS = {"NEW": "waiting", "CALLED": "called", "SCHEDULED": "scheduled"}
#: Qminder's ticket sources in words; another value is shown as Qminder wrote it.
SOURCE_WORDS = {"MANUAL": "Added by staff", "NAME": "Self sign-in", "MICROSITE": "Online",
                "PHONE": "Phone", "PRINTER": "Printed ticket"}


# -- waits --------------------------------------------------------------------------------------
def duration_text(span: timedelta | None) -> str:
    """"<1 min", "23 min", "1 h 05 min"; "—" when there is nothing to measure (Qminder sent no
    creation time, or nobody was called yet today)."""
    if span is None:
        return NONE
    minutes = int(span.total_seconds() // 60)
    if minutes < 1:
        return "<1 min"
    return f"{minutes} min" if minutes < 60 else f"{minutes // 60} h {minutes % 60:02d} min"


def wait_text(waited: timedelta | None) -> str:
    """A wait, with "⚠" from :data:`~app.queue.board.LONG_WAIT` on: the sign, not only a
    colour."""
    return f"{WARN} {duration_text(waited)}" if overdue(waited) else duration_text(waited)


def row_wait_text(row: Row) -> str:
    """A ticket's wait as its row shows it. Only a visitor still waiting gets the sign: a
    called one shows how long they waited before being called (nobody is waiting any more),
    and a status we do not know is no queue to be late in."""
    return wait_text(row.waited) if row.ticket.is_waiting else duration_text(row.waited)


# -- the ticket ---------------------------------------------------------------------------------
def ticket_name(ticket: Ticket) -> str:
    """The name the visitor gave; "(no name)" when they gave none (walk-ins often do not)."""
    return ticket.name or NO_NAME


def status_text(status: str) -> str:
    """Our word for a status the board holds ("waiting", "called"); one we do not know is
    shown as Qminder wrote it, so nothing hides behind a guess."""
    word = STATUS_WORDS.get(status.strip().upper())
    if word is not None:
        return word
    return status.strip() or "(no status)"


def source_text(source: str | None) -> str:
    """How the ticket was made ("Added by staff", "Online"); an unknown source as sent."""
    raw = (source or "").strip()
    return SOURCE_WORDS.get(raw.upper(), raw) if raw else NONE


def shown_labels(ticket: Ticket) -> list[Label]:
    """The labels worth showing, in Qminder's order: a label without text says nothing."""
    return [label for label in ticket.labels if label.value.strip()]


def extra_title(field: ExtraField) -> str:
    return field.title if field.title.strip() else "(field)"


def extra_value(field: ExtraField) -> str:
    """A field's text, and its link when it has one we would open (http/https only, see
    :attr:`ExtraField.link`): "CC-123", "Track <https://…>", "—"."""
    value = field.value if field.value and field.value.strip() else ""
    link = field.link
    if link and link != value.strip():
        return f"{value} <{link}>" if value else f"<{link}>"
    return value or NONE


def details_text(ticket: Ticket) -> str:
    """Extra fields on one line: "Order number: CC-123 · Reason: Faulty" ("" when none)."""
    return " · ".join(f"{extra_title(f)}: {extra_value(f)}" for f in ticket.extra)


# -- who it is ----------------------------------------------------------------------------------
def points_text(points: int) -> str:
    return f"{points:,} pts"


def no_shows_text(count: int | None) -> str:
    """"1 no-show"; a repeat gets the sign ("⚠ 3 no-shows"); "" for none, and for unknown
    (no profile of theirs cached yet)."""
    if not count:
        return ""
    if count == 1:
        return "1 no-show"
    return f"{WARN} {count} no-shows"


def match_text(match: Match) -> str:
    """Who the cache says the visitor is, and what the host needs before calling them:
    "same phone: Zoë Nguyễn · 1,234 pts · ⚠ 2 no-shows". A name alone is only ever
    "possible match (same name only): …" — never the person."""
    parts = [f"{match.label}: {match.name if match.name.strip() else NO_NAME}"]
    if match.points is not None:
        parts.append(points_text(match.points))
    shows = no_shows_text(match.no_shows)
    if shows:
        parts.append(shows)
    return " · ".join(parts)


def blacklist_text(match: Match) -> str:
    """"⚠ BLACKLISTED: <reason>" — for a name-only match, only "if this is them"."""
    reason = match.blacklist_reason if match.blacklist_reason.strip() else NO_REASON
    if match.certain:
        return f"{WARN} BLACKLISTED: {reason}"
    return f"{WARN} BLACKLISTED if this is them (same name only): {reason}"


# -- a line -------------------------------------------------------------------------------------
def stats_text(stats: LineStats) -> str:
    """"7 waiting, 2 being served · longest ⚠ 23 min · average wait today 12 min (9 called)"."""
    head = f"{stats.waiting} waiting" if stats.waiting else "nobody waiting"
    if stats.called:
        head += f", {stats.called} being served"
    parts = [head]
    if stats.longest_wait is not None:
        parts.append(f"longest {wait_text(stats.longest_wait)}")
    if stats.average_wait_today is not None:
        parts.append(f"average wait today {duration_text(stats.average_wait_today)} "
                     f"({stats.called_today} called)")
    else:
        parts.append("average wait today: nobody called yet")
    return " · ".join(parts)


def line_text(stats: LineStats, *, disabled: bool = False) -> str:
    """A line's heading: "Returns — " and :func:`stats_text`; a line switched off in Qminder
    (its tickets can still be there) says "(disabled)"."""
    name = stats.name if stats.name.strip() else f"line {stats.line_id}"
    return f"{name}{' (disabled)' if disabled else ''} — {stats_text(stats)}"
