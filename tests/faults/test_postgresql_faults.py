"""PostgreSQL faults: a server stopped and restarted under an open TUI (item 2), sequences
after a bulk load (item 4), two first starts at once (item 5)."""

from __future__ import annotations

import json
import subprocess

import pytest
from textual.widgets import Input, TextArea

from fault_support import (PrivateCluster, cli, cli_argv, private_cluster_unavailable,
                           process_env)

REASON = private_cluster_unavailable()
pytestmark = [pytest.mark.skipif(REASON is not None, reason=f"PostgreSQL faults: {REASON}"),
              pytest.mark.xdist_group("test_postgresql_faults")]  # one private cluster


@pytest.fixture(scope="module")
def cluster():
    server = PrivateCluster().init()
    try:
        yield server
    finally:
        server.remove()


@pytest.fixture
def fresh(cluster):
    """An empty database on the private cluster."""
    import psycopg2

    conn = psycopg2.connect(host="127.0.0.1", port=cluster.port, user="postgres",
                            dbname="postgres")
    conn.autocommit = True
    with conn.cursor() as cur:
        cur.execute("DROP DATABASE IF EXISTS kimai WITH (FORCE)")
        cur.execute("CREATE DATABASE kimai")
    conn.close()
    return cluster.url


def test_new_records_after_the_demo(fresh):
    """Found: after `demo` every new record failed with a duplicate key (the sequence)."""
    assert cli(fresh, "demo", "--records", "200")[0] == 0
    code, out, err = cli(fresh, "add", "--project", "Kaesim SLA IT Support", "--activity",
                         "Kaesim SLA User Setup", "--begin", "2026-11-02 08:00", "--duration",
                         "1:00", "--json")
    assert code == 0, err
    assert '"id": 201' in out


def test_two_first_starts_make_one_super_admin(fresh, tmp_path):
    """Found: two first starts at once on an empty database created two super admins."""
    env = process_env(tmp_path)
    starts = [subprocess.Popen(cli_argv(fresh, "init", "--admin", f"admin{i}"), env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
              for i in range(4)]
    codes = [proc.wait(120) for proc in starts]
    assert codes == [0, 0, 0, 0], [proc.stderr.read() for proc in starts]
    import psycopg2

    conn = psycopg2.connect(fresh)
    with conn.cursor() as cur:
        cur.execute('SELECT username FROM "user" WHERE roles LIKE %s', ("%SUPER_ADMIN%",))
        admins = cur.fetchall()
    conn.close()
    assert len(admins) == 1, admins


async def test_the_tui_survives_a_server_restart(fresh, cluster):
    """Found: a dropped connection crashed every open TUI and lost what was being typed."""
    from kimai_tui.app import make_app
    from kimai_tui.data import db
    from kimai_tui.data import users as users_repo
    from kimai_tui.services.context import Context
    from kimai_tui.services.identity import os_login_name
    from kimai_tui.settings import (KimaiSettings, Settings, TimesheetSettings,
                                    TuiSettings)

    for step in (["init"], ["customer", "add", "Acme"],
                 ["project", "add", "Web", "--customer", "Acme"],
                 ["activity", "add", "Dev", "--project", "Web"]):
        assert cli(fresh, *step)[0] == 0
    project_id = json.loads(cli(fresh, "project", "list", "--json")[1])[0]["id"]
    # The TUI's own connection last: the models of a process follow the latest one (an
    # in-process CLI call after this would take them away from the open app).
    database = db.connect(fresh)
    settings = Settings(kimai=KimaiSettings(timesheet=TimesheetSettings(rounding=())),
                        tui=TuiSettings(refresh_seconds=0.3))
    app = make_app(Context(settings, database, users_repo.by_username(os_login_name())))
    try:
        async with app.run_test(size=(100, 34)) as pilot:
            await pilot.pause()
            await app.workers.wait_for_complete()
            await pilot.press("plus")
            await pilot.pause()
            await app.workers.wait_for_complete()
            await pilot.pause()
            editor = app.screen
            editor.query_one("#project").value = project_id
            await pilot.pause()
            await app.workers.wait_for_complete()
            await pilot.pause()
            options = editor.query_one("#activity")._options
            editor.query_one("#activity").value = next(v for _, v in options
                                                       if isinstance(v, int))
            editor.query_one("#begin", Input).value = "2026-11-02 08:00"
            editor.query_one("#end", Input).value = "2026-11-02 09:30"

            cluster.stop("immediate")  # the server goes away under the open form
            editor.query_one("#description", TextArea).text = "typed during the outage"
            for _ in range(60):
                await pilot.pause(0.1)
                if app.database_problem is not None:
                    break
            assert app.database_problem is not None  # the banner
            await pilot.press("ctrl+s")
            for _ in range(60):
                await pilot.pause(0.1)
                if "not saved" in str(editor.query_one("#general-error").render()):
                    break
            assert app.screen is editor and app.return_code is None
            assert editor.query_one("#description", TextArea).text == "typed during the outage"

            cluster.start()
            for _ in range(100):
                await pilot.pause(0.1)
                if app.database_problem is None:
                    break
            assert app.database_problem is None  # reconnected
            await pilot.press("ctrl+s")
            for _ in range(60):
                await pilot.pause(0.1)
                if app.screen is not editor:
                    break
            assert app.screen is not editor, str(editor.query_one("#general-error").render())
    finally:
        database.close()
    code, out, _ = cli(fresh, "list", "--json")  # after the app: a connection of its own
    assert code == 0 and "typed during the outage" in out
