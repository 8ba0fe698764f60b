"""Sums for Kimai's reports: records of a filter grouped by a row (user, customer, project or
activity) and a column (day or month), one GROUP BY whatever the number of records."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from peewee import fn

from kimai_tui.data import timesheets as records_repo
from kimai_tui.data.models import Activity, Customer, Project, Timesheet, User, database_proxy

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
    """The sums of FLT (a RecordFilter) per ROW and COLUMN and currency.

    Grouped by ids alone (no join per record: at a million records the joins were most of
    the time), the currency by the record's customer; names are read for the few ids found."""
    key = {"user": Timesheet.user, "customer": Timesheet.customer,
           "project": Timesheet.project, "activity": Timesheet.activity}[row]
    period = Timesheet.day if column == "day" else (Timesheet.day / 100)
    query = (Timesheet.select(key, Timesheet.customer, period.alias("period"),
                              fn.COUNT(Timesheet.id), fn.COALESCE(fn.SUM(Timesheet.duration), 0),
                              fn.COALESCE(fn.SUM(Timesheet.rate), 0)))
    query = records_repo.where(query, flt).where(Timesheet.end_ts.is_null(False))
    # The raw cursor: peewee's per-cell conversion of a few thousand sums cost more than the
    # query (the amounts are integer 1/10000s; converted once per cell below).
    rows = database_proxy.execute(query.group_by(key, Timesheet.customer, period)).fetchall()
    currencies = dict(Customer.select(Customer.id, Customer.currency).where(
        Customer.id.in_({customer for _, customer, *_ in rows})).tuples()) if rows else {}
    labels = _labels(row, {k for k, *_ in rows})
    money = Timesheet.rate.python_value
    merged: dict[tuple[int, str, int], list] = {}
    for k, customer, p, count, seconds, amount in rows:  # customers of one currency add up
        cell = merged.setdefault((k, currencies.get(customer, ""), int(p)), [0, 0, 0])
        cell[0] += count
        cell[1] += int(seconds)
        cell[2] += int(amount or 0)
    return [Cell(k, labels.get(k, ""), currency, p, count, seconds, money(amount))
            for (k, currency, p), (count, seconds, amount) in merged.items()]


def _labels(row: str, ids: set[int]) -> dict[int, str]:
    if not ids:
        return {}
    if row == "user":
        return {i: alias or name for i, alias, name in User.select(
            User.id, User.alias, User.username).where(User.id.in_(ids)).tuples()}
    if row == "project":
        return {i: f"{c} / {p}" for i, c, p in Project.select(
            Project.id, Customer.name, Project.name).join(
            Customer, on=(Project.customer == Customer.id)).where(Project.id.in_(ids)).tuples()}
    model = Customer if row == "customer" else Activity
    return dict(model.select(model.id, model.name).where(model.id.in_(ids)).tuples())


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
