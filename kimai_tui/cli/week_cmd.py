"""`kimai-tui week [show|set]`: Kimai's weekly hours as a table or JSON, and setting one day
of a row (services/week_grid.py does both, as the TUI's grid does)."""

from __future__ import annotations

from kimai_tui.cli import names, output
from kimai_tui.rules.durations import format_duration
from kimai_tui.rules.errors import UsageError
from kimai_tui.services import approvals, inputs, report_kinds, week_grid
from kimai_tui.services.serialize import money_json


def week(session) -> int:
    ctx, args = session.context(), session.args
    user_id = names.user(ctx, args.user).id if args.user else ctx.user.id
    if args.action == "set":
        return _set(session, ctx, args, user_id)
    day = (report_kinds.parse_span(args.week).first if args.week
           else ctx.now().astimezone(ctx.tz).date())
    if args.action == "status":
        return _status(session, ctx, args, day)
    if args.action in ("submit", "approve", "reject", "reopen"):
        if args.action == "submit" and args.user:
            raise UsageError("you submit your own week (no --user)", "user")
        if args.action != "submit" and not args.user:
            raise UsageError(f"week {args.action} needs --user", "user")
        move = {"submit": lambda: approvals.submit(ctx, day, args.comment),
                "approve": lambda: approvals.approve(ctx, user_id, day, args.comment),
                "reject": lambda: approvals.reject(ctx, user_id, day, args.comment),
                "reopen": lambda: approvals.reopen(ctx, user_id, day, args.comment)}
        _print_state(session, move[args.action]())
        return 0
    _print(session, week_grid.grid(ctx, user_id, day))
    state = approvals.status_of(ctx, user_id, day)
    if not getattr(args, "json", False):
        print(f"approval: {approvals.describe(state)}")
    return 0


def _status(session, ctx, args, day) -> int:
    from kimai_tui.services import review

    user_ids = review.reviewed_users(ctx, args.team)
    found = approvals.overview(ctx, user_ids, [day])
    if getattr(args, "json", False):
        output.print_json([{"user": s.username, "week": s.week.isoformat(), "status": s.status}
                           for s in found])
        return 0
    output.print_table(["user", "week", "status"],
                       [(s.username, f"{s.week:%Y-%m-%d}", s.status) for s in found])
    return 0


def _print_state(session, state) -> None:
    if getattr(session.args, "json", False):
        output.print_json({"user": state.username, "week": state.week.isoformat(),
                           "status": state.status,
                           "history": [{"status": s, "by": who, "at": at.isoformat(),
                                        "comment": c} for s, who, at, c in state.history]})
        return
    print(f"{state.username} · week of {state.week:%a %Y-%m-%d}: {state.status}")
    output.print_table(["status", "by", "at (UTC)", "comment"],
                       [(s, who, f"{at:%Y-%m-%d %H:%M}", c) for s, who, at, c in state.history],
                       max_width=60)


def _set(session, ctx, args, user_id: int) -> int:
    missing = [f"--{n}" for n in ("project", "activity", "day", "duration")
               if getattr(args, n) is None]
    if missing:
        raise UsageError(f"week set needs {', '.join(missing)}", missing[0].lstrip("-"))
    customer_id = names.customer(ctx, args.customer).id if args.customer else None
    project = names.project(ctx, args.project, customer_id)
    activity = names.activity(ctx, args.activity, project.id)
    day = inputs.parse_date(args.day, "day")
    seconds = week_grid.parse_cell(args.duration)
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
