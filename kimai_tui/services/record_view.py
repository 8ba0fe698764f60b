"""Read models for the faces: a windowed source of records, and the totals of a filter.

The TUI's table asks `RecordSource` for pages as it draws them, always in a worker thread.
Sequential pages use the keyset (begin, id) of the page before. A jump far ahead uses the
positions measured after the count (services/record_positions.py); before they are known it
finds the key of the row before the jump by OFFSET over the key columns, from the nearer end.
"""

from __future__ import annotations

import threading
from copy import copy
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Callable

from kimai_tui import domain
from kimai_tui.data import convert
from kimai_tui.data import timesheets as records_repo
from kimai_tui.queries import PageKey, RecordFilter
from kimai_tui.services import record_positions
from kimai_tui.services import timesheets as timesheet_service
from kimai_tui.services.context import Context
from kimai_tui.services.worker_reads import worker_reads

# Below this many records a jump's OFFSET is cheap enough: no histogram is measured.
POSITIONS_FROM = 5000


class RecordSource:
    """The records of one filter that the acting user may see, newest first."""

    def __init__(self, ctx: Context, flt: RecordFilter, all_users: bool = False):
        self.ctx = ctx
        self._asked = copy(flt)
        self._all_users = all_users
        self._filter: RecordFilter | None = None
        self._keys: dict[int, PageKey] = {}  # offset -> key of the row just before it
        self._positions: record_positions.Positions | None = None
        self._total: int | None = None
        self._lock = threading.Lock()

    @property
    def filter(self) -> RecordFilter:
        """The filter narrowed to what the acting user may see. Scoping reads the teams the
        user leads, so the first reader, a worker thread, does it, not the UI thread."""
        with self._lock:
            if self._filter is None:
                self._filter = timesheet_service.scoped_filter(
                    self.ctx, copy(self._asked), self._all_users)
            return self._filter

    def invalidate(self) -> None:
        """Records changed: forget the keys, positions, count and scope learnt so far."""
        with self._lock:
            self._keys.clear()
            self._positions = None
            self._total = None
            self._filter = None

    def count(self) -> int:
        with worker_reads(self.ctx.database):
            total = records_repo.count(self.filter)
        self._total = total
        return total

    def prepare_jumps(self, cancelled: Callable[[], bool] = lambda: False) -> None:
        """After the count: measure where the records lie, so a jump to any row reads about
        one page (a pass over the matching rows, in the background)."""
        if self._total is None or self._total < POSITIONS_FROM or self._positions is not None:
            return
        with worker_reads(self.ctx.database):
            positions = record_positions.measure(self.filter)
        if not cancelled():
            with self._lock:
                self._positions = positions

    def fetch(self, offset: int, limit: int) -> list[domain.Record]:
        flt = self.filter
        with self._lock:
            after = self._keys.get(offset)
            positions = self._positions
        with worker_reads(self.ctx.database):
            if offset == 0:
                rows = records_repo.page(flt, limit)
            elif after is not None:
                rows = records_repo.page(flt, limit, after)
            elif positions is not None:
                key, skip = positions.locate(offset)
                rows = records_repo.page(flt, limit, key, skip=skip)
            else:
                rows = records_repo.page_at(flt, offset, limit, self._total)
        if rows:
            last = rows[-1]
            with self._lock:
                self._keys[offset + len(rows)] = PageKey(convert.to_ts(last.begin), last.id)
        return rows

    def totals(self) -> dict[str, tuple[int, int, Decimal]]:
        """Per currency: (records, seconds, amount) of everything the filter matches."""
        with worker_reads(self.ctx.database):
            return records_repo.totals(self.filter)


@dataclass(frozen=True)
class DayHeader:
    """A day separator of the recent-work view: the local day and what was recorded on it
    (records, seconds; a running record counts its time so far)."""

    day: date
    records: int
    seconds: int


class RecentSource:
    """The acting user's recent work (issue 14 item 11: on Monday morning the week is empty):
    their newest records across any period, newest first, each local day led by a DayHeader
    with its totals. At most LIMIT records (one keyset page), and the oldest day is left out
    when the limit cut it, so every total shown is whole. Rows are domain.Record or
    DayHeader; the same `count` / `fetch` / `totals` as RecordSource."""

    def __init__(self, ctx: Context, flt: RecordFilter, limit: int = 60):
        self.ctx = ctx
        self._asked = copy(flt)
        self._limit = limit
        self._rows: list | None = None
        self._records: list[domain.Record] = []
        self._lock = threading.Lock()

    def invalidate(self) -> None:
        with self._lock:
            self._rows = None

    def _load(self) -> list:
        with self._lock:
            if self._rows is not None:
                return self._rows
        flt = copy(self._asked)
        flt.user_ids = [self.ctx.user.id]
        with worker_reads(self.ctx.database):
            found = timesheet_service.listing(self.ctx, flt, limit=self._limit + 1)
        tz = self.ctx.tz
        now = self.ctx.now()
        days: dict[date, list[domain.Record]] = {}
        for record in found:
            days.setdefault(record.begin.astimezone(tz).date(), []).append(record)
        if len(found) > self._limit and len(days) > 1:
            days.pop(min(days))  # cut by the limit: its total would be short
        rows: list = []
        records: list[domain.Record] = []
        for day in sorted(days, reverse=True):
            group = days[day]
            seconds = sum(_seconds(r, now) for r in group)
            rows.append(DayHeader(day, len(group), seconds))
            rows.extend(group)
            records.extend(group)
        with self._lock:
            self._rows, self._records = rows, records
        return rows

    @property
    def days(self) -> list[date]:
        """The days shown, newest first (after a count or fetch)."""
        with self._lock:
            return [row.day for row in self._rows or [] if isinstance(row, DayHeader)]

    def count(self) -> int:
        return len(self._load())

    def fetch(self, offset: int, limit: int) -> list:
        return self._load()[offset:offset + limit]

    def totals(self) -> dict[str, tuple[int, int, Decimal]]:
        """Per currency: (records, seconds, amount) of the records shown."""
        self._load()
        now = self.ctx.now()
        out: dict[str, tuple[int, int, Decimal]] = {}
        with self._lock:
            records = list(self._records)
        for record in records:
            count, seconds, amount = out.get(record.currency, (0, 0, Decimal(0)))
            out[record.currency] = (count + 1, seconds + _seconds(record, now),
                                    amount + record.rate)
        return out


def _seconds(record: domain.Record, now) -> int:
    if record.running:
        return max(int((now - record.begin).total_seconds()), 0)
    return record.duration
