"""Week approval (issue "For team leads", item 2; services/approvals.py): submit, approve,
reject with a comment, an admin's reopen; the locks on records; every transition recorded with
who and when. "Now": Mon 2026-11-02 09:00 UTC; the week under review begins Mon 26 Oct."""

from __future__ import annotations

from datetime import date

import pytest

from kimai_tui.rules.errors import NotFound, PermissionDenied, RuleRefused, ValidationError
from kimai_tui.services import approvals, timesheets
from kimai_tui.services.record_save import RecordChanges

WEEK = date(2026, 10, 28)  # a Wednesday: the week of Mon 26 Oct


@pytest.fixture
def team(world):
    world.team("Support", leads=["lead"], members=["alice"])
    world.team("Other", leads=["admin"], members=["bob"])
    return world


def test_submit_approve_and_the_history(team):
    record = team.add("alice", begin="2026-10-27 08:00", minutes=60, description="a")
    alice, lead = team.ctx("alice"), team.ctx("lead")
    assert approvals.status_of(lead, team.user("alice").id, WEEK).status == "not submitted"
    submitted = approvals.submit(alice, WEEK, "all done")
    assert submitted.status == "submitted" and submitted.week == date(2026, 10, 26)
    with pytest.raises(RuleRefused, match="submitted for approval"):  # closed to its owner
        timesheets.update(alice, record.id, RecordChanges(description="changed"))
    timesheets.update(lead, record.id, RecordChanges(description="fixed by lead"))
    approved = approvals.approve(lead, team.user("alice").id, WEEK, "thanks")
    assert approved.status == "approved"
    assert [(s, who, c) for s, who, _, c in approved.history] == [
        ("submitted", "alice", "all done"), ("approved", "lead", "thanks")]
    assert all(at.year == 2026 for _, _, at, _ in approved.history)


def test_an_approved_week_is_locked_like_exported_records_until_an_admin_reopens_it(team):
    record = team.add("alice", begin="2026-10-27 08:00", minutes=60, description="a")
    approvals.submit(team.ctx("alice"), WEEK)
    approvals.approve(team.ctx("lead"), team.user("alice").id, WEEK)
    before = team.snapshot()
    for who in ("alice", "lead"):
        with pytest.raises(RuleRefused, match="approved and locked"):
            timesheets.update(team.ctx(who), record.id, RecordChanges(description="x"))
        with pytest.raises(RuleRefused, match="approved and locked"):
            timesheets.delete(team.ctx(who), record.id)
    with pytest.raises(RuleRefused, match="approved and locked"):  # no new record inside it
        team.add("alice", begin="2026-10-29 08:00", minutes=60)
    assert team.snapshot() == before
    with pytest.raises(PermissionDenied):
        approvals.reopen(team.ctx("lead"), team.user("alice").id, WEEK)
    assert approvals.reopen(team.ctx("admin"), team.user("alice").id, WEEK).status == "reopened"
    timesheets.update(team.ctx("alice"), record.id, RecordChanges(description="open again"))
    team.add("alice", begin="2026-11-02 07:00", minutes=30)  # the next week was never closed


def test_reject_needs_a_comment_and_opens_the_week(team):
    record = team.add("alice", begin="2026-10-27 08:00", minutes=60, description="a")
    approvals.submit(team.ctx("alice"), WEEK)
    with pytest.raises(ValidationError):
        approvals.reject(team.ctx("lead"), team.user("alice").id, WEEK, "  ")
    rejected = approvals.reject(team.ctx("lead"), team.user("alice").id, WEEK, "Tue is short")
    assert rejected.status == "rejected" and rejected.history[-1][3] == "Tue is short"
    timesheets.update(team.ctx("alice"), record.id, RecordChanges(description="longer"))
    assert approvals.submit(team.ctx("alice"), WEEK).status == "submitted"  # again


def test_who_may_decide(team):
    approvals.submit(team.ctx("alice"), WEEK)
    approvals.submit(team.ctx("lead"), WEEK)
    approvals.submit(team.ctx("bob"), WEEK)
    with pytest.raises(PermissionDenied):  # nobody approves their own week
        approvals.approve(team.ctx("lead"), team.user("lead").id, WEEK)
    with pytest.raises(PermissionDenied):  # a plain member decides nothing
        approvals.approve(team.ctx("alice"), team.user("alice").id, WEEK)
    with pytest.raises(NotFound):  # bob is not in the lead's teams
        approvals.approve(team.ctx("lead"), team.user("bob").id, WEEK)
    with pytest.raises(RuleRefused, match="not submitted"):
        approvals.approve(team.ctx("admin"), team.user("admin").id, WEEK)
    assert approvals.approve(team.ctx("admin"), team.user("lead").id, WEEK).status == "approved"
    with pytest.raises(RuleRefused, match="approved"):  # twice
        approvals.submit(team.ctx("lead"), WEEK)


def test_the_overview_shows_who_submitted(team):
    approvals.submit(team.ctx("alice"), WEEK)
    seen = {(s.username, s.status) for s in approvals.overview(
        team.ctx("lead"), [team.user(u).id for u in ("alice", "lead", "bob")], [WEEK])}
    assert seen == {("alice", "submitted"), ("lead", "not submitted")}  # bob: not visible


def test_a_week_with_a_running_timer_cannot_close(team):
    timer = team.add("alice", begin="2026-10-30 08:00", minutes=None, description="late")
    with pytest.raises(RuleRefused, match=f"#{timer.id} of this week is still running"):
        approvals.submit(team.ctx("alice"), WEEK)
    timesheets.stop(team.ctx("alice"), timer.id)
    approvals.submit(team.ctx("alice"), WEEK)
    assert approvals.status_of(team.ctx("lead"), team.user("alice").id, WEEK).status == \
        "submitted"


def test_the_member_reads_why_the_week_came_back(team):
    approvals.submit(team.ctx("alice"), WEEK)
    approvals.reject(team.ctx("lead"), team.user("alice").id, WEEK, "Tue is short")
    state = approvals.status_of(team.ctx("alice"), team.user("alice").id, WEEK)
    assert approvals.describe(state).startswith("rejected by lead on 2026-11-02: Tue is short")
