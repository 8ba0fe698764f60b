"""Customers, projects and activities screens: keys pressed like a user, the database checked.

Prices (user rule beats catch-all on the next record), a monthly time budget bar that moves,
hiding a customer empties the start picker of its projects, deleting with a replacement keeps
every record, an unused activity deleted after confirmation, hostile names shown inert.
"""

from datetime import timedelta
from decimal import Decimal

import pytest
from textual.widgets import Button, DataTable, Input, Label, Select, Static

from kimai_tui.data import catalogue as catalogue_repo
from kimai_tui.data import timesheets as records_repo
from kimai_tui.data import users as users_repo
from kimai_tui.queries import RecordFilter
from kimai_tui.screens.catalogue import CatalogueScreen
from kimai_tui.screens.entity_delete import EntityDelete
from kimai_tui.screens.entity_editor import EntityEditor
from kimai_tui.screens.prices import PricesScreen, PriceRuleEditor
from kimai_tui.services import choices, timesheets
from kimai_tui.services.context import Context
from kimai_tui.services.record_save import RecordChanges

from tui_support import NOW, app_for, settle


@pytest.fixture
def admin(world):
    ctx = world["ctx"]
    admin_id = users_repo.create({"username": "root", "roles": "ROLE_SUPER_ADMIN",
                                  "timezone": "UTC"})
    return Context(ctx.settings, ctx.database, users_repo.get(admin_id), ctx.clock)


async def open_kind(app, pilot, ctx, kind):
    app.add_mode(f"{kind}-list", lambda: CatalogueScreen(ctx, kind))
    await app.switch_mode(f"{kind}-list")
    await settle(app, pilot)
    assert isinstance(app.screen, CatalogueScreen)
    return app.screen


async def goto(app, pilot, screen, name):
    """Put the cursor on the row named `name`."""
    names = [row.entity.name for row in screen.rows]
    screen.query_one(DataTable).move_cursor(row=names.index(name), animate=False)
    await settle(app, pilot, 1)


async def pick(app, pilot, text):
    """Open the focused Select, type to find an option, choose it."""
    await pilot.press("enter")
    await settle(app, pilot, 1)
    await pilot.press(*text)
    await pilot.press("enter")
    await settle(app, pilot, 1)


def record(ctx, ids, hours=1.0, project="sla", activity="support", ago=3):
    begin = NOW - timedelta(hours=ago)
    return timesheets.create(ctx, RecordChanges(
        project_id=ids[project], activity_id=ids[activity], begin=begin,
        end=begin + timedelta(hours=hours)))[0]


def cell(screen, index, column=-1) -> str:
    return screen.query_one(DataTable).get_row_at(index)[column].plain


async def test_prices_user_rule_beats_catch_all(world, admin):
    ids = world["ids"]
    app = app_for(admin)
    async with app.run_test(size=(150, 48)) as pilot:
        screen = await open_kind(app, pilot, admin, "customer")
        await goto(app, pilot, screen, "Koruna Assist")
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, EntityEditor)
        assert "No prices" in str(app.screen.query_one("#price-summary", Static).render())
        await pilot.press("ctrl+r")
        await settle(app, pilot)
        assert isinstance(app.screen, PricesScreen)
        await pilot.press("plus")  # the catch-all: everyone, 50, internal 25
        await settle(app, pilot)
        assert isinstance(app.screen, PriceRuleEditor)
        await pilot.press(*"50", "tab", *"25", "ctrl+s")
        await settle(app, pilot)
        await pilot.press("plus")  # alice's own rule: 85, internal 45
        await settle(app, pilot)
        await pilot.press("shift+tab")
        await pick(app, pilot, "alice")
        await pilot.press("tab", *"85", "tab", *"45", "ctrl+s")
        await settle(app, pilot)
        assert isinstance(app.screen, PricesScreen)
        table = app.screen.query_one(DataTable)
        assert [table.get_row_at(i)[0].plain for i in range(table.row_count)] == [
            "everyone", "alice"]
        await pilot.press("escape")
        await settle(app, pilot)
        summary = str(app.screen.query_one("#price-summary", Static).render())
        assert "everyone: 50.00" in summary and "alice: 85.00" in summary
    rules = {uid: rule for _, uid, rule in catalogue_repo.price_rule_rows("customer",
                                                                         ids["koruna"])}
    assert rules[None].price == Decimal("50") and rules[None].internal_price == Decimal("25")
    assert rules[ids["user"]].price == Decimal("85")
    # alice's next record is priced by her own rule, not the catch-all nor her hourly rate.
    created = record(world["ctx"], ids, hours=2)
    assert created.rate == Decimal("170") and created.internal_rate == Decimal("90")


async def test_monthly_time_budget_bar_moves(world, admin):
    ids = world["ids"]
    app = app_for(admin)
    async with app.run_test(size=(150, 48)) as pilot:
        screen = await open_kind(app, pilot, admin, "project")
        await goto(app, pilot, screen, "Koruna SLA")
        await pilot.press("enter")
        await settle(app, pilot)
        editor = app.screen
        editor.query_one("#f-time-budget", Input).focus()
        await pilot.press(*"20:00")
        editor.query_one("#f-budget-type", Select).focus()
        await pilot.press("enter", "down", "enter")
        await settle(app, pilot, 1)
        assert editor.query_one("#f-budget-type", Select).value == "month"
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert isinstance(app.screen, CatalogueScreen)
        project = catalogue_repo.get("project", ids["sla"])
        assert project.budgets.time_budget == 20 * 3600
        assert project.budgets.budget_type == "month"
        before = cell(screen, [r.entity.id for r in screen.rows].index(ids["sla"]))
        assert "0:00 of 20:00" in before and "this month" in before
        record(world["ctx"], ids, hours=2.5)
        await pilot.pause(0.5)  # the app's poll reloads the screen
        await settle(app, pilot)
        after = cell(screen, [r.entity.id for r in screen.rows].index(ids["sla"]))
        assert after != before and "2:30 of 20:00" in after


async def test_hiding_a_customer_removes_its_projects_from_the_start_picker(world, admin):
    ids, alice = world["ids"], world["ctx"]
    assert any(c.customer_id == ids["koruna"] for c in choices.start_choices(alice))
    app = app_for(admin)
    async with app.run_test(size=(150, 48)) as pilot:
        screen = await open_kind(app, pilot, admin, "customer")
        await goto(app, pilot, screen, "Koruna Assist")
        await pilot.press("enter")
        await settle(app, pilot)
        editor = app.screen
        effect = editor.query_one("#visible-effect", Label)
        assert "hides its 1 projects and their activities from every picker" in str(
            effect.render())
        editor.query_one("#f-visible").focus()
        await pilot.press("space")
        assert "Saving will hide it" in str(effect.render())
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert isinstance(app.screen, CatalogueScreen)
        assert [r.entity.name for r in screen.rows] == ["Kaesim Cybersecurity"]
        await pilot.press("v")  # hidden ones
        await settle(app, pilot)
        assert [r.entity.name for r in screen.rows] == ["Koruna Assist"]
    assert catalogue_repo.get("customer", ids["koruna"]).visible is False
    assert not any(c.customer_id == ids["koruna"] for c in choices.start_choices(alice))
    assert any(c.customer_id == ids["kaesim"] for c in choices.start_choices(alice))


async def test_deleting_a_used_customer_with_a_replacement_keeps_every_record(world, admin):
    ids = world["ids"]
    for ago in (3, 6, 9):
        record(world["ctx"], ids, ago=ago)
    record(world["ctx"], ids, project="setup", activity="laptop")
    count = len(records_repo.page(RecordFilter(), 100))
    app = app_for(admin)
    async with app.run_test(size=(150, 48)) as pilot:
        screen = await open_kind(app, pilot, admin, "customer")
        await goto(app, pilot, screen, "Koruna Assist")
        await pilot.press("delete")
        await settle(app, pilot)
        dialog = app.screen
        assert isinstance(dialog, EntityDelete)
        status = str(dialog.query_one("#status", Label).render())
        assert "is used: 3 records" in status and "1 project" in status
        assert "hiding is better" in str(dialog.query(".advice").first().render())
        assert dialog.query_one("#delete-cascade", Button).disabled
        await pick(app, pilot, "kaesim")
        assert dialog.query_one("#replacement", Select).value == ids["kaesim"]
        dialog.query_one("#delete-replace", Button).focus()
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, CatalogueScreen)
        assert [r.entity.name for r in screen.rows] == ["Kaesim Cybersecurity"]
    after = records_repo.page(RecordFilter(), 100)
    assert len(after) == count == 4
    assert catalogue_repo.get("customer", ids["koruna"]) is None
    assert {r.customer_id for r in after} == {ids["kaesim"]}
    assert catalogue_repo.get("project", ids["sla"]).customer_id == ids["kaesim"]


async def test_unused_activity_is_deleted_after_confirmation(world, admin):
    spare = catalogue_repo.create("activity", {"name": "Spare Time", "project": None})
    app = app_for(admin)
    async with app.run_test(size=(150, 48)) as pilot:
        screen = await open_kind(app, pilot, admin, "activity")
        assert cell(screen, [r.entity.id for r in screen.rows].index(spare), 3) == "global"
        await goto(app, pilot, screen, "Spare Time")
        await pilot.press("delete")
        await settle(app, pilot)
        assert "unused, safe to delete" in str(app.screen.query_one("#status").render())
        await pilot.press("escape")  # declined: nothing happens
        await settle(app, pilot)
        assert catalogue_repo.get("activity", spare) is not None
        await pilot.press("delete")
        await settle(app, pilot)
        await pilot.press("y")
        await settle(app, pilot)
        assert isinstance(app.screen, CatalogueScreen)
        assert "Spare Time" not in [r.entity.name for r in screen.rows]
    assert catalogue_repo.get("activity", spare) is None


async def test_cascade_needs_the_name_typed(world, admin):
    ids = world["ids"]
    record(world["ctx"], ids, project="setup", activity="laptop")
    app = app_for(admin)
    async with app.run_test(size=(150, 48)) as pilot:
        screen = await open_kind(app, pilot, admin, "activity")
        await goto(app, pilot, screen, "Laptop Setup")
        await pilot.press("delete")
        await settle(app, pilot)
        dialog = app.screen
        button = dialog.query_one("#delete-cascade", Button)
        dialog.query_one("#confirm-name", Input).focus()
        await pilot.press(*"Laptop")
        assert button.disabled
        await pilot.press(*" Setup")
        assert not button.disabled
        button.focus()
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, CatalogueScreen)
    assert catalogue_repo.get("activity", ids["laptop"]) is None
    assert records_repo.page(RecordFilter(), 100) == []


async def test_field_errors_next_to_fields_and_nothing_written(world, admin):
    app = app_for(admin)
    async with app.run_test(size=(150, 48)) as pilot:
        await open_kind(app, pilot, admin, "customer")
        await pilot.press("plus")
        await settle(app, pilot)
        editor = app.screen
        assert isinstance(editor, EntityEditor)
        editor.query_one("#f-color", Input).focus()
        await pilot.press(*"red")
        editor.query_one("#f-currency", Input).focus()
        await pilot.press("ctrl+a", "ctrl+k", *"euro")
        editor.query_one("#f-time-budget", Input).focus()
        await pilot.press(*"lots")
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert app.screen is editor
        errors = {key: str(editor.query_one(f"#error-{key}", Label).render())
                  for key in ("name", "color", "currency", "time-budget")}
        assert "required" in errors["name"] and "#RRGGBB" in errors["color"]
        assert "ISO 4217" in errors["currency"] and "hh:mm" in errors["time-budget"]
        editor.query_one("#f-name", Input).focus()
        await pilot.press(*"Acme")
        editor.query_one("#f-color", Input).focus()
        await pilot.press("ctrl+a", "ctrl+k", *"#aa0000")
        editor.query_one("#f-currency", Input).focus()
        await pilot.press("ctrl+a", "ctrl+k", *"usd")
        editor.query_one("#f-time-budget", Input).focus()
        await pilot.press("ctrl+a", "ctrl+k", *"7.5")
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert isinstance(app.screen, CatalogueScreen)
    (acme,) = catalogue_repo.find_by_name("customer", "Acme")
    assert (acme.color, acme.currency, acme.budgets.time_budget) == ("#aa0000", "USD", 27000)


async def test_search_follows_typing_with_the_full_syntax(world, admin):
    catalogue_repo.update("customer", world["ids"]["kaesim"], {}, {"location": "homeoffice"})
    app = app_for(admin)
    async with app.run_test(size=(150, 48)) as pilot:
        screen = await open_kind(app, pilot, admin, "customer")
        await pilot.press("slash", *"koruna")
        await pilot.pause(0.4)
        await settle(app, pilot)
        assert [r.entity.name for r in screen.rows] == ["Koruna Assist"]
        await pilot.press("ctrl+a", "ctrl+k", *"location:home")
        await pilot.pause(0.4)
        await settle(app, pilot)
        assert [r.entity.name for r in screen.rows] == ["Kaesim Cybersecurity"]
        await pilot.press("ctrl+a", "ctrl+k", *"!kaesim")
        await pilot.pause(0.4)
        await settle(app, pilot)
        assert [r.entity.name for r in screen.rows] == ["Koruna Assist"]


async def test_hostile_names_are_inert(world, admin):
    hostile = "[bold red]Evil[/] \x1b[31mX"
    evil = catalogue_repo.create("customer", {"name": hostile, "color": "#ff0000"})
    catalogue_repo.create("project", {"name": "[link=http://x]p[/link]", "customer": evil})
    app = app_for(admin)
    async with app.run_test(size=(150, 48)) as pilot:
        screen = await open_kind(app, pilot, admin, "customer")
        index = [r.entity.id for r in screen.rows].index(evil)
        assert cell(screen, index, 1) == "[bold red]Evil[/] \\x1b[31mX"
        await goto(app, pilot, screen, hostile)
        await pilot.press("enter")
        await settle(app, pilot)
        title = app.screen.query_one("#title", Label).render()
        assert "[bold red]Evil[/] \\x1b[31mX" in str(title)
        assert app.screen.query_one("#f-name", Input).value == "[bold red]Evil[/] \\x1b[31mX"
        await pilot.press("ctrl+s")  # unchanged: the stored name stays as it was
        await settle(app, pilot)
        assert catalogue_repo.get("customer", evil).name == hostile
        projects = await open_kind(app, pilot, admin, "project")
        names = [projects.query_one(DataTable).get_row_at(i)[1].plain
                 for i in range(len(projects.rows))]
        assert "[link=http://x]p[/link]" in names
        row = names.index("[link=http://x]p[/link]")
        assert cell(projects, row, 3) == "[bold red]Evil[/] \\x1b[31mX"


async def test_users_who_may_not_list_get_a_message(world):
    app = app_for(world["ctx"])  # alice: ROLE_USER
    async with app.run_test(size=(150, 48)) as pilot:
        screen = await open_kind(app, pilot, world["ctx"], "customer")
        assert "may not list customer" in str(screen.query_one("#denied", Label).render())
        assert not screen.query_one(DataTable).display or screen.query_one(
            DataTable).has_class("-hidden")
        assert screen.rows == []


async def test_team_lead_sees_no_prices_and_may_not_save(world):
    ctx = world["ctx"]
    lead = users_repo.create({"username": "maria", "roles": "ROLE_TEAMLEAD", "timezone": "UTC"})
    lead_ctx = Context(ctx.settings, ctx.database, users_repo.get(lead), ctx.clock)
    app = app_for(lead_ctx)
    async with app.run_test(size=(150, 48)) as pilot:
        screen = await open_kind(app, pilot, lead_ctx, "customer")
        await goto(app, pilot, screen, "Koruna Assist")
        await pilot.press("enter")
        await settle(app, pilot)
        editor = app.screen
        assert not editor.query_one("#price-summary").display
        assert editor.query_one("#f-name", Input).disabled
        await pilot.press("ctrl+r", "ctrl+s")
        await settle(app, pilot)
        assert app.screen is editor
    assert catalogue_repo.price_rule_rows("customer", world["ids"]["koruna"]) == []


async def test_new_global_activity(world, admin):
    app = app_for(admin)
    async with app.run_test(size=(150, 48)) as pilot:
        await open_kind(app, pilot, admin, "activity")
        await pilot.press("plus")
        await settle(app, pilot)
        await pilot.press(*"Meetings", "ctrl+s")
        await settle(app, pilot)
        assert isinstance(app.screen, CatalogueScreen)
    (meetings,) = catalogue_repo.find_by_name("activity", "Meetings")
    assert meetings.project_id is None
