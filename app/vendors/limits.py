"""How long a vendor may take and how much it may send: every figure, per vendor, in one place.

Why: a per-read timeout alone never ends a call from a server that trickles a byte every few
seconds, and a body read whole has no size at all until it is in memory (a gzip of zeros
inflates without end). So each call has

* a **deadline** for the whole of it — connecting, sending, and every byte of the answer;
* a cap on the answer's **decoded** size (after gzip), checked as it arrives;
* the per-read and connect timeouts httpx applies inside that deadline.

Error answers are read for their message only, so they get a much smaller cap and a nesting
limit (:data:`ERROR_BODY_MAX`, :data:`JSON_DEPTH_MAX`). A whole sync pass has its own deadline
(:data:`SYNC_PASS_DEADLINE_S`), after which it stops, keeps what it stored, and lets go of the
sync lock.

Two sets: **counter** calls (a search, a profile, a queue action: someone is waiting at the
desk) fail fast; **sync** calls run in the background and may download a whole store's
customer list in one body (reservations has no paging).
"""

from __future__ import annotations

from dataclasses import dataclass

import httpx

MiB = 1 << 20


@dataclass(frozen=True)
class CallLimits:
    """The bounds on one vendor call (retries each get a fresh deadline)."""

    deadline_s: float  # the whole call, first byte sent to last byte received
    max_body: int  # decoded bytes of a successful answer
    read_s: float = 10.0  # longest silence between two reads
    connect_s: float = 5.0

    @property
    def timeout(self) -> httpx.Timeout:
        return httpx.Timeout(self.read_s, connect=self.connect_s)

    def scaled(self, *, deadline_s: float | None = None, max_body: int | None = None,
               read_s: float | None = None) -> CallLimits:
        """A copy with some bounds changed (tests make them small)."""
        return CallLimits(
            deadline_s=self.deadline_s if deadline_s is None else deadline_s,
            max_body=self.max_body if max_body is None else max_body,
            read_s=self.read_s if read_s is None else read_s,
            connect_s=self.connect_s,
        )


#: Calls made while someone waits at the counter. Every answer is one page or one record; the
#: biggest (a Booxi history page with its side tables, a Qudini day of bookings) is well under
#: a megabyte, so 8 MiB leaves room without letting a runaway body near memory.
COUNTER: dict[str, CallLimits] = {
    "qminder": CallLimits(deadline_s=15.0, max_body=8 * MiB),
    "qudini": CallLimits(deadline_s=15.0, max_body=8 * MiB),
    "booxi": CallLimits(deadline_s=15.0, max_body=8 * MiB),
    "reservations": CallLimits(deadline_s=15.0, max_body=8 * MiB),
    "loke": CallLimits(deadline_s=15.0, max_body=8 * MiB),
}

#: Background sync calls. LOKE pages are at most 1,000 customers (~1 MiB); reservations sends
#: every customer in one streamed body — about 300 bytes a customer, so 1 GiB is over three
#: million customers, and at the slowest store link we have seen (~2 MB/s) that body takes
#: minutes, not the half hour allowed.
SYNC: dict[str, CallLimits] = {
    "loke": CallLimits(deadline_s=120.0, max_body=64 * MiB, read_s=60.0),
    "reservations": CallLimits(deadline_s=30 * 60.0, max_body=1024 * MiB, read_s=60.0),
}

#: A whole sync run (every vendor, one after another). Beyond it the run stops where it is:
#: what was stored stays, the cursor is kept, and the next run resumes.
SYNC_PASS_DEADLINE_S = 60 * 60.0

#: An error answer is read for a one-line message: no more than this of it is read.
ERROR_BODY_MAX = 64 * 1024
#: Deepest nesting of JSON we decode; real vendor bodies nest fewer than ten levels.
JSON_DEPTH_MAX = 64


def counter(vendor: str) -> CallLimits:
    """The counter-call bounds for ``vendor``."""
    return COUNTER[vendor]


def sync(vendor: str) -> CallLimits:
    """The sync-call bounds for ``vendor`` (the counter bounds for vendors that do not sync)."""
    return SYNC.get(vendor, COUNTER[vendor])
