"""Reports for billing: the records of a period summed per customer and project.

One GROUP BY in the database whatever the size of the history. Who is counted follows the same
visibility as the listings (scoped_filter); amounts appear only for a viewer who may see the
prices of every user counted, so a report never reveals a rate its reader may not see.
"""

from __future__ import annotations

from copy import copy
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from kimai_tui.data import reports as reports_repo
from kimai_tui.data.reports import ProjectTotal
from kimai_tui.queries import RecordFilter
from kimai_tui.rules.errors import PermissionDenied, ValidationError
from kimai_tui.services import access, periods
from kimai_tui.services import timesheets as timesheet_service
from kimai_tui.services.context import Context


@dataclass(frozen=True)
class ProjectReport:
    lines: list[ProjectTotal]
    with_amounts: bool

    @property
    def count(self) -> int:
        return sum(line.count for line in self.lines)

    @property
    def seconds(self) -> int:
        return sum(line.seconds for line in self.lines)

    def amounts(self) -> dict[str, tuple[Decimal, Decimal]]:
        """Per currency: (amount, billable amount); empty without permission."""
        if not self.with_amounts:
            return {}
        out: dict[str, tuple[Decimal, Decimal]] = {}
        for line in self.lines:
            amount, billable = out.get(line.currency, (Decimal(0), Decimal(0)))
            out[line.currency] = (amount + line.amount, billable + line.billable_amount)
        return dict(sorted(out.items()))


def parse_month(text: str, field: str = "month") -> tuple[int, int]:
    """`2026-11` -> (2026, 11)."""
    value = text.strip()
    parts = value.split("-")
    if len(parts) == 2 and all(p.isascii() and p.isdigit() for p in parts) \
            and len(parts[0]) == 4 and 1 <= int(parts[1]) <= 12 and len(parts[1]) <= 2:
        return int(parts[0]), int(parts[1])
    raise ValidationError(field=field, message=f'expected a month as YYYY-MM such as "2026-11", '
                                               f'got "{value[:40]}"')


def month_range(ctx: Context, year: int, month: int) -> tuple[datetime, datetime]:
    """The first instant of the month and of the next one, in the acting user's time zone."""
    return periods.period_of("month", date(year, month, 1)).bounds(ctx.tz)


def by_project(ctx: Context, flt: RecordFilter, all_users: bool = False) -> ProjectReport:
    """Per customer and project sums of the filter, narrowed to what the viewer may see."""
    if not (ctx.can("view_own_timesheet") or access.is_customer_account(ctx)):
        raise PermissionDenied("you may not see records", "permission")
    if all_users and not (ctx.can("view_other_timesheet") or access.is_customer_account(ctx)):
        raise PermissionDenied("you may not see other users' records", "all-users")
    scoped = timesheet_service.scoped_filter(ctx, copy(flt), all_users)
    if scoped.user_ids is not None and not scoped.user_ids:
        return ProjectReport([], False)
    return ProjectReport(reports_repo.totals_by_project(scoped),
                         access.may_see_amounts(ctx, scoped.user_ids))
