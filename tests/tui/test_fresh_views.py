"""Issue 14 items 3 and 4: the active bar follows an edit of the running record (own edits
at once, others' within tui.refresh_seconds), and a mode's screen shows what changed while
another mode was showing."""

from datetime import timedelta

from kimai_tui.data import timesheets as records_repo
from kimai_tui.screens.calendar import CalendarScreen
from kimai_tui.screens.record_editor import RecordEditor
from kimai_tui.services import timesheets
from kimai_tui.services.context import Context
from kimai_tui.services.record_save import RecordChanges
from kimai_tui.widgets.active_bar import ActiveBar
from kimai_tui.widgets.record_table import RecordTable

from tui_support import NOW, app_for, settle


def bar(app) -> str:
    return str(app.screen.query_one(ActiveBar).render())


async def test_the_bar_follows_edits_of_the_running_record(world):
    ctx, ids, clock = world["ctx"], world["ids"], world["clock"]
    record, _ = timesheets.start(ctx, RecordChanges(project_id=ids["sla"],
                                                    activity_id=ids["support"]))
    clock.now = NOW + timedelta(minutes=9)
    app = app_for(ctx)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(app, pilot)
        assert "0:09:00" in bar(app)
        # Own edit in the editor: begin 20 minutes ago.
        await pilot.press("e")
        await settle(app, pilot)
        assert isinstance(app.screen, RecordEditor)
        app.screen.query_one("#begin").focus()
        await pilot.press("ctrl+a", "ctrl+k", *"-20m", "ctrl+s")
        await settle(app, pilot)
        assert not isinstance(app.screen, RecordEditor)
        app.screen.query_one(ActiveBar).tick()
        assert "0:20:00" in bar(app), bar(app)
        # Someone else (the command line) changes its activity and description.
        other = Context(ctx.settings, ctx.database, ctx.user, clock)
        timesheets.update(other, record.id, RecordChanges(
            project_id=ids["setup"], activity_id=ids["laptop"], description="new laptop"))
        for _ in range(40):
            await pilot.pause(0.1)
            if "Laptop Setup" in bar(app):
                break
        assert "Laptop Setup" in bar(app) and "new laptop" in bar(app)


async def test_a_mode_shows_what_changed_while_another_was_showing(world):
    ctx, ids = world["ctx"], world["ids"]
    first, _ = timesheets.create(ctx, RecordChanges(
        project_id=ids["sla"], activity_id=ids["support"], begin=NOW - timedelta(hours=2),
        end=NOW - timedelta(hours=1)))
    app = app_for(ctx)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(app, pilot)
        table = app.screen.query_one(RecordTable)
        assert [getattr(r, "id", None) for r in table.loaded_rows()][1:] == [first.id]
        await pilot.press("2")
        await settle(app, pilot)
        assert isinstance(app.screen, CalendarScreen)
        # Started from the calendar ...
        await pilot.press("s")
        await settle(app, pilot)
        await pilot.press(*"laptop", "enter")
        await settle(app, pilot)
        [running] = records_repo.running(ids["user"])
        # ... and one added elsewhere meanwhile.
        other, _ = timesheets.create(Context(ctx.settings, ctx.database, ctx.user, ctx.clock),
                                     RecordChanges(project_id=ids["sla"],
                                                   activity_id=ids["support"],
                                                   begin=NOW - timedelta(hours=4),
                                                   end=NOW - timedelta(hours=3)))
        await pilot.pause(0.5)  # the poll sees it while the calendar shows
        await pilot.press("1")
        await settle(app, pilot)
        table = app.screen.query_one(RecordTable)
        shown = [r.id for r in table.loaded_rows() if hasattr(r, "id")]
        assert shown == [running.id, first.id, other.id]
        assert "Laptop Setup" in bar(app)
        await pilot.press("x")
        await settle(app, pilot)
    assert records_repo.get(running.id).end is not None


async def test_the_budget_column_counts_hours_added_while_another_mode_showed(world):
    """The Projects screen's budget column after 14:30 h were recorded from the timesheet
    (it stayed at 0:00 until the visibility filter was toggled)."""
    from textual.widgets import DataTable

    from kimai_tui.data import catalogue as catalogue_repo
    from kimai_tui.data import users as users_repo
    from kimai_tui.screens.catalogue import CatalogueScreen

    ctx, ids = world["ctx"], world["ids"]
    catalogue_repo.update("project", ids["sla"], {"time_budget": 20 * 3600})
    admin = Context(ctx.settings, ctx.database, users_repo.get(users_repo.create(
        {"username": "root", "roles": "ROLE_SUPER_ADMIN", "timezone": "UTC"})), ctx.clock)

    def budget_cell(screen) -> str:
        index = [r.entity.id for r in screen.rows].index(ids["sla"])
        return screen.query_one(DataTable).get_row_at(index)[-1].plain

    app = app_for(admin)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(app, pilot)
        await pilot.press("5")
        await settle(app, pilot)
        projects = app.screen
        assert isinstance(projects, CatalogueScreen)
        assert "0:00 of 20:00" in budget_cell(projects)
        await pilot.press("1")
        await settle(app, pilot)
        timesheets.create(ctx, RecordChanges(
            project_id=ids["sla"], activity_id=ids["support"],
            begin=NOW - timedelta(hours=20), end=NOW - timedelta(hours=5, minutes=30)))
        await pilot.pause(0.5)  # seen by the poll while the timesheet shows
        await pilot.press("5")
        await settle(app, pilot)
        assert "14:30 of 20:00" in budget_cell(projects)
