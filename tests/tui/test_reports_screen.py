"""The Reports mode (key 8): a period summed per customer and project, by the keys a user
presses; the sums are checked against what the database holds."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from decimal import Decimal

from textual.widgets import DataTable, Static

from kimai_tui.data import catalogue as catalogue_repo
from kimai_tui.data import users as users_repo
from kimai_tui.data.models import Timesheet
from kimai_tui.services import timesheets
from kimai_tui.services.context import Context
from kimai_tui.services.record_save import RecordChanges

from tui_support import app_for, settle

UTC = timezone.utc


def add(ctx, project, activity, begin: datetime, minutes: int, **kw):
    timesheets.create(ctx, RecordChanges(project_id=project, activity_id=activity, begin=begin,
                                         end=begin + timedelta(minutes=minutes), **kw))


def rows(app) -> list[list[str]]:
    table = app.screen.query_one("#report-table", DataTable)
    return [[str(cell) for cell in table.get_row_at(i)] for i in range(table.row_count)]


def text_of(app, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).render())


async def test_a_user_sees_this_month_and_the_last_by_project(world):
    ctx, ids = world["ctx"], world["ids"]
    add(ctx, ids["sla"], ids["support"], datetime(2026, 11, 2, 8, tzinfo=UTC), 90)
    add(ctx, ids["sla"], ids["support"], datetime(2026, 11, 3, 8, tzinfo=UTC), 30)
    add(ctx, ids["setup"], ids["laptop"], datetime(2026, 11, 3, 10, tzinfo=UTC), 60)
    add(ctx, ids["setup"], ids["laptop"], datetime(2026, 10, 20, 10, tzinfo=UTC), 45)
    app = app_for(ctx)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(app, pilot)
        await pilot.press("8")
        await settle(app, pilot)
        assert app.current_mode == "reports"
        assert rows(app) == [["Kaesim Cybersecurity", "Kaesim SLA IT Support", "1", "1:00"],
                             ["Koruna Assist", "Koruna SLA", "2", "2:00"]]
        assert "November 2026" in text_of(app, "#report-title")
        assert "3 records · 3:00" in text_of(app, "#report-totals")
        await pilot.press("left_square_bracket")
        await settle(app, pilot)
        assert rows(app) == [["Kaesim Cybersecurity", "Kaesim SLA IT Support", "1", "0:45"]]
        assert "October 2026" in text_of(app, "#report-title")
        await pilot.press("u")  # alice may not see others: the key does nothing
        await settle(app, pilot)
        assert "your records" in text_of(app, "#report-title")


async def test_an_admin_sees_amounts_and_switches_to_everyone(world):
    ctx, ids = world["ctx"], world["ids"]
    admin_id = users_repo.create({"username": "root2", "roles": "ROLE_SUPER_ADMIN",
                                  "timezone": "UTC"})
    admin = Context(ctx.settings, ctx.database, users_repo.get(admin_id), ctx.clock)
    catalogue_repo.set_price_rule("project", ids["sla"], None, Decimal("100"), None, False)
    add(admin, ids["sla"], ids["support"], datetime(2026, 11, 2, 8, tzinfo=UTC), 90)
    add(ctx, ids["sla"], ids["support"], datetime(2026, 11, 2, 12, tzinfo=UTC), 60)  # alice
    app = app_for(admin)
    async with app.run_test(size=(140, 30)) as pilot:
        await settle(app, pilot)
        await pilot.press("8")
        await settle(app, pilot)
        assert rows(app) == [["Koruna Assist", "Koruna SLA", "1", "1:30", "150.00 PHP",
                              "150.00 PHP"]]
        await pilot.press("u")
        await settle(app, pilot)
        assert "everyone you may see" in text_of(app, "#report-title")
        in_db = Timesheet.select().where(Timesheet.project == ids["sla"]).count()
        assert rows(app) == [["Koruna Assist", "Koruna SLA", str(in_db), "2:30", "250.00 PHP",
                              "250.00 PHP"]]
        assert "250.00 PHP (billable 250.00 PHP)" in text_of(app, "#report-totals")
        await pilot.press("X")
        await settle(app, pilot)
        assert type(app.screen).__name__ == "ExportDialog"


async def test_user_typed_names_are_shown_as_text(world):
    ctx, ids = world["ctx"], world["ids"]
    catalogue_repo.update("project", ids["sla"], {"name": "[red]SLA[/red] \x1b[31mx"})
    add(ctx, ids["sla"], ids["support"], datetime(2026, 11, 2, 8, tzinfo=UTC), 30)
    app = app_for(ctx)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(app, pilot)
        await pilot.press("8")
        await settle(app, pilot)
        project = rows(app)[0][1]
        assert project.startswith("[red]SLA[/red]") and "\x1b" not in project
