"""Writes for `kimai-tui demo`: the seed catalogue, demo users and a team, bulk records."""

from __future__ import annotations

import random
from contextlib import contextmanager
from decimal import Decimal
from typing import Iterable, Iterator, Sequence

from peewee import fn

from kimai_tui.data import users as users_repo
from kimai_tui.data.models import (
    Activity,
    Customer,
    MetaValue,
    PriceRule,
    Project,
    Tag,
    Timesheet,
    TimesheetTag,
    User,
)
from kimai_tui.data.db import is_sqlite
from kimai_tui.rules.rates import PriceRule as RulePrice

# The columns of one generated record, in the order of the tuples `insert_records` takes.
RECORD_COLUMNS = ("user", "customer", "project", "activity", "begin_ts", "end_ts", "day",
                  "timezone", "duration", "description", "billable", "exported",
                  "hourly_rate", "fixed_rate", "rate", "internal_rate", "created_ts",
                  "modified_ts")
BULK_TABLES = (Timesheet, TimesheetTag, MetaValue)


def _get_or_create(model, where, values) -> tuple[object, bool]:
    row = model.get_or_none(where)
    if row is not None:
        return row, False
    return model.get_by_id(model.insert(**values).execute()), True


def ensure_catalogue(entries, currency: str, timezone: str, budget_activity: str,
                     budget_seconds: int) -> list[dict]:
    """Create what is missing; return one dict per activity with what pricing needs.
    BUDGET_ACTIVITY gets a monthly time budget of BUDGET_SECONDS."""
    out = []
    for customer_name, project_name, comment, activity_name, billable, price, visible in entries:
        customer, _ = _get_or_create(Customer, fn.LOWER(Customer.name) == customer_name.lower(),
                                     {"name": customer_name, "currency": currency,
                                      "timezone": timezone})
        project_values = {"name": project_name, "customer": customer.id,
                          "comment": comment or ""}
        project, _ = _get_or_create(
            Project, (fn.LOWER(Project.name) == project_name.lower())
            & (Project.customer == customer.id), project_values)
        activity, created = _get_or_create(
            Activity, (fn.LOWER(Activity.name) == activity_name.lower())
            & (Activity.project == project.id),
            {"name": activity_name, "project": project.id, "billable": billable,
             "visible": visible, **({"time_budget": budget_seconds, "budget_type": "month"}
                                    if activity_name == budget_activity else {})})
        if created and price is not None:
            PriceRule.insert(activity=activity.id, user=None, rate=price).execute()
        rule = PriceRule.get_or_none((PriceRule.activity == activity.id)
                                     & PriceRule.user.is_null())
        out.append({
            "id": activity.id, "name": activity.name, "project_id": project.id,
            "customer_id": customer.id, "billable": activity.billable and project.billable
            and customer.billable, "visible": activity.visible,
            "rule": None if rule is None else RulePrice(price=rule.rate,
                                                        internal_price=rule.internal_rate,
                                                        fixed=rule.fixed),
        })
    return out


def data_held() -> tuple[int, int]:
    """(customers, records) the database holds."""
    return Customer.select().count(), Timesheet.select().count()


def ensure_users(usernames: list[str], timezone: str, rng: random.Random) -> list[dict]:
    """Demo users (the first one leads the "Support" team) with hourly rates in PHP."""
    people = []
    for index, name in enumerate(usernames):
        role = "ROLE_TEAMLEAD" if index == 0 else "ROLE_USER"
        hourly = Decimal(rng.choice((350, 400, 450, 500)))
        user, _ = _get_or_create(User, fn.LOWER(User.username) == name,
                                 {"username": name, "alias": name.capitalize(),
                                  "email": f"{name}@polaris.example", "timezone": timezone,
                                  "roles": role, "hourly_rate": hourly,
                                  "internal_rate": hourly * Decimal("0.6"),
                                  "staff_number": f"P{1000 + index}"})
        people.append({"id": user.id, "hourly_rate": user.hourly_rate,
                       "internal_rate": user.internal_rate})
    team_id = users_repo.team_by_name("Support")
    if team_id is None and people:
        ids = [p["id"] for p in people]
        users_repo.team_save(None, "Support", [ids[0]], ids[1:], None, None, None)
    return people


def money_values(*amounts: Decimal | None) -> tuple:
    """Decimals as the database stores them (MoneyField: integer ten-thousandths)."""
    return tuple(Timesheet.rate.db_value(amount) for amount in amounts)


@contextmanager
def bulk_load(database, rows: int) -> Iterator[None]:
    """Settings for one big load, restored afterwards.

    SQLite: no fsync (a demo load that dies is simply run again), a 256 MB page cache for the
    index builds, and when the load at least doubles the records, the secondary indexes of the
    bulk tables are dropped first and rebuilt from their own SQL after (one sort per index
    instead of a b-tree insert per row and index). Elsewhere: nothing changes.
    """
    if not is_sqlite(database):
        yield
        return
    synchronous = database.execute_sql("PRAGMA synchronous").fetchone()[0]
    cache_size = database.execute_sql("PRAGMA cache_size").fetchone()[0]
    database.execute_sql("PRAGMA synchronous = OFF")
    database.execute_sql("PRAGMA cache_size = -262144")
    try:
        yield
    finally:
        database.execute_sql(f"PRAGMA cache_size = {int(cache_size)}")
        database.execute_sql(f"PRAGMA synchronous = {int(synchronous)}")


def _secondary_indexes(database) -> list[tuple[str, str]]:
    names = [model._meta.table_name for model in BULK_TABLES]
    marks = ", ".join("?" for _ in names)
    return list(database.execute_sql(
        f"SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
        f"AND tbl_name IN ({marks})", names).fetchall())


def _insert_sql(database, model, columns: Sequence[str]) -> str:
    fields = [model._meta.fields[name].column_name for name in columns]
    def quote(name: str) -> str:
        return '"' + name.replace('"', '""') + '"'

    marks = ", ".join(database.param for _ in fields)
    return (f"INSERT INTO {quote(model._meta.table_name)} "
            f"({', '.join(quote(f) for f in fields)}) VALUES ({marks})")


def insert_records(batches: Iterable[list[tuple]], tag_names: Sequence[str],
                   meta_names: Sequence[str], expected: int) -> int:
    """Bulk insert inside the caller's write transaction; returns the number of records.

    Each row is RECORD_COLUMNS followed by (tag indexes into tag_names, location, ticket).
    Ids are given explicitly (the transaction holds the write lock), so tags and custom-field
    values go in with the same executemany, no read-back. `meta_names` are the custom fields
    (of "location", "ticket") this installation has.
    """
    database = Timesheet._meta.database
    database = getattr(database, "obj", database)  # the DatabaseProxy's database
    tag_ids = []
    for name in tag_names:
        tag, _ = _get_or_create(Tag, fn.LOWER(Tag.name) == name.lower(), {"name": name})
        tag_ids.append(tag.id)
    existing = Timesheet.select().count()
    rebuild = []
    if is_sqlite(database) and expected >= max(existing, 1000):
        rebuild = _secondary_indexes(database)
        for name, _ in rebuild:
            database.execute_sql('DROP INDEX "' + name.replace('"', '""') + '"')
    next_id = (Timesheet.select(fn.MAX(Timesheet.id)).scalar() or 0) + 1
    record_sql = _insert_sql(database, Timesheet, ("id",) + RECORD_COLUMNS)
    tag_sql = _insert_sql(database, TimesheetTag, ("timesheet", "tag"))
    meta_sql = _insert_sql(database, MetaValue, ("kind", "owner_id", "name", "value"))
    location = "location" in meta_names
    ticket = "ticket" in meta_names
    cursor = database.cursor()
    inserted = 0
    for batch in batches:
        records, links, metas = [], [], []
        for row in batch:
            rid = next_id
            next_id += 1
            records.append((rid,) + row[:18])
            for index in row[18]:
                links.append((rid, tag_ids[index]))
            if location:
                metas.append(("timesheet", rid, "location", row[19]))
            if ticket:
                metas.append(("timesheet", rid, "ticket", row[20]))
        cursor.executemany(record_sql, records)
        if links:
            cursor.executemany(tag_sql, links)
        if metas:
            cursor.executemany(meta_sql, metas)
        inserted += len(records)
    for _, sql in rebuild:
        database.execute_sql(sql)
    sync_sequences(database, Timesheet)
    return inserted


def sync_sequences(database, *models) -> None:
    """After rows were inserted with explicit ids, move PostgreSQL's id sequences past them,
    or the next ordinary insert fails with a duplicate key (SQLite needs nothing: it takes
    MAX(id) + 1). Used by every bulk load (the demo, the Kimai importer)."""
    if is_sqlite(database):
        return
    for model in models:
        table = model._meta.table_name
        database.execute_sql(
            "SELECT setval(pg_get_serial_sequence(%s, 'id'), "
            f'GREATEST(COALESCE((SELECT MAX(id) FROM "{table}"), 0), 1), '
            f'(SELECT MAX(id) FROM "{table}") IS NOT NULL)', (table,))
