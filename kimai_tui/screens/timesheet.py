"""The timesheet screen: the running records on top, the user's newest records below."""

from __future__ import annotations

from datetime import datetime

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Static

from kimai_tui import domain
from kimai_tui.data.timesheets import RecordFilter
from kimai_tui.rules.durations import format_duration
from kimai_tui.rules.errors import KimaiError
from kimai_tui.services import timesheets as timesheet_service
from kimai_tui.services.context import Context, zone
from kimai_tui.textsafe import inert

PAGE_SIZE = 200


class RecordsLoaded(Message):
    def __init__(self, running: list[domain.Record], recent: list[domain.Record]):
        super().__init__()
        self.running = running
        self.recent = recent


def plain(text: str) -> Text:
    """User-typed text as a Text object: markup and escape sequences stay inert."""
    return Text(inert(text))


class TimesheetScreen(Screen):
    BINDINGS = [
        Binding("x", "stop", "Stop", id="timer.stop"),
        Binding("r", "restart", "Restart", id="record.restart"),
        Binding("f5", "refresh", "Refresh", id="view.refresh"),
        Binding("q", "app.quit", "Quit", id="screen.quit"),
    ]
    DEFAULT_CSS = """
    #active { height: auto; min-height: 1; padding: 0 1; background: $panel; }
    #records { height: 1fr; }
    """

    def __init__(self, ctx: Context):
        super().__init__()
        self.ctx = ctx
        self.running: list[domain.Record] = []
        self.recent: list[domain.Record] = []

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical():
            yield Static(id="active")
            yield DataTable(id="records", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        for label in ("Date", "Begin", "End", "Duration", "Customer", "Project", "Activity",
                      "Description"):
            table.add_column(label, key=label.lower())
        self.reload()
        self.set_interval(1.0, self._tick)
        self.set_interval(max(self.ctx.settings.tui.refresh_seconds, 0.2), self.reload)

    def check_action(self, action: str, parameters: tuple) -> bool | None:
        if action == "stop":
            return bool(self.running)
        if action == "restart":
            return bool(self.recent)
        return True

    @work(thread=True, exclusive=True, group="load")
    def reload(self) -> None:
        ctx = self.ctx
        running = timesheet_service.running(ctx)
        recent = timesheet_service.listing(ctx, RecordFilter(), limit=PAGE_SIZE)
        self.post_message(RecordsLoaded(running, recent))

    @on(RecordsLoaded)
    def _show(self, message: RecordsLoaded) -> None:
        changed = [r.id for r in message.recent] != [r.id for r in self.recent] or any(
            a != b for a, b in zip(message.recent, self.recent))
        self.running = message.running
        self.recent = message.recent
        self._tick()
        self.refresh_bindings()
        if changed:
            self._fill_table()

    def _fill_table(self) -> None:
        table = self.query_one(DataTable)
        cursor = table.cursor_row
        table.clear()
        for record in self.recent:
            tz = zone(record.timezone)
            begin = record.begin.astimezone(tz)
            end = record.end.astimezone(tz).strftime("%H:%M") if record.end else "running"
            duration = format_duration(record.duration) if record.end else "…"
            table.add_row(begin.strftime("%Y-%m-%d"), begin.strftime("%H:%M"), end, duration,
                          plain(record.customer), plain(record.project),
                          plain(record.activity), plain(record.description.split("\n")[0]),
                          key=str(record.id))
        if self.recent:
            table.move_cursor(row=min(cursor, len(self.recent) - 1), animate=False)

    def _tick(self) -> None:
        bar = self.query_one("#active", Static)
        if not self.running:
            bar.update(Text("Nothing is running.", style="dim"))
            return
        now = self.ctx.now()
        text = Text()
        for record in self.running:
            elapsed = max(0, int((now - record.begin).total_seconds()))
            text.append("▶ ", style="bold green")
            text.append(inert(f"{record.customer} / {record.project} / {record.activity}"))
            text.append(f"  {format_duration(elapsed)}:{elapsed % 60:02d}", style="bold")
            text.append(f"  since {_local(record.begin, record.timezone)}", style="dim")
            text.append("\n")
        text.rstrip()
        bar.update(text)

    def _selected(self) -> domain.Record | None:
        table = self.query_one(DataTable)
        if not self.recent or table.cursor_row is None:
            return None
        index = table.cursor_row
        return self.recent[index] if 0 <= index < len(self.recent) else None

    def action_refresh(self) -> None:
        self.reload()

    def action_stop(self) -> None:
        self._call(lambda: timesheet_service.stop(self.ctx, all_running=True), "Stopped")

    def action_restart(self) -> None:
        record = self._selected()
        if record is not None:
            self._call(lambda: timesheet_service.restart(self.ctx, record.id), "Restarted")

    @work(thread=True, group="write")
    def _call(self, fn, done: str) -> None:
        try:
            fn()
        except KimaiError as exc:
            self.app.call_from_thread(self.notify, inert(exc.message), severity="error",
                                  markup=False)
            return
        self.app.call_from_thread(self.notify, done)
        self.app.call_from_thread(self.reload)


def _local(moment: datetime, tz_name: str) -> str:
    return moment.astimezone(zone(tz_name)).strftime("%H:%M")
