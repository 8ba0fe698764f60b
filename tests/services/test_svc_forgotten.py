"""Forgotten timers for their owner (issue "For support staff", item 4;
services/forgotten.py): why a running record looks forgotten, and the ends to propose.
"Now": Mon 2026-11-02 09:00 UTC."""

from __future__ import annotations

from datetime import timedelta

from kimai_tui.services import forgotten, timesheets

from svc_support import NOW, at


def test_a_timer_from_last_friday_is_flagged_with_the_workday_s_end(world):
    timer, _ = timesheets.start(world.ctx("alice"), world.changes(),
                                at=at("2026-10-30 08:00"))
    (item,) = forgotten.check(world.ctx("alice"))
    assert item.record.id == timer.id
    assert any("past the end of the workday (18:00)" in r for r in item.reasons)
    assert any("over a night" in r for r in item.reasons)
    assert any("running for" in r for r in item.reasons)
    assert item.proposals[0][1] == at("2026-10-30 18:00")
    assert "kimai-tui stop" in forgotten.warning(item) and "2026-10-30 18:00" in \
        forgotten.warning(item)


def test_the_next_record_s_begin_is_proposed(world):
    timer, _ = timesheets.start(world.ctx("alice"), world.changes(),
                                at=at("2026-11-01 20:00"))
    world.add("alice", begin="2026-11-02 07:30", minutes=30)  # typed in later by hand
    (item,) = forgotten.check(world.ctx("alice"))
    assert at("2026-11-02 07:30") in [moment for _, moment in item.proposals]


def test_a_timer_of_this_morning_is_not_forgotten(world):
    timesheets.start(world.ctx("alice"), world.changes(), at=NOW - timedelta(hours=1))
    assert forgotten.check(world.ctx("alice")) == []
