"""The price rules of a customer, project or activity (seed 004's "Hourly price" section):
a table with add / edit / delete, and the price rule editor.

A rule names a user, or nobody: the catch-all that applies to everyone without a rule of their
own. A user-specific rule always wins over the catch-all.
"""

from __future__ import annotations

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Checkbox, DataTable, Input, Label, Select

from kimai_tui.rules.errors import KimaiError
from kimai_tui.screens.form_guard import UnsavedGuard
from kimai_tui.screens.pickers import Confirm
from kimai_tui.services import catalogue
from kimai_tui.services import catalogue_forms as forms
from kimai_tui.services.context import Context
from kimai_tui.textsafe import inert
from kimai_tui.widgets.safe_fields import SafeInput

EVERYONE = -1  # the catch-all option of the user Select


def price_summary(prices: list[forms.PriceRow]) -> Text:
    """The rules as lines for the detail view ("everyone: 50.00 (internal 25.00)")."""
    if not prices:
        return Text("No prices have been configured.", style="dim")
    text = Text()
    for row in prices:
        if text:
            text.append("\n")
        text.append(inert(row.user), style="italic" if row.user_id is None else "")
        text.append(f": {forms.money_text(row.rule.price)}")
        if row.rule.internal_price is not None:
            text.append(f" (internal {forms.money_text(row.rule.internal_price)})")
        if row.rule.fixed:
            text.append(" fixed", style="bold")
    return text


class PricesScreen(ModalScreen[None]):
    BINDINGS = [
        Binding("escape", "close", "Close", id="prices.close"),
        Binding("plus,a", "add", "Add", id="prices.add"),
        Binding("e", "edit", "Edit", id="prices.edit"),
        Binding("delete,d", "delete", "Delete", id="prices.delete"),
    ]
    DEFAULT_CSS = """
    PricesScreen { align: center middle; }
    PricesScreen > Vertical { width: 90%; max-width: 100; height: 70%;
        border: thick $primary; background: $surface; padding: 0 1; }
    PricesScreen DataTable { height: 1fr; }
    PricesScreen .hint { color: $text-muted; }
    """

    def __init__(self, ctx: Context, kind: str, entity):
        super().__init__()
        self.ctx = ctx
        self.kind = kind
        self.entity = entity
        self.prices: list[forms.PriceRow] = []

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(Text(f"Prices of {self.kind} ", style="bold")
                        + Text(inert(self.entity.name), style="bold"))
            yield Label(Text("A user's own rule always wins over the catch-all (everyone).",
                             style="dim"))
            table = DataTable(id="prices", cursor_type="row")
            table.add_column("User", key="user")
            table.add_column("Price", key="price")
            table.add_column("Internal price", key="internal")
            table.add_column("Fixed", key="fixed")
            yield table
            yield Label("", id="empty", classes="hint")
            yield Label("+ add · e/Enter edit · Delete remove · Esc close", classes="hint")

    def on_mount(self) -> None:
        self.query_one(DataTable).focus()
        self.load()

    @work(thread=True, exclusive=True, group="prices-load")
    def load(self) -> None:
        try:
            found = forms.price_rows(self.ctx, self.kind, self.entity.id)
        except KimaiError as exc:
            self.app.call_from_thread(self.notify, inert(exc.message), severity="error",
                                      markup=False)
            self.app.call_from_thread(self.dismiss, None)
            return
        self.app.call_from_thread(self._loaded, found)

    def _loaded(self, found: list[forms.PriceRow]) -> None:
        self.prices = found
        table = self.query_one(DataTable)
        table.clear()
        for row in found:
            rule = row.rule
            table.add_row(Text(inert(row.user), style="italic" if row.user_id is None else ""),
                          Text(forms.money_text(rule.price)),
                          Text(forms.money_text(rule.internal_price) or "(= price)",
                               style="" if rule.internal_price is not None else "dim"),
                          Text("yes" if rule.fixed else "no"), key=str(row.rule_id))
        self.query_one("#empty", Label).update(
            "" if found else "No prices have been configured. Press + to add one.")

    @property
    def selected(self) -> forms.PriceRow | None:
        table = self.query_one(DataTable)
        if not self.prices or table.cursor_row >= len(self.prices):
            return None
        return self.prices[table.cursor_row]

    def action_close(self) -> None:
        self.dismiss(None)

    def action_add(self) -> None:
        self.app.push_screen(PriceRuleEditor(self.ctx, self.kind, self.entity),
                             lambda _: self.load())

    @on(DataTable.RowSelected)
    def _row_selected(self) -> None:
        self.action_edit()

    def action_edit(self) -> None:
        row = self.selected
        if row is not None:
            self.app.push_screen(PriceRuleEditor(self.ctx, self.kind, self.entity, row),
                                 lambda _: self.load())

    def action_delete(self) -> None:
        row = self.selected
        if row is None:
            return
        ctx, kind, entity_id = self.ctx, self.kind, self.entity.id

        def confirmed(yes: bool | None) -> None:
            if yes:
                self.app.call_service(
                    lambda: catalogue.delete_rate(ctx, kind, entity_id, row.user_id),
                    f"Deleted the price rule of {row.user}", on_success=lambda _: self.load())

        self.app.push_screen(Confirm(f"Delete the price rule of {row.user} "
                                     f"({forms.money_text(row.rule.price)})?", "Delete"),
                             confirmed)


class PriceRuleEditor(UnsavedGuard, ModalScreen[object]):
    """User (or everyone), price, internal price, fixed. Ctrl+S saves, Escape cancels."""

    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="price.save", priority=True),
        Binding("escape", "cancel", "Cancel", id="price.cancel"),
    ]
    DEFAULT_CSS = """
    PriceRuleEditor { align: center middle; }
    PriceRuleEditor > Vertical { width: 80; height: auto; border: thick $primary;
        background: $surface; padding: 0 1; }
    PriceRuleEditor .row { height: auto; }
    PriceRuleEditor .row > .field-label { width: 16; color: $text-muted; }
    PriceRuleEditor .row > Input, PriceRuleEditor .row > Select { width: 1fr; }
    PriceRuleEditor .hint { color: $text-muted; margin-top: 1; }
    PriceRuleEditor .error { color: $error; height: auto; padding-left: 16; display: none; }
    PriceRuleEditor .error.-shown { display: block; }
    """

    def __init__(self, ctx: Context, kind: str, entity, row: forms.PriceRow | None = None):
        super().__init__()
        self.ctx = ctx
        self.kind = kind
        self.entity = entity
        self.row = row

    def compose(self) -> ComposeResult:
        row = self.row
        with Vertical():
            yield Label(Text("Edit price rule" if row else "New price rule", style="bold"))
            current = EVERYONE if row is None or row.user_id is None else row.user_id
            self._current_user = current
            with Horizontal(classes="row"):
                yield Label("User", classes="field-label")
                yield Select([("everyone", EVERYONE)], value=EVERYONE, allow_blank=False,
                             id="user", disabled=row is not None, compact=True)
            yield Label("", id="error-user", classes="error")
            with Horizontal(classes="row"):
                yield Label("Price", classes="field-label")
                yield SafeInput(forms.money_text(row.rule.price).replace(",", "") if row else "",
                                id="rate", placeholder="per hour (or per record when fixed)",
                                compact=True)
            yield Label("", id="error-rate", classes="error")
            internal = row.rule.internal_price if row else None
            with Horizontal(classes="row"):
                yield Label("Internal price", classes="field-label")
                yield SafeInput(forms.money_text(internal).replace(",", ""), id="internal-rate",
                                placeholder="empty = the price", compact=True)
            yield Label("", id="error-internal-rate", classes="error")
            yield Checkbox("Fixed price: every record gets the price, whatever its duration",
                           row.rule.fixed if row else False, id="fixed", compact=True)
            yield Label(Text("No user = the catch-all, for everyone without a rule of their "
                             "own.", style="dim"), classes="hint")
            yield Label("", id="general-error", classes="error")
            yield Label("Ctrl+S save · Esc cancel", classes="hint")

    def on_mount(self) -> None:
        self.query_one("#rate", Input).focus()
        self._load_users()

    @work(thread=True, exclusive=True, group="price-users")
    def _load_users(self) -> None:
        try:
            found = forms.price_users(self.ctx)
        except KimaiError:
            found = []
        self.app.call_from_thread(self._users_loaded, found)

    def _users_loaded(self, found: list[tuple[str, int]]) -> None:
        select = self.query_one("#user", Select)
        select.set_options([("everyone", EVERYONE)] + [(Text(inert(label)), uid)
                                                        for label, uid in found])
        select.value = self._current_user
        self.mark_clean()  # the user select now holds the rule's user

    def action_save(self) -> None:
        for label in self.query(".error"):
            label.update("")
            label.remove_class("-shown")
        user = self.query_one("#user", Select).value
        user_id = None if user in (EVERYONE, Select.NULL) else user
        price = self.query_one("#rate", Input).value
        internal = self.query_one("#internal-rate", Input).value
        fixed = self.query_one("#fixed", Checkbox).value
        ctx, kind, entity_id = self.ctx, self.kind, self.entity.id
        self.app.call_service(
            lambda: forms.save_price(ctx, kind, entity_id, user_id, price, internal, fixed),
            "Price rule saved", on_success=self.dismiss, on_error=self._failed)

    def _failed(self, exc: KimaiError) -> None:
        """Messages next to their fields, and the focus on the first field to fix (or back
        where it was), so typing goes on in the form."""
        general = []
        first = None
        for name, message in exc.lines():
            found = self.query(f"#error-{name}") if name in (
                "user", "rate", "internal-rate") else []
            if found and first is None:
                first = name
            if found:
                found.first(Label).update(Text(inert(message)))
                found.first(Label).add_class("-shown")
            else:
                general.append(message)
        general_label = self.query_one("#general-error", Label)
        general_label.update(Text(inert("  ".join(general))))
        general_label.set_class(bool(general), "-shown")
        if first is not None:
            self.query_one(f"#{first}").focus()
        elif self.focused is None:
            self.query_one("#rate", Input).focus()

