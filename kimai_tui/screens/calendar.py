"""The calendar: the user's own records as blocks in a week of time slots, or a month of days.

Seed 003: select a time range or pick a day to start a new record (both off in the time-clock
mode, rules.md §Tracking modes). Only the visible days are loaded, in a worker thread, in the
user's time zone; the screen reloads on DataChanged and keeps its cursor.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Label

from kimai_tui.messages import Change
from kimai_tui import domain
from kimai_tui.queries import RecordFilter
from kimai_tui.rules import modes
from kimai_tui.rules.display import format_hours
from kimai_tui.rules.errors import KimaiError
from kimai_tui.screens.base import ModeScreen
from kimai_tui.screens.binding_state import BindingState
from kimai_tui.screens.pickers import ChooseRecord
from kimai_tui.screens.record_editor import RecordEditor
from kimai_tui.services import periods
from kimai_tui.services import timesheets as timesheet_service
from kimai_tui.services.capabilities import Capabilities
from kimai_tui.services.context import Context
from kimai_tui.services.record_times import day_begin
from kimai_tui.services.worker_reads import worker_reads
from kimai_tui.textsafe import inert
from kimai_tui.widgets.calendar_grid import CalendarMoved, WeekGrid
from kimai_tui.widgets.calendar_layout import Piece, day_start, pieces_by_day
from kimai_tui.widgets.calendar_month import MonthGrid, grid_days
from kimai_tui.wording import counted, hint_that_fits

LOAD_LIMIT = 2000
PUNCH_MESSAGE = ("The calendar does not create records in the time-clock (punch) mode: "
                 "press s to start and x to stop.")


class CalendarScreen(ModeScreen):
    # What a mode switch focuses (Textual would take the first focusable widget, the
    # search box, and keys typed right after the switch would land in it).
    AUTO_FOCUS = "#week"
    BINDINGS = [
        Binding("enter", "open", "Open", id="calendar.open"),
        Binding("n", "new", "New here", id="calendar.new"),
        Binding("e", "edit", "Edit", id="record.edit"),
        Binding("v", "toggle_view", "Week/Month", id="calendar.view"),
        Binding("left_square_bracket", "shift(-1)", "Prev", id="period.previous"),
        Binding("right_square_bracket", "shift(1)", "Next", id="period.next"),
        Binding("t", "today", "Today", id="period.today"),
        Binding("escape", "clear_selection", "Unselect", id="calendar.unselect"),
    ]
    DEFAULT_CSS = """
    CalendarScreen #period { height: 1; padding: 0 1; background: $panel; }
    CalendarScreen #month { display: none; }
    CalendarScreen.-month #month { display: block; }
    CalendarScreen.-month #week { display: none; }
    """

    def __init__(self, ctx: Context, slot_minutes: int = 30):
        super().__init__(ctx)
        self.tz = ctx.tz
        self.view = "week"
        self.today = ctx.now().astimezone(self.tz).date()
        self.period = periods.period_of("week", self.today)
        self.slot_minutes = slot_minutes
        self.generation = 0
        self.loaded_days: list[date] = []
        self.selection_enabled = Capabilities(ctx).calendar_selection
        self._binding_state = BindingState("edit", "new", "clear_selection")
        self._cursor_due: date | None = None  # where the cursor goes when records are in

    def compose_body(self) -> ComposeResult:
        yield Label("", id="period")
        user = self.ctx.user
        yield WeekGrid(self.tz, self.slot_minutes, id="week", time_format=user.time_format,
                       decimal_hours=user.decimal_hours)
        yield MonthGrid(self.tz, id="month", time_format=user.time_format,
                        decimal_hours=user.decimal_hours)

    @property
    def week(self) -> WeekGrid:
        return self.query_one(WeekGrid)

    @property
    def month(self) -> MonthGrid:
        return self.query_one(MonthGrid)

    def on_mount(self) -> None:
        now = self.ctx.now().astimezone(self.tz)
        self.week.place_cursor(self.today, self.week.slot_of(now.hour * 60 + now.minute))
        self.month.place_cursor(self.today)
        self.week.focus()
        self.load()

    # -- loading ----------------------------------------------------------------------------

    def visible_days(self) -> list[date]:
        if self.view == "week":
            return self.period.days()
        return grid_days(self.period.first)

    def load(self) -> None:
        self.generation += 1
        days = self.visible_days()
        # A record that began the evening before still shows on the first day.
        begin = day_start(days[0] - timedelta(days=1), self.tz)
        end = day_start(days[-1] + timedelta(days=1), self.tz)
        running = [r for r in self.app.running if r.user_id == self.ctx.user.id]
        self._fetch(self.generation, days, begin, end, running)

    def shows(self, change: Change) -> bool:
        """The user's own records, and the names of the catalogue they carry."""
        return change.kind in ("all", "catalogue") or (
            change.kind == "records" and self.ctx.user.id in change.user_ids)

    def reload(self) -> None:
        self.load()

    @work(thread=True, exclusive=True, group="calendar")
    def _fetch(self, generation: int, days: list[date], begin: datetime, end: datetime,
               running: list[domain.Record]) -> None:
        try:
            with worker_reads(self.ctx.database):
                records = timesheet_service.listing(
                    self.ctx, RecordFilter(begin_from=begin, begin_to=end), limit=LOAD_LIMIT)
        except KimaiError as exc:
            self.app.call_from_thread(self._show_view)
            self.app.call_from_thread(self.notify, inert("; ".join(m for _, m in exc.lines())),
                                      severity="error", markup=False)
            return
        now = self.ctx.now()
        # Records the listing found come first: they are fresher than the app's running list.
        pieces = pieces_by_day(list(records) + running, days, self.tz, now)
        self.app.call_from_thread(self._loaded, generation, days, pieces, now)

    def _loaded(self, generation: int, days: list[date], pieces: dict[date, list[Piece]],
                now: datetime) -> None:
        if generation != self.generation:
            return
        self.loaded_days = days
        self._show_view()
        if self.view == "week":
            self.week.show(days, pieces, now)
        else:
            self.month.show(self.period.first, pieces, now)
        self._show_period(pieces)
        self._binding_state.refresh(self)

    def _show_period(self, pieces) -> None:
        inside = [p for day in self.period.days() for p in pieces.get(day, [])]
        count = len({p.record.id for p in inside})
        text = Text(self.period.label(), style="bold")
        seconds = sum(p.seconds for p in inside)
        text.append(f"   {counted(count, 'record')} · "
                    f"{format_hours(seconds, self.ctx.user.decimal_hours)}")
        hint = "   [ ] prev/next · t today · v week/month"
        if self.view == "week" and self.selection_enabled:
            hint += " · shift+↑↓ select"
        label = self.query_one("#period", Label)
        text.append(hint_that_fits(text.cell_len, hint, self.size.width - 2), style="dim")
        label.update(text)

    # -- navigation -------------------------------------------------------------------------

    @property
    def cursor_day(self) -> date:
        if self._cursor_due is not None:
            return self._cursor_due
        grid = self.month if self.has_class("-month") else self.week  # the grid shown
        return grid.cursor_day or self.today

    def _go(self, day: date) -> None:
        """Move both grids' cursor to `day` and show its period. Into another period the
        cursor moves with the records (`_show_view`): moving it first drew a frame of the old
        records, and Textual's frame pacing then delayed the frame with the new ones."""
        if periods.period_of(self.view, day) == self.period:
            self.week.place_cursor(day)
            self.month.place_cursor(day)
            self._binding_state.refresh(self)
            return
        self._cursor_due = day
        self._show_period_of(day)

    def _show_period_of(self, day: date) -> None:
        period = periods.period_of(self.view, day)
        if period != self.period:
            self.period = period
            self.load()  # its records decide which keys apply: `_loaded` refreshes them
        else:
            self._binding_state.refresh(self)

    @on(CalendarMoved)
    def _moved(self, message: CalendarMoved) -> None:
        # The grid owns its cursor; a message may be stale when keys come in a burst, so read
        # where the cursor is now and never push the message's day back into the grid.
        self._show_period_of(self.cursor_day)

    def action_shift(self, steps: int) -> None:
        day = self.cursor_day
        if self.view == "week":
            self._go(day + timedelta(weeks=steps))
        else:
            first = periods.shift(self.period, steps).first
            last = periods.period_of("month", first).last
            self._go(first.replace(day=min(day.day, last.day)))

    def action_today(self) -> None:
        self.today = self.ctx.now().astimezone(self.tz).date()
        self._go(self.today)

    def action_toggle_view(self) -> None:
        """The other view, shown when its records are in (`_show_view`): switching first
        drew a frame of the empty grid, and Textual's frame pacing then delayed the frame
        with the records by up to 33 ms more."""
        day = self.cursor_day
        self.view = "month" if self.view == "week" else "week"
        self.period = periods.period_of(self.view, day)
        self._cursor_due = day
        self.load()

    def _show_view(self) -> None:
        """Place the cursor that waited for the records, and show the grid of `self.view`
        (after a toggle)."""
        if self._cursor_due is not None:
            self.week.place_cursor(self._cursor_due)
            self.month.place_cursor(self._cursor_due)
            self._cursor_due = None
        if self.has_class("-month") == (self.view == "month"):
            return
        self.set_class(self.view == "month", "-month")
        (self.week if self.view == "week" else self.month).focus()

    def action_clear_selection(self) -> None:
        self.week.clear_selection()
        self._binding_state.refresh(self)

    # -- records ----------------------------------------------------------------------------

    def records_here(self) -> list[domain.Record]:
        if self.view == "week":
            return self.week.records_under_cursor()
        return self.month.records_of(self.month.cursor_day)

    def check_action(self, action: str, parameters: tuple) -> bool | None:
        if action == "edit":
            return bool(self.records_here())
        if action == "new":
            return self.selection_enabled
        if action == "clear_selection":
            return self.view == "week" and self.week.selection is not None
        return super().check_action(action, parameters)

    def action_open(self) -> None:
        if self.view == "week" and self.week.selection is None and self.records_here():
            self.action_edit()
        else:
            self.action_new()

    def action_new(self) -> None:
        if not self.selection_enabled:
            self.notify(PUNCH_MESSAGE, severity="warning", markup=False)
            return
        if self.view == "week":
            times = self.week.range_times()
            if times is None:
                return
            begin, end = times
        else:
            begin = self._day_begin(self.cursor_day)
            end = begin + timedelta(hours=1)

        def closed(result) -> None:
            if result is not None:
                self.week.clear_selection()
                self._binding_state.refresh(self)

        self.app.push_screen(RecordEditor(self.ctx, begin=begin, end=end), closed)

    def _day_begin(self, day: date) -> datetime:
        """A new record on `day` begins where the services say (record_times.day_begin)."""
        return day_begin(self.ctx, day, self.tz)

    def action_edit(self) -> None:
        records = self.records_here()
        if len(records) == 1:
            self.app.push_screen(RecordEditor(self.ctx, records[0]))
        elif records:
            def chosen(record: domain.Record | None) -> None:
                if record is not None:
                    self.app.push_screen(RecordEditor(self.ctx, record))

            self.app.push_screen(ChooseRecord("Edit which record?", records), chosen)
