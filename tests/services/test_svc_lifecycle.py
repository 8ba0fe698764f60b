"""Timesheet use cases: start, stop, restart, switch, create, update, delete, duplicate;
active-entry limits and rounding (rules.md §Running records, §Rounding)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from svc_support import NOW, at, make_settings, rounding_rule

from kimai_tui.rules.errors import NotFound, RuleRefused, UsageError
from kimai_tui.services import timesheets
from kimai_tui.services.record_save import RecordChanges


def start(world, user="alice", settings=None, at_=None, **kw):
    changes = RecordChanges(project_id=kw.pop("project_id", world.project),
                            activity_id=kw.pop("activity_id", world.activity), **kw)
    return timesheets.start(world.ctx(user, settings), changes, at=at_)


# --- start / stop --------------------------------------------------------------------------

def test_start_creates_a_running_record_at_now_with_zero_rate(world):
    world.price("project", world.project, "100")
    record, stopped = start(world, description="hello", tags=("a", "b"))
    assert stopped == []
    assert record.running and record.begin == NOW and record.end is None
    assert record.duration == 0 and record.rate == 0
    assert record.description == "hello" and record.tags == ("a", "b")
    assert record.user_id == world.user("alice").id
    assert timesheets.running(world.ctx()) == [record]


def test_stop_sets_end_duration_and_rate(world):
    world.price("project", world.project, "100")
    start(world, at_=NOW - timedelta(minutes=90))
    [stopped] = timesheets.stop(world.ctx())
    assert stopped.end == NOW
    assert stopped.duration == 5400
    assert stopped.rate == 150
    assert timesheets.running(world.ctx()) == []


def test_stop_with_nothing_running_is_refused(world):
    with pytest.raises(RuleRefused, match="nothing is running"):
        timesheets.stop(world.ctx())
    assert timesheets.stop(world.ctx(), all_running=True) == []


def test_stop_with_several_running_needs_an_id(world):
    s = make_settings(hard_limit=3)
    a, _ = start(world, settings=s, at_=NOW - timedelta(minutes=30))
    b, _ = start(world, settings=s, at_=NOW - timedelta(minutes=20))
    with pytest.raises(UsageError) as info:
        timesheets.stop(world.ctx(settings=s))
    assert f"#{a.id}" in info.value.message and f"#{b.id}" in info.value.message
    assert len(timesheets.running(world.ctx(settings=s))) == 2
    [only] = timesheets.stop(world.ctx(settings=s), record_id=a.id)
    assert only.id == a.id and not only.running
    assert [r.id for r in timesheets.running(world.ctx(settings=s))] == [b.id]


def test_stop_all_stops_every_running_record(world):
    s = make_settings(hard_limit=3)
    start(world, settings=s, at_=NOW - timedelta(minutes=30))
    start(world, settings=s, at_=NOW - timedelta(minutes=20))
    stopped = timesheets.stop(world.ctx(settings=s), all_running=True)
    assert len(stopped) == 2 and all(r.end == NOW for r in stopped)


def test_stop_a_stopped_record_is_refused(world):
    record = world.add()
    with pytest.raises(RuleRefused):
        timesheets.stop(world.ctx(), record_id=record.id)


# --- active-entry limits ------------------------------------------------------------------

def test_hard_limit_1_start_stops_the_running_one_at_the_same_instant(world):
    first, _ = start(world, at_=NOW - timedelta(hours=1))
    second, stopped = start(world, project_id=world.project2, activity_id=world.activity2)
    assert [r.id for r in stopped] == [first.id]
    assert stopped[0].end == second.begin == NOW
    assert stopped[0].duration == 3600
    assert [r.id for r in timesheets.running(world.ctx())] == [second.id]
    assert world.count() == 2


def test_hard_limit_2_refuses_the_third_naming_the_running_records(world):
    s = make_settings(hard_limit=2)
    a, _ = start(world, settings=s, at_=NOW - timedelta(minutes=30))
    b, _ = start(world, settings=s, project_id=world.project2, activity_id=world.activity2)
    before = world.snapshot()
    with pytest.raises(RuleRefused) as info:
        start(world, settings=s)
    message = info.value.message
    assert f"#{a.id}" in message and f"#{b.id}" in message
    assert "Web" in message and "App" in message
    assert world.snapshot() == before


def test_hard_limit_2_also_applies_to_a_running_record_created_by_add(world):
    s = make_settings(hard_limit=2)
    start(world, settings=s, at_=NOW - timedelta(minutes=30))
    start(world, settings=s)
    with pytest.raises(RuleRefused):
        timesheets.create(world.ctx(settings=s), world.changes("2026-11-02 08:50", None))
    assert world.count() == 2


def test_soft_limit_does_not_refuse_or_stop(world):
    s = make_settings(hard_limit=3, soft_limit=1)
    start(world, settings=s, at_=NOW - timedelta(minutes=30))
    _, stopped = start(world, settings=s)
    assert stopped == []
    assert len(timesheets.running(world.ctx(settings=s))) == 2


def test_limits_are_per_user(world):
    start(world, user="alice")
    _, stopped = start(world, user="bob")
    assert stopped == []
    assert len(timesheets.running(world.ctx("alice"))) == 1


# --- rounding ------------------------------------------------------------------------------

ROUND_15 = make_settings(rounding=[rounding_rule(begin=15, end=15, duration=0)])


def test_rounding_applies_on_stop(world):
    start(world, settings=ROUND_15, at_=at("2026-11-02 07:17:35"))
    clock = lambda: at("2026-11-02 08:32:52")  # noqa: E731
    [stopped] = timesheets.stop(world.ctx(settings=ROUND_15, clock=clock))
    assert stopped.begin == at("2026-11-02 07:15")
    assert stopped.end == at("2026-11-02 08:45")
    assert stopped.duration == 5400


def test_running_record_is_never_rounded(world):
    record, _ = start(world, settings=ROUND_15, at_=at("2026-11-02 07:17:35"))
    assert record.begin == at("2026-11-02 07:17:35")
    edited = timesheets.update(world.ctx(settings=ROUND_15), record.id,
                               RecordChanges(description="still running"))
    assert edited.begin == at("2026-11-02 07:17:35") and edited.running


def test_rounding_applies_when_a_stopped_record_is_saved(world):
    record = world.add(begin="2026-11-02 07:17:35", end=at("2026-11-02 08:32:52"),
                       minutes=None, settings=ROUND_15)
    assert (record.begin, record.end, record.duration) == (
        at("2026-11-02 07:15"), at("2026-11-02 08:45"), 5400)


def test_duration_rounding_never_rounds_to_zero(world):
    weekend = make_settings(rounding=[rounding_rule(days=frozenset({5, 6}), begin=1, end=1,
                                                    duration=60, mode="closest")])
    # 2026-10-31 is a Saturday: a 5-minute call counts one hour.
    record = world.add(begin="2026-10-31 10:00", minutes=5, settings=weekend)
    assert record.duration == 3600
    weekday = world.add(begin="2026-11-02 05:00", minutes=5, settings=weekend)
    assert weekday.duration == 300


# --- create / update / delete / restart / switch / duplicate ------------------------------

def test_create_stopped_record_with_duration(world):
    record, stopped = timesheets.create(
        world.ctx(), world.changes("2025-03-03 08:00", None, duration=19393))
    assert stopped == []
    assert record.end == at("2025-03-03 08:00") + timedelta(seconds=19393)
    assert record.duration == 19393


def test_update_changes_only_given_fields(world):
    record = world.add(description="one", tags=("x",))
    edited = timesheets.update(world.ctx(), record.id, RecordChanges(description="two"))
    assert edited.description == "two" and edited.tags == ("x",)
    assert (edited.begin, edited.end) == (record.begin, record.end)


def test_update_of_begin_keeps_the_end(world):
    """cli.md `edit`: only the options given change; a new begin keeps a stopped record's
    end (issue 14, item 9: the end used to move with the duration)."""
    record = world.add(begin="2026-11-02 06:00", minutes=45)
    edited = timesheets.update(world.ctx(), record.id,
                               RecordChanges(begin=at("2026-11-02 06:15")))
    assert edited.end == at("2026-11-02 06:45") and edited.duration == 1800


def test_update_can_stop_a_running_record_with_an_end(world):
    record, _ = start(world, at_=at("2026-11-02 08:00"))
    edited = timesheets.update(world.ctx(), record.id, RecordChanges(end=at("2026-11-02 08:30")))
    assert not edited.running and edited.duration == 1800


def test_delete_removes_record_and_its_tags_and_fields(world):
    from kimai_tui.data.models import MetaValue, TimesheetTag

    record = world.add(tags=("t",), meta={"location": "home"})
    timesheets.delete(world.ctx(), record.id)
    assert world.count() == 0
    assert TimesheetTag.select().count() == 0
    assert MetaValue.select().where(MetaValue.kind == "timesheet").count() == 0
    with pytest.raises(NotFound):
        timesheets.get(world.ctx(), record.id)


def test_restart_copies_project_activity_description_tags_and_fields(world):
    source = world.add(project_id=world.project2, activity_id=world.activity2,
                       description="again", tags=("t1",), meta={"location": "home"})
    record, stopped = timesheets.restart(world.ctx(), source.id)
    assert stopped == []
    assert record.running and record.begin == NOW and record.id != source.id
    assert (record.project_id, record.activity_id) == (world.project2, world.activity2)
    assert record.description == "again" and record.tags == ("t1",)
    assert record.meta == {"location": "home"}


def test_switch_stops_and_starts_at_the_same_instant(world):
    first, _ = start(world, at_=NOW - timedelta(minutes=10))
    new, stopped = timesheets.switch(world.ctx(), RecordChanges(
        project_id=world.project2, activity_id=world.activity2))
    assert [r.id for r in stopped] == [first.id]
    assert stopped[0].end == new.begin == NOW
    assert [r.id for r in timesheets.running(world.ctx())] == [new.id]


def test_switch_with_hard_limit_2_stops_the_running_ones(world):
    s = make_settings(hard_limit=2)
    start(world, settings=s, at_=NOW - timedelta(minutes=10))
    start(world, settings=s, at_=NOW - timedelta(minutes=5))
    new, stopped = timesheets.switch(world.ctx(settings=s), RecordChanges(
        project_id=world.project2, activity_id=world.activity2))
    assert len(stopped) == 2
    assert [r.id for r in timesheets.running(world.ctx(settings=s))] == [new.id]


def test_duplicate_copies_a_stopped_record_without_the_exported_flag(world):
    source = world.add(description="d", tags=("t",), meta={"ticket": "T-1"})
    timesheets.mark_exported(world.ctx("admin"), [source.id])
    copy = timesheets.duplicate(world.ctx(), source.id)
    assert copy.id != source.id and not copy.exported
    assert (copy.begin, copy.end, copy.description, copy.tags, copy.meta) == (
        source.begin, source.end, "d", ("t",), {"ticket": "T-1"})
    assert world.count() == 2


def test_duplicating_a_running_record_is_refused_and_leaves_it_running(world):
    """A duplicate is a stopped copy: of a running record it would run too, and its start
    would stop the record it copies (issue 18's newcomer test)."""
    running, _ = start(world)
    with pytest.raises(RuleRefused, match="running"):
        timesheets.duplicate(world.ctx(), running.id)
    assert [r.id for r in timesheets.running(world.ctx())] == [running.id]
    assert world.count() == 1
