"""Favourites in the TUI at 80x24: * on a record keeps it as a favourite (named), a then its
digit starts it, Delete in the list removes one; the database is checked."""

from datetime import datetime, timedelta, timezone

from kimai_tui.data.favorites import listing
from kimai_tui.screens.pickers import AskText, Confirm, RecentPicker
from kimai_tui.services import timesheets
from kimai_tui.services.record_save import RecordChanges

from tui_support import app_for, settle

UTC = timezone.utc


async def test_star_a_record_then_start_it_with_its_digit(world):
    ctx, ids = world["ctx"], world["ids"]
    begin = datetime(2026, 11, 3, 8, 0, tzinfo=UTC)
    timesheets.create(ctx, RecordChanges(project_id=ids["setup"], activity_id=ids["laptop"],
                                         begin=begin, end=begin + timedelta(hours=1),
                                         description="new starter", tags=("onsite",)))
    app = app_for(ctx)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("asterisk")
        await settle(app, pilot)
        assert isinstance(app.screen, AskText)
        await pilot.press(*"laptops", "enter")
        await settle(app, pilot, 5)
        assert [row[1] for row in listing(ctx.user.id)] == ["laptops"]
        await pilot.press("a")
        await settle(app, pilot)
        assert isinstance(app.screen, RecentPicker)
        await pilot.press("1")
        await settle(app, pilot, 5)
        (running,) = timesheets.running(ctx)
        assert (running.activity_id, running.description, running.tags) == (
            ids["laptop"], "new starter", ("onsite",))
        await pilot.press("a")
        await settle(app, pilot)
        await pilot.press("delete")
        await settle(app, pilot)
        assert isinstance(app.screen, Confirm)
        await pilot.press("y")
        await settle(app, pilot, 5)
    assert listing(ctx.user.id) == []


async def test_favourites_come_first_in_the_start_picker(world):
    from kimai_tui.screens.pickers import StartPicker
    from kimai_tui.services import favorites

    ctx, ids = world["ctx"], world["ids"]
    favorites.add(ctx, "onboarding", ids["setup"], ids["laptop"], "new starter", ("onsite",))
    app = app_for(ctx)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("s")
        await settle(app, pilot)
        picker = app.screen
        assert isinstance(picker, StartPicker)
        assert [f.name for f in picker.shown_favorites] == ["onboarding"]
        await pilot.press(*"onboard")  # its name finds it too
        await settle(app, pilot)
        assert [f.name for f in picker.shown_favorites] == ["onboarding"]
        await pilot.press("enter")
        await settle(app, pilot, 5)
    (running,) = timesheets.running(ctx)
    assert (running.activity_id, running.description, running.tags) == (
        ids["laptop"], "new starter", ("onsite",))
