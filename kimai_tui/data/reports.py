"""Grouped sums over timesheet records, for the team screens' totals.

Each query is one GROUP BY in the database, whatever the number of records: the faces never
loop over rows to add them up. The filter is the same RecordFilter the listings use.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from peewee import fn

from kimai_tui.data import timesheets as records_repo
from kimai_tui.data.models import Customer, Timesheet, User
from kimai_tui.data.timesheets import RecordFilter


@dataclass(frozen=True)
class GroupTotal:
    """The sums of one group (a user or a customer) in one currency."""

    key: int
    name: str
    currency: str
    count: int
    seconds: int
    amount: Decimal


def _rows(query) -> list[GroupTotal]:
    return [GroupTotal(key, name or "", currency, count, int(seconds),
                       Timesheet.rate.python_value(amount))
            for key, name, currency, count, seconds, amount in query.tuples()]


def _sums():
    return (fn.COUNT(Timesheet.id), fn.COALESCE(fn.SUM(Timesheet.duration), 0),
            fn.COALESCE(fn.SUM(Timesheet.rate), 0))


def totals_by_user(flt: RecordFilter) -> list[GroupTotal]:
    """Per user and currency: records, seconds and amount; `name` is the alias or username."""
    name = fn.COALESCE(fn.NULLIF(User.alias, ""), User.username)
    query = (Timesheet.select(Timesheet.user, name, Customer.currency, *_sums())
             .join(User, on=(Timesheet.user == User.id))
             .switch(Timesheet).join(Customer, on=(Timesheet.customer == Customer.id)))
    query = records_repo.where(query, flt)
    query = query.group_by(Timesheet.user, User.alias, User.username, Customer.currency)
    return sorted(_rows(query), key=lambda g: (-g.seconds, g.name.lower(), g.currency))


def totals_by_customer(flt: RecordFilter) -> list[GroupTotal]:
    """Per customer (each has one currency): records, seconds and amount."""
    query = (Timesheet.select(Timesheet.customer, Customer.name, Customer.currency, *_sums())
             .join(Customer, on=(Timesheet.customer == Customer.id)))
    query = records_repo.where(query, flt)
    query = query.group_by(Timesheet.customer, Customer.name, Customer.currency)
    return sorted(_rows(query), key=lambda g: (-g.seconds, g.name.lower()))
