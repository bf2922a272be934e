"""The cache schema as an ordered list of named migrations (sqlite-utils ``Migrations``).

Search keys: every customer has a ``search_key`` = activity seconds × 2²² + id. The name index
uses it as its rowid, so ``ORDER BY rowid DESC LIMIT n`` walks matches newest-activity
first without sorting — that is what keeps a one-letter search fast at a million customers.
"""

from __future__ import annotations

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

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
        kind TEXT NOT NULL,            -- email, phone (digit forms) and their suffixes:
                                       -- esfx (from each word start), psfx (from each digit)
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


KNOWN.extend(m.name for m in migrations._migrations)


def email_suffixes(email: str) -> list[str]:
    """The email from each word start on: "zoe.ng42@ex.com" → "ng42@ex.com", "ex.com", …"""
    starts = [0] + [i + 1 for i, ch in enumerate(email) if ch in "._-+@"]
    starts += [i for i in range(1, len(email)) if email[i].isdigit() != email[i - 1].isdigit()
               and email[i].isalnum() and email[i - 1].isalnum()]
    return sorted({email[i:] for i in starts if len(email) - i >= 3})


def digit_suffixes(number: str) -> list[str]:
    """Every run of at least 3 digits that ends the number; prefixes of these are all runs."""
    return [number[i:] for i in range(len(number) - 2)]
