"""Reliability and security tests (issue #6). Fixtures:

* `database_url`: the database a test runs against, parametrised over SQLite (a file in
  tmp_path) and PostgreSQL (a fresh database, dropped afterwards; skipped with a reason when
  the server is unreachable). KIMAI_TEST_DATABASE=sqlite or =postgresql[://server/db] pins one
  backend; KIMAI_TEST_PG_SERVER names the server (default postgresql://postgres@127.0.0.1:5432).
* KIMAI_RELIABILITY_FULL=1 turns on the big runs (more workers, kills and examples).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from kt_rel_support import (pg_create_database, pg_drop_database,  # noqa: E402
                            pg_unreachable_reason)


def _backends() -> list[str]:
    pinned = os.environ.get("KIMAI_TEST_DATABASE", "")
    if pinned.startswith("sqlite"):
        return ["sqlite"]
    if pinned.startswith("postgres"):
        return ["postgresql"]
    return ["sqlite", "postgresql"]


@pytest.fixture(params=_backends())
def database_url(request, tmp_path):
    if request.param == "sqlite":
        yield "sqlite:///" + str(tmp_path / "k.sqlite")
        return
    reason = pg_unreachable_reason()
    if reason:
        pytest.skip(f"PostgreSQL tests skipped: {reason} (set KIMAI_TEST_PG_SERVER)")
    url = pg_create_database()
    try:
        yield url
    finally:
        from kimai_tui.data.models import database_proxy

        if database_proxy.obj is not None and not database_proxy.obj.is_closed():
            database_proxy.obj.close()
        pg_drop_database(url)
