"""The team screen as a team lead uses it: correcting a member's record, the board's forgotten
timer, export with mark-exported, totals; and a plain user who may not open it.
Keys pressed like a user; the database checked."""

from datetime import datetime, timedelta, timezone

import pytest
from textual.app import InvalidModeError

from kimai_tui.data import timesheets as records_repo
from kimai_tui.data import users as users_repo
from kimai_tui.queries import RecordFilter
from kimai_tui.rules.errors import KimaiError, NotFound
from kimai_tui.screens.export_dialog import ExportDialog
from kimai_tui.screens.record_editor import RecordEditor
from kimai_tui.screens.stop_forgotten import StopForgotten
from kimai_tui.screens.team import TeamScreen
from kimai_tui.services import timesheets
from kimai_tui.services.context import Context
from kimai_tui.services.record_save import RecordChanges
from kimai_tui.services.team_totals import team_totals
from kimai_tui.widgets.record_table import RecordTable

from tui_support import NOW, app_for, settle

UTC = timezone.utc


@pytest.fixture
def team(world):
    """maria leads Support (member jose, in Manila); olga leads Other (member otto)."""
    ctx = world["ctx"]
    made = {}
    for name, roles, tz in (("maria", "ROLE_TEAMLEAD", "UTC"), ("jose", "ROLE_USER",
                                                                "Asia/Manila"),
                            ("olga", "ROLE_TEAMLEAD", "UTC"), ("otto", "ROLE_USER", "UTC")):
        user_id = users_repo.create({"username": name, "roles": roles, "timezone": tz,
                                     "hourly_rate": 100})
        made[name] = Context(ctx.settings, ctx.database, users_repo.get(user_id), ctx.clock)
    users_repo.team_save(None, "Support", [made["maria"].user.id], [made["jose"].user.id],
                         None, None, None)
    users_repo.team_save(None, "Other", [made["olga"].user.id], [made["otto"].user.id],
                         None, None, None)
    return made


def record(ctx, ids, begin, end, activity="support"):
    project = "sla" if activity == "support" else "setup"
    made, _ = timesheets.create(ctx, RecordChanges(
        project_id=ids[project], activity_id=ids[activity], begin=begin, end=end))
    return made


async def open_team(app, pilot, ctx):
    await settle(app, pilot)
    try:  # registered already for users who may open it (screens/registry.py)
        app.add_mode("team", lambda: TeamScreen(ctx))
    except InvalidModeError:
        pass
    await app.switch_mode("team")
    await settle(app, pilot)
    return app.screen


async def test_lead_corrects_a_members_record_and_cannot_see_others(world, team):
    ids = world["ids"]
    mine = record(team["jose"], ids, datetime(2026, 11, 3, 0, 0, tzinfo=UTC),
                  datetime(2026, 11, 3, 2, 0, tzinfo=UTC))  # 08:00-10:00 in Manila
    hidden = record(team["otto"], ids, datetime(2026, 11, 3, 1, 0, tzinfo=UTC),
                    datetime(2026, 11, 3, 2, 0, tzinfo=UTC))
    lead = team["maria"]
    app = app_for(lead)
    async with app.run_test(size=(160, 45)) as pilot:
        screen = await open_team(app, pilot, lead)
        table = screen.query_one("#records", RecordTable)
        shown = [r.id for r in table.loaded_rows()]
        assert shown == [mine.id]
        assert hidden.id not in shown
        await pilot.press("enter")
        await settle(app, pilot)
        editor = app.screen
        assert isinstance(editor, RecordEditor)
        editor.query_one("#end").focus()
        await pilot.press("ctrl+a", "ctrl+k", *"11:30", "ctrl+s")
        await settle(app, pilot)
        assert not isinstance(app.screen, RecordEditor)
    # 11:30 in the record's own zone (Manila, UTC+8)
    assert records_repo.get(mine.id).end == datetime(2026, 11, 3, 3, 30, tzinfo=UTC)
    with pytest.raises(NotFound):
        timesheets.get(lead, hidden.id)
    with pytest.raises(NotFound):
        timesheets.update(lead, hidden.id, RecordChanges(description="x"))
    assert records_repo.get(hidden.id).description == ""


async def test_board_stops_a_forgotten_timer_at_a_typed_time(world, team):
    ids = world["ids"]
    jose = team["jose"]
    record(jose, ids, datetime(2026, 11, 3, 0, 0, tzinfo=UTC),
           datetime(2026, 11, 3, 9, 0, tzinfo=UTC), activity="laptop")
    running, _ = timesheets.start(jose, RecordChanges(
        project_id=ids["sla"], activity_id=ids["support"]),
        at=datetime(2026, 11, 4, 0, 0, tzinfo=UTC))  # 08:00 in Manila
    world["clock"].now = NOW + timedelta(hours=3)  # 20:00 in Manila: he forgot
    lead = team["maria"]
    app = app_for(lead)
    async with app.run_test(size=(160, 45)) as pilot:
        screen = await open_team(app, pilot, lead)
        await pilot.press("b")
        await settle(app, pilot)
        board = screen.query_one("#board-table", RecordTable)
        assert [r.id for r in board.loaded_rows()] == [running.id]
        await pilot.press("f")
        await settle(app, pilot)
        dialog = app.screen
        assert isinstance(dialog, StopForgotten)
        assert "Laptop Setup" in str(dialog.query_one("#last").render())
        await pilot.press("ctrl+a", "ctrl+k", *"17:30", "enter")
        await settle(app, pilot)
        assert not isinstance(app.screen, StopForgotten)
        assert board.loaded_rows() == []
    stopped = records_repo.get(running.id)
    assert stopped.end == datetime(2026, 11, 4, 9, 30, tzinfo=UTC)  # 17:30 Manila
    assert stopped.duration == 9 * 3600 + 30 * 60


async def test_a_bad_end_time_is_shown_and_nothing_stops(world, team):
    ids = world["ids"]
    running, _ = timesheets.start(team["jose"], RecordChanges(
        project_id=ids["sla"], activity_id=ids["support"]),
        at=datetime(2026, 11, 4, 0, 0, tzinfo=UTC))
    lead = team["maria"]
    app = app_for(lead)
    async with app.run_test(size=(160, 45)) as pilot:
        await open_team(app, pilot, lead)
        await pilot.press("b")
        await settle(app, pilot)
        await pilot.press("f")
        await settle(app, pilot)
        await pilot.press("ctrl+a", "ctrl+k", *"teatime", "enter")
        await settle(app, pilot)
        assert isinstance(app.screen, StopForgotten)
        assert "not a time" in str(app.screen.query_one("#error-end").render())
    assert records_repo.get(running.id).running


async def test_a_plain_user_is_not_permitted(world, team):
    ids = world["ids"]
    record(team["jose"], ids, datetime(2026, 11, 3, 0, 0, tzinfo=UTC),
           datetime(2026, 11, 3, 2, 0, tzinfo=UTC))
    ctx = world["ctx"]  # alice, ROLE_USER
    app = app_for(ctx)
    async with app.run_test(size=(160, 45)) as pilot:
        screen = await open_team(app, pilot, ctx)
        assert "Not permitted" in str(screen.query_one("#denied").render())
        assert not screen.query(RecordTable)
        await pilot.press("b", "X", "f", "e")
        await settle(app, pilot)
        assert app.screen is screen


async def test_export_writes_the_filter_and_marks_exported(world, team, tmp_path):
    ids = world["ids"]
    jose = team["jose"]
    first = record(jose, ids, datetime(2026, 11, 2, 0, 0, tzinfo=UTC),
                   datetime(2026, 11, 2, 1, 0, tzinfo=UTC))
    second = record(jose, ids, datetime(2026, 11, 3, 0, 0, tzinfo=UTC),
                    datetime(2026, 11, 3, 2, 0, tzinfo=UTC), activity="laptop")
    earlier = record(jose, ids, datetime(2026, 10, 20, 0, 0, tzinfo=UTC),
                     datetime(2026, 10, 20, 1, 0, tzinfo=UTC))  # another week
    other = record(team["otto"], ids, datetime(2026, 11, 3, 0, 0, tzinfo=UTC),
                   datetime(2026, 11, 3, 1, 0, tzinfo=UTC))
    target = tmp_path / "team.csv"
    lead = team["maria"]
    app = app_for(lead)
    async with app.run_test(size=(160, 45)) as pilot:
        screen = await open_team(app, pilot, lead)
        totals = str(screen.query_one("#totals").render())
        assert "jose" in totals and "otto" not in totals
        await pilot.press("X")
        await settle(app, pilot)
        assert isinstance(app.screen, ExportDialog)
        assert "2 records" in str(app.screen.query_one("#count").render())
        await pilot.press("ctrl+a", "ctrl+k", *str(target))
        await pilot.press("tab", "space")  # the mark-exported checkbox
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        await pilot.press("y")  # confirm marking
        await settle(app, pilot)
        assert not isinstance(app.screen, ExportDialog)
    lines = target.read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("Date,From,To,Duration,Currency,Price,Internal price")
    assert len(lines) == 3
    assert records_repo.get(first.id).exported and records_repo.get(second.id).exported
    assert not records_repo.get(earlier.id).exported
    assert not records_repo.get(other.id).exported
    with pytest.raises(KimaiError, match="export"):
        timesheets.update(jose, first.id, RecordChanges(description="changed"))


async def test_user_filter_narrows_the_review(world, team):
    ids = world["ids"]
    alice = world["ctx"]  # in no team: a lead sees her too
    theirs = record(alice, ids, datetime(2026, 11, 3, 4, 0, tzinfo=UTC),
                    datetime(2026, 11, 3, 5, 0, tzinfo=UTC))
    mine = record(team["jose"], ids, datetime(2026, 11, 3, 0, 0, tzinfo=UTC),
                  datetime(2026, 11, 3, 2, 0, tzinfo=UTC))
    lead = team["maria"]
    app = app_for(lead)
    async with app.run_test(size=(160, 45)) as pilot:
        screen = await open_team(app, pilot, lead)
        table = screen.query_one("#records", RecordTable)
        assert {r.id for r in table.loaded_rows()} == {theirs.id, mine.id}
        screen.query_one("#team").focus()
        await pilot.press("enter", *"Support", "enter")
        await settle(app, pilot)
        assert [r.id for r in table.loaded_rows()] == [mine.id]


def test_totals_group_in_the_database(world, team):
    ids = world["ids"]
    record(team["jose"], ids, datetime(2026, 11, 3, 0, 0, tzinfo=UTC),
           datetime(2026, 11, 3, 2, 0, tzinfo=UTC))
    record(team["jose"], ids, datetime(2026, 11, 3, 3, 0, tzinfo=UTC),
           datetime(2026, 11, 3, 4, 0, tzinfo=UTC), activity="laptop")
    record(team["otto"], ids, datetime(2026, 11, 3, 0, 0, tzinfo=UTC),
           datetime(2026, 11, 3, 5, 0, tzinfo=UTC))
    totals = team_totals(team["maria"], RecordFilter())
    assert [(line.name, line.count, line.seconds) for line in totals.by_user] == [
        ("jose", 2, 3 * 3600)]
    assert sorted((line.name, line.seconds) for line in totals.by_customer) == [
        ("Kaesim Cybersecurity", 3600), ("Koruna Assist", 7200)]
    assert totals.amounts() == {"PHP": 300}


async def test_lead_adds_duplicates_and_deletes_a_members_records_at_80x24(world, team):
    """Seed 003: the team screens exist "to correct wrong or add forgotten entries on behalf
    of the user". The editor names whose record it is."""
    ids = world["ids"]
    jose = team["jose"]
    first = record(jose, ids, datetime(2026, 11, 3, 0, 0, tzinfo=UTC),
                   datetime(2026, 11, 3, 2, 0, tzinfo=UTC))
    lead = team["maria"]
    app = app_for(lead)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_team(app, pilot, lead)
        screen.query_one("#records", RecordTable).focus()
        await pilot.press("c")  # duplicate jose's record
        await settle(app, pilot)
        copies = [r for r in records_repo.page(RecordFilter(), 50) if r.id != first.id]
        assert [(c.user_id, c.begin, c.end) for c in copies] == [
            (jose.user.id, first.begin, first.end)]
        await pilot.press("plus")  # a new record for the selected row's user: jose
        await settle(app, pilot)
        editor = app.screen
        assert isinstance(editor, RecordEditor) and editor.user_id == jose.user.id
        assert "New record for jose" in str(editor.query_one("Label").render())
        await pilot.press("escape")
        await settle(app, pilot)
        assert isinstance(app.screen, TeamScreen)
        await pilot.press("delete")
        await settle(app, pilot)
        await pilot.press("y")
        await settle(app, pilot)
    left = records_repo.page(RecordFilter(), 50)
    assert len(left) == 1 and left[0].user_id == jose.user.id
