"""On PostgreSQL the trust behind `--as` lives in the database (cli.md "Identity").

Finding 5 of the shared-server issue: an OS account with no Kimai user wrote its own
kimai.yaml naming itself a trusted operator, then `--as admin`. Here the OS login even maps to
the Kimai super admin, and a self-trusting kimai.yaml names it; only the database role decides.
"""

from __future__ import annotations

import contextlib
import io
import os
import uuid
from urllib.parse import urlparse, urlunparse

import pytest

from kimai_tui.cli.main import run
from kt_rel_support import pg_create_database, pg_drop_database, pg_unreachable_reason


def _admin(url: str, *statements: str) -> None:
    import psycopg2

    p = urlparse(url)
    conn = psycopg2.connect(dbname=p.path.lstrip("/"), user=p.username, host=p.hostname,
                            port=p.port or 5432)
    conn.autocommit = True
    with conn.cursor() as cur:
        for statement in statements:
            cur.execute(statement)
    conn.close()


def _cli(config, url, *args):
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = run(["--config", str(config), "--database", url, *args], {})
    return code, out.getvalue(), err.getvalue()


def _as_role(url: str, role: str) -> str:
    p = urlparse(url)
    return urlunparse(p._replace(netloc=f"{role}@{p.hostname}:{p.port or 5432}"))


@pytest.fixture
def pg(tmp_path):
    reason = pg_unreachable_reason()
    if reason:
        pytest.skip(f"PostgreSQL tests skipped: {reason} (set KIMAI_TEST_PG_SERVER)")
    url = pg_create_database("kt_operator")
    suffix = uuid.uuid4().hex[:8]
    plain, operator = f"kt_plain_{suffix}", f"kt_op_{suffix}"
    config = tmp_path / "kimai.yaml"
    from kimai_tui.services.identity import os_login_name

    config.write_text(f"security: {{trusted_operators: [{os_login_name()}]}}\n")
    os.chmod(config, 0o600)
    assert _cli(config, url, "init")[0] == 0
    assert _cli(config, url, "user", "add", "alice")[0] == 0
    grants = [f"GRANT ALL ON ALL TABLES IN SCHEMA public TO {r}" for r in (plain, operator)]
    grants += [f"GRANT ALL ON ALL SEQUENCES IN SCHEMA public TO {r}" for r in (plain, operator)]
    _admin(url, f"CREATE ROLE {plain} LOGIN", f"CREATE ROLE {operator} LOGIN",
           "DO $$ BEGIN CREATE ROLE kimai_operator NOLOGIN; "
           "EXCEPTION WHEN duplicate_object THEN NULL; END $$",
           f"GRANT kimai_operator TO {operator}", *grants)
    yield {"url": url, "config": config, "plain": plain, "operator": operator}
    pg_drop_database(url)
    _admin(urlunparse(urlparse(url)._replace(path="/postgres")),
           f"DROP ROLE IF EXISTS {plain}", f"DROP ROLE IF EXISTS {operator}")


def test_a_self_trusting_config_grants_nothing_on_postgresql(pg):
    code, out, err = _cli(pg["config"], _as_role(pg["url"], pg["plain"]),
                          "--as", "alice", "whoami")
    assert code == 3, (out, err)
    assert "operators of this PostgreSQL database" in err and "GRANT kimai_operator" in err
    assert out == ""


def test_the_plain_role_still_works_as_itself(pg):
    code, out, err = _cli(pg["config"], _as_role(pg["url"], pg["plain"]), "whoami", "--json")
    assert code == 0, err


def test_a_member_of_kimai_operator_may_act_for_others(pg):
    code, out, err = _cli(pg["config"], _as_role(pg["url"], pg["operator"]),
                          "--as", "alice", "whoami", "--json")
    assert code == 0, err
    assert '"username": "alice"' in out


def test_the_database_owner_is_an_operator(pg):
    code, out, err = _cli(pg["config"], pg["url"], "--as", "alice", "whoami", "--json")
    assert code == 0, err
