"""Issue 14 item 7 in the TUI: a 12-hour user sees `1:30 PM` in the table and the bar, and
changes their own preferences with ctrl+o (decimal hours show at once)."""

from datetime import timedelta

from textual.widgets import Checkbox

from kimai_tui.data import users as users_repo
from kimai_tui.screens.preferences import Preferences
from kimai_tui.services import timesheets
from kimai_tui.services.record_save import RecordChanges
from kimai_tui.widgets.active_bar import ActiveBar

from tui_support import NOW, app_for, settle


async def test_twelve_hour_clock_and_decimal_hours_preference(world):
    ctx, ids = world["ctx"], world["ids"]
    users_repo.update(ids["user"], {"time_format": "12h"})
    ctx.user = users_repo.get(ids["user"])
    stopped, _ = timesheets.create(ctx, RecordChanges(
        project_id=ids["sla"], activity_id=ids["support"], begin=NOW - timedelta(hours=20),
        end=NOW - timedelta(hours=18, minutes=23)))  # 13:00 - 14:37 the day before
    timesheets.start(ctx, RecordChanges(project_id=ids["setup"], activity_id=ids["laptop"]),
                     at=NOW - timedelta(minutes=30))
    app = app_for(ctx)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(app, pilot)
        bar = str(app.screen.query_one(ActiveBar).render())
        assert "since 8:30 AM" in bar
        cells = [str(c) for c in app.screen._cells(stopped)]
        assert "1:00 PM" in cells and "2:37 PM" in cells and "1:37" in cells
        await pilot.press("ctrl+o")
        await settle(app, pilot)
        assert isinstance(app.screen, Preferences)
        app.screen.query_one("#decimal_hours", Checkbox).value = True
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert not isinstance(app.screen, Preferences)
        cells = [str(c) for c in app.screen._cells(stopped)]
        assert "1.62" in cells
    saved = users_repo.get(ids["user"])
    assert saved.decimal_hours and saved.time_format == "12h"


async def test_choosing_the_twelve_hour_clock_widens_the_time_columns(world):
    from textual.widgets import Select

    from kimai_tui.widgets.record_table import RecordTable

    ctx, ids = world["ctx"], world["ids"]
    stopped, _ = timesheets.create(ctx, RecordChanges(
        project_id=ids["sla"], activity_id=ids["support"], begin=NOW - timedelta(hours=20),
        end=NOW - timedelta(hours=18, minutes=23)))
    app = app_for(ctx)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        table = app.screen.query_one(RecordTable)
        assert {c.key: c.width for c in table.columns}["begin"] == 5
        await pilot.press("ctrl+o")
        await settle(app, pilot)
        app.screen.query_one("#time_format", Select).value = "12h"
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert {c.key: c.width for c in table.columns}["begin"] == 8
        assert "1:00 PM" in [str(c) for c in app.screen._cells(stopped)]
    assert users_repo.get(ids["user"]).time_format == "12h"
