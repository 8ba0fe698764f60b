"""The calendar, driven with the keys a user would press; what counts is what the database holds.

NOW (tui_support) is Wednesday 2026-11-04 09:00 UTC; the calendar opens on that week with the
cursor on today at the slot of now.
"""

from datetime import datetime, timedelta, timezone

from dateutil import tz as dateutil_tz
from textual.widgets import Select, TextArea

from kimai_tui.data import timesheets as records_repo
from kimai_tui.data import users as users_repo
from kimai_tui.queries import RecordFilter
from kimai_tui.screens.calendar import CalendarScreen
from kimai_tui.screens.record_editor import RecordEditor
from kimai_tui.services import timesheets
from kimai_tui.services.context import Context
from kimai_tui.services.record_save import RecordChanges
from kimai_tui.widgets.calendar_grid import WeekGrid
from kimai_tui.widgets.calendar_month import MonthGrid

from tui_support import NOW, app_for, settle, store_description, with_settings

UTC = timezone.utc


def all_records():
    return records_repo.page(RecordFilter(), 100)


def add(world, begin, end, description="", activity="support"):
    project = "sla" if activity == "support" else "setup"
    record, _ = timesheets.create(world["ctx"], RecordChanges(
        project_id=world["ids"][project], activity_id=world["ids"][activity],
        begin=begin, end=end, description=description))
    return record


async def open_calendar(app, pilot):
    await settle(app, pilot)
    await pilot.press("2")
    await settle(app, pilot)
    assert isinstance(app.screen, CalendarScreen)
    return app.screen


async def pick(app, pilot, select_id: str, typed: str):
    """Open a Select in the editor with the keyboard and choose by typing its name."""
    assert app.focused is app.screen.query_one(f"#{select_id}", Select)
    await pilot.press("enter")
    await pilot.pause()
    await pilot.press(*typed, "enter")
    await settle(app, pilot)


async def fill_project_and_activity(app, pilot, project="koruna", activity="user"):
    assert isinstance(app.screen, RecordEditor)
    await pick(app, pilot, "project", project)
    await pilot.press("tab")
    await pick(app, pilot, "activity", activity)


async def test_month_view_enter_on_a_day_creates_a_record_on_that_day(world):
    app = app_for(world["ctx"])
    async with app.run_test(size=(140, 40)) as pilot:
        screen = await open_calendar(app, pilot)
        await pilot.press("v")
        await settle(app, pilot)
        month = screen.query_one(MonthGrid)
        assert month.has_focus and month.cursor_day == NOW.date()
        await pilot.press("right", "down")  # Thursday, a week later: 2026-11-12
        await pilot.press("enter")
        await settle(app, pilot)
        await fill_project_and_activity(app, pilot)
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert isinstance(app.screen, CalendarScreen)
        assert [p.record.activity for p in month.pieces[NOW.date() + timedelta(days=8)]] == [
            "User Support"]
    records = all_records()
    assert len(records) == 1
    assert records[0].begin == datetime(2026, 11, 12, 8, 0, tzinfo=UTC)  # 08:00 default
    assert records[0].end == datetime(2026, 11, 12, 9, 0, tzinfo=UTC)
    assert records[0].activity_id == world["ids"]["support"]


async def test_month_view_day_begins_at_default_begin(world):
    ctx = with_settings(world["ctx"], default_begin="07:30")
    app = app_for(ctx)
    async with app.run_test(size=(140, 40)) as pilot:
        await open_calendar(app, pilot)
        await pilot.press("v")
        await settle(app, pilot)
        await pilot.press("left", "enter")
        await settle(app, pilot)
        await fill_project_and_activity(app, pilot, "kaesim", "laptop")
        await pilot.press("ctrl+s")
        await settle(app, pilot)
    [record] = all_records()
    assert record.begin == datetime(2026, 11, 3, 7, 30, tzinfo=UTC)
    assert record.activity_id == world["ids"]["laptop"]


async def test_week_view_selected_range_becomes_a_new_record_in_local_time(world):
    vienna = users_repo.create({"username": "bob", "roles": "ROLE_USER",
                                "timezone": "Europe/Vienna"})
    base = world["ctx"]
    ctx = Context(base.settings, base.database, users_repo.get(vienna), base.clock)
    app = app_for(ctx)
    async with app.run_test(size=(140, 40)) as pilot:
        screen = await open_calendar(app, pilot)
        week = screen.query_one(WeekGrid)
        await pilot.press("home")  # 06:00
        await pilot.press("down", "down", "down", "down", "down", "down")  # 09:00
        await pilot.press("shift+down", "shift+down", "shift+down")
        assert week.range_slots() == (18, 21)
        await pilot.press("enter")
        await settle(app, pilot)
        await fill_project_and_activity(app, pilot)
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert isinstance(app.screen, CalendarScreen)
        assert week.selection is None
    [record] = all_records()
    local = dateutil_tz.gettz("Europe/Vienna")
    assert record.begin.astimezone(local).replace(tzinfo=None) == datetime(2026, 11, 4, 9, 0)
    assert record.end.astimezone(local).replace(tzinfo=None) == datetime(2026, 11, 4, 10, 30)
    assert record.begin == datetime(2026, 11, 4, 8, 0, tzinfo=UTC)
    assert record.user_id == vienna


async def test_selecting_upwards_and_back(world):
    app = app_for(world["ctx"])
    async with app.run_test(size=(140, 40)) as pilot:
        screen = await open_calendar(app, pilot)
        week = screen.query_one(WeekGrid)
        assert week.cursor_slot == 18  # 09:00, now
        await pilot.press("shift+up", "shift+up")
        assert week.range_slots() == (16, 18)  # 08:00–09:00
        await pilot.press("shift+down", "shift+down")
        assert week.selection is None and week.cursor_slot == 18
        await pilot.press("shift+down", "escape")
        assert week.selection is None


async def test_enter_on_a_block_edits_that_record(world):
    record = add(world, NOW + timedelta(hours=1), NOW + timedelta(hours=2), "old words")
    app = app_for(world["ctx"])
    async with app.run_test(size=(140, 40)) as pilot:
        screen = await open_calendar(app, pilot)
        week = screen.query_one(WeekGrid)
        await pilot.press("down", "down", "down")  # 10:30, inside the block
        assert [r.id for r in week.records_under_cursor()] == [record.id]
        await pilot.press("enter")
        await settle(app, pilot)
        editor = app.screen
        assert isinstance(editor, RecordEditor) and editor.record.id == record.id
        description = editor.query_one("#description", TextArea)
        for _ in range(12):  # tab through the form to the description
            if app.focused is description:
                break
            await pilot.press("tab")
        assert app.focused is description
        description.select_all()
        await pilot.press(*"new words")
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert isinstance(app.screen, CalendarScreen)
        assert week.cursor_slot == 21  # the cursor stays where it was after the reload
    saved = records_repo.get(record.id)
    assert saved.description == "new words"
    assert (saved.begin, saved.end) == (record.begin, record.end)
    assert len(all_records()) == 1


async def test_e_in_month_view_edits_the_days_record(world):
    record = add(world, NOW - timedelta(days=1), NOW - timedelta(days=1, minutes=-30))
    app = app_for(world["ctx"])
    async with app.run_test(size=(140, 40)) as pilot:
        await open_calendar(app, pilot)
        await pilot.press("v")
        await settle(app, pilot)
        assert not app.screen.check_action("edit", ())  # nothing today
        await pilot.press("left")
        assert app.screen.check_action("edit", ())
        await pilot.press("e")
        await settle(app, pilot)
        assert isinstance(app.screen, RecordEditor) and app.screen.record.id == record.id


async def test_punch_mode_refuses_range_and_day_creation(world):
    ctx = with_settings(world["ctx"], mode="punch")
    app = app_for(ctx)
    async with app.run_test(size=(140, 40)) as pilot:
        screen = await open_calendar(app, pilot)
        assert not screen.check_action("new", ())
        await pilot.press("enter")  # an empty slot
        await settle(app, pilot)
        assert app.screen is screen
        await pilot.press("shift+down", "shift+down", "enter", "n")
        await settle(app, pilot)
        assert app.screen is screen
        await pilot.press("v")
        await settle(app, pilot)
        await pilot.press("enter", "n")
        await settle(app, pilot)
        assert app.screen is screen
        assert any("punch" in str(n.message) for n in app._notifications)
    assert all_records() == []


async def test_only_the_visible_period_is_loaded_and_navigation_moves_it(world):
    add(world, NOW - timedelta(days=30), NOW - timedelta(days=30, minutes=-60))  # October
    this_week = add(world, NOW - timedelta(hours=2), NOW - timedelta(hours=1))
    next_week = add(world, NOW + timedelta(days=7), NOW + timedelta(days=7, hours=1))
    app = app_for(world["ctx"])
    async with app.run_test(size=(140, 40)) as pilot:
        screen = await open_calendar(app, pilot)
        week = screen.query_one(WeekGrid)

        def shown():
            return {p.record.id for pieces in week.pieces.values() for p in pieces}

        assert shown() == {this_week.id}
        await pilot.press("right_square_bracket")
        await settle(app, pilot)
        assert shown() == {next_week.id} and week.cursor_day == NOW.date() + timedelta(days=7)
        await pilot.press("t")
        await settle(app, pilot)
        assert shown() == {this_week.id}
        # Walking off the end of the week shows the next one.
        await pilot.press(*["right"] * 5)
        await settle(app, pilot)
        assert screen.period.first == NOW.date() + timedelta(days=5)
        assert shown() == {next_week.id}


async def test_running_record_extends_to_now_and_reloads_on_change(world):
    ctx, clock = world["ctx"], world["clock"]
    timesheets.start(ctx, RecordChanges(project_id=world["ids"]["sla"],
                                        activity_id=world["ids"]["support"]))
    clock.now = NOW + timedelta(hours=1, minutes=10)
    app = app_for(ctx)
    async with app.run_test(size=(140, 40)) as pilot:
        screen = await open_calendar(app, pilot)
        week = screen.query_one(WeekGrid)
        [piece] = week.pieces[NOW.date()]
        assert (piece.start, piece.end) == (9 * 60, 10 * 60 + 10)
        assert week.slot_pieces[NOW.date()][20][0][0] is piece  # the 10:00 slot
        await pilot.press("x")  # stop it
        await settle(app, pilot)
        [piece] = week.pieces[NOW.date()]
        assert not piece.record.running


async def test_typed_text_is_shown_inert(world):
    record = add(world, NOW, NOW + timedelta(hours=2))
    store_description(record.id, "[bold]boom[/bold] \x1b[31mred")
    app = app_for(world["ctx"])
    async with app.run_test(size=(200, 60)) as pilot:
        screen = await open_calendar(app, pilot)
        week = screen.query_one(WeekGrid)
        row = 18 + 2 - week.scroll_offset.y + 1  # the block's third line: the description
        text = "".join(s.text for s in week.render_line(row))
        assert "[bold]boom[/bold] \\x1b[31m" in text  # cut to the column width
