"""Issue #15, by keyboard alone: the day looked at survives `p`; Enter in a filter gives the
keys back to the table; keys right after a mode switch reach the new screen; a filled form
asks before Esc or Ctrl+Q throw it away."""

from datetime import date

from textual import events

from tui_support import app_for, settle


async def test_p_keeps_the_day_looked_at_in_the_timesheet_and_reports(world):
    app = app_for(world["ctx"])  # now is Wednesday 4 November 2026
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        screen = app.screen
        await pilot.press("t", "]")  # from recent work to this week, then next week
        await settle(app, pilot, 1)
        seen = []
        for key in "ppp]pp":
            await pilot.press(key)
            await settle(app, pilot, 1)
            seen.append((screen.period.unit, screen.period.first))
        # Week 9-15 Nov, looked at Wed 11: month, recent work, back to Wed 11, Thu 12, ...
        assert seen == [("month", date(2026, 11, 1)), ("recent", date(2026, 11, 4)),
                        ("day", date(2026, 11, 11)), ("day", date(2026, 11, 12)),
                        ("week", date(2026, 11, 9)), ("month", date(2026, 11, 1))]
        await pilot.press("8")
        await settle(app, pilot)
        reports = app.screen
        await pilot.press("]", "p")
        await settle(app, pilot, 1)
        assert (reports.period.unit, reports.period.first) == ("day", date(2026, 12, 4))
        assert "Fri 04 Dec 2026" in str(reports.query_one("#report-title").render())


def _admin(world):
    from kimai_tui.data import users as users_repo
    from kimai_tui.services.context import Context

    ctx = world["ctx"]
    admin_id = users_repo.create({"username": "root", "roles": "ROLE_SUPER_ADMIN",
                                  "timezone": "UTC"})
    return Context(ctx.settings, ctx.database, users_repo.get(admin_id), ctx.clock)


async def test_a_key_right_after_a_mode_switch_reaches_the_new_screen(world):
    from kimai_tui.screens.entity_editor import EntityEditor

    app = app_for(_admin(world))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("6", "+")
        await settle(app, pilot)
        assert isinstance(app.screen, EntityEditor)
        await pilot.press("escape", "5")
        await settle(app, pilot)
        # Both keys queued before the new screen exists, as a quick typist's reach the app.
        app.post_message(events.Key("6", "6"))
        app.post_message(events.Key("plus", "+"))
        await settle(app, pilot)
        assert isinstance(app.screen, EntityEditor), app.screen
        await pilot.press("escape")
        await settle(app, pilot)
        assert app.screen.query_one("#search").value == ""
        for mode in "12345789":
            await pilot.press(mode, "question_mark")
            await settle(app, pilot, 1)
            assert type(app.screen).__name__ == "HelpScreen", mode
            await pilot.press("escape")
            await settle(app, pilot, 1)


async def test_enter_in_a_filter_gives_the_keys_back_to_the_table(world):
    from kimai_tui.widgets.record_table import RecordTable

    app = app_for(_admin(world))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        for mode in "134":
            await pilot.press(mode)
            await settle(app, pilot)
            await pilot.press("/")
            await pilot.press(*"koruna", "enter")
            await settle(app, pilot)
            assert app.focused.id in ("records", "entities"), (mode, app.focused)
            search = app.screen.query_one("#search")
            await pilot.press("t")
            assert search.value == "koruna", mode


async def test_esc_and_ctrl_q_ask_before_throwing_away_a_filled_form(world):
    from kimai_tui.screens.pickers import Confirm
    from kimai_tui.screens.record_editor import RecordEditor

    app = app_for(world["ctx"])
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("+")
        await settle(app, pilot)
        await pilot.press("escape")  # nothing typed: closes at once
        await settle(app, pilot)
        assert not isinstance(app.screen, RecordEditor)
        await pilot.press("+")
        await settle(app, pilot)
        app.screen.query_one("#description").focus()
        await pilot.press(*"printer jam")
        await pilot.press("escape")
        await settle(app, pilot)
        assert isinstance(app.screen, Confirm)
        await pilot.press("n")  # keep editing: the text is still there
        await settle(app, pilot)
        assert isinstance(app.screen, RecordEditor)
        assert app.screen.query_one("#description").text == "printer jam"
        await pilot.press("ctrl+q")
        await settle(app, pilot)
        assert isinstance(app.screen, Confirm) and app.is_running
        await pilot.press("n")
        await settle(app, pilot)
        assert isinstance(app.screen, RecordEditor)
        await pilot.press("escape")
        await settle(app, pilot)
        await pilot.press("y")
        await settle(app, pilot)
        assert not isinstance(app.screen, (RecordEditor, Confirm))
        await pilot.press("s")  # the picker: a search alone is not asked about
        await settle(app, pilot)
        await pilot.press(*"kaesim", "escape")
        await settle(app, pilot)
        assert not isinstance(app.screen, Confirm)
        await pilot.press("ctrl+q")  # nothing typed anywhere: quits
        await settle(app, pilot)
        assert not app.is_running


async def test_an_opened_form_left_as_it_was_closes_without_a_question(world):
    """Only what the person changed counts: every editor opened and closed untouched."""
    from datetime import timedelta

    from kimai_tui.services import timesheets
    from kimai_tui.services.record_save import RecordChanges

    from tui_support import NOW

    timesheets.create(world["ctx"], RecordChanges(
        project_id=world["ids"]["sla"], activity_id=world["ids"]["support"],
        begin=NOW - timedelta(hours=2), end=NOW - timedelta(hours=1), tags=("remote",)))
    app = app_for(_admin(world))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        for keys in (["3", "e"], ["4", "e"], ["5", "e"], ["6", "e"], ["7", "e"], ["7", "t", "n"],
                     ["4", "e", "ctrl+r", "plus"]):
            for key in keys:
                await pilot.press(key)
                await settle(app, pilot)
            depth = len(app.screen_stack)
            assert depth > 1, keys
            await pilot.press("escape")
            await settle(app, pilot)
            assert len(app.screen_stack) == depth - 1, (keys, app.screen)
            while len(app.screen_stack) > 1:
                await pilot.press("escape")
                await settle(app, pilot)
