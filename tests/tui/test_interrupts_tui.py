"""The interrupt stack in the TUI at 80x24 (issue "For support staff", item 2): i stops the
running record and starts the interruption chosen in the picker, the bar says what o goes
back to, o continues the record; the database is checked."""

from kimai_tui.data import timesheets as records_repo
from kimai_tui.data.timesheets import RecordFilter
from kimai_tui.screens.pickers import StartPicker
from kimai_tui.services import interrupts, timesheets
from kimai_tui.services.record_save import RecordChanges
from kimai_tui.widgets.active_bar import ActiveBar

from tui_support import app_for, settle


async def test_interrupt_then_go_back(world):
    ctx, ids = world["ctx"], world["ids"]
    timesheets.start(ctx, RecordChanges(project_id=ids["sla"], activity_id=ids["support"],
                                        description="printer queue"))
    app = app_for(ctx)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("i")
        await settle(app, pilot)
        assert isinstance(app.screen, StartPicker)
        await pilot.press(*"laptop", "enter")
        await settle(app, pilot, 5)
        (running,) = timesheets.running(ctx)
        assert running.activity_id == ids["laptop"]
        bar = app.screen.query_one(ActiveBar)
        assert "o back to User Support" in str(bar.render())
        world["clock"].now = world["clock"].now.replace(minute=20)
        await pilot.press("o")
        await settle(app, pilot, 5)
        (running,) = timesheets.running(ctx)
        assert (running.activity_id, running.description) == (ids["support"], "printer queue")
        assert "back to" not in str(app.screen.query_one(ActiveBar).render())
    assert interrupts.stack(ctx) == []
    assert len(records_repo.page(RecordFilter(), 10)) == 3
