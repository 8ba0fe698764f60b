"""pytest plugin: run the existing service and CLI suites against PostgreSQL, unchanged.

    KIMAI_TEST_DATABASE=postgresql://postgres@127.0.0.1:5432/kt_suite \
        python -m pytest -p kt_pg_plugin tests/services tests/cli

(with tests/reliability on PYTHONPATH; tests/reliability/test_postgres_suite.py does this,
creating and dropping the database). Every test starts on an empty `public` schema of that
database. The suites open `sqlite:///<tmp>/k.sqlite`; this plugin sends every such URL to the
PostgreSQL database instead:

* in-process (`world` fixtures): kimai_tui.data.db.connect is wrapped;
* CLI subprocesses (tests/cli/cli_support.Cli): the `--database` URL is replaced, and the
  helpers that read the database directly (sql, count, dump) query PostgreSQL.
"""

from __future__ import annotations

import os

import pytest

from kt_rel_support import pg_query, pg_reset_schema

URL = os.environ.get("KIMAI_TEST_DATABASE", "")


def _active() -> bool:
    return URL.startswith(("postgresql://", "postgres://"))


def pytest_report_header(config):
    return f"kt_pg_plugin: database {URL if _active() else '(inactive: not a PostgreSQL URL)'}"


def _patch_cli_support(monkeypatch) -> None:
    import sys

    module = sys.modules.get("cli_support")
    if module is None:
        return
    Cli = module.Cli
    original_init = Cli.__init__

    def __init__(self, *args, **kwargs):
        original_init(self, *args, **kwargs)
        self.database = URL

    def sql(self, query, *params):
        return pg_query(URL, query.replace("?", "%s"), params)

    def dump(self):
        tables = [r[0] for r in pg_query(
            URL, "SELECT table_name FROM information_schema.tables "
                 "WHERE table_schema = 'public' ORDER BY table_name")]
        return [(t, sorted(pg_query(URL, f'SELECT * FROM "{t}"'), key=repr)) for t in tables]

    monkeypatch.setattr(Cli, "__init__", __init__)
    monkeypatch.setattr(Cli, "sql", sql)
    monkeypatch.setattr(Cli, "dump", dump)


@pytest.fixture(autouse=True)
def _kimai_on_postgresql(monkeypatch):
    if not _active():
        yield
        return
    from kimai_tui.data import db
    from kimai_tui.data.models import database_proxy

    if database_proxy.obj is not None and not database_proxy.obj.is_closed():
        database_proxy.obj.close()
    pg_reset_schema(URL)
    original = db.connect

    def connect(url: str):
        if url.startswith("sqlite:///"):
            url = URL
        return original(url)

    monkeypatch.setattr(db, "connect", connect)
    _patch_cli_support(monkeypatch)
    yield
