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

from kimai_tui.messages import Change
from kimai_tui import domain
from kimai_tui.queries import RecordFilter
from kimai_tui.rules import modes
from kimai_tui.rules.display import TWELVE_HOUR, format_clock, format_hours
from kimai_tui.rules.durations import format_duration
from kimai_tui.screens.base import ModeScreen
from kimai_tui.screens.binding_state import BindingState
from kimai_tui.screens.confirm import Confirm
from kimai_tui.screens.record_actions import (PERIOD_BINDINGS, PeriodNavigation,
                                              confirm_mark_exported)
from kimai_tui.services import pauses, periods
from kimai_tui.services import timesheets as timesheet_service
from kimai_tui.services.capabilities import Capabilities
from kimai_tui.services.context import Context, zone
from kimai_tui.services.record_view import DayHeader, RecentSource, RecordSource
from kimai_tui.textsafe import inert
from kimai_tui.widgets.active_bar import clock_text
from kimai_tui.widgets.filter_bar import FilterBar
from kimai_tui.widgets.record_table import Column, RecordTable
from kimai_tui.rules.money import format_money
from kimai_tui.wording import counted, hint_that_fits


def record_columns(ctx: Context, show_times: bool, show_amounts: bool,
                   show_user: bool = False) -> list[Column]:
    columns = [Column("date", "Date", 10)]
    if show_times:
        wide = ctx.user.time_format == TWELVE_HOUR  # "12:45 PM"
        columns += [Column("begin", "Begin", 8 if wide else 5), Column("end", "End", 8 if wide
                                                                         else 7)]
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


def record_cells(record: domain.Record, columns: list[Column], now, show_amount,
                 viewer: domain.User | None = None) -> list[Text]:
    """The cells of one row; times and durations as VIEWER prefers them (12/24-hour clock,
    decimal hours; rules.md §Markdown and display)."""
    tz = zone(record.timezone)
    begin = record.begin.astimezone(tz)
    # A running row counts as the bar and `status` do: without its break and a pause going on.
    elapsed = pauses.worked(record, now) if record.running else record.duration
    state = "paused" if record.paused_at is not None else "running"
    time_format = viewer.time_format if viewer else "24h"
    decimal = bool(viewer and viewer.decimal_hours)
    values = {
        "date": Text(begin.strftime("%Y-%m-%d")),
        "begin": Text(format_clock(begin, time_format)),
        "end": Text(format_clock(record.end.astimezone(tz), time_format) if record.end
                    else state, style="" if record.end else "bold green"),
        # A running row ticks with the active bar (seconds shown), a stopped one as preferred.
        "duration": Text(clock_text(elapsed) if record.running
                         else format_hours(max(elapsed, 0), decimal),
                         style="" if record.end else "bold green"),
        "user": Text(inert(record.username)),
        "customer": Text(inert(record.customer), style=record.color),
        "project": Text(inert(record.project)),
        "activity": Text(inert(record.activity)),
        "description": Text(inert(record.description.split("\n")[0])),
        "tags": Text(inert(", ".join(record.tags)), style="italic"),
        "amount": Text(format_money(record.rate, inert(record.currency)) if show_amount(record)
                       else ""),
        "flags": Text(("🔒" if record.exported else "") or ("" if record.billable else "·"),
                      style="dim"),
    }
    return [values[c.key] for c in columns]


def day_header_cells(header: DayHeader, columns: list[Column],
                     viewer: domain.User | None = None) -> list[Text]:
    """A day separator of the recent-work view: the day, its records and total."""
    style = "bold underline"
    decimal = bool(viewer and viewer.decimal_hours)
    values = {"date": Text(header.day.strftime("%a %d %b"), style=style),
              "duration": Text(format_hours(header.seconds, decimal), style=style)}
    label = Text(f"{header.records} record{'s' if header.records != 1 else ''}",
                 style="dim")
    cells = [values.get(c.key, Text("")) for c in columns]
    for index, column in enumerate(columns):
        if column.key in ("customer", "project"):
            cells[index] = label
            break
    return cells


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
        Binding("g", "week_grid", "Week grid", id="timesheet.week_grid"),
        Binding("asterisk", "star", "Favourite", id="record.star"),
        *PERIOD_BINDINGS,
        Binding("escape", "focus_table", "Table", show=False, id="timesheet.table"),
    ]
    DEFAULT_CSS = """
    TimesheetScreen #period { height: 1; padding: 0 1; background: $panel; }
    """

    def __init__(self, ctx: Context):
        super().__init__(ctx)
        # Opens on the user's recent work (issue 14 item 11: on a Monday the week is empty);
        # the period keys lead to days, weeks and months.
        today = ctx.now().astimezone(ctx.tz).date()
        self.period = periods.Period(periods.RECENT, today, today)
        self.caps = Capabilities(ctx)
        self.show_times = self.caps.shows_times()
        self.show_amounts = self.caps.rates(ctx.user.id)
        self.columns = record_columns(ctx, self.show_times, self.show_amounts)
        self.filter = RecordFilter()
        self.source: RecordSource | None = None
        self._binding_state = BindingState("edit", "restart", "duplicate", "delete",
                                           "mark_exported")

    def compose_body(self) -> ComposeResult:
        yield FilterBar(self.ctx, id="filters")
        yield Label("", id="period")
        yield RecordTable(self.columns, self._cells, id="records",
                          empty_text="No records in this period. Press s to start, + to add.",
                          format_key=self._format_key)

    def _format_key(self) -> tuple:
        """What the cells depend on besides the record: the viewer's preferences."""
        user = self.ctx.user
        return (user.time_format, user.decimal_hours, user.timezone, self.show_amounts)

    def _cells(self, record) -> list[Text]:
        if isinstance(record, DayHeader):
            return day_header_cells(record, self.columns, self.ctx.user)
        return record_cells(record, self.columns, self.ctx.now(),
                            lambda r: self.show_amounts, self.ctx.user)

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
        if self.period.unit == periods.RECENT:
            self.filter = flt
            self.source = RecentSource(self.ctx, flt)
            # The cursor starts on the newest record, not on its day's header.
            self._to_first_record = not keep_cursor
        else:
            flt.begin_from, flt.begin_to = self.period.bounds(self.ctx.tz)
            self.filter = flt
            self.source = RecordSource(self.ctx, flt)
        self.query_one(RecordTable).set_source(self.source, keep_cursor=keep_cursor)

    # The period keys from the recent-work view: [ last week, ] and t this week, p the day;
    # p from the month comes back to recent work.
    def action_shift(self, steps: int) -> None:
        if self.period.unit != periods.RECENT:
            return super().action_shift(steps)
        today = self.ctx.now().astimezone(self.ctx.tz).date()
        self.period = periods.shift(periods.period_of("week", today), min(steps, 0))
        self.load(keep_cursor=False)

    def action_today(self) -> None:
        if self.period.unit != periods.RECENT:
            return super().action_today()
        today = self.ctx.now().astimezone(self.ctx.tz).date()
        self.period = periods.period_of("week", today)
        self.load(keep_cursor=False)

    def action_period(self) -> None:
        """day -> week -> month -> recent work -> the day looked at before (issue 15 item 5:
        the cycle comes back to the day the person was looking at)."""
        today = self.ctx.now().astimezone(self.ctx.tz).date()
        if self.period.unit == periods.RECENT:
            day = getattr(self, "_before_recent", None) or today
            self._looked_at = day
            self.period = periods.period_of("day", day)
        elif self.period.unit == "month":
            self._before_recent = self.looked_at
            self.period = periods.Period(periods.RECENT, today, today)
        else:
            return super().action_period()
        self.load(keep_cursor=False)

    def shows(self, change: Change) -> bool:
        """The user's own records, and the names of the catalogue they carry."""
        return change.kind in ("all", "catalogue") or (
            change.kind == "records" and self.ctx.user.id in change.user_ids)

    def reads_after_write(self) -> list:
        return super().reads_after_write() + [
            self.query_one(RecordTable).read_after_write(self.shows)]

    def reload(self) -> None:
        columns = record_columns(self.ctx, self.show_times, self.show_amounts)
        if columns != self.columns:  # the user changed their clock (preferences)
            self.columns = columns
            self.query_one(RecordTable).set_columns(columns)
        if self.source is not None:
            self.query_one(RecordTable).reload()

    @on(RecordTable.RowsShown)
    def _rows_shown(self) -> None:
        table = self.query_one(RecordTable)
        if getattr(self, "_to_first_record", False) and table.window_loaded():
            self._to_first_record = False
            if table.cursor_row == 0 and isinstance(table.row_at(0), DayHeader) \
                    and table.row_at(1) is not None:
                table.go_to(1)
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
        text.append(f"   {counted(count, 'record')} · "
                    f"{format_hours(seconds, self.ctx.user.decimal_hours)}")
        if self.show_amounts:
            for currency, (_, _, amount) in sorted(totals.items()):
                text.append(f" · {format_money(amount)} {currency}")
        hint = ("   [ last week · t this week · p day/week/month/recent"
                if self.period.unit == periods.RECENT
                else "   [ ] prev/next · t today · p day/week/month")
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
        current = self.query_one(RecordTable).current
        return current if isinstance(current, domain.Record) else None

    def check_action(self, action: str, parameters: tuple) -> bool | None:
        record_actions = {"edit", "restart", "duplicate", "delete", "mark_exported", "star"}
        if action in record_actions:
            record = self.selected
            if record is None:
                return False
            if action == "duplicate":  # a copy has times: refused where times are not set
                mode = modes.normalize_mode(self.ctx.settings.kimai.timesheet.mode)
                return modes.may_edit_times(mode, record.user_id == self.ctx.user.id,
                                            self.ctx.can("edit_other_timesheet"))
            if action == "mark_exported":
                return self.caps.mark_exported(record)
            return True
        if action == "new":
            return self.caps.new_record
        return super().check_action(action, parameters)

    @on(RecordTable.Highlighted)
    def _highlighted(self) -> None:
        self._binding_state.refresh(self)

    @on(RecordTable.Selected)
    def _selected(self, message: RecordTable.Selected) -> None:
        if isinstance(message.row, domain.Record):
            self._edit(message.row)

    def _show_created(self, record) -> None:
        """The cursor goes to a record just created here (when it is in this view)."""
        if isinstance(record, tuple):  # restart: (the new record, the ones it stopped)
            record = record[0]
        if record is not None and getattr(record, "id", None) is not None:
            self.query_one(RecordTable).show_when_loaded(record.id)

    def action_new(self) -> None:
        if self.check_action("new", ()):
            from kimai_tui.screens.record_editor import RecordEditor

            self.app.push_screen(RecordEditor(self.ctx), self._show_created)

    def action_edit(self) -> None:
        if self.selected is not None:
            self._edit(self.selected)

    def _edit(self, record: domain.Record) -> None:
        from kimai_tui.screens.record_editor import RecordEditor

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
                                      f"Deleted record #{record.id}", deletes=True)

        self.app.push_screen(Confirm(
            f"Delete record #{record.id} ({record.activity}, "
            f"{format_duration(record.duration)})? This cannot be undone.", "Delete"),
            confirmed)

    def action_mark_exported(self) -> None:
        confirm_mark_exported(self, self.selected)

    def action_star(self) -> None:
        """Keep the selected record as a favourite (asks its name; the activity's by
        default): it comes first in the recent list (a) with a digit key."""
        from kimai_tui.screens.pickers import AskText
        from kimai_tui.services import favorites

        record = self.selected
        if record is None:
            return

        def named(name: str | None) -> None:
            if name is None:
                return
            name = name.strip() or record.activity
            self.app.call_service(lambda: favorites.add_from_record(self.ctx, name, record.id),
                                  f"Favourite {name} kept: a, then its digit, starts it")

        self.app.push_screen(AskText(f"Keep record #{record.id} as a favourite, named "
                                     f"(empty: {record.activity}):"), named)

    def action_week_grid(self) -> None:
        """One's own week as Kimai's weekly-hours grid (the week of the period shown)."""
        from kimai_tui.screens.week_grid import WeekGridScreen

        self.app.push_screen(WeekGridScreen(self.ctx, self.ctx.user.id, self._grid_day()))

    def _grid_day(self):
        today = self.ctx.now().astimezone(self.ctx.tz).date()
        period = self.period
        return today if period.first <= today <= period.last else period.first

    def action_export(self) -> None:
        from kimai_tui.screens.export_dialog import ExportDialog

        flt = self.filter
        if self.period.unit == periods.RECENT and isinstance(self.source, RecentSource):
            from copy import copy

            flt = copy(flt)  # the days shown, not the whole history
            days = self.source.days
            if days:
                flt.begin_from = periods.period_of("day", min(days)).bounds(self.ctx.tz)[0]
        self.app.push_screen(ExportDialog(self.ctx, flt, all_users=False,
                                          what=self.period.label()))
