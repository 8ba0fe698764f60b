"""Sums for Kimai's reports: records of a filter grouped by a row (user, customer, project or
activity) and a column (day or month), one GROUP BY whatever the number of records."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from peewee import fn

from kimai_tui.data import timesheets as records_repo
from kimai_tui.data.models import Activity, Customer, Project, Timesheet, User

ROWS = ("user", "customer", "project", "activity")
COLUMNS = ("day", "month")


@dataclass(frozen=True)
class Cell:
    """One row × column sum: records, seconds, amount (4 decimals) in the row's currency."""

    row: int
    label: str
    currency: str
    column: int  # yyyymmdd (day) or yyyymm (month)
    count: int
    seconds: int
    amount: Decimal


def cells(flt, row: str, column: str) -> list[Cell]:
    """The sums of FLT (a RecordFilter) per ROW and COLUMN and currency."""
    key, label = {
        "user": (Timesheet.user, fn.COALESCE(fn.NULLIF(User.alias, ""), User.username)),
        "customer": (Timesheet.customer, Customer.name),
        "project": (Timesheet.project, Customer.name.concat(" / ").concat(Project.name)),
        "activity": (Timesheet.activity, Activity.name),
    }[row]
    period = Timesheet.day if column == "day" else (Timesheet.day / 100)
    query = (Timesheet.select(key, label, Customer.currency, period.alias("period"),
                              fn.COUNT(Timesheet.id), fn.COALESCE(fn.SUM(Timesheet.duration), 0),
                              fn.COALESCE(fn.SUM(Timesheet.rate), 0))
             .join(User, on=(Timesheet.user == User.id))
             .switch(Timesheet).join(Customer, on=(Timesheet.customer == Customer.id))
             .switch(Timesheet).join(Project, on=(Timesheet.project == Project.id))
             .switch(Timesheet).join(Activity, on=(Timesheet.activity == Activity.id)))
    query = records_repo.where(query, flt).where(Timesheet.end_ts.is_null(False))
    query = query.group_by(key, label, Customer.currency, period)
    money = Timesheet.rate.python_value
    return [Cell(k, name or "", currency, int(p), count, int(seconds), money(amount))
            for k, name, currency, p, count, seconds, amount in query.tuples()]


def last_record_day(flt) -> int | None:
    """The local day (yyyymmdd) of the newest record of FLT, or None."""
    return records_repo.where(Timesheet.select(fn.MAX(Timesheet.day)), flt).scalar()


def billable_by_month(level: str, entity_id: int, first_month: int, last_month: int
                      ) -> dict[int, tuple[int, Decimal]]:
    """yyyymm -> (seconds, amount) of the billable stopped records of a customer, project or
    activity (what budgets count, rules.md §Budgets) in [FIRST_MONTH, LAST_MONTH]."""
    column = {"customer": Timesheet.customer, "project": Timesheet.project,
              "activity": Timesheet.activity}[level]
    month = Timesheet.day / 100
    query = (Timesheet.select(month.alias("month"), fn.COALESCE(fn.SUM(Timesheet.duration), 0),
                              fn.COALESCE(fn.SUM(Timesheet.rate), 0))
             .where((column == entity_id) & Timesheet.billable & Timesheet.end_ts.is_null(False)
                    & (Timesheet.day >= first_month * 100) & (Timesheet.day <= last_month * 100 + 99))
             .group_by(month))
    money = Timesheet.rate.python_value
    return {int(m): (int(seconds), money(amount)) for m, seconds, amount in query.tuples()}
