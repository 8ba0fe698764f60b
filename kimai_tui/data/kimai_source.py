"""Reading a Kimai 2 database (MySQL or MariaDB), read-only, through PyMySQL.

PyMySQL is imported here only, and only when `import kimai` runs (other commands keep it out
of the process at start-up, cli/main.py). The connection runs one read-only transaction with a
consistent snapshot: every table is read as of the same moment, and the server refuses any
write. Rows come back as dicts; DATETIME columns as naive datetimes holding UTC wall-clock time
(Kimai's UTCDateTimeType); the session time zone is set to UTC so that UNIX_TIMESTAMP() of
those columns gives the epoch seconds.

The password never comes from the URL in the docs: $KIMAI_MYSQL_PASSWORD, else $MYSQL_PWD
(the MySQL client's own variable), else `password` in the [client] section of an option file
(`--defaults-file`, else ~/.my.cnf), as the mysql client reads it.
"""

from __future__ import annotations

import configparser
import os
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator
from urllib.parse import unquote, urlparse

from kimai_tui.rules.errors import EnvironmentFailure, UsageError

TIMESHEET_COLUMNS = (
    "t.id, t.`user` AS user_id, t.project_id, t.activity_id, UNIX_TIMESTAMP(t.start_time) AS "
    "begin_ts, UNIX_TIMESTAMP(t.end_time) AS end_ts, t.timezone, t.duration, t.description, "
    "t.rate, t.fixed_rate, t.hourly_rate, t.internal_rate, t.exported, t.billable, "
    "UNIX_TIMESTAMP(t.modified_at) AS modified_ts")


@dataclass(frozen=True)
class SourceUrl:
    """mysql://USER@HOST[:PORT]/DB, parsed. `password` only if the URL carried one."""

    user: str
    host: str
    port: int
    database: str
    password: str | None = None

    def describe(self) -> str:
        """The URL without any password (for reports and errors)."""
        return f"mysql://{self.user}@{self.host}:{self.port}/{self.database}"


def parse_url(url: str) -> SourceUrl:
    """mysql://USER@HOST[:PORT]/DB (also mariadb://) -> SourceUrl; UsageError saying the
    accepted form otherwise. Port 3306 when none is given."""
    parsed = urlparse(url.strip())
    usage = ("use mysql://USER@HOST[:PORT]/DATABASE (the password from $KIMAI_MYSQL_PASSWORD, "
             "$MYSQL_PWD or ~/.my.cnf)")
    if parsed.scheme not in ("mysql", "mariadb") or not parsed.hostname:
        raise UsageError(f"{url!r} is not a Kimai database URL: {usage}", "from")
    database = unquote(parsed.path.lstrip("/"))
    if not database or "/" in database:
        raise UsageError(f"{url!r} names no database: {usage}", "from")
    try:
        port = parsed.port or 3306
    except ValueError:
        raise UsageError(f"{url!r} has a port that is not a number: {usage}", "from") from None
    return SourceUrl(user=unquote(parsed.username or ""), host=parsed.hostname, port=port,
                     database=database,
                     password=unquote(parsed.password) if parsed.password else None)


def option_file_values(path: Path) -> dict[str, str]:
    """The [client] section of a MySQL option file (user, password, host, port); {} when the
    file is missing. A file that others may write is refused, as the mysql client ignores it."""
    try:
        info = path.stat()
    except FileNotFoundError:
        return {}
    if info.st_mode & stat.S_IWOTH:
        raise UsageError(f"{path} may be written by anyone: refused (chmod 600 {path})",
                         "defaults-file")
    parser = configparser.ConfigParser(allow_no_value=True, strict=False,
                                       interpolation=None, comment_prefixes=("#", ";"))
    try:
        parser.read_string("\n".join(line for line in path.read_text().splitlines()
                                     if not line.lstrip().startswith("!")))
    except (configparser.Error, UnicodeDecodeError, OSError) as exc:
        raise UsageError(f"{path}: not a MySQL option file ({exc})", "defaults-file") from exc
    out = {}
    for section in ("client", "mysql"):
        if parser.has_section(section):
            for key in ("user", "password", "host", "port"):
                value = parser.get(section, key, fallback=None)
                if value is not None and key not in out:
                    out[key] = value.strip().strip('"').strip("'")
    return out


def credentials(source: SourceUrl, environ, defaults_file: str | None
                ) -> tuple[str, str | None]:
    """(user, password) for the connection: the URL's user, else the option file's, else the
    OS login; the password from the URL, $KIMAI_MYSQL_PASSWORD, $MYSQL_PWD, then the option
    file."""
    path = Path(defaults_file).expanduser() if defaults_file else \
        Path(environ.get("HOME") or os.path.expanduser("~"), ".my.cnf")
    if defaults_file and not path.exists():
        raise UsageError(f"{defaults_file}: no such option file", "defaults-file")
    options = option_file_values(path)
    user = source.user or options.get("user") or ""
    password = (source.password or environ.get("KIMAI_MYSQL_PASSWORD")
                or environ.get("MYSQL_PWD") or options.get("password"))
    if not user:
        import getpass

        user = getpass.getuser()
    return user, password


class KimaiSource:
    """One read-only, consistent-snapshot connection to a Kimai database."""

    def __init__(self, url: str, environ=None, defaults_file: str | None = None):
        self.url = parse_url(url)
        environ = os.environ if environ is None else environ
        user, password = credentials(self.url, environ, defaults_file)
        _unblock_driver()
        try:
            import pymysql
            import pymysql.cursors
        except ImportError as exc:  # pragma: no cover - a dependency of kimai-tui
            raise EnvironmentFailure("reading Kimai needs PyMySQL: pip install PyMySQL",
                                     "from") from exc
        self._pymysql = pymysql
        try:
            self.connection = pymysql.connect(
                host=self.url.host, port=self.url.port, user=user, password=password or "",
                database=self.url.database, charset="utf8mb4", autocommit=False,
                cursorclass=pymysql.cursors.DictCursor, connect_timeout=10)
        except pymysql.MySQLError as exc:
            raise EnvironmentFailure(f"cannot read Kimai at {self.url.describe()}: "
                                     f"{_first_line(exc)}", "from") from exc
        with self.connection.cursor() as cursor:
            cursor.execute("SET SESSION time_zone = '+00:00'")
            cursor.execute("SET SESSION TRANSACTION ISOLATION LEVEL REPEATABLE READ")
            cursor.execute("START TRANSACTION WITH CONSISTENT SNAPSHOT, READ ONLY")
        self.columns = self._columns()
        if "kimai2_timesheet" not in self.columns:
            self.close()
            raise UsageError(f"{self.url.describe()} holds no Kimai 2 tables (kimai2_timesheet "
                             "is missing)", "from")

    def _columns(self) -> dict[str, set[str]]:
        rows = self.query("SELECT TABLE_NAME AS t, COLUMN_NAME AS c FROM information_schema."
                          "COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME LIKE "
                          "'kimai2\\_%%'")
        out: dict[str, set[str]] = {}
        for row in rows:
            out.setdefault(row["t"], set()).add(row["c"])
        return out

    def has(self, table: str, column: str | None = None) -> bool:
        """Does this Kimai version have TABLE (and COLUMN)? (Kimai 2.x added columns over
        time: break in 2.23, number in 2.14, address lines in 2.41.)"""
        cols = self.columns.get(table)
        return cols is not None and (column is None or column in cols)

    def query(self, sql: str, args=()) -> list[dict]:
        """All rows of a small query (the catalogue, users, teams)."""
        try:
            with self.connection.cursor() as cursor:
                cursor.execute(sql, args)
                return list(cursor.fetchall())
        except self._pymysql.MySQLError as exc:
            raise EnvironmentFailure(f"reading Kimai at {self.url.describe()} failed: "
                                     f"{_first_line(exc)}", "from") from exc

    def table(self, table: str, order: str = "id") -> list[dict]:
        """Every row of a small Kimai table (empty when this version lacks it)."""
        if table not in self.columns:
            return []
        return self.query(f"SELECT * FROM `{table}` ORDER BY {order}")

    def count(self, table: str) -> int:
        """Rows in a Kimai table (0 when this version lacks it)."""
        if table not in self.columns:
            return 0
        return int(self.query(f"SELECT COUNT(*) AS n FROM `{table}`")[0]["n"])

    def prefetched_batches(self, size: int = 5000, ahead: int = 2):
        """`timesheet_batches`, read by a helper thread up to AHEAD batches ahead, so that
        reading Kimai and writing ours overlap. Errors of the reader surface here. The
        connection is used by that thread alone until the batches are exhausted."""
        import queue
        import threading

        pipe: queue.Queue = queue.Queue(maxsize=ahead)
        stop = threading.Event()
        done = object()

        def read() -> None:
            try:
                for batch in self.timesheet_batches(size):
                    while not stop.is_set():
                        try:
                            pipe.put(batch, timeout=0.2)
                            break
                        except queue.Full:
                            continue
                    if stop.is_set():
                        return
                pipe.put(done)
            except BaseException as exc:  # noqa: BLE001 - handed to the consumer
                pipe.put(exc)

        reader = threading.Thread(target=read, name="kimai-reader", daemon=True)
        reader.start()
        try:
            while True:
                item = pipe.get()
                if item is done:
                    return
                if isinstance(item, BaseException):
                    raise item
                yield item
        finally:
            stop.set()
            reader.join(timeout=5)

    def timesheet_batches(self, size: int = 5000) -> Iterator[tuple[list[dict],
                                                                    dict[int, list[int]],
                                                                    dict[int, dict[str, str]]]]:
        """Kimai's records in id order, SIZE at a time (keyset pages: memory stays flat),
        each page with its tag ids (record id -> [tag id]) and meta values (record id ->
        {name: value}). Rows: TIMESHEET_COLUMNS, plus `break` (0 where Kimai has none)."""
        brk = ", COALESCE(t.`break`, 0) AS break_seconds" if self.has(
            "kimai2_timesheet", "break") else ", 0 AS break_seconds"
        sql = (f"SELECT {TIMESHEET_COLUMNS}{brk} FROM kimai2_timesheet t WHERE t.id > %s "
               f"ORDER BY t.id LIMIT %s")
        last = 0
        while True:
            rows = self.query(sql, (last, size))
            if not rows:
                return
            low, high = rows[0]["id"], rows[-1]["id"]
            tags: dict[int, list[int]] = {}
            for row in self.query("SELECT timesheet_id AS r, tag_id AS g FROM "
                                  "kimai2_timesheet_tags WHERE timesheet_id BETWEEN %s AND %s "
                                  "ORDER BY timesheet_id, tag_id", (low, high)):
                tags.setdefault(row["r"], []).append(row["g"])
            meta: dict[int, dict[str, str]] = {}
            if "kimai2_timesheet_meta" in self.columns:
                for row in self.query("SELECT timesheet_id AS r, name, value FROM "
                                      "kimai2_timesheet_meta WHERE timesheet_id BETWEEN %s "
                                      "AND %s", (low, high)):
                    meta.setdefault(row["r"], {})[row["name"]] = row["value"]
            yield rows, tags, meta
            last = high

    def close(self) -> None:
        """End the read-only snapshot and the connection."""
        try:
            self.connection.rollback()
            self.connection.close()
        except Exception:  # noqa: BLE001 - closing a read-only snapshot; nothing to keep
            pass


def _unblock_driver() -> None:
    """Start-up keeps PyMySQL out of every session (cli/main.py skip_unused_drivers marks it
    unimportable before peewee loads). Peewee is loaded by now, so the import screen of a TUI
    session may load the driver after all."""
    import sys

    if "pymysql" in sys.modules and sys.modules["pymysql"] is None:
        del sys.modules["pymysql"]


def _first_line(exc: Exception) -> str:
    text = str(exc.args[1] if len(getattr(exc, "args", ())) > 1 else exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__
