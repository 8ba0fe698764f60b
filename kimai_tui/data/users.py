"""Queries on users and teams."""

from __future__ import annotations

from peewee import fn

from kimai_tui import domain
from kimai_tui.data import convert
from kimai_tui.data.models import (
    CustomerAccess,
    Team,
    TeamActivity,
    TeamCustomer,
    TeamMember,
    TeamProject,
    User,
)


def _customer_ids(user_id: int) -> tuple[int, ...]:
    return tuple(cid for (cid,) in CustomerAccess.select(CustomerAccess.customer)
                 .where(CustomerAccess.user == user_id).tuples())


def get(user_id: int) -> domain.User | None:
    row = User.get_or_none(User.id == user_id)
    return None if row is None else convert.user(row, _customer_ids(row.id))


def by_username(username: str) -> domain.User | None:
    row = User.get_or_none(fn.LOWER(User.username) == username.lower())
    return None if row is None else convert.user(row, _customer_ids(row.id))


def count() -> int:
    return User.select().count()


def create(values: dict) -> int:
    return User.insert(**values).execute()


def update(user_id: int, values: dict) -> None:
    if values:
        User.update(**values).where(User.id == user_id).execute()


def set_customer_access(user_id: int, customer_ids: list[int]) -> None:
    CustomerAccess.delete().where(CustomerAccess.user == user_id).execute()
    for customer_id in customer_ids:
        CustomerAccess.insert(user=user_id, customer=customer_id).execute()


def listing(ids: list[int] | None = None) -> list[domain.User]:
    query = User.select().order_by(fn.LOWER(User.username))
    if ids is not None:
        query = query.where(User.id.in_(ids))
    return [convert.user(row) for row in query]


def led_team_member_ids(lead_id: int) -> set[int]:
    """Every member (and lead) of the teams this user leads."""
    led = TeamMember.select(TeamMember.team).where(
        (TeamMember.user == lead_id) & (TeamMember.lead == True))  # noqa: E712
    return {uid for (uid,) in TeamMember.select(TeamMember.user)
            .where(TeamMember.team.in_(led)).tuples()}


def users_in_no_team() -> set[int]:
    in_team = TeamMember.select(TeamMember.user)
    return {uid for (uid,) in User.select(User.id).where(User.id.not_in(in_team)).tuples()}


def in_any_team(user_id: int) -> bool:
    return TeamMember.select().where(TeamMember.user == user_id).exists()


def team_ids_of(user_id: int) -> set[int]:
    return {tid for (tid,) in TeamMember.select(TeamMember.team)
            .where(TeamMember.user == user_id).tuples()}


def team_restrictions() -> dict[str, dict[int, set[int]]]:
    """For customers, projects, activities restricted to teams: entity id → team ids."""
    out: dict[str, dict[int, set[int]]] = {"customer": {}, "project": {}, "activity": {}}
    for kind, model, column in (("customer", TeamCustomer, TeamCustomer.customer),
                                ("project", TeamProject, TeamProject.project),
                                ("activity", TeamActivity, TeamActivity.activity)):
        for team_id, entity_id in model.select(model.team, column).tuples():
            out[kind].setdefault(entity_id, set()).add(team_id)
    return out


def team_names_of(user_id: int) -> list[str]:
    return [name for (name,) in Team.select(Team.name)
            .join(TeamMember, on=(TeamMember.team == Team.id))
            .where(TeamMember.user == user_id).order_by(Team.name).tuples()]
