"""Snapshot of the projects list: colours, parents and a monthly budget bar (fixed data and
clock). The detail modal is covered by Pilot tests (its loading order makes it a poor
snapshot)."""

from datetime import timedelta

from kimai_tui.data import catalogue as catalogue_repo
from kimai_tui.data import users as users_repo
from kimai_tui.screens.catalogue import CatalogueScreen
from kimai_tui.services import timesheets
from kimai_tui.services.context import Context
from kimai_tui.services.record_save import RecordChanges

from tui_support import NOW, app_for, settle


def _admin(world):
    ctx, ids = world["ctx"], world["ids"]
    catalogue_repo.update("project", ids["sla"], {"time_budget": 20 * 3600,
                                                  "budget_type": "month", "color": "#3c8dbc"})
    timesheets.create(ctx, RecordChanges(project_id=ids["sla"], activity_id=ids["support"],
                                         begin=NOW - timedelta(hours=5),
                                         end=NOW - timedelta(hours=2)))
    admin_id = users_repo.create({"username": "root", "roles": "ROLE_SUPER_ADMIN",
                                  "timezone": "UTC"})
    return Context(ctx.settings, ctx.database, users_repo.get(admin_id), ctx.clock)


def _opened(admin, kind, keys=()):
    app = app_for(admin)

    async def ready(pilot):
        app.add_mode("list", lambda: CatalogueScreen(admin, kind))
        await app.switch_mode("list")
        await settle(app, pilot)
        if keys:
            await pilot.press(*keys)
            await settle(app, pilot)

    return app, ready


def test_projects_with_budget(world, snap_compare):
    app, ready = _opened(_admin(world), "project")
    assert snap_compare(app, terminal_size=(120, 16), run_before=ready)

