"""Rates and billable on save (rules.md §Rates, §Billable)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from svc_support import make_settings, rate_factor

from kimai_tui.rules.errors import PermissionDenied
from kimai_tui.services import timesheets
from kimai_tui.services.record_save import RecordChanges

D = Decimal


def test_no_rule_and_no_user_rate_gives_amount_zero(world):
    record = world.add(minutes=60)
    assert record.rate == 0 and record.hourly_rate is None and record.fixed_rate is None


def test_catch_all_rule(world):
    world.price("project", world.project, "100")
    record = world.add(minutes=30)
    assert record.rate == D("50") and record.hourly_rate == D("100")


def test_user_rule_beats_catch_all(world):
    world.price("project", world.project, "100")
    world.price("project", world.project, "80", user="alice")
    assert world.add("alice", minutes=60).rate == D("80")
    assert world.add("bob", minutes=60).rate == D("100")


def test_activity_rule_beats_project_rule_of_the_same_type(world):
    world.price("project", world.project, "100")
    world.price("activity", world.activity, "120")
    assert world.add(minutes=60).rate == D("120")


def test_a_fixed_rule_beats_a_typed_hourly_rate(world):
    world.price("project", world.project, "300", fixed=True)
    assert world.add("admin", minutes=60, hourly_rate=D("40")).rate == D("300")


def test_fixed_on_a_higher_level_beats_hourly_on_a_lower_one(world):
    world.price("activity", world.activity, "120")
    world.price("customer", world.customer, "500", fixed=True)
    record = world.add(minutes=60)
    assert record.rate == D("500") and record.fixed_rate == D("500")
    assert record.hourly_rate is None


def test_fixed_rate_ignores_duration(world):
    world.price("activity", world.activity, "75", fixed=True)
    assert world.add(minutes=10).rate == world.add(begin="2026-11-02 03:00",
                                                   minutes=300).rate == D("75")


def test_internal_rate_from_rule_or_falls_back_to_price(world):
    world.price("project", world.project, "100", internal="60")
    record = world.add(minutes=60)
    assert (record.rate, record.internal_rate) == (D("100"), D("60"))
    world.price("project", world.project, "100")
    record = world.add(begin="2026-11-02 03:00", minutes=60)
    assert record.internal_rate == D("100")


def test_user_hourly_rate_is_the_last_fallback(world):
    world.add_user("carol", hourly_rate=D("75"), internal_rate=D("50"))
    record = world.add("carol", begin="2026-11-02 00:00", minutes=None, duration=31837)
    assert record.rate == D("663.2708")
    assert record.internal_rate == D("442.1806")


def test_weekday_factor_applies_by_end_weekday_to_found_hourly_rates(world):
    s = make_settings(rates=[rate_factor({0}, "2.0")])  # Monday
    world.add_user("carol", hourly_rate=D("75"))
    monday = world.add("carol", begin="2026-11-02 00:00", minutes=None, duration=31837,
                       settings=s)
    assert monday.rate == D("1326.5417")
    sunday = world.add("carol", begin="2026-11-01 00:00", minutes=None, duration=31837,
                       settings=s)
    assert sunday.rate == D("663.2708")


def test_weekday_factors_of_all_matching_rules_are_added(world):
    s = make_settings(rates=[rate_factor({0}, "1.5", "a"), rate_factor({0, 1}, "0.5", "b")])
    world.price("project", world.project, "100")
    assert world.add(minutes=60, settings=s).rate == D("200")


def test_weekday_factor_not_applied_to_fixed_or_typed_rates(world):
    s = make_settings(rates=[rate_factor({0}, "2.0")])
    world.price("project", world.project2, "100", fixed=True)
    assert world.add(minutes=60, settings=s, project_id=world.project2,
                     activity_id=world.activity2).rate == D("100")
    world.price("project", world.project, "70")
    typed = world.add("admin", begin="2026-11-02 03:00", minutes=60, settings=s,
                      hourly_rate=D("40"))
    assert typed.rate == D("40")
    found = world.add("admin", begin="2026-11-02 05:00", minutes=60, settings=s)
    assert found.rate == D("140")


def test_typed_rate_by_admin_wins(world):
    world.price("activity", world.activity, "120")
    record = world.add("admin", minutes=30, hourly_rate=D("200"))
    assert record.rate == D("100") and record.hourly_rate == D("200")
    fixed = world.add("admin", begin="2026-11-02 03:00", minutes=30, fixed_rate=D("9"))
    assert fixed.rate == D("9")


@pytest.mark.parametrize("field", ["hourly_rate", "fixed_rate"])
def test_plain_user_may_not_type_a_rate(world, field):
    with pytest.raises(PermissionDenied) as info:
        world.add("alice", **{field: D("500")})
    assert info.value.exit_code == 3
    assert world.count() == 0


def test_plain_user_may_not_type_a_rate_on_edit(world):
    record = world.add("alice")
    before = world.snapshot()
    with pytest.raises(PermissionDenied):
        timesheets.update(world.ctx("alice"), record.id, RecordChanges(hourly_rate=D("1")))
    assert world.snapshot() == before


def test_changing_the_project_recomputes_rates(world):
    world.price("project", world.project, "100")
    world.price("project", world.project2, "10")
    record = world.add(minutes=60)
    assert record.rate == D("100")
    moved = timesheets.update(world.ctx(), record.id, RecordChanges(
        project_id=world.project2, activity_id=world.activity2))
    assert moved.rate == D("10") and moved.hourly_rate == D("10")
    assert moved.customer_id == world.customer2 and moved.currency == "USD"


def test_changing_the_project_drops_an_old_typed_rate(world):
    record = world.add("admin", minutes=60, hourly_rate=D("200"))
    world.price("project", world.project2, "10")
    moved = timesheets.update(world.ctx("admin"), record.id, RecordChanges(
        project_id=world.project2, activity_id=world.activity2))
    assert moved.rate == D("10")


def test_rate_typed_in_the_same_edit_as_a_project_change_is_kept(world):
    record = world.add("admin", minutes=60)
    world.price("project", world.project2, "10")
    moved = timesheets.update(world.ctx("admin"), record.id, RecordChanges(
        project_id=world.project2, activity_id=world.activity2, hourly_rate=D("55")))
    assert moved.rate == D("55")


def test_editing_the_duration_recomputes_the_amount(world):
    world.price("project", world.project, "100")
    record = world.add(minutes=60)
    edited = timesheets.update(world.ctx(), record.id, RecordChanges(duration=1800))
    assert edited.rate == D("50")


# --- billable ------------------------------------------------------------------------------

def test_new_record_is_billable_unless_an_entity_is_not(world):
    assert world.add().billable
    world.edit("activity", world.activity, billable=False)
    assert not world.add(begin="2026-11-02 03:00").billable


def test_billable_yes_and_no_override_auto_for_team_leads(world):
    world.edit("project", world.project, billable=False)
    assert world.add("lead", billable="yes").billable
    assert not world.add("lead", begin="2026-11-02 03:00", billable="no").billable


def test_plain_user_may_not_force_billable(world):
    with pytest.raises(PermissionDenied):
        world.add("alice", billable="no")
    assert world.add("alice", billable="auto").billable


def test_project_change_reapplies_auto(world):
    world.edit("customer", world.customer2, billable=False)
    record = world.add("lead", billable="yes")
    moved = timesheets.update(world.ctx("lead"), record.id, RecordChanges(
        project_id=world.project2, activity_id=world.activity2))
    assert not moved.billable
    back = timesheets.update(world.ctx("lead"), record.id, RecordChanges(
        project_id=world.project, activity_id=world.activity))
    assert back.billable


def test_billable_set_in_the_same_edit_as_a_project_change_is_kept(world):
    world.edit("customer", world.customer2, billable=False)
    record = world.add("lead")
    moved = timesheets.update(world.ctx("lead"), record.id, RecordChanges(
        project_id=world.project2, activity_id=world.activity2, billable="yes"))
    assert moved.billable


def test_other_edits_keep_a_manual_billable(world):
    record = world.add("lead", billable="no")
    edited = timesheets.update(world.ctx("lead"), record.id, RecordChanges(description="x"))
    assert not edited.billable
