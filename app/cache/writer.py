"""Every write to the cache: vendor records in, unified customers and the search index out.

One :class:`CacheWriter` lives on the sync worker thread with its own connection; the GUI never
writes. Each call is one transaction — records, identity links, search index and sync state
change together — so a process killed at any moment leaves the previous consistent state and
the next sync resumes from the cursor saved with the last page.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from app.cache.db import Cache
from app.cache.removals import held_back_text, suspicious
from app.cache.schema import FTS_INDEXES, KEY_SPACE
from app.domain.contacts import mask_email, mask_phone, phone_search_forms
from app.domain.identity import Component, LinkCandidate, RecordRef, link, record_keys
from app.domain.records import NAME_PRIORITY, VendorRecord
from app.domain.text import fold, words
from app.jsontext import dumps, loads

log = logging.getLogger("clientdesk.cache")
CHUNK = 2000  # bound on SQL variables per IN (...) list (SQLite allows 32,766)


@dataclass
class WriteResult:
    added: int = 0
    changed: int = 0
    unchanged: int = 0
    removed: int = 0

    def __iadd__(self, other: WriteResult) -> WriteResult:
        self.added += other.added
        self.changed += other.changed
        self.unchanged += other.unchanged
        self.removed += other.removed
        return self


def _chunks(items: Sequence[Any], size: int = CHUNK) -> Iterator[Sequence[Any]]:
    for start in range(0, len(items), size):
        yield items[start:start + size]


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


@dataclass(frozen=True)
class PassTotals:
    """A finished pass as saved: counted by its pages, removed at its end, stored after it."""

    added: int
    changed: int
    removed: int
    stored: int
    #: Records the pass would have removed but kept (:mod:`app.cache.removals`), and why.
    held_back: int = 0
    held_reason: str | None = None


STATE_FIELDS = ("last_success", "last_attempt", "offline_since", "cursor", "pass_id", "pages",
                "records", "skipped", "added", "changed", "removed", "last_error", "held_back")


class _FtsChanges:
    """Rows to remove from and add to the full-text indexes, written in two batches.

    FTS5 writes its pending terms to disk whenever a rowid is not above the previous one (and
    at every savepoint, which is why there are no triggers): written in rowid order, a whole
    transaction's terms go to disk as one segment instead of one per customer.
    """

    def __init__(self) -> None:
        self.removals: list[tuple[int, str, str]] = []  # (search key, search_name, contacts)
        self.additions: list[tuple[int, str, str]] = []

    def add(self, key: int, search_name: str, contact_text: str) -> None:
        self.additions.append((key, search_name, contact_text))

    def remove(self, key: int, search_name: str, contact_text: str) -> None:
        self.removals.append((key, search_name, contact_text))

    def change(self, old: tuple[int, str, str], new: tuple[int, str, str]) -> None:
        if old != new:
            self.remove(*old)
            self.add(*new)

    def write(self, conn: sqlite3.Connection) -> None:
        self.removals.sort()
        self.additions.sort()
        for position, (table, column) in enumerate(FTS_INDEXES.items(), start=1):
            # External-content FTS5 forgets a row given exactly the values it indexed.
            conn.executemany(
                f"INSERT INTO {table}({table}, rowid, {column}) VALUES ('delete', ?, ?)",
                [(row[0], row[position]) for row in self.removals])
            conn.executemany(f"INSERT INTO {table}(rowid, {column}) VALUES (?, ?)",
                             [(row[0], row[position]) for row in self.additions])
        self.removals.clear()
        self.additions.clear()


class CacheWriter:
    def __init__(self, cache: Cache | None, conn: sqlite3.Connection | None = None) -> None:
        self.cache = cache
        self._owned = conn is None
        if conn is None:
            assert cache is not None, "a writer needs a cache or a connection"
            conn = cache.connect()
        self.conn = conn
        self._last_id: int | None = None  # highest customer id, read once per transaction

    @classmethod
    def over(cls, conn: sqlite3.Connection) -> CacheWriter:
        """A writer on a connection someone else owns (a profile's cache thread storing the
        few records an online lookup found): it writes there and leaves it open."""
        return cls(None, conn)

    def close(self) -> None:
        if self._owned:
            self.conn.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        self.conn.execute("BEGIN IMMEDIATE")
        self._last_id = None
        try:
            yield self.conn
        except BaseException:
            self.conn.execute("ROLLBACK")
            self._last_id = None
            raise
        self.conn.execute("COMMIT")

    # -- records ---------------------------------------------------------------------------
    def upsert(self, vendor: str, records: Sequence[VendorRecord], *, pass_id: str | None = None,
               state: dict[str, Any] | None = None, count: bool = False) -> WriteResult:
        """Store a page of ``vendor``'s records (and, atomically, the sync ``state``).

        With ``count`` the page's additions and changes are added to the saved ``added`` and
        ``changed`` in the same transaction: a pass's counts stay exact however it is cut off.
        """
        with self.transaction():
            result = self._upsert(vendor, records, pass_id)
            if state is not None or count:
                self._set_state(vendor, state or {})
            if count:
                self.conn.execute(
                    "UPDATE sync_state SET added = added + ?, changed = changed + ? "
                    "WHERE vendor = ?", (result.added, result.changed, vendor))
        return result

    def remove_missing(self, vendor: str, pass_id: str,
                       state: dict[str, Any] | None = None) -> int:
        """End a full pass: records of ``vendor`` not seen in ``pass_id`` are gone upstream."""
        with self.transaction():
            removed = self._remove_unseen(vendor, pass_id)
            if state is not None:
                self._set_state(vendor, state)
        return removed

    def finish_pass(self, vendor: str, pass_id: str, state: dict[str, Any] | None = None, *,
                    accept_removals: bool = False) -> PassTotals:
        """:meth:`remove_missing`, saving the final counts with ``state`` — unless the removals
        look like a bad answer (:func:`app.cache.removals.suspicious`): then nothing is removed
        and the count is held back, until a later pass finds the same number missing or
        ``accept_removals`` says a person checked.

        ``added``/``changed`` were counted by the pages (``upsert(count=True)``).
        """
        with self.transaction():
            before = int(self.conn.execute(
                "SELECT COUNT(*) FROM records WHERE vendor = ?", (vendor,)).fetchone()[0])
            gone = int(self.conn.execute(
                "SELECT COUNT(*) FROM records WHERE vendor = ? AND pass_id IS NOT ?",
                (vendor, pass_id)).fetchone()[0])
            row = self.conn.execute("SELECT held_back FROM sync_state WHERE vendor = ?",
                                    (vendor,)).fetchone()
            held_before = int(row[0]) if row else 0
            why = suspicious(before, gone)
            hold = why is not None and not accept_removals and held_before != gone
            fields = dict(state or {})
            if hold:
                removed, held = 0, gone
                fields["last_error"] = held_back_text(vendor, gone, why or "")
            else:
                removed, held = self._remove_unseen(vendor, pass_id), 0
                if removed:
                    self._purge_gone_customers()
            stored = before - removed
            self._set_state(vendor, {**fields, "removed": removed, "records": stored,
                                     "held_back": held})
            added, changed = self.conn.execute(
                "SELECT added, changed FROM sync_state WHERE vendor = ?", (vendor,)).fetchone()
        return PassTotals(int(added), int(changed), removed, stored, held,
                          why if hold else None)

    def tidy_search(self) -> None:
        """Merge each full-text index into one segment (FTS5 ``optimize``).

        Every write transaction adds a segment, and searches read all of them; FTS5's own
        automerge keeps up with a trickle of changes but not with a first fill or a big pass.
        Rewrites the whole index (about 6 s at a million customers), so sync calls it only
        after passes that changed many customers.
        """
        with self.transaction():
            for table in FTS_INDEXES:
                self.conn.execute(f"INSERT INTO {table}({table}) VALUES ('optimize')")

    def compact(self) -> None:
        """Rewrite the cache file densely (``VACUUM``), then fold the log into it.

        A first fill inserts in vendor order, not key order, so the B-trees of records,
        contact keys and indexes end up with pages about two-thirds full, and a migration that
        slims rows leaves free pages: at 20,000 customers this takes the file from about
        2,970 to 2,480 bytes per customer before any other saving. It rewrites the whole file
        (seconds at a million customers; readers keep reading meanwhile in WAL mode), so sync
        calls it only after a first fill (:meth:`app.sync.engine.SyncEngine`), never the GUI.
        ``VACUUM`` cannot run inside a transaction, so this holds none.
        """
        self.conn.execute("VACUUM")
        self.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    def _carry_qudini_visits(self, stale: list[int],
                             rows: dict[RecordRef, tuple[LinkCandidate, dict[str, Any]]]) -> None:
        """A customer id that a relink retires but whose records live on (merged into another
        customer) hands its attached Qudini bookings to the customer those records belong to
        now: attaching one was a person's work. (Ids whose records are all gone keep theirs
        until :meth:`_purge_gone_customers` removes them with the customer.)"""
        with_visits: set[int] = set()
        for chunk in _chunks(stale):
            marks = ",".join("?" * len(chunk))
            with_visits.update(int(r[0]) for r in self.conn.execute(
                f"SELECT DISTINCT customer_id FROM qudini_visits WHERE customer_id IN ({marks})",
                chunk))
        for old_id in sorted(with_visits):
            survivor = next((ref for ref, (_c, data) in rows.items()
                             if data["customer_id"] == old_id), None)
            if survivor is None:
                continue
            found = self.conn.execute(
                "SELECT customer_id FROM records WHERE vendor = ? AND vendor_id = ?",
                survivor).fetchone()
            if found is not None:
                self.conn.execute("UPDATE qudini_visits SET customer_id = ? "
                                  "WHERE customer_id = ?", (int(found[0]), old_id))

    def _purge_gone_customers(self) -> None:
        """What the cache kept about customers who are gone upstream goes with them: their
        cached profile sections (loyalty, notes, bookings as last fetched) and the Qudini
        bookings attached to them. Called after a pass removed records; keyed on customers
        that no longer exist, so it costs a lookup per cached profile, not per customer."""
        for table in ("profile_sections", "qudini_visits"):
            self.conn.execute(f"DELETE FROM {table} WHERE customer_id IS NOT NULL AND "
                              "customer_id NOT IN (SELECT id FROM customers)")

    def erase_records(self, refs: Sequence[RecordRef]) -> None:
        """Delete these records as if gone upstream, and what the cache kept about customers
        left without any (for :mod:`app.cache.forget`; the caller holds the transaction)."""
        by_vendor: dict[str, list[str]] = {}
        for vendor, vendor_id in refs:
            by_vendor.setdefault(vendor, []).append(vendor_id)
        for vendor, ids in sorted(by_vendor.items()):
            self._delete(vendor, ids)
        self._purge_gone_customers()

    def _remove_unseen(self, vendor: str, pass_id: str) -> int:
        gone = [r[0] for r in self.conn.execute(
            "SELECT vendor_id FROM records WHERE vendor = ? AND pass_id IS NOT ?",
            (vendor, pass_id))]
        self._delete(vendor, gone)
        return len(gone)

    def upsert_found(self, groups: Mapping[str, Sequence[VendorRecord]]) -> None:
        """Records an online lookup found, of several vendors, in one transaction so that
        they link into one customer at once. A LOKE record joins the pass under way (or the
        last one), so that pass's end does not take it for a record gone upstream."""
        with self.transaction():
            for vendor, records in sorted(groups.items()):
                row = self.conn.execute("SELECT pass_id FROM sync_state WHERE vendor = ?",
                                        (vendor,)).fetchone()
                self._upsert(vendor, records, row[0] if row and row[0] else None)

    def replace_all(self, vendor: str, records: Sequence[VendorRecord],
                    state: dict[str, Any] | None = None) -> WriteResult:
        """A whole-list vendor: new, changed and gone records from one complete list."""
        with self.transaction():
            result = self._upsert(vendor, records, None)
            present = {r.vendor_id for r in records}
            gone = [r[0] for r in self.conn.execute(
                "SELECT vendor_id FROM records WHERE vendor = ?", (vendor,))
                if r[0] not in present]
            self._delete(vendor, gone)
            result.removed = len(gone)
            if gone:
                self._purge_gone_customers()
            if state is not None:
                self._set_state(vendor, state)
        return result

    def _upsert(self, vendor: str, records: Sequence[VendorRecord],
                pass_id: str | None) -> WriteResult:
        result = WriteResult()
        unique = list({r.vendor_id: r for r in records}.values())
        existing: dict[str, str] = {}
        unique_ids = [r.vendor_id for r in unique]
        for chunk in _chunks(unique_ids):
            marks = ",".join("?" * len(chunk))
            existing.update(self.conn.execute(
                "SELECT vendor_id, digest FROM records "
                f"WHERE vendor = ? AND vendor_id IN ({marks})",
                (vendor, *chunk)))
        changed: list[VendorRecord] = []
        same: list[str] = []
        digests = {r.vendor_id: r.digest() for r in unique}
        for record in unique:
            digest = existing.get(record.vendor_id)
            if digest == digests[record.vendor_id]:
                same.append(record.vendor_id)
            else:
                changed.append(record)
                if digest is None:
                    result.added += 1
                else:
                    result.changed += 1
        result.unchanged = len(same)
        if pass_id is not None:
            for chunk in _chunks(same):
                marks = ",".join("?" * len(chunk))
                self.conn.execute(
                    f"UPDATE records SET pass_id = ? WHERE vendor = ? AND vendor_id IN ({marks})",
                    (pass_id, vendor, *chunk))
        if not changed:
            return result
        refs = [(vendor, r.vendor_id) for r in changed]
        seen = datetime.now(UTC).isoformat(timespec="seconds")  # blacklisted_since, when new
        fresh = frozenset((vendor, vid) for vid in unique_ids if vid not in existing)
        old_by_ref = self._keys_by_ref([ref for ref in refs if ref not in fresh])
        old_keys = {key for keys in old_by_ref.values() for key in keys}
        self.conn.executemany(
            "INSERT INTO records (vendor, vendor_id, customer_id, name, emails, phones, points, "
            "blacklisted, blacklist_reason, is_dummy, activity, digest, pass_id, data, "
            "blacklisted_since) "
            "VALUES (?, ?, 0, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
            "ON CONFLICT (vendor, vendor_id) DO UPDATE SET name = excluded.name, "
            "emails = excluded.emails, phones = excluded.phones, points = excluded.points, "
            "blacklisted_since = CASE WHEN NOT excluded.blacklisted THEN NULL "
            "WHEN records.blacklisted THEN records.blacklisted_since "
            "ELSE excluded.blacklisted_since END, "
            "blacklisted = excluded.blacklisted, blacklist_reason = excluded.blacklist_reason, "
            "is_dummy = excluded.is_dummy, activity = excluded.activity, "
            "digest = excluded.digest, pass_id = excluded.pass_id, data = excluded.data",
            [(vendor, r.vendor_id, r.name, dumps(r.emails), dumps(r.phones), r.points,
              int(r.blacklisted), r.blacklist_reason, int(r.is_dummy),
              int(r.activity.timestamp()) if r.activity else None, digests[r.vendor_id], pass_id,
              dumps(r.stored_data()), seen if r.blacklisted else None) for r in changed])
        self._drop_keys(old_by_ref)
        self.conn.executemany(
            "INSERT OR IGNORE INTO record_keys (key, vendor, vendor_id) VALUES (?, ?, ?)",
            [(key, vendor, r.vendor_id) for r in changed
             for key in record_keys(r.emails, r.phones)])
        new_keys = {key for r in changed for key in record_keys(r.emails, r.phones)}
        self._relink(set(refs), old_keys | new_keys, fresh=fresh)
        return result

    def _delete(self, vendor: str, vendor_ids: Sequence[str]) -> None:
        if not vendor_ids:
            return
        refs = [(vendor, vid) for vid in vendor_ids]
        by_ref = self._keys_by_ref(refs)
        keys = {key for found in by_ref.values() for key in found}
        customers = self._customers_of(refs)
        self._drop_keys(by_ref)
        self.conn.executemany("DELETE FROM records WHERE vendor = ? AND vendor_id = ?", refs)
        seeds = self._members_of(customers)
        self._relink(seeds, keys, extra_customers=customers)

    # -- identity ----------------------------------------------------------------------------
    def _by_vendor(self, refs: Iterable[RecordRef], sql: str) -> Iterator[tuple[Any, ...]]:
        """Run ``sql`` (with ``{marks}`` for vendor ids) per vendor over chunks of ``refs``."""
        grouped: dict[str, list[str]] = {}
        for vendor, vid in refs:
            grouped.setdefault(vendor, []).append(vid)
        for vendor, ids in grouped.items():
            for chunk in _chunks(ids):
                marks = ",".join("?" * len(chunk))
                yield from self.conn.execute(sql.format(marks=marks), (vendor, *chunk))

    def _keys_by_ref(self, refs: Iterable[RecordRef]) -> dict[RecordRef, list[str]]:
        """Each record's identity keys, from its own contacts: ``record_keys`` holds exactly
        these (written together, here only), so it needs no index by record (0011 dropped it:
        170 bytes per customer)."""
        return {(str(r[0]), str(r[1])): record_keys(loads(r[2]), loads(r[3]))
                for r in self._by_vendor(refs, "SELECT vendor, vendor_id, emails, phones "
                                               "FROM records WHERE vendor = ? AND "
                                               "vendor_id IN ({marks})")}

    def _keys_of(self, refs: Iterable[RecordRef]) -> set[str]:
        return {key for keys in self._keys_by_ref(refs).values() for key in keys}

    def _drop_keys(self, by_ref: Mapping[RecordRef, list[str]]) -> None:
        """Delete these records' ``record_keys`` rows, each by its whole primary key."""
        self.conn.executemany(
            "DELETE FROM record_keys WHERE key = ? AND vendor = ? AND vendor_id = ?",
            [(key, vendor, vid) for (vendor, vid), keys in by_ref.items() for key in keys])

    def _customers_of(self, refs: Iterable[RecordRef]) -> set[int]:
        return {int(r[0]) for r in self._by_vendor(
            refs, "SELECT customer_id FROM records WHERE vendor = ? AND vendor_id IN ({marks})")
            if r[0]}

    def _refs_where(self, sql: str, values: Iterable[Any]) -> set[RecordRef]:
        """(vendor, vendor_id) rows of ``sql`` (with ``{marks}``) over chunks of ``values``."""
        found: set[RecordRef] = set()
        for chunk in _chunks(list(values)):
            marks = ",".join("?" * len(chunk))
            found.update((r[0], r[1]) for r in self.conn.execute(sql.format(marks=marks), chunk))
        return found

    def _members_of(self, customers: Iterable[int]) -> set[RecordRef]:
        return self._refs_where(
            "SELECT vendor, vendor_id FROM records WHERE customer_id IN ({marks})", customers)

    def _sharing(self, keys: Iterable[str]) -> set[RecordRef]:
        return self._refs_where(
            "SELECT vendor, vendor_id FROM record_keys WHERE key IN ({marks})", keys)

    def _relink(self, seeds: set[RecordRef], keys: set[str],
                extra_customers: set[int] | None = None,
                fresh: frozenset[RecordRef] = frozenset()) -> None:
        """Recompute the people around ``seeds`` and rewrite their customers rows.

        ``fresh`` are seeds inserted just now: they belong to no customer yet.
        """
        # Widen from the seeds to everyone whose customer could change: records sharing a key,
        # their customers' other members, and one more hop of shared keys. Each step queries
        # only what the step before found new, so a page of new customers who share nothing
        # with anyone costs three lookups, not eight.
        affected = set(seeds) | self._sharing(keys)
        old_customers = self._customers_of(affected - fresh) | (extra_customers or set())
        affected |= self._members_of(old_customers)
        more = self._sharing(self._keys_of(affected - set(seeds)) - keys) - affected
        if more:
            affected |= more
            found = self._customers_of(more) - old_customers
            old_customers |= found
            affected |= self._members_of(found)
        rows = self._load(affected)
        manual_links, manual_unlinks = self._manual(affected)
        components = link([c for c, _ in rows.values()], manual_links, manual_unlinks)
        used: set[int] = set()
        planned: list[tuple[int | None, Component]] = []
        for component in components:
            current = sorted({rows[r.ref][1]["customer_id"] for r in component.records} - {0}
                             - used)
            customer_id = current[0] if current else None
            if customer_id is not None:
                used.add(customer_id)
            planned.append((customer_id, component))
        fts = _FtsChanges()
        self._write_customers(planned, rows, fts)
        stale = sorted(old_customers - used)
        self._carry_qudini_visits(stale, rows)
        for chunk in _chunks(stale):
            marks = ",".join("?" * len(chunk))
            for row in self.conn.execute(
                    f"SELECT search_key, search_name, contact_text, id FROM customers "
                    f"WHERE id IN ({marks})", chunk):
                fts.remove(int(row[0]), row[1], row[2])
                self._drop_contacts(int(row[3]), row[2])
            self.conn.execute(f"DELETE FROM customers WHERE id IN ({marks})", chunk)
        fts.write(self.conn)

    def _load(self, refs: Iterable[RecordRef]) -> dict[RecordRef, tuple[LinkCandidate,
                                                                         dict[str, Any]]]:
        out: dict[RecordRef, tuple[LinkCandidate, dict[str, Any]]] = {}
        for row in self._by_vendor(
                refs, "SELECT vendor, vendor_id, customer_id, name, emails, phones, points, "
                "blacklisted, activity FROM records WHERE vendor = ? AND vendor_id IN ({marks})"):
            ref = (row[0], row[1])
            emails, phones = tuple(loads(row[4])), tuple(loads(row[5]))
            out[ref] = (LinkCandidate(ref, emails, phones), {
                "customer_id": int(row[2]), "name": row[3], "points": row[6],
                "blacklisted": bool(row[7]), "activity": row[8] or 0})
        return out

    def _manual(self, refs: set[RecordRef]) -> tuple[list[tuple[RecordRef, RecordRef]],
                                                     list[tuple[RecordRef, RecordRef]]]:
        links: list[tuple[RecordRef, RecordRef]] = []
        unlinks: list[tuple[RecordRef, RecordRef]] = []
        if not self.conn.execute("SELECT 1 FROM manual_links LIMIT 1").fetchone():
            return links, unlinks
        for vendor, vid in refs:
            for row in self.conn.execute(
                    "SELECT vendor_a, id_a, vendor_b, id_b, kind FROM manual_links WHERE "
                    "(vendor_a = ? AND id_a = ?) OR (vendor_b = ? AND id_b = ?)",
                    (vendor, vid, vendor, vid)):
                pair = ((row[0], row[1]), (row[2], row[3]))
                (links if row[4] == "link" else unlinks).append(pair)
        return links, unlinks

    def _drop_contacts(self, customer_id: int, contact_text: str) -> None:
        """Delete a customer's ``contact_index`` rows, each by its whole primary key.

        They are the words of the customer's ``contact_text`` (:meth:`_customer_facts` writes
        both from one list, joined by spaces, which neither holds: an email has an "@", a
        phone form is digits), so the table needs no index by customer (0011 dropped it: 80
        bytes per customer).
        """
        self.conn.executemany(
            "DELETE FROM contact_index WHERE kind = ? AND value = ? AND customer_id = ?",
            [("email" if "@" in value else "phone", value, customer_id)
             for value in dict.fromkeys(contact_text.split(" ")) if value])

    @staticmethod
    def _customer_facts(component: Component,
                        rows: dict[RecordRef, tuple[LinkCandidate, dict[str, Any]]]
                        ) -> tuple[tuple[Any, ...], list[tuple[str, str]]]:
        """The customers row (without id and key) and its contact index entries."""
        members = component.records
        info = [rows[m.ref][1] for m in members]
        ranked = sorted(members, key=lambda m: (NAME_PRIORITY.index(m.ref[0])
                                                if m.ref[0] in NAME_PRIORITY else 99, m.ref))
        name = next((rows[m.ref][1]["name"] for m in ranked if rows[m.ref][1]["name"]), "")
        emails = list(dict.fromkeys(e for m in ranked for e in m.emails))
        phones = list(dict.fromkeys(p for m in ranked for p in m.phones))
        points_values = [i["points"] for i in info if i["points"] is not None]
        points = sum(points_values) if points_values else None
        blacklisted = any(i["blacklisted"] for i in info)
        activity = max(int(i["activity"] or 0) for i in info)
        vendors = sorted(f"{m.ref[0]}:{m.ref[1]}" for m in members)
        email_words = [w for e in emails for w in words(e.partition("@")[0])]
        # Every member's name, not only the one shown: a manager links "Mateo Ahmed" to
        # "Amélie Williams", and staff still find them by either name.
        other_names = [w for i in info if i["name"] and i["name"] != name
                       for w in words(i["name"])]
        search_name = " ".join(dict.fromkeys(words(name) + other_names + email_words))
        masked = dumps([[mask_email(e) for e in emails], [mask_phone(p) for p in phones]])
        contacts = [("email", e) for e in emails]
        contacts += [("phone", form) for p in phones for form in phone_search_forms(p)]
        # one trigram document: any part of an email, any run of digits of either form
        contact_text = " ".join(value for _, value in contacts)
        facts = (name, fold(name), dumps(emails), dumps(phones), dumps(vendors),
                 points, int(blacklisted), activity, search_name, masked, contact_text)
        return facts, contacts

    def _write_customers(self, planned: list[tuple[int | None, Component]],
                         rows: dict[RecordRef, tuple[LinkCandidate, dict[str, Any]]],
                         fts: _FtsChanges) -> None:
        """Insert or update the customers of a batch with a handful of statements."""
        existing_ids = [cid for cid, _ in planned if cid is not None]
        current: dict[int, tuple[Any, ...]] = {}
        indexed: dict[int, tuple[int, str, str]] = {}  # search key and texts as indexed now
        for chunk in _chunks(existing_ids):
            marks = ",".join("?" * len(chunk))
            for row in self.conn.execute(
                    "SELECT id, search_key, name, name_norm, emails, phones, vendors, points, "
                    "blacklisted, activity, search_name, masked, contact_text FROM customers "
                    f"WHERE id IN ({marks})", chunk):
                current[int(row[0])] = tuple(row[2:])
                indexed[int(row[0])] = (int(row[1]), row[10], row[12])
        inserts: list[tuple[Any, ...]] = []
        updates: list[tuple[Any, ...]] = []
        contact_rows: list[tuple[str, str, int]] = []
        rewritten: list[int] = []
        record_rows: list[tuple[int, str, str, str]] = []
        for customer_id, component in planned:
            facts, contacts = self._customer_facts(component, rows)
            activity = facts[7]
            if customer_id is None:
                customer_id = self._next_id()
                key = activity * KEY_SPACE + customer_id
                inserts.append((customer_id, key, *facts))
                fts.add(key, facts[8], facts[10])
                contact_rows += [(k, v, customer_id) for k, v in contacts]
            elif current.get(customer_id) != facts:
                key = activity * KEY_SPACE + customer_id
                fts.change(indexed[customer_id], (key, facts[8], facts[10]))
                updates.append((*facts, key, customer_id))
                rewritten.append(customer_id)
                contact_rows += [(k, v, customer_id) for k, v in contacts]
            for member in component.records:
                record_rows.append((customer_id, component.reasons.get(member.ref, ""),
                                    member.ref[0], member.ref[1]))
        if inserts:
            self.conn.executemany(
                "INSERT INTO customers (id, search_key, name, name_norm, emails, phones, "
                "vendors, points, blacklisted, activity, search_name, masked, contact_text) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", inserts)
        if updates:
            self.conn.executemany(
                "UPDATE customers SET name = ?, name_norm = ?, emails = ?, phones = ?, "
                "vendors = ?, points = ?, blacklisted = ?, activity = ?, search_name = ?, "
                "masked = ?, contact_text = ?, search_key = ? WHERE id = ?", updates)
            for rewritten_id in rewritten:
                self._drop_contacts(rewritten_id, indexed[rewritten_id][2])
        self.conn.executemany(
            "INSERT OR IGNORE INTO contact_index (kind, value, customer_id) VALUES (?, ?, ?)",
            contact_rows)
        self.conn.executemany(
            "UPDATE records SET customer_id = :customer_id, link_reason = :reason "
            "WHERE vendor = :vendor AND "
            "vendor_id = :vendor_id AND (customer_id != :customer_id OR link_reason != :reason)",
            [{"customer_id": c, "reason": r, "vendor": v, "vendor_id": i}
             for c, r, v, i in record_rows])

    def _next_id(self) -> int:
        if self._last_id is None:
            self._last_id = int(self.conn.execute(
                "SELECT COALESCE(MAX(id), 0) FROM customers").fetchone()[0])
        self._last_id += 1
        if self._last_id >= KEY_SPACE:
            raise OverflowError("more customers than the search key space holds")
        return self._last_id

    # -- manual identity ---------------------------------------------------------------------
    def set_manual(self, a: RecordRef, b: RecordRef, kind: str) -> None:
        """A manager's link or unlink of two records; it outlives every sync."""
        if kind not in ("link", "unlink"):
            raise ValueError(kind)
        first, second = sorted((a, b))
        with self.transaction():
            self.conn.execute(
                "INSERT INTO manual_links VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO UPDATE SET "
                "kind = excluded.kind, created_at = excluded.created_at",
                (first[0], first[1], second[0], second[1], kind, _now()))
            self._relink({a, b}, self._keys_of([a, b]), self._customers_of([a, b]))

    # -- sync state --------------------------------------------------------------------------
    def set_state(self, vendor: str, **fields: Any) -> None:
        with self.transaction():
            self._set_state(vendor, fields)

    def _set_state(self, vendor: str, fields: dict[str, Any]) -> None:
        unknown = set(fields) - set(STATE_FIELDS)
        if unknown:
            raise ValueError(f"unknown sync state fields {sorted(unknown)}")
        self.conn.execute("INSERT OR IGNORE INTO sync_state (vendor) VALUES (?)", (vendor,))
        if fields:
            assignments = ", ".join(f"{name} = ?" for name in fields)
            self.conn.execute(f"UPDATE sync_state SET {assignments} WHERE vendor = ?",
                              (*fields.values(), vendor))
