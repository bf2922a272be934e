"""What one vendor's sync needs from the engine, and the conversions every vendor shares."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime

from app.domain.records import VendorRecord
from app.sync.events import ProgressCallback
from app.sync.worker import CacheWorker

log = logging.getLogger("clientdesk.sync")


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
