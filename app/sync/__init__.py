"""Moves data between the vendors and the cache: bulk pulls, scheduling, progress."""

from app.sync.engine import SyncEngine
from app.sync.events import SYNC_VENDORS, SyncProgress, SyncReport, VendorResult
from app.sync.scheduler import DEFAULT_INTERVAL_S, SyncScheduler

__all__ = [
    "DEFAULT_INTERVAL_S",
    "SYNC_VENDORS",
    "SyncEngine",
    "SyncProgress",
    "SyncReport",
    "SyncScheduler",
    "VendorResult",
]
