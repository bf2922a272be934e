"""The profile panel's words: dates on the store's clock, "as of" ages, queue places and each
section's status line. Pure functions (no widgets), so they are tested as text.

Every sentence goes through ``QCoreApplication.translate("ProfileText", …)`` (the words are
shared by the panel, the queue's cards and the blacklist, so they have one context of their
own), and every value through :func:`ui.i18n.formats`, called when the text is made: a store in
Budapest reads ``2025. jún. 9.`` where a store in Sydney reads ``9 Jun 2025``.
"""

from __future__ import annotations

from datetime import datetime, timedelta, tzinfo
from typing import Any

from PySide6.QtCore import QCoreApplication

from app.customer.model import QudiniVisit, Section, Status
from app.customer.timeline import local_time
from app.profile import VENDOR_NAMES
from ui.i18n import formats
from ui.window.sync_status import ago, clock

# "as of" texts are relative ("3 min ago") for this long, then a clock time.
RELATIVE_FOR = timedelta(hours=1)
WARN = "⚠"


def date_text(moment: datetime | None, zone: tzinfo) -> str:
    """A day on the store's calendar ("19 Nov 2025"), or "never"."""
    local = local_time(moment, zone)
    if local is None:
        return QCoreApplication.translate("ProfileText", "never", "no date for this")
    return formats().date(local)


def datetime_text(moment: datetime | None, zone: tzinfo) -> str:
    """A booking's start with its weekday, on the store's clock, or "no date"."""
    local = local_time(moment, zone)
    if local is None:
        return QCoreApplication.translate("ProfileText", "no date")
    return formats().datetime(local)


def as_of_text(moment: datetime | None, now: datetime, zone: tzinfo) -> str:
    """"as of 3 min ago" for the last hour, then "as of 10:42" / "as of 3 Nov 10:42"."""
    if moment is None:
        return QCoreApplication.translate("ProfileText", "no data saved")
    when = ago(moment, now) if now - moment < RELATIVE_FOR else clock(moment, now, zone)
    return QCoreApplication.translate("ProfileText", "as of {when}").format(when=when)


def ordinal(n: int) -> str:
    """A place in a queue: "3rd" in English, "3e" in French, "3." in Hungarian.

    The ending follows the language's CLDR ordinal category (English: one → 1st, 21st;
    two → 2nd; few → 3rd; other → 4th, 11th), so each translation only fills in the
    categories its language uses.
    """
    number = formats().number(n)
    form = formats().locale.ordinal_form(abs(n))
    if form == "one":
        text = QCoreApplication.translate(
            "ProfileText", "{n}st", "ordinal, CLDR category one: 1st, 21st (French 1er)")
    elif form == "two":
        text = QCoreApplication.translate(
            "ProfileText", "{n}nd", "ordinal, CLDR category two: 2nd, 22nd")
    elif form == "few":
        text = QCoreApplication.translate(
            "ProfileText", "{n}rd", "ordinal, CLDR category few: 3rd, 23rd")
    else:
        text = QCoreApplication.translate(
            "ProfileText", "{n}th", "ordinal, CLDR category other: 4th, 11th (French 2e)")
    return text.format(n=number)


def queue_text(visit: QudiniVisit) -> str:
    """"Appointments, 3rd of 8" (the position only when Qudini gives one)."""
    place = ""
    if visit.position is not None:
        place = ordinal(visit.position)
        if visit.queue_length is not None:
            place = QCoreApplication.translate(
                "ProfileText", "{place} of {length}", "a place in a queue: 3rd of 8").format(
                place=place, length=formats().number(visit.queue_length))
    if visit.queue_name and place:
        return QCoreApplication.translate(
            "ProfileText", "{queue}, {place}", "a queue's name and a place in it").format(
            queue=visit.queue_name, place=place)
    return visit.queue_name or place or "—"


def section_status_text(vendor: str, section: Section[Any], now: datetime,
                        zone: tzinfo) -> tuple[str, str]:
    """(status line, message line) of a section, in the words staff see."""
    name = VENDOR_NAMES.get(vendor, vendor)
    status = Status(section.status)
    if status == Status.OK:
        return as_of_text(section.as_of, now, zone), ""
    if status == Status.NOT_FOUND:
        return QCoreApplication.translate("ProfileText", "Not found in {vendor}").format(
            vendor=name), ""
    if status == Status.NOT_USED:
        return QCoreApplication.translate(
            "ProfileText", "This store does not use {vendor}").format(vendor=name), ""
    if status == Status.NO_REFERENCE:
        text = section.message.strip() or QCoreApplication.translate(
            "ProfileText", "nothing to look {vendor} up by").format(vendor=name)
        return text[:1].upper() + text[1:], ""
    if status == Status.PENDING:
        return QCoreApplication.translate("ProfileText", "Not fetched yet"), ""
    kept = as_of_text(section.as_of, now, zone) if section.data is not None else \
        QCoreApplication.translate("ProfileText", "no data saved")
    if status == Status.UNREACHABLE:
        detail = section.message.strip()
        said = QCoreApplication.translate("ProfileText", "⚠ {vendor} unreachable").format(
            vendor=name)
        return kept, said + (f"\n{detail}" if detail else "")
    detail = section.message.strip() or QCoreApplication.translate(
        "ProfileText", "{vendor} refused the request").format(vendor=name)
    if not detail.lower().startswith(name.lower()):
        detail = QCoreApplication.translate(
            "ProfileText", "{vendor}: {message}", "a vendor's name and what it said").format(
            vendor=name, message=detail)
    return kept, f"{WARN} {detail}"
