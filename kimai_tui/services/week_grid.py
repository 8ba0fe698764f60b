"""The weekly grid (Kimai's "weekly hours"; issue "For team leads", item 3): a person's week
as rows of project / activity / description and a column per day, each cell the time of that
day's records; typing a duration in a cell creates or changes that day's record.

Reads and writes go through the same services as every record (visibility, permissions,
rounding, lockdown, budgets, overlap rules); a cell is a view of the records, not stored.
Days are the records' own local days (the `day` column), as in reports and budgets.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from kimai_tui import domain
from kimai_tui.data.timesheets import RecordFilter
from kimai_tui.rules.durations import format_duration, parse_duration
from kimai_tui.rules.errors import NotFound, RuleRefused, ValidationError
from kimai_tui.services import access, catalogue, periods, timesheet_reads, timesheets
from kimai_tui.services.context import Context, zone
from kimai_tui.services.record_save import RecordChanges
from kimai_tui.services.record_times import day_begin

MAX_RECORDS = 2000  # a week of one person; more is not a week anyone types into


@dataclass
class GridRow:
    """One project / activity / description: `cells[i]` = [seconds, record ids] of day i
    (0 = Monday); `running`: days holding a running record (not editable here)."""

    project_id: int
    activity_id: int
    description: str
    customer: str
    project: str
    activity: str
    cells: list[list] = field(default_factory=lambda: [[0, []] for _ in range(7)])
    running: set[int] = field(default_factory=set)
    amount: Decimal = Decimal(0)
    currency: str = ""
    budget_left: str | None = None  # "12:30 left", "-3:00 over" or money, where permitted

    @property
    def key(self) -> tuple[int, int, str]:
        return (self.project_id, self.activity_id, self.description)

    @property
    def seconds(self) -> int:
        return sum(cell[0] for cell in self.cells)


@dataclass
class WeekGrid:
    """`days`: the seven dates from Monday; `with_amounts`: amounts may be shown."""

    user: domain.User
    days: list[date]
    rows: list[GridRow]
    with_amounts: bool

    def day_totals(self) -> list[int]:
        return [sum(r.cells[i][0] for r in self.rows) for i in range(7)]

    @property
    def seconds(self) -> int:
        return sum(self.day_totals())


def week_of(day: date) -> list[date]:
    monday = day - timedelta(days=day.weekday())
    return [monday + timedelta(days=i) for i in range(7)]


def grid(ctx: Context, user_id: int, day: date) -> WeekGrid:
    """The week (Monday to Sunday) containing DAY of USER_ID. NotFound for a user whose
    records the acting user may not see (rules.md §Roles and permissions)."""
    from kimai_tui.services import users

    owner = ctx.user if user_id == ctx.user.id else users.get(ctx, user_id)
    if user_id != ctx.user.id and not access.can_see_user(ctx, user_id):
        raise NotFound(f"no user #{user_id}", "user")
    days = week_of(day)
    records = _records(ctx, owner, days)
    with_amounts = access.may_see_amounts(ctx, [user_id])
    rows: dict[tuple, GridRow] = {}
    for record in records:
        index = (record.begin.astimezone(zone(record.timezone)).date() - days[0]).days
        if not 0 <= index < 7:
            continue
        key = (record.project_id, record.activity_id, record.description)
        row = rows.get(key)
        if row is None:
            row = rows[key] = GridRow(record.project_id, record.activity_id, record.description,
                                      record.customer, record.project, record.activity,
                                      currency=record.currency)
        row.cells[index][0] += record.duration
        row.cells[index][1].append(record.id)
        if record.running:
            row.running.add(index)
        if with_amounts:
            row.amount += record.rate
    ordered = sorted(rows.values(), key=lambda r: (r.customer.lower(), r.project.lower(),
                                                   r.activity.lower(), r.description))
    _budgets_left(ctx, ordered)
    return WeekGrid(owner, days, ordered, with_amounts)


def _records(ctx: Context, owner: domain.User, days: list[date]) -> list[domain.Record]:
    tz = zone(owner.timezone)
    begin, _ = periods.period_of("day", days[0] - timedelta(days=1)).bounds(tz)
    _, end = periods.period_of("day", days[-1] + timedelta(days=1)).bounds(tz)
    flt = RecordFilter(user_ids=[owner.id], begin_from=begin, begin_to=end)
    return timesheet_reads.listing(ctx, flt, limit=MAX_RECORDS, all_users=True)


def _budgets_left(ctx: Context, rows: list[GridRow]) -> None:
    """What is left of the activity's budget (else the project's), where permitted."""
    from kimai_tui.rules.budgets import format_budget_value

    seen: dict[tuple[str, int], str | None] = {}
    for row in rows:
        for kind, entity_id in (("activity", row.activity_id), ("project", row.project_id)):
            if (kind, entity_id) not in seen:
                seen[(kind, entity_id)] = None
                try:
                    usage = catalogue.budget_fields(ctx, kind, catalogue.get(ctx, kind,
                                                                             entity_id))
                except NotFound:
                    usage = {}
                status = usage.get("time_budget_status") or usage.get("budget_status")
                if status is not None:
                    word = "left" if status.free >= 0 else "over"
                    value = status.free if status.free >= 0 else -status.free
                    seen[(kind, entity_id)] = f"{format_budget_value(status.kind, value)} {word}"
            if seen[(kind, entity_id)] is not None:
                row.budget_left = seen[(kind, entity_id)]
                break


DAY = 24 * 3600


def parse_cell(text: str) -> int:
    """Seconds of what was typed into a day cell: any duration format of rules.md
    §Durations, empty = 0; a bare whole number is refused here (rules.md reads it as seconds,
    yet in a day's cell "8" means eight hours to most people: the message offers 8:00, 8h
    and 8.0); more than a day is refused. ValidationError on field duration."""
    value = text.strip()
    if not value:
        return 0
    if value.isdigit() and value != "0":
        raise ValidationError(field="duration", message=(
            f'"{value}" is ambiguous in a day: write {value}:00, {value}h or {value}.0 for '
            f"hours, {value}m for minutes"))
    seconds = parse_duration(value)
    if seconds > DAY:
        raise ValidationError(field="duration", message=f"a day holds at most 24:00, not "
                                                        f"{format_duration(seconds)}")
    return seconds


def set_cell(ctx: Context, user_id: int, project_id: int, activity_id: int, description: str,
             day: date, seconds: int) -> domain.Record | None:
    """Make the cell (USER_ID's records of PROJECT/ACTIVITY/DESCRIPTION on DAY) hold SECONDS:
    no record -> a new one beginning at default_begin (record_times.day_begin); one record ->
    its duration changes (0 deletes it); returns the record written (None when deleted or
    nothing to do). RuleRefused when the cell holds a running record or several records
    (those are changed in the timesheet); the services' errors (ValidationError,
    PermissionDenied, RuleRefused for lockdown, budgets, overlaps) as for any record."""
    if not 0 <= seconds <= DAY:
        raise ValidationError(field="duration", message="a day's time is 0:00 to 24:00")
    week = grid(ctx, user_id, day)
    row = next((r for r in week.rows if r.key == (project_id, activity_id, description)), None)
    index = (day - week.days[0]).days
    ids = row.cells[index][1] if row is not None else []
    if row is not None and index in row.running:
        raise RuleRefused("a running record is on this day: stop it first", "duration")
    if len(ids) > 1:
        raise RuleRefused(f"{len(ids)} records make up this day: change them in the timesheet",
                          "duration")
    if not ids:
        if seconds == 0:
            return None
        tz = zone(week.user.timezone)
        begin = day_begin(ctx, day, tz)
        record, _ = timesheets.create(ctx, RecordChanges(
            user_id=user_id, project_id=project_id, activity_id=activity_id, begin=begin,
            duration=seconds, description=description))
        return record
    if seconds == 0:
        timesheets.delete(ctx, ids[0])
        return None
    return timesheets.update(ctx, ids[0], RecordChanges(duration=seconds))


__all__ = ["DAY", "GridRow", "WeekGrid", "grid", "parse_cell", "set_cell", "week_of"]
