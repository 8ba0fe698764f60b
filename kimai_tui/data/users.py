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
        User.update(**values, version=User.version + 1).where(User.id == user_id).execute()


def set_customer_access(user_id: int, customer_ids: list[int]) -> None:
    CustomerAccess.delete().where(CustomerAccess.user == user_id).execute()
    for customer_id in customer_ids:
        CustomerAccess.insert(user=user_id, customer=customer_id).execute()


def listing(ids: list[int] | None = None) -> list[domain.User]:
    query = User.select().order_by(fn.LOWER(User.username))
    if ids is not None:
        query = query.where(User.id.in_(ids))
    return [convert.user(row) for row in query]


def led_team_ids(lead_id: int) -> set[int]:
    """The teams this user leads."""
    return {tid for (tid,) in TeamMember.select(TeamMember.team)
            .where((TeamMember.user == lead_id) & (TeamMember.lead == True))  # noqa: E712
            .tuples()}


def led_team_member_ids(lead_id: int) -> set[int]:
    """Every member (and lead) of the teams this user leads."""
    led = TeamMember.select(TeamMember.team).where(
        (TeamMember.user == lead_id) & (TeamMember.lead == True))  # noqa: E712
    return {uid for (uid,) in TeamMember.select(TeamMember.user)
            .where(TeamMember.team.in_(led)).tuples()}


def person_facts(user_ids: list[int] | None = None) -> list[tuple[int, tuple[str, ...], bool]]:
    """(id, roles, in any team) of these users (None: of every user), for deciding who may
    see whose records."""
    in_team = TeamMember.select(TeamMember.user)
    query = User.select(User.id, User.roles, User.id.in_(in_team))
    if user_ids is not None:
        query = query.where(User.id.in_(user_ids))
    return [(uid, convert.roles_of(roles), bool(member))
            for uid, roles, member in query.tuples()]


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


def team_by_name(name: str) -> int | None:
    row = Team.get_or_none(fn.LOWER(Team.name) == name.lower())
    return None if row is None else row.id


def team_get(team_id: int) -> dict | None:
    team = Team.get_or_none(Team.id == team_id)
    if team is None:
        return None
    members = (TeamMember.select(TeamMember.user, User.username, TeamMember.lead)
               .join(User, on=(TeamMember.user == User.id))
               .where(TeamMember.team == team_id).order_by(User.username).tuples())
    leads, plain = [], []
    for _, username, lead in members:
        (leads if lead else plain).append(username)
    links = {}
    for kind, model, column in (("customers", TeamCustomer, TeamCustomer.customer),
                                ("projects", TeamProject, TeamProject.project),
                                ("activities", TeamActivity, TeamActivity.activity)):
        links[kind] = sorted(eid for (eid,) in model.select(column)
                             .where(model.team == team_id).tuples())
    return {"id": team.id, "name": team.name, "leads": leads, "members": plain, **links}


def team_ids() -> list[int]:
    return [tid for (tid,) in Team.select(Team.id).order_by(fn.LOWER(Team.name)).tuples()]


def team_save(team_id: int | None, name: str | None, leads: list[int] | None,
              members: list[int] | None, customers: list[int] | None,
              projects: list[int] | None, activities: list[int] | None) -> int:
    """Create or change a team; each list given replaces what the team had."""
    if team_id is None:
        team_id = Team.insert(name=name).execute()
    else:
        values = {"name": name} if name is not None else {}
        Team.update(**values, version=Team.version + 1).where(Team.id == team_id).execute()
    if leads is not None or members is not None:
        current = {uid: lead for uid, lead in TeamMember.select(TeamMember.user, TeamMember.lead)
                   .where(TeamMember.team == team_id).tuples()}
        lead_ids = set(leads) if leads is not None else {u for u, l in current.items() if l}
        member_ids = set(members) if members is not None else {
            u for u, l in current.items() if not l}
        TeamMember.delete().where(TeamMember.team == team_id).execute()
        for uid in lead_ids:
            TeamMember.insert(team=team_id, user=uid, lead=True).execute()
        for uid in member_ids - lead_ids:
            TeamMember.insert(team=team_id, user=uid, lead=False).execute()
    for ids, model, column in ((customers, TeamCustomer, "customer"),
                               (projects, TeamProject, "project"),
                               (activities, TeamActivity, "activity")):
        if ids is not None:
            model.delete().where(model.team == team_id).execute()
            for eid in ids:
                model.insert(team=team_id, **{column: eid}).execute()
    return team_id


def team_delete(team_id: int) -> None:
    for model in (TeamMember, TeamCustomer, TeamProject, TeamActivity):
        model.delete().where(model.team == team_id).execute()
    Team.delete().where(Team.id == team_id).execute()


def lead_count(team_id: int) -> int:
    return TeamMember.select().where((TeamMember.team == team_id)
                                     & (TeamMember.lead == True)).count()  # noqa: E712
