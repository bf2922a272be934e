"""What one vendor's sync needs from the engine, and the conversions every vendor shares."""

from __future__ import annotations

import logging
import secrets
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import UTC, datetime

from app.cache.removals import held_back_text
from app.cache.writer import PassTotals
from app.domain.records import VendorRecord
from app.errors import ExitCode
from app.sync.events import ProgressCallback, VendorResult
from app.sync.worker import CacheWorker
from app.sync.writer_process import WriterProcess

log = logging.getLogger("clientdesk.sync")


def new_pass_id() -> str:
    """A pass's id, stamped on every record it stores: 12 hex digits.

    It only has to differ from the ids of the passes before it (removals are "records not
    stamped by this pass"), and it is stored once per record: 48 random bits do that at a
    third of a uuid's 32 characters — some 28 bytes per customer.
    """
    return secrets.token_hex(6)


def utc_now() -> str:
    """The time format of the sync state (ISO 8601, UTC, whole seconds)."""
    return datetime.now(UTC).isoformat(timespec="seconds")


@dataclass(frozen=True)
class VendorContext:
    vendor: str
    worker: CacheWorker
    country: str  # default phone region of the store
    emit: ProgressCallback
    started: str  # when this run began: saved as last_attempt
    now: Callable[[], str] = utc_now
    #: A person checked: remove what a full pass left out even when it looks like a bad
    #: answer (app.cache.removals).
    accept_removals: bool = False
    #: A person asked for a full pass (``clientdesk sync --full``): no incremental LOKE pass.
    full: bool = False
    #: This counter PC (app.manager.counter_name) and the store's time zone: when its daily
    #: full LOKE pass is due (app.sync.loke_marks).
    counter: str = "this counter"
    timezone: str = "UTC"
    #: The writer process that stores a full LOKE pass's pages (app.sync.loke_fill); None:
    #: they are read on the sync's loop and stored by ``worker``, as every other vendor's.
    pages: WriterProcess | None = None


def held_back(vendor: str, totals: PassTotals, result: VendorResult) -> VendorResult:
    """``result``, or — when the pass held removals back as a suspicious answer — the same
    counts reported as not OK (exit 7: the vendor sent what we do not trust), with the one
    line that says what was kept and how to accept it. The data fetched is stored all the
    same; only the removals wait."""
    if not totals.held_back:
        return result
    line = held_back_text(vendor, totals.held_back, totals.held_reason or "")
    log.warning("sync %s: %s", vendor, line)
    return replace(result, ok=False, error=line, exit_code=ExitCode.BAD_DATA,
                   held_back=totals.held_back)


def convert[T](vendor: str, items: Iterable[T], to_record: Callable[[T, str], VendorRecord],
            country: str) -> tuple[list[VendorRecord], int]:
    """Vendor models → records; one that cannot be converted is skipped and counted.

    Conversion is our code on data that already parsed, so a failure here is a bug in it — but
    one odd customer must still not stop a sync of all the others (DESIGN.md, "Errors").
    """
    records: list[VendorRecord] = []
    skipped = 0
    for position, item in enumerate(items):
        try:
            records.append(to_record(item, country))
        except Exception:
            skipped += 1
            # Position only: the record itself holds personal data.
            log.exception("%s: skipped a record we could not convert (position %d)", vendor,
                          position)
    return records, skipped
