"""Roles and permissions (rules.md §Roles and permissions).

Roles are cumulative: SUPER_ADMIN includes ADMIN, which includes TEAMLEAD, which includes USER.
Permission names are Kimai's where Kimai has one. `view_all_data` is our name for Kimai's
User::canSeeAllData(): other users' records without the team-lead restriction.
ROLE_CUSTOMER is apart: a read-only account whose one permission means "the records, reports
and budgets of my assigned customers"; the services scope every query for it to those
customers. Rates of records stay hidden from it (rules.md: never internal rates; we show none).
Who sees whose records, profiles, rates and budgets: rules/visibility.py.
"""

from __future__ import annotations

from collections.abc import Iterable

from kimai_tui.rules.errors import ValidationError

ROLE_USER = "ROLE_USER"
ROLE_TEAMLEAD = "ROLE_TEAMLEAD"
ROLE_ADMIN = "ROLE_ADMIN"
ROLE_SUPER_ADMIN = "ROLE_SUPER_ADMIN"
ROLE_CUSTOMER = "ROLE_CUSTOMER"
ROLES = (ROLE_USER, ROLE_TEAMLEAD, ROLE_ADMIN, ROLE_SUPER_ADMIN, ROLE_CUSTOMER)

_USER = frozenset({
    "view_own_timesheet", "start_own_timesheet", "create_own_timesheet", "edit_own_timesheet",
    "delete_own_timesheet", "export_own_timesheet",
})
# Other users' records only of the teams they lead (rules/visibility.py decides whose).
_TEAMLEAD = _USER | {
    "view_other_timesheet", "start_other_timesheet", "create_other_timesheet",
    "edit_other_timesheet", "delete_other_timesheet", "export_other_timesheet",
    "view_rate_own_timesheet", "view_rate_other_timesheet",
    "edit_billable_own_timesheet", "edit_billable_other_timesheet",
    "edit_export_own_timesheet", "edit_export_other_timesheet",
    "view_team_customer", "budget_team_customer",
    "view_team_project", "budget_team_project",
    "view_team_activity", "budget_team_activity",
    "create_activity", "edit_teamlead_activity",
    "hourly-rate_own_profile",  # Kimai: see (and edit) one's own hourly and internal rate
    "view_invoice", "create_invoice",  # Kimai's defaults: leads invoice their teams' records
}
_CATALOGUE = frozenset(
    f"{action}_{entity}"
    for entity in ("customer", "project", "activity")
    for action in ("view", "create", "edit", "delete", "budget")
)
_ADMIN = _TEAMLEAD | _CATALOGUE | {
    "view_all_data",
    "edit_rate_own_timesheet", "edit_rate_other_timesheet",
    "edit_exported_timesheet",
    "lockdown_grace_timesheet", "lockdown_override_timesheet",
    "view_team", "create_team", "edit_team", "delete_team",
    "manage_invoice_template",
}
_SUPER_ADMIN = _ADMIN | {
    "view_user", "create_user", "edit_user", "delete_user", "role_permissions",
    "system_configuration", "hourly-rate_other_profile",
    # Kimai's name: bring in a Kimai database or Kimai's files. Users and their roles come
    # along, so only a super admin (an admin could otherwise import a super admin).
    "importer",
}
_CUSTOMER = frozenset({"view_customer_account_data"})

ROLE_PERMISSIONS: dict[str, frozenset[str]] = {
    ROLE_USER: frozenset(_USER),
    ROLE_TEAMLEAD: frozenset(_TEAMLEAD),
    ROLE_ADMIN: frozenset(_ADMIN),
    ROLE_SUPER_ADMIN: frozenset(_SUPER_ADMIN),
    ROLE_CUSTOMER: _CUSTOMER,
}
ALL_PERMISSIONS = frozenset().union(*ROLE_PERMISSIONS.values())


def normalize_role(text: str) -> str:
    """ROLE_ADMIN from "role_admin", "admin", " Admin "; ValidationError listing the roles."""
    key = text.strip().upper().replace("-", "_")
    if not key.startswith("ROLE_"):
        key = "ROLE_" + key
    key = {"ROLE_SUPERADMIN": ROLE_SUPER_ADMIN, "ROLE_TEAM_LEAD": ROLE_TEAMLEAD}.get(key, key)
    if key not in ROLES:
        raise ValidationError(field="roles",
                              message=f'"{text}" is not a role (use {", ".join(ROLES)})')
    return key


def permissions_for(roles: Iterable[str]) -> frozenset[str]:
    """Union of the roles' permissions. No role at all means ROLE_USER (every user has it)."""
    roles = [normalize_role(r) for r in roles]
    if not roles:
        roles = [ROLE_USER]
    return frozenset().union(*(ROLE_PERMISSIONS[r] for r in roles))


def has(roles: Iterable[str], permission: str) -> bool:
    return permission in permissions_for(roles)


__all__ = ["ROLE_USER", "ROLE_TEAMLEAD", "ROLE_ADMIN", "ROLE_SUPER_ADMIN", "ROLE_CUSTOMER",
           "ROLES", "ROLE_PERMISSIONS", "ALL_PERMISSIONS", "normalize_role", "permissions_for",
           "has"]
