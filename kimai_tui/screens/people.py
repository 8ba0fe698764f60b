"""Users (view_user: super admins) and teams (view_team: admins): lists and editors.

n new, e or Enter edit, u / t switch lists. Editors save with Ctrl+S; the services' errors
appear next to their fields and nothing is written."""

from __future__ import annotations

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import (Checkbox, DataTable, Label, Select, SelectionList, Static,
                             TabbedContent, TabPane)

from kimai_tui.messages import Change
from kimai_tui import domain
from kimai_tui.rules import permissions
from kimai_tui.rules.errors import KimaiError, ValidationError
from kimai_tui.rules.rates import parse_money
from kimai_tui.screens.base import ModeScreen
from kimai_tui.screens.form_guard import UnsavedGuard
from kimai_tui.services import catalogue as catalogue_service
from kimai_tui.services import inputs
from kimai_tui.services import teams as team_service
from kimai_tui.services import users as user_service
from kimai_tui.services.capabilities import Capabilities
from kimai_tui.services.context import Context
from kimai_tui.textsafe import inert
from kimai_tui.widgets.safe_fields import SafeInput
from kimai_tui.rules.money import format_money

NOT_PERMITTED = ("Not permitted: users and teams are managed by administrators (teams need "
                 "view_team, users view_user).")


def _t(text: str, style: str = "") -> Text:
    return Text(inert(text), style=style)


class Editor(UnsavedGuard, ModalScreen):
    """Shared by the user and team editors: labelled fields, error labels, saving."""

    BINDINGS = [Binding("ctrl+s", "save", "Save", id="people.save", priority=True),
                Binding("escape", "cancel", "Cancel", id="people.cancel")]
    DEFAULT_CSS = """
    Editor { align: center middle; }
    Editor > VerticalScroll { width: 90%; max-width: 100; height: 90%; border: thick $primary;
        background: $surface; padding: 0 1; }
    Editor .field-label { margin-top: 1; color: $text-muted; }
    Editor .error { color: $error; width: 100%; height: auto; display: none; }
    Editor .error.shown { display: block; }
    Editor SelectionList { height: auto; max-height: 8; }
    """
    FIELDS: tuple[str, ...] = ()

    def __init__(self, ctx: Context, item=None):
        super().__init__()
        self.ctx = ctx
        self.item = item  # the user or team edited; None = a new one

    def labelled(self, label: str, widget, name: str, group: str = ""):
        yield Label(label, classes=f"field-label {group}")
        yield widget.add_class(group) if group else widget
        yield Label("", id=f"error-{name}", classes="error")

    def show_errors(self, errors: dict[str, list[str]]) -> None:
        general = [m for name, found in errors.items() if name not in self.FIELDS for m in found]
        for name in self.FIELDS + ("general",):
            text = "  ".join(general if name == "general" else errors.get(name, []))
            self.query_one(f"#error-{name}", Label).set_class(bool(text), "shown").update(_t(text))

    def failed(self, exc: KimaiError) -> None:
        errors: dict[str, list[str]] = {}
        for name, message in exc.lines():
            name = {"lead": "leads", "hourly-rate": "hourly_rate"}.get(name or "", name)
            errors.setdefault(name or "general", []).append(message)
        self.show_errors(errors)

    def save_with(self, fn, done: str) -> None:
        self.app.call_service(fn, done, on_success=self.dismiss, on_error=self.failed)


def _collect(errors: dict, name: str, parse):
    try:
        return parse()
    except KimaiError as exc:
        errors.setdefault(name, []).append(exc.message)


def _text(name: str, limit: int):
    return lambda text: inputs.parse_text(text, name.replace("_", " "), max_length=limit)


def _money(name: str):
    return lambda text: None if not text.strip() else parse_money(text.strip(),
                                                                  name.replace("_", " "))


# The text fields of the user editor and how each is read (the command line's parsers).
_PARSERS = {"username": inputs.parse_username, "alias": _text("alias", 180),
            "email": _text("email", 180), "staff_number": _text("staff_number", 60),
            "hourly_rate": _money("hourly_rate"), "internal_rate": _money("internal_rate"),
            "timezone": inputs.parse_timezone}


class UserEditor(Editor):
    FIELDS = ("username", "alias", "email", "staff_number", "roles", "customers", "hourly_rate",
              "internal_rate", "timezone", "time_format")

    def compose(self) -> ComposeResult:
        user = self.item
        defaults = self.ctx.settings.kimai.defaults.user
        roles = set(user.roles) if user else {permissions.ROLE_USER}
        with VerticalScroll():
            yield Label(_t(f"Edit user {user.username}" if user else "New user", "bold"))
            yield from self.labelled("Username", SafeInput(user.username if user else "",
                                                           id="username"), "username")
            for name, label, value in (("alias", "Alias (shown name)", user and user.alias),
                                       ("email", "E-mail", user and user.email),
                                       ("staff_number", "Staff number",
                                        user and user.staff_number)):
                yield from self.labelled(label, SafeInput(value or "", id=name), name)
            yield from self.labelled("Roles (space toggles)", SelectionList(
                *[(r, r, r in roles) for r in permissions.ROLES], id="roles"), "roles")
            yield from self.labelled("Customers this ROLE_CUSTOMER account may see",
                                     SelectionList(id="customers"), "customers", "for-customer")
            hourly = user.hourly_rate if user else (
                None if defaults.hourly_rate in ("0", "0.0", "") else defaults.hourly_rate)
            for name, label, value in (
                    ("hourly_rate", "Hourly rate (empty = none)", hourly),
                    ("internal_rate", "Internal rate (empty = the hourly rate)",
                     user and user.internal_rate)):
                yield from self.labelled(label, SafeInput("" if value is None else str(value),
                                                          id=name), name)
            yield from self.labelled("Time zone (e.g. Asia/Manila)", SafeInput(
                user.timezone if user else defaults.timezone, id="timezone"), "timezone")
            yield from self.labelled("Clock", Select(
                [("24-hour (17:30)", "24h"), ("12-hour (5:30 PM)", "12h")],
                value=user.time_format if user else defaults.time_format, allow_blank=False,
                id="time_format"), "time_format")
            yield Checkbox("Enabled (may log in)", user.enabled if user else True,
                           id="enabled")
            yield Label("", id="error-general", classes="error")
            yield Label("Ctrl+S save · Esc cancel", classes="field-label")

    def on_mount(self) -> None:
        self.query_one("#username", SafeInput).focus()
        self._customers_shown()
        self._load()

    @work(thread=True)
    def _load(self) -> None:
        found = catalogue_service.listing(self.ctx, "customer", visible="both")
        self.app.call_from_thread(self._loaded, found)

    def _loaded(self, customers) -> None:
        if not self.is_attached or not self.query("#customers"):
            return  # closed meanwhile (the app is quitting)
        chosen = set(self.item.customer_ids) if self.item else set()
        self.query_one("#customers", SelectionList).add_options(
            [(_t(c.name), c.id, c.id in chosen) for c in customers])
        self.mark_clean()  # the lists now hold the stored choices
    @on(SelectionList.SelectedChanged, "#roles")
    def _customers_shown(self) -> None:
        shown = permissions.ROLE_CUSTOMER in self.query_one("#roles", SelectionList).selected
        self.query(".for-customer").set(display=shown)

    def _values(self) -> tuple[dict, list[int]]:
        errors: dict[str, list[str]] = {}
        values: dict = {}
        for name, parse in _PARSERS.items():
            field = self.query_one(f"#{name}", SafeInput)
            # A field of a user left as it opened is neither parsed again nor sent: parsing
            # normalises, and the stored value must stay as it is (widgets/safe_fields.py).
            if self.item is None or field.edited:
                values[name] = _collect(errors, name, lambda: parse(field.value))
        roles = [r for r in permissions.ROLES
                 if r in self.query_one("#roles", SelectionList).selected]
        values["roles"] = ",".join(roles or [permissions.ROLE_USER])
        values["time_format"] = self.query_one("#time_format", Select).value
        values["enabled"] = self.query_one("#enabled", Checkbox).value
        customers = list(self.query_one("#customers", SelectionList).selected)
        if permissions.ROLE_CUSTOMER not in roles:
            customers = []
        elif not customers:
            errors["customers"] = ["a customer account needs at least one customer"]
        if errors:
            raise ValidationError(errors)
        return values, customers

    def action_save(self) -> None:
        self.show_errors({})
        try:
            values, customers = self._values()
        except ValidationError as exc:
            self.show_errors(exc.errors)
            return
        ctx, user = self.ctx, self.item
        if user is None:
            self.save_with(lambda: user_service.create(ctx, values, customers),
                           f"Created user {values['username']}")
        else:
            self.save_with(lambda: user_service.update(ctx, user.id, values, customers),
                           f"Saved user {values.get('username', user.username)}")


class TeamEditor(Editor):
    FIELDS = ("name", "leads", "members", "customers", "projects", "activities")
    LISTS = FIELDS[1:]

    def compose(self) -> ComposeResult:
        team = self.item
        with VerticalScroll():
            yield Label(_t(f"Edit team {team['name']}" if team else "New team", "bold"))
            yield from self.labelled("Name", SafeInput(team["name"] if team else "", id="name"),
                                     "name")
            for name, label in (("leads", "Team leads (at least one)"), ("members", "Members"),
                                ("customers", "Restricted to customers (none = no limit)"),
                                ("projects", "Restricted to projects"),
                                ("activities", "Restricted to activities")):
                yield from self.labelled(label, SelectionList(id=name), name)
            yield Label("", id="error-general", classes="error")
            yield Label("Space toggles · Ctrl+S save · Esc cancel", classes="field-label")

    def on_mount(self) -> None:
        self.query_one("#name", SafeInput).focus()
        self._load()

    @work(thread=True)
    def _load(self) -> None:
        people = user_service.listing(self.ctx)
        found = {kind: catalogue_service.listing(self.ctx, kind, visible="both")
                 for kind in ("customer", "project", "activity")}
        self.app.call_from_thread(self._loaded, people, found)

    def _loaded(self, people: list[domain.User], found: dict) -> None:
        if not self.is_attached or not self.query("#leads"):
            return  # closed meanwhile (the app is quitting)
        team = self.item or {"leads": [], "members": [], "customers": [], "projects": [],
                             "activities": []}
        customers = {c.id: c.name for c in found["customer"]}
        projects = {p.id: f"{customers.get(p.customer_id, '?')} / {p.name}"
                    for p in found["project"]}
        options = {
            "leads": [(u.username, u.id, u.username in team["leads"]) for u in people],
            "members": [(u.username, u.id, u.username in team["members"]) for u in people],
            "customers": [(n, i, i in team["customers"]) for i, n in customers.items()],
            "projects": [(n, i, i in team["projects"]) for i, n in projects.items()],
            "activities": [(f"{projects.get(a.project_id, 'global')} / {a.name}", a.id,
                             a.id in team["activities"]) for a in found["activity"]],
        }
        for name, entries in options.items():
            self.query_one(f"#{name}", SelectionList).add_options(
                [(_t(label), value, on) for label, value, on in entries])
        self.mark_clean()  # the lists now hold the stored choices
    def action_save(self) -> None:
        self.show_errors({})
        lists = {name: list(self.query_one(f"#{name}", SelectionList).selected)
                 for name in self.LISTS}
        field = self.query_one("#name", SafeInput)
        # A name left as it opened is not sent: the stored one stays (widgets/safe_fields.py).
        name = field.value if self.item is None or field.edited else None
        if not lists["leads"]:
            self.show_errors({"leads": ["a team needs at least one lead"]})
            return
        ctx, team_id = self.ctx, self.item["id"] if self.item else None
        self.save_with(lambda: team_service.save(ctx, team_id, name, **lists),
                       f"Saved team {self.item['name'] if name is None else name.strip()}")


class PeopleScreen(ModeScreen):
    # What a mode switch focuses (Textual would take the first focusable widget, the
    # search box, and keys typed right after the switch would land in it).
    AUTO_FOCUS = "#users-table"
    BINDINGS = [
        Binding("n,plus", "new", "New", id="people.new"),
        Binding("e", "edit", "Edit", id="people.edit"),
        Binding("u", "tab('users')", "Users", id="people.users"),
        Binding("t", "tab('teams')", "Teams", id="people.teams"),
    ]
    DEFAULT_CSS = """
    PeopleScreen #denied { padding: 1 2; color: $error; }
    PeopleScreen #tabs, PeopleScreen #tabs > ContentSwitcher, PeopleScreen TabPane,
    PeopleScreen DataTable { height: 1fr; }
    """

    def __init__(self, ctx: Context):
        super().__init__(ctx)
        self.caps = Capabilities(ctx)
        self.may_users = self.caps.users
        self.may_teams = self.caps.teams
        self.permitted = self.may_users or self.may_teams
        self.user_rows: dict[str, domain.User] = {}
        self.team_rows: dict[str, dict] = {}

    def compose_body(self) -> ComposeResult:
        if not self.permitted:
            yield Static(Text(NOT_PERMITTED), id="denied")
            return
        with TabbedContent(id="tabs"):
            if self.may_users:
                with TabPane("Users", id="users"):
                    yield DataTable(id="users-table", cursor_type="row", zebra_stripes=True)
            if self.may_teams:
                with TabPane("Teams", id="teams"):
                    yield DataTable(id="teams-table", cursor_type="row", zebra_stripes=True)

    def on_mount(self) -> None:
        if self.may_users:
            self.query_one("#users-table", DataTable).add_columns(
                "Username", "Alias", "E-mail", "Staff no.", "Roles", "Time zone", "Rate",
                "Enabled")
        if self.may_teams:
            self.query_one("#teams-table", DataTable).add_columns(
                "Team", "Leads", "Members", "Restricted to")
        if self.permitted:
            self.current_table().focus()
            self.reload()

    def current_table(self) -> DataTable:
        return self.query_one(f"#{self.query_one(TabbedContent).active}-table", DataTable)

    @property
    def on_users(self) -> bool:
        return self.may_users and self.query_one(TabbedContent).active == "users"

    def shows(self, change: Change) -> bool:
        """Users and teams (teams name the customers, projects and activities they hold)."""
        return change.kind in ("all", "people", "catalogue")

    def reload(self) -> None:
        if self.permitted:
            self._load()

    @work(thread=True, exclusive=True, group="people")
    def _load(self) -> None:
        people = user_service.listing(self.ctx) if self.may_users else []
        teams = team_service.listing(self.ctx) if self.may_teams else []
        self.app.call_from_thread(self._loaded, people, teams)

    def _loaded(self, people: list[domain.User], teams: list[dict]) -> None:
        if not self.is_attached or not self.query("DataTable"):
            return  # closed meanwhile (the app is quitting)
        if self.may_users:
            self.user_rows = {str(u.id): u for u in people}
            _fill(self.query_one("#users-table", DataTable), [
                (str(u.id), [_t(u.username), _t(u.alias), _t(u.email), _t(u.staff_number),
                             _t(", ".join(r.replace("ROLE_", "").lower() for r in u.roles)),
                             _t(u.timezone), _t("" if u.hourly_rate is None
                                                else format_money(u.hourly_rate)),
                             _t("yes" if u.enabled else "no", "" if u.enabled else "red")])
                for u in people])
        if self.may_teams:
            self.team_rows = {str(t["id"]): t for t in teams}
            _fill(self.query_one("#teams-table", DataTable), [
                (str(t["id"]), [_t(t["name"], "bold"), _t(", ".join(t["leads"])),
                                _t(", ".join(t["members"])), _t(", ".join(f"{len(t[k])} {k}" for k in
                                              ("customers", "projects", "activities")
                                              if t[k]) or "no restriction")])
                for t in teams])

    def action_tab(self, name: str) -> None:
        if self.query(f"TabPane#{name}"):
            self.query_one(TabbedContent).active = name
            self.current_table().focus()
            self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple) -> bool | None:
        if action in ("new", "edit", "tab") and not self.permitted:
            return False
        if action in ("new", "edit"):
            kind = "user" if self.on_users else "team"
            allowed = self.caps.create(kind) if action == "new" else self.caps.edit(kind)
            return allowed and (action == "new" or self._selected() is not None)
        return super().check_action(action, parameters)

    @on(TabbedContent.TabActivated)
    def _tab_changed(self) -> None:
        self.refresh_bindings()

    def _selected(self):
        table = self.current_table()
        if not table.row_count:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return (self.user_rows if self.on_users else self.team_rows).get(key)

    @on(DataTable.RowSelected)
    def _row_selected(self) -> None:
        self.action_edit()

    def action_new(self, edit: bool = False) -> None:
        if self.check_action("edit" if edit else "new", ()):
            found = self._selected() if edit else None
            editor = UserEditor if self.on_users else TeamEditor
            self.app.push_screen(editor(self.ctx, found))

    def action_edit(self) -> None:
        self.action_new(edit=True)


def _fill(table: DataTable, rows: list[tuple[str, list[Text]]]) -> None:
    """Replace the rows, keeping the cursor on the same row where it still exists."""
    current = None
    if table.row_count:
        current = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
    table.clear()
    for key, cells in rows:
        table.add_row(*cells, key=key)
    keys = [key for key, _ in rows]
    if current in keys:
        table.move_cursor(row=keys.index(current), animate=False)
