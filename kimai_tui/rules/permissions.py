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

from collections.abc import Iterable, Mapping

from kimai_tui.rules.errors import ValidationError

from kimai_tui.permission_table import (  # noqa: F401 - the table lives below the config
    ALL_PERMISSIONS, ROLE_ADMIN, ROLE_CUSTOMER, ROLE_PERMISSIONS, ROLE_SUPER_ADMIN, ROLE_TEAMLEAD,
    ROLE_USER, ROLES,
)


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


def permissions_for(roles: Iterable[str],
                    overrides: Mapping[str, Iterable[str]] | None = None) -> frozenset[str]:
    """Union of the roles' permissions. No role at all means ROLE_USER (every user has it).

    `overrides`: `kimai.permissions.roles` of kimai.yaml (config.md), role -> entries, each a
    permission name (granted) or "!name" (revoked), applied to that role's default set before
    the union (as Kimai's `permissions.roles`: a user has what any of their roles grants).
    """
    roles = [normalize_role(r) for r in roles]
    if not roles:
        roles = [ROLE_USER]
    overrides = overrides or {}
    granted: set[str] = set()
    for role in roles:
        granted |= apply_overrides(ROLE_PERMISSIONS[role], overrides.get(role, ()))
    return frozenset(granted)


def apply_overrides(defaults: frozenset[str], entries: Iterable[str]) -> frozenset[str]:
    """DEFAULTS with each entry applied in order: "name" adds, "!name" removes."""
    result = set(defaults)
    for entry in entries:
        if entry.startswith("!"):
            result.discard(entry[1:])
        else:
            result.add(entry)
    return frozenset(result)


def has(roles: Iterable[str], permission: str) -> bool:
    """Whether the roles' default permissions hold PERMISSION (no kimai.yaml changes)."""
    return permission in permissions_for(roles)


__all__ = ["ROLE_USER", "ROLE_TEAMLEAD", "ROLE_ADMIN", "ROLE_SUPER_ADMIN", "ROLE_CUSTOMER",
           "ROLES", "ROLE_PERMISSIONS", "ALL_PERMISSIONS", "normalize_role", "permissions_for",
           "apply_overrides", "has"]
