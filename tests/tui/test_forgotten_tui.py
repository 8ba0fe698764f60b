"""A timer of one's own left running since yesterday (issue "For support staff", item 4): at
start the TUI asks, proposing the end of that workday; Enter accepts it (80x24)."""

from datetime import datetime, timezone

from kimai_tui.data import timesheets as records_repo
from kimai_tui.screens.stop_forgotten import StopForgotten
from kimai_tui.services import timesheets
from kimai_tui.services.record_save import RecordChanges

from tui_support import app_for, settle

UTC = timezone.utc


async def test_the_tui_offers_to_stop_a_forgotten_timer_at_the_workday_s_end(world):
    ctx, ids = world["ctx"], world["ids"]  # now: Wednesday 2026-11-04 09:00 UTC
    timer, _ = timesheets.start(ctx, RecordChanges(project_id=ids["sla"],
                                                   activity_id=ids["support"]),
                                at=datetime(2026, 11, 3, 8, 0, tzinfo=UTC))
    app = app_for(ctx)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot, 5)
        dialog = app.screen
        assert isinstance(dialog, StopForgotten)
        assert "past the end of the workday (18:00)" in str(dialog.query("Label")[1].render())
        await pilot.press("enter")
        await settle(app, pilot, 5)
        assert not isinstance(app.screen, StopForgotten)
    assert records_repo.get(timer.id).end == datetime(2026, 11, 3, 18, 0, tzinfo=UTC)
