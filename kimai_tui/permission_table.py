"""Kimai's roles and the permissions each role has by default (rules.md §Roles and
permissions), as plain data.

It sits at the bottom floor, beside settings.py, so that the config loader can check the
permission names of `kimai.permissions.roles` (config.md) and the rules engine can grant them
(`rules/permissions.py`) from one table. Roles are cumulative: each role's set already holds
the sets of the roles below it (as Kimai's default role permissions do).
"""

from __future__ import annotations

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
    "view_user", "create_user", "edit_user",
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

# kimai.permissions.roles may change these roles only: a super admin keeps every permission (so
# nobody locks the administration out), and a customer account stays read-only and scoped to
# its customers (rules.md: ROLE_CUSTOMER). The customer-account marker is granted to no role,
# nor is the importer (it brings users and roles in: a super admin's alone).
CONFIGURABLE_ROLES = (ROLE_USER, ROLE_TEAMLEAD, ROLE_ADMIN)
CONFIGURABLE_PERMISSIONS = ALL_PERMISSIONS - {"view_customer_account_data", "importer"}
