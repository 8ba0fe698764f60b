"""A ROLE_USER reaches no admin screen by key, palette or mode; an admin reaches them all."""

import pytest
from textual.app import UnknownModeError

from kimai_tui.data import users as users_repo
from kimai_tui.services.context import Context

from tui_support import app_for, settle

ADMIN_MODES = ("team", "customers", "projects", "activities", "people")


async def test_a_plain_user_reaches_no_admin_screen(world):
    app = app_for(world["ctx"])  # alice, ROLE_USER
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(app, pilot)
        for key in "34567":
            await pilot.press(key)
            await settle(app, pilot, 1)
            assert app.current_mode == "timesheet", key
        titles = [c.title for c in app.get_system_commands(app.screen)]
        assert not any(t in titles for t in ("Go to Team", "Go to Customers", "Go to People"))
        for mode in ADMIN_MODES:
            with pytest.raises(UnknownModeError):
                app.switch_mode(mode)
        await pilot.press("2")
        await settle(app, pilot, 1)
        assert app.current_mode == "calendar"


async def test_a_super_admin_reaches_every_mode(world):
    ctx = world["ctx"]
    admin_id = users_repo.create({"username": "root2", "roles": "ROLE_SUPER_ADMIN"})
    admin = Context(ctx.settings, ctx.database, users_repo.get(admin_id), ctx.clock)
    app = app_for(admin)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(app, pilot)
        for key, mode in zip("34567", ADMIN_MODES):
            await pilot.press(key)
            await settle(app, pilot, 1)
            assert app.current_mode == mode
