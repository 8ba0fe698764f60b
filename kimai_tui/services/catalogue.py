"""Customers, projects, activities and their price rules: create, edit, list, show.

Each value arrives already typed (the faces parse text with kimai_tui.services.inputs); here the
permission matrix and the entity rules are applied, in one transaction per call.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Callable

from kimai_tui.data import catalogue as catalogue_repo
from kimai_tui.data import timesheets as records_repo
from kimai_tui.data.db import write_transaction
from kimai_tui.queries import RecordFilter
from kimai_tui.rules import budgets as budget_rules
from kimai_tui.rules import visibility
from kimai_tui.rules import validation
from kimai_tui.rules.errors import NotFound, PermissionDenied, RuleRefused, ValidationError
from kimai_tui.rules.search import SearchQuery
from kimai_tui.services import access
from kimai_tui.services.concurrency import check_version
from kimai_tui.services.context import Context
from kimai_tui.services.entity_access import EntityAccess
from kimai_tui.services.timesheet_reads import scoped_filter

KINDS = ("customer", "project", "activity")


def _plural(kind: str) -> str:
    return "activities" if kind == "activity" else kind + "s"


def _require(ctx: Context, action: str, kind: str) -> None:
    """Admins manage the whole catalogue; team leads may create activities (rules.md)."""
    if ctx.can(f"{action}_{kind}"):
        return
    raise PermissionDenied(f"you may not {action} {_plural(kind)}", kind)


def may_view(ctx: Context, kind: str) -> bool:
    return ctx.can(f"view_{kind}") or ctx.can(f"view_team_{kind}") or ctx.can(
        f"view_teamlead_{kind}")


def may_see_budgets(ctx: Context, kind: str) -> bool:
    """Whether some entries of this kind may show the acting user budget figures (a
    listing's budget column); each entry's own figures: `budget_fields`."""
    return visibility.may_see_some_budgets(access.viewer(ctx), kind)


def get(ctx: Context, kind: str, entity_id: int):
    """The entry, its budgets left out unless the acting user may see them; NotFound for a
    missing one and for one they may not use (rules.md §Roles and permissions)."""
    entity = catalogue_repo.get(kind, entity_id)
    checker = EntityAccess(ctx)
    if entity is None or not checker.visible(kind, entity):
        raise NotFound(f"no {kind} #{entity_id}", kind)
    return checker.shown(kind, entity)


def _shown(ctx: Context, kind: str, entries: list) -> list:
    """The entries the acting user may use or name, as they may see them."""
    checker = EntityAccess(ctx)
    return [checker.shown(kind, e) for e in entries if checker.visible(kind, e)]


def _check_unique(kind: str, name: str, values: dict, exclude_id: int | None) -> None:
    parent = {}
    if kind == "project":
        parent = {"customer_id": values.get("customer")}
    matches = catalogue_repo.find_by_name(kind, name, **parent) if kind != "activity" else [
        a for a in catalogue_repo.find_by_name("activity", name)
        if a.project_id == values.get("project")]
    if any(m.id != exclude_id for m in matches):
        where = {"customer": "", "project": " for this customer",
                 "activity": " on this project" if values.get("project") else " (global)"}[kind]
        raise ValidationError(field="name", message=f"a {kind} named {name!r} exists{where}")


# The multi-line text columns of customers, projects and activities (rules.md §Entities).
MULTILINE = ("comment", "address")


def _check_texts(values: dict[str, Any], meta: dict[str, str] | None, current=None) -> None:
    """Refuse new text with control or invisible formatting characters
    (rules.validation.check_text); values the entity already holds pass unchanged. Errors are
    on the form's fields: `vat-id`, `meta-<name>`."""
    errors = validation.merge(
        validation.check_new_texts(values, current, multiline=MULTILINE,
                                   field=lambda key: key.replace("_", "-")),
        validation.check_new_texts(meta or {}, None if current is None else current.meta,
                                   field=lambda name: f"meta-{name}"))
    if errors:
        raise ValidationError(errors)


def _check_dates(kind: str, values: dict[str, Any], current=None) -> None:
    """A project's end date is not before its start date, whichever of the two the change
    gives (the other is the project's own). ValidationError on field `end`."""
    if kind != "project":
        return
    start = values.get("start_date", getattr(current, "start_date", None))
    end = values.get("end_date", getattr(current, "end_date", None))
    if start is not None and end is not None and end < start:
        raise ValidationError(field="end", message=f"the end date {end.isoformat()} is before "
                              f"the start date {start.isoformat()}")


def create(ctx: Context, kind: str, values: dict[str, Any], meta: dict[str, str] | None = None):
    _require(ctx, "create", kind)
    _check_texts(values, meta)
    _check_dates(kind, values)
    with write_transaction(ctx.database):
        _check_parent(ctx, kind, values, creating=True)
        _check_unique(kind, values["name"], values, None)
        entity_id = catalogue_repo.create(kind, values, meta)
    return catalogue_repo.get(kind, entity_id)


def _check_parent(ctx: Context, kind: str, values: dict, creating: bool) -> None:
    """Nothing new is created under a hidden customer or project (rules.md §Visibility)."""
    if kind == "project" and "customer" in values:
        customer = get(ctx, "customer", values["customer"])
        if creating and not customer.visible:
            raise ValidationError(field="customer",
                                  message=f"customer {customer.name!r} is hidden")
    if kind == "activity" and values.get("project") is not None:
        project = get(ctx, "project", values["project"])
        customer = catalogue_repo.get("customer", project.customer_id)
        if creating and not (project.visible and customer.visible):
            raise ValidationError(field="project", message=f"project {project.name!r} is hidden")


def update(ctx: Context, kind: str, entity_id: int, values: dict[str, Any],
           meta: dict[str, str] | None = None, expected_version: int | None = None):
    """Change an entry. EXPECTED_VERSION (an editor's): Conflict if it changed since."""
    _require(ctx, "edit", kind)
    with write_transaction(ctx.database):
        current = get(ctx, kind, entity_id)
        check_version(kind, current, expected_version)
        _check_texts(values, meta, current)
        _check_dates(kind, values, current)
        _check_parent(ctx, kind, values, creating=False)
        if "name" in values:
            merged = {"customer": getattr(current, "customer_id", None),
                      "project": getattr(current, "project_id", None), **values}
            _check_unique(kind, values["name"], merged, entity_id)
        catalogue_repo.update(kind, entity_id, values, meta)
        if kind == "project" and "customer" in values:
            # Records repeat their project's customer; keep them in step.
            records_repo.move_project_customer(entity_id, values["customer"])
    return catalogue_repo.get(kind, entity_id)


def listing(ctx: Context, kind: str, visible: str = "yes", search: SearchQuery | None = None,
            parent_id: int | None = None) -> list:
    """The catalogue screens' and `list` commands' view: needs a view permission."""
    if not may_view(ctx, kind) and not access.is_customer_account(ctx):
        raise PermissionDenied(f"you may not list {_plural(kind)}", kind)
    return usable(ctx, kind, visible, search, parent_id)


def usable(ctx: Context, kind: str, visible: str = "yes", search: SearchQuery | None = None,
           parent_id: int | None = None) -> list:
    """Entries the acting user may track time on or name: pickers and name lookups."""
    return _shown(ctx, kind, catalogue_repo.listing(kind, visible, search, parent_id=parent_id))


def statistics(ctx: Context, kind: str, entity_id: int) -> dict:
    """An entry's `records` and `duration`, and `amount` where the viewer may see the rates,
    counted over the records the viewer may see; with `budget_fields`, `budget_history` (the
    last twelve months, services/budget_history.py) and the children's budgets
    (`project_budgets` / `activity_budgets`) where they have a budget permission.
    NotFound as `get`. rules.md §Roles and permissions, §Budgets."""
    entity = get(ctx, kind, entity_id)
    scoped = scoped_filter(ctx, RecordFilter(**{f"{kind}_ids": [entity_id]}), all_users=True)
    totals = records_repo.totals(scoped)
    per_currency = totals.values()
    stats: dict[str, Any] = {"records": sum(count for count, _, _ in per_currency),
                             "duration": sum(seconds for _, seconds, _ in per_currency)}
    if access.may_see_amounts(ctx, scoped.user_ids):
        stats["amount"] = sum((amount for _, _, amount in per_currency), Decimal(0))
        # and per currency (a global activity's records may be in several): {code: amount}
        stats["amounts"] = {currency: amount for currency, (_, _, amount) in
                            sorted(totals.items())}
    checker = EntityAccess(ctx)
    stats.update(_budget_fields(ctx, checker, kind, entity))
    # (imported here: the commands that resolve names through this module need no history)
    from kimai_tui.services import budget_history

    history = budget_history.history(ctx, kind, entity) if "budget_type" in stats else []
    if history:  # only where the entry has a budget the viewer may see
        stats["budget_history"] = history
    if kind in ("customer", "project"):
        child_kind = "project" if kind == "customer" else "activity"
        children = []
        for child in catalogue_repo.listing(child_kind, "both", parent_id=entity_id):
            shown = _budget_fields(ctx, checker, child_kind, child) if checker.visible(
                child_kind, child) else {}
            if "budget_used" in shown or "time_budget_used" in shown:
                children.append({"id": child.id, "name": child.name,
                                 **{k: v for k, v in shown.items()
                                    if not k.endswith("_status")}})
        if children:
            stats[f"{child_kind}_budgets"] = children
    return stats


def budget_fields(ctx: Context, kind: str, entity) -> dict:
    """An entry's `budget`, `time_budget`, `budget_type` and usage: `budget_used` /
    `time_budget_used` (this month's for monthly budgets, `budget_month`) with their
    BudgetStatus (`budget_status`, `time_budget_status`); {} when the acting user has no
    budget permission on it (rules.md §Budgets)."""
    return budget_reader(ctx)(kind, entity)


def budget_reader(ctx: Context) -> Callable[[str, Any], dict]:
    """`budget_fields` for many entries: (kind, entity) -> dict, the permission facts read
    once."""
    checker = EntityAccess(ctx)
    return lambda kind, entity: _budget_fields(ctx, checker, kind, entity)


def _budget_fields(ctx: Context, checker: EntityAccess, kind: str, entity) -> dict:
    if not checker.sees_budget(kind, entity):
        return {}
    budgets = entity.budgets
    return {"budget": budgets.budget, "time_budget": budgets.time_budget,
            "budget_type": budgets.budget_type, **_usage(kind, entity, ctx.now(), ctx.tz)}


def _usage(kind: str, entity, now, tz) -> dict:
    budgets = entity.budgets
    out: dict[str, Any] = {}
    if not budgets.budget and not budgets.time_budget:
        return out
    day_from = day_to = None
    if budgets.budget_type == "month":
        local = now.astimezone(tz)
        day_from, day_to = budget_rules.month_bounds(local.year, local.month)
        out["budget_month"] = f"{local.year:04d}-{local.month:02d}"
    used_time, used_money = records_repo.usage_sums(kind, entity.id, day_from, day_to)
    if budgets.budget:
        out["budget_used"] = used_money
        out["budget_status"] = budget_rules.budget_status("money", budgets.budget, used_money)
    if budgets.time_budget:
        out["time_budget_used"] = used_time
        out["time_budget_status"] = budget_rules.budget_status("time", budgets.time_budget,
                                                               used_time)
    return out


def set_rate(ctx: Context, kind: str, entity_id: int, user_id: int | None, rate, internal_rate,
             fixed: bool) -> int:
    """Add or replace the price rule of (entity, user); user None = the catch-all."""
    _require(ctx, "edit", kind)
    with write_transaction(ctx.database):
        get(ctx, kind, entity_id)
        return catalogue_repo.set_price_rule(kind, entity_id, user_id, rate, internal_rate,
                                             fixed)


def rates(ctx: Context, kind: str, entity_id: int):
    if not (ctx.can(f"edit_{kind}") or access.is_admin(ctx)):
        raise PermissionDenied(f"you may not see the prices of {_plural(kind)}", kind)
    get(ctx, kind, entity_id)
    return catalogue_repo.price_rule_rows(kind, entity_id)


def delete_rate(ctx: Context, kind: str, entity_id: int, user_id: int | None) -> None:
    _require(ctx, "edit", kind)
    with write_transaction(ctx.database):
        get(ctx, kind, entity_id)
        if catalogue_repo.delete_price_rule(kind, entity_id, user_id) == 0:
            raise RuleRefused("no such price rule", "user")


def find(ctx: Context, kind: str, name: str, project_id: int | None = None,
         customer_id: int | None = None) -> list:
    """Entries named `name` (case-insensitive) that the acting user may use, hidden included
    (a hidden one is then refused by the save rules with a clear message, not as unknown)."""
    return _shown(ctx, kind, catalogue_repo.find_by_name(kind, name, project_id=project_id,
                                                        customer_id=customer_id))
