"""Read the Qudini booking identifier out of whatever staff paste or scan.

Customers show a confirmation link (``https://app.qudini.com/customer/{identifier}``) as text or
as a QR code; a keyboard-wedge barcode scanner "types" it into the search box, often with a
trailing Enter or Tab, sometimes in capitals (Caps Lock) or without the scheme. The link that
actually arrives by SMS is usually Qudini's *short* form, ``https://qdi.page.link/<code>``: a
redirect held by a link service, whose code says nothing about the booking. So a short link is
recognised here (:func:`parse_short_link`, no network) and turned into a booking online by
:class:`app.vendors.qudini.client.ShortLinkResolver`, which reads where it points and hands
the address it reaches back to :func:`parse_booking_reference`.

Everything that is not an identifier ends in :class:`BookingLinkError`, whose message is
written for counter staff.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from urllib.parse import parse_qs, urlsplit

__all__ = ["BookingLinkError", "Origin", "origin_of", "parse_booking_reference",
           "parse_short_link"]

#: Hex of any plausible length (the example has 33 characters; 16+ keeps 8-character booking
#: references such as "ABCD1234" from passing as identifiers).
_IDENTIFIER = re.compile(r"[0-9a-f]{16,128}\Z", re.IGNORECASE | re.ASCII)
#: A Qudini booking reference ("UOKW2127"): what staff see, but not what the API takes.
_BOOKING_REF = re.compile(r"[A-Z]{4}\d{4}\Z", re.IGNORECASE | re.ASCII)
#: The host of Qudini's short links (Firebase Dynamic Links on Qudini's page.link domain).
SHORT_HOST = "qdi.page.link"
SHORT_BASE = f"https://{SHORT_HOST}"
#: A short link's code: Firebase makes 4-character ("SHORT") or 17-character ("UNGUESSABLE")
#: suffixes of letters and digits; hand-made ones may add ``-`` and ``_`` inside. Codes are
#: case-sensitive, so they are kept exactly as given.
_SHORT_CODE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{2,62}[A-Za-z0-9]\Z", re.ASCII)
#: What an SMS or a chat puts around a link: "(see https://qdi.page.link/AbCd)." or "<…>".
_WRAPPING_BEFORE = "<([{\"'«“‘"
_WRAPPING_AFTER = ".,;:!?>)]}\"'»”’"
_RESCHEDULE = ("booking-widget", "booker", "reschedule")
_LONG_LINK_DEPTH = 2  # a long dynamic link inside a long dynamic link, at most

EXPECTED = ("Scan or paste the customer's Qudini booking link "
            "(https://app.qudini.com/customer/…) or the booking identifier "
            "(a long code of digits and letters a–f).")
SHORT_LINK = ("That is a Qudini short link (qdi.page.link/…): it cannot be read offline, "
              "because the booking is kept behind the link, not in it. Enter it in the search "
              "box with the network up, or paste the full address (…qudini.com/customer/…) or "
              "the booking identifier.")
BAD_SHORT_LINK = ("That qdi.page.link address has no readable link code (a short link ends in "
                  "a code of letters and digits, such as qdi.page.link/aBga8C). Paste the whole "
                  "link from the SMS, or the full address (…qudini.com/customer/…).")

#: (scheme, host, port) with the default port filled in: what "the same server" means.
Origin = tuple[str, str, int]


class BookingLinkError(ValueError):
    """The text is not a Qudini booking identifier or link; ``message`` is for staff."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _clean(text: str) -> str:
    """Drop what scanners and copy-paste add: surrounding space, Enter/Tab, invisible marks."""
    return "".join(ch for ch in text.strip() if ch.isprintable()).strip()


def origin_of(url: str) -> Origin | None:
    """``url``'s origin (scheme and host lower-cased, the port made explicit), or None when it
    has no host, a user name, a port that is not a number, or a scheme other than http(s).
    A user name is refused because ``https://app.qudini.com@evil.example/`` is evil.example
    to a browser and looks like Qudini to a person."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return None
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower().rstrip(".")
    if scheme not in ("http", "https") or not host or "@" in parts.netloc:
        return None
    return scheme, host, port if port is not None else (443 if scheme == "https" else 80)


def _is_qudini(origin: Origin, extra: Collection[Origin]) -> bool:
    _scheme, host, _port = origin
    return host == "qudini.com" or host.endswith(".qudini.com") or origin in extra


def parse_short_link(text: str) -> str | None:
    """The short link ``text`` holds, as ``https://qdi.page.link/<code>``; None when ``text``
    is not a qdi.page.link address at all.

    Forgiving of how it arrives — without the scheme, in upper-case host letters, split by
    spaces or a line break (SMS wrapping), wrapped in ``<…>`` or brackets, ending in the
    sentence's full stop, with a tracking query or fragment (dropped: the code alone names the
    link) — and strict about the code itself, which must be 4 to 64 letters, digits, ``-`` or
    ``_`` (kept case-sensitive). A qdi.page.link address without such a code raises
    :class:`BookingLinkError`. A *long* dynamic link (``qdi.page.link/?link=…``) is not a short
    link: :func:`parse_booking_reference` reads the booking inside it.
    """
    if not isinstance(text, str):
        return None
    compact = "".join(_clean(text).split())
    if SHORT_HOST not in compact.lower():
        return None
    compact = compact.lstrip(_WRAPPING_BEFORE).rstrip(_WRAPPING_AFTER)
    candidate = compact if "://" in compact else f"https://{compact}"
    try:
        parts = urlsplit(candidate)
        port = parts.port
    except ValueError:
        return None
    host = (parts.hostname or "").lower().rstrip(".")
    if host != SHORT_HOST:
        return None  # qdi.page.link elsewhere in the text: not a short link (other rules apply)
    if parts.scheme.lower() not in ("http", "https") or "@" in parts.netloc or \
            port not in (None, 443):
        raise BookingLinkError(BAD_SHORT_LINK)
    segments = [segment for segment in parts.path.split("/") if segment]
    if not segments and "link" in parse_qs(parts.query):
        return None  # a long dynamic link: the booking is in its ``link`` parameter
    if len(segments) != 1 or not _SHORT_CODE.match(segments[0]):
        raise BookingLinkError(BAD_SHORT_LINK)
    return f"{SHORT_BASE}/{segments[0]}"


def short_code(short_link: str) -> str:
    """The code of a link :func:`parse_short_link` returned."""
    return short_link.rsplit("/", 1)[-1]


def parse_booking_reference(text: str, *, origins: Collection[Origin] = ()) -> str:
    """The booking identifier (lower-case hex) from a bare identifier or a full booking link.

    Accepted: ``c8df43a9f3ae844258dbba010bb77fa6d``; ``https://<any>.qudini.com/customer/{id}``
    with or without a trailing slash, query or fragment, scheme or capitals; the reschedule
    link ``https://bookings-…qudini.com/booking-widget/booker/reschedule/{id}`` from the same
    confirmation; and a long dynamic link ``https://qdi.page.link/?link=<one of those>``.
    ``origins`` are further servers to take as Qudini's — the store's configured Qudini host
    (the sandbox's loopback address, in training and tests). A short link raises
    :class:`BookingLinkError` saying it needs the network; anything else, what is expected.
    """
    return _parse(text, frozenset(origins), _LONG_LINK_DEPTH)


def _parse(text: str, origins: frozenset[Origin], depth: int) -> str:
    if not isinstance(text, str):
        raise BookingLinkError(EXPECTED)
    cleaned = _clean(text)
    if not cleaned:
        raise BookingLinkError(f"Nothing to look up. {EXPECTED}")
    if _IDENTIFIER.match(cleaned):
        return cleaned.lower()
    if _BOOKING_REF.match(cleaned):
        raise BookingLinkError("That looks like a booking reference (such as UOKW2127). "
                               f"Qudini lookups need the booking link instead. {EXPECTED}")
    candidate = cleaned
    if "://" not in candidate:
        host_part = candidate.split("/", 1)[0]
        if "." not in host_part or ("/" not in candidate and
                                    host_part.lower().rstrip(".") != SHORT_HOST):
            raise BookingLinkError(EXPECTED)
        candidate = f"https://{candidate}"  # scanned or typed without the scheme
    origin = origin_of(candidate)
    if origin is None:
        raise BookingLinkError(EXPECTED)
    parts = urlsplit(candidate)
    host = origin[1]
    if host == SHORT_HOST:
        inner = parse_qs(parts.query).get("link")
        if inner and depth > 0:
            try:
                return _parse(inner[0], origins, depth - 1)
            except BookingLinkError as exc:
                raise BookingLinkError(f"That long Qudini link does not hold a booking link: "
                                       f"{exc.message}") from None
        raise BookingLinkError(SHORT_LINK)
    if not _is_qudini(origin, origins):
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
