"""The status bar's sync part: progress while a sync runs, each vendor's freshness, errors.

Staff must be able to tell at a glance whether what they see is current ("LOKE: 2 min ago") or
old ("reservations: offline since 10:42"), without any dialog: errors stay in the status bar,
the cached data stays on screen. Meaning is always in words (with a ⚠ sign), never colour alone.

Every text is a whole translatable sentence (the vendor's name, never translated, and the
values are placeholders); counts and times come from :func:`ui.i18n.formats`, so "12,000 of
100,000" reads "12 000 sur 100 000" in a French store. :func:`ago` and :func:`clock` are also
the profile's and the editing tabs' words for a moment.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, tzinfo

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QLabel, QProgressBar, QStatusBar

from app.cache.state import SyncState
from app.profile import VENDOR_NAMES
from app.sync.events import SyncProgress
from ui.common.widgets import plain_tip
from ui.i18n import formats
from ui.theme import set_tone

WARN = "⚠"


def ago(then: datetime, now: datetime) -> str:
    """How long ago ``then`` was, in words: "just now", "2 min ago", "3 days ago"."""
    seconds = max(0, int((now - then).total_seconds()))
    if seconds < 60:
        return QCoreApplication.translate("SyncStatus", "just now")
    if seconds < 3600:
        minutes = seconds // 60
        return QCoreApplication.translate("SyncStatus", "{count} min ago", "", minutes).format(
            count=formats().number(minutes))
    if seconds < 86400:
        hours = seconds // 3600
        return QCoreApplication.translate("SyncStatus", "{count} h ago", "", hours).format(
            count=formats().number(hours))
    days = seconds // 86400
    return QCoreApplication.translate("SyncStatus", "{count} day(s) ago", "", days).format(
        count=formats().number(days))


def clock(when: datetime, now: datetime, tz: tzinfo | None = None) -> str:
    """"10:42" today, "3 Nov, 10:42" on another day (local time unless ``tz``), as the
    store's locale writes times ("10:42 am" in Australia, "10 h 42" in Québec)."""
    local, today = when.astimezone(tz), now.astimezone(tz)
    if local.date() == today.date():
        return formats().time(local)
    return formats().day_month_time(local)


def _name(vendor: str) -> str:
    return VENDOR_NAMES.get(vendor, vendor)


def freshness_text(vendor: str, state: SyncState | None, now: datetime,
                   tz: tzinfo | None = None) -> str:
    """One vendor's freshness in words, e.g. "LOKE: 2 min ago"."""
    name = _name(vendor)
    if state is None or (state.last_success is None and state.last_attempt is None):
        return QCoreApplication.translate("SyncStatus", "{vendor}: not synced yet").format(
            vendor=name)
    if state.offline_since is not None:
        return QCoreApplication.translate("SyncStatus", "⚠ {vendor}: offline since {time}").format(
            vendor=name, time=clock(state.offline_since, now, tz))
    failed_last = _failed_last(state)
    if state.last_success is None:
        if failed_last:
            return QCoreApplication.translate("SyncStatus", "⚠ {vendor}: sync failed").format(
                vendor=name)
        return QCoreApplication.translate("SyncStatus", "{vendor}: not synced yet").format(
            vendor=name)
    since = ago(state.last_success, now)
    if failed_last:
        return QCoreApplication.translate(
            "SyncStatus", "⚠ {vendor}: {ago}, last try failed").format(vendor=name, ago=since)
    return QCoreApplication.translate("SyncStatus", "{vendor}: {ago}",
                                      "how fresh: LOKE: 2 min ago").format(vendor=name, ago=since)


def _failed_last(state: SyncState) -> bool:
    return state.last_error is not None and (
        state.last_success is None
        or (state.last_attempt is not None and state.last_attempt > state.last_success))


def troubled(state: SyncState | None) -> bool:
    """Whether a vendor's freshness is a warning (offline, or its last try failed): when
    :func:`freshness_text` starts with ⚠."""
    if state is None or (state.last_success is None and state.last_attempt is None):
        return False
    return state.offline_since is not None or _failed_last(state)


def progress_text(event: SyncProgress) -> str:
    """One running vendor's progress: "LOKE: starting…", "reservations: 300 of 1,000
    customers"."""
    name = _name(event.vendor)
    if event.stage in ("waiting", "starting"):
        return QCoreApplication.translate("SyncStatus", "{vendor}: starting…").format(
            vendor=name)
    if event.stage == "removing":
        return QCoreApplication.translate("SyncStatus", "{vendor}: tidying up…").format(
            vendor=name)
    records = formats().number(event.records)
    if event.total is None:
        return QCoreApplication.translate("SyncStatus", "{vendor}: {count} customer(s)", "",
                                          event.records).format(vendor=name, count=records)
    return QCoreApplication.translate(
        "SyncStatus", "{vendor}: {count} of {total} customer(s)",
        "plural by the total", event.total).format(
            vendor=name, count=records, total=formats().number(event.total))


def vendor_says(vendor: str, reason: str) -> str:
    """A vendor's or the core's message under the vendor's name: "LOKE: refused"."""
    return QCoreApplication.translate("SyncStatus", "{vendor}: {reason}",
                                      "a vendor's message: LOKE: refused").format(
        vendor=_name(vendor), reason=reason)


def error_text(event: SyncProgress) -> str:
    """A failed sync: the reason (the core's words) and that saved data is still shown."""
    name = _name(event.vendor)
    reason = (event.error or "").strip() or \
        QCoreApplication.translate("SyncStatus", "sync failed")
    if not reason.lower().startswith(name.lower()):
        reason = vendor_says(event.vendor, reason)
    return QCoreApplication.translate("SyncStatus", "⚠ {reason} — showing saved data").format(
        reason=reason)


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
        bar.setAccessibleName(QCoreApplication.translate("SyncStatusBar", "Sync status"))
        bar.setAccessibleDescription(QCoreApplication.translate(
            "SyncStatusBar", "Sync progress, how fresh each vendor's data is, errors"))
        self.error_label = _label("syncError", QCoreApplication.translate(
            "SyncStatusBar", "Sync problems"))
        self.progress_label = _label("syncProgress", QCoreApplication.translate(
            "SyncStatusBar", "Sync under way"))
        self.progress_bar = QProgressBar()
        self.progress_bar.setObjectName("syncProgressBar")
        self.progress_bar.setAccessibleName(
            QCoreApplication.translate("SyncStatusBar", "Sync progress"))
        self.progress_bar.setMaximumWidth(120)
        self.progress_bar.setTextVisible(False)
        self.freshness_label = _label("syncFreshness", QCoreApplication.translate(
            "SyncStatusBar", "How fresh each vendor's data is"))
        set_tone(self.error_label, "alert")  # always "⚠ … — showing saved data" in words
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
        # Old or failing data stands out; the words (and their ⚠) say the same.
        set_tone(self.freshness_label,
                 "warn" if any(troubled(states.get(v)) for v in self.vendors) else None)
        errors = [vendor_says(v, s.last_error) for v, s in states.items()
                  if s.last_error and v in self.vendors]
        self.freshness_label.setToolTip(plain_tip("\n".join(errors)))  # vendor words

    def _show_activity(self) -> None:
        running = list(self.activity.running.values())
        if running:
            self.progress_label.setText(QCoreApplication.translate(
                "SyncStatusBar", "Syncing {progress}").format(
                    progress=" · ".join(progress_text(e) for e in running)))
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


def _label(name: str, what: str) -> QLabel:
    """A status bar part. A reader says its text (so it has no accessible name, which would
    replace the text); ``what`` it is comes as its description."""
    label = QLabel()
    label.setTextFormat(Qt.TextFormat.PlainText)  # vendor error text is never rich text
    label.setObjectName(name)
    label.setAccessibleDescription(what)
    label.setContentsMargins(6, 0, 6, 0)
    return label
