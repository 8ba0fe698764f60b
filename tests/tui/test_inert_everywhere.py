"""Issue #11 finding 7 and "inert everywhere": every string from the database reaches every
widget (inputs, text areas, tables, selects, option lists, the calendar, the header, toasts,
the palette) with its control and bidi/format characters shown as escapes and its markup
inert; an editor saved without touching a field keeps the stored value; a control character
typed (pasted) into a field is drawn as a stand-in and refused with a message on the field.

The hostile values are stored through the data layer: the services refuse them as new text,
so they exist only as text stored before that refusal, or imported.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone
from decimal import Decimal

import pytest
from rich.style import Style
from textual import events
from textual.command import CommandPalette

from kimai_tui.app import make_app
from kimai_tui.data import catalogue as catalogue_repo
from kimai_tui.data import db
from kimai_tui.data import meta as meta_repo
from kimai_tui.data import timesheets as records_repo
from kimai_tui.data import users as users_repo
from kimai_tui.rules.errors import RuleRefused
from kimai_tui.screens.entity_delete import EntityDelete
from kimai_tui.screens.entity_editor import EntityEditor
from kimai_tui.screens.people import TeamEditor, UserEditor
from kimai_tui.screens.pickers import ChooseRecord, RecentPicker, StartPicker
from kimai_tui.screens.prices import PricesScreen
from kimai_tui.screens.record_editor import RecordEditor
from kimai_tui.screens.stop_forgotten import StopForgotten
from kimai_tui.services import timesheets
from kimai_tui.services.context import Context
from kimai_tui.services.record_save import RecordChanges
from kimai_tui.settings import (CustomField, CustomFields, KimaiSettings, Settings,
                                TimesheetSettings, TuiSettings)
from kimai_tui.textsafe import inert
from kimai_tui.widgets.safe_fields import SafeInput, SafeTextArea
from nasty import HOSTILE, NASTY, raw_unsafe

from tui_support import settle, store_description

NOW = datetime(2026, 11, 4, 9, 0, tzinfo=timezone.utc)  # a Wednesday
# The nasty strings in four groups, so each group fits the fields that show it.
GROUPS = {
    "osc": NASTY["osc0-title"] + NASTY["osc8-link"] + NASTY["osc52-clipboard"],
    "csi-c0-c1": (NASTY["csi-clear"] + NASTY["csi-colour"] + NASTY["csi-8bit"] + NASTY["dcs"]
                  + NASTY["bell-backspace-nul"]),
    "bidi-invisible": (NASTY["bidi-rlo"] + NASTY["bidi-isolates"] + NASTY["zero-width"]
                       + NASTY["separators"]),
    "markup-wide": NASTY["textual-markup"] + NASTY["rich-markup"] + NASTY["cjk-combining"],
}
CSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")  # Textual's own SGR and cursor sequences


class World:
    """Everything that holds text, each text field holding `text` (stored as legacy data)."""

    def __init__(self, database, text: str):
        self.text = text
        self.root = users_repo.create({"username": "root", "roles": "ROLE_SUPER_ADMIN",
                                       "timezone": "UTC", "alias": "Root " + text,
                                       "email": f"r{text}@x.org"})
        self.mallory = users_repo.create({"username": "mallory", "roles": "ROLE_USER",
                                          "timezone": "UTC", "alias": "M " + text,
                                          "email": f"m{text}@x.org", "staff_number": "7" + text})
        self.customer = catalogue_repo.create("customer", {
            "name": "C " + text, "currency": "EUR", "number": "N" + text,
            "comment": "first line\n" + text, "company": text, "vat_id": text,
            "contact": text, "address": text + "\nStreet 1"}, {"note": text})
        self.project = catalogue_repo.create("project", {
            "name": "P " + text, "customer": self.customer, "order_number": text,
            "comment": text})
        self.activity = catalogue_repo.create("activity", {
            "name": "A " + text, "project": self.project, "comment": text})
        catalogue_repo.set_price_rule("project", self.project, self.mallory, Decimal("50"),
                                      None, False)
        self.team = users_repo.team_save(None, "T " + text, [self.root], [self.mallory],
                                         None, None, None)
        settings = Settings(
            kimai=KimaiSettings(timesheet=TimesheetSettings(rounding=())),
            custom_fields=CustomFields(
                timesheet=(CustomField("location", "string", "Location"),),
                customer=(CustomField("note", "string", "Note"),)),
            tui=TuiSettings(refresh_seconds=30))
        self.ctx = Context(settings, database, users_repo.get(self.root), lambda: NOW)
        self.record = self._record(self.root, NOW - timedelta(hours=2), NOW - timedelta(hours=1))
        self.running = self._record(self.mallory, NOW - timedelta(hours=1), None)

    def _record(self, user_id: int, begin: datetime, end: datetime | None):
        record, _ = timesheets.create(self.ctx, RecordChanges(
            user_id=user_id, project_id=self.project, activity_id=self.activity, begin=begin,
            end=end))
        store_description(record.id, self.text + "\nsecond line")
        records_repo.set_tags(record.id, ("t" + self.text.replace(",", ""), "plain"))
        meta_repo.set_values("timesheet", record.id, {"location": "L" + self.text})
        return timesheets.get(self.ctx, record.id)

    def stored(self) -> tuple:
        """The stored text of everything an editor can save."""
        record = timesheets.get(self.ctx, self.record.id)
        return (record.description, record.tags, record.meta,
                catalogue_repo.get("customer", self.customer),
                users_repo.get(self.mallory), users_repo.team_get(self.team)["name"])


@pytest.fixture
def make_world(tmp_path):
    databases = []

    def make(text: str) -> World:
        databases.append(db.connect("sqlite:///" + str(tmp_path / "k.sqlite")))
        return World(databases[-1], text)

    yield make
    for database in databases:
        database.close()


def terminal_output(app) -> tuple[str, list[Style], str]:
    """What the app writes to the terminal for its current screen (and the screens under a
    modal): the text of every segment, their styles, and the raw data with escape sequences.
    The same (private) compositor call as `App.export_screenshot`."""
    update = app.screen._compositor.render_update(full=True,
                                                 screen_stack=app._background_screens)
    texts, styles = [], []
    for line in update.strips:
        for strip in line:
            for segment in strip:
                texts.append(segment.text)
                if segment.style is not None:
                    styles.append(segment.style)
        texts.append("\n")
    return "".join(texts), styles, update.render_segments(app.console)


def assert_inert(app, where: str, pasted: bool = False) -> str:
    """Nothing the screen writes carries a raw unsafe character, a live link or a click
    action of the stored markup; every field is a safe one, holding inert text unless
    something was `pasted` into one. Returns the screen's text."""
    text, styles, raw = terminal_output(app)
    assert not raw_unsafe(text), (where, raw_unsafe(text))
    bare = CSI.sub("", raw)  # what is left once Textual's own sequences are taken out
    assert "\x1b" not in bare and not raw_unsafe(bare.replace("\r", "")), (where, bare[:200])
    for style in styles:
        assert "evil.example" not in (style.link or ""), where
        assert "app.quit" not in repr(style.meta), where
    fields = [] if isinstance(app.screen, CommandPalette) else app.screen.query(
        "Input, TextArea")  # the palette's own input holds only what the person types
    for widget in fields:
        assert isinstance(widget, (SafeInput, SafeTextArea)), (where, widget)
        if pasted:
            continue
        value = widget.value if isinstance(widget, SafeInput) else widget.text
        assert not raw_unsafe(value.replace("\n", "")), (where, widget.id, raw_unsafe(value))
    return text


async def show(app, pilot, screen, where: str) -> str:
    await app.push_screen(screen)
    await settle(app, pilot)
    text = assert_inert(app, where)
    app.pop_screen()
    await settle(app, pilot)
    return text


async def mode(app, pilot, name: str) -> str:
    await app.switch_mode(name)
    await settle(app, pilot)
    return assert_inert(app, name)


@pytest.mark.parametrize("group", sorted(GROUPS))
async def test_every_screen_shows_stored_text_inert(make_world, group):
    world = make_world(GROUPS[group])
    ctx = world.ctx
    app = make_app(ctx)
    seen = []
    async with app.run_test(size=(200, 60), notifications=True) as pilot:
        await settle(app, pilot)
        seen.append(assert_inert(app, "timesheet"))
        filter_select = app.screen.query_one("#customer")
        filter_select.expanded = True
        await settle(app, pilot)
        seen.append(assert_inert(app, "filter select"))
        filter_select.expanded = False
        record, running = world.record, world.running
        customer = catalogue_repo.get("customer", world.customer)
        project = catalogue_repo.get("project", world.project)
        activity = catalogue_repo.get("activity", world.activity)
        for screen, where in ((RecordEditor(ctx, record), "record editor"),
                              (StartPicker(ctx), "start picker"),
                              (RecentPicker(ctx), "recent picker"),
                              (ChooseRecord("Stop which?", [record, running]), "choose record"),
                              (StopForgotten(ctx, running), "stop forgotten"),
                              (EntityEditor(ctx, "customer", customer), "customer editor"),
                              (EntityEditor(ctx, "project", project), "project editor"),
                              (EntityEditor(ctx, "activity", activity), "activity editor"),
                              (EntityDelete(ctx, "project", project), "delete project"),
                              (PricesScreen(ctx, "project", project), "prices"),
                              (UserEditor(ctx, users_repo.get(world.mallory)), "user editor"),
                              (TeamEditor(ctx, users_repo.team_get(world.team)), "team editor")):
            seen.append(await show(app, pilot, screen, where))
        for name in ("calendar", "team", "customers", "projects", "activities", "people",
                     "reports"):
            seen.append(await mode(app, pilot, name))
        await pilot.press("v")  # the month view of the calendar
        await app.switch_mode("calendar")
        await pilot.press("v")
        await settle(app, pilot)
        seen.append(assert_inert(app, "calendar month"))
        await app.switch_mode("people")
        await pilot.press("t")  # the teams table
        await settle(app, pilot)
        seen.append(assert_inert(app, "teams"))
        await app.switch_mode("timesheet")
        app.action_command_palette()
        await settle(app, pilot)
        await pilot.press(*"start c")
        for _ in range(10):
            await pilot.pause(0.1)
        await settle(app, pilot)
        palette = assert_inert(app, "palette")
        assert "start a record now" in palette  # the hits of the stored names are there
        seen.append(palette)
        await pilot.press("escape")

        def refused():
            raise RuleRefused("C " + world.text + " is over its budget", "budget")

        app.call_service(refused, "done")
        await settle(app, pilot)
        seen.append(assert_inert(app, "error toast"))
        assert app.is_running  # no stored [@click=app.quit] ran
    shown = "".join(seen)
    if group == "markup-wide":
        # Markup is shown as typed, wide and combining characters as they are.
        assert "[@click=app.quit]quit[/]" in shown and "[bold red]markup[/]" in shown
        assert "日本語の説明" in shown and "e\u0301" in shown
    else:
        assert "\\x1b" in shown or "\\u202e" in shown  # shown as visible escapes


async def open_record_editor(app, pilot, world: World) -> RecordEditor:
    await settle(app, pilot)
    await app.push_screen(RecordEditor(world.ctx, world.record))
    await settle(app, pilot)
    return app.screen


async def test_an_editor_saved_untouched_keeps_the_stored_text(make_world):
    world = make_world(HOSTILE)
    before = world.stored()
    app = make_app(world.ctx)
    async with app.run_test(size=(160, 50)) as pilot:
        editor = await open_record_editor(app, pilot, world)
        assert editor.query_one("#description", SafeTextArea).text.startswith(
            inert(world.text, keep_newlines=True)[:40])
        end = editor.query_one("#end", SafeInput)
        end.value = "08:30"  # one real change, so the save writes
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert not isinstance(app.screen, RecordEditor)
        saved = timesheets.get(world.ctx, world.record.id)
        assert saved.end.minute == 30
        for screen in (EntityEditor(world.ctx, "customer",
                                    catalogue_repo.get("customer", world.customer)),
                       UserEditor(world.ctx, users_repo.get(world.mallory)),
                       TeamEditor(world.ctx, users_repo.team_get(world.team))):
            await app.push_screen(screen)
            await settle(app, pilot)
            if isinstance(screen, EntityEditor):
                screen.query_one("#f-billable").value = False  # one real change
            await pilot.press("ctrl+s")
            await settle(app, pilot)
            assert app.screen is not screen, screen  # saved and closed
    after = world.stored()
    assert after[:3] == before[:3]  # description, tags, custom field of the record
    customer, old = after[3], before[3]
    assert not customer.billable
    for field in ("name", "number", "comment", "company", "vat_id", "contact", "address"):
        assert getattr(customer, field) == getattr(old, field), field
    assert customer.meta == old.meta
    assert (after[4].alias, after[4].email, after[4].staff_number) == (
        before[4].alias, before[4].email, before[4].staff_number)
    assert after[5] == before[5]


PASTED = "x\x1b]0;pwned\x07y"


async def paste(pilot, widget, text: str) -> None:
    widget.focus()
    await pilot.pause()
    widget.post_message(events.Paste(text))
    await pilot.pause()


@pytest.mark.parametrize("field, error, stored", [
    ("#description", "#error-description", lambda r: r.description),
    ("#tags", "#error-tags", lambda r: r.tags),
    ("#meta-location", "#error-meta", lambda r: r.meta)])
async def test_a_pasted_control_character_is_shown_as_a_stand_in_and_refused(
        make_world, field, error, stored):
    world = make_world("plain")
    app = make_app(world.ctx)
    async with app.run_test(size=(160, 50)) as pilot:
        editor = await open_record_editor(app, pilot, world)
        await paste(pilot, editor.query_one(field), PASTED)
        text = assert_inert(app, "pasted", pasted=True)
        # A stand-in of one cell for ESC; Rich itself drops the BEL.
        assert "x\u241b]0;pwnedy" in text
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert app.screen is editor  # not saved
        message = str(editor.query_one(error).render())
        assert "contains ESC (\\x1b)" in message and "not accepted" in message
        assert_inert(app, "refused", pasted=True)
    assert stored(timesheets.get(world.ctx, world.record.id)) == stored(world.record)


async def test_people_and_entity_editors_refuse_a_pasted_control_character(make_world):
    world = make_world("plain")
    app = make_app(world.ctx)
    async with app.run_test(size=(160, 50)) as pilot:
        await settle(app, pilot)
        for screen, field, error in (
                (UserEditor(world.ctx, users_repo.get(world.mallory)), "#alias",
                 "#error-alias"),
                (TeamEditor(world.ctx, users_repo.team_get(world.team)), "#name", "#error-name"),
                (EntityEditor(world.ctx, "customer",
                              catalogue_repo.get("customer", world.customer)), "#f-vat-id",
                 "#error-vat-id")):
            await app.push_screen(screen)
            await settle(app, pilot)
            await paste(pilot, screen.query_one(field), PASTED)
            assert "\u241b" in assert_inert(app, field, pasted=True)
            await pilot.press("ctrl+s")
            await settle(app, pilot)
            assert app.screen is screen, field
            assert "contains ESC (\\x1b)" in str(screen.query_one(error).render()), field
            app.pop_screen()
            await settle(app, pilot)
    assert users_repo.get(world.mallory).alias == "M plain"
    assert users_repo.team_get(world.team)["name"] == "T plain"
    assert catalogue_repo.get("customer", world.customer).vat_id == "plain"
