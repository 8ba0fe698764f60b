"""The Import mode (key 0) in the TUI: a super admin types a Kimai URL, runs a dry run (nothing
written, counts shown), then imports (asks first; the records are in the database after);
anyone else has no Import mode."""

from __future__ import annotations

import pytest
from textual.widgets import DataTable

from kimport_support import ours
from kimai_tui.app import make_app
from kimai_tui.data import models
from kimai_tui.data import users as users_repo
from kimai_tui.services.context import Context

pytestmark = pytest.mark.mariadb


async def _settle(app, pilot, rounds: int = 4):
    for _ in range(rounds):
        await app.workers.wait_for_complete()
        await pilot.pause()


async def test_dry_run_then_import_from_the_import_screen(tmp_path, kimai_fresh):
    _, url, facts = kimai_fresh
    database, ctx = ours(tmp_path)
    app = make_app(ctx)
    async with app.run_test(size=(120, 40)) as pilot:
        await _settle(app, pilot)
        await pilot.press("I")
        await _settle(app, pilot, 1)
        assert app.current_mode == "import"
        await pilot.press(*list(url))
        await pilot.press("ctrl+d")
        await _settle(app, pilot)
        table = app.screen.query_one("#import-counts", DataTable)
        rows = {table.get_row_at(i)[0]: table.get_row_at(i)[1] for i in range(table.row_count)}
        assert rows["timesheet"] == f"{facts['records']:,}"
        assert models.Timesheet.select().count() == 0  # a dry run writes nothing
        await pilot.press("ctrl+g")
        await _settle(app, pilot, 1)
        await pilot.press("y")
        await _settle(app, pilot)
        assert models.Timesheet.select().count() == facts["records"]
        assert "Imported" in str(app.screen.query_one("#import-status").render())
    database.close()


async def test_an_admin_who_is_not_super_admin_has_no_import_mode(tmp_path):
    database, ctx = ours(tmp_path)
    uid = users_repo.create({"username": "boss", "roles": "ROLE_ADMIN"})
    app = make_app(Context(ctx.settings, database, users_repo.get(uid)))
    async with app.run_test(size=(120, 40)) as pilot:
        await _settle(app, pilot)
        await pilot.press("I")
        await _settle(app, pilot, 1)
        assert app.current_mode != "import"
    database.close()


async def test_kimai_export_file_from_the_import_screen(tmp_path):
    from kimai_tui.data import models as m

    path = tmp_path / "export.csv"
    path.write_text(
        "Date,From,To,Duration,Currency,Price,Internal price,Hourly price,Fixed price,Name,User,"
        "E-mail,Staff number,Customer,Project,Activity,Description,Billable,Tags,Type,"
        "category,Account,Project number,VAT-ID,Order number\n"
        "2024-03-04,09:00,12:30,3:30,EUR,280,175,80,0,Anna,anna,anna@example.com,E-1,Acme,"
        "Web,Design,Wireframes,1,frontend,timesheet,work,C-1,P-1,,\n")
    database, ctx = ours(tmp_path)
    app = make_app(ctx)
    async with app.run_test(size=(80, 24)) as pilot:
        await _settle(app, pilot)
        await pilot.press("I")
        await _settle(app, pilot, 1)
        await pilot.press(*list(str(path)), "enter")  # Enter: a dry run
        await _settle(app, pilot)
        assert m.Timesheet.select().count() == 0
        assert "dry run" in str(app.screen.query_one("#import-status").render())
        await pilot.press("ctrl+g")
        await _settle(app, pilot, 1)
        await pilot.press("y")
        await _settle(app, pilot)
        record = m.Timesheet.get()
        assert record.duration == 12600 and record.description == "Wireframes"
    database.close()


async def test_a_restricted_session_has_no_import_mode(tmp_path):
    database, ctx = ours(tmp_path)
    app = make_app(Context(ctx.settings, database, ctx.user, restricted=True))
    async with app.run_test(size=(120, 40)) as pilot:
        await _settle(app, pilot)
        await pilot.press("I")
        await _settle(app, pilot, 1)
        assert app.current_mode != "import"
        assert "import" not in [spec.name for spec in app.mode_specs]
    database.close()
