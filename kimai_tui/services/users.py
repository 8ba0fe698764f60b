"""Users: create, edit, list, show (super admins manage them; everyone sees themselves).

What a user sees of others follows rules/visibility.py: the users whose records they may see,
by name only; e-mails, staff numbers, roles, teams and rates only with the permission for
them (rules.md §Roles and permissions). Every user this module returns is already cut down
to what the acting user may see.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from kimai_tui import domain
from kimai_tui.data import users as users_repo
from kimai_tui.data.db import write_transaction
from kimai_tui.rules import permissions, validation
from kimai_tui.rules.errors import NotFound, PermissionDenied, ValidationError
from kimai_tui.services import access
from kimai_tui.services.context import Context

# What a hidden profile field reads as in a returned domain.User.
_HIDDEN = {"email": "", "staff_number": "", "roles": (), "customer_ids": (),
           "hourly_rate": None, "internal_rate": None}


def _shown(ctx: Context, users: list[domain.User]) -> list[domain.User]:
    """The users the acting user may see, each cut down to the fields they may see."""
    fields = access.profile_fields(ctx, [u.id for u in users])
    return [replace(u, **{k: v for k, v in _HIDDEN.items() if k not in fields[u.id]})
            for u in users if u.id in fields]


def get(ctx: Context, user_id: int) -> domain.User:
    """The user as the acting user may see them; NotFound for a missing or unseen one."""
    found = _shown(ctx, [u for u in [users_repo.get(user_id)] if u is not None])
    if not found:
        raise NotFound(f"no user #{user_id}", "user")
    return found[0]


def find(ctx: Context, username: str) -> domain.User | None:
    """By username (case-insensitive), as `get`; None for a missing or unseen one."""
    user = users_repo.by_username(username)
    found = _shown(ctx, [user] if user is not None else [])
    return found[0] if found else None


def listing(ctx: Context) -> list[domain.User]:
    """Every user the acting user may see, by username, as `get`."""
    return _shown(ctx, users_repo.listing())


def profile(ctx: Context, user: domain.User) -> dict[str, Any]:
    """The fields of a user the acting user may see, for printing: the domain.User fields
    and `teams` (names); hidden ones are left out. {} for a user they may not see."""
    fields = access.profile_fields(ctx, [user.id]).get(user.id, frozenset())
    data = {k: getattr(user, k) for k in user.__dataclass_fields__ if k in fields}
    if "teams" in fields:
        data["teams"] = teams_of(user.id)
    return data


def _check_texts(values: dict[str, Any], current: domain.User | None = None) -> None:
    """Refuse a new username, alias, e-mail, staff number … with control or invisible
    formatting characters (rules.validation.check_text); unchanged values pass."""
    errors = validation.check_new_texts(values, current)
    if errors:
        raise ValidationError(errors)


def create(ctx: Context, values: dict[str, Any], customer_ids: list[int] | None = None
           ) -> domain.User:
    if not ctx.can("create_user"):
        raise PermissionDenied("you may not create users", "user")
    wanted = [r for r in str(values.get("roles", "")).split(",") if r]
    if _rank(wanted) > _rank(ctx.user.roles):
        raise PermissionDenied("you may not give a role above your own", "roles")
    if any(values.get(key) is not None for key in ("hourly_rate", "internal_rate")) \
            and not ctx.can("hourly-rate_other_profile"):
        raise PermissionDenied("you may not set users' rates", "hourly-rate")
    _check_texts(values)
    with write_transaction(ctx.database):
        if users_repo.by_username(values["username"]) is not None:
            raise ValidationError(field="username",
                                  message=f"user {values['username']!r} exists")
        user_id = users_repo.create(values)
        if customer_ids:
            users_repo.set_customer_access(user_id, customer_ids)
    return get(ctx, user_id)


# What every user may change of their own account, as Kimai grants its "preferences" to
# every role: time zone, 12/24-hour display, durations as decimal hours.
PREFERENCES = frozenset({"timezone", "time_format", "decimal_hours"})


_RANK = {permissions.ROLE_USER: 0, permissions.ROLE_CUSTOMER: 0, permissions.ROLE_TEAMLEAD: 1,
         permissions.ROLE_ADMIN: 2, permissions.ROLE_SUPER_ADMIN: 3}


def _rank(roles) -> int:
    return max((_RANK.get(r, 0) for r in roles), default=0)


def _check_grants(ctx: Context, user: domain.User, values: dict[str, Any]) -> None:
    """What edit_user does not cover, whoever holds it (kimai.permissions may give it to a
    lead): roles only up to the actor's own, never one's own roles (a super admin excepted),
    never for someone ranked above oneself; rates only with hourly-rate_other_profile
    (one's own with hourly-rate_own_profile). PermissionDenied naming what is refused."""
    mine = _rank(ctx.user.roles)
    if user.id != ctx.user.id and _rank(user.roles) > mine:
        raise PermissionDenied("you may not edit a user with a higher role than yours", "roles")
    if "roles" in values:
        wanted = [r for r in str(values["roles"]).split(",") if r]
        if set(wanted) != set(user.roles):
            if user.id == ctx.user.id and mine < _RANK[permissions.ROLE_SUPER_ADMIN]:
                raise PermissionDenied("you may not change your own roles", "roles")
            if _rank(wanted) > mine:
                raise PermissionDenied("you may not give a role above your own", "roles")
    if any(key in values and values[key] != getattr(user, key)
           for key in ("hourly_rate", "internal_rate")):
        needed = ("hourly-rate_own_profile" if user.id == ctx.user.id
                  else "hourly-rate_other_profile")
        if not ctx.can(needed):
            raise PermissionDenied("you may not set this user's rates", "hourly-rate")


def update(ctx: Context, user_id: int, values: dict[str, Any],
           customer_ids: list[int] | None = None) -> domain.User:
    """Change a user. Needs edit_user, except a user changing only their own PREFERENCES."""
    own_preferences = (user_id == ctx.user.id and set(values) <= PREFERENCES
                       and customer_ids is None)
    if not ctx.can("edit_user") and not own_preferences:
        raise PermissionDenied("you may not edit users (your own time zone, time format "
                               "and decimal hours you may change)", "user")
    with write_transaction(ctx.database):
        _check_grants(ctx, get(ctx, user_id), values)
        _check_texts(values, get(ctx, user_id))
        if "username" in values:
            other = users_repo.by_username(values["username"])
            if other is not None and other.id != user_id:
                raise ValidationError(field="username",
                                      message=f"user {values['username']!r} exists")
        users_repo.update(user_id, values)
        if customer_ids is not None:
            users_repo.set_customer_access(user_id, customer_ids)
    return get(ctx, user_id)


def teams_of(user_id: int) -> list[str]:
    return users_repo.team_names_of(user_id)
