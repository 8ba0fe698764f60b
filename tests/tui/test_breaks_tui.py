"""Pause and breaks in the TUI at 80x24 (issue "For support staff", item 3): z pauses the
running record (the bar says paused), z again resumes it and the pause becomes its break; a
break typed in the editor comes off the duration. The database is checked."""

from datetime import datetime, timedelta, timezone

from kimai_tui.data import timesheets as records_repo
from kimai_tui.screens.record_editor import RecordEditor
from kimai_tui.services import timesheets
from kimai_tui.services.record_save import RecordChanges
from kimai_tui.widgets.active_bar import ActiveBar
from kimai_tui.widgets.safe_fields import SafeInput

from tui_support import app_for, settle

UTC = timezone.utc


async def test_pause_and_resume_with_z(world):
    ctx, ids, clock = world["ctx"], world["ids"], world["clock"]
    record, _ = timesheets.start(ctx, RecordChanges(project_id=ids["sla"],
                                                    activity_id=ids["support"]))
    start = clock.now
    app = app_for(ctx)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        clock.now = start + timedelta(minutes=10)
        await pilot.press("z")
        await settle(app, pilot, 5)
        assert "paused" in str(app.screen.query_one(ActiveBar).render())
        clock.now = start + timedelta(minutes=25)
        await pilot.press("z")
        await settle(app, pilot, 5)
        assert "paused" not in str(app.screen.query_one(ActiveBar).render())
    stored = records_repo.get(record.id)
    assert stored.break_seconds == 15 * 60 and stored.paused_at is None and stored.running


async def test_a_break_typed_in_the_editor(world):
    ctx, ids = world["ctx"], world["ids"]
    begin = datetime(2026, 11, 3, 8, 0, tzinfo=UTC)
    record, _ = timesheets.create(ctx, RecordChanges(
        project_id=ids["sla"], activity_id=ids["support"], begin=begin,
        end=begin + timedelta(hours=3)))
    app = app_for(ctx)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        app.push_screen(RecordEditor(ctx, records_repo.get(record.id)))
        await settle(app, pilot)
        app.screen.query_one("#break", SafeInput).focus()
        await pilot.press(*"0:45", "ctrl+s")
        await settle(app, pilot, 5)
        assert not isinstance(app.screen, RecordEditor)
    stored = records_repo.get(record.id)
    assert (stored.break_seconds, stored.duration) == (2700, 3 * 3600 - 2700)


async def test_the_editor_preview_counts_the_break(world):
    ctx, ids = world["ctx"], world["ids"]
    begin = datetime(2026, 11, 3, 9, 0, tzinfo=UTC)
    record, _ = timesheets.create(ctx, RecordChanges(
        project_id=ids["sla"], activity_id=ids["support"], begin=begin,
        end=begin + timedelta(hours=3), break_seconds=1800))
    app = app_for(ctx)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        app.push_screen(RecordEditor(ctx, records_repo.get(record.id)))
        await settle(app, pilot)
        preview = str(app.screen.query_one("#preview").render())
        assert "09:00 – 2026-11-03 12:00" in preview or "– 12:00" in preview, preview
        assert "(2:30)" in preview, preview
