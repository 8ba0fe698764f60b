"""Grouped sums over timesheet records, for the team screens' totals.

Each query is one GROUP BY in the database, whatever the number of records: the faces never
loop over rows to add them up. The filter is the same RecordFilter the listings use.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from peewee import Case, fn

from kimai_tui.data import timesheets as records_repo
from kimai_tui.data.models import Customer, Project, Timesheet, User
from kimai_tui.queries import RecordFilter


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


@dataclass(frozen=True)
class ProjectTotal:
    """The sums of one project (its customer has one currency) over a filter."""

    customer: str
    project: str
    currency: str
    count: int
    seconds: int
    amount: Decimal
    billable_amount: Decimal  # what may be invoiced: billable records only
    project_id: int = 0


def totals_by_project(flt: RecordFilter) -> list[ProjectTotal]:
    """Per customer and project: records, seconds, amount and billable amount; one GROUP BY,
    sorted by customer and project name."""
    billable = fn.COALESCE(fn.SUM(Case(None, [(Timesheet.billable == True, Timesheet.rate)],  # noqa: E712
                                       0)), 0)
    query = (Timesheet.select(Customer.name, Project.name, Customer.currency, *_sums(), billable,
                              Timesheet.project)
             .join(Customer, on=(Timesheet.customer == Customer.id))
             .switch(Timesheet).join(Project, on=(Timesheet.project == Project.id)))
    query = records_repo.where(query, flt)
    query = query.group_by(Timesheet.project, Customer.name, Project.name, Customer.currency)
    money = Timesheet.rate.python_value
    totals = [ProjectTotal(customer, project, currency, count, int(seconds), money(amount),
                           money(billable_amount), project_id)
              for customer, project, currency, count, seconds, amount, billable_amount,
              project_id in query.tuples()]
    return sorted(totals, key=lambda t: (t.customer.lower(), t.project.lower(), t.currency))
