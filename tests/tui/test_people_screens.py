"""Users and teams as a super admin manages them, with keys; the database checked."""

from textual.app import InvalidModeError

from kimai_tui.data import users as users_repo
from kimai_tui.screens.people import PeopleScreen, TeamEditor, UserEditor
from kimai_tui.services.context import Context

from tui_support import app_for, settle


def acting(world, username, roles):
    ctx = world["ctx"]
    user_id = users_repo.create({"username": username, "roles": roles, "timezone": "UTC"})
    return Context(ctx.settings, ctx.database, users_repo.get(user_id), ctx.clock)


async def open_people(app, pilot, ctx):
    await settle(app, pilot)
    try:  # registered already for users who may open it (screens/registry.py)
        app.add_mode("people", lambda: PeopleScreen(ctx))
    except InvalidModeError:
        pass
    await app.switch_mode("people")
    await settle(app, pilot)
    return app.screen


async def toggle(pilot, app, list_id, value):
    """Move the highlight of a SelectionList down to `value` and toggle it with space."""
    selection = app.screen.query_one(f"#{list_id}")
    selection.focus()
    await pilot.pause()
    for _ in range(selection.option_count + 1):
        highlighted = selection.highlighted
        if highlighted is not None and selection.get_option_at_index(highlighted).value == value:
            break
        await pilot.press("down")
    await pilot.press("space")


async def test_super_admin_creates_a_team_lead_and_a_team(world):
    admin = acting(world, "root", "ROLE_SUPER_ADMIN")
    bob = users_repo.create({"username": "bob", "roles": "ROLE_USER"})
    app = app_for(admin)
    async with app.run_test(size=(160, 50)) as pilot:
        screen = await open_people(app, pilot, admin)
        assert screen.query_one("#users-table").row_count == 3  # alice, bob, root
        await pilot.press("n")
        await settle(app, pilot)
        assert isinstance(app.screen, UserEditor)
        await pilot.press(*"lena", "tab", *"Lena [b]Santos[/b]")
        await toggle(pilot, app, "roles", "ROLE_TEAMLEAD")
        app.screen.query_one("#timezone").focus()
        await pilot.press("ctrl+a", "ctrl+k", *"Asia/Manila", "ctrl+s")
        await settle(app, pilot)
        assert not isinstance(app.screen, UserEditor)
        lena = users_repo.by_username("lena")
        assert lena is not None
        assert set(lena.roles) == {"ROLE_USER", "ROLE_TEAMLEAD"}
        assert lena.alias == "Lena [b]Santos[/b]" and lena.timezone == "Asia/Manila"
        assert screen.query_one("#users-table").row_count == 4

        await pilot.press("t", "n")
        await settle(app, pilot)
        assert isinstance(app.screen, TeamEditor)
        await pilot.press(*"Field Support")
        await toggle(pilot, app, "leads", lena.id)
        await toggle(pilot, app, "members", bob)
        await toggle(pilot, app, "customers", world["ids"]["kaesim"])
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert not isinstance(app.screen, TeamEditor)
        assert screen.query_one("#teams-table").row_count == 1
    team = users_repo.team_get(users_repo.team_by_name("Field Support"))
    assert team["leads"] == ["lena"] and team["members"] == ["bob"]
    assert team["customers"] == [world["ids"]["kaesim"]]
    assert bob in users_repo.led_team_member_ids(lena.id)


async def test_bad_fields_are_shown_next_to_them_and_nothing_is_written(world):
    admin = acting(world, "root", "ROLE_SUPER_ADMIN")
    app = app_for(admin)
    async with app.run_test(size=(160, 50)) as pilot:
        await open_people(app, pilot, admin)
        await pilot.press("n")
        await settle(app, pilot)
        await pilot.press(*"alice")  # exists already
        app.screen.query_one("#hourly_rate").focus()
        await pilot.press(*"lots")
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        editor = app.screen
        assert isinstance(editor, UserEditor)
        assert str(editor.query_one("#error-hourly_rate").render()).strip()
        app.screen.query_one("#hourly_rate").focus()
        await pilot.press("ctrl+a", "ctrl+k", *"75", "ctrl+s")
        await settle(app, pilot)
        assert isinstance(app.screen, UserEditor)  # the service refuses the duplicate
        assert "exists" in str(editor.query_one("#error-username").render())
    assert users_repo.count() == 2


async def test_team_needs_a_lead(world):
    admin = acting(world, "boss", "ROLE_ADMIN")  # teams yes, users no
    app = app_for(admin)
    async with app.run_test(size=(160, 50)) as pilot:
        screen = await open_people(app, pilot, admin)
        assert not screen.query("#users-table")
        await pilot.press("n")
        await settle(app, pilot)
        assert isinstance(app.screen, TeamEditor)
        await pilot.press(*"Nobody leads", "ctrl+s")
        await settle(app, pilot)
        assert "lead" in str(app.screen.query_one("#error-leads").render())
    assert users_repo.team_by_name("Nobody leads") is None


async def test_a_plain_user_is_not_permitted(world):
    ctx = world["ctx"]
    app = app_for(ctx)
    async with app.run_test(size=(160, 50)) as pilot:
        screen = await open_people(app, pilot, ctx)
        assert "Not permitted" in str(screen.query_one("#denied").render())
        assert not screen.query("DataTable")
        await pilot.press("n", "t", "e")
        await settle(app, pilot)
        assert app.screen is screen
    assert users_repo.count() == 1
