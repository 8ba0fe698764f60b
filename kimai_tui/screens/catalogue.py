"""Customers, projects and activities: one listing screen parameterised by kind.

The table follows the search box as the user types (debounced; the full search syntax of
rules.md §Search), a key cycles the visible / hidden / both filter, Enter opens the detail and
edit modal, "+" creates, Delete starts the delete flow. Users who may not list get a message.
"""

from __future__ import annotations

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.timer import Timer
from textual.widgets import DataTable, Input, Label

from kimai_tui.rules.errors import KimaiError, PermissionDenied
from kimai_tui.screens.base import ModeScreen
from kimai_tui.services import catalogue
from kimai_tui.services import catalogue_forms as forms
from kimai_tui.services.capabilities import Capabilities
from kimai_tui.services.context import Context
from kimai_tui.textsafe import inert
from kimai_tui.widgets.budget_bar import usage_text
from kimai_tui.widgets.safe_fields import SafeInput
from kimai_tui.wording import counted

VISIBILITY = ("yes", "no", "both")
VISIBILITY_LABEL = {"yes": "visible", "no": "hidden", "both": "visible and hidden"}
TITLES = {"customer": "Customers", "project": "Projects", "activity": "Activities"}
DEBOUNCE = 0.25


def entity_cells(kind: str, row: forms.Row, show_budgets: bool) -> list[Text]:
    entity = row.entity
    cells = [Text("■", style=row.color), Text(inert(entity.name)),
             Text(inert(entity.number))]
    if kind == "customer":
        cells.append(Text(inert(entity.currency)))
    else:
        cells.append(Text(inert(row.parent), style="italic" if row.parent == "global" and
                          kind == "activity" and entity.project_id is None else ""))
    cells += [Text("yes" if entity.visible else "no", style="" if entity.visible else "dim"),
              Text("yes" if entity.billable else "no")]
    if show_budgets:
        cells.append(usage_text(row.usage, entity.budgets.budget_type))
    return cells


class CatalogueScreen(ModeScreen):
    # What a mode switch focuses (Textual would take the first focusable widget, the
    # search box, and keys typed right after the switch would land in it).
    AUTO_FOCUS = "#entities"
    BINDINGS = [
        Binding("slash", "focus_search", "Search", id="catalogue.search"),
        Binding("v", "cycle_visible", "Visible", id="catalogue.visible"),
        Binding("plus,n", "new", "New", id="catalogue.new"),
        Binding("e", "edit", "Edit", id="catalogue.edit"),
        Binding("delete", "delete", "Delete", id="catalogue.delete"),
        Binding("escape", "focus_table", "Table", show=False, id="catalogue.table"),
    ]
    DEFAULT_CSS = """
    CatalogueScreen #toolbar { height: 1; padding: 0 1; background: $panel; }
    CatalogueScreen #search { width: 1fr; height: 1; border: none; padding: 0 1; }
    CatalogueScreen #visibility { width: auto; padding: 0 1; }
    CatalogueScreen #summary { height: 1; padding: 0 1; color: $text-muted; }
    CatalogueScreen #denied { padding: 1 2; color: $warning; height: auto; }
    CatalogueScreen #denied.-hidden, CatalogueScreen DataTable.-hidden { display: none; }
    CatalogueScreen DataTable { height: 1fr; }
    """

    def __init__(self, ctx: Context, kind: str):
        super().__init__(ctx)
        if kind not in catalogue.KINDS:
            raise ValueError(kind)
        self.kind = kind
        self.visible_filter = "yes"
        self.search_text = ""
        self.rows: list[forms.Row] = []
        self.show_budgets = catalogue.may_see_budgets(ctx, kind)
        caps = Capabilities(ctx)
        self.may_create = caps.create(kind)
        self.may_edit = caps.edit(kind)
        self.may_delete = caps.delete(kind)
        self._debounce: Timer | None = None

    def compose_body(self) -> ComposeResult:
        with Horizontal(id="toolbar"):
            yield Label(Text(TITLES[self.kind], style="bold"))
            yield SafeInput(placeholder="search: words, !exclude, field:value (press /)",
                            id="search")
            yield Label("", id="visibility")
        yield Label("", id="summary")
        yield Label("", id="denied", classes="-hidden")
        table = DataTable(id="entities", cursor_type="row", zebra_stripes=True)
        parent = {"customer": "Currency", "project": "Customer", "activity": "Project"}
        table.add_column("", key="color", width=1)
        table.add_column("Name", key="name")
        table.add_column("Number", key="number")
        table.add_column(parent[self.kind], key="parent")
        table.add_column("Visible", key="visible")
        table.add_column("Billable", key="billable")
        if self.show_budgets:
            table.add_column("Budget (used of total)", key="budget")
        yield table

    def on_mount(self) -> None:
        self.title = TITLES[self.kind]
        self._show_visibility()
        self.query_one(DataTable).focus()
        self.load()

    # -- loading ----------------------------------------------------------------------------

    def load(self) -> None:
        self._load(self.visible_filter, self.search_text)

    def reload(self) -> None:
        self.load()

    @work(thread=True, exclusive=True, group="catalogue-load")
    def _load(self, visible: str, search_text: str) -> None:
        try:
            found = forms.rows(self.ctx, self.kind, visible, search_text)
        except PermissionDenied:
            self.app.call_from_thread(self._denied)
            return
        except KimaiError as exc:
            self.app.call_from_thread(self.notify, inert(exc.message), severity="error",
                                      markup=False)
            return
        self.app.call_from_thread(self._loaded, found)

    def _denied(self) -> None:
        self.query_one("#denied", Label).update(Text(
            f"Your role may not list {self.kind} entries. Customers and projects are managed "
            "by administrators (team leads see their teams' entries); ask an administrator "
            "if you need access."))
        self.query_one("#denied").remove_class("-hidden")
        self.query_one(DataTable).add_class("-hidden")
        self.rows = []
        self.refresh_bindings()

    def _loaded(self, found: list[forms.Row]) -> None:
        table = self.query_one(DataTable)
        current = self.selected
        self.rows = found
        table.clear()
        for row in found:
            table.add_row(*entity_cells(self.kind, row, self.show_budgets),
                          key=str(row.entity.id))
        if current is not None:
            index = next((i for i, r in enumerate(found) if r.entity.id == current.id), None)
            if index is not None:
                table.move_cursor(row=index, animate=False)
        summary = (f"{counted(len(found), self.kind)} "
                   f"({VISIBILITY_LABEL[self.visible_filter]})")
        if not found:
            summary += " — none match." + (" Press + to add one." if self.may_create else "")
        self.query_one("#summary", Label).update(Text(summary))
        self.refresh_bindings()

    def _show_visibility(self) -> None:
        self.query_one("#visibility", Label).update(Text(
            f"v: showing {VISIBILITY_LABEL[self.visible_filter]}"))

    # -- search and filter ------------------------------------------------------------------

    @on(Input.Changed, "#search")
    def _search_changed(self, event: Input.Changed) -> None:
        self.search_text = event.value
        if self._debounce is not None:
            self._debounce.stop()
        self._debounce = self.set_timer(DEBOUNCE, self.load)

    @on(Input.Submitted, "#search")
    def _search_submitted(self) -> None:
        self.query_one(DataTable).focus()

    def action_focus_search(self) -> None:
        self.query_one("#search", Input).focus()

    def action_focus_table(self) -> None:
        self.query_one(DataTable).focus()

    def action_cycle_visible(self) -> None:
        index = VISIBILITY.index(self.visible_filter)
        self.visible_filter = VISIBILITY[(index + 1) % len(VISIBILITY)]
        self._show_visibility()
        self.load()

    # -- rows -------------------------------------------------------------------------------

    @property
    def selected(self):
        table = self.query_one(DataTable)
        if not self.rows or table.cursor_row is None or table.cursor_row >= len(self.rows):
            return None
        return self.rows[table.cursor_row].entity

    def check_action(self, action: str, parameters: tuple) -> bool | None:
        if action == "edit":
            return self.selected is not None
        if action == "delete":
            return self.may_delete and self.selected is not None
        if action == "new":
            return self.may_create
        return super().check_action(action, parameters)

    @on(DataTable.RowHighlighted)
    def _highlighted(self) -> None:
        self.refresh_bindings()

    @on(DataTable.RowSelected)
    def _selected(self) -> None:
        self.action_edit()

    def action_edit(self) -> None:
        from kimai_tui.screens.entity_editor import EntityEditor

        entity = self.selected
        if entity is not None:
            self.app.push_screen(EntityEditor(self.ctx, self.kind, entity))

    def action_new(self) -> None:
        from kimai_tui.screens.entity_editor import EntityEditor

        if self.may_create:
            self.app.push_screen(EntityEditor(self.ctx, self.kind))

    def action_delete(self) -> None:
        from kimai_tui.screens.entity_delete import EntityDelete

        entity = self.selected
        if entity is not None and self.may_delete:
            self.app.push_screen(EntityDelete(self.ctx, self.kind, entity))
