"""Kimai's standard reports: one user's week, month or year (days or months as columns; rows
per customer, project or activity); all users one may see; a project's details (budget use per
month, by activity and by user, last activity); a customer's projects with budgets and what is
left, month by month.

Who is counted follows the listings' visibility (scoped_filter); amounts appear only when the
viewer may see the rates of every user counted; budget figures only with a budget permission
(services/catalogue.budget_fields). Durations are the billed (rounded) ones.
"""

from __future__ import annotations

from copy import copy
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from dateutil.relativedelta import relativedelta

from kimai_tui.data import report_grids
from kimai_tui.queries import RecordFilter
from kimai_tui.rules.errors import PermissionDenied, ValidationError
from kimai_tui.services import access, catalogue, periods
from kimai_tui.services import timesheets as timesheet_service
from kimai_tui.services.context import Context

KINDS = ("projects", "user", "users", "project", "customer")
PERIODS = ("week", "month", "year")
ROW_KINDS = ("customer", "project", "activity")


@dataclass
class GridRow:
    label: str
    currency: str
    cells: dict[int, int] = field(default_factory=dict)  # column key -> seconds
    seconds: int = 0
    amount: Decimal = Decimal("0")


@dataclass
class Grid:
    """A report table: `columns` (key, label), one row per label and currency, totals per
    column and per currency; amounts only when `with_amounts`."""

    title: str
    columns: list[tuple[int, str]]
    rows: list[GridRow]
    with_amounts: bool

    def column_totals(self) -> dict[int, int]:
        out: dict[int, int] = {}
        for row in self.rows:
            for key, seconds in row.cells.items():
                out[key] = out.get(key, 0) + seconds
        return out

    @property
    def seconds(self) -> int:
        return sum(row.seconds for row in self.rows)

    def amounts(self) -> dict[str, Decimal]:
        out: dict[str, Decimal] = {}
        if self.with_amounts:
            for row in self.rows:
                out[row.currency] = out.get(row.currency, Decimal("0")) + row.amount
        return dict(sorted(out.items()))


@dataclass(frozen=True)
class Span:
    """A report period: week, month or year containing a day, and its columns."""

    unit: str
    first: date
    last: date

    @property
    def column(self) -> str:
        return "month" if self.unit == "year" else "day"

    def columns(self) -> list[tuple[int, str]]:
        if self.unit == "year":
            return [(self.first.year * 100 + m, date(self.first.year, m, 1).strftime("%b"))
                    for m in range(1, 13)]
        days = [self.first + timedelta(days=i) for i in range((self.last - self.first).days + 1)]
        fmt = "%a %d" if self.unit == "week" else "%d"
        return [(d.year * 10000 + d.month * 100 + d.day, d.strftime(fmt)) for d in days]

    def label(self) -> str:
        if self.unit == "year":
            return str(self.first.year)
        return periods.period_of(self.unit, self.first).label()

    def shift(self, steps: int) -> Span:
        if self.unit == "year":
            return span("year", self.first + relativedelta(years=steps))
        return span(self.unit, periods.shift(periods.period_of(self.unit, self.first),
                                             steps).first)


def span(unit: str, day: date) -> Span:
    if unit not in PERIODS:
        raise ValidationError(field="period", message=f'"{unit}" is not a period (use '
                                                      f"{', '.join(PERIODS)})")
    if unit == "year":
        return Span("year", date(day.year, 1, 1), date(day.year, 12, 31))
    period = periods.period_of(unit, day)
    return Span(unit, period.first, period.last)


def parse_span(text: str) -> Span:
    """`2026-W48` (ISO week), `2026-11` (month) or `2026` (year); ValidationError otherwise."""
    value = text.strip()
    try:
        if "-W" in value.upper():
            year, week = value.upper().split("-W")
            return span("week", date.fromisocalendar(int(year), int(week), 1))
        if len(value) == 7 and value[4] == "-":
            return span("month", date(int(value[:4]), int(value[5:]), 1))
        if len(value) == 4 and value.isdigit():
            return span("year", date(int(value), 1, 1))
    except ValueError:
        pass
    raise ValidationError(field="period", message=f'"{value[:40]}" is not a period (use '
                                                  "2026-W48, 2026-11 or 2026)")


def _bounds(ctx: Context, s: Span):
    start, _ = periods.period_of("day", s.first).bounds(ctx.tz)
    _, end = periods.period_of("day", s.last).bounds(ctx.tz)
    return start, end


def _scoped(ctx: Context, flt: RecordFilter, all_users: bool) -> RecordFilter:
    if not (ctx.can("view_own_timesheet") or access.is_customer_account(ctx)):
        raise PermissionDenied("you may not see records", "permission")
    if all_users and not (ctx.can("view_other_timesheet") or access.is_customer_account(ctx)):
        raise PermissionDenied("you may not see other users' records", "all-users")
    return timesheet_service.scoped_filter(ctx, copy(flt), all_users)


def _grid(ctx: Context, title: str, s: Span, flt: RecordFilter, row: str,
          all_users: bool) -> Grid:
    scoped = _scoped(ctx, flt, all_users)
    columns = s.columns()
    if scoped.user_ids is not None and not scoped.user_ids:
        return Grid(title, columns, [], False)
    rows: dict[tuple[int, str], GridRow] = {}
    for cell in report_grids.cells(scoped, row, s.column):
        line = rows.setdefault((cell.row, cell.currency), GridRow(cell.label, cell.currency))
        line.cells[cell.column] = line.cells.get(cell.column, 0) + cell.seconds
        line.seconds += cell.seconds
        line.amount += cell.amount
    ordered = sorted(rows.values(), key=lambda r: (r.label.lower(), r.currency))
    return Grid(title, columns, ordered, access.may_see_amounts(ctx, scoped.user_ids))


def user_report(ctx: Context, s: Span, user_id: int | None = None, rows: str = "project"
                ) -> Grid:
    """One user's SPAN: rows per customer, project or activity, days (or months) as
    columns. USER_ID: another user whose records the viewer may see (NotFound otherwise)."""
    if rows not in ROW_KINDS:
        raise ValidationError(field="by", message=f'"{rows}" is not a row kind (use '
                                                  f"{', '.join(ROW_KINDS)})")
    user_id = user_id or ctx.user.id
    if user_id != ctx.user.id and not access.can_see_user(ctx, user_id):
        from kimai_tui.rules.errors import NotFound

        raise NotFound(f"no user #{user_id}", "user")
    flt = RecordFilter(user_ids=[user_id])
    flt.begin_from, flt.begin_to = _bounds(ctx, s)
    return _grid(ctx, s.label(), s, flt, rows, all_users=user_id != ctx.user.id)


def users_report(ctx: Context, s: Span) -> Grid:
    """Everyone the viewer may see, one row per user, days (or months) as columns."""
    flt = RecordFilter()
    flt.begin_from, flt.begin_to = _bounds(ctx, s)
    return _grid(ctx, s.label(), s, flt, "user", all_users=True)


@dataclass
class Details:
    """A project's or customer's details: budgets (where permitted), use per month over the
    last twelve months (billable records, as budgets count them), rows by activity and user
    (or by project), and the last day with a record."""

    name: str
    currency: str
    budget: dict
    months: list[tuple[int, str, int, Decimal | None]]  # yyyymm, label, seconds, amount
    by: dict[str, Grid]
    last_day: date | None
    projects: list[dict] = field(default_factory=list)


def project_details(ctx: Context, project_id: int, months: int = 12) -> Details:
    project = catalogue.get(ctx, "project", project_id)
    customer = catalogue.get(ctx, "customer", project.customer_id)
    return _details(ctx, "project", project, customer.currency,
                    f"{customer.name} / {project.name}", months, ("activity", "user"))


def customer_details(ctx: Context, customer_id: int, months: int = 12) -> Details:
    customer = catalogue.get(ctx, "customer", customer_id)
    details = _details(ctx, "customer", customer, customer.currency, customer.name, months,
                       ("project", "user"))
    from kimai_tui.data import catalogue as catalogue_repo

    reader = catalogue.budget_reader(ctx)
    for project in catalogue_repo.listing("project", "both", parent_id=customer_id):
        try:
            shown = catalogue.get(ctx, "project", project.id)
        except Exception:  # noqa: BLE001 - a project this viewer may not see is left out
            continue
        details.projects.append({"name": shown.name, "visible": shown.visible,
                                 **reader("project", shown)})
    return details


def _details(ctx: Context, kind: str, entity, currency: str, name: str, months: int,
             rows: tuple[str, str]) -> Details:
    today = ctx.now().astimezone(ctx.tz).date().replace(day=1)
    first = today - relativedelta(months=months - 1)
    s = Span("month", first, today + relativedelta(months=1) - timedelta(days=1))
    flt = RecordFilter(**{f"{kind}_ids": [entity.id]})
    flt.begin_from, flt.begin_to = _bounds(ctx, s)
    by = {}
    for row in rows:
        grid = _grid(ctx, name, Span("year", first, s.last), flt, row, all_users=True)
        grid.columns = [(m.year * 100 + m.month, m.strftime("%b %y"))
                        for m in (first + relativedelta(months=i) for i in range(months))]
        by[row] = grid
    budget = catalogue.budget_fields(ctx, kind, entity)
    amounts_shown = all(g.with_amounts for g in by.values())
    use = {}
    if budget:  # budget use counts billable records of everyone (rules.md §Budgets)
        use = report_grids.billable_by_month(kind, entity.id, first.year * 100 + first.month,
                                             today.year * 100 + today.month)
    month_rows = []
    for i in range(months):
        m = first + relativedelta(months=i)
        key = m.year * 100 + m.month
        if budget:
            seconds, amount = use.get(key, (0, Decimal("0")))
        else:
            seconds = by[rows[0]].column_totals().get(key, 0)
            amount = None
        month_rows.append((key, m.strftime("%b %Y"), seconds,
                           amount if (budget or amounts_shown) else None))
    last = report_grids.last_record_day(_scoped(ctx, RecordFilter(
        **{f"{kind}_ids": [entity.id]}), True))
    last_day = date(last // 10000, last // 100 % 100, last % 100) if last else None
    return Details(name, currency, budget, month_rows, by, last_day)
