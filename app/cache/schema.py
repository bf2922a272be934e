"""The cache schema as an ordered list of named migrations (sqlite-utils ``Migrations``).

Search keys: every customer has a ``search_key`` = activity seconds × 2²² + id. The name index
uses it as its rowid, so ``ORDER BY rowid DESC LIMIT n`` walks matches newest-activity
first without sorting — that is what keeps a one-letter search fast at a million customers.
"""

from __future__ import annotations

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

from app.cache.kept import move_into_kept

KEY_SPACE = 1 << 22  # customer ids stay below this within one activity second's key range

migrations = Migrations("clientdesk-cache")

#: Migration names this build knows, oldest first. A cache holding any other name was written by
#: a newer Clientdesk: it is rebuilt, not guessed at.
KNOWN: list[str] = []


@migrations(name="0001_initial")
def initial(db: Database) -> None:
    db.executescript("""
    CREATE TABLE records (
        vendor TEXT NOT NULL,
        vendor_id TEXT NOT NULL,
        customer_id INTEGER NOT NULL,
        name TEXT NOT NULL,
        emails TEXT NOT NULL,          -- JSON list, normalised
        phones TEXT NOT NULL,          -- JSON list, E.164
        points INTEGER,
        blacklisted INTEGER NOT NULL DEFAULT 0,
        blacklist_reason TEXT,
        is_dummy INTEGER NOT NULL DEFAULT 0,
        activity INTEGER,              -- epoch seconds
        link_reason TEXT NOT NULL DEFAULT '',
        digest TEXT NOT NULL,
        pass_id TEXT,
        data TEXT NOT NULL,            -- the vendor record as received (normalised JSON)
        PRIMARY KEY (vendor, vendor_id)
    ) WITHOUT ROWID;
    CREATE INDEX records_customer ON records(customer_id);
    CREATE INDEX records_pass ON records(vendor, pass_id);

    CREATE TABLE record_keys (
        key TEXT NOT NULL,             -- "email:…" or "phone:+…"
        vendor TEXT NOT NULL,
        vendor_id TEXT NOT NULL,
        PRIMARY KEY (key, vendor, vendor_id)
    ) WITHOUT ROWID;
    CREATE INDEX record_keys_record ON record_keys(vendor, vendor_id);

    CREATE TABLE customers (
        id INTEGER PRIMARY KEY,
        search_key INTEGER NOT NULL UNIQUE,
        name TEXT NOT NULL,
        name_norm TEXT NOT NULL,
        emails TEXT NOT NULL,
        phones TEXT NOT NULL,
        vendors TEXT NOT NULL,         -- JSON list of "vendor:id"
        points INTEGER,
        blacklisted INTEGER NOT NULL DEFAULT 0,
        activity INTEGER NOT NULL DEFAULT 0,
        search_name TEXT NOT NULL,     -- folded name words and email words
        masked TEXT NOT NULL           -- JSON [masked emails, masked phones] for result rows
    );
    CREATE INDEX customers_name_norm ON customers(name_norm);

    CREATE TABLE contact_index (
        kind TEXT NOT NULL,            -- email, phone (digit forms); 0001 also stored
                                       -- suffixes here (esfx, psfx): see 0002
        value TEXT NOT NULL,
        customer_id INTEGER NOT NULL,
        PRIMARY KEY (kind, value, customer_id)
    ) WITHOUT ROWID;
    CREATE INDEX contact_index_customer ON contact_index(customer_id);

    CREATE VIRTUAL TABLE name_fts USING fts5(
        search_name, content='customers', content_rowid='search_key',
        tokenize="unicode61 remove_diacritics 2", prefix='1 2 3', detail=column);

    CREATE TRIGGER customers_ai AFTER INSERT ON customers BEGIN
        INSERT INTO name_fts(rowid, search_name) VALUES (new.search_key, new.search_name);
    END;
    CREATE TRIGGER customers_ad AFTER DELETE ON customers BEGIN
        INSERT INTO name_fts(name_fts, rowid, search_name)
            VALUES ('delete', old.search_key, old.search_name);
    END;
    -- Only when the indexed text or the key moves: most updates (points, a new vendor) skip it.
    CREATE TRIGGER customers_au AFTER UPDATE OF search_name, search_key ON customers
    WHEN old.search_name IS NOT new.search_name OR old.search_key != new.search_key BEGIN
        INSERT INTO name_fts(name_fts, rowid, search_name)
            VALUES ('delete', old.search_key, old.search_name);
        INSERT INTO name_fts(rowid, search_name) VALUES (new.search_key, new.search_name);
    END;

    CREATE TABLE manual_links (
        vendor_a TEXT NOT NULL, id_a TEXT NOT NULL,
        vendor_b TEXT NOT NULL, id_b TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('link', 'unlink')),
        created_at TEXT NOT NULL,
        PRIMARY KEY (vendor_a, id_a, vendor_b, id_b)
    ) WITHOUT ROWID;

    CREATE TABLE sync_state (
        vendor TEXT PRIMARY KEY,
        last_success TEXT,
        last_attempt TEXT,
        offline_since TEXT,
        cursor TEXT,
        pass_id TEXT,
        pages INTEGER NOT NULL DEFAULT 0,
        records INTEGER NOT NULL DEFAULT 0,
        skipped INTEGER NOT NULL DEFAULT 0,
        added INTEGER NOT NULL DEFAULT 0,
        changed INTEGER NOT NULL DEFAULT 0,
        removed INTEGER NOT NULL DEFAULT 0,
        last_error TEXT
    );
    """)


@migrations(name="0002_contact_trigrams")
def contact_trigrams(db: Database) -> None:
    """Parts of emails and runs of phone digits through a trigram index; the writer keeps
    both full-text indexes itself.

    * 0001 stored every email suffix and every phone-digit suffix as its own row: about a
      dozen B-tree rows per customer, which made writing a customer cost more than fetching it.
      One trigram document per customer (its emails and digit forms) answers "any part of an
      email, any run of digits" for three characters or more — truly any part — for less.
      Exact and prefix lookups keep their ``contact_index`` rows.
    * The 0001 triggers fed FTS5 one row at a time inside each statement's savepoint, and
      FTS5 writes its pending terms to disk at every savepoint: a tiny segment per customer.
      :class:`~app.cache.writer.CacheWriter` now adds and removes index rows in batches, in
      rowid order, which FTS5 buffers and writes once per transaction.
    """
    db.executescript("""
    DROP TRIGGER customers_ai;
    DROP TRIGGER customers_ad;
    DROP TRIGGER customers_au;

    ALTER TABLE customers ADD COLUMN contact_text TEXT NOT NULL DEFAULT '';
    UPDATE customers SET contact_text = COALESCE((
        SELECT group_concat(value, ' ') FROM contact_index
        WHERE customer_id = customers.id AND kind IN ('email', 'phone')), '');
    DELETE FROM contact_index WHERE kind NOT IN ('email', 'phone');

    CREATE VIRTUAL TABLE contact_fts USING fts5(
        contact_text, content='customers', content_rowid='search_key',
        tokenize='trigram', detail=full);
    INSERT INTO contact_fts(contact_fts) VALUES ('rebuild');
    """)


@migrations(name="0003_search_tidy")
def search_tidy(db: Database) -> None:
    """Exact-name matches in search-key order straight from an index, and compact FTS indexes.

    * ``name_norm = ? ORDER BY search_key DESC LIMIT n`` had to fetch every same-named
      customer's row to sort them: "Wei Patel" at a million customers cost 18 ms. With the key
      in the index it is a walk of n entries (1.5 ms).
    * Batched writes leave each FTS index in many small segments, and a prefix or trigram
      query reads every one: ``optimize`` merges them (at 1M, "chlo" 12 → 6 ms, a phone run
      14 → 7 ms). Sync does it again after a pass that changed many customers
      (:meth:`~app.cache.writer.CacheWriter.tidy_search`).
    """
    db.executescript("""
    DROP INDEX customers_name_norm;
    CREATE INDEX customers_name_key ON customers(name_norm, search_key);
    INSERT INTO name_fts(name_fts) VALUES ('optimize');
    INSERT INTO contact_fts(contact_fts) VALUES ('optimize');
    """)


@migrations(name="0004_profiles")
def profiles(db: Database) -> None:
    """What opening a customer's profile fetched, per vendor, so it paints at once next time
    (and offline) with its "as of" time; and the Qudini bookings staff have opened.

    * ``profile_sections`` holds one row per customer and vendor: the section's status, its
      data as JSON (:mod:`app.customer.model`), when the data was fetched (``as_of``) and when
      the vendor was last asked (``checked_at``: a failed refresh keeps the older data).
    * ``qudini_visits``: Qudini has no lookup by customer, only by a booking's identifier
      (from a pasted or scanned link). An identifier opened from a customer's profile, or
      attached to one, stays with that customer (``customer_id``; NULL while unattached).
    """
    db.executescript("""
    CREATE TABLE profile_sections (
        customer_id INTEGER NOT NULL,
        vendor TEXT NOT NULL,
        status TEXT NOT NULL,
        as_of TEXT,
        checked_at TEXT,
        message TEXT NOT NULL DEFAULT '',
        data TEXT,
        PRIMARY KEY (customer_id, vendor)
    ) WITHOUT ROWID;

    CREATE TABLE qudini_visits (
        identifier TEXT PRIMARY KEY,
        customer_id INTEGER,
        name TEXT NOT NULL DEFAULT '',
        seen_at TEXT NOT NULL,
        data TEXT
    );
    CREATE INDEX qudini_visits_customer ON qudini_visits(customer_id);
    """)


@migrations(name="0005_outbox_audit")
def outbox_audit(db: Database) -> None:
    """Edits waiting for their vendor, and the append-only record of every change.

    * ``outbox``: one row per edit, written in the same transaction that applies the edit to
      the cache, so an edit is either both shown and queued or neither — a kill in between
      loses nothing. ``record`` orders replay ("reservations:customer:<id>"): edits of one
      record go in the order typed, one at a time. ``base`` is what the record held when the
      edit began, to recognise a change made upstream meanwhile (a conflict, never a silent
      overwrite). ``state``: pending → done, or failed (shown to the user: retry, edit,
      discard) → discarded.
    * ``audit``: when, which counter, staff or manager mode, what changed. Triggers refuse
      every UPDATE and DELETE: the log can only grow.
    """
    db.executescript("""
    CREATE TABLE outbox (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        created_at TEXT NOT NULL,
        record TEXT NOT NULL,
        vendor TEXT NOT NULL,
        kind TEXT NOT NULL,
        payload TEXT NOT NULL,
        base TEXT,
        state TEXT NOT NULL DEFAULT 'pending'
            CHECK (state IN ('pending', 'failed', 'done', 'discarded')),
        attempts INTEGER NOT NULL DEFAULT 0,
        next_attempt_at TEXT,
        last_error TEXT NOT NULL DEFAULT '',
        upstream TEXT,
        counter TEXT NOT NULL,
        mode TEXT NOT NULL,
        finished_at TEXT
    );
    CREATE INDEX outbox_open ON outbox(state, record, id);

    CREATE TABLE audit (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        at TEXT NOT NULL,
        counter TEXT NOT NULL,
        mode TEXT NOT NULL,
        action TEXT NOT NULL,
        subject TEXT NOT NULL,
        detail TEXT NOT NULL
    );
    CREATE TRIGGER audit_append_only_update BEFORE UPDATE ON audit
        BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
    CREATE TRIGGER audit_append_only_delete BEFORE DELETE ON audit
        BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
    """)


@migrations(name="0006_blacklisted_since")
def blacklisted_since(db: Database) -> None:
    """When this cache first saw a record on the blacklist (or a manager put it there here).

    The reservations server keeps no such date, yet "since when" is the first thing a manager
    asks: this is the earliest moment we know of, set by the writer when the flag turns on and
    cleared when it turns off. Records already blacklisted get the time of this migration.
    """
    db.executescript("""
    ALTER TABLE records ADD COLUMN blacklisted_since TEXT;
    UPDATE records SET blacklisted_since = strftime('%Y-%m-%dT%H:%M:%S+00:00', 'now')
        WHERE blacklisted = 1;
    """)


@migrations(name="0007_held_removals")
def held_removals(db: Database) -> None:
    """How many records the last full pass would have removed but held back as suspicious
    (:mod:`app.cache.removals`); 0 when nothing is held. The next pass that finds the same
    number missing confirms it."""
    db.executescript("ALTER TABLE sync_state ADD COLUMN held_back INTEGER NOT NULL DEFAULT 0;")


@migrations(name="0008_edits_apart")
def edits_apart(db: Database) -> None:
    """Outbox, audit log and manual links move to the edits file beside the cache
    (:mod:`app.cache.kept`, attached as ``kept`` on every connection), out of a rebuild's reach.

    Rows are copied, then the cache's own tables dropped, so the names resolve to ``kept``.
    The copy skips rows already there: a move cut short by a crash is simply redone. (A
    rebuilt cache runs this too, with nothing to copy.)
    """
    move_into_kept(db.conn)
    db.executescript("DROP TABLE main.outbox; DROP TABLE main.audit; DROP TABLE main.manual_links;")


@migrations(name="0009_qminder_visits")
def qminder_visits(db: Database) -> None:
    """Finished Qminder tickets of the store's location, pulled by :mod:`app.sync.qminder`.

    One row per ticket (``ticket_id``: a re-pulled ticket replaces its row, so the overlap
    between pulls never counts a visit twice). Only what the timeline shows is kept — line,
    outcome (``status`` in Qminder's words), times and the wait — not the ticket as sent: its
    name and contacts live in the ``qminder`` record (``record_id`` = that record's vendor id,
    NULL for a ticket with neither phone nor email), which identity links like any other, so
    a visit belongs to whichever customer that record belongs to now (joined at read time:
    customer ids change when people are relinked). Times are epoch seconds (UTC).
    """
    db.executescript("""
    CREATE TABLE qminder_visits (
        ticket_id TEXT PRIMARY KEY,
        location_id INTEGER NOT NULL,
        record_id TEXT,
        line_id TEXT NOT NULL DEFAULT '',
        line_name TEXT NOT NULL DEFAULT '',
        status TEXT NOT NULL,
        created INTEGER NOT NULL,
        called INTEGER,
        finished INTEGER,
        waited_s INTEGER
    );
    CREATE INDEX qminder_visits_record ON qminder_visits(record_id, created);
    """)


@migrations(name="0010_raw_rows")
def raw_rows(db: Database) -> None:
    """Fingerprints of the raw rows of whole-list vendors (reservations), for
    :mod:`app.sync.reservations` to skip an unchanged row before parsing it.

    ``raw`` is a hash of the row as the vendor sent it; ``digest`` is the record's digest that
    row produced. A fingerprint counts only while ``records.digest`` still equals ``digest``:
    anything else that rewrites the record (an online lookup, a failed write) invalidates it
    without having to know this table exists. A table of its own rather than a column of
    ``records``, so that reshaping ``records`` cannot drop it unnoticed.
    """
    db.executescript("""
    CREATE TABLE raw_rows (
        vendor TEXT NOT NULL,
        vendor_id TEXT NOT NULL,
        raw TEXT NOT NULL,
        digest TEXT NOT NULL,
        PRIMARY KEY (vendor, vendor_id)
    ) WITHOUT ROWID;
    """)


@migrations(name="0011_smaller_records")
def smaller_records(db: Database) -> None:
    """A smaller cache: the raw vendor JSON that only fed columns goes, and an index no query
    needs goes (measured with :mod:`app.cache.size`; 20,000 customers, bytes per customer).

    * ``records.data`` of LOKE (and Booxi, Qminder) records keeps only what is read back —
      names and contacts in the vendor's spelling, for forgetting a person — not the whole
      record (:func:`app.domain.records.kept_data`): 430 → about 40. Reservations rows stay
      whole (completion and edits rebuild the row from them). Digests are unchanged: they
      were, and are, taken over the record as received, so no record is rewritten for this.
    * ``records_pass`` (vendor, pass id: 110) served only "records of this vendor not seen in
      this pass", a ``pass_id IS NOT ?`` test that no index narrows: the primary key's
      vendor range is read instead, once at the end of a full pass.
    * ``record_keys_record`` (vendor, vendor id → key: 170) found a record's identity keys,
      which are a function of the record's own contacts: the writer now derives them from
      the ``records`` row and deletes ``record_keys`` rows by their primary key.
    * ``contact_index_customer`` (customer → contact rows: 80) likewise: a customer's rows are
      the words of its ``contact_text``, deleted by primary key.
    * Both full-text indexes are rebuilt with ``columnsize=0``: their ``_docsize`` tables
      (token counts per row: 2 × 15) serve only ``bm25()`` ranking, and search orders by
      search key, never by rank. Options otherwise as in 0001 and 0002.

    Running it again finds nothing left to slim. The freed pages are given back when sync
    next compacts the file (:meth:`~app.cache.writer.CacheWriter.compact`).
    """
    from app.domain.records import WHOLE_DATA_VENDORS, kept_data
    from app.jsontext import dumps, loads

    whole = sorted(WHOLE_DATA_VENDORS)
    marks = ",".join("?" * len(whole))
    rows = db.execute(
        f"SELECT vendor, vendor_id, emails, phones, data FROM records WHERE vendor NOT IN "
        f"({marks})", whole).fetchall()
    slim = []
    for vendor, vendor_id, emails, phones, data in rows:
        try:
            raw = loads(data) if data else {}
        except ValueError:
            raw = {}
        kept = kept_data(vendor, loads(emails), loads(phones),
                         raw if isinstance(raw, dict) else {})
        text = dumps(kept)
        if text != data:
            slim.append((text, vendor, vendor_id))
    db.conn.executemany("UPDATE records SET data = ? WHERE vendor = ? AND vendor_id = ?", slim)
    db.execute("DROP INDEX IF EXISTS records_pass")
    db.execute("DROP INDEX IF EXISTS record_keys_record")
    db.execute("DROP INDEX IF EXISTS contact_index_customer")
    db.executescript("""
    DROP TABLE IF EXISTS name_fts;
    CREATE VIRTUAL TABLE name_fts USING fts5(
        search_name, content='customers', content_rowid='search_key',
        tokenize="unicode61 remove_diacritics 2", prefix='1 2 3', detail=column,
        columnsize=0);
    INSERT INTO name_fts(name_fts) VALUES ('rebuild');
    INSERT INTO name_fts(name_fts) VALUES ('optimize');
    DROP TABLE IF EXISTS contact_fts;
    CREATE VIRTUAL TABLE contact_fts USING fts5(
        contact_text, content='customers', content_rowid='search_key',
        tokenize='trigram', detail=full, columnsize=0);
    INSERT INTO contact_fts(contact_fts) VALUES ('rebuild');
    INSERT INTO contact_fts(contact_fts) VALUES ('optimize');
    """)


@migrations(name="0012_sync_marks")
def sync_marks(db: Database) -> None:
    """What incremental LOKE passes learn and keep between passes (:mod:`app.sync.loke_marks`):
    the direction of ``sort=updated``, the newest change stored, the page near the end of the
    list, and when the last full pass ended — one JSON object per vendor. Apart from
    ``sync_state``, whose cursor is a pass's resume point and empty between passes."""
    db.executescript("""
    CREATE TABLE sync_marks (
        vendor TEXT PRIMARY KEY,
        data TEXT NOT NULL
    );
    """)


#: The full-text indexes over ``customers`` (all external-content, rowid = search key) and the
#: column each indexes. The writer keeps them in step with the table.
FTS_INDEXES = {"name_fts": "search_name", "contact_fts": "contact_text"}


KNOWN.extend(m.name for m in migrations._migrations)

