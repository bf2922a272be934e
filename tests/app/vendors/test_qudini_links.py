"""Reading a booking identifier from what staff paste or scan."""

from __future__ import annotations

import contextlib
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.vendors.qudini.links import BookingLinkError, parse_booking_reference

DOC_ID = "c8df43a9f3ae844258dbba010bb77fa6d"
IDENTIFIER = re.compile(r"[0-9a-f]{16,128}\Z")


@pytest.mark.parametrize("text", [
    DOC_ID,
    f"https://app.qudini.com/customer/{DOC_ID}",
    f"https://app.qudini.com/customer/{DOC_ID}/",
    f"https://us.qudini.com/customer/{DOC_ID}?utm_source=sms#top",
    f"  https://au.qudini.com/customer/{DOC_ID}\r\n",
    f"\t{DOC_ID}\n",
    f"HTTPS://APP.QUDINI.COM/CUSTOMER/{DOC_ID.upper()}",  # scanner with Caps Lock
    f"app.qudini.com/customer/{DOC_ID}",  # scanned without the scheme
    f"http://app.qudini.com/customer/{DOC_ID}",
    f"https://bookings-us.qudini.com/booking-widget/booker/reschedule/{DOC_ID}",
    f"\u200b{DOC_ID}\u200b",  # zero-width marks from a chat paste
])
def test_accepted_shapes(text: str) -> None:
    assert parse_booking_reference(text) == DOC_ID


@pytest.mark.parametrize("text", [
    "https://qdi.page.link/aBga8C", "qdi.page.link/aBga8C", " https://qdi.page.link/aBga8C/ ",
    "QDI.PAGE.LINK",
])
def test_short_links_say_they_cannot_be_read_offline(text: str) -> None:
    with pytest.raises(BookingLinkError) as caught:
        parse_booking_reference(text)
    assert "cannot be read offline" in caught.value.message
    assert "full" in caught.value.message and "identifier" in caught.value.message


@pytest.mark.parametrize("text", [
    "", "   ", "UOKW2127", "hello", "c8df43a9",  # too short to be an identifier
    f"https://example.com/customer/{DOC_ID}",
    f"https://app.qudini.com/booking/{DOC_ID}",
    f"https://app.qudini.com/customer/{DOC_ID}/answers",
    "https://app.qudini.com/customer/not-hex-at-all",
    f"ftp://app.qudini.com/customer/{DOC_ID}",
    f"https://app.qudini.com.evil.example/customer/{DOC_ID}",
    "http://[::1", "A005",
])
def test_other_shapes_say_what_is_expected(text: str) -> None:
    with pytest.raises(BookingLinkError) as caught:
        parse_booking_reference(text)
    assert "booking link" in caught.value.message and "identifier" in caught.value.message
    assert isinstance(caught.value, ValueError)


def test_booking_reference_gets_a_specific_hint() -> None:
    with pytest.raises(BookingLinkError, match="booking reference"):
        parse_booking_reference("UOKW2127")


@given(st.text(max_size=200))
def test_any_text_gives_identifier_or_link_error(text: str) -> None:
    try:
        result = parse_booking_reference(text)
    except BookingLinkError as exc:
        assert exc.message and len(exc.message) < 400
        return
    assert IDENTIFIER.match(result)


@given(st.binary(max_size=120))
def test_scanner_garbage_gives_identifier_or_link_error(raw: bytes) -> None:
    text = raw.decode("latin-1")
    with contextlib.suppress(BookingLinkError):
        assert IDENTIFIER.match(parse_booking_reference(text))


@given(
    identifier=st.from_regex(r"[0-9a-f]{16,64}", fullmatch=True),
    host=st.sampled_from(["app.qudini.com", "us.qudini.com", "au.qudini.com",
                          "bookings-us.qudini.com", "qudini.com"]),
    scheme=st.sampled_from(["https://", "http://", ""]),
    upper=st.booleans(),
    slash=st.booleans(),
    query=st.sampled_from(["", "?a=1", "?utm_source=sms&x=%20", "#frag"]),
    before=st.sampled_from(["", " ", "\t", "\n"]),
    after=st.sampled_from(["", " ", "\r\n", "\t", "\n"]),
)
def test_link_variants_round_trip(identifier: str, host: str, scheme: str, upper: bool,
                                  slash: bool, query: str, before: str, after: str) -> None:
    link = f"{scheme}{host}/customer/{identifier}{'/' if slash else ''}{query}"
    if upper:
        link = link.upper()
    assert parse_booking_reference(f"{before}{link}{after}") == identifier


@given(path=st.text(alphabet=st.characters(min_codepoint=33, max_codepoint=126), max_size=20))
def test_any_short_link_is_refused_as_short(path: str) -> None:
    with pytest.raises(BookingLinkError, match="cannot be read offline"):
        parse_booking_reference(f"https://qdi.page.link/{path}")
