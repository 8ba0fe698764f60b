"""The timesheet: the user's own records of a day, week or month, filtered as they type.

The table is windowed over the database (widgets/record_table.py): only the rows on screen
are fetched, so a month of a busy team or years of history cost the same to show.
"""

from __future__ import annotations

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Label

from kimai_tui import domain
from kimai_tui.data.timesheets import RecordFilter
from kimai_tui.rules import modes
from kimai_tui.rules.durations import format_duration
from kimai_tui.screens.base import ModeScreen
from kimai_tui.screens.binding_state import BindingState
from kimai_tui.screens.pickers import Confirm
from kimai_tui.screens.record_actions import (PERIOD_BINDINGS, PeriodNavigation,
                                              confirm_mark_exported)
from kimai_tui.screens.record_editor import RecordEditor
from kimai_tui.services import access, periods
from kimai_tui.services import timesheets as timesheet_service
from kimai_tui.services.context import Context, zone
from kimai_tui.services.record_view import RecordSource
from kimai_tui.textsafe import inert
from kimai_tui.widgets.active_bar import clock_text
from kimai_tui.widgets.filter_bar import FilterBar
from kimai_tui.widgets.record_table import Column, RecordTable
from kimai_tui.wording import counted, hint_that_fits


def record_columns(ctx: Context, show_times: bool, show_amounts: bool,
                   show_user: bool = False) -> list[Column]:
    columns = [Column("date", "Date", 10)]
    if show_times:
        columns += [Column("begin", "Begin", 5), Column("end", "End", 7)]
    columns.append(Column("duration", "Duration", 8, align="right"))
    if show_user:
        columns.append(Column("user", "User", 9))
    columns += [Column("customer", "Customer", weight=2, optional=True),
                Column("project", "Project", weight=2),
                Column("activity", "Activity", weight=2),
                # In the team review the names matter more than the text at 80 columns.
                Column("description", "Description", weight=3, optional=show_user),
                Column("tags", "Tags", weight=1, optional=True)]
    if show_amounts:
        columns.append(Column("amount", "Amount", 13, align="right"))
    # 🔒 exported (locked), · not billable: the header names the column (issue #15 item 11).
    columns.append(Column("flags", "🔒", 2, optional=True))
    return columns


def record_cells(record: domain.Record, columns: list[Column], now, show_amount) -> list[Text]:
    tz = zone(record.timezone)
    begin = record.begin.astimezone(tz)
    elapsed = int((now - record.begin).total_seconds()) if record.running else record.duration
    # A running row ticks with the active bar (seconds shown), a stopped one shows H:MM.
    duration = clock_text(elapsed) if record.running else format_duration(max(elapsed, 0))
    values = {
        "date": Text(begin.strftime("%Y-%m-%d")),
        "begin": Text(begin.strftime("%H:%M")),
        "end": Text(record.end.astimezone(tz).strftime("%H:%M") if record.end else "running",
                    style="" if record.end else "bold green"),
        "duration": Text(duration,
                         style="" if record.end else "bold green"),
        "user": Text(inert(record.username)),
        "customer": Text(inert(record.customer), style=record.color),
        "project": Text(inert(record.project)),
        "activity": Text(inert(record.activity)),
        "description": Text(inert(record.description.split("\n")[0])),
        "tags": Text(inert(", ".join(record.tags)), style="italic"),
        "amount": Text(f"{record.rate:,.2f} {inert(record.currency)}" if show_amount(record)
                       else ""),
        "flags": Text(("🔒" if record.exported else "") or ("" if record.billable else "·"),
                      style="dim"),
    }
    return [values[c.key] for c in columns]


class TimesheetScreen(PeriodNavigation, ModeScreen):
    # What a mode switch focuses (Textual would take the first focusable widget, the
    # search box, and keys typed right after the switch would land in it).
    AUTO_FOCUS = "#records"
    BINDINGS = [
        Binding("slash", "focus_filter", "Filter", id="timesheet.filter"),
        Binding("plus,n", "new", "New", id="record.new"),
        Binding("e", "edit", "Edit", id="record.edit"),
        Binding("r", "restart", "Restart", id="record.restart"),
        Binding("c", "duplicate", "Duplicate", id="record.duplicate"),
        Binding("delete", "delete", "Delete", id="record.delete"),
        Binding("E", "mark_exported", "Exported", id="record.export"),
        Binding("X", "export", "Export", id="timesheet.export"),
        *PERIOD_BINDINGS,
        Binding("escape", "focus_table", "Table", show=False, id="timesheet.table"),
    ]
    DEFAULT_CSS = """
    TimesheetScreen #period { height: 1; padding: 0 1; background: $panel; }
    """

    def __init__(self, ctx: Context):
        super().__init__(ctx)
        self.period = periods.period_of("week", ctx.now().astimezone(ctx.tz).date())
        mode = modes.normalize_mode(ctx.settings.kimai.timesheet.mode)
        self.show_times = modes.shows_times(mode, False)
        self.show_amounts = access.may_view_rates(ctx, ctx.user.id)
        self.columns = record_columns(ctx, self.show_times, self.show_amounts)
        self.filter = RecordFilter()
        self.source: RecordSource | None = None
        self._binding_state = BindingState("edit", "restart", "duplicate", "delete",
                                           "mark_exported")

    def compose_body(self) -> ComposeResult:
        yield FilterBar(self.ctx, id="filters")
        yield Label("", id="period")
        yield RecordTable(self.columns, self._cells, id="records",
                          empty_text="No records in this period. Press s to start, + to add.")

    def _cells(self, record: domain.Record) -> list[Text]:
        return record_cells(record, self.columns, self.ctx.now(),
                            lambda r: self.show_amounts)

    def on_mount(self) -> None:
        self.query_one(RecordTable).focus()
        self.load(keep_cursor=False)
        self.set_interval(1.0, self._tick_running_rows)

    def _tick_running_rows(self) -> None:
        if self.app.running:
            self.query_one(RecordTable).refresh()

    # -- loading ----------------------------------------------------------------------------

    def load(self, keep_cursor: bool = True) -> None:
        flt = self.query_one(FilterBar).current_filter()
        flt.begin_from, flt.begin_to = self.period.bounds(self.ctx.tz)
        self.filter = flt
        self.source = RecordSource(self.ctx, flt)
        self.query_one(RecordTable).set_source(self.source, keep_cursor=keep_cursor)

    def reload(self) -> None:
        if self.source is not None:
            self.query_one(RecordTable).reload()

    @on(RecordTable.RowsShown)
    def _rows_shown(self) -> None:
        # The totals line after the rows' frame: when it came first, its frame pushed the
        # rows' frame out by Textual's frame pacing (14 ms -> 40-60 ms per period step).
        if self.source is not None:
            self.call_after_refresh(self._load_totals, self.source)

    @work(thread=True, exclusive=True, group="totals")
    def _load_totals(self, source: RecordSource) -> None:
        totals = source.totals()
        self.app.call_from_thread(self._show_period, totals)

    def _show_period(self, totals) -> None:
        if not self.is_attached or not self.query("#period"):
            return  # the screen went away while the totals were loading
        text = Text(self.period.label(), style="bold")
        count = sum(t[0] for t in totals.values())
        seconds = sum(t[1] for t in totals.values())
        text.append(f"   {counted(count, 'record')} · {format_duration(seconds)}")
        if self.show_amounts:
            for currency, (_, _, amount) in sorted(totals.items()):
                text.append(f" · {amount:,.2f} {currency}")
        hint = "   [ ] prev/next · t today · p day/week/month"
        text.append(hint_that_fits(text.cell_len, hint, self.size.width - 2), style="dim")
        self.query_one("#period", Label).update(text)

    @on(FilterBar.NamesLoaded)
    def _names_loaded(self, message: FilterBar.NamesLoaded) -> None:
        table = self.query_one("#records", RecordTable)
        for key, names in message.names.items():
            table.set_names(key, names)
        if not message.names.get("activity"):
            from kimai_tui.screens.first_run import nothing_to_track

            table.empty_text = nothing_to_track(self.ctx)
            table.refresh()

    @on(FilterBar.Changed)
    def _filter_changed(self) -> None:
        self.load(keep_cursor=False)

    # -- navigation -------------------------------------------------------------------------

    def action_focus_filter(self) -> None:
        self.query_one(FilterBar).focus_search()

    def action_focus_table(self) -> None:
        self.query_one(RecordTable).focus()

    # -- row actions ------------------------------------------------------------------------

    @property
    def selected(self) -> domain.Record | None:
        return self.query_one(RecordTable).current

    def check_action(self, action: str, parameters: tuple) -> bool | None:
        record_actions = {"edit", "restart", "duplicate", "delete", "mark_exported"}
        if action in record_actions:
            record = self.selected
            if record is None:
                return False
            if action == "duplicate":  # a copy has times: refused where times are not set
                mode = modes.normalize_mode(self.ctx.settings.kimai.timesheet.mode)
                return modes.may_edit_times(mode, record.user_id == self.ctx.user.id,
                                            self.ctx.can("edit_other_timesheet"))
            if action == "mark_exported":
                return not record.exported and access.may(
                    self.ctx, "edit_export_own_timesheet", "edit_export_other_timesheet",
                    record.user_id)
            return True
        if action == "new":
            mode = modes.normalize_mode(self.ctx.settings.kimai.timesheet.mode)
            return mode != "punch" or self.ctx.can("edit_other_timesheet")
        return super().check_action(action, parameters)

    @on(RecordTable.Highlighted)
    def _highlighted(self) -> None:
        self._binding_state.refresh(self)

    @on(RecordTable.Selected)
    def _selected(self, message: RecordTable.Selected) -> None:
        self._edit(message.row)

    def _show_created(self, record) -> None:
        """The cursor goes to a record just created here (when it is in this view)."""
        if isinstance(record, tuple):  # restart: (the new record, the ones it stopped)
            record = record[0]
        if record is not None and getattr(record, "id", None) is not None:
            self.query_one(RecordTable).show_when_loaded(record.id)

    def action_new(self) -> None:
        if self.check_action("new", ()):
            self.app.push_screen(RecordEditor(self.ctx), self._show_created)

    def action_edit(self) -> None:
        if self.selected is not None:
            self._edit(self.selected)

    def _edit(self, record: domain.Record) -> None:
        self.app.push_screen(RecordEditor(self.ctx, record))

    def action_restart(self) -> None:
        record = self.selected
        if record is not None:
            self.app.call_service(lambda: timesheet_service.restart(self.ctx, record.id),
                                  f"Restarted {record.activity}", on_success=self._show_created)

    def action_duplicate(self) -> None:
        record = self.selected
        if record is not None:
            self.app.call_service(lambda: timesheet_service.duplicate(self.ctx, record.id),
                                  f"Duplicated record #{record.id}",
                                  on_success=self._show_created)

    def action_delete(self) -> None:
        record = self.selected
        if record is None:
            return

        def confirmed(yes: bool | None) -> None:
            if yes:
                self.app.call_service(lambda: timesheet_service.delete(self.ctx, record.id),
                                      f"Deleted record #{record.id}")

        self.app.push_screen(Confirm(
            f"Delete record #{record.id} ({record.activity}, "
            f"{format_duration(record.duration)})? This cannot be undone.", "Delete"),
            confirmed)

    def action_mark_exported(self) -> None:
        confirm_mark_exported(self, self.selected)

    def action_export(self) -> None:
        from kimai_tui.screens.export_dialog import ExportDialog

        self.app.push_screen(ExportDialog(self.ctx, self.filter, all_users=False,
                                          what=self.period.label()))
