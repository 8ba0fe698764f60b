"""The one visibility policy (rules.md §Roles and permissions, §Budgets), as pure decisions."""

import pytest

from kimai_tui.rules.permissions import permissions_for
from kimai_tui.rules.visibility import (ACCOUNT_PROFILE, PUBLIC_PROFILE, RATE_PROFILE, Person,
                                        Scope, Viewer, can_see_record, can_see_user_records,
                                        may_see_amounts, may_see_budget, may_see_record_rates,
                                        may_see_some_budgets, profile_fields, record_scope)

U, T, A, S, C = "ROLE_USER", "ROLE_TEAMLEAD", "ROLE_ADMIN", "ROLE_SUPER_ADMIN", "ROLE_CUSTOMER"


def viewer(role: str, led_members=(), led_teams=(), customers=()) -> Viewer:
    return Viewer(1, permissions_for([role]), frozenset(led_teams), frozenset(led_members),
                  frozenset(customers))


MEMBER = Person(2, (U,), in_any_team=True)          # in a team the lead leads
STRANGER = Person(3, (U,), in_any_team=True)        # in another team
LONER = Person(4, (U,), in_any_team=False)          # in no team
ADMIN_IN_TEAM = Person(5, (A,), in_any_team=True)   # an admin in a team the lead leads
SUPER_ALONE = Person(6, (S,), in_any_team=False)    # a super admin in no team
CLIENT = Person(7, (C,), in_any_team=False)         # a customer account
EVERYONE = (MEMBER, STRANGER, LONER, ADMIN_IN_TEAM, SUPER_ALONE, CLIENT)
LEAD = viewer(T, led_members={1, 2, 5}, led_teams={10})


def test_own_records_always_except_for_customer_accounts():
    for role in (U, T, A, S):
        assert can_see_user_records(viewer(role), Person(1, (role,)))
    assert not can_see_user_records(viewer(C), Person(1, (C,)))


def test_plain_users_see_nobody_else_not_even_fellow_members():
    for person in EVERYONE:
        assert not can_see_user_records(viewer(U, led_members={1, 2}), person)


def test_team_lead_sees_led_members_and_loners_but_never_admins():
    seen = {p.id for p in EVERYONE if can_see_user_records(LEAD, p)}
    # not the admin in the led team, nor the super admin, nor the customer account
    assert seen == {MEMBER.id, LONER.id}


@pytest.mark.parametrize("role", [A, S])
def test_admins_see_everyone(role):
    assert all(can_see_user_records(viewer(role), p) for p in EVERYONE)


def test_customer_account_sees_records_by_customer_only():
    client = viewer(C, customers={7})
    assert can_see_record(client, MEMBER, 7)
    assert not can_see_record(client, MEMBER, 8)
    assert not can_see_record(viewer(U), MEMBER, 7)


def test_record_scope():
    assert record_scope(viewer(A)) == Scope(None, None)
    assert record_scope(viewer(U)) == Scope(frozenset({1}), None)
    assert record_scope(LEAD, EVERYONE) == Scope(frozenset({1, 2, 4}), None)
    assert record_scope(viewer(C, customers={7})) == Scope(None, frozenset({7}))
    assert record_scope(viewer(C)) == Scope(None, frozenset())  # no customer: nothing


def test_rates_of_records():
    assert not may_see_record_rates(viewer(U), 1)
    assert may_see_record_rates(LEAD, 1) and may_see_record_rates(LEAD, 2)
    assert not may_see_record_rates(viewer(C, customers={7}), 2)
    assert may_see_amounts(LEAD, [1, 2]) and may_see_amounts(viewer(A), None)
    assert not may_see_amounts(viewer(U), [1]) and not may_see_amounts(viewer(C), None)


def test_profiles():
    # Own: everything but the rates, which need hourly-rate_own_profile (lead and up).
    assert profile_fields(viewer(U), Person(1, (U,))) == PUBLIC_PROFILE | ACCOUNT_PROFILE
    assert RATE_PROFILE <= profile_fields(LEAD, Person(1, (T,)))
    # A lead: the name of whom they may see, never e-mail, roles, teams or rates.
    assert profile_fields(LEAD, MEMBER) == PUBLIC_PROFILE
    assert profile_fields(LEAD, STRANGER) == frozenset()
    assert profile_fields(LEAD, ADMIN_IN_TEAM) == frozenset()
    # An admin sees every name, but e-mails and rates only with view_user (super admin).
    assert profile_fields(viewer(A), MEMBER) == PUBLIC_PROFILE
    assert profile_fields(viewer(S), MEMBER) == PUBLIC_PROFILE | ACCOUNT_PROFILE | RATE_PROFILE
    # A customer account: nobody but itself.
    assert all(profile_fields(viewer(C), p) == frozenset() for p in EVERYONE)
    assert "email" in profile_fields(viewer(C), Person(1, (C,)))


def test_budgets_need_a_budget_permission_on_that_entity():
    assert may_see_budget(viewer(A), "customer", 7, ())
    assert not may_see_budget(viewer(U), "project", 7, {10})
    # A lead: only entities assigned (themselves or a parent) to a team they lead.
    assert may_see_budget(LEAD, "project", 7, {10, 11})
    assert not may_see_budget(LEAD, "project", 7, {11})
    assert not may_see_budget(LEAD, "customer", 7, ())
    # A customer account: its own customers' entities, not global activities.
    client = viewer(C, customers={7})
    assert may_see_budget(client, "activity", 7, ())
    assert not may_see_budget(client, "project", 8, ())
    assert not may_see_budget(client, "activity", None, ())
    assert may_see_some_budgets(LEAD, "customer") and not may_see_some_budgets(viewer(U), "project")
    assert not may_see_some_budgets(viewer(T), "customer")  # a lead of no team
