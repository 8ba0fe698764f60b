"""The Review mode (0) as a team lead at 80x24: the queue shows a record without a description
and a working day without time; Enter on each opens the editor, saving the fix removes the
line, and the database has the description and the member's new record."""

from datetime import datetime, timedelta, timezone

from textual.widgets import DataTable

from kimai_tui.data import timesheets as records_repo
from kimai_tui.data import users as users_repo
from kimai_tui.data.models import TeamMember, Team
from kimai_tui.data.timesheets import RecordFilter
from kimai_tui.screens.record_editor import RecordEditor
from kimai_tui.screens.review import ReviewScreen
from kimai_tui.services import timesheets
from kimai_tui.services.context import Context
from kimai_tui.services.record_save import RecordChanges
from kimai_tui.widgets.safe_fields import SafeTextArea

from tui_support import app_for, settle

UTC = timezone.utc


def rows(screen) -> list[str]:
    table = screen.query_one(DataTable)
    return [" ".join(str(c) for c in table.get_row_at(i)) for i in range(table.row_count)]


async def test_a_lead_fixes_the_queue_from_the_review_mode(world):
    ctx, ids = world["ctx"], world["ids"]  # alice; "now" is Wednesday 2026-11-04 09:00 UTC
    lead = Context(ctx.settings, ctx.database, users_repo.get(users_repo.create(
        {"username": "maria", "roles": "ROLE_TEAMLEAD", "timezone": "UTC"})), ctx.clock)
    team = Team.insert(name="Support").execute()
    TeamMember.insert(team=team, user=lead.user.id, lead=True).execute()
    TeamMember.insert(team=team, user=ctx.user.id, lead=False).execute()
    for who in (ctx, lead):  # Monday: both worked; alice's record has no description
        begin = datetime(2026, 11, 2, 8, 0, tzinfo=UTC)
        timesheets.create(who, RecordChanges(
            project_id=ids["sla"], activity_id=ids["support"], begin=begin,
            end=begin + timedelta(hours=8), description="" if who is ctx else "done"))
    begin = datetime(2026, 11, 3, 8, 0, tzinfo=UTC)  # Tuesday: only maria worked
    timesheets.create(lead, RecordChanges(project_id=ids["sla"], activity_id=ids["support"],
                                          begin=begin, end=begin + timedelta(hours=8),
                                          description="done"))
    app = app_for(lead)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("0")
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, ReviewScreen)
        shown = rows(screen)
        assert len(shown) == 2, shown
        assert "alice" in shown[0] and "no description" in shown[0]
        assert "alice" in shown[1] and "no time" in shown[1] and "11-03" in shown[1]
        await pilot.press("enter")  # the record without a description
        await settle(app, pilot)
        assert isinstance(app.screen, RecordEditor)
        app.screen.query_one("#description", SafeTextArea).focus()
        await pilot.press(*"printer")
        await pilot.press("ctrl+s")
        await settle(app, pilot, 5)
        assert app.screen is screen
        shown = rows(screen)
        assert len(shown) == 1 and "no time" in shown[0]
        await pilot.press("enter")  # Tuesday: a new record for alice, 09:00-10:00
        await settle(app, pilot)
        editor = app.screen
        assert isinstance(editor, RecordEditor) and editor.user_id == ctx.user.id
        for field, text in (("#project", "koruna"), ("#activity", "user support")):
            editor.query_one(field).focus()
            await pilot.press("enter")
            await settle(app, pilot, 1)
            await pilot.press(*text, "enter")
            await settle(app, pilot, 1)
        editor.query_one("#description", SafeTextArea).focus()
        await pilot.press(*"forgotten")
        await pilot.press("ctrl+s")
        await settle(app, pilot, 5)
        assert app.screen is screen
        assert rows(screen) == []
    records = {r.description: r for r in records_repo.page(RecordFilter(), 50)}
    assert records["printer"].user_id == ctx.user.id
    added = records["forgotten"]
    assert added.user_id == ctx.user.id
    assert added.begin == datetime(2026, 11, 3, 9, 0, tzinfo=UTC) and added.duration == 3600


async def test_a_member_submits_and_the_lead_approves_from_the_queue(world):
    from kimai_tui.data import approvals as approvals_repo
    from kimai_tui.screens.pickers import AskText
    from kimai_tui.screens.week_grid import WeekGridScreen

    ctx, ids = world["ctx"], world["ids"]  # alice; "now" is Wednesday 2026-11-04 09:00 UTC
    lead = Context(ctx.settings, ctx.database, users_repo.get(users_repo.create(
        {"username": "maria", "roles": "ROLE_TEAMLEAD", "timezone": "UTC"})), ctx.clock)
    team = Team.insert(name="Support").execute()
    TeamMember.insert(team=team, user=lead.user.id, lead=True).execute()
    TeamMember.insert(team=team, user=ctx.user.id, lead=False).execute()
    begin = datetime(2026, 11, 2, 8, 0, tzinfo=UTC)
    timesheets.create(ctx, RecordChanges(project_id=ids["sla"], activity_id=ids["support"],
                                         begin=begin, end=begin + timedelta(hours=8),
                                         description="work"))
    app = app_for(ctx)
    async with app.run_test(size=(80, 24)) as pilot:  # alice: g, then S
        await settle(app, pilot)
        await pilot.press("g")
        await settle(app, pilot)
        assert isinstance(app.screen, WeekGridScreen)
        await pilot.press("S")
        await settle(app, pilot)
        assert isinstance(app.screen, AskText)
        await pilot.press(*"all there", "enter")
        await settle(app, pilot, 5)
    monday = 20261102
    assert approvals_repo.state(ctx.user.id, monday)[1] == "submitted"
    app = app_for(lead)
    async with app.run_test(size=(80, 24)) as pilot:  # maria: 0, Enter, A
        await settle(app, pilot)
        await pilot.press("0")
        await settle(app, pilot)
        assert any("to approve" in row for row in rows(app.screen))
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, WeekGridScreen) and app.screen.user_id == ctx.user.id
        await pilot.press("A")
        await settle(app, pilot)
        await pilot.press(*"thanks", "enter")
        await settle(app, pilot, 5)
    assert approvals_repo.state(ctx.user.id, monday)[1] == "approved"
    assert [h[:2] for h in approvals_repo.history(ctx.user.id, monday)] == [
        ("submitted", "alice"), ("approved", "maria")]
