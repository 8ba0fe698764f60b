"""Validation on save, budgets, exported records and tracking modes (rules.md §Validation,
§Budgets, §Tracking modes). Every refusal must leave the database untouched."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from svc_support import NOW, at, make_settings

from kimai_tui.rules.errors import KimaiError, PermissionDenied, RuleRefused, ValidationError
from kimai_tui.services import timesheets
from kimai_tui.services.record_save import RecordChanges


def refused(world, exc_type, call, *args, **kwargs) -> KimaiError:
    """Run a call that must be refused; prove that it wrote nothing."""
    before = world.snapshot()
    with pytest.raises(exc_type) as info:
        call(*args, **kwargs)
    assert world.snapshot() == before
    return info.value


def test_end_before_begin_is_refused(world):
    err = refused(world, ValidationError, world.add, begin="2026-11-02 07:00",
                  minutes=None, end=at("2026-11-02 06:00"))
    assert "end" in err.errors


def test_missing_project_and_activity_are_both_reported(world):
    from kimai_tui.services.record_save import RecordChanges as C

    err = refused(world, ValidationError, timesheets.create, world.ctx(),
                  C(begin=at("2026-11-02 07:00"), end=at("2026-11-02 08:00")))
    assert set(err.errors) == {"project", "activity"}


def test_activity_of_another_project_is_refused(world):
    err = refused(world, ValidationError, world.add, activity_id=world.activity2)
    assert "activity" in err.errors


def test_global_activity_only_on_projects_allowing_them(world):
    assert world.add(activity_id=world.global_activity).activity == "Support"
    world.edit("project", world.project, global_activities=False)
    err = refused(world, ValidationError, world.add, begin="2026-11-02 03:00",
                  activity_id=world.global_activity)
    assert "activity" in err.errors


@pytest.mark.parametrize("kind", ["customer", "project", "activity"])
def test_hidden_entities_refuse_new_records(world, kind):
    world.edit(kind, getattr(world, kind), visible=False)
    err = refused(world, ValidationError, world.add)
    assert any("disabled" in m for msgs in err.errors.values() for m in msgs)
    refused(world, ValidationError, timesheets.start, world.ctx(),
            RecordChanges(project_id=world.project, activity_id=world.activity))


def test_stopped_record_on_hidden_entities_stays_editable(world):
    record = world.add()
    world.edit("customer", world.customer, visible=False)
    world.edit("project", world.project, visible=False)
    edited = timesheets.update(world.ctx(), record.id, RecordChanges(description="fixed typo"))
    assert edited.description == "fixed typo"
    # ... but it may not be turned into a running record.
    refused(world, ValidationError, timesheets.update, world.ctx(), record.id,
            RecordChanges(end=None))


def test_project_dates_bound_the_record(world):
    world.edit("project", world.project, start_date=date(2026, 11, 1),
               end_date=date(2026, 11, 30))
    assert world.add(begin="2026-11-01 00:00", minutes=30)
    err = refused(world, ValidationError, world.add, begin="2026-10-31 23:00", minutes=30)
    assert "begin" in err.errors
    err = refused(world, ValidationError, world.add, begin="2026-11-30 23:30", minutes=60)
    assert "end" in err.errors


def test_overlapping_records_refused_when_disallowed_but_touching_allowed(world):
    s = make_settings(allow_overlapping_records=False)
    world.add(begin="2026-11-02 07:00", minutes=60, settings=s)
    refused(world, ValidationError, world.add, begin="2026-11-02 07:30", minutes=60, settings=s)
    refused(world, ValidationError, world.add, begin="2026-11-02 06:00", minutes=180, settings=s)
    assert world.add(begin="2026-11-02 08:00", minutes=30, settings=s)
    assert world.add(begin="2026-11-02 06:30", minutes=30, settings=s)
    # Other users' records never collide.
    assert world.add("bob", begin="2026-11-02 07:15", minutes=30, settings=s)


def test_overlapping_allowed_by_default(world):
    world.add(begin="2026-11-02 07:00", minutes=60)
    world.add(begin="2026-11-02 07:30", minutes=60)
    assert world.count() == 2


def test_future_and_zero_duration_rules(world):
    s = make_settings(allow_future_times=False, allow_zero_duration=False)
    refused(world, ValidationError, world.add, begin="2026-11-02 10:00", settings=s)
    refused(world, ValidationError, world.add, begin="2026-11-02 07:00", minutes=0, settings=s)


def test_longer_than_a_year_is_refused(world):
    refused(world, ValidationError, world.add, begin="2025-01-01 00:00", minutes=None,
            duration=366 * 86400 + 1)


# --- budgets -------------------------------------------------------------------------------

NO_OVERBOOK = make_settings(allow_overbooking_budget=False)


def test_lifetime_time_budget_refuses_overbooking_with_figures(world):
    # The figures go to a user with a budget permission on the project (an admin); a plain
    # user is told only that the budget is used up (test_svc_visibility_findings.py).
    world.edit("project", world.project, time_budget=3 * 3600)
    world.add("admin", begin="2026-11-02 01:00", minutes=120, settings=NO_OVERBOOK)
    err = refused(world, RuleRefused, world.add, "admin", begin="2026-11-02 04:00", minutes=90,
                  settings=NO_OVERBOOK)
    message = err.message
    assert "project" in message and "Web" in message
    assert "2:00" in message and "3:00" in message and "1:00" in message  # used, budget, free
    assert world.add("admin", begin="2026-11-02 04:00", minutes=60, settings=NO_OVERBOOK)


def test_money_budget_on_customer(world):
    world.price("project", world.project, "100")
    world.edit("customer", world.customer, budget=Decimal("150"))
    world.add(begin="2026-11-02 01:00", minutes=60, settings=NO_OVERBOOK)
    refused(world, RuleRefused, world.add, begin="2026-11-02 03:00", minutes=60,
            settings=NO_OVERBOOK)
    assert world.add(begin="2026-11-02 03:00", minutes=30, settings=NO_OVERBOOK).rate == 50


def test_overbooking_allowed_by_default(world):
    world.edit("project", world.project, time_budget=3600)
    world.add(minutes=120)
    assert world.count() == 1


def test_non_billable_and_running_records_do_not_count(world):
    world.edit("activity", world.activity, time_budget=3600)
    world.add("lead", begin="2026-11-02 01:00", minutes=120, billable="no",
              settings=NO_OVERBOOK)
    record, _ = timesheets.start(world.ctx(settings=NO_OVERBOOK), RecordChanges(
        project_id=world.project, activity_id=world.activity))
    assert record.running
    assert world.add("bob", begin="2026-11-02 03:00", minutes=60, settings=NO_OVERBOOK)


def test_monthly_budget_counts_only_the_records_month(world):
    world.edit("project", world.project, time_budget=2 * 3600, budget_type="month")
    world.add(begin="2026-10-05 08:00", minutes=120, settings=NO_OVERBOOK)
    november = world.add(begin="2026-11-02 01:00", minutes=120, settings=NO_OVERBOOK)
    refused(world, RuleRefused, world.add, begin="2026-11-02 04:00", minutes=1,
            settings=NO_OVERBOOK)
    # Moving the November record into (full) October counts in full there: refused.
    refused(world, RuleRefused, timesheets.update, world.ctx(settings=NO_OVERBOOK),
            november.id, RecordChanges(begin=at("2026-10-06 08:00")))


def test_edit_counts_only_its_change(world):
    world.edit("project", world.project, time_budget=2 * 3600)
    record = world.add(begin="2026-11-02 01:00", minutes=120, settings=NO_OVERBOOK)
    ctx = world.ctx(settings=NO_OVERBOOK)
    # The budget is exactly used: editing the description or shortening must pass.
    assert timesheets.update(ctx, record.id, RecordChanges(description="x")).description == "x"
    assert timesheets.update(ctx, record.id, RecordChanges(duration=3600)).duration == 3600
    assert timesheets.update(ctx, record.id, RecordChanges(duration=7200)).duration == 7200
    refused(world, RuleRefused, timesheets.update, ctx, record.id,
            RecordChanges(duration=7260))


def test_zero_amount_never_fails_the_money_budget(world):
    world.edit("project", world.project, budget=Decimal("10"))
    assert world.add(minutes=600, settings=NO_OVERBOOK).rate == 0


# --- exported records ----------------------------------------------------------------------

def test_exported_record_is_locked_for_non_admins(world):
    record = world.add("alice")
    timesheets.mark_exported(world.ctx("admin"), [record.id])
    for user in ("alice", "lead"):
        err = refused(world, RuleRefused, timesheets.update, world.ctx(user), record.id,
                      RecordChanges(description="changed"))
        assert "exported" in err.message
        refused(world, RuleRefused, timesheets.delete, world.ctx(user), record.id)
    edited = timesheets.update(world.ctx("admin"), record.id, RecordChanges(description="ok"))
    assert edited.description == "ok" and edited.exported
    timesheets.delete(world.ctx("admin"), record.id)
    assert world.count() == 0


def test_plain_user_may_not_set_the_exported_flag(world):
    record = world.add("alice")
    refused(world, PermissionDenied, timesheets.update, world.ctx("alice"), record.id,
            RecordChanges(exported=True))
    refused(world, PermissionDenied, timesheets.mark_exported, world.ctx("alice"), [record.id])


# --- tracking modes ------------------------------------------------------------------------

PUNCH = make_settings(mode="punch")


def test_punch_mode_refuses_typed_times_for_a_plain_user(world):
    refused(world, PermissionDenied, world.add, settings=PUNCH)
    record, _ = timesheets.start(world.ctx(settings=PUNCH), RecordChanges(
        project_id=world.project, activity_id=world.activity))
    refused(world, PermissionDenied, timesheets.update, world.ctx(settings=PUNCH), record.id,
            RecordChanges(begin=at("2026-11-02 06:00")))
    refused(world, PermissionDenied, timesheets.start, world.ctx(settings=PUNCH),
            RecordChanges(project_id=world.project, activity_id=world.activity),
            at=NOW - timedelta(hours=2))
    later = lambda: NOW + timedelta(minutes=30)  # noqa: E731
    [stopped] = timesheets.stop(world.ctx(settings=PUNCH, clock=later))
    assert stopped.duration == 1800


def test_punch_mode_still_lets_admins_set_times(world):
    assert world.add("admin", settings=PUNCH).duration == 3600


def test_duration_only_mode_takes_begin_and_duration(world):
    s = make_settings(mode="duration_only")
    record, _ = timesheets.create(world.ctx(settings=s), world.changes(
        "2026-11-02 07:00", None, duration=5400))
    assert record.end == at("2026-11-02 08:30") and record.duration == 5400


def test_duration_fixed_begin_uses_default_begin(world):
    s = make_settings(mode="duration_fixed_begin", default_begin="07:30")
    record, _ = timesheets.create(world.ctx(settings=s), world.changes(
        "2026-11-02 02:00", None, duration=3600))
    assert record.begin == at("2026-11-02 07:30") and record.end == at("2026-11-02 08:30")
