"""The review queue mode (0): what a team lead should look at before billing, for a period
and a team (services/review.py computes it in a worker). Enter opens the record (or a new
record for a day without time); saving a fix reloads the queue, and the line is gone."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import DataTable, Static

from kimai_tui.rules.errors import KimaiError
from kimai_tui.screens.base import ModeScreen
from kimai_tui.screens.record_actions import PERIOD_BINDINGS, PeriodNavigation
from kimai_tui.screens.record_editor import RecordEditor
from kimai_tui.services import access, periods, review, teams, timesheet_reads, users
from kimai_tui.services.context import Context, zone
from kimai_tui.textsafe import inert


class ReviewScreen(PeriodNavigation, ModeScreen):
    BINDINGS = PERIOD_BINDINGS + [
        Binding("m", "next_team", "Team", id="review.team"),
        Binding("e", "open", "Open", id="review.open"),
    ]
    DEFAULT_CSS = """
    ReviewScreen #review-title { padding: 0 1; text-style: bold; height: auto; }
    ReviewScreen #review-table { height: 1fr; }
    ReviewScreen #review-hint { padding: 0 1; height: auto; color: $text-muted; }
    """

    def __init__(self, ctx: Context):
        super().__init__(ctx)
        yesterday = ctx.now().astimezone(ctx.tz).date() - timedelta(days=1)
        # The week of yesterday: on a Monday morning that is last week.
        self.period = periods.period_of("week", yesterday)
        self.team: str | None = None
        self.queue: review.Queue | None = None
        self.asked: tuple | None = None

    def compose_body(self) -> ComposeResult:
        with Vertical():
            yield Static(id="review-title")
            yield DataTable(id="review-table", cursor_type="row", zebra_stripes=True)
            yield Static(Text("enter: open the record (a day without time: a new record) · "
                              "m: team · [ ]: period · p: day/week/month"), id="review-hint")

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns("Day", "User", "What", "Record", "Details")
        self.load()

    def who(self) -> str:
        if self.team is not None:
            return f"team {self.team}"
        return "everyone" if access.is_admin(self.ctx) else "your teams"

    # -- loading ----------------------------------------------------------------------------

    def load(self, keep_cursor: bool = True) -> None:
        self.asked = (self.period, self.team)
        self.query_one("#review-title", Static).update(
            Text(f"{self.period.label()} · {inert(self.who())} · loading…"))
        self._load(self.asked)

    def reload(self) -> None:
        self.load()

    @work(thread=True, exclusive=True, group="review")
    def _load(self, asked: tuple) -> None:
        period, team = asked
        try:
            result = review.queue(self.ctx, period.first, period.last, team)
        except KimaiError as exc:
            self.app.call_from_thread(self._failed, asked, str(exc))
            return
        self.app.call_from_thread(self._show, asked, result)

    def _failed(self, asked: tuple, message: str) -> None:
        if asked == self.asked:
            self.query_one("#review-title", Static).update(Text(message, style="red"))

    def _show(self, asked: tuple, result: review.Queue) -> None:
        if asked != self.asked or not self.is_attached:
            return
        self.queue = result
        table = self.query_one(DataTable)
        row = table.cursor_row
        table.clear()
        for item in result.items:
            table.add_row(f"{item.day:%a %m-%d}", Text(inert(item.username)),
                          Text(item.label, style="bold" if item.kind != "no_time" else ""),
                          f"#{item.record_id}" if item.record_id else "",
                          Text(inert(item.text)))
        if result.items:
            table.move_cursor(row=min(row, len(result.items) - 1), animate=False)
        count = len(result.items)
        summary = (f"{count} to look at" if count else "nothing to look at")
        self.query_one("#review-title", Static).update(Text(
            f"{self.period.label()} · {inert(self.who())} · {summary} · "
            f"{result.users} {'person' if result.users == 1 else 'people'}"))

    # -- actions ----------------------------------------------------------------------------

    def action_next_team(self) -> None:
        """Cycle: all of one's teams, then each team one may see."""
        names = [t["name"] for t in teams.listing(self.ctx)]
        if not names:
            self.notify("You lead no team: the queue covers everyone you may see.",
                        markup=False)
            return
        order = [None, *names]
        self.team = order[(order.index(self.team) + 1) % len(order)] if self.team in order \
            else None
        self.load()

    @on(DataTable.RowSelected)
    def _selected(self) -> None:
        self.action_open()

    def action_open(self) -> None:
        table = self.query_one(DataTable)
        if self.queue is None or not self.queue.items or table.cursor_row < 0:
            return
        item = self.queue.items[min(table.cursor_row, len(self.queue.items) - 1)]
        if item.kind == "approval":  # the member's week, where A approves and R rejects
            from kimai_tui.screens.week_grid import WeekGridScreen

            self.app.push_screen(WeekGridScreen(self.ctx, item.user_id, item.day))
            return
        if item.record_id is not None:
            try:
                record = timesheet_reads.get(self.ctx, item.record_id)
            except KimaiError as exc:
                self.notify(str(exc), severity="error", markup=False)
                return
            self.app.push_screen(RecordEditor(self.ctx, record))
            return
        tz = zone(self._timezone_of(item.user_id))
        begin = datetime.combine(item.day, time(9, 0), tz)
        length = timedelta(seconds=self.ctx.settings.review.target or 3600)
        self.app.push_screen(RecordEditor(self.ctx, None, begin=begin, end=begin + length,
                                          user_id=item.user_id))

    def _timezone_of(self, user_id: int) -> str:
        """The user's zone, so 09:00 is their morning; one's own if theirs may not be read."""
        if user_id == self.ctx.user.id:
            return self.ctx.user.timezone
        try:
            return users.get(self.ctx, user_id).timezone
        except KimaiError:
            return self.ctx.user.timezone
