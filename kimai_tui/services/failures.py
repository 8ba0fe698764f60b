"""Environment failures: what went wrong around us, said in one line (issue "faults lose
nothing and hide nothing").

A database driver raises its own exceptions (peewee's, sqlite3's, psycopg2's) with messages
meant for programmers. `classify` turns those that mean "the environment failed" into an
`EnvironmentFailure` (exit 4) that says what is wrong and what to do; anything else is not
ours to explain and stays a bug (exit 5, errorlog). It reads the exception's type, errno and
message only, so the faces can use it without importing a driver.
"""

from __future__ import annotations

import errno

from kimai_tui.redact import redact
from kimai_tui.rules.errors import EnvironmentFailure

_DRIVER_MODULES = ("peewee", "sqlite3", "psycopg2", "psycopg")

# (substring of the driver's message, lower case) -> (kind, what to say)
_SQLITE = (
    ("file is not a database", ("damaged", "the database file is damaged or not a SQLite "
                                "database; restore it from a backup")),
    ("malformed", ("damaged", "the database file is damaged (malformed); restore it from a "
                              "backup")),
    ("database or disk is full", ("full", "the disk holding the database is full; nothing "
                                          "was written")),
    ("readonly database", ("read-only", "the database is read-only for you: its file and "
                                        "folder (and the -wal/-shm files beside it) must be "
                                        "writable; in a group-owned set-up make the folder "
                                        "setgid (chmod g+s) and the files group-writable")),
    ("unable to open database", ("unavailable", "cannot open the database file or the "
                                                "-wal/-shm files beside it: its folder must "
                                                "exist and be writable for you; in a "
                                                "group-owned set-up make the folder setgid "
                                                "(chmod g+s) and the files group-writable")),
    ("database is locked", ("locked", "the database is locked by another program; try again "
                                      "in a moment")),
    ("database table is locked", ("locked", "the database is locked by another program; try "
                                            "again in a moment")),
    ("disk i/o error", ("unavailable", "the disk holding the database reported an I/O error")),
)
_CONNECTION = ("server closed the connection", "connection already closed", "could not connect",
               "terminating connection", "connection refused", "no connection to the server",
               "ssl connection has been closed", "connection to server", "the database system is",
               "cannot connect")


def classify(exc: BaseException) -> EnvironmentFailure | None:
    """An EnvironmentFailure (with `kind` set: damaged, full, read-only, unavailable, locked)
    when EXC means the environment failed, else None."""
    if isinstance(exc, EnvironmentFailure):
        return exc
    if isinstance(exc, OSError) and exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return _failure("full", "the disk is full; nothing was written")
    if isinstance(exc, OSError) and exc.errno == errno.EROFS:
        return _failure("read-only", "the file system is read-only; nothing was written")
    if not _from_driver(exc):
        return None
    message = str(exc).strip().lower()
    for needle, (kind, text) in _SQLITE:
        if needle in message:
            return _failure(kind, text)
    name = type(exc).__name__
    if name in ("InterfaceError", "OperationalError") and (
            any(n in message for n in _CONNECTION) or not message):
        first = redact(str(exc).strip().splitlines()[0]) if str(exc).strip() else name
        return _failure("unavailable", f"the database is unavailable ({first})")
    return None


def _from_driver(exc: BaseException) -> bool:
    for kind in type(exc).__mro__:
        if kind.__module__.split(".")[0] in _DRIVER_MODULES:
            return True
    return False


def _failure(kind: str, message: str) -> EnvironmentFailure:
    failure = EnvironmentFailure(message, "database")
    failure.kind = kind
    return failure


def renew_connections(ctx) -> None:
    """A session saw the database fail: connections opened before are not trusted again
    (each thread reconnects on its next statement)."""
    from kimai_tui.data.db import renew_connections as renew

    renew(ctx.database)


def still_failing(ctx, failure) -> bool:
    """After FAILURE, does the database still refuse? A lock is checked with a write probe
    (reads work meanwhile); other failures were checked by the read that just worked."""
    from kimai_tui.data.db import writable

    return failure.kind == "locked" and not writable(ctx.database)
