"""Issue #15 item 7: locked and foreign records, the time clock, and what runs."""

from datetime import timedelta

from kimai_tui.data import users as users_repo
from kimai_tui.screens.record_editor import RecordEditor
from kimai_tui.services import timesheets
from kimai_tui.services.context import Context
from kimai_tui.services.record_save import RecordChanges

from tui_support import NOW, app_for, screen_text, settle, with_settings


def _record(world, ctx=None, hours=3):
    ids = world["ids"]
    record, _ = timesheets.create(ctx or world["ctx"], RecordChanges(
        project_id=ids["sla"], activity_id=ids["support"], description="printer jam",
        begin=NOW - timedelta(hours=hours), end=NOW - timedelta(hours=hours - 1)))
    return record


def _footer(app) -> str:
    return screen_text(app).rstrip("\n").splitlines()[-1]


async def test_an_exported_record_opens_read_only_with_the_reason(world):
    ctx = world["ctx"]
    record = _record(world)
    admin_id = users_repo.create({"username": "root", "roles": "ROLE_SUPER_ADMIN"})
    timesheets.mark_exported(Context(ctx.settings, ctx.database, users_repo.get(admin_id),
                                     ctx.clock), [record.id])
    app = app_for(ctx)  # alice, ROLE_USER: no edit_exported_timesheet
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("e")
        await settle(app, pilot)
        assert isinstance(app.screen, RecordEditor)
        text = screen_text(app)
        assert "Read-only:" in text and "exported" in text, text
        assert app.screen.query_one("#description").disabled
        await pilot.press(*"changed", "ctrl+s")
        await settle(app, pilot)
        assert isinstance(app.screen, RecordEditor)
        await pilot.press("escape")  # nothing could be typed: closes without asking
        await settle(app, pilot)
        assert not isinstance(app.screen, RecordEditor)
    assert timesheets.get(ctx, record.id).description == "printer jam"


async def test_the_leads_editor_says_whose_record_it_is(world):
    ctx = world["ctx"]
    _record(world)
    lead_id = users_repo.create({"username": "maria", "roles": "ROLE_SUPER_ADMIN",
                                 "timezone": "UTC"})
    lead = Context(ctx.settings, ctx.database, users_repo.get(lead_id), ctx.clock)
    app = app_for(lead)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("3")
        await settle(app, pilot)
        await pilot.press("e")
        await settle(app, pilot)
        assert isinstance(app.screen, RecordEditor)
        assert "Edit record #1 of alice" in screen_text(app)


async def test_the_time_clock_previews_stored_times_and_offers_no_duplicate(world):
    _record(world)
    ctx = with_settings(world["ctx"], mode="punch")
    app = app_for(ctx)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(app, pilot)
        assert "Duplicate" not in _footer(app)
        assert app.screen.check_action("duplicate", ()) is False
        await pilot.press("e")
        await settle(app, pilot)
        preview = str(app.screen.query_one("#preview").render())
        assert "running" not in preview and "(1:00)" in preview, preview


async def test_switch_is_offered_only_while_something_runs_and_the_row_ticks(world):
    ctx, clock = world["ctx"], world["clock"]
    app = app_for(ctx)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(app, pilot)
        assert "w Switch" not in _footer(app)
        timesheets.start(ctx, RecordChanges(project_id=world["ids"]["sla"],
                                            activity_id=world["ids"]["support"]))
        app.refresh_running()
        app.screen.reload()
        await settle(app, pilot)
        assert "w Switch" in _footer(app)
        clock.now = NOW + timedelta(seconds=75)
        await pilot.pause(1.3)
        await settle(app, pilot)
        row = next(line for line in screen_text(app).splitlines() if "running" in line
                   and "2026-11-04" in line)
        assert "0:01:15" in row, row


async def test_the_cursor_goes_to_a_record_just_created(world):
    from kimai_tui.widgets.record_table import RecordTable

    for hours in (50, 30, 10, 4):
        _record(world, hours=hours)
    app = app_for(world["ctx"])
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        table = app.screen.query_one(RecordTable)
        await pilot.press("end")  # the oldest record of the week
        await settle(app, pilot)
        oldest = table.current
        await pilot.press("c")  # duplicate it: the copy sorts next to it, not at the top
        await settle(app, pilot)
        copy = table.current
        assert copy.id not in (1, 2, 3, 4) and copy.begin == oldest.begin, (copy, oldest)
        await pilot.press("home", "plus")
        await settle(app, pilot)
        editor = app.screen
        editor.query_one("#project").value = world["ids"]["sla"]
        await settle(app, pilot)
        editor.query_one("#activity").value = world["ids"]["support"]
        begin = editor.query_one("#begin")
        begin.focus()
        begin.value = ""
        await pilot.press(*"2026-11-02 08:00", "tab")
        await pilot.press(*"09:00", "ctrl+s")
        await settle(app, pilot)
        assert not isinstance(app.screen, RecordEditor)
        created = table.current
        assert created.begin.strftime("%Y-%m-%d %H:%M") == "2026-11-02 08:00", created
        assert table.cursor_row > 0
