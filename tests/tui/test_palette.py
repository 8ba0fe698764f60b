"""The command palette offers the screen's actions and "Start <activity>" by fuzzy name."""

from kimai_tui.data import timesheets as records_repo

from tui_support import app_for, settle


async def test_start_by_fuzzy_name_from_the_palette(world):
    app = app_for(world["ctx"])
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("ctrl+p")
        await settle(app, pilot)
        await pilot.press(*"start laptop")
        for _ in range(10):
            await pilot.pause(0.1)
        await pilot.press("enter")
        await settle(app, pilot)
    running = records_repo.running(world["ids"]["user"])
    assert [r.activity_id for r in running] == [world["ids"]["laptop"]]


async def test_palette_lists_the_actions_that_work_now(world):
    app = app_for(world["ctx"])
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(app, pilot)
        titles = [c.title for c in app.get_system_commands(app.screen)]
        assert "Start" in titles and "New" in titles
        assert "Stop" not in titles  # nothing runs
        assert "Go to Timesheet" in titles
