"""Helpers of the reliability tests (a unique module name: tests/conftest.py imports the
other suites' helpers by bare name)."""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from pathlib import Path
from urllib.parse import urlparse, urlunparse

REPO = Path(__file__).resolve().parents[2]
SCRIPTS = REPO / "scripts"


def _default_server() -> str:
    pinned = os.environ.get("KIMAI_TEST_DATABASE", "")
    if pinned.startswith("postgres") and "://" in pinned:
        return urlunparse(urlparse(pinned)._replace(path="/postgres"))
    return "postgresql://postgres@127.0.0.1:5432/postgres"


PG_SERVER = os.environ.get("KIMAI_TEST_PG_SERVER") or _default_server()
# Bigger runs (more workers, kills, examples) when set: KIMAI_RELIABILITY_FULL=1.
FULL = os.environ.get("KIMAI_RELIABILITY_FULL", "") not in ("", "0")

if str(SCRIPTS) not in sys.path:
    sys.path.insert(0, str(SCRIPTS))


def _pg_connect(url: str):
    import psycopg2

    p = urlparse(url)
    return psycopg2.connect(dbname=p.path.lstrip("/") or "postgres", user=p.username,
                            password=p.password, host=p.hostname, port=p.port or 5432,
                            connect_timeout=3)


def pg_unreachable_reason(server: str = PG_SERVER) -> str | None:
    """None when a PostgreSQL server answers at `server`, else why not."""
    try:
        conn = _pg_connect(server)
    except ImportError:
        return "psycopg2 is not installed (pip install 'kimai-tui[postgres]')"
    except Exception as exc:  # psycopg2.OperationalError
        return f"PostgreSQL at {server} is unreachable: {str(exc).strip()}"
    conn.close()
    return None


def pg_create_database(prefix: str = "kt_rel", server: str = PG_SERVER) -> str:
    """A fresh, empty database on the server; returns its URL."""
    name = f"{prefix}_{uuid.uuid4().hex[:10]}"
    conn = _pg_connect(server)
    conn.autocommit = True
    with conn.cursor() as cur:
        cur.execute(f'CREATE DATABASE "{name}"')
    conn.close()
    return urlunparse(urlparse(server)._replace(path="/" + name))


def pg_drop_database(url: str, server: str = PG_SERVER) -> None:
    name = urlparse(url).path.lstrip("/")
    conn = _pg_connect(server)
    conn.autocommit = True
    with conn.cursor() as cur:
        cur.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    conn.close()


def pg_reset_schema(url: str) -> None:
    conn = _pg_connect(url)
    conn.autocommit = True
    with conn.cursor() as cur:
        cur.execute("DROP SCHEMA IF EXISTS public CASCADE; CREATE SCHEMA public;")
    conn.close()


def pg_query(url: str, query: str, params=()) -> list[tuple]:
    conn = _pg_connect(url)
    try:
        with conn.cursor() as cur:
            cur.execute(query, params)
            rows = cur.fetchall() if cur.description else []
        conn.commit()
        return rows
    finally:
        conn.close()


def cli_env(tmp_path: Path) -> dict:
    env = dict(os.environ)
    env.pop("KIMAI_TUI_CONFIG", None)
    env["XDG_CONFIG_HOME"] = str(tmp_path / "xdg-config")
    env["XDG_DATA_HOME"] = str(tmp_path / "xdg-data")
    env["NO_COLOR"] = "1"
    env["COLUMNS"] = "200"
    env["PYTHONPATH"] = str(REPO) + os.pathsep + env.get("PYTHONPATH", "")
    return env


def run_cli(args: list[str], tmp_path: Path, timeout: float = 60, **kw
            ) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "kimai_tui.cli.main", *args], cwd=tmp_path,
                          env=kw.pop("env", None) or cli_env(tmp_path), capture_output=True,
                          text=True, timeout=timeout, **kw)


def figures(name: str, **values) -> None:
    """Print one line of figures (shown with pytest -s, and in the captured output)."""
    print(f"[reliability] {name}: " + ", ".join(f"{k}={v}" for k, v in values.items()),
          flush=True)
