"""Emails and phone numbers: normalised for linking, masked for the screen.

Emails link after trimming and case-folding. Phones link in E.164, parsed with the store's
country as the default region (``phonenumbers``), so "0412 345 678" and "+61412345678" meet.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

import phonenumbers

from app.domain.text import digits


def normalise_email(raw: str | None) -> str | None:
    if raw is None:
        return None
    email = raw.strip().casefold()
    local, at, domain = email.partition("@")
    if not at or not local or "." not in domain or " " in email:
        return None
    return email


_E164 = re.compile(r"\+[1-9]\d{7,14}")


def normalise_phone(raw: str | None, region: str) -> str | None:
    """E.164 for a phone in local or international form; None when it is not a valid number."""
    if raw is None:
        return None
    text = raw.strip()
    if not digits(text):
        return None
    if _E164.fullmatch(text):
        return text  # already international: the common case, no parse needed
    candidates = [text]
    if not text.startswith("+") and not text.startswith("0"):
        candidates.append("+" + text)  # Qminder sends E.164 digits as a JSON number, no "+"
    for candidate in candidates:
        try:
            number = phonenumbers.parse(candidate, region)
        except phonenumbers.NumberParseException:
            continue
        if phonenumbers.is_valid_number(number):
            return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    return None


@dataclass(frozen=True)
class PhoneFacts:
    display: str  # "+61 412 345 678"
    masked: str  # "+61 ••• ••• 678"
    forms: tuple[str, ...]  # digit strings a person may type: international, national


def parse_e164(e164: str) -> phonenumbers.PhoneNumber:
    """A clean E.164 string as phonenumbers' number, without its general-purpose parser.

    What :func:`normalise_phone` produced needs only the country code split off — the same
    1-to-3-digit lookup the library does — and the parser's cleaning is a third of the cost of
    indexing a number. Anything else goes through ``phonenumbers.parse``.
    """
    if _E164.fullmatch(e164):
        for size in (1, 2, 3):
            code = int(e164[1:1 + size])
            if code in phonenumbers.COUNTRY_CODE_TO_REGION_CODE:
                national = e164[1 + size:]
                number = phonenumbers.PhoneNumber(country_code=code,
                                                  national_number=int(national))
                zeros = len(national) - len(national.lstrip("0"))
                if zeros:  # Italian-style leading zeros are part of the number
                    number.italian_leading_zero = True
                    if zeros > 1:
                        number.number_of_leading_zeros = zeros
                return number
    return phonenumbers.parse(e164, None)


@functools.lru_cache(maxsize=65536)
def phone_facts(e164: str) -> PhoneFacts:
    """Everything the cache needs of one number: its display, masked and typed forms.

    Formatting with phonenumbers is the costliest step of indexing a customer (about 80 µs a
    number, over a minute for a million customers), yet numbers of one shape — country code,
    length, first :data:`SHAPE_DIGITS` digits — share their layout. So one number of each shape
    is formatted by the library and the others are laid out like it (:class:`_Layout`); the
    result is the library's own (a property test holds the two against each other across
    every region). The same number from several vendors hits this function's cache.
    """
    try:
        number = parse_e164(e164)
    except phonenumbers.NumberParseException:
        return PhoneFacts(e164, e164, (digits(e164),))
    if number.italian_leading_zero or number.country_code is None:
        return _formatted(e164, number)  # the layout's digit positions assume no leading zero
    nsn = str(number.national_number)
    shape = (number.country_code, len(nsn), nsn[:SHAPE_DIGITS])
    if shape in _NO_LAYOUT:
        return _formatted(e164, number)
    layout = _LAYOUTS.get(shape)
    if layout is None:
        layout = _Layout.of(number, nsn)
        if layout is None:  # a layout that moves digits (Argentina's mobiles): always format
            _NO_LAYOUT.add(shape)
            return _formatted(e164, number)
        if len(_LAYOUTS) >= _LAYOUTS_MAX:
            _LAYOUTS.clear()
        _LAYOUTS[shape] = layout
    return layout.facts(e164, nsn)


#: How many leading digits of the national number decide its layout, with the country code and
#: the length. Five matched the library for every one of 35,000 valid numbers drawn across all
#: its regions; fewer did not (Kazakhstan shares +7 with Russia and differs at the fourth).
SHAPE_DIGITS = 5
_LAYOUTS: dict[tuple[int, int, str], _Layout] = {}
_NO_LAYOUT: set[tuple[int, int, str]] = set()
#: Shapes kept at most (a chain's numbers have a few thousand): past it, the map starts over.
_LAYOUTS_MAX = 65536


def _formatted(e164: str, number: phonenumbers.PhoneNumber) -> PhoneFacts:
    """The facts straight from the library: the reference every layout reproduces."""
    national = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
    forms = tuple(dict.fromkeys(f for f in (digits(e164), digits(national)) if f))
    # "+61 412 345 678", "+39 06 1234 5678": the national prefix is not always droppable
    display = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
    return PhoneFacts(display, _mask_digits(display, len(str(number.country_code))), forms)


@dataclass(frozen=True)
class _Layout:
    """How one shape of number is written: the library's national and international forms of
    a sample, with the national number's digits taken out (they are the last digits of each).
    """

    national_prefix: str  # the digits the national form puts before the national number
    international: tuple[str, ...]  # text between the national number's digits
    masked: tuple[str, ...]  # the same, masked: only its last digits are left to fill in

    @classmethod
    def of(cls, number: phonenumbers.PhoneNumber, nsn: str) -> _Layout | None:
        """The layout of ``number``, or None when its forms are not "fixed text + its national
        number's digits in order" (then every number of its shape is formatted whole)."""
        national = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
        international = phonenumbers.format_number(
            number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
        code = str(number.country_code)
        if digits(international) != code + nsn or len(nsn) <= _MASK_KEEP_LAST:
            return None
        national_digits = digits(national)
        if not national_digits.endswith(nsn) or len(national_digits) > len(nsn) + 2:
            return None
        pieces = _split(international, len(nsn))
        # What _mask_digits leaves of the number: the country code and the last digits.
        masked = _split(_mask_digits(international, len(code)), _MASK_KEEP_LAST)
        return cls(national_digits[:-len(nsn)], pieces, masked)

    def facts(self, e164: str, nsn: str) -> PhoneFacts:
        forms = tuple(dict.fromkeys(f for f in (digits(e164), self.national_prefix + nsn)))
        return PhoneFacts(_join(self.international, nsn),
                          _join(self.masked, nsn[-_MASK_KEEP_LAST:]), forms)


_MASK_KEEP_LAST = 3


def _split(text: str, last_digits: int) -> tuple[str, ...]:
    """``text`` cut around its last ``last_digits`` digits: the pieces between them."""
    positions = [i for i, ch in enumerate(text) if ch.isdigit()][-last_digits:]
    pieces, start = [], 0
    for position in positions:
        pieces.append(text[start:position])
        start = position + 1
    pieces.append(text[start:])
    return tuple(pieces)


def _join(pieces: tuple[str, ...], nsn: str) -> str:
    out = [pieces[0]]
    for digit, piece in zip(nsn, pieces[1:], strict=True):
        out += (digit, piece)
    return "".join(out)


_DIGIT = re.compile(r"\d")


def _mask_digits(display: str, keep_first: int, keep_last: int = _MASK_KEEP_LAST) -> str:
    """Bullets for every digit but the first ``keep_first`` and the last ``keep_last``."""
    total = sum(ch.isdigit() for ch in display)
    seen = 0

    def bullet(match: re.Match[str]) -> str:
        nonlocal seen
        seen += 1
        return match.group() if seen <= keep_first or seen > total - keep_last else "•"

    return _DIGIT.sub(bullet, display)


def phone_display(e164: str) -> str:
    """"+61 412 345 678": how a person reads a number in a link reason."""
    return phone_facts(e164).display


def phone_search_forms(e164: str) -> tuple[str, ...]:
    """Digit strings a person may type: international digits and the national form."""
    return phone_facts(e164).forms


def mask_phone(e164: str) -> str:
    """"+61412345678" → "+61 ••• ••• 678": country code and last digits are what staff ask for."""
    return phone_facts(e164).masked


def mask_email(email: str) -> str:
    """"zoe.nguyen@example.com" → "zo••••••@example.com": enough to confirm, not to copy."""
    local, _, domain = email.partition("@")
    shown = local[:2] if len(local) > 3 else local[:1]
    return f"{shown}{'•' * max(1, len(local) - len(shown))}@{domain}"


def safe_mask_phone(phone: str) -> str:
    """:func:`mask_phone`, or — for a number phonenumbers cannot read — all but the last 3
    digits hidden (a vendor's odd value must never show in full by accident)."""
    try:
        return mask_phone(phone)
    except Exception:
        return "•" * max(0, len(phone) - 3) + phone[-3:]


def safe_phone_display(phone: str) -> str:
    """:func:`phone_display`, or the value as the vendor sent it when it cannot be read."""
    try:
        return phone_display(phone)
    except Exception:
        return phone


@dataclass(frozen=True)
class ShownContacts:
    """A customer's contacts as a screen shows them: masked, or in full once revealed."""

    emails: list[str]
    phones: list[str]
    link_reasons: list[str]


def shown_contacts(emails: list[str], phones: list[str], link_reasons: list[str], *,
                   revealed: bool) -> ShownContacts:
    """Masked unless ``revealed``: the contacts and the link reasons that quote them ("same
    email zoe@…"). One rule for the window's profile and ``clientdesk show``: a counter
    screen, and a terminal, are read over the shoulder."""
    if revealed:
        return ShownContacts(list(emails), [safe_phone_display(p) for p in phones],
                             list(link_reasons))
    reasons = []
    for reason in link_reasons:
        for email in emails:
            reason = reason.replace(email, mask_email(email))
        for phone in phones:
            reason = reason.replace(safe_phone_display(phone), safe_mask_phone(phone))
            reason = reason.replace(phone, safe_mask_phone(phone))
        reasons.append(reason)
    return ShownContacts([mask_email(e) for e in emails], [safe_mask_phone(p) for p in phones],
                         reasons)


_CONTACT_KEY = re.compile(r"e-?mail|phone|mobile", re.IGNORECASE)


def mask_contact_fields(value: object) -> object:
    """A copy of a vendor's JSON with every email or phone field masked, at any depth — for
    output that shows what a vendor holds without showing the contacts in full."""
    if isinstance(value, dict):
        return {key: (_mask_any(item) if isinstance(key, str) and _CONTACT_KEY.search(key)
                      and isinstance(item, str) else mask_contact_fields(item))
                for key, item in value.items()}
    if isinstance(value, list):
        return [mask_contact_fields(item) for item in value]
    return value


def _mask_any(text: str) -> str:
    return mask_email(text) if "@" in text else safe_mask_phone(text) if text else text
