"""The weekly grid (Kimai's "weekly hours", by keyboard): a person's week as rows of
project / activity / description and a column per day. Type a duration on a day cell (or
Enter to edit it) and Enter saves: that day's record is created or changed through the
services (services/week_grid.py); 0 deletes it (asks). `+` adds a row, `[` `]` move by week.
Opened with `g` from the Timesheet (one's own week) and from Team (a member's week)."""

from __future__ import annotations

from datetime import date, timedelta

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen, Screen
from textual.widgets import DataTable, Footer, Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from kimai_tui.rules.durations import format_duration
from kimai_tui.rules.errors import KimaiError
from kimai_tui.screens.pickers import AskText, Confirm, choice_label
from kimai_tui.services import choices as choice_service
from kimai_tui.services import approvals, week_grid
from kimai_tui.services.choices import Choice
from kimai_tui.services.context import Context
from kimai_tui.textsafe import inert
from kimai_tui.widgets.safe_fields import SafeInput

FIRST_DAY_COLUMN = 1  # column 0 is the row's label


class WeekGridScreen(Screen):
    BINDINGS = [
        Binding("escape", "close", "Back", id="grid.close"),
        Binding("left_square_bracket", "shift(-1)", "Prev week", id="grid.previous"),
        Binding("right_square_bracket", "shift(1)", "Next week", id="grid.next"),
        Binding("plus", "add_row", "Add row", id="grid.add_row"),
        Binding("enter", "edit_cell", "Edit cell", id="grid.edit", show=False),
        Binding("S", "approval('submit')", "Submit week", id="grid.submit"),
        Binding("A", "approval('approve')", "Approve", id="grid.approve"),
        Binding("R", "approval('reject')", "Reject", id="grid.reject"),
        Binding("O", "approval('reopen')", "Reopen", id="grid.reopen"),
    ]
    DEFAULT_CSS = """
    WeekGridScreen #grid-title { padding: 0 1; text-style: bold; height: auto; }
    WeekGridScreen #grid-table { height: 1fr; }
    WeekGridScreen #grid-cell { display: none; }
    WeekGridScreen.-editing #grid-cell { display: block; }
    WeekGridScreen #grid-hint { padding: 0 1; color: $text-muted; height: auto; }
    WeekGridScreen #grid-row { padding: 0 1; height: auto; }
    """

    def __init__(self, ctx: Context, user_id: int, day: date):
        super().__init__()
        self.ctx = ctx
        self.user_id = user_id
        self.day = day
        self.week: week_grid.WeekGrid | None = None
        self.extra_rows: list[tuple[Choice, str]] = []  # rows added with + before any time
        self.rows: list[tuple] = []  # (project_id, activity_id, description) per table row
        self.editing: tuple[int, int] | None = None  # (row, day index) being typed
        self.full_labels: list[str] = []  # customer-less "project / activity · description"
        self.approval: approvals.WeekStatus | None = None
        self._pending: list[tuple] = []  # saves waiting for the one in flight

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(id="grid-title")
            yield DataTable(id="grid-table", cursor_type="cell", zebra_stripes=True)
            yield SafeInput(placeholder="duration: 2:30, 2.5, 2h30m; 0 deletes", id="grid-cell",
                            select_on_focus=False)
            yield Static(id="grid-row")
            yield Static(Text("type a duration on a day and Enter · + row · [ ] week · "
                              "Esc back"), id="grid-hint")
        yield Footer()

    def on_mount(self) -> None:
        self.load()

    # -- loading ----------------------------------------------------------------------------

    def load(self) -> None:
        self.query_one("#grid-title", Static).update(Text("loading…"))
        self._load(self.day)

    @work(thread=True, exclusive=True, group="grid")
    def _load(self, day: date) -> None:
        try:
            week = week_grid.grid(self.ctx, self.user_id, day)
            approval = approvals.status_of(self.ctx, self.user_id, day)
        except KimaiError as exc:
            self.app.call_from_thread(self._failed, str(exc))
            return
        self.app.call_from_thread(self._show, day, week, approval)

    def _failed(self, message: str) -> None:
        self.query_one("#grid-title", Static).update(Text(message, style="red"))

    def _show(self, day: date, week: week_grid.WeekGrid,
              approval: approvals.WeekStatus | None = None) -> None:
        if day != self.day or not self.is_attached:
            return
        self.week = week
        if approval is not None:
            self.approval = approval
        table = self.query_one(DataTable)
        cursor = table.cursor_coordinate
        table.clear(columns=True)
        # Days, total and the label share the width; amount and budget follow to the right.
        # Each column takes its width plus 2 cells of padding. The label gets what the days,
        # the total, the amount and the budget leave (at 80 columns the last two scroll).
        days_and_total = 7 * 7 + 9 + 2
        extras = (16 if week.with_amounts else 0) + 16
        label_width = self.size.width - days_and_total - extras
        if label_width < 16:
            label_width = max(16, self.size.width - days_and_total)
        table.add_column("Description / activity", width=min(label_width, 50))
        for d in week.days:
            table.add_column(f"{d:%a}"[:2] + f"{d:%d}", width=5)
        table.add_column("Total", width=7)
        if week.with_amounts:
            table.add_column("Amount", width=14)
        table.add_column("Budget", width=14)
        self.rows = []
        self.full_labels: list[str] = []
        known = set()
        for row in week.rows:
            self._add(table, row.key, f"{row.project} / {row.activity}", row.description,
                      [c[0] for c in row.cells], row.running, row.seconds,
                      f"{row.amount:,.2f} {row.currency}" if week.with_amounts else None,
                      row.budget_left)
            known.add(row.key)
        for choice, description in self.extra_rows:
            key = (choice.project_id, choice.activity_id, description)
            if key not in known:
                self._add(table, key, f"{choice.project} / {choice.activity}", description,
                          [0] * 7, set(), 0, "" if week.with_amounts else None, None)
        totals = week.day_totals()
        table.add_row(Text("Total", style="bold"),
                      *[Text(format_duration(s) if s else "", style="bold") for s in totals],
                      Text(format_duration(week.seconds), style="bold"),
                      *([""] if week.with_amounts else []), "")
        owner = week.user.display_name if hasattr(week.user, "display_name") else ""
        state = approvals.describe(self.approval) if self.approval is not None else ""
        self.query_one("#grid-title", Static).update(Text(
            f"{inert(owner)} · week of {week.days[0]:%a %d %b} – {week.days[-1]:%a %d %b %Y} · "
            f"{format_duration(week.seconds)} · {state}"))
        self.refresh_bindings()
        table.move_cursor(row=min(cursor.row, table.row_count - 1),
                          column=max(cursor.column, FIRST_DAY_COLUMN), animate=False)
        table.focus()

    def _add(self, table, key, what, description, seconds, running, total, amount, left):
        # The description tells the rows of one activity apart; the whole row is shown
        # under the table for the row under the cursor.
        label = Text(inert(description or what.split(" / ", 1)[-1]))
        self.full_labels.append(what + (f" · {description}" if description else ""))
        cells = [Text(format_duration(s) if s else "·", style="yellow" if i in running else "")
                 for i, s in enumerate(seconds)]
        table.add_row(label, *cells, format_duration(total),
                      *([amount] if amount is not None else []), Text(inert(left or "")))
        self.rows.append(key)

    # -- editing ----------------------------------------------------------------------------

    def _cell(self) -> tuple[int, int] | None:
        """(row, day index) under the cursor, or None off the day columns or on the totals."""
        coordinate = self.query_one(DataTable).cursor_coordinate
        index = coordinate.column - FIRST_DAY_COLUMN
        if coordinate.row >= len(self.rows) or not 0 <= index < 7:
            return None
        return coordinate.row, index

    def action_edit_cell(self, first: str = "") -> None:
        """Type into the cell under the cursor: FIRST (a digit typed on the cell) starts the
        text; Enter opens the cell's time selected, so typing replaces it."""
        cell = self._cell()
        if cell is None or self.week is None or self.editing is not None:
            return
        self.editing = cell
        field = self.query_one("#grid-cell", Input)
        row = next((r for r in self.week.rows if r.key == self.rows[cell[0]]), None)
        current = row.cells[cell[1]][0] if row is not None else 0
        field.value = first or (format_duration(current) if current else "")
        self.add_class("-editing")
        # Once the field is shown (a hidden widget takes no focus); keys typed before that
        # reach it through on_key.
        self.call_after_refresh(self.screen.set_focus, field)
        field.cursor_position = len(field.value)
        if not first:
            field.select_all()

    @on(DataTable.CellHighlighted)
    def _highlighted(self, event: DataTable.CellHighlighted) -> None:
        """The whole row's project / activity / description under the table (the label
        column is cut at 80 columns)."""
        row = event.coordinate.row
        text = self.full_labels[row] if row < len(self.full_labels) else ""
        self.query_one("#grid-row", Static).update(Text(inert(text)))

    @on(DataTable.CellSelected)
    def _cell_selected(self, event: DataTable.CellSelected) -> None:
        event.stop()
        self.action_edit_cell()

    def on_key(self, event) -> None:
        """A digit typed on a day cell starts editing it with that digit. Until the field
        is shown and takes the focus, keys typed meanwhile still go into it (a key typed
        quickly is never lost)."""
        if not self.query_one(DataTable).has_focus:
            return
        char = event.character
        if self.editing is None:
            if char and char in "0123456789.:" and self._cell() is not None:
                event.stop()
                self.action_edit_cell(char)
            return
        field = self.query_one("#grid-cell", Input)
        if event.key == "enter":
            event.stop()
            self._submit(field.value)
        elif event.key == "escape":
            event.stop()
            self._stop_editing()
        elif char and event.is_printable:
            event.stop()
            field.insert_text_at_cursor(char)

    @on(Input.Submitted, "#grid-cell")
    def _typed(self, event: Input.Submitted) -> None:
        event.stop()
        self._submit(event.value)

    def _submit(self, value: str) -> None:
        """Save the typed duration into the cell being edited (a worker; 0 asks first)."""
        cell, text = self.editing, value.strip()
        if cell is None or self.week is None:
            return
        try:
            seconds = week_grid.parse_cell(text)
        except KimaiError as exc:
            self.notify(str(exc), severity="error", markup=False)
            return
        project_id, activity_id, description = self.rows[cell[0]]
        day = self.week.days[cell[1]]
        self._stop_editing()

        def save() -> None:
            self._queue(lambda: week_grid.set_cell(self.ctx, self.user_id, project_id,
                                                   activity_id, description, day, seconds),
                        f"{day:%a %d}: {format_duration(seconds)}")

        row = next((r for r in self.week.rows if r.key == self.rows[cell[0]]), None)
        had = row.cells[cell[1]][0] if row is not None else 0
        if seconds == 0 and had:
            self.app.push_screen(Confirm(f"Delete the record of {day:%a %d %b} "
                                         f"({format_duration(had)})?", "Delete"),
                                 lambda yes: save() if yes else None)
        else:
            save()

    def _queue(self, call, done: str) -> None:
        """Saves run one after the other: cells typed quickly in a row each see the record
        the one before wrote (two saves at once would both create a record)."""
        self._pending.append((call, done))
        if len(self._pending) == 1:
            self._next_save()

    def _next_save(self) -> None:
        if not self._pending:
            return
        call, done = self._pending[0]

        def finished(_result=None) -> None:
            self._pending.pop(0)
            if self._pending:
                self._next_save()
            else:
                self.load()

        self.app.call_service(call, done, on_success=finished, on_error=finished)

    def _stop_editing(self) -> None:
        self.editing = None
        self.remove_class("-editing")
        self.screen.set_focus(self.query_one(DataTable))  # at once: arrows typed next move

    def action_close(self) -> None:
        if self.editing is not None:  # Esc in the cell: leave it as it was
            self._stop_editing()
            return
        self.dismiss()

    def action_shift(self, weeks: int) -> None:
        self.day += timedelta(days=7 * weeks)
        self.extra_rows = []
        self.load()

    def action_add_row(self) -> None:
        def chosen(result: tuple[Choice, str] | None) -> None:
            if result is not None:
                self.extra_rows.append(result)
                if self.week is not None:
                    self._show(self.day, self.week)
                    table = self.query_one(DataTable)
                    table.move_cursor(row=len(self.rows) - 1, column=FIRST_DAY_COLUMN)

        self.app.push_screen(RowPicker(self.ctx), chosen)

    # -- week approval ----------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple) -> bool | None:
        """Offer what fits the week's state and whose week it is; the service decides."""
        if action != "approval":
            return True
        state = self.approval.status if self.approval is not None else None
        own = self.user_id == self.ctx.user.id
        return {"submit": own and state in (approvals.NOT_SUBMITTED, approvals.REJECTED,
                                            approvals.REOPENED),
                "approve": not own and state == approvals.SUBMITTED
                and self.ctx.can("edit_other_timesheet"),
                "reject": not own and state == approvals.SUBMITTED
                and self.ctx.can("edit_other_timesheet"),
                "reopen": state in (approvals.SUBMITTED, approvals.APPROVED)
                and self.ctx.can("edit_exported_timesheet")}.get(parameters[0], False)

    def action_approval(self, step: str) -> None:
        day, user_id = self.day, self.user_id

        def run(comment: str | None) -> None:
            if comment is None:
                return
            call = {"submit": lambda: approvals.submit(self.ctx, day, comment),
                    "approve": lambda: approvals.approve(self.ctx, user_id, day, comment),
                    "reject": lambda: approvals.reject(self.ctx, user_id, day, comment),
                    "reopen": lambda: approvals.reopen(self.ctx, user_id, day, comment)}[step]
            self.app.call_service(call, f"Week {step}: done", on_success=lambda _: self.load())

        prompt = {"submit": "Submit this week for approval? A comment (optional):",
                  "approve": "Approve this week? A comment (optional):",
                  "reject": "Reject this week: say why (required):",
                  "reopen": "Reopen this week? A comment (optional):"}[step]
        self.app.push_screen(AskText(prompt), run)

    def on_data_changed(self) -> None:  # another session wrote: the app posts DataChanged
        self.load()


class RowPicker(ModalScreen[tuple[Choice, str] | None]):
    """Choose customer / project / activity (type to filter) and a description for a new
    row of the weekly grid."""

    BINDINGS = [Binding("escape", "dismiss(None)", "Cancel", id="grid_row.cancel"),
                Binding("down", "move(1)", "Down", show=False),
                Binding("up", "move(-1)", "Up", show=False)]
    DEFAULT_CSS = """
    RowPicker { align: center middle; }
    RowPicker > Vertical { width: 90%; max-width: 110; height: 80%; border: thick $primary;
                           background: $surface; padding: 0 1; }
    RowPicker OptionList { height: 1fr; }
    """

    def __init__(self, ctx: Context):
        super().__init__()
        self.ctx = ctx
        self.choices: list[Choice] = []
        self.shown: list[Choice] = []

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(Text("Add a row to the week", style="bold"))
            yield SafeInput(placeholder="customer / project / activity (fuzzy)", id="row-query")
            choices = OptionList(id="row-choices")
            choices.can_focus = False  # Tab goes query -> description; ↑↓ move the choice
            yield choices
            yield SafeInput(placeholder="description (optional)", id="row-description")
            yield Label("↑↓ choose · Tab description · Enter add · Esc cancel")

    def on_mount(self) -> None:
        self.query_one("#row-query", Input).focus()
        self._load()

    @work(thread=True)
    def _load(self) -> None:
        found = choice_service.start_choices(self.ctx)
        self.app.call_from_thread(self._loaded, found)

    def _loaded(self, found: list[Choice]) -> None:
        self.choices = found
        self._filter(self.query_one("#row-query", Input).value)

    @on(Input.Changed, "#row-query")
    def _changed(self, event: Input.Changed) -> None:
        self._filter(event.value)

    def _filter(self, text: str) -> None:
        self.shown = choice_service.rank(text, self.choices)
        options = self.query_one(OptionList)
        options.clear_options()
        options.add_options([Option(choice_label(c)) for c in self.shown])
        if self.shown:
            options.highlighted = 0

    def action_move(self, step: int) -> None:
        options = self.query_one(OptionList)
        if self.shown:
            options.highlighted = max(0, min(len(self.shown) - 1,
                                             (options.highlighted or 0) + step))

    @on(Input.Submitted)
    def _submitted(self) -> None:
        index = self.query_one(OptionList).highlighted
        if self.shown and index is not None:
            description = self.query_one("#row-description", Input).value.strip()
            self.dismiss((self.shown[index], description))

    @on(OptionList.OptionSelected)
    def _selected(self) -> None:
        self._submitted()

