"""rules.md "Decision (actual and billed times)" (issue 14, item 2): a record keeps what the
clock said beside the rounded, billed times; the overlap, future and long-running rules and
the running timer use the actual ones, billing the rounded ones. Runs on SQLite and, through
tests/reliability/test_postgres_suite.py, on PostgreSQL."""

from __future__ import annotations


import pytest
from svc_support import at, make_settings, rounding_rule

from kimai_tui.rules.errors import ValidationError
from kimai_tui.services import timesheets
from kimai_tui.services.record_save import RecordChanges

ONE_MINUTE = [rounding_rule(begin=1, end=1, duration=0)]  # the shipped default
QUARTER = [rounding_rule(begin=15, end=15, duration=0)]


def clock_at(text):
    moment = at(text)
    return lambda: moment


def test_switch_at_10_42_55_begins_the_new_record_then_not_in_the_future(world):
    settings = make_settings(rounding=ONE_MINUTE)
    first, _ = timesheets.start(world.ctx(settings=settings, clock=clock_at("2026-11-02 10:30:10")),
                                world.changes())
    ctx = world.ctx(settings=settings, clock=clock_at("2026-11-02 10:42:55"))
    new, [old] = timesheets.switch(ctx, world.changes(project_id=world.project2,
                                                      activity_id=world.activity2))
    assert new.begin == new.actual_begin == at("2026-11-02 10:42:55") and new.running
    # The old one ends at the same actual instant and is billed rounded.
    assert old.actual_end == at("2026-11-02 10:42:55")
    assert (old.begin, old.end, old.duration) == (at("2026-11-02 10:30"),
                                                  at("2026-11-02 10:43"), 780)
    assert old.actual_begin == at("2026-11-02 10:30:10") and old.rounded_differs


def test_start_under_quarter_hour_rounding_and_hard_limit_1_begins_now(world):
    settings = make_settings(rounding=QUARTER, hard_limit=1, allow_future_times=False)
    timesheets.start(world.ctx(settings=settings, clock=clock_at("2026-11-02 10:05")),
                     world.changes())
    ctx = world.ctx(settings=settings, clock=clock_at("2026-11-02 10:51:46"))
    new, [old] = timesheets.start(ctx, world.changes(project_id=world.project2,
                                                     activity_id=world.activity2))
    assert new.begin == at("2026-11-02 10:51:46")
    # Billed until 11:00 (end rounds up), which is not "a future time": the rule looks at
    # the actual end.
    assert old.end == at("2026-11-02 11:00") and old.actual_end == at("2026-11-02 10:51:46")


def test_start_right_after_a_rounded_stop_is_not_an_overlap(world):
    settings = make_settings(rounding=ONE_MINUTE, allow_overlapping_records=False)
    ctx = world.ctx(settings=settings, clock=clock_at("2026-11-02 12:40"))
    first, _ = timesheets.start(ctx, world.changes(), at=at("2026-11-02 12:00:10"))
    [stopped] = timesheets.stop(ctx, at=at("2026-11-02 12:32:20"))
    assert stopped.end == at("2026-11-02 12:33")  # billed until 12:33
    second, _ = timesheets.start(ctx, world.changes(), at=at("2026-11-02 12:32:40"))
    assert second.begin == at("2026-11-02 12:32:40")
    # ... and stopping it later, its rounded begin (12:32) before the other's rounded end
    # (12:33) is still no overlap: the actual times do not meet.
    [again] = timesheets.stop(ctx, at=at("2026-11-02 12:39:05"))
    assert again.begin == at("2026-11-02 12:32") and again.actual_begin == second.begin


def test_start_stop_start_on_the_real_clock_within_a_minute(world):
    settings = make_settings(rounding=ONE_MINUTE, allow_overlapping_records=False)
    for seconds in ("10", "31", "48"):
        ctx = world.ctx(settings=settings, clock=clock_at(f"2026-11-02 08:15:{seconds}"))
        timesheets.start(ctx, world.changes())
        timesheets.stop(ctx)
    assert world.count() == 3


def test_a_real_overlap_on_actual_times_is_still_refused(world):
    settings = make_settings(rounding=ONE_MINUTE, allow_overlapping_records=False)
    ctx = world.ctx(settings=settings, clock=clock_at("2026-11-02 12:40"))
    world.add(begin="2026-11-02 10:00", minutes=60, settings=settings)
    with pytest.raises(ValidationError) as refused:
        timesheets.create(ctx, world.changes("2026-11-02 10:59:30", 10))
    assert "begin" in refused.value.errors


def test_long_running_rule_looks_at_the_actual_length(world):
    settings = make_settings(rounding=QUARTER, long_running_duration=60)
    # Actually 58 minutes, billed 75 (10:00-11:15): allowed.
    record = world.add(begin="2026-11-02 10:07", minutes=58, settings=settings)
    assert record.duration == 75 * 60 and (record.begin, record.end) == (
        at("2026-11-02 10:00"), at("2026-11-02 11:15"))


def test_saving_a_stopped_record_rounds_from_the_actual_times_again(world):
    settings = make_settings(rounding=QUARTER)
    record = world.add(begin="2026-11-02 07:17:35", end=at("2026-11-02 08:32:52"),
                       minutes=None, settings=settings)
    assert (record.actual_begin, record.actual_end) == (at("2026-11-02 07:17:35"),
                                                        at("2026-11-02 08:32:52"))
    edited = timesheets.update(world.ctx(settings=settings), record.id,
                               RecordChanges(description="same times"))
    assert (edited.begin, edited.end, edited.duration) == (record.begin, record.end, 5400)
    assert edited.actual_begin == record.actual_begin
    # A new end: rounded from the kept actual begin, not from the rounded 07:15.
    later = timesheets.update(world.ctx(settings=settings), record.id,
                              RecordChanges(end=at("2026-11-02 08:50")))
    assert (later.begin, later.end) == (at("2026-11-02 07:15"), at("2026-11-02 09:00"))
    assert later.actual_end == at("2026-11-02 08:50")


def test_unrounded_records_have_actual_equal_to_rounded(world):
    record = world.add(begin="2026-11-02 07:00", minutes=30)
    assert (record.actual_begin, record.actual_end) == (record.begin, record.end)
    assert not record.rounded_differs


def test_the_actual_times_migration_gives_existing_records_actual_equal_to_rounded(world):
    from kimai_tui.data import db
    from kimai_tui.data.models import SchemaVersion, Timesheet
    from kimai_tui.data import timesheets as records_repo

    record = world.add(begin="2026-11-02 07:00", minutes=30)
    running, _ = timesheets.start(world.ctx(), world.changes())
    database = world.database
    # Back to the schema of version 7 (before actual times, migration 8): no actual columns.
    for column in ("actual_begin_ts", "actual_end_ts"):
        database.execute_sql(f'ALTER TABLE "timesheet" DROP COLUMN "{column}"')
    SchemaVersion.update(version=7).execute()
    assert db.migrate(database) == db.SCHEMA_VERSION >= 8
    rows = {rid: (b, e, ab, ae) for rid, b, e, ab, ae in Timesheet.select(
        Timesheet.id, Timesheet.begin_ts, Timesheet.end_ts, Timesheet.actual_begin_ts,
        Timesheet.actual_end_ts).tuples()}
    begin, end, actual_begin, actual_end = rows[record.id]
    assert (actual_begin, actual_end) == (begin, end)
    begin, end, actual_begin, actual_end = rows[running.id]
    assert actual_begin == begin and actual_end is None and end is None
    assert records_repo.get(record.id).actual_end == record.end


def test_bulk_loaded_rows_without_actual_times_read_as_rounded(world):
    from kimai_tui.data.models import Timesheet
    from kimai_tui.data import timesheets as records_repo

    record = world.add(begin="2026-11-02 07:00", minutes=30)
    Timesheet.update(actual_begin_ts=None, actual_end_ts=None).where(
        Timesheet.id == record.id).execute()
    again = records_repo.get(record.id)
    assert (again.actual_begin, again.actual_end) == (record.begin, record.end)
    settings = make_settings(allow_overlapping_records=False)
    with pytest.raises(ValidationError):
        world.add(begin="2026-11-02 07:10", minutes=5, settings=settings)
    world.add(begin="2026-11-02 07:30", minutes=5, settings=settings)  # touching is fine
    assert world.count() == 2


def test_migration_6_adds_the_decimal_hours_preference(world):
    from kimai_tui.data import db
    from kimai_tui.data import users as users_repo
    from kimai_tui.data.models import SchemaVersion

    world.database.execute_sql('ALTER TABLE "user" DROP COLUMN "decimal_hours"')
    for column in ("actual_begin_ts", "actual_end_ts"):
        world.database.execute_sql(f'ALTER TABLE "timesheet" DROP COLUMN "{column}"')
    SchemaVersion.update(version=5).execute()
    db.migrate(world.database)
    assert users_repo.get(world.user("alice").id).decimal_hours is False
