"""Catalogue service: create/edit permissions and rules, and deleting (rules.md §Deleting)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from kimai_tui.data import catalogue as catalogue_repo
from kimai_tui.data.models import Activity, Customer, PriceRule, Project
from kimai_tui.rules.errors import NotFound, PermissionDenied, RuleRefused, ValidationError
from kimai_tui.services import catalogue, catalogue_delete, timesheets


# --- create / edit -------------------------------------------------------------------------

def test_plain_user_may_not_create_customers(world):
    with pytest.raises(PermissionDenied):
        catalogue.create(world.ctx("alice"), "customer", {"name": "Nope"})
    assert Customer.select().where(Customer.name == "Nope").count() == 0


def test_team_lead_may_create_activities_but_not_projects(world):
    created = catalogue.create(world.ctx("lead"), "activity", {"name": "Calls",
                                                                "project": None})
    assert created.project_id is None
    with pytest.raises(PermissionDenied):
        catalogue.create(world.ctx("lead"), "project", {"name": "P", "customer": world.customer})


def test_duplicate_name_refused_per_parent(world):
    ctx = world.ctx("admin")
    with pytest.raises(ValidationError):
        catalogue.create(ctx, "customer", {"name": "acme"})
    with pytest.raises(ValidationError):
        catalogue.create(ctx, "project", {"name": "WEB", "customer": world.customer})
    # Same project name under another customer is fine.
    assert catalogue.create(ctx, "project", {"name": "Web", "customer": world.customer2})


def test_nothing_new_under_a_hidden_customer(world):
    world.edit("customer", world.customer, visible=False)
    with pytest.raises(ValidationError):
        catalogue.create(world.ctx("admin"), "project", {"name": "New",
                                                         "customer": world.customer})


def test_moving_a_project_moves_its_records_customer(world):
    record = world.add()
    catalogue.update(world.ctx("admin"), "project", world.project,
                     {"customer": world.customer2})
    assert timesheets.get(world.ctx(), record.id).customer_id == world.customer2


def test_listing_hides_a_hidden_customers_projects_except_under_both(world):
    world.edit("customer", world.customer2, visible=False)
    ctx = world.ctx("admin")
    names = lambda v: {p.name for p in catalogue.listing(ctx, "project", v)}  # noqa: E731
    assert names("yes") == {"Web"}
    assert names("no") == set()  # rules.md §Visibility: only under "both" (issue 14 item 9)
    assert names("both") == {"Web", "App"}
    world.edit("project", world.project, visible=False)
    assert names("no") == {"Web"}  # hidden itself, its customer visible


def test_activity_listing_global_and_project_ones_and_cascade(world):
    world.edit("customer", world.customer2, visible=False)
    ctx = world.ctx("admin")
    names = lambda v: {a.name for a in catalogue.listing(ctx, "activity", v)}  # noqa: E731
    assert names("yes") == {"Dev", "Support"}  # Design hangs on a hidden customer
    assert names("no") == set()  # hidden only through its customer: under "both" alone
    assert names("both") == {"Dev", "Support", "Design"}
    on_web = catalogue.listing(ctx, "activity", "yes", parent_id=world.project)
    assert [a.name for a in on_web] == ["Dev"]


def test_price_rule_replaced_for_the_same_user(world):
    ctx = world.ctx("admin")
    catalogue.set_rate(ctx, "project", world.project, None, Decimal("10"), None, False)
    catalogue.set_rate(ctx, "project", world.project, None, Decimal("20"), None, True)
    [(_, user_id, rule)] = catalogue.rates(ctx, "project", world.project)
    assert user_id is None and rule.price == Decimal("20") and rule.fixed
    with pytest.raises(PermissionDenied):
        catalogue.set_rate(world.ctx("alice"), "project", world.project, None,
                           Decimal("1"), None, False)


# --- delete --------------------------------------------------------------------------------

def test_unused_entries_are_deleted(world):
    ctx = world.ctx("admin")
    lonely = world.entity("activity", "Lonely", project=None)
    world.price("activity", lonely, "5")
    catalogue_delete.delete(ctx, "activity", lonely)
    assert catalogue_repo.get("activity", lonely) is None
    assert PriceRule.select().where(PriceRule.activity == lonely).count() == 0


def test_used_entry_is_refused_with_statistics(world):
    world.price("project", world.project, "100")
    world.add(minutes=90)
    world.add(begin="2026-11-02 03:00", minutes=30)
    before = world.snapshot()
    with pytest.raises(RuleRefused) as info:
        catalogue_delete.delete(world.ctx("admin"), "activity", world.activity)
    message = info.value.message
    assert "2 records" in message and "2:00" in message and "200.00" in message
    assert "hid" in message.lower()  # suggests hiding instead
    assert world.snapshot() == before
    assert catalogue_repo.get("activity", world.activity) is not None


def test_customer_with_projects_is_refused(world):
    with pytest.raises(RuleRefused) as info:
        catalogue_delete.delete(world.ctx("admin"), "customer", world.customer2)
    assert "1 projects" in info.value.message or "1 project" in info.value.message
    assert catalogue_repo.get("customer", world.customer2) is not None


def test_replace_activity_moves_records(world):
    record = world.add()
    other = world.entity("activity", "Other", project=world.project)
    catalogue_delete.delete(world.ctx("admin"), "activity", world.activity, replacement_id=other)
    assert timesheets.get(world.ctx(), record.id).activity_id == other
    assert catalogue_repo.get("activity", world.activity) is None


def test_replace_project_moves_records_and_activities(world):
    record = world.add()
    sibling = world.entity("project", "Web2", customer=world.customer)
    catalogue_delete.delete(world.ctx("admin"), "project", world.project, replacement_id=sibling)
    moved = timesheets.get(world.ctx(), record.id)
    assert moved.project_id == sibling
    assert Activity.get_by_id(world.activity).project_id == sibling


def test_replacement_project_must_belong_to_the_same_customer(world):
    world.add()
    before = world.snapshot()
    with pytest.raises(ValidationError):
        catalogue_delete.delete(world.ctx("admin"), "project", world.project,
                                replacement_id=world.project2)
    assert world.snapshot() == before
    assert catalogue_repo.get("project", world.project) is not None


def test_replace_customer_moves_projects_and_records(world):
    record = world.add()
    world.edit("customer", world.customer2, currency="EUR")  # never across currencies
    catalogue_delete.delete(world.ctx("admin"), "customer", world.customer,
                            replacement_id=world.customer2)
    assert Project.get_by_id(world.project).customer_id == world.customer2
    assert timesheets.get(world.ctx(), record.id).customer_id == world.customer2


def test_cascade_deletes_records_and_children(world):
    from kimai_tui.data.models import MetaValue, TimesheetTag

    world.add(tags=("t",), meta={"location": "x"})
    keep = world.add("bob", project_id=world.project2, activity_id=world.activity2)
    catalogue_delete.delete(world.ctx("admin"), "customer", world.customer, cascade=True)
    assert world.count() == 1
    assert timesheets.get(world.ctx("bob"), keep.id)
    assert catalogue_repo.get("project", world.project) is None
    assert catalogue_repo.get("activity", world.activity) is None
    assert TimesheetTag.select().count() == 0
    assert MetaValue.select().where(MetaValue.kind == "timesheet").count() == 0


def test_plain_user_may_not_delete(world):
    lonely = world.entity("activity", "Lonely", project=None)
    with pytest.raises(PermissionDenied):
        catalogue_delete.delete(world.ctx("alice"), "activity", lonely)
    assert catalogue_repo.get("activity", lonely) is not None


def test_deleting_a_missing_entry_is_not_found(world):
    with pytest.raises(NotFound):
        catalogue_delete.delete(world.ctx("admin"), "project", 9999)
