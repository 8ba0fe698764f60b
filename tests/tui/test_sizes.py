"""Issue #15: every screen and dialog is usable at 80x24 (and at 160x48), by keyboard alone.

Each test draws the real screen at the terminal size and checks that what matters is on it
(choices in the picker, the help line, the amount columns, the footer's help and quit), and
where keys are pressed, what the database holds afterwards."""

from datetime import timedelta

import pytest

from kimai_tui.data import catalogue as catalogue_repo
from kimai_tui.data import users as users_repo
from kimai_tui.services import timesheets
from kimai_tui.services.context import Context
from kimai_tui.services.record_save import RecordChanges

from tui_support import NOW, app_for, settle, screen_text

SIZES = [(80, 24), (160, 48)]


def _more_activities(world) -> None:
    ids = world["ids"]
    for name in ("Kaesim SLA User Setup", "Kaesim SLA User Support", "Printer Repair"):
        ids[name] = catalogue_repo.create("activity", {"name": name, "project": ids["setup"]})


def _records(world, user_ctx=None) -> None:
    ctx, ids = user_ctx or world["ctx"], world["ids"]
    for hours, project, activity in ((30, "sla", "support"), (6, "setup", "laptop")):
        timesheets.create(ctx, RecordChanges(
            project_id=ids[project], activity_id=ids[activity],
            begin=NOW - timedelta(hours=hours), end=NOW - timedelta(hours=hours - 2)))


def _admin(world) -> Context:
    ctx = world["ctx"]
    admin_id = users_repo.create({"username": "root", "roles": "ROLE_SUPER_ADMIN",
                                  "timezone": "UTC"})
    return Context(ctx.settings, ctx.database, users_repo.get(admin_id), ctx.clock)


def _footer(text: str) -> str:
    return text.rstrip("\n").splitlines()[-1]


@pytest.mark.parametrize("size", SIZES)
async def test_the_picker_shows_choices_fields_and_its_help_line(world, size):
    _more_activities(world)
    app = app_for(world["ctx"])
    async with app.run_test(size=size) as pilot:
        await settle(app, pilot)
        await pilot.press("s")
        await settle(app, pilot)
        text = screen_text(app)
    choices = [line for line in text.splitlines() if " / " in line and "Kaesim" in line
               or "Koruna Assist / " in line]
    assert len(choices) >= 3, text
    for label in ("Search", "Description", "Tags", "Location"):
        assert label in text, (label, text)
    assert "Tab next field · Esc cancel" in text, text


async def test_picker_tab_goes_query_description_tags_fields_and_arrows_choose(world):
    _more_activities(world)
    app = app_for(world["ctx"])
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("s")
        await settle(app, pilot)
        picker = app.screen
        await pilot.press(*"kaesim sla user")
        await settle(app, pilot)
        first = picker.shown[0]
        await pilot.press("down")
        second = picker.shown[1]
        assert first != second
        await pilot.press("tab")
        assert app.focused.id == "description"
        await pilot.press(*"new starter", "tab")
        assert app.focused.id == "tags"
        await pilot.press(*"onsite", "tab")
        assert app.focused.id == "meta-location"
        await pilot.press(*"home")
        await pilot.press("up", "down")  # the choice moves from any field too
        await pilot.press("enter")
        await settle(app, pilot)
    (record,) = timesheets.running(world["ctx"])
    assert record.activity_id == second.activity_id
    assert record.description == "new starter"
    assert record.tags == ("onsite",)
    assert record.meta == {"location": "home"}


@pytest.mark.parametrize("size", SIZES)
async def test_every_mode_shows_its_content_and_keeps_help_and_quit_in_the_footer(world, size):
    _records(world)
    admin = _admin(world)
    _records(world, admin)
    app = app_for(admin)
    expected = {
        "1": ["Duration", "2026-11-0"], "2": ["Mon 02"], "3": ["User", "alice"],
        "4": ["Koruna Assist", "Currency"], "5": ["Kaesim SLA IT Support"],
        "6": ["Laptop Setup"], "7": ["alice", "Roles"], "8": ["Amount", "Billable", "PHP"],
        "9": ["Amount", "Rate"]}
    async with app.run_test(size=size) as pilot:
        await settle(app, pilot)
        await pilot.press("t")
        for key, wanted in expected.items():
            await pilot.press(key)
            await settle(app, pilot)
            if key in "13":
                await pilot.press("p")  # the month: the records are of this week
                await settle(app, pilot)
            text = screen_text(app)
            for piece in wanted:
                assert piece in text, (key, piece, text)
            assert _footer(text).lstrip().startswith("? Help  ^q Quit"), (key, text)
            if key in "123":  # the period line's key hint is whole, or the short one
                hint = "? keys" if size[0] == 80 else "[ ] prev/next · t today"
                assert hint in text, (key, text)


async def test_reports_amount_columns_are_whole_at_80_columns(world):
    admin = _admin(world)
    _records(world, admin)
    app = app_for(admin)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("8")
        await settle(app, pilot)
        text = screen_text(app)
    header = next(line for line in text.splitlines() if "Records" in line)
    assert header.rstrip().endswith("Billable"), text
    assert text.count(".00 PHP") >= 4, text  # amount and billable of both lines, whole
    # the names give way, cut with an ellipsis (not chopped)
    assert any(line.lstrip().startswith("Kaesim") and "…" in line
               for line in text.splitlines()), text


def _modal_checks():
    """(keys to press, texts that must show) for every dialog."""
    return [
        (["1", "plus"], ["New record", "Project", "Activity", "Begin", "Ctrl+S save"]),
        (["1", "X"], ["Export records", "Format", "Ctrl+S export"]),
        (["4", "e"], ["Customer #", "Statistics", "Ctrl+S save"]),
        (["4", "e", "ctrl+r"], ["Prices of customer", "Esc close"]),
        (["4", "delete"], ["Delete customer"]),
        (["5", "e"], ["Project #", "budget"]),
        (["7", "n"], ["New user", "Username", "Ctrl+S save"]),
        (["3", "b", "f"], ["Stop", "Ctrl+S or Enter stop"]),
        (["1", "question_mark"], ["Keys of this screen", "Start", "Filter"]),
        (["s"], ["Start", "Description"]),
    ]


@pytest.mark.parametrize("size", SIZES)
async def test_every_dialog_shows_what_matters(world, size):
    _records(world)
    timesheets.start(world["ctx"], RecordChanges(project_id=world["ids"]["sla"],
                                                 activity_id=world["ids"]["support"]))
    admin = _admin(world)
    app = app_for(admin)
    async with app.run_test(size=size) as pilot:
        await settle(app, pilot)
        for keys, wanted in _modal_checks():
            for key in keys:
                await pilot.press(key)
                await settle(app, pilot)
            text = screen_text(app)
            for piece in wanted:
                assert piece in text, (keys, piece, text)
            while len(app.screen_stack) > 1:
                await pilot.press("escape")
                await settle(app, pilot)


def _help_text(app) -> str:
    return str(app.screen.query_one("#help-keys").render())


async def test_help_lists_every_key_of_the_screen_from_its_bindings(world):
    _records(world)
    timesheets.start(world["ctx"], RecordChanges(project_id=world["ids"]["sla"],
                                                 activity_id=world["ids"]["support"]))
    admin = _admin(world)
    app = app_for(admin)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        timesheet = app.screen
        await pilot.press("question_mark")
        await settle(app, pilot)
        text = _help_text(app)
        for binding in timesheet._bindings.key_to_bindings.values():
            for b in binding:
                if b.id:  # ours (Textual's copy-selection and the like are left out)
                    assert b.description in text, b
        for piece in ("Everywhere", "Quit", "Help", "Invoices", "Page down"):
            assert piece in text, piece
        await pilot.press("escape")
        await pilot.press("2", "f1")  # the calendar's n (new here) and v (week/month)
        await settle(app, pilot)
        text = _help_text(app)
        assert "New here" in text and "Week/Month" in text
        await pilot.press("f1")  # F1 again closes
        await pilot.press("3", "question_mark")  # the team's b (board) and f (stop forgotten)
        await settle(app, pilot)
        text = _help_text(app)
        assert "Board/Review" in text and "Stop forgotten" in text
        await pilot.press("escape", "4", "e")
        await settle(app, pilot)
        await pilot.press("f1")  # in a dialog, with a text field focused: ctrl+r prices
        await settle(app, pilot)
        text = _help_text(app)
        assert "Prices" in text and "Save" in text and "^r" in text


async def test_help_leaves_out_the_modes_a_user_does_not_have(world):
    app = app_for(world["ctx"])  # alice, ROLE_USER: Timesheet, Calendar, Reports
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("f1")
        await settle(app, pilot)
        text = _help_text(app)
        assert "Calendar" in text and "Reports" in text
        assert "People" not in text and "Invoices" not in text
