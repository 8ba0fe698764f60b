"""Live figures for a running record: what it would cost if stopped now, and budget left.

Shown only to users allowed to see the record's rates (amount) and the budgets (budget left).
A running record stores rate 0 (rules.md §Rates); these are estimates for the toolbar.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from kimai_tui import domain
from kimai_tui.data import catalogue as catalogue_repo
from kimai_tui.data import timesheets as records_repo
from kimai_tui.data import users as users_repo
from kimai_tui.rules import budgets as budget_rules
from kimai_tui.rules import rates
from kimai_tui.rules.durations import format_duration
from kimai_tui.services import access, pricing
from kimai_tui.services.entity_access import EntityAccess
from kimai_tui.services.context import Context, zone
from kimai_tui.rules.money import format_money


@dataclass
class BudgetLeft:
    name: str
    kind: str  # money | time
    total: Decimal | int
    used: Decimal | int


@dataclass
class Estimate:
    hourly: Decimal | None
    fixed: Decimal | None
    billable: bool
    budgets: list[BudgetLeft] = field(default_factory=list)

    def amount_at(self, seconds: int) -> Decimal:
        if self.fixed is not None:
            return self.fixed
        if self.hourly is None:
            return Decimal(0)
        return rates.money(self.hourly * max(seconds, 0) / 3600)

    def budget_left(self, seconds: int) -> list[str]:
        lines = []
        for budget in self.budgets:
            if budget.kind == "time":
                spent = seconds if self.billable else 0
                left = int(budget.total) - int(budget.used) - spent
                sign = "-" if left < 0 else ""
                lines.append(f"{budget.name}: {sign}{format_duration(abs(left))} left")
            else:
                spent = self.amount_at(seconds) if self.billable else Decimal(0)
                left = Decimal(budget.total) - Decimal(budget.used) - spent
                lines.append(f"{budget.name}: {format_money(left)} left")
        return lines


def estimate(ctx: Context, record: domain.Record) -> Estimate | None:
    """None when the acting user may not see this record's rates."""
    if not access.may_view_rates(ctx, record.user_id):
        return None
    owner = users_repo.get(record.user_id)
    now = ctx.now()
    tz = zone(record.timezone)
    result = pricing.record_rates(ctx, owner, record.customer_id, record.project_id,
                                  record.activity_id, duration=3600,
                                  end_weekday=now.astimezone(tz).weekday(),
                                  record_hourly_rate=record.hourly_rate,
                                  record_fixed_rate=record.fixed_rate)
    found = Estimate(hourly=None if result.fixed_rate is not None else result.rate,
                     fixed=result.fixed_rate, billable=record.billable)
    checker = EntityAccess(ctx)
    for kind, entity_id in (("activity", record.activity_id), ("project", record.project_id),
                            ("customer", record.customer_id)):
        entity = catalogue_repo.get(kind, entity_id)
        if not checker.sees_budget(kind, entity):
            continue
        budgets = entity.budgets
        if not budgets.budget and not budgets.time_budget:
            continue
        day_from = day_to = None
        if budgets.budget_type == "month":
            local = record.begin.astimezone(tz)
            day_from, day_to = budget_rules.month_bounds(local.year, local.month)
        used_time, used_money = records_repo.usage_sums(kind, entity_id, day_from, day_to)
        if budgets.time_budget:
            found.budgets.append(BudgetLeft(entity.name, "time", budgets.time_budget,
                                            used_time))
        if budgets.budget:
            found.budgets.append(BudgetLeft(entity.name, "money", budgets.budget, used_money))
    return found


def revision(ctx: Context) -> int:
    """A number that changes whenever anyone writes: cheap to poll every second."""
    from kimai_tui.data.db import revision as current_revision

    return current_revision()
