"""What a sync tells the outside world: progress while it runs, a report when it ends.

The same small values feed the CLI (a live line on a terminal, a summary, ``--json``) and the
GUI status bar, so neither needs to know how a vendor is synced. Events are plain frozen
dataclasses: safe to hand from the sync thread to the GUI thread.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

from app.errors import ExitCode

#: Vendors whose customers are synced in bulk, in the order they are reported.
SYNC_VENDORS: tuple[str, ...] = ("reservations", "loke")

Stage = Literal["waiting", "starting", "fetching", "writing", "removing", "done", "failed"]


@dataclass(frozen=True)
class SyncProgress:
    """One step of one vendor's sync.

    ``pages`` and ``records`` count the whole pass so far (a resumed LOKE pass starts from the
    numbers saved with its cursor); ``total`` is known only for whole-list vendors, so a LOKE
    progress bar is indeterminate. ``done`` is true on the vendor's last event, whether it
    succeeded or failed (then ``error`` says why, in words for staff).
    """

    vendor: str
    stage: Stage
    pages: int = 0
    records: int = 0
    skipped: int = 0
    total: int | None = None
    done: bool = False
    error: str | None = None


ProgressCallback = Callable[[SyncProgress], None]


@dataclass
class VendorResult:
    """How one vendor's sync ended. Counts are for the whole pass (see :class:`SyncProgress`)."""

    vendor: str
    ok: bool = False
    added: int = 0
    changed: int = 0
    removed: int = 0
    skipped: int = 0
    pages: int = 0
    records: int = 0
    resumed: bool = False  # this run continued a pass an earlier run had started
    seconds: float = 0.0
    error: str | None = None  # one line for staff: vendor, what happened, what to do
    exit_code: ExitCode = ExitCode.OK
    #: Records the pass left out but kept, because so many missing looks like a bad answer.
    held_back: int = 0
    #: "full" (every record read; what is gone upstream removed) or "incremental" (only what
    #: changed since the last pass, LOKE's ``sort=updated``; removes nothing).
    mode: str = "full"

    def as_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["exit_code"] = int(self.exit_code)
        return data


@dataclass
class SyncReport:
    """Every vendor a run was asked to sync, in :data:`SYNC_VENDORS` order."""

    results: list[VendorResult] = field(default_factory=list)
    busy: bool = False  # another sync of the same cache held the lock; nothing was done
    notices: list[str] = field(default_factory=list)  # for the person, e.g. copies deleted
    #: The Qminder visits pull (app.sync.qminder) when the run made one: reported beside the
    #: vendors, not among them (it syncs tickets, not customers), yet its failure counts.
    visits: VendorResult | None = None

    @property
    def ok(self) -> bool:
        return not self.busy and all(r.ok for r in self.results) and \
            (self.visits is None or self.visits.ok)

    @property
    def exit_code(self) -> ExitCode:
        """0 when every vendor succeeded, else the exit code of the first one that failed."""
        if self.busy:
            return ExitCode.UNAVAILABLE
        for result in self.results:
            if not result.ok:
                return result.exit_code
        if self.visits is not None and not self.visits.ok:
            return self.visits.exit_code
        return ExitCode.OK

    def result(self, vendor: str) -> VendorResult:
        return next(r for r in self.results if r.vendor == vendor)
