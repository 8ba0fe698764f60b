"""Queries on customers, projects, activities and their price rules."""

from __future__ import annotations

from typing import Sequence

from peewee import JOIN, fn

from kimai_tui.data import convert, meta as meta_repo
from kimai_tui.data.sql import contains_folded
from kimai_tui.data.models import (
    first_version,
    Activity,
    Customer,
    CustomerAccess,
    MetaValue,
    PriceRule,
    Project,
    TeamActivity,
    TeamCustomer,
    TeamProject,
    Timesheet,
    TimesheetTag,
)
from kimai_tui.rules.rates import PriceRule as RulePrice
from kimai_tui.rules.search import SearchQuery

MODELS = {"customer": Customer, "project": Project, "activity": Activity}
_CONVERT = {"customer": convert.customer, "project": convert.project,
            "activity": convert.activity}
# The free-text fields each listing searches (rules.md §Search).
SEARCH_FIELDS = {
    "customer": ("name", "comment", "number", "company", "vat_id", "contact", "email", "phone",
                 "address"),
    "project": ("name", "comment", "number", "order_number"),
    "activity": ("name", "comment", "number"),
}


def get(kind: str, entity_id: int):
    row = MODELS[kind].get_or_none(MODELS[kind].id == entity_id)
    if row is None:
        return None
    return _CONVERT[kind](row, meta_repo.values_for(kind, [row.id]).get(row.id, {}))


def find_by_name(kind: str, name: str, project_id: int | None = None,
                 customer_id: int | None = None, include_global: bool = True) -> list:
    """Case-insensitive exact name matches. Activities: of the project and the global ones."""
    model = MODELS[kind]
    query = model.select().where(fn.LOWER(model.name) == name.lower())
    if kind == "activity" and project_id is not None:
        scope = Activity.project == project_id
        if include_global:
            scope = scope | Activity.project.is_null()
        query = query.where(scope)
    if kind == "project" and customer_id is not None:
        query = query.where(Project.customer == customer_id)
    return [_CONVERT[kind](row) for row in query.order_by(model.id)]


def create(kind: str, values: dict, meta: dict[str, str] | None = None) -> int:
    entity_id = MODELS[kind].insert(**{"version": first_version(), **values}).execute()
    if meta:
        meta_repo.set_values(kind, entity_id, meta)
    return entity_id


def update(kind: str, entity_id: int, values: dict, meta: dict[str, str] | None = None) -> None:
    """Change an entry; its version grows by one (also for a change of custom fields only)."""
    model = MODELS[kind]
    model.update(**values, version=model.version + 1).where(model.id == entity_id).execute()
    if meta:
        meta_repo.set_values(kind, entity_id, meta)


def listing(kind: str, visible: str = "yes", search: SearchQuery | None = None,
            ids: Sequence[int] | None = None, parent_id: int | None = None,
            limit: int | None = None) -> list:
    """Entries of one kind. `visible`: yes (and, down the cascade, parents visible), no, both."""
    model = MODELS[kind]
    query = model.select()
    if kind == "project":
        query = query.join(Customer, on=(Project.customer == Customer.id))
        if parent_id is not None:
            query = query.where(Project.customer == parent_id)
    elif kind == "activity":
        query = (query.join(Project, on=(Activity.project == Project.id), join_type=JOIN.LEFT_OUTER)
                 .join(Customer, on=(Project.customer == Customer.id), join_type=JOIN.LEFT_OUTER))
        if parent_id is not None:
            query = query.where(Activity.project == parent_id)
    if visible == "yes":
        query = query.where(_visible_condition(kind))
    elif visible == "no":
        query = query.where(_hidden_condition(kind))
    if ids is not None:
        query = query.where(model.id.in_(list(ids)))
    if search is not None:
        for term in search.terms:
            query = query.where(_any_field_contains(kind, term))
        for term in search.excluded:
            query = query.where(~_any_field_contains(kind, term))
        for condition in meta_repo.field_conditions(kind, model.id, search.fields):
            query = query.where(condition)
    query = query.order_by(fn.LOWER(model.name), model.id)
    if limit:
        query = query.limit(limit)
    rows = list(query)
    metas = meta_repo.values_for(kind, [row.id for row in rows])
    return [_CONVERT[kind](row, metas.get(row.id, {})) for row in rows]


def _visible_condition(kind: str):
    """Visible means the entry and everything above it in the cascade is visible."""
    if kind == "customer":
        return Customer.visible == True  # noqa: E712  (SQL expression, not a Python test)
    if kind == "project":
        return (Project.visible == True) & (Customer.visible == True)  # noqa: E712
    return ((Activity.visible == True)  # noqa: E712
            & (Activity.project.is_null() | ((Project.visible == True)  # noqa: E712
                                             & (Customer.visible == True))))  # noqa: E712


def _hidden_condition(kind: str):
    """Hidden (`--visible no`): the entry itself is hidden and everything above it visible.
    An entry hidden only through its parent (a hidden customer's projects) appears under
    "both" alone (rules.md §Visibility)."""
    if kind == "customer":
        return Customer.visible == False  # noqa: E712
    if kind == "project":
        return (Project.visible == False) & (Customer.visible == True)  # noqa: E712
    return ((Activity.visible == False)  # noqa: E712
            & (Activity.project.is_null() | ((Project.visible == True)  # noqa: E712
                                             & (Customer.visible == True))))  # noqa: E712


def _any_field_contains(kind: str, term: str):
    model = MODELS[kind]
    condition = None
    for name in SEARCH_FIELDS[kind]:
        part = contains_folded(getattr(model, name), term)
        condition = part if condition is None else (condition | part)
    return condition


def price_rules(kind: str, entity_id: int) -> list[RulePrice]:
    column = getattr(PriceRule, kind)
    return [RulePrice(price=row.rate, internal_price=row.internal_rate, fixed=row.fixed,
                      user_id=row.user_id)
            for row in PriceRule.select().where(column == entity_id).order_by(PriceRule.id)]


def price_rule_rows(kind: str, entity_id: int) -> list[tuple[int, int | None, RulePrice]]:
    """(rule id, user id, rule) for showing and deleting rules."""
    column = getattr(PriceRule, kind)
    return [(row.id, row.user_id, RulePrice(price=row.rate, internal_price=row.internal_rate,
                                            fixed=row.fixed, user_id=row.user_id))
            for row in PriceRule.select().where(column == entity_id).order_by(PriceRule.id)]


def set_price_rule(kind: str, entity_id: int, user_id: int | None, rate, internal_rate,
                   fixed: bool) -> int:
    """Add a rule; a rule for the same (entity, user) is replaced (cli.md `rate add`)."""
    column = getattr(PriceRule, kind)
    same_user = PriceRule.user.is_null() if user_id is None else (PriceRule.user == user_id)
    PriceRule.delete().where((column == entity_id) & same_user).execute()
    return PriceRule.insert(**{kind: entity_id}, user=user_id, rate=rate,
                            internal_rate=internal_rate, fixed=fixed).execute()


def delete_price_rule(kind: str, entity_id: int, user_id: int | None) -> int:
    column = getattr(PriceRule, kind)
    same_user = PriceRule.user.is_null() if user_id is None else (PriceRule.user == user_id)
    return PriceRule.delete().where((column == entity_id) & same_user).execute()


def project_customers() -> dict[int, int]:
    """Every project's customer: project id -> customer id."""
    return dict(Project.select(Project.id, Project.customer).tuples())


def child_count(kind: str, entity_id: int) -> int:
    if kind == "customer":
        return Project.select().where(Project.customer == entity_id).count()
    if kind == "project":
        return Activity.select().where(Activity.project == entity_id).count()
    return 0


def reassign(kind: str, entity_id: int, replacement_id: int) -> None:
    """Move what hangs on an entity to its replacement (rules.md §Deleting)."""
    if kind == "customer":
        Project.update(customer=replacement_id, version=Project.version + 1).where(
            Project.customer == entity_id).execute()
        Timesheet.update(customer=replacement_id, version=Timesheet.version + 1).where(
            Timesheet.customer == entity_id).execute()
    elif kind == "project":
        Activity.update(project=replacement_id, version=Activity.version + 1).where(
            Activity.project == entity_id).execute()
        Timesheet.update(project=replacement_id, version=Timesheet.version + 1).where(
            Timesheet.project == entity_id).execute()
    else:
        Timesheet.update(activity=replacement_id, version=Timesheet.version + 1).where(
            Timesheet.activity == entity_id).execute()


def delete_cascade(kind: str, entity_id: int) -> None:
    """Delete the records (and child entries) of an entity: the explicit --cascade choice."""
    column = {"customer": Timesheet.customer, "project": Timesheet.project,
              "activity": Timesheet.activity}[kind]
    doomed = Timesheet.select(Timesheet.id).where(column == entity_id)
    TimesheetTag.delete().where(TimesheetTag.timesheet.in_(doomed)).execute()
    MetaValue.delete().where((MetaValue.kind == "timesheet")
                             & MetaValue.owner_id.in_(doomed)).execute()
    Timesheet.delete().where(column == entity_id).execute()
    if kind == "customer":
        for (project_id,) in Project.select(Project.id).where(
                Project.customer == entity_id).tuples():
            delete_cascade("project", project_id)
            delete("project", project_id)
    elif kind == "project":
        for (activity_id,) in Activity.select(Activity.id).where(
                Activity.project == entity_id).tuples():
            delete("activity", activity_id)


def delete(kind: str, entity_id: int) -> None:
    model = MODELS[kind]
    PriceRule.delete().where(getattr(PriceRule, kind) == entity_id).execute()
    MetaValue.delete().where((MetaValue.kind == kind) & (MetaValue.owner_id == entity_id)).execute()
    team_link = {"customer": TeamCustomer, "project": TeamProject, "activity": TeamActivity}[kind]
    team_link.delete().where(getattr(team_link, kind) == entity_id).execute()
    if kind == "customer":
        CustomerAccess.delete().where(CustomerAccess.customer == entity_id).execute()
    model.delete().where(model.id == entity_id).execute()
