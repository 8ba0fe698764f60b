"""Environment failures are one line with exit 4, never a traceback (item 6), and a SQLite
lock held by another program (item 2): nothing is written, and the TUI keeps what was typed."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import textwrap

import pytest

from fault_support import cli, cli_argv, process_env, sql


@pytest.fixture
def database(tmp_path):
    path = tmp_path / "k.sqlite"
    url = "sqlite:///" + str(path)
    for step in (["init"], ["customer", "add", "Acme"],
                 ["project", "add", "Web", "--customer", "Acme"],
                 ["activity", "add", "Dev", "--project", "Web"]):
        code, _, err = cli(url, *step)
        assert code == 0, err
    return path, url


def _one_line(err: str) -> None:
    assert err.count("\n") == 1 and err.startswith("error: ") and "Traceback" not in err


def test_a_damaged_database_is_exit_4(tmp_path):
    path = tmp_path / "damaged.sqlite"
    path.write_bytes(b"this is not a database at all " * 100)
    code, out, err = cli("sqlite:///" + str(path), "status")
    assert code == 4 and out == ""
    _one_line(err)
    assert "damaged" in err


def test_a_read_only_database_is_exit_4_and_unchanged(database, tmp_path):
    if os.geteuid() == 0 and subprocess.run(["chattr", "-h"], capture_output=True
                                            ).returncode not in (0, 1):
        pytest.skip("no chattr")
    path, url = database
    before = sql(path, "SELECT COUNT(*) FROM customer")
    if os.geteuid() == 0:  # root writes any file: make it immutable instead
        proc = subprocess.run(["chattr", "+i", str(path)], capture_output=True)
        if proc.returncode != 0:
            pytest.skip("cannot make the file immutable here")
    else:
        os.chmod(path, 0o444)
    try:
        code, out, err = cli(url, "customer", "add", "Other")
    finally:
        subprocess.run(["chattr", "-i", str(path)], capture_output=True)
        os.chmod(path, 0o600)
    assert code == 4, err
    _one_line(err)
    assert "read-only" in err
    assert sql(path, "SELECT COUNT(*) FROM customer") == before


def test_arguments_that_are_not_utf8_are_exit_2(database, tmp_path):
    _, url = database
    proc = subprocess.run(cli_argv(url, "customer", "add").__add__([b"\xff\xfe".decode(
        "utf-8", "surrogateescape")]), env=process_env(tmp_path), capture_output=True)
    assert proc.returncode == 2
    assert proc.stderr.decode() == "error: arguments: argument 5 is not valid UTF-8 text\n"


def test_an_unreachable_postgresql_is_exit_4_without_the_password(tmp_path, monkeypatch):
    from fault_support import free_port

    # In-process SQLite commands before this one block the driver import (a start-up saving
    # of the CLI, see Session.skip_unused_drivers); a PostgreSQL process starts without that.
    if "psycopg2" in sys.modules and sys.modules["psycopg2"] is None:
        monkeypatch.delitem(sys.modules, "psycopg2")
    pytest.importorskip("psycopg2")

    code, out, err = cli(f"postgresql://kimai:s3cret@127.0.0.1:{free_port()}/kimai", "status")
    assert code == 4 and out == ""
    _one_line(err)
    assert "s3cret" not in err and "kimai:***@" in err


HOLD_LOCK = textwrap.dedent("""
    import sqlite3, sys, time
    conn = sqlite3.connect(sys.argv[1], isolation_level=None)
    conn.execute("BEGIN IMMEDIATE")
    print("locked", flush=True)
    time.sleep(float(sys.argv[2]))
""")


def _hold_lock(path, seconds: float) -> subprocess.Popen:
    proc = subprocess.Popen([sys.executable, "-c", HOLD_LOCK, str(path), str(seconds)],
                            stdout=subprocess.PIPE, text=True)
    assert proc.stdout.readline().strip() == "locked"
    return proc


def test_a_lock_held_past_the_busy_timeout_is_exit_4(database, tmp_path):
    path, url = database
    holder = _hold_lock(path, 30)
    try:
        proc = subprocess.run(
            cli_argv(url, "start", "--project", "Web", "--activity", "Dev"),
            env=process_env(tmp_path, KIMAI_TUI_BUSY_TIMEOUT="1"), capture_output=True,
            text=True, timeout=60)
    finally:
        holder.kill()
        holder.wait()
    assert proc.returncode == 4, proc.stderr
    _one_line(proc.stderr)
    assert "locked by another program" in proc.stderr
    assert sql(path, "SELECT COUNT(*) FROM timesheet") == [(0,)]


async def test_the_tui_keeps_a_form_while_the_database_is_locked(database, monkeypatch):
    """Found: a SQLite lock held longer than the busy timeout crashed the session and lost
    what was being typed."""
    from textual.widgets import Input, TextArea

    from kimai_tui.app import make_app
    from kimai_tui.data import db
    from kimai_tui.data import users as users_repo
    from kimai_tui.services.context import Context
    from kimai_tui.services.identity import os_login_name
    from kimai_tui.settings import (KimaiSettings, Settings, TimesheetSettings,
                                    TuiSettings)

    path, url = database
    monkeypatch.setenv("KIMAI_TUI_BUSY_TIMEOUT", "0.5")
    connection = db.connect(url)
    settings = Settings(kimai=KimaiSettings(timesheet=TimesheetSettings(rounding=())),
                        tui=TuiSettings(refresh_seconds=0.3))
    ctx = Context(settings, connection, users_repo.by_username(os_login_name()))
    app = make_app(ctx)
    holder = None
    try:
        async with app.run_test(size=(100, 34)) as pilot:
            await pilot.pause()
            await app.workers.wait_for_complete()
            await pilot.press("plus")
            await pilot.pause()
            editor = app.screen
            await app.workers.wait_for_complete()
            await pilot.pause()
            editor.query_one("#project").value = sql(path, "SELECT id FROM project")[0][0]
            await pilot.pause()
            await app.workers.wait_for_complete()
            editor.query_one("#activity").value = sql(path, "SELECT id FROM activity")[0][0]
            editor.query_one("#begin", Input).value = "2026-11-02 08:00"
            editor.query_one("#end", Input).value = "2026-11-02 09:30"
            editor.query_one("#description", TextArea).text = "typed while locked"
            holder = _hold_lock(path, 60)
            await pilot.press("ctrl+s")
            for _ in range(60):
                await pilot.pause(0.1)
                if app.database_problem is not None and "not saved" in str(
                        editor.query_one("#general-error").render()):
                    break
            assert app.screen is editor  # the form is still open...
            assert editor.query_one("#description", TextArea).text == "typed while locked"
            assert "locked" in str(editor.query_one("#general-error").render())
            assert app.return_code is None  # ...and the app is still running
            await pilot.pause(1.0)  # three heartbeats: reads work, the write lock is still held
            assert app.database_problem is not None
            holder.kill()
            holder.wait()
            holder = None
            for _ in range(50):  # the heartbeat notices the database is back
                await pilot.pause(0.1)
                if app.database_problem is None:
                    break
            assert app.database_problem is None
            await pilot.press("ctrl+s")
            for _ in range(50):
                await pilot.pause(0.1)
                if app.screen is not editor:
                    break
            assert app.screen is not editor
    finally:
        if holder is not None:
            holder.kill()
        connection.close()
    assert sql(path, "SELECT description FROM timesheet") == [("typed while locked",)]
