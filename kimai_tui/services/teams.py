"""Teams: leads, members and the customers, projects and activities they are restricted to."""

from __future__ import annotations

from kimai_tui.data import users as users_repo
from kimai_tui.data.db import write_transaction
from kimai_tui.rules import validation
from kimai_tui.rules.errors import NotFound, PermissionDenied, ValidationError
from kimai_tui.services.context import Context


def _require(ctx: Context, permission: str, what: str) -> None:
    if not ctx.can(permission):
        raise PermissionDenied(f"you may not {what}", "team")


def get(ctx: Context, team_id: int) -> dict:
    team = users_repo.team_get(team_id)
    may_view = ctx.can("view_team") or (
        team is not None and ctx.user.username in team["leads"])
    if team is None or not may_view:
        raise NotFound(f"no team #{team_id}", "team")
    return team


def find(ctx: Context, name: str) -> dict:
    """The team by name; NotFound, the same for a missing team and for one the acting user
    may not see (denials reveal nothing)."""
    team_id = users_repo.team_by_name(name)
    try:
        return get(ctx, team_id if team_id is not None else -1)
    except NotFound:
        raise NotFound(f"no team named {name!r}", "team") from None


def listing(ctx: Context) -> list[dict]:
    teams = [users_repo.team_get(tid) for tid in users_repo.team_ids()]
    if ctx.can("view_team"):
        return teams
    return [t for t in teams if ctx.user.username in t["leads"]]


def save(ctx: Context, team_id: int | None, name: str | None, leads=None, members=None,
         customers=None, projects=None, activities=None) -> dict:
    """Create (team_id None) or change a team; a team needs at least one lead."""
    _require(ctx, "create_team" if team_id is None else "edit_team",
             "create teams" if team_id is None else "edit teams")
    with write_transaction(ctx.database):
        if name is not None:
            name = name.strip()
            if not name or len(name) > 100:
                raise ValidationError(field="name", message="a team name is 1 to 100 characters")
            stored = users_repo.team_get(team_id) if team_id is not None else None
            errors = validation.check_new_texts({"name": name}, stored)
            if errors:
                raise ValidationError(errors)
            other = users_repo.team_by_name(name)
            if other is not None and other != team_id:
                raise ValidationError(field="name", message=f"team {name!r} exists")
        if team_id is None and not leads:
            raise ValidationError(field="lead", message="a team needs at least one lead")
        if team_id is not None:
            get(ctx, team_id)
        saved = users_repo.team_save(team_id, name, leads, members, customers, projects,
                                     activities)
        if users_repo.lead_count(saved) == 0:
            raise ValidationError(field="lead", message="a team needs at least one lead")
    return users_repo.team_get(saved)


def delete(ctx: Context, team_id: int) -> dict:
    _require(ctx, "delete_team", "delete teams")
    with write_transaction(ctx.database):
        team = get(ctx, team_id)
        users_repo.team_delete(team_id)
    return team
