"""The queue in words: one text per thing, the same in ``clientdesk queue`` and the window.

Why a module of its own: the CLI and the queue panel both say how long someone has waited,
what a status means, how a line is doing, who the cache thinks the visitor is and whether
they are blacklisted. Written twice, the two drifted apart ("⚠ BLACKLISTED" on one screen,
"⚠ Blacklisted" on the other, "2 called" beside "2 being served"). Here each is a pure
function of what the core holds — a board :class:`~app.queue.board.Row`, a
:class:`~app.queue.match.Match`, a line's :class:`~app.queue.board.LineStats` — tested once
(tests/app/queue/test_words.py); the CLI and the window only lay the texts out.

Two languages, one set of decisions: *what* is said *when* (the sign from a long wait on, a
hedge for a name-only match, "nobody waiting" for an empty line, which parts a line's heading
has) is decided here, once. *How* it is worded is a :class:`Wording`: :data:`ENGLISH`, this
module's own, is what the CLI prints; the window passes its own subclass
(``ui.queue.text.WindowWording``), which says the same parts in the store's language through
Qt's translations and the store's number formats. Plain word tables (statuses, sources) are
marked with :func:`app.marks.QT_TRANSLATE_NOOP` under the context ``"QueueWords"``, so the
window translates the very words the CLI prints.

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

from app.formatting import Formats
from app.marks import QT_TRANSLATE_NOOP
from app.queue.board import LineStats, Row, overdue
from app.queue.match import Match
from app.vendors.qminder.models import ExtraField, Label, Ticket

#: The translation context of this module's word tables (the window translates them).
CONTEXT = "QueueWords"
WARN = "⚠"
#: Nothing to show (no source, no wait to measure, an extra field without a value).
NONE = "—"
NO_NAME = QT_TRANSLATE_NOOP("QueueWords", "(no name)")
NO_REASON = QT_TRANSLATE_NOOP("QueueWords", "(no reason given)")
NO_STATUS = QT_TRANSLATE_NOOP("QueueWords", "(no status)")
UNTITLED = QT_TRANSLATE_NOOP("QueueWords", "(field)")
#: Our words for the statuses the board holds; any other is shown as Qminder wrote it.
STATUS_WORDS = {"NEW": QT_TRANSLATE_NOOP("QueueWords", "waiting"),
                "CALLED": QT_TRANSLATE_NOOP("QueueWords", "called"),
                "SCHEDULED": QT_TRANSLATE_NOOP("QueueWords", "scheduled")}
#: Qminder's ticket sources in words; another value is shown as Qminder wrote it.
SOURCE_WORDS = {"MANUAL": QT_TRANSLATE_NOOP("QueueWords", "Added by staff"),
                "NAME": QT_TRANSLATE_NOOP("QueueWords", "Self sign-in"),
                "MICROSITE": QT_TRANSLATE_NOOP("QueueWords", "Online"),
                "PHONE": QT_TRANSLATE_NOOP("QueueWords", "Phone"),
                "PRINTER": QT_TRANSLATE_NOOP("QueueWords", "Printed ticket")}


class Wording:
    """How the queue's texts are worded: in English, as the CLI prints them.

    Each method words one part whose *when* the functions below decide; a screen speaking
    another language overrides the methods, never the decisions. ``formats`` (the store's,
    :func:`app.formatting.formats_for`) writes points as the store's locale does; without it
    they read as they always did (``1,234 pts``).
    """

    def __init__(self, formats: Formats | None = None) -> None:
        self.formats = formats

    # -- tables (marked for the window's translation) ----------------------------------------
    def word(self, text: str) -> str:
        """One of this module's marked words (a status, a source, "(no name)")."""
        return text

    # -- waits ---------------------------------------------------------------------------------
    def under_a_minute(self) -> str:
        return "<1 min"

    def minutes(self, minutes: int) -> str:
        return f"{minutes} min"

    def hours(self, hours: int, minutes: int) -> str:
        return f"{hours} h {minutes:02d} min"

    # -- the ticket ------------------------------------------------------------------------------
    def field(self, title: str, value: str) -> str:
        """One extra field in the details: "Order number: CC-123"."""
        return f"{title}: {value}"

    # -- who it is -------------------------------------------------------------------------------
    def points(self, points: int) -> str:
        return self.formats.points(points) if self.formats is not None else f"{points:,} pts"

    def one_no_show(self) -> str:
        return "1 no-show"

    def no_shows(self, count: int) -> str:
        """Two or more (the sign is added by :func:`no_shows_text`)."""
        return f"{count} no-shows"

    def matched_by(self, how: str) -> str:
        """How a certain match was made: "same phone", "same email"."""
        return f"same {how}"

    def possible_match(self) -> str:
        return "possible match (same name only)"

    def matched(self, label: str, name: str) -> str:
        return f"{label}: {name}"

    def blacklisted(self, reason: str) -> str:
        return f"BLACKLISTED: {reason}"

    def blacklisted_if_them(self, reason: str) -> str:
        return f"BLACKLISTED if this is them (same name only): {reason}"

    # -- a line ------------------------------------------------------------------------------------
    def nobody_waiting(self) -> str:
        return "nobody waiting"

    def waiting(self, count: int) -> str:
        return f"{count} waiting"

    def waiting_and_served(self, waiting: int, served: int) -> str:
        return f"{waiting} waiting, {served} being served"

    def nobody_waiting_but_served(self, served: int) -> str:
        return f"nobody waiting, {served} being served"

    def longest(self, wait: str) -> str:
        return f"longest {wait}"

    def average(self, wait: str, called_today: int) -> str:
        return f"average wait today {wait} ({called_today} called)"

    def nobody_called(self) -> str:
        return "average wait today: nobody called yet"

    def unnamed_line(self, line_id: str) -> str:
        return f"line {line_id}"

    def line(self, name: str, stats: str, *, disabled: bool) -> str:
        return f"{name} (disabled) — {stats}" if disabled else f"{name} — {stats}"


#: The CLI's words.
ENGLISH = Wording()


# -- waits --------------------------------------------------------------------------------------
def duration_parts(span: timedelta | None) -> tuple[int, int] | None:
    """(hours, minutes) of a wait, whole minutes; None when there is nothing to measure."""
    if span is None:
        return None
    minutes = int(span.total_seconds() // 60)
    return divmod(max(minutes, 0), 60)


def duration_text(span: timedelta | None, wording: Wording = ENGLISH) -> str:
    """"<1 min", "23 min", "1 h 05 min"; "—" when there is nothing to measure (Qminder sent no
    creation time, or nobody was called yet today)."""
    parts = duration_parts(span)
    if parts is None:
        return NONE
    hours, minutes = parts
    if hours:
        return wording.hours(hours, minutes)
    return wording.minutes(minutes) if minutes else wording.under_a_minute()


def wait_text(waited: timedelta | None, wording: Wording = ENGLISH) -> str:
    """A wait, with "⚠" from :data:`~app.queue.board.LONG_WAIT` on: the sign, not only a
    colour."""
    text = duration_text(waited, wording)
    return f"{WARN} {text}" if overdue(waited) else text


def row_overdue(row: Row) -> bool:
    """Whether a row's wait gets the sign. Only a visitor still waiting does: a called one
    shows how long they waited before being called (nobody is waiting any more), and a status
    we do not know is no queue to be late in."""
    return row.ticket.is_waiting and overdue(row.waited)


def row_wait_text(row: Row, wording: Wording = ENGLISH) -> str:
    """A ticket's wait as its row shows it (the sign per :func:`row_overdue`)."""
    text = duration_text(row.waited, wording)
    return f"{WARN} {text}" if row_overdue(row) else text


# -- the ticket ---------------------------------------------------------------------------------
def ticket_name(ticket: Ticket, wording: Wording = ENGLISH) -> str:
    """The name the visitor gave; "(no name)" when they gave none (walk-ins often do not)."""
    return ticket.name or wording.word(NO_NAME)


def status_word(status: str) -> str | None:
    """Our (marked, English) word for a status the board holds; None for one we do not know."""
    return STATUS_WORDS.get(status.strip().upper())


def status_text(status: str, wording: Wording = ENGLISH) -> str:
    """Our word for a status the board holds ("waiting", "called"); one we do not know is
    shown as Qminder wrote it, so nothing hides behind a guess."""
    word = status_word(status)
    if word is not None:
        return wording.word(word)
    return status.strip() or wording.word(NO_STATUS)


def source_text(source: str | None, wording: Wording = ENGLISH) -> str:
    """How the ticket was made ("Added by staff", "Online"); an unknown source as sent."""
    raw = (source or "").strip()
    if not raw:
        return NONE
    word = SOURCE_WORDS.get(raw.upper())
    return wording.word(word) if word is not None else raw


def shown_labels(ticket: Ticket) -> list[Label]:
    """The labels worth showing, in Qminder's order: a label without text says nothing."""
    return [label for label in ticket.labels if label.value.strip()]


def extra_title(field: ExtraField, wording: Wording = ENGLISH) -> str:
    return field.title if field.title.strip() else wording.word(UNTITLED)


def extra_value(field: ExtraField) -> str:
    """A field's text, and its link when it has one we would open (http/https only, see
    :attr:`ExtraField.link`): "CC-123", "Track <https://…>", "—"."""
    value = field.value if field.value and field.value.strip() else ""
    link = field.link
    if link and link != value.strip():
        return f"{value} <{link}>" if value else f"<{link}>"
    return value or NONE


def details_text(ticket: Ticket, wording: Wording = ENGLISH) -> str:
    """Extra fields on one line: "Order number: CC-123 · Reason: Faulty" ("" when none)."""
    return " · ".join(wording.field(extra_title(f, wording), extra_value(f))
                      for f in ticket.extra)


# -- who it is ----------------------------------------------------------------------------------
def points_text(points: int, wording: Wording = ENGLISH) -> str:
    return wording.points(points)


def no_shows_text(count: int | None, wording: Wording = ENGLISH) -> str:
    """"1 no-show"; a repeat gets the sign ("⚠ 3 no-shows"); "" for none, and for unknown
    (no profile of theirs cached yet)."""
    if not count:
        return ""
    if count == 1:
        return wording.one_no_show()
    return f"{WARN} {wording.no_shows(count)}"


def match_label(match: Match, wording: Wording = ENGLISH) -> str:
    """"same phone", "same email" — or, for a name alone, only ever "possible match"."""
    return wording.matched_by(match.how) if match.certain else wording.possible_match()


def match_text(match: Match, wording: Wording = ENGLISH) -> str:
    """Who the cache says the visitor is, and what the host needs before calling them:
    "same phone: Zoë Nguyễn · 1,234 pts · ⚠ 2 no-shows". A name alone is only ever
    "possible match (same name only): …" — never the person."""
    name = match.name if match.name.strip() else wording.word(NO_NAME)
    parts = [wording.matched(match_label(match, wording), name)]
    if match.points is not None:
        parts.append(points_text(match.points, wording))
    shows = no_shows_text(match.no_shows, wording)
    if shows:
        parts.append(shows)
    return " · ".join(parts)


def blacklist_text(match: Match, wording: Wording = ENGLISH) -> str:
    """"⚠ BLACKLISTED: <reason>" — for a name-only match, only "if this is them"."""
    reason = match.blacklist_reason if match.blacklist_reason.strip() else \
        wording.word(NO_REASON)
    if match.certain:
        return f"{WARN} {wording.blacklisted(reason)}"
    return f"{WARN} {wording.blacklisted_if_them(reason)}"


# -- a line -------------------------------------------------------------------------------------
def stats_text(stats: LineStats, wording: Wording = ENGLISH) -> str:
    """"7 waiting, 2 being served · longest ⚠ 23 min · average wait today 12 min (9 called)"."""
    if stats.waiting and stats.called:
        head = wording.waiting_and_served(stats.waiting, stats.called)
    elif stats.waiting:
        head = wording.waiting(stats.waiting)
    elif stats.called:
        head = wording.nobody_waiting_but_served(stats.called)
    else:
        head = wording.nobody_waiting()
    parts = [head]
    if stats.longest_wait is not None:
        parts.append(wording.longest(wait_text(stats.longest_wait, wording)))
    if stats.average_wait_today is not None:
        parts.append(wording.average(duration_text(stats.average_wait_today, wording),
                                     stats.called_today))
    else:
        parts.append(wording.nobody_called())
    return " · ".join(parts)


def line_name(stats: LineStats, wording: Wording = ENGLISH) -> str:
    """A line's name, or "line 7" when Qminder gave it none."""
    return stats.name if stats.name.strip() else wording.unnamed_line(stats.line_id)


def line_text(stats: LineStats, *, disabled: bool = False, wording: Wording = ENGLISH) -> str:
    """A line's heading: "Returns — " and :func:`stats_text`; a line switched off in Qminder
    (its tickets can still be there) says "(disabled)"."""
    return wording.line(line_name(stats, wording), stats_text(stats, wording),
                        disabled=disabled)
