"""Issue 18: a write reaches the screen from its own result. The keys a user presses (start,
switch, stop, the editor's save, delete, a customer chosen in the filter) leave the bar, the
table rows and the footer showing the write; the modes not shown first are imported only when
opened, and still open with their key and from the palette. Behaviour only: the speed is
measured by bench/, never here."""

import subprocess
import sys
import textwrap
from datetime import timedelta

from kimai_tui.data import timesheets as records_repo
from kimai_tui.queries import RecordFilter
from kimai_tui.services import timesheets
from kimai_tui.services.record_save import RecordChanges
from kimai_tui.widgets.active_bar import ActiveBar
from kimai_tui.widgets.record_table import RecordTable

from tui_support import NOW, app_for, screen_text, settle


def bar(app) -> str:
    return str(app.screen.query_one(ActiveBar).render())


def rows(app) -> list:
    return [row for row in app.screen.query_one(RecordTable).loaded_rows()
            if hasattr(row, "activity")]


def footer(app) -> str:
    return screen_text(app).rstrip().splitlines()[-1]


async def test_start_then_stop_show_in_the_bar_the_rows_and_the_footer(world):
    app = app_for(world["ctx"])
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(app, pilot)
        assert "Nothing is running" in bar(app)
        assert "x Stop" not in footer(app)
        await pilot.press("s")
        await settle(app, pilot)
        await pilot.press(*"laptop", "enter")
        await settle(app, pilot)
        assert "Laptop Setup" in bar(app)
        shown = rows(app)
        assert shown and shown[0].activity == "Laptop Setup" and shown[0].end is None
        text = screen_text(app)
        assert "running" in text  # the row's End column
        assert "x Stop" in footer(app) and "w Switch" in footer(app)
        await pilot.press("x")
        await settle(app, pilot)
        assert "Nothing is running" in bar(app)
        assert rows(app)[0].end is not None
        stored = records_repo.page(RecordFilter(), 10)
        assert stored[0].end is not None
        assert "x Stop" not in footer(app) and "w Switch" not in footer(app)
        assert app.running == []


async def test_switch_shows_the_new_record_running_and_the_old_one_stopped(world):
    ctx, ids, clock = world["ctx"], world["ids"], world["clock"]
    first, _ = timesheets.start(ctx, RecordChanges(project_id=ids["sla"],
                                                   activity_id=ids["support"]))
    clock.now = NOW + timedelta(minutes=5)
    app = app_for(ctx)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(app, pilot)
        assert "User Support" in bar(app)
        await pilot.press("w")
        await settle(app, pilot)
        await pilot.press(*"laptop", "enter")
        await settle(app, pilot)
        assert "Laptop Setup" in bar(app) and "User Support" not in bar(app)
        [running] = app.running
        assert running.activity == "Laptop Setup"
        by_id = {row.id: row for row in rows(app)}
        assert by_id[first.id].end is not None
        assert by_id[running.id].end is None


async def test_the_editor_save_shows_in_the_row_and_the_bar(world):
    ctx, ids = world["ctx"], world["ids"]
    record, _ = timesheets.start(ctx, RecordChanges(project_id=ids["sla"],
                                                    activity_id=ids["support"]))
    app = app_for(ctx)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(app, pilot)
        await pilot.press("e")
        await settle(app, pilot)
        app.screen.query_one("#description").focus()
        await pilot.press(*"printer on floor 3", "ctrl+s")
        await settle(app, pilot)
        assert "printer on floor 3" in bar(app)
        [row] = [r for r in rows(app) if r.id == record.id]
        assert row.description == "printer on floor 3"
        assert "printer on floor 3" in screen_text(app)


async def test_deleting_the_running_record_leaves_nothing_running(world):
    ctx, ids = world["ctx"], world["ids"]
    timesheets.start(ctx, RecordChanges(project_id=ids["sla"], activity_id=ids["support"]))
    app = app_for(ctx)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(app, pilot)
        assert "User Support" in bar(app)
        await pilot.press("delete")
        await settle(app, pilot)
        await pilot.press("y")  # the confirmation's yes
        await settle(app, pilot)
        assert records_repo.page(RecordFilter(), 10) == []
        assert "Nothing is running" in bar(app)
        assert app.running == [] and rows(app) == []


async def test_a_customer_chosen_in_the_filter_narrows_the_rows(world):
    ctx, ids = world["ctx"], world["ids"]
    for project, activity in (("sla", "support"), ("setup", "laptop")):
        timesheets.create(ctx, RecordChanges(
            project_id=ids[project], activity_id=ids[activity],
            begin=NOW - timedelta(hours=3), end=NOW - timedelta(hours=2)))
    app = app_for(ctx)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(app, pilot)
        assert {r.activity for r in rows(app)} == {"User Support", "Laptop Setup"}
        from textual.widgets import Select

        app.screen.query_one("#customer", Select).value = ids["kaesim"]
        await settle(app, pilot)
        assert {r.activity for r in rows(app)} == {"Laptop Setup"}


async def test_modes_open_with_their_key_and_from_the_palette(world):
    from kimai_tui.screens.calendar import CalendarScreen
    from kimai_tui.screens.reports import ReportScreen

    app = app_for(world["ctx"])
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(app, pilot)
        await pilot.press("2")
        await settle(app, pilot)
        assert isinstance(app.screen, CalendarScreen)
        await pilot.press("1")
        await settle(app, pilot)
        await pilot.press("ctrl+p")
        await settle(app, pilot)
        await pilot.press(*"Go to Reports")
        await settle(app, pilot)
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, ReportScreen)


def test_the_first_screen_imports_no_other_mode(tmp_path):
    """In a fresh process: until the first rows are shown, no other mode's screen, no
    editor, picker, exporter or palette provider is imported."""
    script = textwrap.dedent(f"""
        import asyncio, sys
        from kimai_tui.app import KimaiApp, make_app
        from kimai_tui.data import db, users
        from kimai_tui.services.context import Context
        from kimai_tui.settings import Settings, TuiSettings
        from kimai_tui.widgets.record_table import RecordTable

        database = db.connect("sqlite:///{tmp_path / 'k.sqlite'}")
        user = users.get(users.create({{"username": "alice", "roles": "ROLE_SUPER_ADMIN"}}))
        ctx = Context(Settings(tui=TuiSettings(refresh_seconds=3600)), database, user)

        seen = []
        shown = KimaiApp.on_record_table_rows_shown

        def rows_shown(app):  # what is imported when the first rows are shown
            if not seen:
                seen.extend(m for m in sys.modules if m.startswith("kimai_tui.screens."))
            shown(app)
        KimaiApp.on_record_table_rows_shown = rows_shown

        async def main():
            app = make_app(ctx)
            async with app.run_test(size=(120, 30)) as pilot:
                while not seen:
                    await pilot.pause(0.01)
                await pilot.pause(0.3)  # what waited for the rows comes, then quit
            print(" ".join(sorted(seen)))
        asyncio.run(main())
    """)
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                         timeout=120)
    assert out.returncode == 0, out.stderr
    loaded = set(out.stdout.split())
    for name in ("calendar", "team", "catalogue", "people", "reports", "invoices", "review",
                 "importer", "record_editor", "pickers", "export_dialog", "commands",
                 "entity_editor"):
        assert f"kimai_tui.screens.{name}" not in loaded, (name, loaded)
    assert "kimai_tui.screens.timesheet" in loaded


async def test_the_pickers_complete_tags_once_the_tags_field_is_focused(world):
    """The tags are read when the Tags field is first focused (not with the choices): the
    completion is there when typing in it."""
    ctx, ids = world["ctx"], world["ids"]
    timesheets.create(ctx, RecordChanges(
        project_id=ids["sla"], activity_id=ids["support"], begin=NOW - timedelta(hours=3),
        end=NOW - timedelta(hours=2), tags=("onsite",)))
    app = app_for(ctx)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(app, pilot)
        await pilot.press("s")
        await settle(app, pilot)
        await pilot.press("tab", "tab")  # query -> description -> tags
        await settle(app, pilot)
        tags = app.screen.query_one("#tags")
        assert app.screen.focused is tags
        assert await tags.suggester.get_suggestion("on") == "onsite"
        await pilot.press("escape")
        await settle(app, pilot)
        app.screen.query_one(RecordTable).go_to(1)
        await pilot.press("e")
        await settle(app, pilot)
        editor_tags = app.screen.query_one("#tags")
        editor_tags.focus()
        await settle(app, pilot)
        assert await editor_tags.suggester.get_suggestion("ons") == "onsite"


async def test_keys_typed_ahead_of_a_dialog_reach_it_never_the_table(world):
    """A quick typist's `s`, `laptop`, Enter arrive before the picker is drawn (issue 18's
    newcomer test: the Enter went to the table and opened the selected record's editor)."""
    from textual import events

    from kimai_tui.screens.record_editor import RecordEditor

    app = app_for(world["ctx"])
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        for key, char in [("s", "s"), *[(c, c) for c in "laptop"], ("enter", "\r")]:
            app.post_message(events.Key(key, char))  # all queued before the picker exists
        await settle(app, pilot)
        await settle(app, pilot)
        assert not isinstance(app.screen, RecordEditor)
        running = records_repo.running(world["ctx"].user.id)
        assert [r.activity for r in running] == ["Laptop Setup"], running
        assert "Laptop Setup" in bar(app)


async def test_a_second_key_while_the_first_ones_write_is_on_its_way_acts_on_its_result(world):
    """`z z` pauses then resumes, `x x` stops once without a complaint, `r x` restarts then
    stops the restarted record (issue 18's newcomer test: the second key read what was shown
    before the first write, refused, or was ignored)."""
    from textual import events

    ctx = world["ctx"]
    app = app_for(ctx)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("s", *"laptop", "enter")
        await settle(app, pilot)
        record = records_repo.running(ctx.user.id)[0]

        def keys(*names):
            for name in names:
                app.post_message(events.Key(name, name))

        keys("z", "z")
        await settle(app, pilot)
        await settle(app, pilot)
        again = records_repo.running(ctx.user.id)
        assert [r.id for r in again] == [record.id] and again[0].paused_at is None
        keys("x", "x")
        await settle(app, pilot)
        await settle(app, pilot)
        assert records_repo.running(ctx.user.id) == []
        assert "not running" not in screen_text(app)
        world["clock"].now = NOW + timedelta(minutes=5)
        app.screen.query_one(RecordTable).focus()
        for _ in range(3):  # from the day's header to its record
            if app.screen.selected is None:
                await pilot.press("down")
        assert app.screen.selected is not None and app.screen.selected.id == record.id
        keys("r", "x")
        await settle(app, pilot)
        await settle(app, pilot)
        assert records_repo.running(ctx.user.id) == []
        newest = records_repo.page(RecordFilter(user_ids=[ctx.user.id]), 1)[0]
        assert newest.id != record.id and newest.end is not None  # restarted, then stopped


async def test_a_paused_record_reads_paused_in_its_row_with_the_bars_time(world):
    """The row of a paused record says paused and counts as the bar and `status` do: without
    the pause (issue 18's newcomer test: it said running and kept counting)."""
    ctx, clock = world["ctx"], world["clock"]
    app = app_for(ctx)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(app, pilot)
        await pilot.press("s", *"laptop", "enter")
        await settle(app, pilot)
        clock.now = NOW + timedelta(minutes=20)
        await pilot.press("z")
        await settle(app, pilot)
        clock.now = NOW + timedelta(minutes=50)  # 30 minutes of pause so far
        app.screen.query_one(RecordTable).refresh()
        await settle(app, pilot)
        [line] = [text for text in screen_text(app).splitlines() if "Laptop" in text
                  and "paused" in text and "⏸" not in text]
        assert "0:20:00" in line, line
        assert "0:20:00" in bar(app)
        clock.now = NOW + timedelta(minutes=60)
        await pilot.press("z")  # resumed: the 40 minutes of pause became its break
        await settle(app, pilot)
        clock.now = NOW + timedelta(minutes=70)
        app.screen.query_one(RecordTable).refresh()
        await settle(app, pilot)
        [line] = [text for text in screen_text(app).splitlines() if "Laptop" in text
                  and "running" in text]
        assert "0:30:00" in line, line


async def test_letters_typed_in_the_search_field_stay_letters(world):
    """s, w, a and i open pickers from anywhere but a text field: there they are letters."""
    from kimai_tui.screens.pickers import StartPicker

    app = app_for(world["ctx"])
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("slash", *"swai")
        await settle(app, pilot)
        assert not isinstance(app.screen, StartPicker)
        assert app.screen.query_one("#search").value == "swai"


async def test_end_at_80x24_shows_the_last_row_above_the_scrollbar(world):
    """The rows on screen leave out a horizontal scrollbar's line: End put the cursor on the
    last record under it, out of sight (every-size finding of issue 18's newcomer test)."""
    ctx, ids = world["ctx"], world["ids"]
    for n in range(30):
        begin = NOW - timedelta(hours=30) + timedelta(minutes=20 * n)
        timesheets.create(ctx, RecordChanges(project_id=ids["sla"], activity_id=ids["support"],
                                             begin=begin, end=begin + timedelta(minutes=10),
                                             description=f"ticket {n:02d}"))
    app = app_for(ctx)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        table = app.screen.query_one(RecordTable)
        table.focus()
        await pilot.press("end")
        await settle(app, pilot)
        region = table.scrollable_content_region
        assert table.cursor_row - table.scroll_offset.y <= region.height - 2  # under the header
        assert "ticket 00" in screen_text(app)
