"""`user add|edit|list|show`."""

from __future__ import annotations

from kimai_tui.cli import names, output
from kimai_tui.rules import permissions
from kimai_tui.rules.errors import UsageError
from kimai_tui.rules.rates import parse_money
from kimai_tui.services import inputs, users
from kimai_tui.services.context import Context


def _values(ctx: Context, args, creating: bool) -> tuple[dict, list[int] | None]:
    values: dict = {}
    if creating:
        values["username"] = inputs.parse_username(args.username)
        defaults = ctx.settings.kimai.defaults.user
        values["timezone"] = defaults.timezone
        values["time_format"] = defaults.time_format
        if defaults.hourly_rate not in ("0", "0.0", ""):
            values["hourly_rate"] = parse_money(defaults.hourly_rate, "hourly-rate")
    elif args.new_username is not None:
        values["username"] = inputs.parse_username(args.new_username)
    for key, limit in (("alias", 180), ("email", 180), ("staff_number", 60)):
        raw = getattr(args, key)
        if raw is not None:
            values[key] = inputs.parse_text(raw, key.replace("_", "-"), max_length=limit)
    if args.timezone is not None:
        values["timezone"] = inputs.parse_timezone(args.timezone)
    if args.time_format is not None:
        if args.time_format not in ("12h", "24h"):
            raise UsageError(f'"{args.time_format}" is not a time format (use 12h or 24h)',
                             "time-format")
        values["time_format"] = args.time_format
    if getattr(args, "decimal_hours", None) is not None:
        values["decimal_hours"] = args.decimal_hours == "yes"
    for key in ("hourly_rate", "internal_rate"):
        raw = getattr(args, key)
        if raw is not None:
            values[key] = None if raw.strip() == "" else parse_money(raw, key.replace("_", "-"))
    if args.role:
        roles = []
        for text in args.role:
            role = permissions.normalize_role(text)
            if role not in roles:
                roles.append(role)
        values["roles"] = ",".join(roles)
    elif creating:
        values["roles"] = "ROLE_USER"
    if getattr(args, "disable", False):
        values["enabled"] = False
    if getattr(args, "enable", False):
        values["enabled"] = True
    customer_ids = None
    if args.customer:
        customer_ids = [names.customer(ctx, c).id for c in args.customer]
    return values, customer_ids


def user(session) -> int:
    args = session.args
    ctx = session.context()
    if args.action == "add":
        values, customer_ids = _values(ctx, args, creating=True)
        found = [users.create(ctx, values, customer_ids)]
    elif args.action == "edit":
        target = names.user(ctx, args.username)
        values, customer_ids = _values(ctx, args, creating=False)
        found = [users.update(ctx, target.id, values, customer_ids)]
    elif args.action == "show":
        found = [names.user(ctx, args.username)]
    else:
        found = users.listing(ctx)
    if getattr(args, "json", False):
        data = [users.profile(ctx, u) for u in found]
        output.print_json(data if args.action == "list" else data[0])
    else:
        output.print_table(
            ["id", "username", "alias", "roles", "timezone", "time format", "decimal hours",
             "enabled"],
            [[u.id, u.username, u.alias, ",".join(u.roles), u.timezone, u.time_format,
              u.decimal_hours, u.enabled] for u in found])
    return 0


def team(session) -> int:
    from kimai_tui.services import teams

    args = session.args
    ctx = session.context()
    if args.action in ("add", "edit"):
        def ids(values, resolve):
            return None if not values else [resolve(ctx, v).id for v in values]

        leads = ids(args.lead, names.user)
        members = ids(args.member, names.user)
        customers = ids(args.customer, names.customer)
        projects = ids(args.project, names.project)
        activities = ids(args.activity, names.activity)
        if args.action == "add":
            result = teams.save(ctx, None, args.name, leads, members, customers, projects,
                                activities)
        else:
            current = teams.find(ctx, args.name)
            result = teams.save(ctx, current["id"], args.new_name, leads, members, customers,
                                projects, activities)
        found = [result]
    elif args.action == "delete":
        found = [teams.delete(ctx, teams.find(ctx, args.name)["id"])]
    elif args.action == "show":
        found = [teams.find(ctx, args.name)]
    else:
        found = teams.listing(ctx)
    if getattr(args, "json", False):
        output.print_json(found if args.action == "list" else found[0])
    else:
        output.print_table(["id", "name", "leads", "members", "customers", "projects",
                            "activities"],
                           [[t["id"], t["name"], ", ".join(t["leads"]), ", ".join(t["members"]),
                             _ids(t["customers"]), _ids(t["projects"]), _ids(t["activities"])]
                            for t in found], max_width=60)
    return 0


def _ids(values: list[int]) -> str:
    return ", ".join(f"#{v}" for v in values)
