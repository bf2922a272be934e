"""As-you-type search over the cache: names, emails and phone numbers, ranked.

Tiers, in order: exact (the whole name, email or number), prefix (any name word starts with
each typed word; an email or number starts with the text), then the rest (any part of an
email, any run of phone digits: a trigram index, so three characters or more). Within a
tier, recent activity first. Full-text rowids are activity-ordered search keys (see
``schema.py``), so every tier is an index walk with a LIMIT, never a sort of all matches. Any
text at all is safe: names are folded to words before they reach FTS, and contact parts go in
as one quoted string, so quotes, ``*``, ``NEAR(`` or ``AND`` are just characters.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import pairwise

from app.cache.schema import KEY_SPACE
from app.domain.contacts import normalise_email
from app.domain.text import digits, fold

MAX_QUERY = 200  # characters considered; a 10,000-character paste is cut, not refused


@dataclass(frozen=True)
class SearchHit:
    customer_id: int
    name: str
    emails: tuple[str, ...]  # masked
    phones: tuple[str, ...]  # masked
    vendors: tuple[str, ...]  # vendor names, e.g. ("loke", "reservations")
    points: int | None
    blacklisted: bool
    tier: str  # exact | prefix | other | all


@dataclass(frozen=True)
class CustomerRow:
    """A unified customer, unmasked, for the CLI's --json and the profile panel."""

    id: int
    name: str
    emails: list[str]
    phones: list[str]
    vendor_ids: dict[str, list[str]]
    points: int | None
    blacklisted: bool


def _fts_words(folded: str) -> list[str]:
    return [w for w in folded.split() if w][:8]


PROBE_CHARS = 6


def _rarity(window: str) -> int:
    """How few contacts a stretch is likely to occur in, from its shape alone.

    Trigrams of letters (``"and"``, ``"son"``) and of digits are each in tens of thousands of
    contacts; where letters meet digits (``"a71"``) only a handful. A "." or "_" between words
    is in most emails, so it counts for less.
    """
    classes = ["d" if c.isdigit() else "a" if c.isalpha() else "p" for c in window]
    score = sum(1 for c in classes if c == "d")
    for a, b in pairwise(classes):
        if a != b:
            score += 3 if {a, b} == {"a", "d"} else 1
    return score


def _contact_shaped(text: str) -> bool:
    """Typed text that can only be part of an email, never a name: one word with an "@" or
    "_" in it, or letters run together with digits ("lucas.tanaka71", "bob@", "jsmith1987").
    A "." alone does not count: "St.John" is a name."""
    word = text.strip()
    if not word or any(c.isspace() for c in word):
        return False
    if "@" in word or "_" in word:
        return True
    return any(c.isdigit() for c in word) and any(c.isalpha() for c in word)


def _probe(part: str) -> str:
    """The selective stretch of a contact fragment: what the trigram index is asked for.

    A trigram phrase costs about as much as the postings of all its trigrams, so a short,
    rare stretch beats the whole fragment — at a million customers "siobhan.kowalski" costs
    15 ms and "ski593" under 2. Digits: the last six (every local number starts with the same
    country and mobile digits). Else the six characters of rarest shape (:func:`_rarity`;
    the later on a tie), looking only before an "@" (every domain is shared).
    """
    if part.isdigit():
        return part[-PROBE_CHARS:]
    local, at, _domain = part.partition("@")
    text = local + at if at and len(local) >= 2 else part
    if len(text) <= PROBE_CHARS:
        return text
    windows = (text[i:i + PROBE_CHARS] for i in range(len(text) - PROBE_CHARS + 1))
    best = ""
    for window in windows:
        if not best or _rarity(window) >= _rarity(best):
            best = window
    return best


def _phrase(text: str) -> str:
    """``text`` as one FTS5 string: with the trigram index, "contains this substring".

    Inside double quotes FTS5 syntax (``*``, ``NEAR(``, ``AND``) is plain text; a quote is
    doubled. A NUL would end the string early in FTS5's parser, and no contact holds one.
    """
    return '"' + text.replace("\x00", "").replace('"', '""') + '"'


class Searcher:
    """Read-only searches on one connection (use one Searcher per thread)."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def search(self, text: str, limit: int = 50, offset: int = 0) -> list[SearchHit]:
        ids = self.search_ids(text, limit, offset)
        return self.hits(ids)

    def search_ids(self, text: str, limit: int = 50,
                   offset: int = 0) -> list[tuple[int, str]]:
        """``(customer id, tier)`` pairs, best first."""
        text = text[:MAX_QUERY]
        folded = fold(text)
        number = digits(text)
        want = offset + limit
        seen: dict[int, str] = {}

        def take(tier: str, found: Iterable[int]) -> bool:
            for customer_id in found:
                if customer_id not in seen:
                    seen[customer_id] = tier
                    if len(seen) >= want:
                        return True
            return False

        if not folded and not number:
            if text.strip():
                return []
            rows = self.conn.execute(
                "SELECT id FROM customers ORDER BY search_key DESC LIMIT ? OFFSET ?",
                (limit, offset))
            return [(int(r[0]), "all") for r in rows]
        email = normalise_email(text)
        # 1. exact
        exact: list[int] = []
        if folded:
            exact += self._keys_to_ids(self.conn.execute(
                "SELECT search_key FROM customers WHERE name_norm = ? ORDER BY search_key DESC "
                "LIMIT ?", (folded, want)))
        if email:
            exact += self._contact("email", email, want)
        if len(number) >= 6 and number == text.replace(" ", "").replace("+", "").replace(
                "-", "").replace("(", "").replace(")", ""):
            exact += self._contact("phone", number, want)
        if take("exact", exact):
            return self._page(seen, offset)
        whole_email = bool(email) and len(exact) > 0
        # 2. prefix: of name words — unless the text is part of an email, which the contact
        #    tiers below answer (its words "martin"*, "com"* would walk most of the name index)
        terms = _fts_words(folded)
        if terms and not _contact_shaped(text):
            query = " ".join(f'"{w}"*' for w in terms)
            if take("prefix", self._fts("name_fts", query, want)):
                return self._page(seen, offset)
        lowered = text.strip().casefold()
        if (len(lowered) >= 3 and " " not in lowered
                and take("prefix", self._contact_prefix("email", lowered, want))):
            return self._page(seen, offset)
        phone_like = len(number) >= 3 and len(number) * 2 >= len(text.strip())
        if phone_like and take("prefix", self._contact_prefix("phone", number, want)):
            return self._page(seen, offset)
        # 3. any part of an email, any run of phone digits (three characters or more)
        #    A whole email that matched exactly is not also looked for inside other emails.
        if len(lowered) >= 3 and " " not in lowered and not whole_email and take(
                "other", self._contains(lowered, want)):
            return self._page(seen, offset)
        if phone_like:
            take("other", self._contains(number, want))
        return self._page(seen, offset)

    @staticmethod
    def _page(seen: dict[int, str], offset: int) -> list[tuple[int, str]]:
        return list(seen.items())[offset:]

    @staticmethod
    def _keys_to_ids(rows: Iterable[tuple[int]]) -> list[int]:
        return [int(r[0]) % KEY_SPACE for r in rows]

    def _fts(self, table: str, query: str, limit: int) -> list[int]:
        try:
            rows = self.conn.execute(
                f"SELECT rowid FROM {table} WHERE {table} MATCH ? ORDER BY rowid DESC LIMIT ?",
                (query, limit)).fetchall()
        except sqlite3.OperationalError:
            return []  # defensive: a query FTS cannot parse is simply no match
        return self._keys_to_ids(rows)

    def _contains(self, part: str, limit: int) -> list[int]:
        """Customers with ``part`` anywhere in an email or a phone's digits, most recent first.

        A trigram phrase costs as much as its commonest trigrams: the domain of a whole email
        ("…@mail.example.org") is in a third of all documents, and at 100,000 customers the
        full phrase took 20 ms where the part before the "@" took 2. So the index is asked for a
        short, selective probe, and the whole text is checked on the rows it returns.
        """
        probe = _probe(part)
        if probe == part:
            return self._fts("contact_fts", _phrase(part), limit)
        try:
            rows = self.conn.execute(
                "SELECT f.rowid FROM contact_fts f JOIN customers c ON c.search_key = f.rowid "
                "WHERE contact_fts MATCH ? AND instr(c.contact_text, ?) > 0 "
                "ORDER BY f.rowid DESC LIMIT ?", (_phrase(probe), part, limit)).fetchall()
        except sqlite3.OperationalError:
            return []  # defensive, as in _fts: a query FTS cannot parse is simply no match
        return self._keys_to_ids(rows)

    def _contact(self, kind: str, value: str, limit: int) -> list[int]:
        rows = self.conn.execute(
            "SELECT c.search_key FROM contact_index i JOIN customers c ON c.id = i.customer_id "
            "WHERE i.kind = ? AND i.value = ? ORDER BY c.search_key DESC LIMIT ?",
            (kind, value, limit))
        return self._keys_to_ids(rows)

    def _contact_prefix(self, kind: str, value: str, limit: int) -> list[int]:
        rows = self.conn.execute(
            "SELECT DISTINCT customer_id FROM contact_index WHERE kind = ? AND value >= ? "
            "AND value < ? LIMIT ?", (kind, value, value + "\uffff", limit * 4))
        ids = [int(r[0]) for r in rows]
        if not ids:
            return []
        marks = ",".join("?" * len(ids))
        ordered = self.conn.execute(
            f"SELECT search_key FROM customers WHERE id IN ({marks}) ORDER BY search_key DESC "
            "LIMIT ?", (*ids, limit))
        return self._keys_to_ids(ordered)

    def hits(self, ids: list[tuple[int, str]]) -> list[SearchHit]:
        if not ids:
            return []
        marks = ",".join("?" * len(ids))
        rows = {int(r[0]): r for r in self.conn.execute(
            f"SELECT id, name, masked, vendors, points, blacklisted FROM customers "
            f"WHERE id IN ({marks})", [i for i, _ in ids])}
        out = []
        for customer_id, tier in ids:
            row = rows.get(customer_id)
            if row is None:
                continue  # removed by a sync between the two queries
            vendors = tuple(dict.fromkeys(v.partition(":")[0] for v in json.loads(row[3])))
            emails, phones = json.loads(row[2])
            out.append(SearchHit(
                customer_id=customer_id, name=row[1], emails=tuple(emails), phones=tuple(phones),
                vendors=vendors, points=row[4], blacklisted=bool(row[5]), tier=tier))
        return out

    def customers(self, ids: list[int]) -> list[CustomerRow]:
        """Unmasked rows for the CLI's JSON output (support and scripting)."""
        out = []
        for customer_id in ids:
            row = self.conn.execute(
                "SELECT id, name, emails, phones, vendors, points, blacklisted FROM customers "
                "WHERE id = ?", (customer_id,)).fetchone()
            if row is None:
                continue
            vendor_ids: dict[str, list[str]] = {}
            for ref in json.loads(row[4]):
                vendor, _, vid = ref.partition(":")
                vendor_ids.setdefault(vendor, []).append(vid)
            out.append(CustomerRow(int(row[0]), row[1], json.loads(row[2]), json.loads(row[3]),
                                   vendor_ids, row[5], bool(row[6])))
        return out

    def count(self) -> int:
        return int(self.conn.execute("SELECT COUNT(*) FROM customers").fetchone()[0])
