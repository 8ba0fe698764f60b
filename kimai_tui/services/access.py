"""Who may see and touch what: the visibility policy (rules/visibility.py) and the permission
matrix applied to real users, teams and records.

Every service asks here; the faces never decide. A record one may not see behaves as if it did
not exist (NotFound), so a denial reveals nothing. Catalogue entries (usable, budget figures)
are in services/entity_access.py.
"""

from __future__ import annotations

from typing import Iterable

from kimai_tui import domain
from kimai_tui.data import users as users_repo
from kimai_tui.rules import visibility
from kimai_tui.rules.errors import NotFound, PermissionDenied
from kimai_tui.rules.visibility import Person, Scope, Viewer
from kimai_tui.services.context import Context


def is_customer_account(ctx: Context) -> bool:
    return ctx.can(visibility.CUSTOMER_ACCOUNT)


def is_admin(ctx: Context) -> bool:
    """Admins see all data; team leads only their teams' (Kimai's canSeeAllData)."""
    return ctx.can("view_all_data")


def viewer(ctx: Context) -> Viewer:
    """The acting user with the facts the policy needs: the teams they lead and those teams'
    members (read only for users who may lead), their assigned customers."""
    led_teams: frozenset[int] = frozenset()
    led_members: frozenset[int] = frozenset()
    if not is_admin(ctx) and not is_customer_account(ctx):
        led_teams = frozenset(users_repo.led_team_ids(ctx.user.id))
        if led_teams:
            led_members = frozenset(users_repo.led_team_member_ids(ctx.user.id))
    return Viewer(ctx.user.id, frozenset(ctx.permissions), led_teams, led_members,
                  frozenset(ctx.user.customer_ids))


def people(user_ids: Iterable[int] | None = None) -> dict[int, Person]:
    """The users (all when None) as the policy sees them: id, roles, in any team."""
    ids = None if user_ids is None else sorted(set(user_ids))
    return {uid: Person(uid, roles, in_team)
            for uid, roles, in_team in users_repo.person_facts(ids)}


def record_scope(ctx: Context) -> Scope:
    """The records the acting user may see, as user and customer restrictions (None in a
    field: not restricted by it). rules.md §Roles and permissions."""
    seen_by = viewer(ctx)
    everyone = people().values() if visibility.needs_people(seen_by) else ()
    return visibility.record_scope(seen_by, everyone)


def can_see_user(ctx: Context, user_id: int) -> bool:
    """May the acting user see this user's records? False for a user that does not exist."""
    person = people([user_id]).get(user_id)
    return person is not None and visibility.can_see_user_records(viewer(ctx), person)


def can_see_record(ctx: Context, record: domain.Record) -> bool:
    person = people([record.user_id]).get(record.user_id, Person(record.user_id))
    return visibility.can_see_record(viewer(ctx), person, record.customer_id)


def require_visible(ctx: Context, record: domain.Record | None, record_id: int) -> domain.Record:
    """The record, or NotFound (the same for a missing and for a hidden one)."""
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
    """Rates and amounts of that user's records (whose visibility is checked elsewhere)."""
    return visibility.may_see_record_rates(viewer(ctx), user_id)


def may_see_amounts(ctx: Context, scope_user_ids: Iterable[int] | None) -> bool:
    """Sums over the records of these users (None: of anyone the scope allows)."""
    return visibility.may_see_amounts(viewer(ctx), scope_user_ids)


def may(ctx: Context, own_permission: str, other_permission: str, user_id: int) -> bool:
    return ctx.can(own_permission if _own(ctx, user_id) else other_permission)


def profile_fields(ctx: Context, user_ids: Iterable[int]) -> dict[int, frozenset[str]]:
    """user id -> the profile fields the acting user may see (users they may not see at all
    are left out). rules.md §Roles and permissions: user lists never leak rates or e-mails."""
    seen_by = viewer(ctx)
    out = {}
    for uid, person in people(user_ids).items():
        fields = visibility.profile_fields(seen_by, person)
        if fields:
            out[uid] = fields
    return out


def contact_shown(ctx: Context, user_ids: Iterable[int]) -> set[int]:
    """The users among these whose e-mail and staff number the acting user may see."""
    return {uid for uid, fields in profile_fields(ctx, user_ids).items() if "email" in fields}


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
