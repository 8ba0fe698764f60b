"""A month report by customer and project with amounts: the query a `reports` service would run.

There is no report service yet; this is the proposed one (see bench/README.md), written against
the models the repository uses. It reads the `day` column (local yyyymmdd of the begin), which
the (customer, day) / (project, day) indexes serve, and groups in SQL, so a month of a
million-record database costs one index range scan.

Run as a process (the peers comparison): python bench/report.py DATABASE_URL YYYY-MM [USER]
"""

from __future__ import annotations

import sys
import time
from dataclasses import dataclass
from datetime import date
from decimal import Decimal


@dataclass(frozen=True)
class ReportLine:
    customer: str
    project: str
    currency: str
    records: int
    seconds: int
    amount: Decimal
    billable_amount: Decimal


def month_by_project(year: int, month: int, user_ids=None) -> list[ReportLine]:
    """Per customer and project: records, duration and amounts of the stopped records that
    began in the month (local days). `user_ids` restricts to users (visibility), None = all."""
    from peewee import Case, fn

    from kimai_tui.data.models import Customer, Project, Timesheet

    first = year * 10000 + month * 100 + 1
    last = year * 10000 + month * 100 + 31
    billable_rate = fn.SUM(Case(None, [(Timesheet.billable, Timesheet.rate)], 0))
    query = (Timesheet
             .select(Timesheet.customer, Timesheet.project, fn.COUNT(Timesheet.id),
                     fn.SUM(Timesheet.duration), fn.SUM(Timesheet.rate), billable_rate)
             .where((Timesheet.day >= first) & (Timesheet.day <= last)
                    & Timesheet.end_ts.is_null(False)))
    if user_ids is not None:
        query = query.where(Timesheet.user.in_(list(user_ids)))
    sums = list(query.group_by(Timesheet.customer, Timesheet.project).tuples())
    # Names come from the (small, cached) catalogue, not from a join per record.
    customers = {cid: (name, currency) for cid, name, currency in
                 Customer.select(Customer.id, Customer.name, Customer.currency).tuples()}
    projects = dict(Project.select(Project.id, Project.name).tuples())
    money = Timesheet.rate.python_value
    lines = [ReportLine(customers[c][0], projects[p], customers[c][1], n, int(s or 0),
                        money(a or 0), money(b or 0)) for c, p, n, s, a, b in sums]
    return sorted(lines, key=lambda line: (line.customer.lower(), line.project.lower()))


def explain(database, year: int, month: int, user_ids=None) -> list[str]:
    from peewee import fn

    from kimai_tui.data.models import Timesheet

    first, last = year * 10000 + month * 100 + 1, year * 10000 + month * 100 + 31
    query = (Timesheet.select(Timesheet.customer, Timesheet.project, fn.COUNT(Timesheet.id))
             .where((Timesheet.day >= first) & (Timesheet.day <= last)))
    if user_ids is not None:
        query = query.where(Timesheet.user.in_(list(user_ids)))
    sql, params = query.group_by(Timesheet.customer, Timesheet.project).sql()
    return [row[-1] for row in database.execute_sql("EXPLAIN QUERY PLAN " + sql, params)]


def main(argv: list[str]) -> int:
    from kimai_tui.data import db

    url, month_text = argv[0], argv[1]
    year, month = (int(part) for part in month_text.split("-"))
    database = db.connect(url)
    user_ids = None
    if len(argv) > 2:
        from kimai_tui.data.models import User

        user_ids = [User.get(User.username == argv[2]).id]
    started = time.perf_counter()
    lines = month_by_project(year, month, user_ids)
    elapsed = time.perf_counter() - started
    print(f"{date(year, month, 1):%B %Y}")
    for line in lines:
        print(f"{line.customer:24} {line.project:32} {line.records:6} "
              f"{line.seconds / 3600:9.2f} h {line.amount:14,.2f} {line.currency}")
    print(f"query {elapsed * 1000:.1f} ms", file=sys.stderr)
    database.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
