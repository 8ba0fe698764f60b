"""Snapshot of the timesheet screen: layout, columns, totals, colours (fixed data and clock)."""

from datetime import timedelta

from kimai_tui.services import timesheets
from kimai_tui.services.record_save import RecordChanges

from tui_support import NOW, app_for, settle, store_description


def _seed(world):
    ctx, ids = world["ctx"], world["ids"]
    for hours, project, activity, text in ((26, "sla", "support", "printer jam"),
                                          (5, "setup", "laptop", "new starter [bold]Ana"),
                                          (2, "sla", "support", "VPN \x1b[31mred")):
        record, _ = timesheets.create(ctx, RecordChanges(
            project_id=ids[project], activity_id=ids[activity],
            begin=NOW - timedelta(hours=hours), end=NOW - timedelta(hours=hours - 1),
            tags=("remote",)))
        store_description(record.id, text)
    return ctx


def test_timesheet_week(world, snap_compare):
    app = app_for(_seed(world))

    async def ready(pilot):
        await settle(app, pilot)
        await pilot.press("t")  # the week (the timesheet opens on recent work)
        await settle(app, pilot)

    assert snap_compare(app, terminal_size=(120, 20), run_before=ready)


def test_timesheet_narrow(world, snap_compare):
    app = app_for(_seed(world))

    async def ready(pilot):
        await settle(app, pilot)
        await pilot.press("t")  # the week (the timesheet opens on recent work)
        await settle(app, pilot)

    assert snap_compare(app, terminal_size=(80, 24), run_before=ready)
