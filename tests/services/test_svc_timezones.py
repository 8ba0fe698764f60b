"""Local time matters: rounding, weekday factors and month budgets use the record's timezone;
lockdown of past periods (rules.md §Rounding Decision, §Rates, §Budgets, §Validation)."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from svc_support import make_settings, rate_factor, rounding_rule
from dateutil import tz

from kimai_tui.rules.errors import RuleRefused
from kimai_tui.services import timesheets
from kimai_tui.services.record_save import RecordChanges

KOLKATA = tz.gettz("Asia/Kolkata")  # UTC+05:30
MANILA = tz.gettz("Asia/Manila")  # UTC+08:00


def rc(world, **kw) -> RecordChanges:
    return RecordChanges(project_id=world.project, activity_id=world.activity, **kw)


def local(zone, *parts) -> datetime:
    return datetime(*parts, tzinfo=zone)


def test_rounding_happens_in_the_records_local_time(world):
    world.add_user("ravi", timezone="Asia/Kolkata")
    s = make_settings(rounding=[rounding_rule(begin=60, end=60, duration=0)])
    record, _ = timesheets.create(world.ctx("ravi", s), rc(world, begin=local(KOLKATA, 2026, 11, 2, 8, 10), end=local(KOLKATA, 2026, 11, 2, 9, 20)))
    assert record.timezone == "Asia/Kolkata"
    # Whole local hours (UTC rounding would give 07:30 and 09:30 local).
    assert record.begin.astimezone(KOLKATA).time().isoformat() == "08:00:00"
    assert record.end.astimezone(KOLKATA).time().isoformat() == "10:00:00"
    assert record.duration == 7200


def test_weekday_factor_uses_the_local_end_weekday(world):
    world.add_user("maria", timezone="Asia/Manila")
    world.price("project", world.project, "100")
    s = make_settings(rates=[rate_factor({6}, "2.0")])  # Sunday
    # Ends Sunday 2026-11-01 23:30 UTC, which is Monday 07:30 in Manila: no factor.
    record, _ = timesheets.create(world.ctx("maria", s), rc(world, begin=datetime(2026, 11, 1, 22, 30, tzinfo=timezone.utc),
        end=datetime(2026, 11, 1, 23, 30, tzinfo=timezone.utc)))
    assert record.rate == 100
    utc_user, _ = timesheets.create(world.ctx("alice", s), rc(world, begin=datetime(2026, 11, 1, 22, 30, tzinfo=timezone.utc),
        end=datetime(2026, 11, 1, 23, 30, tzinfo=timezone.utc)))
    assert utc_user.rate == 200


def test_month_budget_uses_the_local_begin_month(world):
    world.add_user("maria", timezone="Asia/Manila")
    world.edit("project", world.project, time_budget=3600, budget_type="month")
    s = make_settings(allow_overbooking_budget=False)
    # 2026-10-31 20:00 UTC is 2026-11-01 04:00 in Manila: a November record.
    timesheets.create(world.ctx("maria", s), rc(world, begin=datetime(2026, 10, 31, 20, 0, tzinfo=timezone.utc), duration=3600))
    with pytest.raises(RuleRefused):
        timesheets.create(world.ctx("maria", s), rc(world, begin=local(MANILA, 2026, 11, 20, 9, 0), duration=60))
    # October (local) is still free.
    assert timesheets.create(world.ctx("maria", s), rc(world, begin=local(MANILA, 2026, 10, 20, 9, 0), duration=3600))[0]


def test_record_keeps_its_timezone_when_the_user_moves(world):
    from kimai_tui.data import users as users_repo

    record = world.add("alice", begin="2026-11-02 07:00")
    users_repo.update(world.user("alice").id, {"timezone": "Asia/Manila"})
    edited = timesheets.update(world.ctx("alice"), record.id, RecordChanges(description="x"))
    assert edited.timezone == "UTC"


LOCKDOWN = make_settings(lockdown_period_start="first day of last month 00:00",
                         lockdown_period_end="last day of last month 23:59:59")


def test_lockdown_refuses_plain_users_in_a_closed_period(world):
    october = world.add("alice", begin="2026-10-15 08:00")
    with pytest.raises(RuleRefused):
        world.add("alice", begin="2026-10-16 08:00", settings=LOCKDOWN)
    before = world.snapshot()
    with pytest.raises(RuleRefused):
        timesheets.update(world.ctx("alice", LOCKDOWN), october.id,
                          RecordChanges(description="late"))
    # Moving a record out of the locked period is a change to it, too.
    with pytest.raises(RuleRefused):
        timesheets.update(world.ctx("alice", LOCKDOWN), october.id,
                          RecordChanges(begin=datetime(2026, 11, 2, 7, tzinfo=timezone.utc),
                                        end=datetime(2026, 11, 2, 8, tzinfo=timezone.utc)))
    assert world.snapshot() == before
    assert world.add("alice", begin="2026-11-02 07:00", settings=LOCKDOWN)


def test_lockdown_does_not_bind_admins(world):
    record = world.add("admin", begin="2026-10-15 08:00", settings=LOCKDOWN)
    edited = timesheets.update(world.ctx("admin", LOCKDOWN), record.id,
                               RecordChanges(duration=int(timedelta(hours=2).total_seconds())))
    assert edited.duration == 7200
