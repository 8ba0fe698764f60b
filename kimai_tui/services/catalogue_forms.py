"""What the catalogue screens need beyond the plain services: a form's text turned into the
typed `values` a create/update takes (the same parsers and limits as the command line), the
rows of a listing with their parents, colours and budget usage, what hiding an entry hides,
the valid replacements when deleting, and the price rules with user names.

Every function that reads the database runs in a worker thread of the TUI.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from kimai_tui.rules.durations import format_duration
from kimai_tui.rules.errors import KimaiError, ValidationError
from kimai_tui.rules.rates import PriceRule, parse_money
from kimai_tui.rules.search import parse_search
from kimai_tui.services import catalogue, inputs
from kimai_tui.services.context import Context
from kimai_tui.rules.money import format_money

DEFAULT_COLOR = "#d2d6de"
# Text fields per kind, with the column limit the command line uses.
TEXT_FIELDS = {
    "customer": {"number": 50, "comment": 65_535, "company": 255, "vat_id": 50,
                 "contact": 255, "email": 255, "phone": 50, "address": 65_535},
    "project": {"number": 50, "order_number": 50, "comment": 65_535},
    "activity": {"number": 50, "comment": 65_535},
}


def field_id(name: str) -> str:
    """The field name a form uses (and services report errors on): vat_id -> vat-id."""
    return name.replace("_", "-")


# -- forms ------------------------------------------------------------------------------------


def initial_form(ctx: Context, kind: str, entity=None) -> dict[str, Any]:
    """The form of an entity (or of a new one, with the configured defaults), as text."""
    defaults = ctx.settings.kimai.defaults.customer
    form: dict[str, Any] = {"name": "", "color": "", "visible": True, "billable": True,
                            "budget": "", "time_budget": "", "budget_type": "lifetime",
                            "meta": {}}
    form.update({key: "" for key in TEXT_FIELDS[kind]})
    if kind == "customer":
        form.update(currency=defaults.currency, timezone=defaults.timezone,
                    color=defaults.color or "")
    if kind == "project":
        form.update(customer=None, start_date="", end_date="", global_activities=True)
    if kind == "activity":
        form["project"] = None
    if entity is None:
        return form
    for key in form:
        if key in ("budget", "time_budget", "budget_type", "meta"):
            continue
        value = getattr(entity, key if key not in ("customer", "project") else f"{key}_id")
        form[key] = "" if value is None and isinstance(form[key], str) else value
    for key in ("start_date", "end_date"):
        if key in form and form[key]:
            form[key] = form[key].isoformat()
    budgets = entity.budgets
    form["budget"] = format_money(budgets.budget, grouping=False) if budgets.budget else ""
    form["time_budget"] = format_duration(budgets.time_budget) if budgets.time_budget else ""
    form["budget_type"] = budgets.budget_type or "lifetime"
    form["meta"] = dict(entity.meta)
    return form


def form_values(ctx: Context, kind: str, form: dict[str, Any], entity=None
                ) -> tuple[dict[str, Any], dict[str, str]]:
    """Typed values and custom-field values from a form; for an existing entity only what
    changed. Every invalid field is reported at once in one ValidationError."""
    errors: dict[str, list[str]] = {}
    values: dict[str, Any] = {}
    # A field that still holds the entity's own text is not parsed again: parsing normalises
    # (strips), and a form that was only opened and saved must change nothing.
    opened = initial_form(ctx, kind, entity) if entity is not None else {}

    def attempt(key: str, parse) -> None:
        if key in opened and form.get(key) == opened[key]:
            return
        try:
            values[key] = parse()
        except KimaiError as exc:
            for name, message in exc.lines():
                errors.setdefault(name or field_id(key), []).append(message)

    attempt("name", lambda: inputs.parse_text(form["name"], "name", max_length=150,
                                              required=True))
    for key, limit in TEXT_FIELDS[kind].items():
        attempt(key, lambda k=key, n=limit: inputs.parse_text(form[k], field_id(k), n))
    attempt("color", lambda: inputs.parse_color(form["color"]))
    values["visible"] = bool(form["visible"])
    values["billable"] = bool(form["billable"])
    attempt("budget", lambda: None if not form["budget"].strip()
            else inputs.parse_budget(form["budget"]))
    attempt("time_budget", lambda: None if not form["time_budget"].strip()
            else inputs.parse_time_budget(form["time_budget"]))
    values["budget_type"] = form["budget_type"] if form["budget_type"] in (
        "lifetime", "month") else "lifetime"
    if kind == "customer":
        attempt("currency", lambda: inputs.parse_currency(form["currency"]))
        attempt("timezone", lambda: inputs.parse_timezone(form["timezone"]))
    if kind == "project":
        if form.get("customer") is None:
            errors.setdefault("customer", []).append("choose a customer")
        else:
            values["customer"] = form["customer"]
        for key, name in (("start_date", "start"), ("end_date", "end")):
            attempt(key, lambda k=key, n=name: None if not form[k].strip()
                    else inputs.parse_date(form[k], n))
        values["global_activities"] = bool(form["global_activities"])
    if kind == "activity":
        values["project"] = form.get("project")
    meta = _meta(ctx, kind, form.get("meta", {}), errors, opened.get("meta", {}))
    email = values.get("email")
    if email and "email" not in errors and email != getattr(entity, "email", None):
        # Said with the other fields' messages, not only after they are fixed (the service
        # checks it again on save: kimai_tui.codes via validation.check_new_texts).
        from kimai_tui.codes import email_problem

        problem = email_problem(email)
        if problem:
            errors["email"] = [problem]
    if errors:
        raise ValidationError(errors)
    if entity is not None:
        current = initial_values(kind, entity)
        values = {k: v for k, v in values.items() if current.get(k, object()) != v}
        meta = {k: v for k, v in meta.items() if entity.meta.get(k, "") != v}
    return values, meta


def _meta(ctx: Context, kind: str, given: dict[str, Any], errors: dict,
          opened: dict[str, str]) -> dict[str, str]:
    """The custom fields given, parsed; one still holding its stored text is left out."""
    out: dict[str, str] = {}
    for custom in ctx.settings.custom_fields.for_kind(kind):
        raw = given.get(custom.name, "")
        if custom.name in opened and raw == opened[custom.name]:
            continue
        if isinstance(raw, bool):
            raw = "yes" if raw else "no"
        try:
            out.update(inputs.parse_meta([f"{custom.name}={raw}"], (custom,), kind))
        except KimaiError as exc:
            errors.setdefault(f"meta-{custom.name}", []).extend(m for _, m in exc.lines())
    return out


def initial_values(kind: str, entity) -> dict[str, Any]:
    """An entity's current column values, keyed as `values` dicts are."""
    out = {k: getattr(entity, k) for k in entity.__dataclass_fields__
           if k not in ("budgets", "meta", "id", "customer_id", "project_id")}
    if kind == "project":
        out["customer"] = entity.customer_id
    if kind == "activity":
        out["project"] = entity.project_id
    out["budget"] = entity.budgets.budget or None
    out["time_budget"] = entity.budgets.time_budget or None
    out["budget_type"] = entity.budgets.budget_type or "lifetime"
    return out


def save(ctx: Context, kind: str, form: dict[str, Any], entity=None,
         expected_version: int | None = None):
    """Parse and create or update, in the calling worker; raises ValidationError etc.
    EXPECTED_VERSION: the version the editor opened (Conflict if it changed since)."""
    values, meta = form_values(ctx, kind, form, entity)
    if entity is None:
        return catalogue.create(ctx, kind, values, meta)
    if not values and not meta:
        return entity
    return catalogue.update(ctx, kind, entity.id, values, meta, expected_version)


# -- listing ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Row:
    entity: Any
    color: str
    parent: str  # project's customer; activity's project ("global" for none)
    usage: dict = field(default_factory=dict)  # catalogue.budget_fields(): {} when not theirs


def rows(ctx: Context, kind: str, visible: str, search_text: str) -> list[Row]:
    """The listing with parents, inherited colours and budget usage (PermissionDenied when the
    user may not list this kind)."""
    search = parse_search(search_text) if search_text.strip() else None
    found = catalogue.listing(ctx, kind, visible, search)
    budgets = catalogue.budget_reader(ctx)
    customers = {c.id: c for c in _all(ctx, "customer")} if kind != "customer" else {}
    projects = {p.id: p for p in _all(ctx, "project")} if kind == "activity" else {}
    out = []
    for entity in found:
        parent, colors = "", [entity.color]
        if kind == "project":
            customer = customers.get(entity.customer_id)
            parent = customer.name if customer else ""
            colors.append(customer.color if customer else None)
        if kind == "activity":
            project = projects.get(entity.project_id)
            if entity.project_id is None:
                parent = "global"
            elif project is not None:
                customer = customers.get(project.customer_id)
                parent = project.name
                colors += [project.color, customer.color if customer else None]
        usage = budgets(kind, entity)
        color = next((c for c in colors if c), DEFAULT_COLOR)
        out.append(Row(entity, color, parent, usage))
    return out


def _all(ctx: Context, kind: str) -> list:
    return catalogue.usable(ctx, kind, "both")


def parents(ctx: Context, kind: str, include_hidden_id: int | None = None) -> list[tuple[str, int]]:
    """Options of the parent Select: customers for a project, projects for an activity (each
    labelled "customer / project"). Hidden parents are offered only when already chosen."""
    if kind == "project":
        return [(c.name, c.id) for c in _all(ctx, "customer")
                if c.visible or c.id == include_hidden_id]
    if kind == "activity":
        customers = {c.id: c for c in _all(ctx, "customer")}
        visible = {p.id for p in catalogue.usable(ctx, "project", "yes")}
        out = []
        for project in _all(ctx, "project"):
            if project.id in visible or project.id == include_hidden_id:
                customer = customers.get(project.customer_id)
                out.append((f"{customer.name if customer else '?'} / {project.name}",
                            project.id))
        return out
    return []


def details(ctx: Context, kind: str, entity_id: int) -> dict:
    """Statistics (records, duration, amount) and budget usage, for the detail view."""
    return catalogue.statistics(ctx, kind, entity_id)


def hiding_effect(ctx: Context, kind: str, entity) -> str:
    """What toggling an entry's visibility off will hide (rules.md §Visibility)."""
    from kimai_tui.data import catalogue as catalogue_repo

    name = entity.name
    if kind == "customer":
        count = catalogue_repo.child_count("customer", entity.id)
        return (f"Hiding customer {name} hides its {count} projects and their activities "
                "from every picker; existing records keep them.")
    if kind == "project":
        count = catalogue_repo.child_count("project", entity.id)
        return (f"Hiding project {name} hides it and its {count} activities from every "
                "picker; existing records keep them.")
    return f"Hiding activity {name} hides it from every picker; existing records keep it."


# -- deleting ---------------------------------------------------------------------------------


def replacements(ctx: Context, kind: str, entity) -> list[tuple[str, int]]:
    """Valid replacements (rules.md §Deleting): any other customer in the same currency;
    another project of the same
    customer; another activity usable on the same project (same project or global; a global
    activity only by another global one)."""
    found = [e for e in _all(ctx, kind) if e.id != entity.id]
    if kind == "customer":  # never across currencies (catalogue_delete.currency_conflict)
        found = [c for c in found if c.currency.upper() == entity.currency.upper()]
    if kind == "project":
        found = [p for p in found if p.customer_id == entity.customer_id]
    if kind == "activity":
        if entity.project_id is None:
            found = [a for a in found if a.project_id is None]
        else:
            found = [a for a in found if a.project_id in (None, entity.project_id)]
        return [(f"{a.name}{' (global)' if a.project_id is None else ''}", a.id) for a in found]
    return [(e.name, e.id) for e in found]


# -- prices -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class PriceRow:
    rule_id: int
    user_id: int | None
    user: str  # "everyone" for the catch-all
    rule: PriceRule


def price_rows(ctx: Context, kind: str, entity_id: int) -> list[PriceRow]:
    """The price rules with user names; PermissionDenied when prices are not for this user."""
    from kimai_tui.services import users

    found = catalogue.rates(ctx, kind, entity_id)
    names = {u.id: u.display_name for u in users.listing(ctx)}
    out = [PriceRow(rid, uid, names.get(uid, f"user #{uid}") if uid else "everyone", rule)
           for rid, uid, rule in found]
    return sorted(out, key=lambda r: (r.user_id is not None, r.user.lower()))


def price_users(ctx: Context) -> list[tuple[str, int]]:
    from kimai_tui.services import users

    return [(u.display_name if u.display_name == u.username
             else f"{u.display_name} ({u.username})", u.id) for u in users.listing(ctx)]


def save_price(ctx: Context, kind: str, entity_id: int, user_id: int | None, price: str,
               internal: str, fixed: bool) -> int:
    errors: dict[str, list[str]] = {}
    rate = internal_rate = None
    try:
        rate = parse_money(price, "rate")
    except ValidationError as exc:
        errors.update(exc.errors)
    if internal.strip():
        try:
            internal_rate = parse_money(internal, "internal-rate")
        except ValidationError as exc:
            errors.update(exc.errors)
    if errors:
        raise ValidationError(errors)
    return catalogue.set_rate(ctx, kind, entity_id, user_id, rate, internal_rate, fixed)


def money_text(value: Decimal | None) -> str:
    return "" if value is None else format_money(value)
