"""The rows the review queue looks at (services/review.py): plain tuples from the raw cursor,
only the columns it needs, one query per kind, so a team-month at a million records stays
a few tens of milliseconds."""

from __future__ import annotations

from typing import Sequence

from kimai_tui.data.models import Timesheet, database_proxy
from kimai_tui.data.timesheets import RecordFilter, where

# (id, user_id, begin_ts, end_ts, duration, description, day, timezone, customer_id,
#  project_id, activity_id, exported)
ROW = (Timesheet.id, Timesheet.user, Timesheet.begin_ts, Timesheet.end_ts, Timesheet.duration,
       Timesheet.description, Timesheet.day, Timesheet.timezone, Timesheet.customer,
       Timesheet.project, Timesheet.activity, Timesheet.exported)


def period_rows(flt: RecordFilter, first_day: int, last_day: int) -> list[tuple]:
    """The filter's records whose local begin day (yyyymmdd, the record's own zone) is in
    FIRST_DAY..LAST_DAY, as ROW tuples by user then begin (UTC epoch seconds). The filter's
    begin bounds should reach a day past both ends (zones differ by up to a day)."""
    query = (where(Timesheet.select(*ROW), flt)
             .where((Timesheet.day >= first_day) & (Timesheet.day <= last_day))
             .order_by(Timesheet.user, Timesheet.begin_ts, Timesheet.id))
    # The raw cursor: peewee's per-cell conversion cost three times the query here. The
    # columns are plain integers and text; `exported` comes as 0/1 on SQLite.
    return database_proxy.execute(query).fetchall()


def running_rows(user_ids: Sequence[int] | None) -> list[tuple]:
    """Every running record of these users (None: of everyone) as ROW tuples, whenever it
    began: a timer forgotten last week still needs a look."""
    query = Timesheet.select(*ROW).where(Timesheet.end_ts.is_null())
    if user_ids is not None:
        query = query.where(Timesheet.user.in_(list(user_ids)))
    return database_proxy.execute(query.order_by(Timesheet.user, Timesheet.begin_ts)).fetchall()


__all__ = ["ROW", "period_rows", "running_rows"]
