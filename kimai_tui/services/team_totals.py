"""Totals of the team review: per user and per customer, for the records the viewer may see."""

from __future__ import annotations

from copy import copy
from dataclasses import dataclass, field
from decimal import Decimal

from kimai_tui.data import reports as reports_repo
from kimai_tui.data.reports import GroupTotal
from kimai_tui.queries import RecordFilter
from kimai_tui.rules.errors import PermissionDenied
from kimai_tui.services import access
from kimai_tui.services import timesheets as timesheet_service
from kimai_tui.services.context import Context


@dataclass
class Line:
    """One user or customer: records, seconds, and amounts per currency (empty when the viewer
    may not see rates)."""

    key: int
    name: str
    count: int = 0
    seconds: int = 0
    amounts: dict[str, Decimal] = field(default_factory=dict)


@dataclass
class TeamTotals:
    by_user: list[Line]
    by_customer: list[Line]
    with_amounts: bool

    @property
    def count(self) -> int:
        return sum(line.count for line in self.by_user)

    @property
    def seconds(self) -> int:
        return sum(line.seconds for line in self.by_user)

    def amounts(self) -> dict[str, Decimal]:
        out: dict[str, Decimal] = {}
        for line in self.by_customer:
            for currency, amount in line.amounts.items():
                out[currency] = out.get(currency, Decimal(0)) + amount
        return out


def _lines(groups: list[GroupTotal], with_amounts: bool) -> list[Line]:
    """Merge the per-currency groups of one key into one line, keeping the query's order."""
    lines: dict[int, Line] = {}
    for group in groups:
        line = lines.setdefault(group.key, Line(group.key, group.name))
        line.count += group.count
        line.seconds += group.seconds
        if with_amounts:
            line.amounts[group.currency] = line.amounts.get(group.currency, Decimal(0)) \
                + group.amount
    return list(lines.values())


def team_totals(ctx: Context, flt: RecordFilter, all_users: bool = True) -> TeamTotals:
    """Per user and per customer sums of the filter, narrowed to what the viewer may see."""
    if not ctx.can("view_other_timesheet"):
        raise PermissionDenied("you may not see other users' records", "team")
    scoped = timesheet_service.scoped_filter(ctx, copy(flt), all_users)
    with_amounts = access.may_see_amounts(ctx, scoped.user_ids)
    return TeamTotals(_lines(reports_repo.totals_by_user(scoped), with_amounts),
                      _lines(reports_repo.totals_by_customer(scoped), with_amounts),
                      with_amounts)
