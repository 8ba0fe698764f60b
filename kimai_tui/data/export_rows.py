"""Timesheet rows for the exports, as plain tuples of stored values.

An export of 100k records spent most of its time turning rows into Peewee values and
domain.Record objects it then took apart again. Here a page is read through the raw cursor
with exactly the columns an export writes: ids instead of joined names (the names of the few
users, customers, projects and activities are read once each, see `names`), instants as UTC
epoch seconds, money as the stored integer (`money` turns one into its Decimal).

Pages are keyset-paginated on (begin_ts, id), oldest first, like `timesheets.iterate`, so an
export holds one page at a time whatever its size.
"""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from typing import Iterator, NamedTuple, Sequence

from kimai_tui.data import convert, timesheets
from kimai_tui.data.models import (Activity, Customer, Project, Timesheet, User,
                                   database_proxy)
from kimai_tui.queries import RecordFilter

# The order of the values in every row `pages` yields.
FIELDS = ("id", "user_id", "customer_id", "project_id", "activity_id", "begin_ts", "end_ts",
          "timezone", "duration", "description", "billable", "exported", "hourly_rate",
          "fixed_rate", "rate", "internal_rate", "version")
_COLUMNS = (Timesheet.id, Timesheet.user, Timesheet.customer, Timesheet.project,
            Timesheet.activity, Timesheet.begin_ts, Timesheet.end_ts, Timesheet.timezone,
            Timesheet.duration, Timesheet.description, Timesheet.billable, Timesheet.exported,
            Timesheet.hourly_rate, Timesheet.fixed_rate, Timesheet.rate, Timesheet.internal_rate,
            Timesheet.version)
_BEGIN, _ID = FIELDS.index("begin_ts"), FIELDS.index("id")

PAGE_SIZE = 2000


def pages(flt: RecordFilter, size: int | None = None) -> Iterator[list[tuple]]:
    """Every matching record, oldest first, `size` (PAGE_SIZE) rows at a time; a row holds
    the values of FIELDS. (Tags and custom fields: `timesheets.tags_for` and
    `meta.values_for` per page.)"""
    size = size or PAGE_SIZE
    after = None
    while True:
        page_filter = flt
        if after is not None:
            # The last row's begin replaces the filter's lower bound (every row met it, so
            # nothing is lost): SQLite seeks the begin_ts index with one lower bound, and
            # given both it took the filter's, so each page walked the index past all the
            # earlier pages' rows (a 1M-record export: pages 40x slower at the end).
            page_filter = replace(flt, begin_from=convert.from_ts(after[0]))
        query = timesheets.where(Timesheet.select(*_COLUMNS), page_filter)
        if after is not None:
            begin_ts, record_id = after
            query = query.where((Timesheet.begin_ts > begin_ts)
                                | ((Timesheet.begin_ts == begin_ts) & (Timesheet.id > record_id)))
        query = query.order_by(Timesheet.begin_ts.asc(), Timesheet.id.asc()).limit(size)
        rows = database_proxy.execute(query).fetchall()  # raw cursor: no per-cell conversion
        if rows:
            yield rows
        if len(rows) < size:
            return
        after = rows[-1][_BEGIN], rows[-1][_ID]


def money(stored: int | None) -> Decimal | None:
    """A stored money value as the Decimal every other read returns."""
    return Timesheet.rate.python_value(stored)


class UserNames(NamedTuple):
    username: str
    alias: str
    email: str
    staff_number: str


class CustomerNames(NamedTuple):
    name: str
    number: str
    vat_id: str
    currency: str


class ProjectNames(NamedTuple):
    name: str
    number: str
    order_number: str


class ActivityNames(NamedTuple):
    name: str


_NAMES = {
    "user": (User, UserNames), "customer": (Customer, CustomerNames),
    "project": (Project, ProjectNames), "activity": (Activity, ActivityNames),
}


def names(kind: str, ids: Sequence[int]) -> dict[int, tuple]:
    """What an export writes about the users, customers, projects or activities `ids`: a
    UserNames, CustomerNames, ProjectNames or ActivityNames by id."""
    if not ids:
        return {}
    model, names_of = _NAMES[kind]
    columns = [getattr(model, name) for name in names_of._fields]
    query = model.select(model.id, *columns).where(model.id.in_(list(ids))).tuples()
    return {row[0]: names_of(*row[1:]) for row in query}


LOCK_CHUNK = 500  # ids per statement: well below SQLite's and PostgreSQL's parameter limits


def lock_states(ids: Sequence[int]) -> list[tuple[int, int, int, bool, bool, int]]:
    """(id, user_id, customer_id, running, exported, version) of the records with these ids
    that exist, for deciding what `mark_exported` may lock."""
    from kimai_tui.data.sql import select_in

    out = []
    for start in range(0, len(ids), LOCK_CHUNK):
        out += [(i, u, c, end is None, bool(x), v) for i, u, c, end, x, v in select_in(
            "SELECT id, user_id, customer_id, end_ts, exported, version FROM timesheet "
            "WHERE id IN ({ids})", ids[start:start + LOCK_CHUNK])]
    return out


def mark_exported(ids: Sequence[int], modified_ts: int) -> int:
    """Set the exported flag of the stopped, not yet exported records among IDS, one UPDATE
    per chunk (each record's version grows by one); returns how many changed."""
    changed = 0
    for start in range(0, len(ids), LOCK_CHUNK):
        chunk = [int(i) for i in ids[start:start + LOCK_CHUNK]]
        changed += (Timesheet.update(exported=True, modified_ts=modified_ts,
                                     version=Timesheet.version + 1)
                    .where(Timesheet.id.in_(chunk) & Timesheet.end_ts.is_null(False)
                           & (Timesheet.exported == False))  # noqa: E712 (SQL, not Python)
                    .execute())
    return changed
