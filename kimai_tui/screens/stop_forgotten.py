"""Stop someone's forgotten timer (modal): ask for the end time, show their last activity.

The end is typed in the record's own time zone: `17:30` (the record's day, or the next day for
a night shift), `2026-11-04 17:30`, `now` or `-20m`. Ctrl+S or Enter stops, Escape cancels.
"""

from __future__ import annotations

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label

from kimai_tui import domain
from kimai_tui.rules.durations import format_duration
from kimai_tui.rules.errors import KimaiError, ValidationError
from kimai_tui.services import board, inputs
from kimai_tui.services import timesheets as timesheet_service
from kimai_tui.services.context import Context, zone
from kimai_tui.textsafe import inert
from kimai_tui.widgets.safe_fields import SafeInput


def record_line(record: domain.Record) -> Text:
    text = Text()
    text.append(inert(record.customer), style="dim")
    text.append(" / ")
    text.append(inert(record.project))
    text.append(" / ")
    text.append(inert(record.activity), style="bold")
    return text


class StopForgotten(ModalScreen[domain.Record | None]):
    """Dismissed with the stopped record, or None when cancelled."""

    BINDINGS = [
        Binding("ctrl+s", "stop", "Stop", id="forgotten.stop", priority=True),
        Binding("escape", "cancel", "Cancel", id="forgotten.cancel"),
    ]
    DEFAULT_CSS = """
    StopForgotten { align: center middle; }
    StopForgotten > Vertical { width: 90%; max-width: 90; height: auto; border: thick $warning;
        background: $surface; padding: 0 1; }
    StopForgotten .field-label { margin-top: 1; color: $text-muted; }
    StopForgotten #error-end { color: $error; }
    StopForgotten Label { width: 1fr; }
    StopForgotten #last { color: $text-muted; }
    """

    def __init__(self, ctx: Context, record: domain.Record, found=None):
        """FOUND (services/forgotten.Forgotten): one's own forgotten timer, with why and the
        ends to propose; the likeliest fills the field, so Enter accepts it."""
        super().__init__()
        self.ctx = ctx
        self.record = record
        self.tz = zone(record.timezone)
        self.found = found

    def compose(self) -> ComposeResult:
        record = self.record
        begin = record.begin.astimezone(self.tz)
        with Vertical():
            if record.user_id == self.ctx.user.id:
                title = Text("Your timer looks forgotten" if self.found else
                             "Stop your running record", style="bold")
            else:
                title = Text("Stop the running record of ", style="bold")
                title.append(inert(record.username), style="bold")
            yield Label(title)
            if self.found is not None:
                yield Label(Text(inert("; ".join(self.found.reasons)), style="yellow"))
                for label, moment in self.found.proposals:
                    yield Label(Text(inert(f"· {label}: "
                                           f"{moment.astimezone(self.tz):%Y-%m-%d %H:%M}"),
                                     style="dim"))
            yield Label(record_line(record))
            zone_name = inert(record.timezone)
            yield Label(Text(f"running since {begin:%Y-%m-%d %H:%M} ({zone_name}), "
                             f"{format_duration(self._elapsed())} ago"))
            yield Label("Last activity: looking…", id="last", classes="field-label")
            yield Label(Text(f"End ({zone_name}: 17:30, 2026-11-04 17:30, now, -20m)"),
                        classes="field-label")
            proposed = (self.found.proposals[0][1] if self.found and self.found.proposals
                        else self.ctx.now())
            yield SafeInput(proposed.astimezone(self.tz).strftime("%Y-%m-%d %H:%M"), id="end")
            yield Label("", id="error-end")
            yield Label("", id="preview")
            yield Label("Ctrl+S or Enter stop · Esc keeps it running", classes="field-label")

    def _elapsed(self) -> int:
        return max(int((self.ctx.now() - self.record.begin).total_seconds()), 0)

    def on_mount(self) -> None:
        self.query_one("#end", Input).focus()
        self._update_preview()
        self._load_last()

    @work(thread=True, exclusive=True)
    def _load_last(self) -> None:
        last = board.last_activity(self.ctx, self.record.user_id)
        self.app.call_from_thread(self._show_last, last)

    def _show_last(self, last: domain.Record | None) -> None:
        if not self.is_attached or not self.query("#last"):
            return  # closed meanwhile (the app is quitting)
        label = self.query_one("#last", Label)
        if last is None:
            label.update(Text("Last activity: none stopped yet"))
            return
        text = Text("Last activity: ")
        text.append_text(record_line(last))
        if last.end is not None:
            end = last.end.astimezone(self.tz)
            text.append(f", ended {end:%Y-%m-%d %H:%M} ({format_duration(last.duration)})")
        label.update(text)

    def _end(self):
        text = self.query_one("#end", Input).value
        return inputs.parse_end(text, self.record.begin, self.tz, self.ctx.now())

    @on(Input.Changed, "#end")
    def _update_preview(self) -> None:
        self._show_error("")
        preview = self.query_one("#preview", Label)
        try:
            end = self._end()
        except ValidationError as exc:
            preview.update(Text(inert(exc.message), style="italic"))
            return
        seconds = int((end - self.record.begin).total_seconds())
        text = Text(f"→ ends {end.astimezone(self.tz):%Y-%m-%d %H:%M}, "
                    f"duration {format_duration(max(seconds, 0))}")
        if end > self.ctx.now():
            text.append("  (in the future)", style="bold yellow")
        preview.update(text)

    @on(Input.Submitted, "#end")
    def _submitted(self) -> None:
        self.action_stop()

    def action_stop(self) -> None:
        self._show_error("")
        try:
            end = self._end()
        except ValidationError as exc:
            self._show_error(exc.message)
            return
        record_id = self.record.id

        def done(stopped) -> None:
            self.dismiss(stopped[0] if stopped else None)

        self.app.call_service(
            lambda: timesheet_service.stop(self.ctx, record_id, at=end),
            f"Stopped record #{record_id}", on_success=done, on_error=self._failed)

    def _failed(self, exc: KimaiError) -> None:
        self._show_error("  ".join(message for _, message in exc.lines()))

    def _show_error(self, message: str) -> None:
        self.query_one("#error-end", Label).update(Text(inert(message)))

    def action_cancel(self) -> None:
        self.dismiss(None)
