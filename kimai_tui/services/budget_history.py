"""Budget history: a customer's, project's or activity's budget use per month for the last
twelve months (issue "For team leads", item 6), beside the current month's use that
`catalogue.budget_fields` gives.

Use counts the billable, stopped records of everyone (rules.md §Budgets), by the month their
begin falls in (the record's time zone). Month budgets compare each month with the budget;
lifetime budgets compare the use up to the end of each month with it.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from kimai_tui.data import report_grids
from kimai_tui.data import timesheets as records_repo
from kimai_tui.rules import budgets as budget_rules
from kimai_tui.services.context import Context

MONTHS = 12


def last_months(today: date, months: int = MONTHS) -> list[tuple[int, int]]:
    """(year, month) pairs of the MONTHS months up to and including TODAY's, oldest first."""
    index = today.year * 12 + today.month - 1
    return [divmod(i, 12) for i in range(index - months + 1, index + 1)]


def history(ctx: Context, kind: str, entity, months: int = MONTHS) -> list[dict]:
    """[{"month": "2026-11", "amount": Decimal and "budget_status": BudgetStatus (money; only
    when the entry has a money budget), "duration": seconds and "time_budget_status":
    BudgetStatus (time; only with a time budget)}, ...] oldest first; a status's `used` is the
    month's use (month budgets) or the use up to the month's end (lifetime); [] when the entry has no budget. The caller has checked that
    the acting user may see this entry's budgets (`budget_fields` is not empty)."""
    budgets = entity.budgets
    if not budgets.budget and not budgets.time_budget:
        return []
    pairs = [(y, m + 1) for y, m in last_months(ctx.now().astimezone(ctx.tz).date(), months)]
    first, last = pairs[0][0] * 100 + pairs[0][1], pairs[-1][0] * 100 + pairs[-1][1]
    used = report_grids.billable_by_month(kind, entity.id, first, last)
    lifetime = budgets.budget_type != "month"
    seconds_before, amount_before = (records_repo.usage_sums(kind, entity.id, 0, first * 100)
                                     if lifetime else (0, Decimal(0)))
    running_seconds, running_amount = seconds_before, amount_before
    out = []
    for year, month in pairs:
        seconds, amount = used.get(year * 100 + month, (0, Decimal(0)))
        running_seconds += seconds
        running_amount += amount
        entry: dict = {"month": f"{year:04d}-{month:02d}"}
        if budgets.budget:  # money only beside a money budget (as budget_fields does)
            entry["amount"] = amount
            entry["budget_status"] = budget_rules.budget_status(
                "money", budgets.budget, running_amount if lifetime else amount)
        if budgets.time_budget:
            entry["duration"] = seconds
            entry["time_budget_status"] = budget_rules.budget_status(
                "time", budgets.time_budget, running_seconds if lifetime else seconds)
        out.append(entry)
    return out


__all__ = ["MONTHS", "history", "last_months"]
