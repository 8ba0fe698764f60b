"""kimai.permissions.roles in the TUI: a team lead whose company lets leads create customers
presses 4 then + and saves one; without the grant + is not offered (docs/permissions.md)."""

from dataclasses import replace

from textual.widgets import Input

from kimai_tui.data import catalogue as catalogue_repo
from kimai_tui.data import users as users_repo
from kimai_tui.screens.catalogue import CatalogueScreen
from kimai_tui.screens.entity_editor import EntityEditor
from kimai_tui.services.context import Context
from kimai_tui.settings import PermissionSettings

from tui_support import app_for, settle


def lead_ctx(world, *grants):
    ctx = world["ctx"]
    lead_id = users_repo.create({"username": "maria", "roles": "ROLE_TEAMLEAD",
                                 "timezone": "UTC"})
    settings = replace(ctx.settings, kimai=replace(ctx.settings.kimai, permissions=(
        PermissionSettings(roles=(("ROLE_TEAMLEAD", grants),) if grants else ()))))
    return Context(settings, ctx.database, users_repo.get(lead_id), ctx.clock)


async def test_a_lead_allowed_to_create_customers_adds_one_at_80x24(world):
    lead = lead_ctx(world, "create_customer")
    app = app_for(lead)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("4")
        await settle(app, pilot)
        assert isinstance(app.screen, CatalogueScreen)
        await pilot.press("plus")
        await settle(app, pilot)
        editor = app.screen
        assert isinstance(editor, EntityEditor)
        editor.query_one("#f-name", Input).focus()
        await pilot.press(*"Wayne Enterprises")
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert isinstance(app.screen, CatalogueScreen)
    (wayne,) = catalogue_repo.find_by_name("customer", "Wayne Enterprises")
    assert wayne.currency  # the default currency was filled in


async def test_without_the_grant_plus_opens_no_editor(world):
    lead = lead_ctx(world)
    app = app_for(lead)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("4")
        await settle(app, pilot)
        assert isinstance(app.screen, CatalogueScreen)
        await pilot.press("plus")
        await settle(app, pilot)
        assert not isinstance(app.screen, EntityEditor)
    assert catalogue_repo.find_by_name("customer", "Wayne Enterprises") == []
