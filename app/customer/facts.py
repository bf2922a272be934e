"""What staff ask about first, from every vendor at once: birthday, marketing consent, and
where the linked records disagree on name, phone or email.

One place decides these so the window and ``clientdesk show`` say the same thing:

* **Birthday** — one per vendor (LOKE ``dob``, reservations ``birthday``, Booxi
  ``dateOfBirth``). Birthdays that are the same day (one perhaps without its year) are one
  birthday, shown with the year when any vendor knows it; different days are shown per vendor,
  never silently picked. "Today" / "this week" follow :func:`app.customer.birthday.birthday_when`.
* **Marketing consent** — LOKE ``hasAgreedToMarketing`` and Booxi ``inMailingList`` mean
  different lists, so when they differ staff see both ("LOKE: yes · Booxi: no").
* **Disagreements** — linked records that do not hold the same name, phone or email. Names
  are compared case-, accent-, apostrophe- and spacing-insensitively ("Zoë" is "Zoe",
  "O'Brien" is "OBrien"), and a name whose words are all in the other (a walk-in record with
  the first name only) is not a disagreement; "Jon" and "John" are. Phones are compared in
  E.164 (the store's country for local forms), emails trimmed and case-folded. Values are
  kept normalised here and masked only when shown (:func:`disagreement_text`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, tzinfo
from itertools import combinations
from typing import Any

from app.customer.birthday import Birthday, When, birthday_text, birthday_when
from app.customer.model import BooxiHistory, Header, Sections
from app.domain.contacts import (
    mask_email,
    normalise_email,
    normalise_phone,
    safe_mask_phone,
    safe_phone_display,
)
from app.domain.text import fold
from app.profile import VENDOR_NAMES

__all__ = ["BirthdayFacts", "Disagreement", "VendorContact", "birthday_facts", "booxi_notes",
           "contacts_of", "disagreement_json", "disagreement_text", "disagreements",
           "marketing", "marketing_text", "mask_contact_lists", "names_agree", "quick_notes"]

FIELDS = ("name", "phone", "email")
_WHEN_ORDER = {When.TODAY: 0, When.THIS_WEEK: 1}


def _vendor(vendor: str) -> str:
    return VENDOR_NAMES.get(vendor, vendor)


# -- birthday ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class BirthdayFacts:
    """The birthday line: ``text`` ("17 May 1990", or per vendor when they differ), ``when``
    (today / this week / None) and each vendor's own birthday."""

    text: str
    when: When | None
    by_vendor: dict[str, Birthday]
    agree: bool


def birthdays(sections: Sections) -> dict[str, Birthday]:
    """Each vendor's birthday, where its section holds one (Booxi: its first client with one)."""
    found: dict[str, Birthday] = {}
    loke, res, booxi = sections.loke.data, sections.reservations.data, sections.booxi.data
    if loke is not None and loke.birthday is not None:
        found["loke"] = loke.birthday
    if res is not None and res.birthday is not None:
        found["reservations"] = res.birthday
    if booxi is not None:
        first = next((c.birthday for c in booxi.clients if c.birthday is not None), None)
        if first is not None:
            found["booxi"] = first
    return found


def birthday_facts(sections: Sections, now: datetime, zone: tzinfo) -> BirthdayFacts | None:
    """None when no vendor knows the birthday."""
    found = birthdays(sections)
    if not found:
        return None
    values = list(found.values())
    agree = all(a.same_day(b) for a, b in combinations(values, 2))
    whens = [w for w in (birthday_when(b, now, zone) for b in values) if w is not None]
    when = min(whens, key=_WHEN_ORDER.__getitem__) if whens else None
    if agree:
        best = next((b for b in values if b.year is not None), values[0])
        return BirthdayFacts(birthday_text(best), when, found, True)
    text = " · ".join(f"{_vendor(v)}: {birthday_text(b)}" for v, b in found.items())
    return BirthdayFacts(text, when, found, False)


# -- marketing consent ------------------------------------------------------------------------
def marketing(sections: Sections) -> dict[str, str]:
    """"yes" / "no" per vendor that says (Booxi clients saying both: "mixed")."""
    out: dict[str, str] = {}
    loke, booxi = sections.loke.data, sections.booxi.data
    if loke is not None and loke.marketing is not None:
        out["loke"] = "yes" if loke.marketing else "no"
    if booxi is not None:
        said = {c.in_mailing_list for c in booxi.clients if c.in_mailing_list is not None}
        if said:
            out["booxi"] = "mixed" if len(said) > 1 else ("yes" if said.pop() else "no")
    return out


def marketing_text(by_vendor: dict[str, str]) -> str:
    """"yes (LOKE, Booxi)" when they agree, "LOKE: yes · Booxi: no" when not; "" if none."""
    if not by_vendor:
        return ""
    values = set(by_vendor.values())
    if len(values) == 1:
        return f"{values.pop()} ({', '.join(_vendor(v) for v in by_vendor)})"
    return " · ".join(f"{_vendor(v)}: {word}" for v, word in by_vendor.items())


def booxi_notes(history: BooxiHistory | None) -> list[str]:
    """Booxi's staff quick notes of the customer's clients (distinct, as written)."""
    if history is None:
        return []
    return list(dict.fromkeys(c.quick_note for c in history.clients if c.quick_note.strip()))


def quick_notes(sections: Sections) -> list[str]:
    return booxi_notes(sections.booxi.data)


# -- disagreements ----------------------------------------------------------------------------
@dataclass(frozen=True)
class VendorContact:
    """One record's name and contacts, as the vendor holds them."""

    vendor: str
    name: str = ""
    emails: Sequence[str] = ()
    phones: Sequence[str] = ()


@dataclass(frozen=True)
class Disagreement:
    """``what`` ("name", "phone" or "email") and each vendor's values (normalised)."""

    what: str
    values: dict[str, list[str]] = field(default_factory=dict)


def contacts_of(header: Header | None, sections: Sections) -> list[VendorContact]:
    """The cached records (LOKE, reservations) plus what the fetched sections add: Booxi's
    clients (names and contacts) and Qudini's bookings (a name only)."""
    out: list[VendorContact] = []
    if header is not None:
        out += [VendorContact(r.vendor, r.name, r.emails, r.phones) for r in header.records]
    booxi = sections.booxi.data
    if booxi is not None:
        out += [VendorContact("booxi", c.name, c.emails, c.phones) for c in booxi.clients]
    qudini = sections.qudini.data
    if qudini is not None:
        out += [VendorContact("qudini", v.name) for v in qudini.visits if v.name.strip()]
    return out


def _name_words(name: str) -> frozenset[str]:
    return frozenset(fold(name).split())


def _name_key(name: str) -> str:
    return fold(name).replace(" ", "")


def names_agree(a: str, b: str) -> bool:
    """Same name once case, accents, apostrophes and spacing are set aside, or one name's
    words all found in the other's ("Zoë" and "Zoë Nguyễn")."""
    if _name_key(a) == _name_key(b):
        return True
    wa, wb = _name_words(a), _name_words(b)
    return bool(wa and wb) and (wa <= wb or wb <= wa)


def _per_vendor(items: Iterable[tuple[str, str]]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for vendor, value in items:
        values = out.setdefault(vendor, [])
        if value not in values:
            values.append(value)
    return out


def disagreements(contacts: Sequence[VendorContact], region: str) -> list[Disagreement]:
    """Where linked records do not hold the same name, phone or email (module docstring)."""
    found: list[Disagreement] = []
    named = [(c.vendor, c.name.strip()) for c in contacts if fold(c.name)]
    if any(not names_agree(a, b) for (_, a), (_, b) in combinations(named, 2)):
        # one spelling per vendor and folded form: "Zoë" and "Zoe" from one vendor are one
        keyed: dict[tuple[str, str], str] = {}
        for vendor, name in named:
            keyed.setdefault((vendor, _name_key(name)), name)
        found.append(Disagreement("name", _per_vendor(
            (vendor, name) for (vendor, _key), name in keyed.items())))
    for what, normalise in (("phone", lambda raw: normalise_phone(raw, region)),
                            ("email", normalise_email)):
        sets: list[tuple[str, tuple[str, ...]]] = []
        for contact in contacts:
            raw = contact.phones if what == "phone" else contact.emails
            values = tuple(sorted({v for v in (normalise(r) for r in raw) if v}))
            if values:
                sets.append((contact.vendor, values))
        if len({values for _vendor_name, values in sets}) > 1:
            found.append(Disagreement(what, _per_vendor(
                (vendor, v) for vendor, values in sets for v in values)))
    return found


def shown_value(what: str, value: str, *, revealed: bool) -> str:
    """A disagreeing value as staff see it: contacts masked unless revealed."""
    if what == "phone":
        return safe_phone_display(value) if revealed else safe_mask_phone(value)
    if what == "email":
        return value if revealed else mask_email(value)
    return value


def disagreement_text(item: Disagreement, *, revealed: bool) -> str:
    """"Phone: LOKE has +61 ••• ••• 678, reservations has +61 ••• ••• 123"."""
    parts = [f"{_vendor(vendor)} has "
             + ", ".join(shown_value(item.what, v, revealed=revealed) for v in values)
             for vendor, values in item.values.items()]
    return f"{item.what.capitalize()}: " + "; ".join(parts)


def disagreement_json(item: Disagreement, *, revealed: bool) -> dict[str, Any]:
    return {"field": item.what,
            "values": {vendor: [shown_value(item.what, v, revealed=revealed) for v in values]
                       for vendor, values in item.values.items()},
            "text": disagreement_text(item, revealed=revealed)}


_CONTACT_KEY = re.compile(r"e-?mail|phone|mobile", re.IGNORECASE)


def mask_contact_lists(value: object) -> object:
    """A copy with every list of strings under an email or phone key masked, at any depth:
    :func:`app.domain.contacts.mask_contact_fields` masks single strings only, and the Booxi
    clients' ``emails`` / ``phones`` are lists."""
    if isinstance(value, dict):
        return {key: ([_mask_any(v) if isinstance(v, str) else v for v in item]
                      if isinstance(key, str) and _CONTACT_KEY.search(key)
                      and isinstance(item, list) else mask_contact_lists(item))
                for key, item in value.items()}
    if isinstance(value, list):
        return [mask_contact_lists(item) for item in value]
    return value


def _mask_any(text: str) -> str:
    return mask_email(text) if "@" in text else safe_mask_phone(text) if text else text
