"""The weekly grid (issue "For team leads", item 3; services/week_grid.py): cells are the
records of a day; typing a duration creates, changes or deletes that day's record through the
record services, for one's own week and a lead's member's. "Now": Mon 2026-11-02 09:00 UTC."""

from __future__ import annotations

from datetime import date

import pytest

from kimai_tui.rules.errors import NotFound, PermissionDenied, RuleRefused
from kimai_tui.services import week_grid

from svc_support import at

MON, TUE = date(2026, 10, 26), date(2026, 10, 27)


def cells(world, who="alice", owner="alice", day=MON):
    grid = week_grid.grid(world.ctx(who), world.user(owner).id, day)
    return {(r.project, r.activity, r.description): [c[0] for c in r.cells] for r in grid.rows}


def test_rows_are_project_activity_description_and_cells_the_days(world):
    world.add("alice", begin="2026-10-26 08:00", minutes=90, description="ticket 1")
    world.add("alice", begin="2026-10-26 13:00", minutes=30, description="ticket 1")
    world.add("alice", begin="2026-10-28 08:00", minutes=60, description="")
    world.add("alice", begin="2026-11-02 08:00", minutes=60, description="next week")
    grid = week_grid.grid(world.ctx("alice"), world.user("alice").id, TUE)
    assert grid.days[0] == MON and grid.days[-1] == date(2026, 11, 1)
    assert cells(world) == {("Web", "Dev", ""): [0, 0, 3600, 0, 0, 0, 0],
                            ("Web", "Dev", "ticket 1"): [7200, 0, 0, 0, 0, 0, 0]}
    assert grid.day_totals()[0] == 7200 and grid.seconds == 3 * 3600


def test_typing_creates_changes_and_deletes_the_day_s_record(world):
    ctx, alice = world.ctx("alice"), world.user("alice").id
    record = week_grid.set_cell(ctx, alice, world.project, world.activity, "support", TUE, 5400)
    assert record.duration == 5400 and record.begin == at("2026-10-27 08:00")  # 08:00 default
    assert cells(world)[("Web", "Dev", "support")][1] == 5400
    changed = week_grid.set_cell(ctx, alice, world.project, world.activity, "support", TUE,
                                 7200)
    assert changed.id == record.id and changed.duration == 7200
    assert week_grid.set_cell(ctx, alice, world.project, world.activity, "support", TUE,
                              0) is None
    assert world.count() == 0


def test_a_day_of_several_records_or_a_running_one_is_changed_in_the_timesheet(world):
    world.add("alice", begin="2026-10-26 08:00", minutes=60, description="x")
    world.add("alice", begin="2026-10-26 10:00", minutes=60, description="x")
    before = world.snapshot()
    with pytest.raises(RuleRefused, match="2 records"):
        week_grid.set_cell(world.ctx("alice"), world.user("alice").id, world.project,
                           world.activity, "x", MON, 600)
    world.add("alice", begin="2026-11-02 08:00", minutes=None, description="y")
    with pytest.raises(RuleRefused, match="running"):
        week_grid.set_cell(world.ctx("alice"), world.user("alice").id, world.project,
                           world.activity, "y", date(2026, 11, 2), 600)
    assert world.snapshot()[:2] == before[:2]


def test_a_lead_fills_a_member_s_week_and_nobody_else_s(world):
    world.team("Support", leads=["lead"], members=["alice"])
    world.team("Other", leads=["admin"], members=["bob"])  # bob: not the lead's
    record = week_grid.set_cell(world.ctx("lead"), world.user("alice").id, world.project,
                                world.activity, "forgotten", TUE, 3600)
    assert record.user_id == world.user("alice").id
    assert cells(world, who="lead", owner="alice")[("Web", "Dev", "forgotten")][1] == 3600
    with pytest.raises(NotFound):
        week_grid.grid(world.ctx("lead"), world.user("bob").id, MON)
    with pytest.raises((NotFound, PermissionDenied)):
        week_grid.set_cell(world.ctx("bob"), world.user("alice").id, world.project,
                           world.activity, "x", TUE, 3600)
    assert world.count() == 1


@pytest.mark.parametrize("typed, error", [
    ("8", "8:00, 8h or 8.0"), ("2", "2:00, 2h or 2.0"), ("9999999", "ambiguous"),
    ("25:00", "at most 24:00"), ("1:75:99", None), ("2h", None), ("", None), ("0", None),
])
def test_what_a_day_cell_takes(typed, error):
    from kimai_tui.rules.errors import ValidationError

    if error is None:
        assert week_grid.parse_cell(typed) >= 0
        return
    with pytest.raises(ValidationError) as info:
        week_grid.parse_cell(typed)
    assert error in str(info.value)


def test_a_cell_over_a_day_is_refused_by_the_service(world):
    from kimai_tui.rules.errors import ValidationError

    with pytest.raises(ValidationError):
        week_grid.set_cell(world.ctx("alice"), world.user("alice").id, world.project,
                           world.activity, "", TUE, 25 * 3600)
    assert world.count() == 0
