"""The faces' door to the database connection: open it, name it, tell its schema version.

The command line needs these before any use case runs (`init`, `whoami`, opening a session);
they live in `data/db.py`, which the faces may not import (docs/architecture.md, floors).
"""

from __future__ import annotations

from kimai_tui.data import db

SCHEMA_VERSION = db.SCHEMA_VERSION


def connect(url: str):
    """Open (and if needed create) the database at URL (sqlite:////absolute/path or
    postgresql://…) and migrate it to SCHEMA_VERSION; returns a Peewee Database (typed loosely
    so faces need not import peewee). Raises UsageError for a URL of neither kind."""
    return db.connect(url)


def default_url(environ: dict[str, str] | None = None) -> str:
    """The URL used when neither --database nor kimai.yaml names one (config.md "database")."""
    return db.default_database_url(environ)


def describe_url(url: str) -> str:
    """URL with any password removed, for output and logs."""
    return db.describe_url(url)


def last_write_revision() -> int | None:
    """The write counter (services.live.revision) as this thread's last committed write left
    it, or None when it wrote nothing since `forget_write_revision`. The TUI's service runner
    reads it after a call, so the revision poll knows the change is its own (issue 13)."""
    return db.last_write_revision()


def forget_write_revision() -> None:
    """Start counting this thread's writes afresh (before a service call)."""
    db.forget_write_revision()
