"""Catalogue commands: customer, project, activity (add/edit/list/show/delete) and rate."""

from __future__ import annotations

from kimai_tui.cli import names, output
from kimai_tui.rules.durations import format_duration
from kimai_tui.rules.errors import UsageError
from kimai_tui.rules.rates import parse_money
from kimai_tui.rules.search import parse_search
from kimai_tui.services import catalogue, inputs
from kimai_tui.services.context import Context
from kimai_tui.rules.money import format_money

_LOOKUP = {"customer": names.customer, "project": names.project, "activity": names.activity}


def _values(ctx: Context, kind: str, args, creating: bool) -> tuple[dict, dict]:
    """Typed column values and custom-field values from the options given."""
    values: dict = {}
    name = getattr(args, "name", None)
    if name is not None:
        values["name"] = inputs.parse_text(name, "name", max_length=150, required=True)
    simple = {"number": 50, "comment": 65_535}
    if kind == "customer":
        simple.update({"company": 255, "vat_id": 50, "contact": 255, "email": 255, "phone": 50,
                       "address": 65_535})
    if kind == "project":
        simple["order_number"] = 50
    for key, limit in simple.items():
        raw = getattr(args, key, None)
        if raw is not None:
            values[key] = inputs.parse_text(raw, key.replace("_", "-"), max_length=limit)
    if args.color is not None:
        values["color"] = inputs.parse_color(args.color)
    for flag in ("billable", "visible"):
        raw = getattr(args, flag, None)
        if raw is not None:
            values[flag] = raw == "yes"
    if args.budget is not None:
        values["budget"] = None if args.budget.strip() == "" else inputs.parse_budget(args.budget)
    if args.time_budget is not None:
        values["time_budget"] = (None if args.time_budget.strip() == ""
                                 else inputs.parse_time_budget(args.time_budget))
    if args.budget_type is not None:
        values["budget_type"] = args.budget_type
    if kind == "customer":
        defaults = ctx.settings.kimai.defaults.customer
        if args.currency is not None:
            values["currency"] = inputs.parse_currency(args.currency)
        elif creating:
            values["currency"] = defaults.currency
        if args.timezone is not None:
            values["timezone"] = inputs.parse_timezone(args.timezone)
        elif creating:
            values["timezone"] = defaults.timezone
        if creating and "color" not in values and defaults.color:
            values["color"] = defaults.color
    if kind == "project":
        if args.customer is not None:
            values["customer"] = names.customer(ctx, args.customer).id
        elif creating:
            raise UsageError("--customer is required", "customer")
        for key, attr in (("start_date", "start"), ("end_date", "end")):
            raw = getattr(args, attr)
            if raw is not None:
                values[key] = None if raw.strip() == "" else inputs.parse_date(raw, attr)
        if args.global_activities is not None:
            values["global_activities"] = args.global_activities == "yes"
    if kind == "activity" and args.project is not None:
        values["project"] = names.project(ctx, args.project).id
    meta = inputs.parse_meta(args.meta, ctx.settings.custom_fields.for_kind(kind), kind)
    return values, meta


def entity_json(entity, figures: dict) -> dict:
    """An entry's fields with `figures`: its statistics or catalogue.budget_fields, which
    hold the budget fields only where the acting user may see them."""
    data = {k: getattr(entity, k) for k in entity.__dataclass_fields__ if k != "budgets"}
    data.update({k: v for k, v in figures.items() if not k.endswith("_status")})
    if "budget_history" in data:
        data["budget_history"] = [_history_json(entry) for entry in data["budget_history"]]
    return data


def _history_json(entry: dict) -> dict:
    """A month of budget history as plain values: the month's figures and, per budget, what
    counts against it (`*_used`) and the share in percent."""
    out = {k: v for k, v in entry.items() if not k.endswith("_status")}
    for key in ("budget", "time_budget"):
        status = entry.get(f"{key}_status")
        if status is not None:
            out[f"{key}_used"], out[f"{key}_percent"] = status.used, status.percent
    return out


def _print_entities(session, ctx: Context, kind: str, entities: list) -> None:
    budgets = catalogue.budget_reader(ctx)
    if getattr(session.args, "json", False):
        output.print_json([entity_json(e, budgets(kind, e)) for e in entities])
        return
    headers = ["id", "name", "number", "visible", "billable", "budget"]
    if kind == "customer":
        headers.insert(3, "currency")
    if kind == "project":
        headers.insert(2, "customer")
    rows = []
    for entity in entities:
        row = [entity.id, entity.name, entity.number, entity.visible, entity.billable,
               _budget_text(entity, budgets(kind, entity))]
        if kind == "customer":
            row.insert(3, entity.currency)
        if kind == "project":
            row.insert(2, catalogue.get(ctx, "customer", entity.customer_id).name)
        rows.append(row)
    output.print_table(headers, rows)


def _budget_text(entity, usage: dict) -> str:
    parts = []
    if "budget_status" in usage:
        s = usage["budget_status"]
        used, total = (format_money(v, grouping=False) for v in (s.used, s.total))
        parts.append(f"{used}/{total} ({s.percent}%)")
    if "time_budget_status" in usage:
        s = usage["time_budget_status"]
        parts.append(f"{format_duration(s.used)}/{format_duration(s.total)} ({s.percent}%)")
    suffix = " this month" if entity.budgets.budget_type == "month" and parts else ""
    return ", ".join(parts) + suffix


def run(session) -> int:
    args = session.args
    kind = args.command
    ctx = session.context()
    action = args.action
    if action == "add":
        values, meta = _values(ctx, kind, args, creating=True)
        entity = catalogue.create(ctx, kind, values, meta)
        _print_one(session, ctx, kind, entity)
    elif action == "edit":
        entity = _LOOKUP[kind](ctx, args.target)
        values, meta = _values(ctx, kind, args, creating=False)
        entity = catalogue.update(ctx, kind, entity.id, values, meta)
        _print_one(session, ctx, kind, entity)
    elif action == "list":
        parent_id = None
        if kind == "project" and args.customer is not None:
            parent_id = names.customer(ctx, args.customer).id
        if kind == "activity" and args.project is not None:
            parent_id = names.project(ctx, args.project).id
        search = parse_search(args.search) if args.search else None
        _print_entities(session, ctx, kind,
                        catalogue.listing(ctx, kind, args.visible, search, parent_id))
    elif action == "show":
        entity = _LOOKUP[kind](ctx, args.target)
        _print_one(session, ctx, kind, entity, catalogue.statistics(ctx, kind, entity.id))
    elif action == "delete":
        from kimai_tui.cli.delete_cmd import delete_entity

        return delete_entity(session, ctx, kind, _LOOKUP[kind](ctx, args.target))
    return 0


def _print_one(session, ctx: Context, kind: str, entity, stats: dict | None = None) -> None:
    data = entity_json(entity, stats if stats is not None
                       else catalogue.budget_fields(ctx, kind, entity))
    if getattr(session.args, "json", False):
        output.print_json(data)
        return
    history = data.pop("budget_history", None)
    rows = [(key, _show_value(key, value)) for key, value in data.items()
            if value not in (None, "", {}) or key in ("name", "visible")]
    output.print_table(["field", "value"], rows, max_width=80)
    if history:
        _print_history(history)


def _print_history(history: list[dict]) -> None:
    """The budget use of the last twelve months, a row per month (services/budget_history)."""
    headers, columns = ["month"], []
    if "time_budget_used" in history[0]:
        headers += ["time used", "of budget"]
        columns.append(lambda m: (format_duration(m["time_budget_used"]),
                                  f"{m['time_budget_percent']}%"))
    if "budget_used" in history[0]:
        headers += ["money used", "of budget"]
        columns.append(lambda m: (f"{m['budget_used']:,.2f}", f"{m['budget_percent']}%"))
    rows = [[m["month"], *[cell for column in columns for cell in column(m)]] for m in history]
    print()
    output.print_table(headers, rows)


def _show_value(key: str, value) -> str:
    if key in ("duration", "time_budget", "time_budget_used") and isinstance(value, int):
        return format_duration(value)
    if isinstance(value, dict):
        return ", ".join(f"{k}={v}" for k, v in value.items())
    if isinstance(value, list) and value and isinstance(value[0], dict):
        return "; ".join(_budget_line(item) for item in value)
    return output._cell(value)


def rate(session) -> int:
    args = session.args
    ctx = session.context()
    kind = next(k for k in ("customer", "project", "activity") if getattr(args, k) is not None)
    entity = _LOOKUP[kind](ctx, getattr(args, kind))
    user_id = None
    if getattr(args, "user", None):
        user_id = names.user(ctx, args.user).id
    if args.action == "add":
        internal = None if args.internal_rate is None else parse_money(args.internal_rate,
                                                                      "internal-rate")
        catalogue.set_rate(ctx, kind, entity.id, user_id, parse_money(args.rate, "rate"),
                           internal, args.fixed)
    elif args.action == "delete":
        catalogue.delete_rate(ctx, kind, entity.id, user_id)
    rules = catalogue.rates(ctx, kind, entity.id)
    usernames = {u.id: u.username for u in _users(ctx)}
    data = [{"id": rid, "user": usernames.get(uid) if uid else None, "rate": r.price,
             "internal_rate": r.internal_price, "fixed": r.fixed} for rid, uid, r in rules]
    if getattr(args, "json", False):
        output.print_json(data)
    else:
        output.print_table(["id", "user", "rate", "internal rate", "fixed"],
                           [[d["id"], d["user"] or "(everyone)", d["rate"], d["internal_rate"],
                             d["fixed"]] for d in data])
    return 0


def _users(ctx: Context):
    from kimai_tui.services import users

    return users.listing(ctx)


def tag(session) -> int:
    from kimai_tui.services import tags

    args = session.args
    ctx = session.context()
    if args.action == "add":
        tags.add(ctx, args.name)
    elif args.action == "delete":
        tags.delete(ctx, args.name)
    found = tags.listing(ctx)
    if getattr(args, "json", False):
        output.print_json(found)
    else:
        output.print_table(["tag", "records"], [[t["name"], t["records"]] for t in found])
    return 0


def _budget_line(item: dict) -> str:
    """One child's budget usage for `show`: "Kaesim SLA IT Support: 28:00 of 20:00 (month)"."""
    parts = []
    if item.get("time_budget"):
        parts.append(f"{format_duration(item.get('time_budget_used', 0))} of "
                     f"{format_duration(item['time_budget'])}")
    if item.get("budget"):
        used, total = (format_money(v, grouping=False)
                       for v in (item.get("budget_used", 0), item["budget"]))
        parts.append(f"{used} of {total}")
    period = " this month" if item.get("budget_type") == "month" else ""
    return f"{item['name']}: {', '.join(parts)}{period}"
