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


async def test_first_run_says_what_to_do_next_by_role(tmp_path):
    from kimai_tui.data import db
    from kimai_tui.settings import Settings

    from tui_support import screen_text

    database = db.connect("sqlite:///" + str(tmp_path / "empty.sqlite"))
    try:
        admin = users_repo.create({"username": "root", "roles": "ROLE_SUPER_ADMIN"})
        user = users_repo.create({"username": "ana", "roles": "ROLE_USER"})
        for user_id, wanted in ((admin, ["create a customer (4", "kimai-tui demo"]),
                                (user, ["Ask your team lead or an administrator"])):
            app = app_for(Context(Settings(), database, users_repo.get(user_id)))
            async with app.run_test(size=(80, 24)) as pilot:
                await settle(app, pilot)
                text = screen_text(app)
                for piece in wanted:
                    assert piece in " ".join(text.split()), (piece, text)
                await pilot.press("s")
                await settle(app, pilot)
                assert "Nothing to track yet" in screen_text(app)
    finally:
        database.close()


async def test_smaller_things_counts_flag_header_project_currency_price_focus(world):
    from datetime import timedelta

    from kimai_tui.services import timesheets
    from kimai_tui.services.record_save import RecordChanges

    from tui_support import NOW, screen_text

    ids = world["ids"]
    timesheets.create(world["ctx"], RecordChanges(
        project_id=ids["sla"], activity_id=ids["support"],
        begin=NOW - timedelta(hours=2), end=NOW - timedelta(hours=1)))
    app = app_for(_admin(world))
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(app, pilot)
        await pilot.press("3")
        await settle(app, pilot)
        text = screen_text(app)
        assert "1 record ·" in text, text
        header = next(line for line in text.splitlines() if "Duration" in line)
        assert "Amount 🔒" in header, header
        await pilot.press("5")
        await settle(app, pilot)
        table = app.screen.query_one("#entities")
        row = next(i for i, r in enumerate(app.screen.rows) if r.entity.id == ids["sla"])
        table.move_cursor(row=row)
        await pilot.press("e")
        await settle(app, pilot)
        assert "1 record · 1:00 hours · amount 100.00 PHP" in screen_text(app)
        await pilot.press("ctrl+r")
        await settle(app, pilot)
        await pilot.press("+")
        await settle(app, pilot)
        await pilot.press(*"abc", "ctrl+s")
        await settle(app, pilot)
        assert app.focused is not None and app.focused.id == "rate"
        assert str(app.screen.query_one("#error-rate").render())
