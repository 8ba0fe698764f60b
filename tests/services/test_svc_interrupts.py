"""The interrupt stack (issue "For support staff", item 2; services/interrupts.py): an
interruption ends the running record at the switch instant, returning continues it in a new
record; nesting; kept in the database; a refused step writes nothing. "Now": Mon 09:00 UTC."""

from __future__ import annotations

from datetime import timedelta

import pytest

from kimai_tui.rules.errors import RuleRefused
from kimai_tui.services import interrupts, timesheets
from kimai_tui.services.record_save import RecordChanges

from svc_support import NOW


def clock(world, minutes):
    world.clock = lambda: NOW + timedelta(minutes=minutes)


def test_interrupt_and_return_nested(world):
    alice = world.ctx("alice")
    work, _ = timesheets.start(alice, world.changes(description="report", tags=("q4",)))
    clock(world, 20)
    call, interrupted = interrupts.interrupt(world.ctx("alice"), RecordChanges(
        project_id=world.project2, activity_id=world.activity2, description="phone call"))
    assert interrupted.id == work.id and interrupted.end == call.begin == NOW + timedelta(
        minutes=20)
    clock(world, 30)
    urgent, _ = interrupts.interrupt(world.ctx("alice"), world.changes(description="urgent"))
    assert [r.id for r in interrupts.stack(world.ctx("alice"))] == [work.id, call.id]
    clock(world, 40)
    back_to_call, stopped = interrupts.return_(world.ctx("alice"))
    assert back_to_call.description == "phone call" and back_to_call.running
    assert [r.id for r in stopped] == [urgent.id]
    clock(world, 50)
    back_to_work, _ = interrupts.return_(world.ctx("alice"))
    assert (back_to_work.description, back_to_work.tags) == ("report", ("q4",))
    assert back_to_work.begin == NOW + timedelta(minutes=50)
    assert interrupts.stack(world.ctx("alice")) == []
    with pytest.raises(RuleRefused, match="no interruption"):
        interrupts.return_(world.ctx("alice"))


def test_nothing_running_is_nothing_to_interrupt(world):
    with pytest.raises(RuleRefused, match="start instead"):
        interrupts.interrupt(world.ctx("alice"), world.changes())
    assert world.count() == 0


def test_a_refused_interruption_writes_nothing(world):
    alice = world.ctx("alice")
    work, _ = timesheets.start(alice, world.changes(description="report"))
    before = world.snapshot()
    with pytest.raises(Exception):  # an activity of another project
        interrupts.interrupt(world.ctx("alice"), RecordChanges(
            project_id=world.project, activity_id=world.activity2))
    assert world.snapshot() == before and interrupts.stack(world.ctx("alice")) == []
    assert timesheets.running(world.ctx("alice"))[0].id == work.id


def test_an_interrupted_record_deleted_meanwhile_drops_its_level(world):
    alice = world.ctx("alice")
    work, _ = timesheets.start(alice, world.changes(description="report"))
    clock(world, 10)
    interrupts.interrupt(world.ctx("alice"), world.changes(description="call"))
    timesheets.delete(world.ctx("alice"), work.id)
    assert interrupts.stack(world.ctx("alice")) == []
    with pytest.raises(RuleRefused, match="no interruption"):
        interrupts.return_(world.ctx("alice"))


def test_a_refused_return_keeps_the_level(world):
    alice = world.ctx("alice")
    timesheets.start(alice, world.changes(description="report"))
    clock(world, 10)
    interrupts.interrupt(world.ctx("alice"), world.changes(description="call"))
    world.edit("project", world.project, visible=False)  # the report can no longer start
    with pytest.raises(Exception):
        interrupts.return_(world.ctx("alice"))
    assert [r.description for r in interrupts.stack(world.ctx("alice"))] == ["report"]
    assert timesheets.running(world.ctx("alice"))[0].description == "call"
