"""A deterministic population of store customers, shared by the five fake vendors.

Person ``i`` is computed from ``(seed, i)`` alone, so a sandbox with a million customers costs no
memory until a record is asked for, and two runs with the same seed serve identical data. The
same person shows up across vendors the way real stores see them: an email in another case, a
phone in local or E.164 form, fields missing, accents and apostrophes, duplicates, dummy walk-ins
and blacklisted customers. Vendor servers shape these facts into their own wire formats.
"""

from __future__ import annotations

import hashlib
import random
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from functools import cached_property

FIRST_NAMES = (
    "Zoë", "Olivia", "Liam", "Noah", "Chloé", "Mia", "Jack", "Aroha", "Wei", "Priya",
    "Siobhán", "José", "Léa", "Mohammed", "Ana", "Søren", "Björn", "Hana", "Tariq", "Amélie",
    "Grace", "Isla", "Lucas", "Mateo", "Nikhil", "Ngaio", "Renée", "François", "Yuki", "Aaliyah",
)
LAST_NAMES = (
    "O'Brien", "Nguyễn", "Smith", "Müller", "García", "D'Angelo", "Ó Súilleabháin", "Chen",
    "Patel", "Williams", "Brown", "Jones", "Kowalski", "Núñez", "van der Berg", "MacDonald",
    "Tanaka", "Kim", "Singh", "Dubois", "Łukasiewicz", "Andersen", "Rossi", "Taylor", "Wilson",
    "Martin", "Lee", "Ahmed", "Silva", "Hernández",
)
DOMAINS = ("example.com", "example.net", "mail.example.org")
BLACKLIST_REASONS = (
    "Abusive to staff on 3 occasions",
    "Repeated no-shows (5 in 2 months)",
    "Chargeback fraud — see incident 2291",
    "Shoplifting, police report filed",
)
SERVICES = (
    ("Fitting consultation", "45.00"),
    ("Repair drop-off", "0.00"),
    ("Personal styling", "120.00"),
    ("Alterations", "35.50"),
    ("Click & collect", "0.00"),
    ("Engraving", "18.99"),
)
STAFF = (("Ruth", "Kaur"), ("Tom", "Ellis"), ("Mei", "Wong"), ("Dan", "O'Neil"))
#: How Booxi misspells a first name for some people: a real disagreement between linked
#: records (accents dropped, "Zoe" for "Zoë", is not one; see Person.name_variant).
BOOXI_SPELLINGS = {
    "Zoë": "Zoey", "Olivia": "Olivea", "Liam": "Lliam", "Noah": "Noa", "Chloé": "Khloe",
    "Mia": "Miya", "Jack": "Jak", "Aroha": "Aroa", "Wei": "Way", "Priya": "Pria",
    "Siobhán": "Shevaun", "José": "Josef", "Léa": "Leah", "Mohammed": "Mohamed", "Ana": "Anna",
    "Søren": "Soeren", "Björn": "Bjorne", "Hana": "Hannah", "Tariq": "Tarik", "Amélie": "Emilie",
    "Grace": "Gracie", "Isla": "Islay", "Lucas": "Lukas", "Mateo": "Matteo", "Nikhil": "Nikil",
    "Ngaio": "Naio", "Renée": "Rene", "François": "Francis", "Yuki": "Yukie",
    "Aaliyah": "Aliyah",
}

# Mobile subscriber number of person i: (i * step + seed * offset) mod 10**8. The step is
# invertible modulo 10**8, so a phone number decodes back to its person without a table.
_PHONE_MOD = 10**8
_PHONE_STEP = 7919
_PHONE_OFFSET = 104729
_PHONE_INVERSE = pow(_PHONE_STEP, -1, _PHONE_MOD)
# Every email's local part ends with the person's index (see Population.person).
_EMAIL_INDEX = re.compile(r"(\d{1,9})@")


def ascii_fold(text: str) -> str:
    """Letters only, accents removed: what a person types into an email address."""
    folded = unicodedata.normalize("NFKD", text)
    folded = folded.replace("ø", "o").replace("Ø", "O").replace("ł", "l").replace("Ł", "L")
    return "".join(c for c in folded if c.isascii() and c.isalpha()).lower()


def plain_letters(text: str) -> str:
    """The name with its accents dropped, case and punctuation kept ("Zoë O'Brien" →
    "Zoe O'Brien"): how a keyboard without them writes it."""
    folded = unicodedata.normalize("NFKD", text.replace("ø", "o").replace("Ø", "O")
                                   .replace("ł", "l").replace("Ł", "L"))
    return "".join(c for c in folded if not unicodedata.combining(c))


def _hash_int(*parts: object) -> int:
    digest = hashlib.blake2b(":".join(map(str, parts)).encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big")


_CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"


def _base32(number: int, width: int) -> str:
    out = []
    for _ in range(width):
        out.append(_CROCKFORD[number & 31])
        number >>= 5
    return "".join(reversed(out))


@dataclass(frozen=True)
class Booking:
    """One booking of a person, before a vendor shapes it."""

    key: str  # stable within (person, vendor)
    starts: datetime  # UTC
    minutes: int
    service: str
    price: str  # decimal string in store currency
    staff: tuple[str, str]
    status: str  # upcoming | completed | cancelled | no-show


@dataclass(frozen=True)
class Person:
    """Facts about one customer; vendors pick and shape what they hold."""

    seed: int
    index: int
    first_name: str
    last_name: str
    email: str | None
    mobile_national: str | None  # "0412 345 678"
    mobile_e164: str | None  # "+61412345678"
    dob: date | None
    in_loke: bool
    in_reservations: bool
    in_booxi: bool
    loke_duplicate: bool
    reservations_dummy: bool
    blacklist_reason: str | None
    qudini_bookings: int
    points: int
    spend_cents: int
    created: datetime
    rng_state: int = field(repr=False)

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    # -- how each vendor writes the contacts -------------------------------------------------
    def email_variant(self, vendor: str) -> str | None:
        """Emails differ in case between vendors for some people (never in substance)."""
        if self.email is None:
            return None
        if vendor == "reservations" and self.index % 5 == 1:
            local, _, domain = self.email.partition("@")
            return f"{local.title()}@{domain.upper()}"
        if vendor == "booxi" and self.index % 7 == 3:
            return self.email.upper()
        if vendor == "loke" and self.index % 9 == 4:
            return f"  {self.email} "  # pasted with stray spaces at signup
        return self.email

    def phone_variant(self, vendor: str) -> str | None:
        """Phones are local form in some vendors, E.164 in others. Some people gave
        reservations another number (a landline) than LOKE: linked by email, the records then
        disagree on the phone."""
        if self.mobile_e164 is None:
            return None
        if vendor == "reservations" and self.other_reservations_phone:
            return f"+61298{self.index % 1_000_000:06d}"
        if vendor == "reservations" and self.index % 2 == 0:
            return self.mobile_national
        if vendor == "qminder" and self.index % 3 == 0:
            return self.mobile_e164.lstrip("+")  # Qminder v1 sends digits as a JSON number
        return self.mobile_e164

    @property
    def other_reservations_phone(self) -> bool:
        """Reservations holds another phone than LOKE (still linked by the email)."""
        return bool(self.index % 17 == 9 and self.in_loke and self.in_reservations
                    and self.email and self.mobile_e164 and not self.reservations_dummy)

    def name_variant(self, vendor: str) -> tuple[str, str]:
        """(first, last) as a vendor spells them. Booxi writes some names without accents
        (the same name) and misspells some first names (another spelling: a disagreement)."""
        if vendor == "booxi" and self.index % 11 == 5:
            return BOOXI_SPELLINGS.get(self.first_name, self.first_name + "e"), self.last_name
        if vendor == "booxi" and self.index % 11 == 2:
            return plain_letters(self.first_name), plain_letters(self.last_name)
        return self.first_name, self.last_name

    # -- bookings ----------------------------------------------------------------------------
    def bookings(self, vendor: str, anchor: datetime, count: int | None = None) -> list[Booking]:
        """Past and future bookings of this person at one vendor, newest first."""
        rng = random.Random(_hash_int(self.seed, self.index, vendor, "bookings"))
        n = rng.randint(0, 6) if count is None else count
        out: list[Booking] = []
        for k in range(n):
            days = rng.randint(-700, 60)
            starts = (anchor + timedelta(days=days)).replace(
                hour=rng.randint(0, 7), minute=rng.choice((0, 15, 30, 45)), second=0,
                microsecond=0)
            service, price = rng.choice(SERVICES)
            if starts > anchor:
                status = "cancelled" if rng.random() < 0.1 else "upcoming"
            else:
                status = rng.choices(("completed", "cancelled", "no-show"), (80, 12, 8))[0]
            out.append(Booking(
                key=f"{vendor[:2]}{self.index:x}-{k}", starts=starts,
                minutes=rng.choice((15, 30, 45, 60)), service=service, price=price,
                staff=rng.choice(STAFF), status=status,
            ))
        out.sort(key=lambda b: b.starts, reverse=True)
        return out

    # -- vendor ids (decodable back to the index, so lookups need no table) --------------------
    @cached_property
    def loke_id(self) -> str:
        return loke_id(self.seed, self.index)

    @cached_property
    def reservations_id(self) -> str:
        return reservations_id(self.seed, self.index)

    @property
    def booxi_client_id(self) -> int:
        return BOOXI_CLIENT_BASE + self.index

    def qudini_identifier(self, k: int) -> str:
        return qudini_identifier(self.seed, self.index, k)


BOOXI_CLIENT_BASE = 5_000_000


def loke_id(seed: int, index: int, duplicate: bool = False) -> str:
    """26-character ULID-like id; characters 3..13 carry the index."""
    tail = _base32(_hash_int(seed, index, "loke", duplicate), 13)
    return "01J" + _base32(index * 2 + (1 if duplicate else 0), 10) + tail


def loke_index(customer_id: str) -> tuple[int, bool] | None:
    if len(customer_id) != 26 or not customer_id.startswith("01J"):
        return None
    number = 0
    for char in customer_id[3:13]:
        pos = _CROCKFORD.find(char)
        if pos < 0:
            return None
        number = number * 32 + pos
    return number // 2, bool(number % 2)


def reservations_id(seed: int, index: int) -> str:
    h = _hash_int(seed, index, "reservations")
    return (f"{h >> 32 & 0xFFFFFFFF:08x}-{h >> 16 & 0xFFFF:04x}-7{h >> 4 & 0xFFF:03x}-"
            f"8{h & 0xFFF:03x}-{index:012x}")


def reservations_index(customer_id: str) -> int | None:
    parts = customer_id.lower().split("-")
    if len(parts) != 5 or len(parts[4]) != 12:
        return None
    try:
        index = int(parts[4], 16)
    except ValueError:
        return None
    return index


def qudini_identifier(seed: int, index: int, k: int) -> str:
    """33 hex characters, unique per booking: hash, booking number, index."""
    return f"{_hash_int(seed, index, k, 'qudini'):016x}{k:09x}{index:08x}"


def qudini_index(identifier: str) -> tuple[int, int] | None:
    if len(identifier) != 33:
        return None
    try:
        return int(identifier[25:], 16), int(identifier[16:25], 16)
    except ValueError:
        return None


class Population:
    """``size`` people generated on demand from ``seed``; ``anchor`` is "now" for bookings."""

    def __init__(self, size: int, seed: int = 1, anchor: datetime | None = None) -> None:
        if size < 1:
            raise ValueError("a population needs at least one person")
        self.size = size
        self.seed = seed
        now = datetime.now(UTC) if anchor is None else anchor
        self.anchor = now.replace(minute=0, second=0, microsecond=0)

    def __len__(self) -> int:
        return self.size

    def person(self, index: int) -> Person:
        if not 0 <= index < self.size:
            raise IndexError(index)
        rng = random.Random(_hash_int(self.seed, index))
        first = rng.choice(FIRST_NAMES)
        last = rng.choice(LAST_NAMES)
        has_email = rng.random() < 0.9
        has_phone = rng.random() < 0.85
        f, last_folded = ascii_fold(first), ascii_fold(last)
        style = rng.randrange(3)
        local = (f"{f}.{last_folded}{index}", f"{f[:1]}{last_folded}{index}",
                 f"{last_folded}.{f}{index}")[style]
        email = f"{local}@{rng.choice(DOMAINS)}" if has_email else None
        subscriber = (index * _PHONE_STEP + self.seed * _PHONE_OFFSET) % _PHONE_MOD
        national = f"04{subscriber // 1_000_000 % 100:02d} {subscriber // 1000 % 1000:03d} " \
                   f"{subscriber % 1000:03d}"
        e164 = "+614" + f"{subscriber:08d}"
        in_loke = rng.random() < 0.75
        in_reservations = rng.random() < 0.55
        in_booxi = rng.random() < 0.35
        if not (in_loke or in_reservations or in_booxi):
            in_loke = True
        dummy = in_reservations and rng.random() < 0.15
        blacklisted = in_reservations and rng.random() < 0.03
        qudini = rng.choices((0, 1, 2), (75, 20, 5))[0]
        points = rng.randint(0, 5000) if in_loke else 0
        return Person(
            seed=self.seed,
            index=index,
            first_name=first,
            last_name=last,
            email=email,
            mobile_national=national if has_phone else None,
            mobile_e164=e164 if has_phone else None,
            dob=date(rng.randint(1945, 2006), rng.randint(1, 12), rng.randint(1, 28))
            if rng.random() < 0.7 else None,
            in_loke=in_loke,
            in_reservations=in_reservations,
            in_booxi=in_booxi,
            loke_duplicate=in_loke and has_email and rng.random() < 0.02,
            reservations_dummy=dummy,
            blacklist_reason=rng.choice(BLACKLIST_REASONS) if blacklisted else None,
            qudini_bookings=qudini,
            points=points,
            spend_cents=points * rng.randint(5, 40) + rng.randint(0, 99),
            created=self.anchor
            - timedelta(days=rng.randint(1, 1500), seconds=rng.randint(0, 86399)),
            rng_state=rng.getrandbits(32),
        )

    def people(self, start: int = 0, stop: int | None = None) -> list[Person]:
        stop = self.size if stop is None else min(stop, self.size)
        return [self.person(i) for i in range(start, stop)]

    def find_by_email(self, email: str) -> list[int]:
        """Indices whose email matches, ignoring case and stray spaces; O(1) at any size.

        The index is read from the digits that end the address's local part and then checked
        against that person, so a search in a million people builds no table of them.
        """
        wanted = email.strip().casefold()
        match = _EMAIL_INDEX.search(wanted)
        if match is None:
            return []
        index = int(match.group(1))
        if index >= self.size or (self.person(index).email or "").casefold() != wanted:
            return []
        return [index]

    def find_by_phone(self, phone: str) -> list[int]:
        """Indices whose mobile matches, in E.164 or the local form (any spacing); O(1)."""
        digits = "".join(c for c in phone if c in "0123456789")
        if digits.startswith("614") and len(digits) == 11:
            subscriber = int(digits[3:])
        elif digits.startswith("04") and len(digits) == 10:
            subscriber = int(digits[2:])
        else:
            return []
        index = (subscriber - self.seed * _PHONE_OFFSET) * _PHONE_INVERSE % _PHONE_MOD
        if index >= self.size or self.person(index).mobile_e164 != f"+614{subscriber:08d}":
            return []
        return [index]
