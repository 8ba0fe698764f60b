"""`kimai-tui report user|users|project|customer`: Kimai's standard reports as tables or
JSON (services/report_kinds.py computes them)."""

from __future__ import annotations

from kimai_tui.cli import names, output
from kimai_tui.rules.durations import format_duration
from kimai_tui.rules.errors import UsageError
from kimai_tui.services import report_kinds
from kimai_tui.services.serialize import money_json
from kimai_tui.rules.money import format_money


def run(session) -> int:
    ctx, args = session.context(), session.args
    # --decimal, or the user's own preference for decimal hours.
    hours = _hours(args.decimal or ctx.user.decimal_hours)
    if args.kind in ("user", "users"):
        chosen = [v for v in (args.week, args.month, args.year) if v]
        if len(chosen) > 1 or args.date_from or args.date_to:
            raise UsageError("give one of --week, --month or --year", "period")
        today = ctx.now().astimezone(ctx.tz).date()
        span = report_kinds.parse_span(chosen[0]) if chosen else report_kinds.span(
            "month", today)
        if args.kind == "user":
            user_id = names.user(ctx, args.user).id if args.user else None
            grid = report_kinds.user_report(ctx, span, user_id, args.by)
        else:
            grid = report_kinds.users_report(ctx, span)
        _print_grid(session, grid, hours)
        return 0
    if args.kind == "project":
        if not args.project:
            raise UsageError("a project report needs --project", "project")
        customer_id = names.customer(ctx, args.customer).id if args.customer else None
        details = report_kinds.project_details(
            ctx, names.project(ctx, args.project, customer_id).id)
    else:
        if not args.customer:
            raise UsageError("a customer report needs --customer", "customer")
        details = report_kinds.customer_details(ctx, names.customer(ctx, args.customer).id)
    _print_details(session, details, hours)
    return 0


def _hours(decimal: bool):
    return (lambda s: f"{s / 3600:.2f}") if decimal else format_duration


def _print_grid(session, grid: report_kinds.Grid, hours) -> None:
    totals = grid.column_totals()
    if getattr(session.args, "json", False):
        output.print_json({
            "title": grid.title, "columns": [label for _, label in grid.columns],
            "rows": [{"label": r.label, "cells": [r.cells.get(k, 0) for k, _ in grid.columns],
                      "duration": r.seconds,
                      **({"currency": r.currency, "amount": money_json(r.amount)}
                         if grid.with_amounts else {})} for r in grid.rows],
            "totals": [totals.get(k, 0) for k, _ in grid.columns], "duration": grid.seconds,
            **({"amounts": {c: money_json(a) for c, a in grid.amounts().items()}}
               if grid.with_amounts else {})})
        return
    headers = [""] + [label for _, label in grid.columns] + ["total"]
    headers += ["amount"] if grid.with_amounts else []
    rows = []
    for row in grid.rows:
        line = [row.label] + [hours(row.cells[k]) if row.cells.get(k) else ""
                              for k, _ in grid.columns] + [hours(row.seconds)]
        rows.append(line + ([format_money(row.amount, row.currency)] if grid.with_amounts else []))
    total = ["total"] + [hours(totals[k]) if totals.get(k) else "" for k, _ in grid.columns]
    total.append(hours(grid.seconds))
    amounts = grid.amounts()
    rows.append(total + ([", ".join(f"{format_money(a)} {c}" for c, a in amounts.items())]
                         if grid.with_amounts else []))
    print(output.inert(grid.title))
    output.print_table(headers, rows, max_width=400)


def _print_details(session, details: report_kinds.Details, hours) -> None:
    if getattr(session.args, "json", False):
        output.print_json({
            "name": details.name, "currency": details.currency,
            "last_record": details.last_day.isoformat() if details.last_day else None,
            "budget": {k: (money_json(v) if hasattr(v, "quantize") else v)
                       for k, v in details.budget.items() if not hasattr(v, "status")},
            "months": [{"month": label, "duration": seconds,
                        **({"amount": money_json(amount)} if amount is not None else {})}
                       for _, label, seconds, amount in details.months],
            "by": {kind: [{"label": r.label, "duration": r.seconds} for r in grid.rows]
                   for kind, grid in details.by.items()},
            "projects": [{k: (money_json(v) if hasattr(v, "quantize") else v)
                          for k, v in p.items() if not hasattr(v, "status")}
                         for p in details.projects]})
        return
    last = details.last_day.isoformat() if details.last_day else "none"
    print(output.inert(f"{details.name} · last record {last}"))
    if details.budget:
        print(output.inert(_budget_line(details.budget, details.currency)))
    output.print_table(["month", "duration", "amount"],
                       [[label, hours(seconds), f"{format_money(amount)} {details.currency}"
                         if amount is not None else ""]
                        for _, label, seconds, amount in details.months])
    for kind, grid in details.by.items():
        print(f"by {kind}")
        output.print_table([kind, "duration"], [[r.label, hours(r.seconds)] for r in grid.rows])
    if details.projects:
        output.print_table(["project", "budget", "used", "left"],
                           [[p["name"], *_budget_cells(p, details.currency)]
                            for p in details.projects])


def _budget_line(budget: dict, currency: str) -> str:
    budget_cells = _budget_cells(budget, currency)
    return f"budget {budget_cells[0]} · used {budget_cells[1]} · left {budget_cells[2]}"


def _budget_cells(budget: dict, currency: str) -> list[str]:
    if budget.get("time_budget"):
        total, used = budget["time_budget"], budget.get("time_budget_used", 0)
        return [format_duration(total), format_duration(used),
                format_duration(max(total - used, 0))]
    if budget.get("budget") is not None:
        total, used = budget["budget"], budget.get("budget_used", 0)
        return [f"{format_money(total)} {currency}", f"{format_money(used)} {currency}",
                f"{format_money(max(total - used, 0))} {currency}"]
    return ["", "", ""]
