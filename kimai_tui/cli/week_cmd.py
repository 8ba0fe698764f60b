"""`kimai-tui week [show|set]`: Kimai's weekly hours as a table or JSON, and setting one day
of a row (services/week_grid.py does both, as the TUI's grid does)."""

from __future__ import annotations

from kimai_tui.cli import names, output
from kimai_tui.rules.durations import format_duration, parse_duration
from kimai_tui.rules.errors import UsageError
from kimai_tui.services import inputs, report_kinds, week_grid
from kimai_tui.services.serialize import money_json


def week(session) -> int:
    ctx, args = session.context(), session.args
    user_id = names.user(ctx, args.user).id if args.user else ctx.user.id
    if args.action == "set":
        return _set(session, ctx, args, user_id)
    day = (report_kinds.parse_span(args.week).first if args.week
           else ctx.now().astimezone(ctx.tz).date())
    _print(session, week_grid.grid(ctx, user_id, day))
    return 0


def _set(session, ctx, args, user_id: int) -> int:
    missing = [f"--{n}" for n in ("project", "activity", "day", "duration")
               if getattr(args, n) is None]
    if missing:
        raise UsageError(f"week set needs {', '.join(missing)}", missing[0].lstrip("-"))
    customer_id = names.customer(ctx, args.customer).id if args.customer else None
    project = names.project(ctx, args.project, customer_id)
    activity = names.activity(ctx, args.activity, project.id)
    day = inputs.parse_date(args.day, "day")
    seconds = parse_duration(args.duration)
    week_grid.set_cell(ctx, user_id, project.id, activity.id, args.description.strip(), day,
                       seconds)
    _print(session, week_grid.grid(ctx, user_id, day))
    return 0


def _print(session, grid: week_grid.WeekGrid) -> None:
    if getattr(session.args, "json", False):
        output.print_json({
            "user": grid.user.username, "days": [d.isoformat() for d in grid.days],
            "rows": [{"customer": r.customer, "project": r.project, "activity": r.activity,
                      "description": r.description, "days": [c[0] for c in r.cells],
                      "records": [c[1] for c in r.cells], "duration": r.seconds,
                      **({"amount": money_json(r.amount), "currency": r.currency}
                         if grid.with_amounts else {}),
                      **({"budget_left": r.budget_left} if r.budget_left else {})}
                     for r in grid.rows],
            "totals": grid.day_totals(), "duration": grid.seconds})
        return
    print(f"{grid.user.username} · week of {grid.days[0]:%a %Y-%m-%d}")
    headers = ["project", "activity", "description", *[f"{d:%a %d}" for d in grid.days],
               "total"]
    rows = [[r.project, r.activity, r.description,
             *[format_duration(c[0]) if c[0] else "" for c in r.cells],
             format_duration(r.seconds)] for r in grid.rows]
    rows.append(["total", "", "", *[format_duration(s) if s else "" for s in grid.day_totals()],
                 format_duration(grid.seconds)])
    output.print_table(headers, rows, max_width=30)
