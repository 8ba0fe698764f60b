"""`kimai-tui report`: records, time and amounts per customer and project for a period."""

from __future__ import annotations

from kimai_tui.cli import output
from kimai_tui.cli.record_reads import build_filter
from kimai_tui.rules.display import format_hours
from kimai_tui.rules.errors import UsageError
from kimai_tui.services import reports
from kimai_tui.services.serialize import money_json
from kimai_tui.rules.money import format_money


def report(session) -> int:
    args = session.args
    if args.kind != "projects":
        from kimai_tui.cli import report_kinds_cmd

        return report_kinds_cmd.run(session)
    ctx = session.context()
    if args.month is not None and (args.date_from is not None or args.date_to is not None):
        raise UsageError("give --month or --from/--to, not both", "month")
    flt = build_filter(ctx, args)
    if args.date_from is None and args.date_to is None:
        if args.month is not None:
            year, month = reports.parse_month(args.month)
        else:
            today = ctx.now().astimezone(ctx.tz)
            year, month = today.year, today.month
        flt.begin_from, flt.begin_to = reports.month_range(ctx, year, month)
    result = reports.by_project(ctx, flt, all_users=args.all_users)
    if getattr(args, "json", False):
        output.print_json(_as_json(result))
        return 0
    headers = ["customer", "project", "records", "duration"]
    if result.with_amounts:
        headers += ["amount", "billable"]
    rows = []
    decimal = ctx.user.decimal_hours  # the user's preference
    for line in result.lines:
        row = [line.customer, line.project, line.count, format_hours(line.seconds, decimal)]
        if result.with_amounts:
            row += [f"{format_money(line.amount, grouping=False)} {line.currency}",
                    f"{format_money(line.billable_amount, grouping=False)} {line.currency}"]
        rows.append(row)
    total = ["total", "", result.count, format_hours(result.seconds, decimal)]
    amounts = result.amounts() or {"": None}
    for currency, sums in amounts.items():  # one line per currency; counts on the first
        rows.append(total + ([format_money(sums[0], currency, grouping=False),
                               format_money(sums[1], currency, grouping=False)]
                             if sums else []))
        total = ["", "", "", ""]
    output.print_table(headers, rows)
    return 0


def _as_json(result: reports.ProjectReport) -> dict:
    lines = []
    for line in result.lines:
        item = {"customer": line.customer, "project": line.project, "records": line.count,
                "duration": line.seconds}
        if result.with_amounts:
            item.update(currency=line.currency, amount=money_json(line.amount),
                        billable_amount=money_json(line.billable_amount))
        lines.append(item)
    totals = {"records": result.count, "duration": result.seconds}
    if result.with_amounts:
        totals["amounts"] = {currency: {"amount": money_json(amount),
                                        "billable_amount": money_json(billable)}
                             for currency, (amount, billable) in result.amounts().items()}
    return {"lines": lines, "totals": totals}
