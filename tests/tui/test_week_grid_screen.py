"""The weekly grid at 80x24 (issue "For team leads", item 3): g on the Timesheet opens one's
week; a duration typed on a day cell and Enter creates that day's record; + adds a row;
0 on a filled cell deletes its record after asking. The database is checked."""

from datetime import datetime, timedelta, timezone

from textual.widgets import DataTable

from kimai_tui.data import timesheets as records_repo
from kimai_tui.data.timesheets import RecordFilter
from kimai_tui.screens.pickers import Confirm
from kimai_tui.screens.week_grid import RowPicker, WeekGridScreen
from kimai_tui.services import timesheets
from kimai_tui.services.record_save import RecordChanges

from tui_support import app_for, settle

UTC = timezone.utc


def records():
    return sorted(records_repo.page(RecordFilter(), 50), key=lambda r: r.begin)


async def test_typing_in_the_week_grid_writes_records(world):
    ctx, ids = world["ctx"], world["ids"]  # alice; now: Wednesday 2026-11-04 09:00 UTC
    begin = datetime(2026, 11, 2, 8, 0, tzinfo=UTC)
    timesheets.create(ctx, RecordChanges(project_id=ids["sla"], activity_id=ids["support"],
                                         begin=begin, end=begin + timedelta(hours=1),
                                         description="printer"))
    app = app_for(ctx)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("g")
        await settle(app, pilot)
        grid = app.screen
        assert isinstance(grid, WeekGridScreen)
        table = grid.query_one(DataTable)
        assert table.row_count == 2  # the printer row and the totals
        await pilot.press("right", "right")  # the cursor starts on Monday
        await settle(app, pilot, 1)
        assert table.cursor_coordinate.column == 3  # Wednesday
        await pilot.press("left")  # Tuesday
        await pilot.press(*"2:30", "enter")
        await settle(app, pilot, 5)
        assert len(records()) == 2, [n.message for n in app._notifications]
        tuesday = records()[1]
        assert (tuesday.description, tuesday.duration) == ("printer", 9000)
        assert tuesday.begin.date() == datetime(2026, 11, 3).date()
        await pilot.press("plus")
        await settle(app, pilot)
        assert isinstance(app.screen, RowPicker)
        await pilot.press(*"laptop", "tab", *"new starter", "enter")
        await settle(app, pilot)
        assert app.screen is grid
        assert grid.rows[table.cursor_coordinate.row][2] == "new starter"
        await pilot.press("right", "right", "right")  # Thursday of the new row
        await pilot.press(*"1.5", "enter")
        await settle(app, pilot, 5)
        added = [r for r in records() if r.description == "new starter"]
        assert len(added) == 1 and added[0].activity_id == ids["laptop"], [n.message for n in app._notifications]
        assert added[0].duration == 5400 and added[0].begin.day == 5
        printer = [key[2] for key in grid.rows].index("printer")
        table.move_cursor(row=printer, column=2)  # printer, Tuesday
        await pilot.press("0", "enter")
        await settle(app, pilot)
        assert isinstance(app.screen, Confirm), (table.cursor_coordinate, grid.editing,
                                                 [n.message for n in app._notifications])
        await pilot.press("y")
        await settle(app, pilot, 5)
    assert [r.description for r in records()] == ["printer", "new starter"]


async def test_typing_fast_across_cells_and_replacing_a_cell(world):
    """Keys typed without waiting: each value lands in its own day, one record each; Enter
    on a filled cell selects its time, so what is typed replaces it."""
    ctx, ids = world["ctx"], world["ids"]
    begin = datetime(2026, 11, 2, 8, 0, tzinfo=UTC)
    timesheets.create(ctx, RecordChanges(project_id=ids["sla"], activity_id=ids["support"],
                                         begin=begin, end=begin + timedelta(hours=1),
                                         description="printer"))
    app = app_for(ctx)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("g")
        await settle(app, pilot)
        await pilot.press("right", *"2:00", "enter", "right", *"3:00", "enter", "right",
                          *"1.5", "enter")
        await settle(app, pilot, 8)
        days = sorted((r.begin.day, r.duration) for r in records())
        assert days == [(2, 3600), (3, 7200), (4, 10800), (5, 5400)]
        grid = app.screen
        grid.query_one(DataTable).move_cursor(row=0, column=1)  # Monday, 1:00
        await pilot.press("enter", *"0:45", "enter")
        await settle(app, pilot, 5)
    assert sorted((r.begin.day, r.duration) for r in records())[0] == (2, 2700)
