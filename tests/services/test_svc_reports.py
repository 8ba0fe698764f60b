"""The billing report: sums per customer and project, visibility and amounts as listings."""

from __future__ import annotations

from decimal import Decimal

import pytest

from kimai_tui.queries import RecordFilter
from kimai_tui.rules.errors import PermissionDenied, ValidationError
from kimai_tui.services import reports


def month(world, ctx, year=2026, number=11) -> RecordFilter:
    flt = RecordFilter(state="stopped")
    flt.begin_from, flt.begin_to = reports.month_range(ctx, year, number)
    return flt


@pytest.fixture
def priced(world):
    world.price("project", world.project, "100")
    world.price("project", world.project2, "60")
    world.team("Support", leads=["lead"], members=["alice"])
    world.add("alice", "2026-11-02 07:00", 90)  # Web 1.5 h = 150
    world.add("admin", "2026-11-03 07:00", 30, billable="no",
              user_id=world.user("alice").id)  # Web 0.5 h = 50, not billable
    world.add("alice", "2026-11-04 07:00", 60, project_id=world.project2,
              activity_id=world.activity2)  # App 1 h = 60 USD
    world.add("bob", "2026-11-05 07:00", 60)  # bob: in no team
    world.add("alice", "2026-10-31 23:30", 60)  # October: not in the November report
    world.add("alice", "2026-11-06 07:00", None)  # running: no duration yet
    return world


def test_sums_per_customer_and_project_for_ones_own_records(priced):
    ctx = priced.ctx("alice")
    result = reports.by_project(ctx, month(priced, ctx))
    lines = [(l.customer, l.project, l.count, l.seconds) for l in result.lines]
    assert lines == [("Acme", "Web", 2, 7200), ("Globex", "App", 1, 3600)]
    assert (result.count, result.seconds) == (3, 10800)


def test_amounts_billable_amounts_and_totals_per_currency(priced):
    ctx = priced.ctx("admin")
    result = reports.by_project(ctx, month(priced, ctx), all_users=True)
    assert result.with_amounts
    web = result.lines[0]
    assert (web.project, web.count, web.amount, web.billable_amount) == (
        "Web", 3, Decimal("300"), Decimal("250"))
    assert result.amounts() == {"EUR": (Decimal("300"), Decimal("250")),
                                "USD": (Decimal("60"), Decimal("60"))}


def test_a_lead_counts_the_team_and_users_in_no_team_but_never_outsiders(priced):
    priced.add_user("carol")
    priced.team("Other", members=["carol"])
    priced.add("carol", "2026-11-05 09:00", 600)
    ctx = priced.ctx("lead")
    result = reports.by_project(ctx, month(priced, ctx), all_users=True)
    assert result.count == 4  # alice 3 + bob 1, not carol's 10 h
    assert result.seconds == 4 * 3600


def test_a_user_may_not_report_on_everyone(priced):
    ctx = priced.ctx("alice")
    with pytest.raises(PermissionDenied):
        reports.by_project(ctx, month(priced, ctx), all_users=True)


def test_no_amounts_for_a_viewer_who_may_not_see_those_rates(priced):
    ctx = priced.ctx("alice")  # ROLE_USER: may not view rates (the permission matrix)
    assert not ctx.can("view_rate_own_timesheet")
    result = reports.by_project(ctx, month(priced, ctx))
    assert not result.with_amounts and result.amounts() == {}
    assert result.count == 3  # the sums of time are still there


@pytest.mark.parametrize("text", ["2026-13", "26-11", "2026/11", "november", "2026-00", ""])
def test_bad_months_are_refused_with_the_accepted_form(text):
    with pytest.raises(ValidationError) as caught:
        reports.parse_month(text)
    assert "YYYY-MM" in str(caught.value)


def test_month_range_is_local_to_the_viewer(priced):
    from kimai_tui.data import users as users_repo
    from kimai_tui.data.models import User

    User.update(timezone="Europe/Berlin").where(User.id == priced.user("alice").id).execute()
    priced.users["alice"] = users_repo.get(priced.user("alice").id)
    ctx = priced.ctx("alice")
    first, after = reports.month_range(ctx, 2026, 11)
    assert first.isoformat() == "2026-11-01T00:00:00+01:00"
    assert after.isoformat() == "2026-12-01T00:00:00+01:00"
    # 2026-10-31 23:30 UTC is 00:30 on 1 November in Berlin: in the November report.
    result = reports.by_project(ctx, month(priced, ctx))
    assert result.count == 4
