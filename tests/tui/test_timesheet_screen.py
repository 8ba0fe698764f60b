"""The first timesheet screen: shows running and recent records, stops with a key, and picks
up a record started elsewhere (the command line) while it runs."""

from datetime import datetime, timedelta, timezone

from kimai_tui.app import make_app
from kimai_tui.data import catalogue as catalogue_repo
from kimai_tui.data import db
from kimai_tui.data import timesheets as records_repo
from kimai_tui.data import users as users_repo
from kimai_tui.services import timesheets
from kimai_tui.services.context import Context
from kimai_tui.services.record_save import RecordChanges
from kimai_tui.settings import Settings, TuiSettings
from textual.widgets import DataTable, Static

NOW = datetime(2026, 11, 2, 9, 0, tzinfo=timezone.utc)


def _ctx(tmp_path):
    database = db.connect("sqlite:///" + str(tmp_path / "k.sqlite"))
    user_id = users_repo.create({"username": "alice", "roles": "ROLE_USER"})
    customer = catalogue_repo.create("customer", {"name": "Koruna Assist", "currency": "PHP"})
    project = catalogue_repo.create("project", {"name": "SLA", "customer": customer})
    activity = catalogue_repo.create("activity", {"name": "Support", "project": project})
    settings = Settings(tui=TuiSettings(refresh_seconds=0.2))
    clock = {"now": NOW}
    ctx = Context(settings, database, users_repo.get(user_id), lambda: clock["now"])
    return ctx, project, activity, clock


async def test_stop_key_stops_the_running_record(tmp_path):
    ctx, project, activity, clock = _ctx(tmp_path)
    record, _ = timesheets.start(ctx, RecordChanges(project_id=project, activity_id=activity,
                                                    description="[bold]ticket 42"))
    clock["now"] = NOW + timedelta(minutes=30)
    app = make_app(ctx)
    async with app.run_test(size=(120, 30)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        bar = app.screen.query_one("#active", Static)
        assert "Koruna Assist / SLA / Support" in str(bar.render())
        table = app.screen.query_one(DataTable)
        assert table.row_count == 1
        # The description shows as typed: markup is not interpreted.
        assert "[bold]ticket 42" in str(table.get_row_at(0)[-1])
        await pilot.press("x")
        await app.workers.wait_for_complete()
        await pilot.pause()
    stopped = records_repo.get(record.id)
    assert stopped.end is not None
    assert stopped.duration == 1800


async def test_a_record_started_elsewhere_appears(tmp_path):
    ctx, project, activity, _ = _ctx(tmp_path)
    app = make_app(ctx)
    async with app.run_test(size=(120, 30)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        table = app.screen.query_one(DataTable)
        assert table.row_count == 0
        timesheets.start(ctx, RecordChanges(project_id=project, activity_id=activity))
        for _ in range(30):
            await pilot.pause(0.1)
            if table.row_count == 1:
                break
        assert table.row_count == 1
