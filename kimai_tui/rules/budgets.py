"""Budget figures and the overbooking check (rules.md §Budgets).

Used amounts are sums the repository computes over billable, stopped records; these functions
only compare. Time budgets are seconds (int), money budgets Decimal.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from kimai_tui.rules.durations import format_duration

BUDGET_KINDS = ("money", "time")
_TWO_PLACES = Decimal("0.01")


@dataclass(frozen=True)
class BudgetStatus:
    kind: str  # "money" | "time"
    total: Decimal | int
    used: Decimal | int
    free: Decimal | int  # negative when overbooked
    percent: Decimal  # used / total in percent, 2 places; 0 when there is no budget


def budget_status(kind: str, total: Decimal | int, used: Decimal | int) -> BudgetStatus:
    if total:
        percent = (Decimal(used) * 100 / Decimal(total)).quantize(_TWO_PLACES, ROUND_HALF_UP)
    else:
        percent = Decimal("0.00")
    return BudgetStatus(kind, total, used, total - used, percent)


def format_budget_value(kind: str, value: Decimal | int) -> str:
    """Time as H:MM, money with 2 decimals."""
    if kind == "time":
        return format_duration(int(value))
    return str(Decimal(value).quantize(_TWO_PLACES, ROUND_HALF_UP))


def check_budget(level: str, name: str, kind: str, total: Decimal | int,
                 used_without_record: Decimal | int, record_value: Decimal | int,
                 with_figures: bool = True) -> str | None:
    """The refusal message when this record would push the budget over, else None.

    `used_without_record` excludes the record being saved, so an edit counts only its
    change. No budget (0) or a record adding nothing never fails. Without `with_figures`
    (a user with no budget permission on that entity, rules.md §Budgets) the message says
    only that the budget is used up: no used, budget, free or record amounts.
    """
    if not total or record_value <= 0:
        return None
    if used_without_record + record_value <= total:
        return None
    if not with_figures:
        return f'The {kind} budget of {level} "{name}" is used up'
    free = max(total - used_without_record, 0)

    def show(value: Decimal | int) -> str:
        return format_budget_value(kind, value)

    return (f'The {kind} budget of {level} "{name}" would be exceeded: '
            f"used {show(used_without_record)} of {show(total)}, {show(free)} free, "
            f"this record needs {show(record_value)}")


def check_nothing_free(level: str, name: str, kind: str, total: Decimal | int,
                       used: Decimal | int, with_figures: bool = True) -> str | None:
    """rules.md "Decision (no trapped timers)": the refusal of a START on an entity whose
    budget has nothing free (used >= total), else None. A running record adds nothing yet,
    so `check_budget` cannot refuse it, and once stopped it could not be saved. Without
    `with_figures` the message only says the budget is used up, as `check_budget`'s."""
    if not total or used < total:
        return None
    if not with_figures:
        return f'The {kind} budget of {level} "{name}" is used up'
    return (f'The {kind} budget of {level} "{name}" is used up: used '
            f"{format_budget_value(kind, used)} of {format_budget_value(kind, total)}, "
            "nothing free")


def month_bounds(year: int, month: int) -> tuple[int, int]:
    """First and last day of a month as yyyymmdd ints, the repository's local-day key."""
    last = calendar.monthrange(year, month)[1]
    base = year * 10000 + month * 100
    return base + 1, base + last


__all__ = ["BUDGET_KINDS", "BudgetStatus", "budget_status", "check_budget", "check_nothing_free",
           "format_budget_value", "month_bounds"]
