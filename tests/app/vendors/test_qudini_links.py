"""Reading a booking identifier from what staff paste or scan."""

from __future__ import annotations

import contextlib
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.vendors.qudini.links import (
    BAD_SHORT_LINK,
    BookingLinkError,
    origin_of,
    parse_booking_reference,
    parse_short_link,
)

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


@given(path=st.text(alphabet=st.characters(min_codepoint=33, max_codepoint=126,
                                           blacklist_characters="?"), max_size=20))
def test_any_short_link_is_refused_as_short(path: str) -> None:
    with pytest.raises(BookingLinkError, match="cannot be read offline"):
        parse_booking_reference(f"https://qdi.page.link/{path}")


# -- short links (qdi.page.link), recognised without any network ---------------------------------
SHORT = "https://qdi.page.link/aBga8C"


@pytest.mark.parametrize("text", [
    "https://qdi.page.link/aBga8C",
    "qdi.page.link/aBga8C",  # without the scheme
    "http://qdi.page.link/aBga8C",
    "HTTPS://QDI.PAGE.LINK/aBga8C",  # host in capitals: the code keeps its case
    "https://qdi.page.link/aBga8C/",
    "https://qdi.page.link/aBga8C?utm_source=sms&utm_medium=text",  # tracking query, dropped
    "https://qdi.page.link/aBga8C#top",
    "https://qdi.page.link/aBga8C.",  # the end of the SMS's sentence
    "(https://qdi.page.link/aBga8C).",
    "<https://qdi.page.link/aBga8C>",
    "  https://qdi.page.link/ aBga8C \r\n",  # pasted with spaces
    "https://qdi.page.link/aBg\na8C",  # wrapped by the SMS app
    "\u200bhttps://qdi.page.link/aBga8C\u200b",
    "https://qdi.page.link.:443/aBga8C",
])
def test_short_link_shapes_are_recognised(text: str) -> None:
    assert parse_short_link(text) == SHORT


@pytest.mark.parametrize("text", [
    "https://qdi.page.link", "https://qdi.page.link/", "qdi.page.link/abc",  # too short
    "https://qdi.page.link/aBga8C/extra", "https://qdi.page.link/aB%20ga8C",
    "https://qdi.page.link/-aBga8C", "https://qdi.page.link/aBga8C_",
    "https://qdi.page.link/" + "a" * 65, "https://qdi.page.link/aBga.8C",
    "https://user@qdi.page.link/aBga8C", "https://qdi.page.link:8443/aBga8C",
    "ftp://qdi.page.link/aBga8C", "https://qdi.page.link/äBga8C",
])
def test_a_malformed_short_link_says_so(text: str) -> None:
    with pytest.raises(BookingLinkError) as caught:
        parse_short_link(text)
    assert caught.value.message == BAD_SHORT_LINK


@pytest.mark.parametrize("text", [
    DOC_ID, f"https://app.qudini.com/customer/{DOC_ID}", "hello", "",
    "https://qdi.page.link.evil.example/aBga8C",  # not Qudini's host
    "https://evil.example/qdi.page.link/aBga8C",
    "https://other.page.link/aBga8C",  # another Firebase project's links
    f"https://qdi.page.link/?link=https://app.qudini.com/customer/{DOC_ID}",  # long link
])
def test_what_is_not_a_short_link_is_left_to_the_other_rules(text: str) -> None:
    assert parse_short_link(text) is None


def test_a_long_dynamic_link_is_read_offline() -> None:
    inner = f"https://app.qudini.com/customer/{DOC_ID}"
    assert parse_booking_reference(f"https://qdi.page.link/?link={inner}&apn=com.x") == DOC_ID
    with pytest.raises(BookingLinkError, match="long Qudini link does not hold"):
        parse_booking_reference("https://qdi.page.link/?link=https://evil.example/customer/"
                                f"{DOC_ID}")
    with pytest.raises(BookingLinkError, match="not a Qudini link"):
        parse_booking_reference(f"https://other.page.link/?link={inner}")


def test_the_configured_host_counts_as_qudini_only_on_its_own_port() -> None:
    sandbox = origin_of("http://127.0.0.1:8123")
    assert sandbox == ("http", "127.0.0.1", 8123)
    link = f"http://127.0.0.1:8123/customer/{DOC_ID}"
    assert parse_booking_reference(link, origins={sandbox}) == DOC_ID
    for other in (f"http://127.0.0.1:8124/customer/{DOC_ID}", link):
        with pytest.raises(BookingLinkError, match="not a Qudini link"):
            parse_booking_reference(other, origins=() if other == link else {sandbox})
    assert origin_of("https://app.qudini.com@evil.example/") is None  # a user name
    assert origin_of("https://app.qudini.com:99999/") is None
    assert origin_of("https://APP.Qudini.com./x") == ("https", "app.qudini.com", 443)


_CODES = st.from_regex(r"[A-Za-z0-9][A-Za-z0-9_-]{2,62}[A-Za-z0-9]", fullmatch=True)


@given(
    code=_CODES,
    scheme=st.sampled_from(["https://", "http://", "", "HTTPS://"]),
    host=st.sampled_from(["qdi.page.link", "QDI.PAGE.LINK", "Qdi.Page.Link", "qdi.page.link."]),
    slash=st.booleans(),
    query=st.sampled_from(["", "?utm_source=sms", "?a=1&b=%20", "#x", "?d=1#y"]),
    wrap=st.sampled_from([("", ""), ("<", ">"), ("(", ")."), ("", "."), ("'", "'"),
                          ("“", "”")]),
    space_at=st.one_of(st.none(), st.integers(0, 200)),
    space=st.sampled_from([" ", "\n", "\r\n", "\t", "\u00a0"]),
    before=st.sampled_from(["", " ", "\t", "\u200b"]),
    after=st.sampled_from(["", " ", "\r\n", "\n", "\u200b"]),
)
def test_short_link_variants_round_trip(code: str, scheme: str, host: str, slash: bool,
                                        query: str, wrap: tuple[str, str], space_at: int | None,
                                        space: str, before: str, after: str) -> None:
    link = f"{wrap[0]}{scheme}{host}/{code}{'/' if slash else ''}{query}{wrap[1]}"
    if space_at is not None:
        cut = space_at % (len(link) + 1)
        link = link[:cut] + space + link[cut:]
    assert parse_short_link(f"{before}{link}{after}") == f"https://qdi.page.link/{code}"


@given(st.text(max_size=120))
def test_any_text_is_a_canonical_short_link_none_or_a_clear_error(text: str) -> None:
    try:
        found = parse_short_link(text)
    except BookingLinkError as exc:
        assert exc.message == BAD_SHORT_LINK
        return
    if found is not None:
        assert re.fullmatch(r"https://qdi\.page\.link/[A-Za-z0-9][A-Za-z0-9_-]{2,62}"
                            r"[A-Za-z0-9]", found), found


@given(st.text(alphabet=st.characters(min_codepoint=32, max_codepoint=0x2FF), max_size=40))
def test_any_path_on_the_short_host_is_a_code_or_refused(path: str) -> None:
    try:
        found = parse_short_link(f"https://qdi.page.link/{path}")
    except BookingLinkError:
        return
    if found is not None:  # the code is the path, less what wraps or trails it
        code = found.rsplit("/", 1)[1]
        assert code in "".join(path.split())
