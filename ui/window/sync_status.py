"""The status bar's sync part: progress while a sync runs, each vendor's freshness, errors.

Staff must be able to tell at a glance whether what they see is current ("LOKE: 2 min ago") or
old ("reservations: offline since 10:42"), without any dialog: errors stay in the status bar,
the cached data stays on screen. Meaning is always in words (with a ⚠ sign), never colour alone.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, tzinfo

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QProgressBar, QStatusBar

from app.cache.state import SyncState
from app.profile import VENDOR_NAMES
from app.sync.events import SyncProgress
from ui.common.widgets import plain_tip

WARN = "⚠"


def ago(then: datetime, now: datetime) -> str:
    seconds = max(0, int((now - then).total_seconds()))
    if seconds < 60:
        return "just now"
    if seconds < 3600:
        return f"{seconds // 60} min ago"
    if seconds < 86400:
        return f"{seconds // 3600} h ago"
    days = seconds // 86400
    return "1 day ago" if days == 1 else f"{days} days ago"


def clock(when: datetime, now: datetime, tz: tzinfo | None = None) -> str:
    """"10:42" today, "3 Nov 10:42" on another day (local time unless ``tz``)."""
    local, today = when.astimezone(tz), now.astimezone(tz)
    if local.date() == today.date():
        return f"{local:%H:%M}"
    return f"{local.day} {local:%b %H:%M}"


def freshness_text(vendor: str, state: SyncState | None, now: datetime,
                   tz: tzinfo | None = None) -> str:
    """One vendor's freshness in words, e.g. "LOKE: 2 min ago"."""
    name = VENDOR_NAMES.get(vendor, vendor)
    if state is None or (state.last_success is None and state.last_attempt is None):
        return f"{name}: not synced yet"
    if state.offline_since is not None:
        return f"{WARN} {name}: offline since {clock(state.offline_since, now, tz)}"
    failed_last = state.last_error is not None and (
        state.last_success is None
        or (state.last_attempt is not None and state.last_attempt > state.last_success))
    if state.last_success is None:
        return f"{WARN} {name}: sync failed" if failed_last else f"{name}: not synced yet"
    text = f"{name}: {ago(state.last_success, now)}"
    return f"{WARN} {text}, last try failed" if failed_last else text


def progress_text(event: SyncProgress) -> str:
    name = VENDOR_NAMES.get(event.vendor, event.vendor)
    if event.stage in ("waiting", "starting"):
        return f"{name}: starting…"
    if event.stage == "removing":
        return f"{name}: tidying up…"
    count = f"{event.records:,}" if event.total is None else \
        f"{event.records:,} of {event.total:,}"
    return f"{name}: {count} customers"


def error_text(event: SyncProgress) -> str:
    name = VENDOR_NAMES.get(event.vendor, event.vendor)
    reason = (event.error or "sync failed").strip()
    if not reason.lower().startswith(name.lower()):
        reason = f"{name}: {reason}"
    return f"{WARN} {reason} — showing saved data"


@dataclass
class SyncActivity:
    """What is syncing now and what went wrong, per vendor (pure state, easy to test)."""

    running: dict[str, SyncProgress] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)

    def apply(self, event: SyncProgress) -> None:
        if event.done:
            self.running.pop(event.vendor, None)
            if event.error:
                self.errors[event.vendor] = error_text(event)
            else:
                self.errors.pop(event.vendor, None)
        else:
            self.running[event.vendor] = event

    @property
    def busy(self) -> bool:
        return bool(self.running)


class SyncStatusBar:
    """Puts the sync widgets on ``bar`` and keeps them current."""

    def __init__(self, bar: QStatusBar, vendors: list[str]) -> None:
        self.bar = bar
        self.vendors = vendors
        self.activity = SyncActivity()
        self.states: dict[str, SyncState] = {}
        bar.setObjectName("syncStatus")
        bar.setAccessibleName("syncStatus")
        bar.setAccessibleDescription("Sync progress, how fresh each vendor's data is, errors")
        self.error_label = _label("syncError")
        self.progress_label = _label("syncProgress")
        self.progress_bar = QProgressBar()
        self.progress_bar.setObjectName("syncProgressBar")
        self.progress_bar.setAccessibleName("Sync progress")
        self.progress_bar.setMaximumWidth(120)
        self.progress_bar.setTextVisible(False)
        self.freshness_label = _label("syncFreshness")
        bar.addWidget(self.error_label, 1)
        bar.addPermanentWidget(self.progress_label)
        bar.addPermanentWidget(self.progress_bar)
        bar.addPermanentWidget(self.freshness_label)
        self._show_activity()

    def on_progress(self, event: SyncProgress) -> None:
        self.activity.apply(event)
        self._show_activity()

    def show_states(self, states: dict[str, SyncState], now: datetime,
                    tz: tzinfo | None = None) -> None:
        self.states = states
        parts = [freshness_text(v, states.get(v), now, tz) for v in self.vendors]
        self.freshness_label.setText("  ·  ".join(parts))
        errors = [f"{VENDOR_NAMES.get(v, v)}: {s.last_error}" for v, s in states.items()
                  if s.last_error and v in self.vendors]
        self.freshness_label.setToolTip(plain_tip("\n".join(errors)))  # vendor words

    def _show_activity(self) -> None:
        running = list(self.activity.running.values())
        if running:
            self.progress_label.setText("Syncing " + " · ".join(progress_text(e)
                                                                for e in running))
            totals = [e for e in running if e.total]
            if len(running) == 1 and totals:
                self.progress_bar.setRange(0, totals[0].total or 0)
                self.progress_bar.setValue(min(totals[0].records, totals[0].total or 0))
            else:
                self.progress_bar.setRange(0, 0)  # busy: LOKE's total is unknown
        self.progress_label.setVisible(bool(running))
        self.progress_bar.setVisible(bool(running))
        errors = list(self.activity.errors.values())
        self.error_label.setText("   ".join(errors))
        self.error_label.setVisible(bool(errors))


def _label(name: str) -> QLabel:
    label = QLabel()
    label.setTextFormat(Qt.TextFormat.PlainText)  # vendor error text is never rich text
    label.setObjectName(name)
    label.setAccessibleName(name)
    label.setContentsMargins(6, 0, 6, 0)
    return label
