"""The team screen: review the records of the users one may see, and the board of who runs what.

Review: a day, week or month of records (the timesheet's keys), narrowed by user, team and the
filter bar; begin, end, duration and user always shown to those who may edit others' records;
totals per user and per customer from GROUP BY queries. Board (b): every visible running
record, oldest first so forgotten timers come on top; f stops one at a typed end time.
"""

from __future__ import annotations

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import ContentSwitcher, Label, Select, Static

from kimai_tui import domain
from kimai_tui.queries import RecordFilter
from kimai_tui.rules import modes
from kimai_tui.rules.display import format_clock, format_hours
from kimai_tui.rules.durations import format_duration
from kimai_tui.screens.base import ModeScreen
from kimai_tui.screens.binding_state import BindingState
from kimai_tui.screens.pickers import Confirm
from kimai_tui.screens.export_dialog import ExportDialog
from kimai_tui.screens.record_actions import (PERIOD_BINDINGS, PeriodNavigation,
                                              confirm_mark_exported)
from kimai_tui.screens.record_editor import RecordEditor
from kimai_tui.screens.stop_forgotten import StopForgotten
from kimai_tui.screens.timesheet import record_cells, record_columns
from kimai_tui.services import access, board, periods
from kimai_tui.services import timesheets as timesheet_service
from kimai_tui.services import teams as team_service
from kimai_tui.services import users as user_service
from kimai_tui.services.capabilities import Capabilities
from kimai_tui.services.context import Context, zone
from kimai_tui.services.record_view import RecordSource
from kimai_tui.services.team_totals import TeamTotals, team_totals
from kimai_tui.services.worker_reads import worker_reads
from kimai_tui.textsafe import inert
from kimai_tui.widgets.filter_bar import FilterBar
from kimai_tui.widgets.record_table import Column, RecordTable
from kimai_tui.rules.money import format_money
from kimai_tui.wording import counted, hint_that_fits

FORGOTTEN_AFTER = 10 * 3600  # a timer running this long is shown as probably forgotten
BOARD_COLUMNS = [Column("user", "User", 14), Column("customer", "Customer", weight=2),
                 Column("project", "Project", weight=2), Column("activity", "Activity", weight=2),
                 Column("since", "Since", 16), Column("elapsed", "Elapsed", 8, align="right"),
                 Column("description", "Description", weight=2, optional=True)]
NOT_PERMITTED = ("Not permitted: the team screen shows other users' records, which needs the "
                 "view_other_timesheet permission (team leads and admins). Your own records "
                 "are on the timesheet.")


class BoardSource:
    """The running records the viewer may see (optionally of some users), oldest first."""

    def __init__(self, ctx: Context, user_ids: list[int] | None):
        self.ctx = ctx
        self.user_ids = None if user_ids is None else set(user_ids)
        self.rows: list[domain.Record] | None = None

    def _load(self) -> list[domain.Record]:
        # A pass over the records (the running ones of everyone one may see): on a worker
        # connection with a small page cache, closed after (services/worker_reads.py).
        with worker_reads(self.ctx.database):
            rows = board.running_records(self.ctx)
        if self.user_ids is not None:
            rows = [r for r in rows if r.user_id in self.user_ids]
        return sorted(rows, key=lambda r: (r.begin, r.id))

    def count(self) -> int:
        self.rows = self._load()
        return len(self.rows)

    def fetch(self, offset: int, limit: int) -> list[domain.Record]:
        rows = self.rows if self.rows is not None else self._load()
        return rows[offset:offset + limit]


def totals_text(totals: TeamTotals, decimal_hours: bool = False) -> Text:
    text = Text()
    for title, lines in (("By user", totals.by_user), ("By customer", totals.by_customer)):
        text.append(f"{title}\n", style="bold")
        if not lines:
            text.append("  nothing\n", style="dim")
        for line in lines:
            text.append("  " + inert(line.name)[:20].ljust(21))
            text.append(format_hours(line.seconds, decimal_hours).rjust(7))
            text.append(f"  {line.count}\n", style="dim")
            for currency, amount in sorted(line.amounts.items()):
                text.append(f"{amount:>20,.2f} {inert(currency)}\n", style="dim")
        text.append("\n")
    return text


class TeamScreen(PeriodNavigation, ModeScreen):
    # What a mode switch focuses (Textual would take the first focusable widget, the
    # search box, and keys typed right after the switch would land in it).
    AUTO_FOCUS = "#records"
    BINDINGS = [
        Binding("b", "toggle_board", "Board/Review", id="team.board"),
        Binding("slash", "focus_filter", "Filter", id="team.filter"),
        Binding("e", "edit", "Edit", id="team.edit"),
        Binding("plus,n", "new", "New", id="team.new"),
        Binding("c", "duplicate", "Duplicate", id="team.duplicate"),
        Binding("delete", "delete", "Delete", id="team.delete"),
        Binding("g", "week_grid", "Week grid", id="team.week_grid"),
        Binding("f", "stop_forgotten", "Stop forgotten", id="team.stop_forgotten"),
        Binding("E", "mark_exported", "Exported", id="team.mark_exported"),
        Binding("X,ctrl+e", "export", "Export", id="team.export"),
        *PERIOD_BINDINGS,
        Binding("escape", "focus_table", "Table", show=False, id="team.table"),
    ]
    DEFAULT_CSS = """
    TeamScreen #scope { height: 1; padding: 0 1; }
    TeamScreen #scope Select { width: 1fr; }
    TeamScreen #period { height: 1; padding: 0 1; background: $panel; }
    TeamScreen #views { height: 1fr; }
    TeamScreen #review, TeamScreen #board { height: 1fr; }
    TeamScreen #totals-panel { width: 40; border-left: solid $panel; padding: 0 1; }
    TeamScreen RecordTable { overflow-x: hidden; }
    TeamScreen #denied { padding: 1 2; color: $error; }
    """

    def __init__(self, ctx: Context):
        super().__init__(ctx)
        self.caps = Capabilities(ctx)
        self.permitted = self.caps.team_records
        self.period = periods.period_of("week", ctx.now().astimezone(ctx.tz).date())
        self.show_times = self.caps.shows_times(others=True)
        self.show_amounts = self.caps.other_rates
        self.columns = record_columns(ctx, self.show_times, self.show_amounts, show_user=True)
        self.filter = RecordFilter()
        self.source: RecordSource | None = None
        self.team_members: dict[int, list[int]] = {}
        self.board_shown = False
        self._board_due: BoardSource | None = None  # the board's rows, read when shown
        self._last_totals: TeamTotals | None = None
        self._binding_state = BindingState("edit", "stop_forgotten", "mark_exported")

    def compose_body(self) -> ComposeResult:
        if not self.permitted:
            yield Static(Text(NOT_PERMITTED), id="denied")
            return
        with Horizontal(id="scope"):
            yield Select([], prompt="every user", id="user", compact=True)
            yield Select([], prompt="every team", id="team", compact=True)
        yield FilterBar(self.ctx, id="filters")
        yield Label("", id="period")
        with ContentSwitcher(initial="review", id="views"):
            with Horizontal(id="review"):
                yield RecordTable(self.columns, self._cells, id="records",
                                  empty_text="No records of your team in this period.")
                with VerticalScroll(id="totals-panel"):
                    yield Static("", id="totals")
            with Vertical(id="board"):
                yield RecordTable(BOARD_COLUMNS, self._board_cells, id="board-table",
                                  empty_text="Nobody is running a timer.")

    def _cells(self, record: domain.Record) -> list[Text]:
        return record_cells(record, self.columns, self.ctx.now(),
                            lambda r: self.caps.rates(r.user_id),
                            self.ctx.user)

    def _board_cells(self, record: domain.Record) -> list[Text]:
        tz = zone(record.timezone)
        begin = record.begin.astimezone(tz)
        elapsed = max(int((self.ctx.now() - record.begin).total_seconds()), 0)
        style = "bold red" if elapsed >= FORGOTTEN_AFTER else "bold green"
        values = {"user": Text(inert(record.username)),
                  "customer": Text(inert(record.customer), style=record.color),
                  "project": Text(inert(record.project)),
                  "activity": Text(inert(record.activity)),
                  "since": Text(begin.strftime("%a %d %b ")
                                + format_clock(begin, self.ctx.user.time_format)),
                  "elapsed": Text(format_duration(elapsed), style=style),
                  "description": Text(inert(record.description.split("\n")[0]))}
        return [values[c.key] for c in BOARD_COLUMNS]

    def on_mount(self) -> None:
        if not self.permitted:
            return
        self.query_one("#records", RecordTable).focus()
        self._load_scope()
        self.load(keep_cursor=False)
        self.set_interval(1.0, self._tick)

    def on_resize(self) -> None:
        if self.permitted:  # narrow terminals: the period line keeps the overall totals
            self.query_one("#totals-panel").display = self.size.width >= 110

    def _tick(self) -> None:
        if self.board_shown:
            self.query_one("#board-table", RecordTable).refresh()
        elif self.app.running or any(r.running for r in self.table.loaded_rows()):
            self.table.refresh()

    @property
    def table(self) -> RecordTable:
        return self.query_one("#board-table" if self.board_shown else "#records", RecordTable)

    # -- loading ----------------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="team-scope")
    def _load_scope(self) -> None:
        people = user_service.listing(self.ctx)
        teams = team_service.listing(self.ctx)
        self.app.call_from_thread(self._scope_loaded, people, teams)

    def _scope_loaded(self, people: list[domain.User], teams: list[dict]) -> None:
        if not self.is_attached or not self.query("#team"):
            return  # closed meanwhile (the app is quitting)
        ids = {u.username: u.id for u in people}
        self.team_members = {t["id"]: [ids[n] for n in t["leads"] + t["members"] if n in ids]
                             for t in teams}
        self.query_one("#user", Select).set_options(
            [(Text(inert(f"{u.alias} ({u.username})" if u.alias else u.username)), u.id)
             for u in people])
        self.query_one("#team", Select).set_options(
            [(Text(inert(t["name"])), t["id"]) for t in teams])

    def _user_scope(self) -> list[int] | None:
        user = self.query_one("#user", Select).value
        team = self.query_one("#team", Select).value
        ids = None if team is Select.NULL else list(self.team_members.get(team, []))
        if user is not Select.NULL:
            ids = [user] if ids is None or user in ids else []
        return ids

    def load(self, keep_cursor: bool = True) -> None:
        flt = self.query_one(FilterBar).current_filter()
        flt.begin_from, flt.begin_to = self.period.bounds(self.ctx.tz)
        flt.user_ids = self._user_scope()
        self.filter = flt
        self.source = RecordSource(self.ctx, flt, all_users=True)
        self.query_one("#records", RecordTable).set_source(self.source, keep_cursor=keep_cursor)
        # The board reads every running record one may see (a pass over the records): only
        # while it is shown; hidden, it is read when `b` shows it (issue 18).
        self._board_due = BoardSource(self.ctx, flt.user_ids)
        if self.board_shown:
            self._show_board(keep_cursor)

    def _show_board(self, keep_cursor: bool = True) -> None:
        due, self._board_due = self._board_due, None
        board = self.query_one("#board-table", RecordTable)
        if due is not None:
            board.set_source(due, keep_cursor=keep_cursor)
        else:
            board.reload()

    def reload(self) -> None:
        columns = record_columns(self.ctx, self.show_times, self.show_amounts, show_user=True)
        if self.permitted and columns != self.columns:  # the user changed their clock
            self.columns = columns
            self.query_one("#records", RecordTable).set_columns(columns)
        if self.permitted and self.source is not None:
            self.query_one("#records", RecordTable).reload()
            if self.board_shown:
                self.query_one("#board-table", RecordTable).reload()
            elif self._board_due is None:  # read again when shown
                self._board_due = BoardSource(self.ctx, self.filter.user_ids)

    @on(RecordTable.RowsShown, "#records")
    def _rows_shown(self) -> None:
        # The totals after the rows' frame, so they never delay it (see TimesheetScreen).
        self.call_after_refresh(self._load_totals, self.filter)

    @work(thread=True, exclusive=True, group="team-totals")
    def _load_totals(self, flt: RecordFilter) -> None:
        with worker_reads(self.ctx.database):
            totals = team_totals(self.ctx, flt, all_users=True)
        self.app.call_from_thread(self._show_totals, totals)

    def _show_totals(self, totals: TeamTotals) -> None:
        if not self.is_attached or not self.query("#totals"):
            return  # closed meanwhile (the app is quitting)
        if self.board_shown:
            text = Text("Board: running timers, oldest first", style="bold")
            text.append("   f stop a forgotten timer · e edit · b back to review", style="dim")
        else:
            text = Text(self.period.label(), style="bold")
            text.append(f"   {counted(totals.count, 'record')} · "
                        f"{format_hours(totals.seconds, self.ctx.user.decimal_hours)}")
            for currency, amount in sorted(totals.amounts().items()):
                text.append(f" · {format_money(amount)} {inert(currency)}")
            text.append(hint_that_fits(
                text.cell_len, "   [ ] prev/next · t today · p day/week/month · b board",
                self.size.width - 2), style="dim")
        self.query_one("#period", Label).update(text)
        self.query_one("#totals", Static).update(totals_text(totals, self.ctx.user.decimal_hours))
        self._last_totals = totals

    @on(FilterBar.NamesLoaded)
    def _names_loaded(self, message: FilterBar.NamesLoaded) -> None:
        for table in self.query(RecordTable):  # the review and the board
            for key, names in message.names.items():
                table.set_names(key, names)

    @on(FilterBar.Changed)
    @on(Select.Changed, "#user, #team")
    def _filter_changed(self, event) -> None:
        event.stop()
        self.load(keep_cursor=False)

    # -- navigation -------------------------------------------------------------------------

    def action_toggle_board(self) -> None:
        self.board_shown = not self.board_shown
        self.query_one(ContentSwitcher).current = "board" if self.board_shown else "review"
        self.table.focus()
        if self.board_shown:
            self._show_board()
        else:
            self.table.reload()
        if self._last_totals is not None:
            self._show_totals(self._last_totals)
        self.refresh_bindings()

    def action_focus_filter(self) -> None:
        self.query_one(FilterBar).focus_search()

    def action_focus_table(self) -> None:
        self.table.focus()

    # -- row actions ------------------------------------------------------------------------

    @property
    def selected(self) -> domain.Record | None:
        return self.table.current if self.permitted else None

    def check_action(self, action: str, parameters: tuple) -> bool | None:
        team_actions = {"toggle_board", "focus_filter", "edit", "stop_forgotten",
                        "mark_exported", "export", "shift", "today", "period", "focus_table",
                        "new", "duplicate", "delete", "week_grid"}
        if action in team_actions and not self.permitted:
            return False
        if action in {"shift", "today", "period", "mark_exported", "export"} and self.board_shown:
            return False
        record = self.selected
        if action == "edit":
            return record is not None
        if action == "new":  # for the user picked in the filter, or the selected row's
            mode = modes.normalize_mode(self.ctx.settings.kimai.timesheet.mode)
            return access.may(self.ctx, "create_own_timesheet", "create_other_timesheet",
                              self._new_for()) and (mode != "punch" or self.ctx.can(
                                  "edit_other_timesheet"))
        if action == "duplicate":
            return record is not None and not self.board_shown and access.may(
                self.ctx, "create_own_timesheet", "create_other_timesheet", record.user_id)
        if action == "delete":
            return record is not None and access.may(
                self.ctx, "delete_own_timesheet", "delete_other_timesheet", record.user_id)
        if action == "stop_forgotten":
            return self.caps.stop(record)
        if action == "mark_exported":
            return self.caps.mark_exported(record)
        return super().check_action(action, parameters)

    @on(RecordTable.Highlighted)
    def _highlighted(self) -> None:
        self._binding_state.refresh(self)

    @on(RecordTable.Selected)
    def _selected(self, message: RecordTable.Selected) -> None:
        self.app.push_screen(RecordEditor(self.ctx, message.row))

    def action_edit(self) -> None:
        if self.selected is not None:
            self.app.push_screen(RecordEditor(self.ctx, self.selected))

    def _new_for(self) -> int:
        """Whose new record: the user chosen in the filter, else the selected row's user."""
        user = self.query_one("#user", Select).value if self.query("#user") else Select.NULL
        if user is not Select.NULL:
            return user
        record = self.selected
        return record.user_id if record is not None else self.ctx.user.id

    def action_week_grid(self) -> None:
        """The week grid of the user chosen in the filter, else of the selected row's user."""
        from kimai_tui.screens.week_grid import WeekGridScreen

        today = self.ctx.now().astimezone(self.ctx.tz).date()
        day = today if self.period.first <= today <= self.period.last else self.period.first
        self.app.push_screen(WeekGridScreen(self.ctx, self._new_for(), day))

    def action_new(self) -> None:
        if self.check_action("new", ()):
            self.app.push_screen(RecordEditor(self.ctx, None, user_id=self._new_for()))

    def action_duplicate(self) -> None:
        record = self.selected
        if record is not None and self.check_action("duplicate", ()):
            self.app.call_service(lambda: timesheet_service.duplicate(self.ctx, record.id),
                                  f"Duplicated record #{record.id} of {record.username}")

    def action_delete(self) -> None:
        record = self.selected
        if record is None or not self.check_action("delete", ()):
            return

        def confirmed(yes: bool | None) -> None:
            if yes:
                self.app.call_service(lambda: timesheet_service.delete(self.ctx, record.id),
                                      f"Deleted record #{record.id} of {record.username}", deletes=True)

        self.app.push_screen(Confirm(
            f"Delete record #{record.id} of {record.username} ({record.activity}, "
            f"{format_duration(record.duration)})? This cannot be undone.", "Delete"),
            confirmed)

    def action_stop_forgotten(self) -> None:
        record = self.selected
        if record is not None and record.running:
            self.app.push_screen(StopForgotten(self.ctx, record))

    def action_mark_exported(self) -> None:
        record = self.selected
        confirm_mark_exported(self, record, f" of {record.username}" if record else "")

    def action_export(self) -> None:
        self.app.push_screen(ExportDialog(self.ctx, self.filter, all_users=True,
                                          what=self.period.label()))
