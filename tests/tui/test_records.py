"""New record with "+", editing with each duration format, deleting with confirmation,
filtering by customer and by a custom-field term: keys pressed, database checked."""

from datetime import timedelta

import pytest

from kimai_tui.data import meta as meta_repo
from kimai_tui.data import timesheets as records_repo
from kimai_tui.queries import RecordFilter
from kimai_tui.screens.record_editor import RecordEditor
from kimai_tui.services import timesheets
from kimai_tui.services.record_save import RecordChanges
from kimai_tui.widgets.record_table import RecordTable

from tui_support import NOW, app_for, settle


def all_records():
    return records_repo.page(RecordFilter(), 100)


async def pick(pilot, app, text):
    """Open the focused Select, type to find an option, choose it."""
    await pilot.press("enter")
    await settle(app, pilot, 1)
    await pilot.press(*text)
    await pilot.press("enter")
    await settle(app, pilot, 1)


async def test_new_record_with_plus(world):
    app = app_for(world["ctx"])
    async with app.run_test(size=(140, 45)) as pilot:
        await settle(app, pilot)
        await pilot.press("+")
        await settle(app, pilot)
        assert isinstance(app.screen, RecordEditor)
        await pick(pilot, app, "kaesim")  # project select has focus
        await pilot.press("tab")
        await pick(pilot, app, "laptop")
        await pilot.press("tab")  # begin
        await pilot.press("ctrl+a", "ctrl+k", *"2026-11-03 08:00")
        await pilot.press("tab")  # end
        await pilot.press(*"10:15")
        await pilot.press("tab", "tab")  # duration, then description
        await pilot.press(*"new laptop for [bold]Ana")
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert not isinstance(app.screen, RecordEditor)
    (record,) = all_records()
    assert record.activity_id == world["ids"]["laptop"]
    assert record.begin == NOW.replace(day=3, hour=8)
    assert record.duration == 2 * 3600 + 15 * 60
    assert record.description == "new laptop for [bold]Ana"


@pytest.mark.parametrize("typed, seconds", [
    ("2:27", 8820), ("3:143:13", 19393), ("2h", 7200), ("147m", 8820),
    ("3h14m13s", 11653), ("8820", 8820), ("1.5", 5400), ("8,20", 29520),
])
async def test_edit_with_each_duration_format(world, typed, seconds):
    ctx = world["ctx"]
    record, _ = timesheets.create(ctx, RecordChanges(
        project_id=world["ids"]["sla"], activity_id=world["ids"]["support"],
        begin=NOW - timedelta(hours=1), end=NOW))
    app = app_for(ctx)
    async with app.run_test(size=(140, 45)) as pilot:
        await settle(app, pilot)
        await pilot.press("e")
        await settle(app, pilot)
        editor = app.screen
        assert isinstance(editor, RecordEditor)
        editor.query_one("#duration").focus()
        await pilot.press("ctrl+a", "ctrl+k", *typed)
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert not isinstance(app.screen, RecordEditor)
    assert records_repo.get(record.id).duration == seconds


async def test_bad_duration_shows_an_error_and_writes_nothing(world):
    ctx = world["ctx"]
    record, _ = timesheets.create(ctx, RecordChanges(
        project_id=world["ids"]["sla"], activity_id=world["ids"]["support"],
        begin=NOW - timedelta(hours=1), end=NOW))
    app = app_for(ctx)
    async with app.run_test(size=(140, 45)) as pilot:
        await settle(app, pilot)
        await pilot.press("e")
        await settle(app, pilot)
        app.screen.query_one("#duration").focus()
        await pilot.press("ctrl+a", "ctrl+k", *"2h3h", "ctrl+s")
        await settle(app, pilot)
        assert isinstance(app.screen, RecordEditor)
        message = str(app.screen.query_one("#error-duration").render())
        assert "2:30" in message  # lists the accepted formats
    assert records_repo.get(record.id).duration == 3600


async def test_delete_with_confirmation(world):
    ctx = world["ctx"]
    keep, _ = timesheets.create(ctx, RecordChanges(
        project_id=world["ids"]["sla"], activity_id=world["ids"]["support"],
        begin=NOW - timedelta(hours=3), end=NOW - timedelta(hours=2)))
    doomed, _ = timesheets.create(ctx, RecordChanges(
        project_id=world["ids"]["sla"], activity_id=world["ids"]["support"],
        begin=NOW - timedelta(hours=1), end=NOW))
    app = app_for(ctx)
    async with app.run_test(size=(140, 45)) as pilot:
        await settle(app, pilot)
        await pilot.press("delete")  # newest first: the cursor is on `doomed`
        await settle(app, pilot)
        await pilot.press("n")  # declined: nothing happens
        await settle(app, pilot)
        assert records_repo.get(doomed.id) is not None
        await pilot.press("delete")
        await settle(app, pilot)
        await pilot.press("y")
        await settle(app, pilot)
    assert [r.id for r in all_records()] == [keep.id]


async def test_filter_by_customer_and_by_custom_field(world):
    ctx = world["ctx"]
    ids = world["ids"]
    office, _ = timesheets.create(ctx, RecordChanges(
        project_id=ids["sla"], activity_id=ids["support"], begin=NOW - timedelta(hours=4),
        end=NOW - timedelta(hours=3), description="printer", meta={"location": "office"}))
    home, _ = timesheets.create(ctx, RecordChanges(
        project_id=ids["sla"], activity_id=ids["support"], begin=NOW - timedelta(hours=3),
        end=NOW - timedelta(hours=2), description="vpn", meta={"location": "homeoffice"}))
    kaesim, _ = timesheets.create(ctx, RecordChanges(
        project_id=ids["setup"], activity_id=ids["laptop"], begin=NOW - timedelta(hours=2),
        end=NOW - timedelta(hours=1), description="laptop"))
    app = app_for(ctx)
    async with app.run_test(size=(140, 45)) as pilot:
        await settle(app, pilot)
        await pilot.press("t")  # this week (the view opens on recent work, by day)
        await settle(app, pilot)
        table = app.screen.query_one(RecordTable)
        assert table.total == 3
        await pilot.press("slash", *"location:home")
        await pilot.pause(0.4)
        await settle(app, pilot)
        assert [r.id for r in table.loaded_rows()] == [home.id]
        await pilot.press("ctrl+a", "ctrl+k")  # clear the search
        await pilot.press("tab", "tab")  # state, then the customer select
        await pick(pilot, app, "kaesim")
        await pilot.pause(0.4)
        await settle(app, pilot)
        assert [r.id for r in table.loaded_rows()] == [kaesim.id]
