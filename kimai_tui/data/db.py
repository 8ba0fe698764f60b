"""Opening the database from a URL, creating and migrating its schema, and write transactions.

SQLite (the default, embedded) and PostgreSQL go through the same models and queries.
"""

from __future__ import annotations

import os
import threading
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator
from urllib.parse import unquote, urlparse

from peewee import Database, PostgresqlDatabase, SqliteDatabase

from kimai_tui.data import models
from kimai_tui.rules.errors import EnvironmentFailure, UsageError

SCHEMA_VERSION = 12
BUSY_TIMEOUT_SECONDS = 60


def busy_timeout_seconds(environ=None) -> float:
    """How long SQLite waits for another writer's lock before "database is locked":
    BUSY_TIMEOUT_SECONDS, or $KIMAI_TUI_BUSY_TIMEOUT (seconds, > 0; the fault tests use 1)."""
    env = os.environ if environ is None else environ
    try:
        value = float(env.get("KIMAI_TUI_BUSY_TIMEOUT", ""))
    except ValueError:
        return BUSY_TIMEOUT_SECONDS
    return value if 0 < value <= 3600 else BUSY_TIMEOUT_SECONDS


def default_database_url(environ: dict[str, str] | None = None) -> str:
    """$XDG_DATA_HOME/kimai-tui/kimai.sqlite (usually ~/.local/share/kimai-tui/kimai.sqlite)."""
    env = os.environ if environ is None else environ
    base = env.get("XDG_DATA_HOME") or os.path.join(os.path.expanduser("~"), ".local", "share")
    return "sqlite:///" + str(Path(base, "kimai-tui", "kimai.sqlite").absolute())


def describe_url(url: str) -> str:
    """The URL without a password, for `whoami` and error messages."""
    from kimai_tui.redact import redact_url

    return redact_url(url)


def sqlite_path(url: str) -> Path | None:
    if not url.startswith("sqlite:///"):
        return None
    return Path(unquote(url[len("sqlite:///"):]))


def connect(url: str) -> Database:
    """Open (and if needed create) the database named by URL; the schema is migrated."""
    path = sqlite_path(url)
    if path is not None:
        database = _open_sqlite(path)
    elif url.startswith(("postgresql://", "postgres://")):
        database = _open_postgresql(url)
    else:
        raise UsageError(
            f"{url!r} is not a database URL (use sqlite:////absolute/path or postgresql://...)",
            "database",
        )
    models.database_proxy.initialize(database)
    migrate(database)
    return database


def _open_sqlite(path: Path) -> SqliteDatabase:
    if not path.is_absolute():
        raise UsageError(f"{str(path)!r}: the SQLite path must be absolute "
                         "(sqlite:////abs/path)", "database")
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    if not path.exists():
        # Create the file private before SQLite opens it; -wal and -shm inherit this mode.
        fd = os.open(path, os.O_CREAT | os.O_WRONLY, 0o600)
        os.close(fd)
    busy = busy_timeout_seconds()
    database = SqliteDatabase(
        str(path),
        timeout=busy,
        pragmas={
            "journal_mode": "wal",
            "synchronous": "full",  # a committed record survives a crash or power loss
            "foreign_keys": 1,
            "busy_timeout": int(busy * 1000),
            "cache_size": -32000,  # 32 MB page cache
        },
    )
    # SQLite's own LOWER() folds ASCII only; names and tags are compared case-insensitively
    # in every language, so LOWER is Python's here (as it is PostgreSQL's with UTF-8).
    database.register_function(_lower, "lower", 1)
    database.connect()
    return database


def _lower(value):
    return value.lower() if isinstance(value, str) else value


class _PostgresqlDatabase(PostgresqlDatabase):
    """A PostgresqlDatabase that replaces connections the server dropped.

    Each thread keeps its own connection (the TUI's workers run on reused pool threads). After
    the server went away, a thread's old connection fails on its next use, and psycopg2 only
    then marks it closed. `renew` (called when a session sees the database fail) retires every
    connection opened before it: each thread's next statement outside a transaction opens a
    new one, so a session carries on as soon as the database is back (issue "faults lose
    nothing and hide nothing", item 2)."""

    _generation = 0

    def renew(self) -> None:
        self._generation += 1

    def connect(self, reuse_if_open=False):
        opened = super().connect(reuse_if_open)
        self._state.generation = self._generation
        return opened

    def cursor(self, named_cursor=None):
        conn = self._state.conn
        if conn is not None and not self._state.transactions and (
                getattr(conn, "closed", 0)
                or getattr(self._state, "generation", None) != self._generation):
            try:
                conn.close()
            except Exception:  # noqa: BLE001 - it is already broken; we only let go of it
                pass
            self._state.reset()
        return super().cursor(named_cursor)


def renew_connections(database: Database) -> None:
    """After a failure: let every thread open a new connection on its next statement
    (PostgreSQL; SQLite connections are files and need nothing)."""
    if isinstance(database, _PostgresqlDatabase):
        database.renew()


def _open_postgresql(url: str) -> PostgresqlDatabase:
    parsed = urlparse(url)
    name = unquote(parsed.path.lstrip("/")) or "postgres"
    kwargs = {}
    if parsed.username:
        kwargs["user"] = unquote(parsed.username)
    if parsed.password:
        kwargs["password"] = unquote(parsed.password)
    if parsed.hostname:
        kwargs["host"] = parsed.hostname
    if parsed.port:
        kwargs["port"] = parsed.port
    try:
        import psycopg2  # noqa: F401  (only needed for PostgreSQL installations)
    except ImportError as exc:
        raise UsageError("PostgreSQL needs psycopg2: pip install 'kimai-tui[postgres]'",
                         "database") from exc
    database = _PostgresqlDatabase(name, **kwargs)
    try:
        database.connect()
    except Exception as exc:  # psycopg2.OperationalError: server down, bad credentials
        from kimai_tui.redact import redact

        first = redact(str(exc).strip().splitlines()[0]) if str(exc).strip() else ""
        raise EnvironmentFailure(f"cannot connect to {describe_url(url)}: {first}",
                                 "database") from exc
    return database


OPERATOR_ROLE = "kimai_operator"


def is_database_operator(database: Database) -> bool:
    """PostgreSQL: may this connection's role act for other Kimai users (`--as`)?

    cli.md "Identity": the trust lives in the database, never in a kimai.yaml anyone can
    write. True for a member of the role `kimai_operator`, the database's owner and superusers.
    Always False on SQLite (there the file's owner decides, see services.identity)."""
    if is_sqlite(database):
        return False
    row = database.execute_sql(
        "SELECT EXISTS (SELECT 1 FROM pg_roles r WHERE r.rolname = %s "
        "               AND pg_has_role(current_user, r.oid, 'MEMBER'))"
        " OR (SELECT rolsuper FROM pg_roles WHERE rolname = current_user)"
        " OR current_user = (SELECT pg_get_userbyid(datdba) FROM pg_database"
        "                    WHERE datname = current_database())", (OPERATOR_ROLE,)).fetchone()
    return bool(row and row[0])


def is_sqlite(database: Database) -> bool:
    return isinstance(database, SqliteDatabase)


@contextmanager
def write_transaction(database: Database, lock_user_id: int | None = None,
                      lock_users: bool = False) -> Iterator[None]:
    """One write transaction that holds the write lock from its first statement.

    SQLite: BEGIN IMMEDIATE takes the database write lock before anything is read, so counting
    running records and inserting one cannot interleave with another process.
    PostgreSQL: the acting user's row is locked FOR UPDATE, which serialises that user's writes;
    LOCK_USERS locks the user table against other writers (the first super admin of an empty
    database is created once, however many first starts race).
    """
    if database.in_transaction():
        with database.atomic():
            yield
        return
    if is_sqlite(database):
        with database.atomic("IMMEDIATE"):
            yield
            counter = _bump_revision()
    else:
        with database.atomic():
            if lock_users:
                database.execute_sql('LOCK TABLE "user" IN SHARE ROW EXCLUSIVE MODE')
            if lock_user_id is not None:
                database.execute_sql('SELECT id FROM "user" WHERE id = %s FOR UPDATE',
                                     (lock_user_id,))
            yield
            counter = _bump_revision()
    _written.revision = counter  # committed: this thread's write is at this revision


_written = threading.local()


def _bump_revision() -> int:
    """Count one more write; the new counter (exact: the write lock is held)."""
    models.Revision.update(counter=models.Revision.counter + 1).where(
        models.Revision.id == 1).execute()
    return revision()


def last_write_revision() -> int | None:
    """The revision (see `revision`) made by this thread's last committed write
    transaction; None when it made none since `forget_write_revision`."""
    return getattr(_written, "revision", None)


def forget_write_revision() -> None:
    _written.revision = None


def writable(database: Database) -> bool:
    """Could a write start now? SQLite: take and drop the write lock without waiting (reads
    go on while another program holds it, so a read says nothing). PostgreSQL: True (a
    failed connection shows as an error on any statement)."""
    if not is_sqlite(database) or database.in_transaction():
        return True
    import sqlite3

    conn = database.connection()
    previous = conn.execute("PRAGMA busy_timeout").fetchone()[0]
    conn.execute("PRAGMA busy_timeout = 0")
    try:
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("ROLLBACK")
        return True
    except sqlite3.OperationalError:
        return False
    finally:
        conn.execute(f"PRAGMA busy_timeout = {int(previous)}")


def revision() -> int:
    """The write counter: it changes whenever any session commits a write."""
    row = models.Revision.select(models.Revision.counter).where(
        models.Revision.id == 1).tuples().first()
    return row[0] if row else 0


# Each migration takes the database from version N-1 to N. Version 1 is the first schema.
def _migration_1(database: Database) -> None:
    database.create_tables([m for m in models.ALL_MODELS if m is not models.Revision],
                           safe=True)


def _migration_2(database: Database) -> None:
    database.create_tables([models.Revision], safe=True)
    if not models.Revision.select().where(models.Revision.id == 1).exists():
        models.Revision.insert(id=1, counter=0).execute()


# Version 3: indexes the query plans at a million records asked for.
_REDUNDANT_INDEXES = ("timesheet_user_id", "timesheet_customer_id", "timesheet_project_id",
                      "timesheet_activity_id", "timesheettag_timesheet_id",
                      "timesheettag_tag_id", "timesheet_tag_timesheet_id",
                      "timesheet_tag_tag_id", "timesheet_user_id_end_ts")


def _migration_3(database: Database) -> None:
    for name in _REDUNDANT_INDEXES:  # covered by composite indexes that lead with the column
        database.execute_sql(f'DROP INDEX IF EXISTS "{name}"')
    # Running records of a user: a handful of rows, found without touching the history.
    database.execute_sql('CREATE INDEX IF NOT EXISTS "timesheet_running" ON "timesheet" '
                         '("user_id", "begin_ts") WHERE "end_ts" IS NULL')
    database.execute_sql('CREATE INDEX IF NOT EXISTS "timesheet_day_customer_id_project_id" '
                         'ON "timesheet" ("day", "customer_id", "project_id")')


# Version 4: a version counter on every row an editor can change (optimistic concurrency).
VERSIONED = (models.User, models.Customer, models.Project, models.Activity, models.Team,
             models.Timesheet)


def _migration_4(database: Database) -> None:
    for model in VERSIONED:
        table = model._meta.table_name
        if "version" not in {c.name for c in database.get_columns(table)}:
            database.execute_sql(f'ALTER TABLE "{table}" ADD COLUMN "version" INTEGER '
                                 "NOT NULL DEFAULT 1")


def _migration_invoices(database: Database) -> None:
    """Invoicing: templates, the invoice archive, the records of each invoice."""
    from kimai_tui.data.invoice_models import INVOICE_MODELS

    database.create_tables(INVOICE_MODELS, safe=True)


def _migration_approvals(database: Database) -> None:
    """Week approval: the state of each submitted week and the history of its transitions."""
    from kimai_tui.data.approval_models import APPROVAL_MODELS

    database.create_tables(APPROVAL_MODELS, safe=True)


def _migration_favorites(database: Database) -> None:
    """Favourites: a user's named record templates."""
    from kimai_tui.data.favorite_models import FAVORITE_MODELS

    database.create_tables(FAVORITE_MODELS, safe=True)


def _migration_actual_times(database: Database) -> None:
    """Actual begin and end beside the rounded ones (rules.md "Decision (actual
    and billed times)"); the records before it get actual = rounded. And the user's
    preference for durations in decimal hours (rules.md §Markdown and display)."""
    columns = {c.name for c in database.get_columns("timesheet")}
    for name in ("actual_begin_ts", "actual_end_ts"):
        if name not in columns:
            database.execute_sql(f'ALTER TABLE "timesheet" ADD COLUMN "{name}" BIGINT')
    database.execute_sql('UPDATE "timesheet" SET "actual_begin_ts" = "begin_ts", '
                         '"actual_end_ts" = "end_ts" WHERE "actual_begin_ts" IS NULL')
    if "decimal_hours" not in {c.name for c in database.get_columns("user")}:
        database.execute_sql('ALTER TABLE "user" ADD COLUMN "decimal_hours" BOOLEAN '
                             "NOT NULL DEFAULT FALSE")


def _migration_import_links(database: Database) -> None:
    """Imports from Kimai: which Kimai id became which of our rows (issue 19)."""
    from kimai_tui.data.import_models import IMPORT_MODELS

    database.create_tables(IMPORT_MODELS, safe=True)


def _migration_interruptions(database: Database) -> None:
    """The interrupt stack: records stopped for an interruption, to continue afterwards."""
    from kimai_tui.data.interrupt_models import INTERRUPT_MODELS

    database.create_tables(INTERRUPT_MODELS, safe=True)


def _migration_breaks(database: Database) -> None:
    """Kimai 2's break (seconds of pause inside a record) and the pause of a running record."""
    columns = {c.name for c in database.get_columns("timesheet")}
    if "break_seconds" not in columns:
        database.execute_sql('ALTER TABLE "timesheet" ADD COLUMN "break_seconds" INTEGER '
                             "NOT NULL DEFAULT 0")
    if "paused_ts" not in columns:
        database.execute_sql('ALTER TABLE "timesheet" ADD COLUMN "paused_ts" BIGINT')


def _migration_running_order(database: Database) -> None:
    """Every running record newest first (the admin's team board, the "running" state of a
    listing without a user filter) from a partial index of the running rows only: the
    begin_ts index walked the whole history to find them (0.5 s at a million, issue 18)."""
    database.execute_sql('CREATE INDEX IF NOT EXISTS "timesheet_running_begin" ON "timesheet" '
                         '("begin_ts", "id") WHERE "end_ts" IS NULL')


MIGRATIONS = {1: _migration_1, 2: _migration_2, 3: _migration_3, 4: _migration_4,
              5: _migration_invoices, 6: _migration_approvals, 7: _migration_favorites,
              8: _migration_actual_times, 9: _migration_import_links,
              10: _migration_interruptions, 11: _migration_breaks,
              12: _migration_running_order}


def current_version(database: Database) -> int:
    if not database.table_exists(models.SchemaVersion._meta.table_name):
        return 0
    row = models.SchemaVersion.select().order_by(models.SchemaVersion.version.desc()).first()
    return row.version if row else 0


def migrate(database: Database) -> int:
    """Bring the schema up to SCHEMA_VERSION; safe when two processes start at once."""
    if current_version(database) == SCHEMA_VERSION:
        return SCHEMA_VERSION
    with write_transaction(database):
        if is_sqlite(database) is False:
            # Serialise concurrent first starts on PostgreSQL.
            database.execute_sql("SELECT pg_advisory_xact_lock(4242001)")
        version = current_version(database)
        if version > SCHEMA_VERSION:
            raise UsageError(
                f"the database has schema version {version}, newer than this kimai-tui "
                f"({SCHEMA_VERSION}): upgrade kimai-tui", "database")
        for target in range(version + 1, SCHEMA_VERSION + 1):
            MIGRATIONS[target](database)
            models.SchemaVersion.delete().execute()
            models.SchemaVersion.create(version=target)
    return SCHEMA_VERSION
