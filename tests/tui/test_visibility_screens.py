"""The TUI shows the scoped figures of the one visibility policy (rules.md §Roles and
permissions, §Budgets): a team lead's customer detail counts only the records the lead may
see, and shows no budget of an entry outside the lead's teams (figures, bars or form)."""

from datetime import timedelta

from textual.widgets import DataTable, Input, Static

from kimai_tui.data import catalogue as catalogue_repo
from kimai_tui.data import users as users_repo
from kimai_tui.data.models import Team, TeamMember
from kimai_tui.screens.catalogue import CatalogueScreen
from kimai_tui.screens.entity_editor import EntityEditor
from kimai_tui.services import timesheets
from kimai_tui.services.context import Context
from kimai_tui.services.record_save import RecordChanges
from kimai_tui.widgets.budget_bar import BudgetBars

from tui_support import NOW, app_for, settle


def _context(world, username: str, roles: str) -> Context:
    ctx = world["ctx"]
    user_id = users_repo.create({"username": username, "roles": roles, "timezone": "UTC"})
    return Context(ctx.settings, ctx.database, users_repo.get(user_id), ctx.clock)


def _record(ctx, ids, hours: float) -> None:
    begin = NOW - timedelta(hours=12)
    timesheets.create(ctx, RecordChanges(project_id=ids["sla"], activity_id=ids["support"],
                                         begin=begin, end=begin + timedelta(hours=hours)))


async def test_lead_customer_detail_counts_own_people_and_hides_budgets(world):
    ids = world["ids"]
    lead = _context(world, "maria", "ROLE_TEAMLEAD")
    root = _context(world, "root", "ROLE_SUPER_ADMIN")  # in no team: never the lead's
    team = Team.insert(name="Support").execute()
    TeamMember.insert(team=team, user=lead.user.id, lead=True).execute()
    TeamMember.insert(team=team, user=ids["user"], lead=False).execute()
    catalogue_repo.update("customer", ids["koruna"], {"time_budget": 40 * 3600})
    _record(world["ctx"], ids, 1)  # alice, in the lead's team
    _record(root, ids, 2.5)
    app = app_for(lead)
    async with app.run_test(size=(150, 48)) as pilot:
        app.add_mode("customer-list", lambda: CatalogueScreen(lead, "customer"))
        await app.switch_mode("customer-list")
        await settle(app, pilot)
        screen = app.screen
        names = [row.entity.name for row in screen.rows]
        table = screen.query_one(DataTable)
        row = table.get_row_at(names.index("Koruna Assist"))
        assert not any("40:00" in cell.plain for cell in row)  # no budget in the list
        table.move_cursor(row=names.index("Koruna Assist"), animate=False)
        await settle(app, pilot, 1)
        await pilot.press("enter")
        await settle(app, pilot)
        editor = app.screen
        assert isinstance(editor, EntityEditor)
        stats = str(editor.query_one("#stats", Static).render())
        assert stats.startswith("1 record · 1:00 hours"), stats  # not root's 2:30
        assert not editor.query_one(BudgetBars).display
        assert editor.query_one("#f-time-budget", Input).value == ""
