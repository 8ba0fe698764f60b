"""Issue 14 item 11: on Monday morning the timesheet opens on the person's recent work,
newest first, a header with the total before each day; the period keys still work."""

from datetime import datetime, timedelta, timezone

from kimai_tui.data import timesheets as records_repo
from kimai_tui.services import timesheets
from kimai_tui.services.record_save import RecordChanges
from kimai_tui.services.record_view import DayHeader
from kimai_tui.widgets.record_table import RecordTable

from tui_support import app_for, settle

MONDAY = datetime(2026, 11, 9, 8, 0, tzinfo=timezone.utc)


def add(ctx, ids, begin, minutes, activity="support", description=""):
    project = "sla" if activity == "support" else "setup"
    record, _ = timesheets.create(ctx, RecordChanges(
        project_id=ids[project], activity_id=ids[activity], begin=begin,
        end=begin + timedelta(minutes=minutes), description=description))
    return record


async def test_monday_opens_on_last_weeks_work_and_restarts_from_it(world):
    ctx, ids, clock = world["ctx"], world["ids"], world["clock"]
    thursday = add(ctx, ids, datetime(2026, 11, 5, 9, 0, tzinfo=timezone.utc), 90,
                   description="printer")
    friday_early = add(ctx, ids, datetime(2026, 11, 6, 8, 0, tzinfo=timezone.utc), 30,
                       "laptop", "new starter")
    friday_late = add(ctx, ids, datetime(2026, 11, 6, 13, 0, tzinfo=timezone.utc), 45,
                      description="vpn")
    clock.now = MONDAY
    app = app_for(ctx)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(app, pilot)
        table = app.screen.query_one(RecordTable)
        rows = table.loaded_rows()
        assert [type(r).__name__ for r in rows] == ["DayHeader", "Record", "Record",
                                                    "DayHeader", "Record"]
        assert rows[0] == DayHeader(friday_late.begin.date(), 2, 75 * 60)
        assert [r.id for r in rows if not isinstance(r, DayHeader)] == [
            friday_late.id, friday_early.id, thursday.id]
        header = [str(c) for c in app.screen._cells(rows[0])]
        assert "Fri 06 Nov" in header and "1:15" in header
        period = str(app.screen.query_one("#period").render())
        assert "Recent work" in period and "3 records" in period and "2:45" in period
        # The cursor starts on the newest record (not its day's line); r starts it again.
        assert table.cursor_row == 1 and app.screen.selected.id == friday_late.id
        await pilot.press("r")
        await settle(app, pilot)
        [running] = records_repo.running(ids["user"])
        assert running.description == "vpn" and running.begin == MONDAY
        # t: this week (the record just started); [ from there: last week's three.
        await pilot.press("t")
        await settle(app, pilot)
        assert [r.id for r in table.loaded_rows()] == [running.id]
        await pilot.press("left_square_bracket")
        await settle(app, pilot)
        assert len(table.loaded_rows()) == 3
        # p: from the week to the month, then back to recent work.
        await pilot.press("p", "p")
        await settle(app, pilot)
        assert "Recent work" in str(app.screen.query_one("#period").render())
        assert isinstance(table.loaded_rows()[0], DayHeader)
