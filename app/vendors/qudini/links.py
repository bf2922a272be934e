"""Read the Qudini booking identifier out of whatever staff paste or scan.

Customers show a confirmation link (``https://app.qudini.com/customer/{identifier}``) as text or
as a QR code; a keyboard-wedge barcode scanner "types" it into the search box, often with a
trailing Enter or Tab, sometimes in capitals (Caps Lock) or without the scheme. Qudini usually
shortens these links to ``https://qdi.page.link/...``; a short link is a redirect held by a
third party and cannot be decoded offline, so we say so instead of guessing.

Everything that is not an identifier ends in :class:`BookingLinkError`, whose message is
written for counter staff.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

__all__ = ["BookingLinkError", "parse_booking_reference"]

#: Hex of any plausible length (the example has 33 characters; 16+ keeps 8-character booking
#: references such as "ABCD1234" from passing as identifiers).
_IDENTIFIER = re.compile(r"[0-9a-f]{16,128}\Z", re.IGNORECASE | re.ASCII)
#: A Qudini booking reference ("UOKW2127"): what staff see, but not what the API takes.
_BOOKING_REF = re.compile(r"[A-Z]{4}\d{4}\Z", re.IGNORECASE | re.ASCII)
_SHORT_HOSTS = ("qdi.page.link",)
_RESCHEDULE = ("booking-widget", "booker", "reschedule")

EXPECTED = ("Scan or paste the customer's Qudini booking link "
            "(https://app.qudini.com/customer/…) or the booking identifier "
            "(a long code of digits and letters a–f).")
SHORT_LINK = ("Short Qudini links (qdi.page.link/…) cannot be read offline. Open the link on "
              "the customer's phone, then paste the full address (…qudini.com/customer/…) or "
              "the booking identifier.")


class BookingLinkError(ValueError):
    """The text is not a Qudini booking identifier or link; ``message`` is for staff."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _clean(text: str) -> str:
    """Drop what scanners and copy-paste add: surrounding space, Enter/Tab, invisible marks."""
    return "".join(ch for ch in text.strip() if ch.isprintable()).strip()


def parse_booking_reference(text: str) -> str:
    """The booking identifier (lower-case hex) from a bare identifier or a full booking link.

    Accepted: ``c8df43a9f3ae844258dbba010bb77fa6d``; ``https://<any>.qudini.com/customer/{id}``
    with or without a trailing slash, query or fragment, scheme or capitals; and the reschedule
    link ``https://bookings-…qudini.com/booking-widget/booker/reschedule/{id}`` from the same
    confirmation. Anything else raises :class:`BookingLinkError`.
    """
    if not isinstance(text, str):
        raise BookingLinkError(EXPECTED)
    cleaned = _clean(text)
    if not cleaned:
        raise BookingLinkError(f"Nothing to look up. {EXPECTED}")
    if _IDENTIFIER.match(cleaned):
        return cleaned.lower()
    if any(host in cleaned.lower() for host in _SHORT_HOSTS):
        raise BookingLinkError(SHORT_LINK)
    if _BOOKING_REF.match(cleaned):
        raise BookingLinkError("That looks like a booking reference (such as UOKW2127). "
                               f"Qudini lookups need the booking link instead. {EXPECTED}")
    candidate = cleaned
    if "://" not in candidate:
        host_part = candidate.split("/", 1)[0]
        if "." not in host_part or "/" not in candidate:
            raise BookingLinkError(EXPECTED)
        candidate = f"https://{candidate}"  # scanned or typed without the scheme
    try:
        parts = urlsplit(candidate)
        host = (parts.hostname or "").lower().rstrip(".")
    except ValueError:
        raise BookingLinkError(EXPECTED) from None
    if parts.scheme.lower() not in ("http", "https") or not host:
        raise BookingLinkError(EXPECTED)
    if host in _SHORT_HOSTS or host.endswith(".page.link"):
        raise BookingLinkError(SHORT_LINK)
    if host != "qudini.com" and not host.endswith(".qudini.com"):
        raise BookingLinkError(f"That is not a Qudini link. {EXPECTED}")
    segments = [segment for segment in parts.path.split("/") if segment]
    if len(segments) == 2 and segments[0].lower() == "customer":
        identifier = segments[1]
    elif len(segments) == 4 and tuple(s.lower() for s in segments[:3]) == _RESCHEDULE:
        identifier = segments[3]
    else:
        raise BookingLinkError(f"That Qudini link is not a booking link. {EXPECTED}")
    if not _IDENTIFIER.match(identifier):
        raise BookingLinkError(f"That Qudini link has no readable booking identifier. {EXPECTED}")
    return identifier.lower()
