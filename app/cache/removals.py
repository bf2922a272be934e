"""When an answer would remove too much: hold the removals back instead of trusting it.

A vendor having a bad day can answer a list with ``{"data": []}`` and HTTP 200 — an empty
database behind a proxy, a permissions change, a half-migrated server. Diffed as usual, that
answer deletes every customer and every blacklist entry from the cache, and a manager offline
then sees an empty blacklist: exactly what the offline blacklist is there to prevent. So a
pass that would remove **all** of a vendor's records, or **more than half** of them (above a
small floor, so a tiny test store can still shrink), removes nothing. What it held back is
saved (``sync_state.held_back``), reported (exit 7, the status bar) and removed only when

* the next full pass finds the very same number missing (the vendor confirmed it), or
* a person says so: ``clientdesk sync --accept-removals``.

One rule for every vendor's full pass (:meth:`app.cache.writer.CacheWriter.finish_pass`).
"""

from __future__ import annotations

from app.profile import VENDOR_NAMES

#: Up to this many missing records, "more than half" is not suspicious on its own.
FLOOR = 20


def suspicious(stored: int, gone: int) -> str | None:
    """Why removing ``gone`` of the ``stored`` records looks like a bad answer, or None."""
    if gone <= 0 or stored <= 0:
        return None
    if gone >= stored:
        return f"the answer would remove all {stored} records"
    if gone > FLOOR and gone * 2 > stored:
        return f"the answer would remove {gone} of {stored} records, more than half"
    return None


def held_back_text(vendor: str, gone: int, why: str) -> str:
    """One line for staff and the log: what was kept, why, and what to do."""
    name = VENDOR_NAMES.get(vendor, vendor)
    return (f"{name}: kept {gone} records that its last answer left out ({why}) — nothing was "
            f"removed. If they really are gone, the next sync that agrees removes them, or run "
            f"`clientdesk sync --vendor {vendor} --accept-removals`")
