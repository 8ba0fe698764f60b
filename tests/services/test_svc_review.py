"""The review queue (issue "For team leads", item 1; services/review.py): each kind of item
found, fixing a record removes its item, and a lead sees only what the listing shows them.
"Now" is Monday 2026-11-02 09:00 UTC (svc_support.NOW)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest

from kimai_tui.rules.errors import NotFound, PermissionDenied
from kimai_tui.services import review, timesheets
from kimai_tui.services.record_save import RecordChanges
from kimai_tui.settings import ReviewSettings

from svc_support import at

THU, FRI, MON = date(2026, 10, 29), date(2026, 10, 30), date(2026, 11, 2)


@pytest.fixture
def team(world):
    world.team("Support", leads=["lead"], members=["alice"])
    return world


def items(world, who="lead", first=THU, last=MON, settings=None, team_name=None, kind=None):
    found = review.queue(world.ctx(who, settings), first, last, team_name).items
    return [i for i in found if kind is None or i.kind == kind]


def full_days(world, user, days=(THU, FRI), text="work"):
    for day in days:
        world.add(user, begin=f"{day} 08:00", minutes=8 * 60, description=text)


def test_a_clean_week_has_nothing_to_look_at(team):
    full_days(team, "alice")
    full_days(team, "lead")
    assert items(team) == []


def test_a_working_day_without_time_is_listed_until_someone_fills_it(team):
    full_days(team, "lead")
    team.add("alice", begin=f"{THU} 08:00", minutes=8 * 60, description="x")
    (missing,) = items(team)
    assert (missing.kind, missing.day, missing.username, missing.record_id) == (
        "no_time", FRI, "alice", None)
    team.add("alice", begin=f"{FRI} 08:00", minutes=60, description="x")
    assert items(team) == []  # fixed: the item is gone
    short = replace(team.settings, review=ReviewSettings(target=8 * 3600))
    (day,) = items(team, settings=short)
    assert day.kind == "short" and day.text == "1:00 of 8:00"


def test_weekends_and_today_are_not_missing_days(team):
    full_days(team, "alice")
    full_days(team, "lead")
    # Sat 31 Oct, Sun 1 Nov are not working days; Monday 2 Nov is today, not over yet.
    assert items(team, first=THU, last=MON + timedelta(days=3)) == []


def test_overlap_long_record_and_missing_description(team):
    full_days(team, "lead")
    first = team.add("alice", begin=f"{THU} 08:00", minutes=120, description="a")
    second = team.add("alice", begin=f"{THU} 09:00", minutes=60, description="b")
    long = team.add("alice", begin=f"{FRI} 06:00", minutes=11 * 60, description="")
    found = {(i.kind, i.record_id) for i in items(team)}
    assert found == {("overlap", second.id), ("long", long.id), ("no_description", long.id)}
    (overlap,) = items(team, kind="overlap")
    assert f"#{first.id}" in overlap.text and "10:00" in overlap.text
    ctx = team.ctx("lead")
    timesheets.update(ctx, second.id, RecordChanges(begin=at(f"{THU} 10:00"),
                                                    end=at(f"{THU} 11:00")))
    assert items(team, kind="overlap") == []


def test_the_long_limit_follows_long_running_duration_when_it_is_shorter(team):
    full_days(team, "lead")
    full_days(team, "alice")  # 8:00 each
    strict = replace(team.settings, kimai=replace(team.settings.kimai, timesheet=replace(
        team.settings.kimai.timesheet, rules=replace(team.settings.kimai.timesheet.rules,
                                                     long_running_duration=7 * 60))))
    assert {i.kind for i in items(team, settings=strict)} == {"long"}
    assert len(items(team, settings=strict)) == 4


def test_a_timer_running_past_the_workday_is_listed(team):
    full_days(team, "lead")
    full_days(team, "alice", days=(THU,))
    timer = team.add("alice", begin=f"{FRI} 08:00", minutes=None, description="forgot")
    (running,) = items(team, kind="running")
    assert running.record_id == timer.id and "past the workday's end 18:00" in running.text
    late = replace(team.settings, review=ReviewSettings(workday_end="23:59"))
    assert len(items(team, kind="running", settings=late)) == 1  # Friday 23:59 is past too
    team.add("lead", begin=f"{MON} 08:30", minutes=None)  # today, before 18:00: fine
    assert [i.record_id for i in items(team, kind="running")] == [timer.id]


def test_an_overbooked_budget_is_listed_for_who_may_see_it(team):
    full_days(team, "lead")
    full_days(team, "alice")
    team.edit("project", team.project, time_budget=10 * 3600, budget_type="month")
    (over,) = items(team, who="admin", kind="budget")
    assert "project Web over its budget (2026-10): 32:00 of 10:00" == over.text
    assert items(team, who="lead", kind="budget") == []  # no budget permission on Web


def test_records_of_the_lockdown_period_not_exported_are_listed_per_user(team):
    full_days(team, "lead")
    full_days(team, "alice")
    locked = replace(team.settings, kimai=replace(team.settings.kimai, timesheet=replace(
        team.settings.kimai.timesheet, rules=replace(
            team.settings.kimai.timesheet.rules, lockdown_period_start="first day of last month",
            lockdown_period_end="last day of last month 23:59:59",
            lockdown_grace_period="+5 days"))))
    found = items(team, settings=locked, kind="lockdown")
    assert sorted(i.username for i in found) == ["alice", "lead"]
    assert all("2 records of the lockdown period not exported" in i.text for i in found)
    assert all("2026-11-05" in i.text for i in found)


def test_a_lead_reviews_only_their_team_and_a_user_may_not_review(team):
    full_days(team, "lead")
    team.add("bob", begin=f"{THU} 08:00", minutes=60, description="")  # not lead's team
    assert all(i.username != "bob" for i in items(team))
    assert any(i.username == "bob" for i in items(team, who="admin"))
    with pytest.raises(PermissionDenied):
        items(team, who="alice")
    team.team("Other", leads=["admin"], members=["bob"])
    with pytest.raises(NotFound):  # a team one does not lead behaves as missing
        items(team, team_name="Other")
    assert {i.username for i in items(team, who="admin", team_name="Support")} <= {
        "alice", "lead"}


def test_days_are_the_member_s_own_when_zones_differ(world):
    # Thursday 07:00 in Manila is Wednesday 23:00 UTC: the reviewing admin (UTC) must count it
    # on Thursday, the member's day, or Thursday would look empty.
    world.add_user("rosa", timezone="Asia/Manila")
    world.team("Manila", leads=["lead"], members=["rosa"])
    world.add("rosa", begin="2026-10-28 23:00", minutes=8 * 60, description="early")
    world.add("rosa", begin="2026-10-29 23:00", minutes=8 * 60, description="early")
    found = [i for i in items(world, who="admin", team_name="Manila") if i.username == "rosa"]
    assert found == []


def test_a_submitted_week_waits_in_the_lead_s_queue_until_decided(team):
    from kimai_tui.services import approvals

    full_days(team, "alice")
    full_days(team, "lead")
    approvals.submit(team.ctx("alice"), THU)
    approvals.submit(team.ctx("lead"), THU)  # her own: not hers to approve
    (waiting,) = items(team, kind="approval")
    assert (waiting.username, waiting.day, waiting.record_id) == ("alice", date(2026, 10, 26),
                                                                  None)
    approvals.approve(team.ctx("lead"), team.user("alice").id, THU)
    assert items(team, kind="approval") == []
