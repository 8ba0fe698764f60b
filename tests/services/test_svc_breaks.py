"""Pause and breaks (issue "For support staff", item 3; Kimai 2's `break`): a paused record
resumes as one record whose break is the pause; the break comes off the duration before the
duration rule rounds it, so rates and budgets follow; a break typed on a record; a paused
record stops where its pause began. "Now": Mon 2026-11-02 09:00 UTC."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest

from kimai_tui.rules.errors import RuleRefused, ValidationError
from kimai_tui.services import pauses, timesheets
from kimai_tui.services.record_save import RecordChanges

from svc_support import NOW, at, make_settings, rounding_rule


def at_minutes(world, minutes):
    world.clock = lambda: NOW + timedelta(minutes=minutes)


def test_pause_resume_stop_is_one_record_with_a_break(world):
    world.price("project", world.project, "60")
    record, _ = timesheets.start(world.ctx("alice"), world.changes())
    at_minutes(world, 30)
    pauses.pause(world.ctx("alice"))
    with pytest.raises(RuleRefused, match="paused already"):
        pauses.pause(world.ctx("alice"))
    at_minutes(world, 45)
    resumed = pauses.resume(world.ctx("alice"))
    assert resumed.break_seconds == 15 * 60 and resumed.paused_at is None
    assert pauses.worked(resumed, NOW + timedelta(minutes=60)) == 45 * 60
    at_minutes(world, 90)
    (stopped,) = timesheets.stop(world.ctx("alice"), record.id)
    assert stopped.duration == 75 * 60 and stopped.rate == Decimal("75")  # 1:15 at 60/h
    assert world.count() == 1


def test_a_paused_record_stops_where_the_pause_began(world):
    record, _ = timesheets.start(world.ctx("alice"), world.changes())
    at_minutes(world, 20)
    pauses.pause(world.ctx("alice"))
    at_minutes(world, 300)  # the pause was never resumed
    (stopped,) = timesheets.stop(world.ctx("alice"), record.id)
    assert stopped.end == NOW + timedelta(minutes=20) and stopped.duration == 20 * 60


def test_a_typed_break_comes_off_before_duration_rounding(world):
    settings = make_settings(rounding=[rounding_rule(name="q", days=frozenset(range(7)),
                                                     begin=0, end=0, duration=15,
                                                     mode="ceil")])
    record = world.add("alice", begin="2026-11-02 08:00", minutes=130, settings=settings,
                       break_seconds=40 * 60)
    assert record.duration == 90 * 60  # 2:10 - 0:40 = 1:30 (a quarter already)
    changed = timesheets.update(world.ctx("alice", settings), record.id,
                                RecordChanges(break_seconds=45 * 60))
    assert changed.duration == 90 * 60  # 1:25 rounded up to the quarter


@pytest.mark.parametrize("seconds", [-60, 2 * 3600])
def test_a_break_outside_the_record_is_refused(world, seconds):
    before = world.snapshot()
    with pytest.raises(ValidationError) as info:
        world.add("alice", begin="2026-11-02 08:00", minutes=60, break_seconds=seconds)
    assert info.value.lines()[0][0] == "break" and world.snapshot() == before


def test_resume_needs_a_pause(world):
    timesheets.start(world.ctx("alice"), world.changes())
    with pytest.raises(RuleRefused, match="not paused"):
        pauses.resume(world.ctx("alice"))
