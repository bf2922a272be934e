"""The profile panel's words: dates on the store's clock, "as of" ages, queue places and each
section's status line. Pure functions (no widgets), so they are tested as text."""

from __future__ import annotations

from datetime import datetime, timedelta, tzinfo
from typing import Any

from app.customer.model import QudiniVisit, Section, Status
from app.customer.timeline import local_time
from app.profile import VENDOR_NAMES
from ui.window.sync_status import ago, clock

#: "as of" texts are relative ("3 min ago") for this long, then a clock time.
RELATIVE_FOR = timedelta(hours=1)
WARN = "⚠"


def date_text(moment: datetime | None, zone: tzinfo) -> str:
    local = local_time(moment, zone)
    return "never" if local is None else f"{local.day} {local:%b %Y}"


def datetime_text(moment: datetime | None, zone: tzinfo) -> str:
    local = local_time(moment, zone)
    return "no date" if local is None else f"{local:%a} {local.day} {local:%b %Y, %H:%M}"


def as_of_text(moment: datetime | None, now: datetime, zone: tzinfo) -> str:
    """"as of 3 min ago" for the last hour, then "as of 10:42" / "as of 3 Nov 10:42"."""
    if moment is None:
        return "no data saved"
    if now - moment < RELATIVE_FOR:
        return f"as of {ago(moment, now)}"
    return f"as of {clock(moment, now, zone)}"


def ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def queue_text(visit: QudiniVisit) -> str:
    """"Appointments, 3rd of 8" (the position only when Qudini gives one)."""
    parts = [visit.queue_name] if visit.queue_name else []
    if visit.position is not None:
        place = ordinal(visit.position)
        if visit.queue_length is not None:
            place += f" of {visit.queue_length}"
        parts.append(place)
    return ", ".join(parts) or "—"


def section_status_text(vendor: str, section: Section[Any], now: datetime,
                        zone: tzinfo) -> tuple[str, str]:
    """(status line, message line) of a section, in the words staff see."""
    name = VENDOR_NAMES.get(vendor, vendor)
    status = Status(section.status)
    if status == Status.OK:
        return as_of_text(section.as_of, now, zone), ""
    if status == Status.NOT_FOUND:
        return f"Not found in {name}", ""
    if status == Status.NOT_USED:
        return f"This store does not use {name}", ""
    if status == Status.NO_REFERENCE:
        text = section.message.strip() or f"nothing to look {name} up by"
        return text[:1].upper() + text[1:], ""
    if status == Status.PENDING:
        return "Not fetched yet", ""
    kept = as_of_text(section.as_of, now, zone) if section.data is not None else \
        "no data saved"
    if status == Status.UNREACHABLE:
        detail = section.message.strip()
        return kept, f"{WARN} {name} unreachable" + (f"\n{detail}" if detail else "")
    detail = section.message.strip() or f"{name} refused the request"
    if not detail.lower().startswith(name.lower()):
        detail = f"{name}: {detail}"
    return kept, f"{WARN} {detail}"
