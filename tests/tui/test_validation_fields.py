"""Issue #15 items 10 and 11: the standards' checks reach the forms' fields; a fixed field
loses its stale message."""

from kimai_tui.data import users as users_repo
from kimai_tui.screens.entity_editor import EntityEditor
from kimai_tui.services.context import Context

from tui_support import app_for, settle


def _admin(world) -> Context:
    ctx = world["ctx"]
    admin_id = users_repo.create({"username": "root", "roles": "ROLE_SUPER_ADMIN"})
    return Context(ctx.settings, ctx.database, users_repo.get(admin_id), ctx.clock)


async def test_customer_currency_and_email_are_refused_on_their_fields(world):
    from kimai_tui.data.models import Customer

    app = app_for(_admin(world))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("4", "+")
        await settle(app, pilot)
        editor = app.screen
        assert isinstance(editor, EntityEditor)
        for widget_id, text in (("#f-name", "Acme"), ("#f-currency", "XYZ"),
                                ("#f-email", "not-an-email")):
            field = editor.query_one(widget_id)
            field.focus()
            field.value = ""
            await pilot.press(*text)
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert app.screen is editor
        currency_error = str(editor.query_one("#error-currency").render())
        email_error = str(editor.query_one("#error-email").render())
        assert "ISO 4217" in currency_error
        assert "not an e-mail address" in email_error
        assert not Customer.select().where(Customer.name == "Acme").exists()
        field = editor.query_one("#f-currency")
        field.focus()
        field.value = ""
        await pilot.press(*"EUR")
        await settle(app, pilot)
        # The fixed field's message goes at once; the other stays until it is fixed too.
        assert str(editor.query_one("#error-currency").render()) == ""
        assert "not an e-mail address" in str(editor.query_one("#error-email").render())
        field = editor.query_one("#f-email")
        field.focus()
        field.value = ""
        await pilot.press(*"billing@acme.example", "ctrl+s")
        await settle(app, pilot)
        assert app.screen is not editor
    acme = Customer.get(Customer.name == "Acme")
    assert (acme.currency, acme.email) == ("EUR", "billing@acme.example")
