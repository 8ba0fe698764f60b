"""Running records are found through the partial indexes of the running rows, never by a walk
over the whole history (issue 18: the team board took 0.5 s at a million records).

The query plans are asserted, not timings: a plan that scans `timesheet_begin_ts` for running
records is the fault at any size.
"""

from __future__ import annotations

import pytest

from kimai_tui.data import timesheets as records_repo
from kimai_tui.data.models import Timesheet
from kimai_tui.data.db import is_sqlite
from kimai_tui.queries import RecordFilter


def _plan(database, flt: RecordFilter) -> list[str]:
    if not is_sqlite(database):  # the PostgreSQL run of this suite (kt_pg_plugin)
        pytest.skip("SQLite's query plans; PostgreSQL plans by its statistics")
    query = (records_repo.where(records_repo._base_query(), flt)
             .order_by(Timesheet.begin_ts.desc(), Timesheet.id.desc()).limit(200))
    sql, params = query.sql()
    return [row[-1] for row in database.execute_sql("EXPLAIN QUERY PLAN " + sql, params)]


@pytest.mark.parametrize("flt, index", [
    (RecordFilter(state="running"), "timesheet_running_begin"),  # an admin: everyone's
    (RecordFilter(state="running", user_ids=[3]), "timesheet_running"),
    (RecordFilter(state="running", user_ids=list(range(1, 40))), "timesheet_running"),  # a team
])
def test_running_records_come_from_the_partial_indexes(world, flt, index):
    plan = _plan(world.database, flt)
    timesheet_steps = [step for step in plan if "timesheet" in step]
    assert any(f"INDEX {index} " in step + " " for step in timesheet_steps), plan
    assert not any("timesheet_begin_ts" in step for step in plan), plan


def test_a_team_page_of_all_records_still_walks_the_begin_index(world):
    """The "+ 0" that keeps a team's page in begin_ts order (no sort of every row) stays for
    every state but running."""
    plan = _plan(world.database, RecordFilter(user_ids=list(range(1, 40))))
    assert any("timesheet_begin_ts" in step for step in plan), plan
