"""Support for the Kimai import tests: a generated Kimai database in MariaDB (scripts/
kimai_world.py), our database in tmp_path, a super admin's Context, and the totals on both
sides.

MariaDB on 127.0.0.1:3306 (root, no password; .ci/run starts it). Where none answers, these
tests are skipped and the reason is printed (pytest -rs).
"""

from __future__ import annotations

import os
import sys
import uuid
from decimal import Decimal
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "scripts"))

import kimai_world  # noqa: E402

HOST = os.environ.get("KIMAI_TEST_MYSQL_HOST", "127.0.0.1")


def mariadb_or_skip() -> None:
    try:
        kimai_world.connect().close()
    except Exception as exc:  # noqa: BLE001 - any failure means: no server to test against
        pytest.skip(f"no MariaDB/MySQL answers on {HOST}:3306 as root ({exc}); "
                    "start one (.ci/run does) to run the Kimai import tests")


def kimai_database(records: int, users: int = 100, seed: int = 1):
    """A generated Kimai database; yields (name, url, facts) and drops it afterwards."""
    mariadb_or_skip()
    name = f"kt_test_{uuid.uuid4().hex[:10]}"
    kimai_world.create(name)
    try:
        facts = kimai_world.fill(name, users=users, records=records, seed=seed)
        yield name, f"mysql://root@{HOST}:3306/{name}", facts
    finally:
        kimai_world.drop(name)


def ours(tmp_path, admin: str = "admin"):
    """Our database (SQLite in tmp_path) with one super admin; returns (database, Context)."""
    from kimai_tui.data import db
    from kimai_tui.services import identity
    from kimai_tui.services.context import Context
    from kimai_tui.settings import Settings

    database = db.connect("sqlite:///" + str(tmp_path / "ours.sqlite"))
    settings = Settings()
    user = identity.bootstrap(database, settings, admin)
    return database, Context(settings, database, user)


def kimai_totals(name: str) -> dict[tuple[str, str, int], tuple[int, Decimal, int]]:
    """Kimai's own totals: (username, customer, yyyymm of date_tz) -> (seconds, amount to 4
    decimals, records), over the records whose user exists."""
    conn = kimai_world.connect(name)
    with conn.cursor() as cur:
        cur.execute(
            "SELECT u.username, c.name, DATE_FORMAT(t.date_tz, '%Y%m'), SUM(t.duration), "
            "CAST(SUM(ROUND(t.rate, 4)) AS DECIMAL(20, 4)), COUNT(*) FROM kimai2_timesheet t "
            "JOIN kimai2_users u ON u.id = t.`user` JOIN kimai2_projects p ON p.id = "
            "t.project_id JOIN kimai2_customers c ON c.id = p.customer_id "
            "GROUP BY u.username, c.name, DATE_FORMAT(t.date_tz, '%Y%m')")
        rows = cur.fetchall()
    conn.close()
    return {(u, c, int(m)): (int(s), Decimal(a).quantize(Decimal("0.0001")), int(n))
            for u, c, m, s, a, n in rows}


def our_totals(database) -> dict[tuple[str, str, int], tuple[int, Decimal, int]]:
    """The same totals from our tables (money is stored in 1/10000)."""
    rows = database.execute_sql(
        'SELECT u.username, c.name, t.day / 100, SUM(t.duration), SUM(t.rate), COUNT(*) '
        'FROM timesheet t JOIN "user" u ON u.id = t.user_id JOIN customer c ON '
        'c.id = t.customer_id GROUP BY u.username, c.name, t.day / 100').fetchall()
    return {(u, c, int(m)): (int(s), (Decimal(int(a)) / 10000).quantize(Decimal("0.0001")),
                             int(n)) for u, c, m, s, a, n in rows}


def snapshot(database) -> list[tuple]:
    """Everything an import writes, for "a second run changes nothing" and "a kill and a
    re-run give the same result"."""
    out = []
    for table, order in (("timesheet", "id"), ("customer", "id"), ("project", "id"),
                         ("activity", "id"), ('"user"', "id"), ("team", "id"),
                         ("team_member", "team_id, user_id"), ("price_rule", "id"),
                         ("tag", "id"), ("timesheet_tag", "timesheet_id, tag_id"),
                         ("meta_value", "kind, owner_id, name"),
                         ("import_link", "source, kind, key")):
        out.append((table, database.execute_sql(
            f"SELECT * FROM {table} ORDER BY {order}").fetchall()))
    return out
