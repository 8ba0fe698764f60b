"""Detail and edit modal of a customer, project or activity: every field of rules.md §Entities,
statistics and budget usage, a visibility toggle that says what it hides, and the prices.

Ctrl+S saves (in a worker; the services' field errors appear next to their fields and nothing
is written), Escape cancels, Ctrl+R opens the price rules.
"""

from __future__ import annotations

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Button, Checkbox, Label, Select, Static

from kimai_tui.rules.durations import format_duration
from kimai_tui.rules.errors import Conflict, KimaiError, PermissionDenied
from kimai_tui.screens.form_guard import UnsavedGuard
from kimai_tui.screens.prices import PricesScreen, price_summary
from kimai_tui.screens.record_actions import show_form_errors
from kimai_tui.services import catalogue_forms as forms
from kimai_tui.services.catalogue import MULTILINE
from kimai_tui.services.capabilities import Capabilities
from kimai_tui.services.context import Context
from kimai_tui.textsafe import inert
from kimai_tui.widgets.budget_bar import BudgetBars
from kimai_tui.widgets.safe_fields import SafeInput, SafeTextArea
from kimai_tui.rules.money import format_money
from kimai_tui.wording import counted

GLOBAL = -1  # the "global" option of an activity's project Select
# form key -> (error key, label); the order is the form's.
TEXT_LABELS = {
    "number": "Number", "order_number": "Order number", "company": "Company",
    "vat_id": "VAT ID", "contact": "Contact", "email": "E-mail", "phone": "Phone",
    "timezone": "Timezone (Europe/Berlin)", "currency": "Currency (ISO 4217: EUR)",
}
ORDER = {
    "customer": ("name", "number", "comment", "company", "vat_id", "contact", "email", "phone",
                 "address", "timezone", "currency"),
    "project": ("customer", "name", "number", "order_number", "comment", "start_date",
                "end_date", "global_activities"),
    "activity": ("project", "name", "number", "comment"),
}
ERROR_KEY = {"start_date": "start", "end_date": "end"}


def error_key(form_key: str) -> str:
    return ERROR_KEY.get(form_key, forms.field_id(form_key))


class EntityEditor(UnsavedGuard, ModalScreen[object]):
    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="entity.save", priority=True),
        Binding("escape", "cancel", "Cancel", id="entity.cancel"),
        Binding("ctrl+r", "prices", "Prices", id="entity.prices"),
    ]
    DEFAULT_CSS = """
    EntityEditor { align: center middle; }
    EntityEditor > VerticalScroll { width: 90%; max-width: 110; height: 92%;
        border: thick $primary; background: $surface; padding: 0 1; }
    EntityEditor .row { height: auto; }
    EntityEditor .row > .field-label { width: 26; color: $text-muted; }
    EntityEditor .row > Input, EntityEditor .row > Select, EntityEditor .row > TextArea {
        width: 1fr; }
    EntityEditor #swatch { width: 3; }
    EntityEditor .hint { color: $text-muted; margin-top: 1; }
    EntityEditor .section { margin-top: 1; text-style: bold; color: $accent; }
    EntityEditor .error { color: $error; width: 100%; height: auto; display: none;
        padding-left: 26; }
    EntityEditor .error.-shown { display: block; }
    EntityEditor #general-error { padding-left: 0; }
    EntityEditor .effect { color: $text-muted; height: auto; width: 1fr; }
    EntityEditor .effect.-warn { color: $warning; text-style: bold; }
    EntityEditor TextArea { height: 3; }
        EntityEditor Horizontal.flags { height: auto; }
    EntityEditor #stats, EntityEditor #price-summary { height: auto; }
    """

    def __init__(self, ctx: Context, kind: str, entity=None):
        super().__init__()
        self.ctx = ctx
        self.kind = kind
        self.entity = entity
        self.form = forms.initial_form(ctx, kind, entity)
        self.custom = list(ctx.settings.custom_fields.for_kind(kind))
        self.effect = ""
        self.prices_allowed = False
        caps = Capabilities(ctx)
        self.may_save = caps.edit(kind) if entity is not None else caps.create(kind)

    # -- layout -----------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        entity = self.entity
        title = (Text(f"{self.kind.capitalize()} #{entity.id}: ", style="bold")
                 + Text(inert(entity.name), style="bold")) if entity else Text(
            f"New {self.kind}", style="bold")
        with VerticalScroll():
            yield Label(title, id="title")
            if entity is not None:
                yield Label("Statistics", classes="section")
                yield Static(Text("loading…", style="dim"), id="stats")
                yield BudgetBars(id="usage")
            yield Label("Details", classes="section")
            for key in ORDER[self.kind]:
                yield from self._field(key)
            yield from self._field("color")
            with Horizontal(classes="flags"):
                yield Checkbox("Visible", self.form["visible"], id="f-visible", compact=True)
                yield Label("   ")
                yield Checkbox("Billable", self.form["billable"], id="f-billable",
                               compact=True)
            yield Label("", id="visible-effect", classes="effect")
            yield Label("Budgets", classes="section")
            yield from self._field("budget", "Money budget")
            yield from self._field("time_budget", "Time budget (20:00, 7.5)")
            with Horizontal(classes="row"):
                yield Label("Budget type", classes="field-label")
                yield Select([("lifetime (all records)", "lifetime"),
                              ("monthly (each month's records)", "month")],
                             value=self.form["budget_type"], allow_blank=False,
                             id="f-budget-type", compact=True)
            if self.custom:
                yield Label("Custom fields", classes="section")
                for index, custom in enumerate(self.custom):
                    yield from self._custom(index, custom)
                yield Label("", id="error-meta", classes="error")
            if entity is not None:
                yield Label("Prices", classes="section", id="prices-title")
                yield Static(Text("loading…", style="dim"), id="price-summary")
                yield Button("Edit prices (Ctrl+R)", id="prices-button", compact=True)
            yield Label("", id="general-error", classes="error")
            yield Label("Ctrl+S save · Esc cancel" if self.may_save else
                        f"View only: your role may not edit {self.kind}s. Esc closes.",
                        classes="hint", id="keys")

    def _field(self, key: str, label: str | None = None):
        # Text fields open with the stored text made inert and save it unchanged unless edited
        # (widgets/safe_fields.py).
        value = self.form[key]
        widget_id = f"f-{forms.field_id(key)}"
        if key == "name":
            label = "Name"
            widget = SafeInput(value, id=widget_id, max_length=150, compact=True)
        elif key == "customer":
            label, widget = "Customer", Select([], id=widget_id, prompt="choose a customer",
                                               compact=True)
        elif key == "project":
            label = "Project (global: any)"
            widget = Select([("global", GLOBAL)], id=widget_id, allow_blank=False,
                            value=GLOBAL, compact=True)
        elif key in MULTILINE:
            label = key.capitalize()
            widget = SafeTextArea(value, id=widget_id, soft_wrap=True, show_line_numbers=False,
                                  compact=True)
        elif key in ("start_date", "end_date"):
            label = f"{'Start' if key == 'start_date' else 'End'} date (2026-11-02)"
            widget = SafeInput(value, id=widget_id, placeholder="empty = none", compact=True)
        elif key == "global_activities":
            yield Checkbox("Global activities may be used on this project", value,
                           id=widget_id, compact=True)
            return
        elif key == "color":
            label = "Colour (#RRGGBB)"
            widget = SafeInput(value, id=widget_id, max_length=7, compact=True,
                               placeholder="empty = inherited")
        else:
            label = label or TEXT_LABELS.get(key, key)
            widget = SafeInput(value, id=widget_id, compact=True)
        with Horizontal(classes="row"):
            yield Label(label, classes="field-label")
            if key == "color":
                yield Label(self._swatch(widget.value), id="swatch")
            yield widget
        yield Label("", id=f"error-{error_key(key)}", classes="error")

    def _custom(self, index: int, custom):
        value = self.form["meta"].get(custom.name, "")
        label = Text(inert(custom.label or custom.name))
        if custom.type == "checkbox":
            yield Checkbox(label, value == "1", id=f"meta-{index}", compact=True)
        else:
            with Horizontal(classes="row"):
                yield Label(label, classes="field-label")
                yield SafeInput(value, id=f"meta-{index}", compact=True)
        yield Label("", id=f"error-meta-{index}", classes="error")

    @staticmethod
    def _swatch(color: str) -> Text:
        try:
            return Text("■■ ", style=color or forms.DEFAULT_COLOR)
        except Exception:  # an incomplete colour while typing
            return Text("?? ", style="dim")

    def on_mount(self) -> None:
        self._load()
        self._show_effect()
        if not self.may_save:
            for widget in self.query("Input, Select, Checkbox, TextArea"):
                widget.disabled = True
        self.query_one("#f-name", SafeInput).focus()

    # -- loading ----------------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="entity-load")
    def _load(self) -> None:
        ctx, kind, entity = self.ctx, self.kind, self.entity
        parents, stats, effect, prices = [], None, "", None
        current_parent = None
        if entity is not None:
            current_parent = getattr(entity, "customer_id", None) or getattr(
                entity, "project_id", None)
        try:
            parents = forms.parents(ctx, kind, current_parent)
            if entity is not None:
                stats = forms.details(ctx, kind, entity.id)
                effect = forms.hiding_effect(ctx, kind, entity)
                try:
                    prices = forms.price_rows(ctx, kind, entity.id)
                except PermissionDenied:
                    prices = None
        except KimaiError as exc:
            self.app.call_from_thread(self._show_errors, {"general": [exc.message]})
        self.app.call_from_thread(self._loaded, parents, stats, effect, prices)

    def _loaded(self, parents, stats, effect, prices) -> None:
        if self.kind == "project":
            select = self.query_one("#f-customer", Select)
            select.set_options([(Text(inert(label)), value) for label, value in parents])
            if self.form["customer"] is not None:
                select.value = self.form["customer"]
        if self.kind == "activity":
            select = self.query_one("#f-project", Select)
            select.set_options([("global", GLOBAL)] + [(Text(inert(label)), value)
                                                        for label, value in parents])
            select.value = self.form["project"] if self.form["project"] is not None else GLOBAL
        self.effect = effect
        self._show_effect()
        if stats is not None:
            self._show_stats(stats)
        if self.entity is not None:
            self.show_prices(prices)
        self.mark_clean()  # the parent select now holds the stored parent
    def _show_stats(self, stats: dict) -> None:
        text = Text(f"{counted(stats['records'], 'record')} · "
                    f"{format_duration(stats['duration'])} hours")
        if "amount" in stats:  # in each currency of the records (a project's is its customer's)
            amounts = stats.get("amounts") or {}
            if not amounts and self.kind == "customer":
                amounts = {self.entity.currency: stats["amount"]}
            for currency, amount in amounts.items():
                text.append(f" · amount {format_money(amount)} {inert(currency)}")
        self.query_one("#stats", Static).update(text)
        if "budget_type" in stats:  # budget figures only for users with a budget permission
            self.query_one(BudgetBars).show(stats, stats["budget_type"])
        else:
            self.query_one(BudgetBars).display = False

    def show_prices(self, prices) -> None:
        """The price rules (None: this user may not see prices, so the section goes)."""
        self.prices_allowed = prices is not None
        for widget_id in ("#prices-title", "#price-summary", "#prices-button"):
            self.query_one(widget_id).display = self.prices_allowed
        if prices is None:
            return
        if self.may_save:
            self.query_one("#keys", Label).update("Ctrl+S save · Esc cancel · Ctrl+R prices")
        self.query_one("#price-summary", Static).update(price_summary(prices))

    # -- live hints -------------------------------------------------------------------------

    @on(Checkbox.Changed, "#f-visible")
    def _visible_changed(self) -> None:
        self._show_effect()

    def _show_effect(self) -> None:
        label = self.query_one("#visible-effect", Label)
        visible = self.query_one("#f-visible", Checkbox).value
        effect = self.effect or (f"A hidden {self.kind} appears in no picker; nothing new can "
                                 "be started on it.")
        effect = inert(effect)
        if visible:
            label.update(Text(f"Untick Visible to hide it. {effect}"))
            label.remove_class("-warn")
        else:
            label.update(Text(("Saving will hide it. " if self.entity is None or
                               self.entity.visible else "Hidden. ") + effect))
            label.add_class("-warn")

    @on(SafeInput.Changed, "#f-color")
    def _color_changed(self, event: SafeInput.Changed) -> None:
        value = event.value.strip()
        shown = value if len(value) == 7 and value.startswith("#") else ""
        self.query_one("#swatch", Label).update(self._swatch(shown))

    # -- saving -----------------------------------------------------------------------------

    def collect(self) -> dict:
        form = dict(self.form)
        for key, value in form.items():
            if key in ("meta", "customer", "project") or not isinstance(value, (str, bool)):
                continue
            found = self.query(f"#f-{forms.field_id(key)}")
            if not found:
                continue
            widget: Widget = found.first()
            if isinstance(widget, (SafeInput, SafeTextArea)):
                form[key] = widget.value_to_save
            elif isinstance(widget, Checkbox):
                form[key] = widget.value
        form["budget_type"] = self.query_one("#f-budget-type", Select).value
        if self.kind == "project":
            value = self.query_one("#f-customer", Select).value
            form["customer"] = None if value is Select.NULL else value
        if self.kind == "activity":
            value = self.query_one("#f-project", Select).value
            form["project"] = None if value in (GLOBAL, Select.NULL) else value
        meta = {}
        for index, custom in enumerate(self.custom):
            widget = self.query_one(f"#meta-{index}")
            meta[custom.name] = widget.value_to_save if isinstance(widget, SafeInput) \
                else widget.value
        form["meta"] = meta
        return form

    def action_save(self) -> None:
        if not self.may_save:
            self.notify(f"Your role may not edit {self.kind}s.", severity="warning",
                        markup=False)
            return
        self._show_errors({})
        self._save(self.collect(), self.entity.version if self.entity is not None else None)

    def _save(self, form: dict, expected_version: int | None) -> None:
        ctx, kind, entity = self.ctx, self.kind, self.entity
        verb = "Saved" if entity else "Created"

        def failed(exc: KimaiError) -> None:
            if isinstance(exc, Conflict) and exc.current is not None:
                self._conflict(form, exc.current)
            else:
                self._failed(exc)

        self.app.call_service(lambda: forms.save(ctx, kind, form, entity, expected_version),
                              f"{verb} {kind} {form['name'].strip()}",
                              on_success=self.dismiss, on_error=failed)

    def _conflict(self, form: dict, current) -> None:
        """Someone saved this entry after it was opened: reload, overwrite or keep editing."""
        from kimai_tui.screens.conflict import OVERWRITE, RELOAD, ConflictDialog
        from kimai_tui.services.concurrency import changed_fields

        def chosen(choice: str | None) -> None:
            if choice == OVERWRITE:
                self._save(form, current.version)
            elif choice == RELOAD:
                self.dismiss(None)
                self.app.push_screen(EntityEditor(self.ctx, self.kind, current))

        self.app.push_screen(ConflictDialog(self.kind, changed_fields(self.entity, current)),
                             chosen)

    def _failed(self, exc: KimaiError) -> None:
        errors: dict[str, list[str]] = {}
        for name, message in exc.lines():
            errors.setdefault(name or "general", []).append(message)
        self._show_errors(errors)

    def _show_errors(self, errors: dict[str, list[str]]) -> None:
        for label in self.query(".error"):
            label.update("")
            label.remove_class("-shown")
        general = []
        for name, messages in errors.items():
            target = name
            if name.startswith("meta-"):
                index = next((i for i, c in enumerate(self.custom)
                              if f"meta-{c.name}" == name), None)
                target = f"meta-{index}" if index is not None else "meta"
            found = self.query(f"#error-{target}") if target.replace("-", "").isalnum() else []
            if found:
                found.first(Label).update(Text(inert(" ".join(messages))))
                found.first(Label).add_class("-shown")
            else:
                general.extend(m if name == "general" else f"{name}: {m}" for m in messages)
        show_form_errors(self, general, bool(errors))


    # -- prices -----------------------------------------------------------------------------

    @on(Button.Pressed, "#prices-button")
    def _prices_pressed(self) -> None:
        self.action_prices()

    def action_prices(self) -> None:
        if self.entity is None or not self.prices_allowed:
            return
        self.app.push_screen(PricesScreen(self.ctx, self.kind, self.entity),
                             lambda _: self._reload_prices())

    @work(thread=True, exclusive=True, group="entity-prices")
    def _reload_prices(self) -> None:
        try:
            prices = forms.price_rows(self.ctx, self.kind, self.entity.id)
        except KimaiError:
            prices = None
        self.app.call_from_thread(self.show_prices, prices)
