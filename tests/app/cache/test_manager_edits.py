"""A manager's edit is a manager's to retry, settle or give up — on every surface.

The rule is :func:`app.cache.outbox.may_handle`; the CLI asks for the PIN and the window for
manager mode before calling the functions tested here, which check it again themselves.
"""

from __future__ import annotations

import sqlite3
from typing import Any

import pytest

from app.cache import edits, outbox
from app.cache.outbox import ManagerOnly
from tests.app.cache.test_blacklist import NOW, WHO, conn  # noqa: F401  (conn is a fixture)

STAFF: dict[str, Any] = {**WHO, "mode": "staff"}


def state(conn: sqlite3.Connection, edit_id: int) -> str:  # noqa: F811
    return str(conn.execute("SELECT state FROM outbox WHERE id = ?", (edit_id,)).fetchone()[0])


def test_staff_cannot_discard_a_managers_pending_blacklist_entry(
        conn: sqlite3.Connection) -> None:  # noqa: F811
    listed = edits.blacklist(conn, "R4", "Threatened staff", **WHO)
    for discard in (lambda: edits.discard(conn, listed, **STAFF),
                    lambda: outbox.discard(conn, listed, NOW, counter="till-2", mode="staff")):
        with pytest.raises(ManagerOnly, match="only a manager may discard it"):
            discard()
    assert state(conn, listed) == "pending"
    flagged = conn.execute("SELECT blacklisted FROM records WHERE vendor_id = 'R4'").fetchone()
    assert flagged == (1,)  # the manager's change still shows
    assert edits.discard(conn, listed, **WHO)  # a manager may
    assert state(conn, listed) == "discarded"


def test_staff_cannot_retry_a_managers_failed_edit(conn: sqlite3.Connection) -> None:  # noqa: F811
    listed = edits.blacklist(conn, "R4", "Threatened staff", **WHO)
    conn.execute("UPDATE outbox SET state = 'failed', last_error = 'refused' WHERE id = ?",
                 (listed,))
    with pytest.raises(ManagerOnly, match="only a manager may retry it"):
        outbox.retry(conn, listed, NOW, counter="till-2", mode="staff")
    assert state(conn, listed) == "failed"
    assert outbox.retry(conn, listed, NOW, counter="till-1", mode="manager")
    assert state(conn, listed) == "pending"


def test_a_note_made_in_staff_mode_stays_staffs_to_handle(
        conn: sqlite3.Connection) -> None:  # noqa: F811
    base = edits.current_note(conn, "R4")
    note = edits.set_note(conn, "R4", "Prefers mornings", base=base, **STAFF)
    edit = outbox.get_edit(conn, note)
    assert edit is not None and not edit.manager_only
    assert edits.discard(conn, note, **STAFF)


def test_a_note_made_in_manager_mode_is_a_managers(conn: sqlite3.Connection) -> None:  # noqa: F811
    base = edits.current_note(conn, "R4")
    note = edits.set_note(conn, "R4", "Manager's note", base=base, **WHO)
    with pytest.raises(ManagerOnly):
        edits.discard(conn, note, **STAFF)
