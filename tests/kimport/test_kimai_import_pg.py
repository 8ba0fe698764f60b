"""`import kimai` into PostgreSQL: the records' ids are chosen by the importer, so the
sequence must move past them (a record added afterwards gets a new id); totals as on SQLite.
Skipped with the reason when no PostgreSQL answers (KIMAI_TEST_PG_SERVER)."""

from __future__ import annotations

import os
import uuid
from urllib.parse import urlparse, urlunparse

import pytest

from kimport_support import kimai_totals, our_totals, snapshot
from kimai_tui.data import models

pytestmark = pytest.mark.mariadb

SERVER = os.environ.get("KIMAI_TEST_PG_SERVER") or "postgresql://postgres@127.0.0.1:5432/postgres"


def _admin(sql: str) -> None:
    import psycopg2

    p = urlparse(SERVER)
    conn = psycopg2.connect(dbname=p.path.lstrip("/") or "postgres", user=p.username,
                            password=p.password, host=p.hostname, port=p.port or 5432,
                            connect_timeout=3)
    conn.autocommit = True
    with conn.cursor() as cur:
        cur.execute(sql)
    conn.close()


def _indexes(database) -> list:
    return sorted(database.execute_sql(
        "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema()"
    ).fetchall())


@pytest.fixture
def pg_url():
    name = f"kt_import_{uuid.uuid4().hex[:10]}"
    try:
        _admin(f'CREATE DATABASE "{name}"')
    except Exception as exc:  # noqa: BLE001 - no server: skip with the reason
        pytest.skip(f"PostgreSQL tests skipped: {exc} (set KIMAI_TEST_PG_SERVER)")
    yield urlunparse(urlparse(SERVER)._replace(path="/" + name))
    _admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_import_into_postgresql_matches_kimai_and_moves_the_sequence(pg_url, kimai_small,
                                                                    monkeypatch):
    from kimai_tui.data import db
    from kimai_tui.services import kimai_records_import

    monkeypatch.setattr(kimai_records_import, "BULK", 0)  # the bulk load path: indexes rebuilt
    from kimai_tui.services import identity, kimai_import
    from kimai_tui.services.context import Context
    from kimai_tui.settings import Settings

    name, url, facts = kimai_small
    database = db.connect(pg_url)
    ctx = Context(Settings(), database, identity.bootstrap(database, Settings(), "admin"))
    indexes = _indexes(database)
    kimai_import.import_kimai(ctx, url)
    assert _indexes(database) == indexes
    assert our_totals(database) == kimai_totals(name)
    before = snapshot(database)
    assert kimai_import.import_kimai(ctx, url).written == 0 and snapshot(database) == before
    top = models.Timesheet.select().order_by(models.Timesheet.id.desc()).first()
    added = models.Timesheet.insert(
        user=top.user_id, customer=top.customer_id, project=top.project_id,
        activity=top.activity_id, begin_ts=0, day=19700101, timezone="UTC", created_ts=0,
        modified_ts=0).execute()
    assert added > top.id
    database.close()
