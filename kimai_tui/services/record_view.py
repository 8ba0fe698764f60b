"""Read models for the faces: a windowed source of records, and the totals of a filter.

The TUI's table asks `RecordSource` for pages as it draws them. Sequential pages use the keyset
(begin, id) of the page before; a jump far ahead falls back to OFFSET once, and later pages
continue from the keys it learnt.
"""

from __future__ import annotations

import threading
from copy import copy
from decimal import Decimal

from kimai_tui import domain
from kimai_tui.data import convert
from kimai_tui.data import timesheets as records_repo
from kimai_tui.data.timesheets import PageKey, RecordFilter
from kimai_tui.services import timesheets as timesheet_service
from kimai_tui.services.context import Context


class RecordSource:
    """The records of one filter that the acting user may see, newest first."""

    def __init__(self, ctx: Context, flt: RecordFilter, all_users: bool = False):
        self.ctx = ctx
        self.filter = timesheet_service.scoped_filter(ctx, copy(flt), all_users)
        self._keys: dict[int, PageKey] = {}  # offset -> key of the row just before it
        self._lock = threading.Lock()
        self._total: int | None = None

    def count(self) -> int:
        self._total = records_repo.count(self.filter)
        return self._total

    def fetch(self, offset: int, limit: int) -> list[domain.Record]:
        with self._lock:
            after = self._keys.get(offset)
        if offset == 0:
            rows = records_repo.page(self.filter, limit)
        elif after is not None:
            rows = records_repo.page(self.filter, limit, after)
        else:
            rows = records_repo.page_at(self.filter, offset, limit, self._total)
        if rows:
            last = rows[-1]
            with self._lock:
                self._keys[offset + len(rows)] = PageKey(convert.to_ts(last.begin), last.id)
        return rows

    def totals(self) -> dict[str, tuple[int, int, Decimal]]:
        """Per currency: (records, seconds, amount) of everything the filter matches."""
        return records_repo.totals(self.filter)
