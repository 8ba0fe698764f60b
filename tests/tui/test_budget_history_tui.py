"""The budget history in a project's detail (issue "For team leads", item 6): Enter on a
project at 80x24 shows the budget use of each of the last twelve months."""

from datetime import datetime, timezone

from kimai_tui.data import catalogue as catalogue_repo
from kimai_tui.data import users as users_repo
from kimai_tui.screens.entity_editor import EntityEditor
from kimai_tui.services import timesheets
from kimai_tui.services.context import Context
from kimai_tui.services.record_save import RecordChanges
from kimai_tui.widgets.budget_bar import BudgetBars

from tui_support import app_for, settle


async def test_enter_on_a_project_shows_twelve_months_of_budget_use(world):
    ids, ctx = world["ids"], world["ctx"]
    catalogue_repo.update("project", ids["sla"], {"time_budget": 2 * 3600,
                                                  "budget_type": "month"})
    begin = datetime(2026, 10, 6, 8, 0, tzinfo=timezone.utc)
    timesheets.create(ctx, RecordChanges(project_id=ids["sla"], activity_id=ids["support"],
                                         begin=begin, end=begin.replace(hour=11)))
    admin = Context(ctx.settings, ctx.database, users_repo.get(users_repo.create(
        {"username": "root", "roles": "ROLE_SUPER_ADMIN", "timezone": "UTC"})), ctx.clock)
    app = app_for(admin)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("5")
        await settle(app, pilot)
        await pilot.press("down", "enter")  # Koruna SLA is the second project by name
        await settle(app, pilot)
        assert isinstance(app.screen, EntityEditor)
        assert app.screen.entity.id == ids["sla"]
        text = str(app.screen.query_one(BudgetBars).render())
    lines = [line for line in text.splitlines() if line[:4] in ("2025", "2026")]
    assert len(lines) == 12 and lines[0].startswith("2025-12") and lines[-1].startswith("2026-11")
    october = next(line for line in lines if line.startswith("2026-10"))
    assert "3:00 of 2:00" in october and "150.00%" in october
