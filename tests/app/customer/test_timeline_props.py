"""``timeline.merge`` on any rows: a permutation in timeline order.

Upcoming rows still ahead come first, soonest first; then every other dated row, newest
first; then the undated rows. Vendor times come with any offset, or none (taken as UTC).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

from hypothesis import given, settings
from hypothesis import strategies as st

from app.customer.model import Booking
from app.customer.timeline import STATUSES, UPCOMING, merge

_OFFSETS = st.builds(timezone, st.timedeltas(min_value=-timedelta(hours=23, minutes=59),
                                             max_value=timedelta(hours=23, minutes=59)))
_MOMENTS = st.datetimes(min_value=datetime(1990, 1, 1), max_value=datetime(2060, 1, 1),
                        timezones=st.one_of(st.none(), st.just(UTC), _OFFSETS, st.timezones()))
_ROWS = st.lists(
    st.builds(lambda source, start, status: (source, start, status),
              st.sampled_from(["reservations", "booxi", "qudini"]),
              st.one_of(st.none(), _MOMENTS), st.sampled_from(STATUSES)),
    max_size=40)
_NOW = st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2050, 1, 1),
                    timezones=st.one_of(st.just(UTC), _OFFSETS))


def _stamp(moment: datetime) -> float:
    return (moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)).timestamp()


@given(rows=st.lists(_ROWS, max_size=4), now=_NOW)
@settings(max_examples=400, deadline=None)
def test_merge_orders_every_row_and_drops_none(
        rows: list[list[tuple[str, datetime | None, str]]], now: datetime) -> None:
    groups = [[Booking(source=source, booking_id=f"{g}-{i}", starts_at=start, status=status)
               for i, (source, start, status) in enumerate(group)]
              for g, group in enumerate(rows)]
    merged = merge(groups, now)

    given_rows = [row for group in groups for row in group]
    assert sorted(map(id, merged)) == sorted(map(id, given_rows))  # a permutation

    def rank(row: Booking) -> int:
        if row.starts_at is None:
            return 2
        if row.status == UPCOMING and _stamp(row.starts_at) >= now.timestamp():
            return 0
        return 1

    ranks = [rank(row) for row in merged]
    assert ranks == sorted(ranks)  # upcoming-ahead, then dated, then undated
    ahead = [_stamp(r.starts_at) for r in merged if rank(r) == 0 and r.starts_at]
    past = [_stamp(r.starts_at) for r in merged if rank(r) == 1 and r.starts_at]
    assert ahead == sorted(ahead)
    assert past == sorted(past, reverse=True)
