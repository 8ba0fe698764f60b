"""Export and lock as one fact (issue "faults lose nothing and hide nothing", item 1).

Each check reads the database and the files afterwards: no record is locked unless it is in a
complete file, and no partial target file ever exists.
"""

from __future__ import annotations

import io
import os
import random
import signal
import subprocess
import time

import pytest

from fault_support import (cli, cli_argv, csv_rows, demo_database, process_env,
                           small_filesystem, sql)

# Module-scoped fixtures build one world: its tests share one pytest-xdist worker.
pytestmark = pytest.mark.xdist_group("test_export_faults")

RECORDS = 3000


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    path = tmp_path_factory.mktemp("export-faults") / "k.sqlite"
    return path, demo_database(path, RECORDS)


def _locked(path) -> int:
    return sql(path, "SELECT COUNT(*) FROM timesheet WHERE exported = 1")[0][0]


def _unlock(path) -> None:
    sql(path, "UPDATE timesheet SET exported = 0")


def test_a_full_disk_writes_no_file_and_locks_nothing(demo, tmp_path):
    """Found: a truncated file and a traceback, yet all 20,000 records marked exported."""
    path, url = demo
    _unlock(path)
    # Long descriptions so the export is larger than the small file system.
    sql(path, "UPDATE timesheet SET description = description || ?", ("x" * 400,))
    with small_filesystem("256k") as folder:
        target = folder / "out.csv"
        code, out, err = cli(url, "export", "--all-users", "--mark-exported", "--output",
                             str(target))
        assert code == 4, err
        assert err.count("\n") == 1 and "Traceback" not in err
        assert "disk" in err and "full" in err
        assert not target.exists()
        assert list(folder.iterdir()) == []  # no temporary file left either
    assert _locked(path) == 0


def test_a_complete_export_locks_exactly_what_it_wrote(demo, tmp_path):
    path, url = demo
    _unlock(path)
    target = tmp_path / "all.csv"
    code, _, err = cli(url, "export", "--all-users", "--mark-exported", "--output", str(target))
    assert code == 0, err
    stopped = sql(path, "SELECT COUNT(*) FROM timesheet WHERE end_ts IS NOT NULL")[0][0]
    assert len(csv_rows(target)) - 1 == RECORDS
    assert _locked(path) == stopped  # running timers are never locked


def test_a_record_changed_during_the_export_is_not_locked(demo, tmp_path):
    """Found: a record edited while an export ran ended up locked with values the file
    never contained."""
    from kimai_tui.data import db
    from kimai_tui.data import users as users_repo
    from kimai_tui.queries import RecordFilter
    from kimai_tui.services import export as export_service
    from kimai_tui.services.context import Context
    from kimai_tui.services.identity import os_login_name
    from kimai_tui.settings import Settings

    path, url = demo
    _unlock(path)
    first_id = sql(path, "SELECT id FROM timesheet WHERE end_ts IS NOT NULL "
                         "ORDER BY begin_ts, id LIMIT 1")[0][0]  # in the first page
    database = db.connect(url)
    try:
        ctx = Context(Settings(), database, users_repo.by_username(os_login_name()))

        class EditWhileWriting(io.StringIO):
            """After the first page is written, someone changes a record already in it."""

            edited = False

            def write(self, text):
                if not self.edited and self.tell() > 0:
                    self.edited = True
                    sql(path, "UPDATE timesheet SET description = 'changed meanwhile', "
                              "version = version + 1 WHERE id = ?", (first_id,))
                return super().write(text)

        stream = EditWhileWriting()
        written = export_service.export_and_mark(ctx, RecordFilter(), "csv", stream,
                                                 all_users=True, mark_exported=True)
    finally:
        database.close()
    assert written.changed == [first_id]
    assert "changed meanwhile" not in stream.getvalue()
    assert sql(path, "SELECT exported FROM timesheet WHERE id = ?", (first_id,)) == [(0,)]
    assert _locked(path) == written.marked > 0


def test_kills_at_random_points_leave_a_complete_file_or_none(demo, tmp_path):
    """Found: a killed export left a partial file. 50 SIGKILLs at random moments of
    `export --mark-exported --output F`: afterwards F is either absent or complete, and any
    locked record is in a complete F."""
    path, url = demo
    rng = random.Random(4242)
    env = process_env(tmp_path)
    target = tmp_path / "killed.csv"
    # How long a whole export takes here, to spread the kills over it.
    started = time.monotonic()
    subprocess.run(cli_argv(url, "export", "--all-users", "--output", str(target)), env=env,
                   check=True, capture_output=True, timeout=120)
    span = time.monotonic() - started
    outcomes = {"no file": 0, "complete file": 0, "locked": 0}
    for _ in range(50):
        _unlock(path)
        if target.exists():
            target.unlink()
        proc = subprocess.Popen(cli_argv(url, "export", "--all-users", "--mark-exported",
                                         "--output", str(target)), env=env,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.0, span * 1.2))
        proc.send_signal(signal.SIGKILL)
        proc.wait(30)
        locked = _locked(path)
        if target.exists():
            rows = csv_rows(target)
            assert rows[0][0] == "Date" and len(rows) - 1 == RECORDS, "partial target file"
            outcomes["complete file"] += 1
        else:
            assert locked == 0, "records locked without a file"
            outcomes["no file"] += 1
        outcomes["locked"] += bool(locked)
    for leftover in tmp_path.glob(".killed.csv.*.part"):
        leftover.unlink()  # a killed writer's temporary file (never the target itself)
    print(f"[faults] 50 kills during export --mark-exported: {outcomes}")
    assert outcomes["no file"] + outcomes["complete file"] == 50
    assert sql(path, "PRAGMA integrity_check") == [("ok",)]


async def test_the_tui_export_dialog_on_a_full_disk_keeps_the_dialog_and_locks_nothing(demo):
    from kimai_tui.app import make_app
    from kimai_tui.data import db
    from kimai_tui.queries import RecordFilter
    from kimai_tui.screens.export_dialog import ExportDialog
    from kimai_tui.data import users as users_repo
    from kimai_tui.services.context import Context
    from kimai_tui.services.identity import os_login_name
    from kimai_tui.settings import Settings
    from textual.widgets import Checkbox, Input

    path, url = demo
    _unlock(path)

    async def scenario(folder):
        database = db.connect(url)
        ctx = Context(Settings(), database, users_repo.by_username(os_login_name()))
        app = make_app(ctx)
        try:
            async with app.run_test(size=(100, 30)) as pilot:
                await pilot.pause()
                await app.workers.wait_for_complete()
                # Every record (the Team view's X opens the same dialog for its period).
                dialog = ExportDialog(ctx, RecordFilter(), all_users=True)
                await app.push_screen(dialog)
                await pilot.pause()
                dialog.query_one("#path", Input).value = str(folder / "team.csv")
                dialog.query_one("#mark", Checkbox).value = True
                await pilot.press("ctrl+s")
                await pilot.pause()
                await pilot.press("y")  # confirm marking
                for _ in range(50):
                    await app.workers.wait_for_complete()
                    await pilot.pause(0.05)
                    if "cannot write" in str(dialog.query_one("#error-path").render()):
                        break
                assert app.screen is dialog  # the dialog stays, with its message
                assert "full" in str(dialog.query_one("#error-path").render())
        finally:
            database.close()

    with small_filesystem("8k") as folder:
        await scenario(folder)
        assert list(folder.iterdir()) == []
    assert _locked(path) == 0
