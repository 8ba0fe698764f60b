"""Writes of an import: rows found by their source key (ImportLink), created or updated, and
records written in bulk. Called inside the one write transaction of an import run
(services/kimai_import.py), so a failing run leaves nothing behind.

Kinds and their models: customer, project, activity, user, team, tag, rate (PriceRule),
timesheet. Catalogue rows are written one by one (they are few); records in batches with ids
chosen here, so their tags, custom fields and links go in by the same batch.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from peewee import Database, fn

from kimai_tui.data import models
from kimai_tui.data.db import is_sqlite
from kimai_tui.data.import_models import ImportLink

MODELS = {"customer": models.Customer, "project": models.Project, "activity": models.Activity,
          "user": models.User, "team": models.Team, "tag": models.Tag,
          "rate": models.PriceRule, "timesheet": models.Timesheet}
_VERSIONED = {"customer", "project", "activity", "user", "team", "timesheet"}
_META_KIND = {"customer", "project", "activity", "timesheet"}
TIMESHEET_FIELDS = ("id", "user", "customer", "project", "activity", "begin_ts", "end_ts", "day",
                    "timezone", "duration", "description", "billable", "exported",
                    "hourly_rate", "fixed_rate", "rate", "internal_rate", "created_ts",
                    "modified_ts", "version")
_CHUNK = 400  # rows per INSERT: 20 columns x 400 stays under every driver's parameter limit


@dataclass
class Outcome:
    """What happened to one kind: counts of new, changed and unchanged rows."""

    new: int = 0
    changed: int = 0
    unchanged: int = 0

    def as_dict(self) -> dict[str, int]:
        """{new, changed, unchanged} (JSON of the report)."""
        return {"new": self.new, "changed": self.changed, "unchanged": self.unchanged}


@dataclass
class Links:
    """The links of one (source, kind): key -> (our id, digest)."""

    source: str
    kind: str
    known: dict[str, tuple[int, str]] = field(default_factory=dict)


def links(source: str, kind: str, keys: list[str] | None = None) -> Links:
    """The links of SOURCE/KIND (only those with KEYS when given, for a batch of records)."""
    out = Links(source, kind)
    if keys is None:
        query = ImportLink.select(ImportLink.key, ImportLink.local_id, ImportLink.digest).where(
            (ImportLink.source == source) & (ImportLink.kind == kind))
        for key, local_id, digest in query.tuples().iterator():
            out.known[key] = (local_id, digest)
        return out
    database = ImportLink._meta.database
    mark = database.param
    for chunk in _chunks(keys, 900):  # plain SQL: a batch's lookup is on the hot path
        sql = ('SELECT "key", local_id, digest FROM import_link WHERE source = {0} AND '
               'kind = {0} AND "key" IN ({1})').format(mark, ", ".join(mark for _ in chunk))
        for key, local_id, digest in database.execute_sql(sql, [source, kind, *chunk]):
            out.known[key] = (local_id, digest)
    return out


def has_links(source: str, kind: str) -> bool:
    """Has anything of SOURCE/KIND been imported before? (No: a first run looks nothing up.)"""
    return ImportLink.select().where((ImportLink.source == source)
                                     & (ImportLink.kind == kind)).exists()


def exists(kind: str, local_id: int) -> bool:
    """Does our row of KIND with that id exist?"""
    model = MODELS[kind]
    return model.select(model.id).where(model.id == local_id).exists()


def existing_ids(kind: str, local_ids: list[int]) -> set[int]:
    """Those of LOCAL_IDS that still exist (a row of ours may have been deleted since)."""
    model = MODELS[kind]
    database, table = model._meta.database, model._meta.table_name
    out: set[int] = set()
    for chunk in _chunks(sorted(local_ids), 900):
        marks = ", ".join(database.param for _ in chunk)
        out.update(i for (i,) in database.execute_sql(
            f'SELECT id FROM "{table}" WHERE id IN ({marks})', chunk))
    return out


def upsert(found: Links, key: str, values: dict, digest: str, outcome: Outcome,
           adopt_id: int | None = None) -> tuple[int, bool]:
    """Bring one row of kind `found.kind` in: unchanged digest -> nothing; linked -> update
    our row (its version grows); not linked -> ADOPT_ID (an existing row of ours with the same
    identity, e.g. a username) is updated and linked, else a new row. Returns (our id,
    whether anything was written)."""
    kind, model = found.kind, MODELS[found.kind]
    link = found.known.get(key)
    if link is not None and exists(kind, link[0]):
        local_id = link[0]
        if link[1] == digest:
            outcome.unchanged += 1
            return local_id, False
        _update(kind, local_id, values)
        outcome.changed += 1
    elif adopt_id is not None:
        local_id = adopt_id
        _update(kind, local_id, values)
        outcome.changed += 1
    else:
        local_id = model.insert(**values).execute()
        outcome.new += 1
    _link(found, key, local_id, digest, link is not None)
    return local_id, True


def _update(kind: str, local_id: int, values: dict) -> None:
    model = MODELS[kind]
    changes = dict(values)
    if kind in _VERSIONED:
        changes["version"] = model.version + 1
    model.update(**changes).where(model.id == local_id).execute()


def _link(found: Links, key: str, local_id: int, digest: str, linked: bool) -> None:
    if linked:
        ImportLink.update(local_id=local_id, digest=digest).where(
            (ImportLink.source == found.source) & (ImportLink.kind == found.kind)
            & (ImportLink.key == key)).execute()
    else:
        ImportLink.insert(source=found.source, kind=found.kind, key=key, local_id=local_id,
                          digest=digest).execute()
    found.known[key] = (local_id, digest)


def set_meta(kind: str, owner_id: int, values: dict[str, str]) -> None:
    """Replace the custom-field values of one customer, project, activity or record."""
    models.MetaValue.delete().where((models.MetaValue.kind == kind)
                                    & (models.MetaValue.owner_id == owner_id)).execute()
    rows = [(kind, owner_id, name, value) for name, value in sorted(values.items())]
    if rows:
        models.MetaValue.insert_many(rows, fields=[
            models.MetaValue.kind, models.MetaValue.owner_id, models.MetaValue.name,
            models.MetaValue.value]).execute()


def set_team(team_id: int, members: dict[int, bool], customers: list[int],
             projects: list[int], activities: list[int]) -> None:
    """Replace a team's members (user id -> lead?) and the entries it is restricted to."""
    for model in (models.TeamMember, models.TeamCustomer, models.TeamProject,
                  models.TeamActivity):
        model.delete().where(model.team == team_id).execute()
    if members:
        models.TeamMember.insert_many(
            [(team_id, uid, lead) for uid, lead in sorted(members.items())],
            fields=[models.TeamMember.team, models.TeamMember.user,
                    models.TeamMember.lead]).execute()
    for model, column, ids in ((models.TeamCustomer, models.TeamCustomer.customer, customers),
                               (models.TeamProject, models.TeamProject.project, projects),
                               (models.TeamActivity, models.TeamActivity.activity,
                                activities)):
        if ids:
            model.insert_many([(team_id, i) for i in sorted(set(ids))],
                              fields=[model.team, column]).execute()


def find_price_rule(level: str, entity_id: int, user_id: int | None) -> int | None:
    """Our price rule on that entity for that user (None = the catch-all), if any."""
    rule = models.PriceRule
    column = {"customer": rule.customer, "project": rule.project, "activity": rule.activity}[
        level]
    user_cond = rule.user.is_null() if user_id is None else rule.user == user_id
    row = rule.select(rule.id).where((column == entity_id) & user_cond).tuples().first()
    return row[0] if row else None


def user_id_by_name(username: str) -> int | None:
    """Our user with exactly that username, or None."""
    row = models.User.select(models.User.id).where(
        models.User.username == username).tuples().first()
    return row[0] if row else None


def user_id_by_email(email: str) -> int | None:
    """Our first user with that e-mail (case-insensitive), as Kimai's importer matches."""
    row = models.User.select(models.User.id).where(
        fn.LOWER(models.User.email) == email.strip().lower()).order_by(models.User.id
                                                                        ).tuples().first()
    return row[0] if row else None


def remember(source: str, kind: str, key: str, local_id: int) -> None:
    """Link a source KEY (a file row's fingerprint) to the row of ours it became."""
    ImportLink.insert(source=source, kind=kind, key=key, local_id=local_id).execute()


def named_id(kind: str, name: str) -> int | None:
    """Our team or tag of exactly that name."""
    model = MODELS[kind]
    row = model.select(model.id).where(model.name == name).tuples().first()
    return row[0] if row else None


def record_count() -> int:
    """How many records we hold (decides a bulk load)."""
    return models.Timesheet.select().count()


def project_customers() -> dict[int, int]:
    """Our project id -> its customer id (records repeat the customer)."""
    return dict(models.Project.select(models.Project.id, models.Project.customer).tuples())


_MONEY_FIELDS = ("hourly_rate", "fixed_rate", "rate", "internal_rate")


def record_values(stored: tuple, keep_created: bool) -> dict:
    """A record's values as stored (TIMESHEET_FIELDS[1:-3] + modified_ts; money in integer
    ten-thousandths) -> field values for peewee (money as Decimal, flags as bool); created_ts
    only with KEEP_CREATED (a new row), so an update keeps ours."""
    names = TIMESHEET_FIELDS[1:-3] + ("modified_ts",)
    out = dict(zip(names, stored))
    for name in _MONEY_FIELDS:
        if out[name] is not None:
            out[name] = Decimal(out[name]).scaleb(-4)
    out["billable"], out["exported"] = bool(out["billable"]), bool(out["exported"])
    if keep_created:
        out["created_ts"] = out["modified_ts"]
    return out


class RecordWriter:
    """Bulk writes of imported records, with ids chosen here (one import holds the write
    lock; on PostgreSQL the table is locked and its sequence moved past them at the end)."""

    def __init__(self, database: Database, source: str):
        self.database = database
        self.source = source
        if not is_sqlite(database):
            database.execute_sql('LOCK TABLE "timesheet" IN SHARE ROW EXCLUSIVE MODE')
        top = models.Timesheet.select(fn.MAX(models.Timesheet.id)).scalar()
        self.next_id = (top or 0) + 1
        self.deferred: list[tuple[str, str]] = []  # indexes dropped for a bulk load

    def insert(self, rows: list[tuple], tags: list[tuple[int, int]],
               meta: list[tuple[str, int, str, str]], links: list[tuple]) -> None:
        """ROWS in TIMESHEET_FIELDS order as stored (ids from `take_id`; money in integer
        ten-thousandths, flags as bool), TAGS (record, tag), META (kind, record, name, value),
        LINKS (key, record id, digest).

        Plain executemany with the driver's own parameters: peewee's query builder costs
        more than SQLite's insert at this volume (measured: 3/4 of the run)."""
        converted = rows
        columns = [getattr(models.Timesheet, n).column_name for n in TIMESHEET_FIELDS]
        columns[0] = "id"
        self._many("timesheet", columns, converted)
        self._many("timesheet_tag", ["timesheet_id", "tag_id"], tags)
        self._many("meta_value", ["kind", "owner_id", "name", "value"], meta)
        self._many("import_link", ["source", "kind", "key", "local_id", "digest"],
                   [(self.source, "timesheet", key, local_id, digest)
                    for key, local_id, digest in links])

    def _many(self, table: str, columns: list[str], rows: list[tuple]) -> None:
        if not rows:
            return
        mark = self.database.param
        names = ", ".join('"' + c + '"' for c in columns)
        marks = ", ".join(mark for _ in columns)
        sql = f'INSERT INTO "{table}" ({names}) VALUES ({marks})'
        cursor = self.database.cursor()
        cursor.executemany(sql, rows)

    def take_id(self) -> int:
        """The id for the next new record (this import holds the write lock)."""
        local_id = self.next_id
        self.next_id += 1
        return local_id

    def replace(self, local_id: int, values: dict, tag_ids: list[int], meta: dict[str, str],
                key: str, digest: str, relink: bool) -> None:
        """Update one record that changed in the source (or whose row of ours is gone:
        RELINK inserts it anew under LOCAL_ID)."""
        ts = models.Timesheet
        if relink:
            ts.insert(id=local_id, **values).execute()
        else:
            ts.update(**values, version=ts.version + 1).where(ts.id == local_id).execute()
        models.TimesheetTag.delete().where(models.TimesheetTag.timesheet == local_id).execute()
        if tag_ids:
            models.TimesheetTag.insert_many([(local_id, t) for t in tag_ids], fields=[
                models.TimesheetTag.timesheet, models.TimesheetTag.tag]).execute()
        set_meta("timesheet", local_id, meta)
        ImportLink.update(local_id=local_id, digest=digest).where(
            (ImportLink.source == self.source) & (ImportLink.kind == "timesheet")
            & (ImportLink.key == key)).execute()

    def defer_indexes(self) -> None:
        """Drop the secondary indexes of the record tables until `finish` builds them again:
        building an index over sorted rows once is several times cheaper than keeping nine
        indexes up to date row by row. For a large first import (the caller decides); the
        same transaction, so a failing import leaves the indexes as they were."""
        tables = ("timesheet", "timesheet_tag")
        if is_sqlite(self.database):
            rows = self.database.execute_sql(
                "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
                "AND tbl_name IN ('timesheet', 'timesheet_tag')").fetchall()
        else:
            rows = self.database.execute_sql(
                "SELECT i.indexname, i.indexdef FROM pg_indexes i WHERE i.schemaname = "
                "current_schema() AND i.tablename IN %s AND NOT EXISTS (SELECT 1 FROM "
                "pg_constraint c WHERE c.conname = i.indexname)", (tables,)).fetchall()
        self.deferred = [(name, sql) for name, sql in rows]
        for name, _sql in self.deferred:
            self.database.execute_sql(f'DROP INDEX "{name}"')

    def finish(self) -> None:
        """Build the deferred indexes again; on PostgreSQL move the id sequence past the records."""
        for _name, sql in self.deferred:
            self.database.execute_sql(sql)
        self.deferred = []
        if not is_sqlite(self.database):
            self.database.execute_sql(
                "SELECT setval(pg_get_serial_sequence('timesheet', 'id'), "
                "GREATEST((SELECT COALESCE(MAX(id), 0) FROM timesheet), 1))")


def _chunks(rows: list, size: int = _CHUNK):
    for start in range(0, len(rows), size):
        yield rows[start:start + size]
