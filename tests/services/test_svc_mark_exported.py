"""Locking records as exported in bulk (an export of many records): chunks, visibility,
running timers left alone, all or nothing."""

from __future__ import annotations

import pytest

from kimai_tui.data import export_rows
from kimai_tui.data.models import Timesheet
from kimai_tui.rules.errors import NotFound, PermissionDenied
from kimai_tui.services import timesheets


def exported_ids() -> set[int]:
    return {i for (i,) in Timesheet.select(Timesheet.id).where(Timesheet.exported).tuples()}


def test_many_records_across_chunks_are_locked_but_not_a_running_one(world, monkeypatch):
    monkeypatch.setattr(export_rows, "LOCK_CHUNK", 7)
    stopped = [world.add("alice", f"2026-10-{day:02d} {hour:02d}:00", 30).id
               for day in range(1, 11) for hour in (7, 9)]
    running = world.add("alice", "2026-11-02 08:00", None).id
    marked = timesheets.mark_exported(world.ctx("admin"), stopped + [running])
    assert marked == len(stopped)
    assert exported_ids() == set(stopped)
    assert timesheets.mark_exported(world.ctx("admin"), stopped) == 0  # already locked


def test_a_record_the_lead_may_not_see_refuses_the_whole_call(world):
    world.team("Support", leads=["lead"], members=["alice"])
    world.add_user("carol")
    world.team("Other", members=["carol"])
    mine = world.add("alice", "2026-10-01 07:00", 30).id
    hidden = world.add("carol", "2026-10-01 09:00", 30).id
    with pytest.raises(NotFound):
        timesheets.mark_exported(world.ctx("lead"), [mine, hidden])
    assert exported_ids() == set()
    assert timesheets.mark_exported(world.ctx("lead"), [mine]) == 1


def test_a_user_without_the_permission_locks_nothing(world):
    own = world.add("alice", "2026-10-01 07:00", 30).id
    with pytest.raises(PermissionDenied):
        timesheets.mark_exported(world.ctx("alice"), [own])
    assert exported_ids() == set()


def test_an_unknown_id_is_not_found(world):
    own = world.add("alice", "2026-10-01 07:00", 30).id
    with pytest.raises(NotFound):
        timesheets.mark_exported(world.ctx("admin"), [own, own + 1000])
    assert exported_ids() == set()
