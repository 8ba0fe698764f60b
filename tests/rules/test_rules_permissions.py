import pytest

from kimai_tui.rules.errors import ValidationError
from kimai_tui.rules.permissions import (
    ALL_PERMISSIONS, ROLES, has, normalize_role, permissions_for,
)

U, T, A, S, C = "ROLE_USER", "ROLE_TEAMLEAD", "ROLE_ADMIN", "ROLE_SUPER_ADMIN", "ROLE_CUSTOMER"

# permission -> the roles that hold it (rules.md §Roles and permissions); every other role
# listed in ROLES must not hold it.
MATRIX = {
    **{p: {U, T, A, S} for p in (
        "view_own_timesheet", "start_own_timesheet", "create_own_timesheet",
        "edit_own_timesheet", "delete_own_timesheet", "export_own_timesheet")},
    **{p: {T, A, S} for p in (
        "view_other_timesheet", "edit_other_timesheet", "delete_other_timesheet",
        "view_rate_own_timesheet", "view_rate_other_timesheet",
        "edit_billable_own_timesheet", "edit_billable_other_timesheet",
        "edit_export_own_timesheet", "edit_export_other_timesheet",
        "view_team_customer", "budget_team_customer", "view_team_project", "budget_team_project",
        "create_activity", "edit_teamlead_activity", "hourly-rate_own_profile",
        # team-scoped like the rest of a lead's rights (see rules/visibility.py)
        "start_other_timesheet", "create_other_timesheet", "export_other_timesheet",
        "view_team_activity", "budget_team_activity",
        # Kimai's defaults: leads invoice the records of their teams
        "view_invoice", "create_invoice")},
    **{p: {A, S} for p in (
        "edit_rate_own_timesheet", "edit_rate_other_timesheet", "edit_exported_timesheet",
        "lockdown_grace_timesheet", "lockdown_override_timesheet", "view_all_data",
        "view_customer", "create_customer", "edit_customer", "delete_customer", "budget_customer",
        "view_project", "create_project", "edit_project", "delete_project", "budget_project",
        "view_activity", "edit_activity", "delete_activity", "budget_activity",
        "view_team", "edit_team", "create_team", "delete_team", "manage_invoice_template")},
    **{p: {S} for p in (
        "view_user", "edit_user", "create_user",
        "system_configuration", "hourly-rate_other_profile", "importer")},
    "view_customer_account_data": {C},
}


@pytest.mark.parametrize("permission", sorted(MATRIX))
@pytest.mark.parametrize("role", ROLES)
def test_matrix(role, permission):
    assert has([role], permission) == (role in MATRIX[permission])


def test_the_matrix_covers_every_permission():
    assert ALL_PERMISSIONS == set(MATRIX)


def test_roles_are_cumulative():
    assert permissions_for([U]) < permissions_for([T]) < permissions_for([A]) < permissions_for([S])


def test_customer_role_is_read_only():
    perms = permissions_for([C])
    assert not any(p.startswith(("edit", "create", "delete", "start")) for p in perms)
    assert "view_rate_other_timesheet" not in perms


def test_no_role_means_user():
    assert permissions_for([]) == permissions_for([U])


@pytest.mark.parametrize("text, role", [("ROLE_ADMIN", A), ("admin", A), (" role_teamlead ", T),
                                        ("super_admin", S), ("customer", C)])
def test_normalize_role(text, role):
    assert normalize_role(text) == role


def test_unknown_role_lists_roles():
    with pytest.raises(ValidationError, match="ROLE_TEAMLEAD"):
        normalize_role("ROLE_BOSS")
