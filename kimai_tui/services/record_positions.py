"""Where the n-th record of a long listing lies, without OFFSET n.

A histogram of begin times (data/timesheets.begin_histogram: records per bucket of begin_ts,
one pass over the matching rows, like COUNT) says how many records come before each bucket in
the newest-first order. Row n is then the (n - before)-th row of its bucket: a keyset page from
the bucket's upper edge that skips at most one bucket's rows. At a million records OFFSET
500000 read 500k rows (0.2-0.6 s); a bucket holds about a thousand.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass

from kimai_tui.data import timesheets as records_repo
from kimai_tui.queries import PageKey, RecordFilter

BUCKETS = 2048


@dataclass(frozen=True)
class Positions:
    first_ts: int  # begin_ts where bucket 0 starts
    width: int  # seconds per bucket
    buckets: tuple[int, ...]  # bucket numbers that hold records, newest first
    starts: tuple[int, ...]  # records before each of those buckets, newest first
    total: int

    def locate(self, offset: int) -> tuple[PageKey | None, int]:
        """Where row `offset` (newest first) is: after this key, skipping this many rows."""
        index = bisect_right(self.starts, offset) - 1
        if index < 0:
            return None, offset
        upper = self.first_ts + (self.buckets[index] + 1) * self.width
        # (upper, 0) comes after every record that began at `upper` or later: ids are > 0.
        return PageKey(upper, 0), offset - self.starts[index]


def measure(flt: RecordFilter) -> Positions | None:
    """The positions of the filter's records now (None when there are no records at all)."""
    span = records_repo.begin_span()
    if span is None:
        return None
    first, last = span
    width = max((last - first) // BUCKETS + 1, 1)
    counts = sorted(records_repo.begin_histogram(flt, first, width), reverse=True)
    starts, total = [], 0
    for _, records in counts:
        starts.append(total)
        total += records
    return Positions(first, width, tuple(b for b, _ in counts), tuple(starts), total)
