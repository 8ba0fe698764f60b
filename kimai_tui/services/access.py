"""Who may see and touch what: the permission matrix applied to real users, teams and records.

Every service asks here; the faces never decide. A record one may not see behaves as if it did
not exist (NotFound), so a denial reveals nothing.
"""

from __future__ import annotations

from kimai_tui import domain
from kimai_tui.data import users as users_repo
from kimai_tui.rules.errors import NotFound, PermissionDenied
from kimai_tui.services.context import Context


def is_customer_account(ctx: Context) -> bool:
    return "ROLE_CUSTOMER" in ctx.user.roles


def is_admin(ctx: Context) -> bool:
    """Admins see all data; team leads only their teams' (Kimai's canSeeAllData)."""
    return ctx.can("view_all_data")


def visible_user_ids(ctx: Context) -> set[int] | None:
    """Users whose records the acting user may see; None = everyone (admins)."""
    if is_customer_account(ctx):
        return None  # restricted by customer instead, see record_filter_scope
    if ctx.can("view_other_timesheet"):
        if is_admin(ctx):
            return None
        # A team lead: members of the teams they lead, and users in no team at all.
        return ({ctx.user.id} | users_repo.led_team_member_ids(ctx.user.id)
                | users_repo.users_in_no_team())
    return {ctx.user.id}


def visible_customer_ids(ctx: Context) -> set[int] | None:
    """Customer accounts see only their customers' records; None = no such restriction."""
    if is_customer_account(ctx):
        return set(ctx.user.customer_ids)
    return None


def can_see_user(ctx: Context, user_id: int) -> bool:
    if is_customer_account(ctx):
        return False
    if user_id == ctx.user.id:
        return True
    allowed = visible_user_ids(ctx)
    return allowed is None or user_id in allowed


def can_see_record(ctx: Context, record: domain.Record) -> bool:
    if is_customer_account(ctx):
        return record.customer_id in ctx.user.customer_ids
    return can_see_user(ctx, record.user_id)


def require_visible(ctx: Context, record: domain.Record | None, record_id: int) -> domain.Record:
    if record is None or not can_see_record(ctx, record):
        raise NotFound(f"no record #{record_id}", "id")
    return record


def _own(ctx: Context, user_id: int) -> bool:
    return user_id == ctx.user.id


def require(ctx: Context, own_permission: str, other_permission: str, user_id: int,
            what: str) -> None:
    """Raise PermissionDenied unless the acting user may do `what` on that user's records."""
    permission = own_permission if _own(ctx, user_id) else other_permission
    if not ctx.can(permission) or (not _own(ctx, user_id) and not can_see_user(ctx, user_id)):
        raise PermissionDenied(f"you may not {what}", "permission")


def may_view_rates(ctx: Context, user_id: int) -> bool:
    if is_customer_account(ctx):
        return False
    return ctx.can("view_rate_own_timesheet" if _own(ctx, user_id)
                   else "view_rate_other_timesheet")


def may(ctx: Context, own_permission: str, other_permission: str, user_id: int) -> bool:
    return ctx.can(own_permission if _own(ctx, user_id) else other_permission)


def entity_usable(ctx: Context, kind: str, entity_id: int,
                  restrictions: dict[str, dict[int, set[int]]] | None = None) -> bool:
    """Team restrictions: an entry restricted to teams is usable only by their members
    (and admins)."""
    if is_admin(ctx):
        return True
    restrictions = restrictions if restrictions is not None else users_repo.team_restrictions()
    teams = restrictions.get(kind, {}).get(entity_id)
    if not teams:
        return True
    return bool(teams & users_repo.team_ids_of(ctx.user.id))
