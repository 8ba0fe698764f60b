"""What every mode screen shares: header, the active-record toolbar, the footer, and the timer
keys (start, stop, switch, recent) that work wherever the user is."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Header

from kimai_tui.app import DataChanged, RunningChanged
from kimai_tui.screens.pickers import ChooseRecord, RecentPicker, StartPicker, StartRequest
from kimai_tui.services import timesheets as timesheet_service
from kimai_tui.services.choices import Choice
from kimai_tui.services.context import Context
from kimai_tui.services.record_save import RecordChanges
from kimai_tui.textsafe import inert
from kimai_tui.widgets.active_bar import ActiveBar
from kimai_tui.widgets.keys_footer import KeysFooter


def changes_for(request: StartRequest) -> RecordChanges:
    changes = RecordChanges(project_id=request.choice.project_id,
                            activity_id=request.choice.activity_id)
    if request.description:
        changes.description = request.description
    if request.tags:
        changes.tags = request.tags
    if request.meta:
        changes.meta = request.meta
    return changes


class ModeScreen(Screen):
    """Subclasses yield their body from `compose_body` and reload in `on_data_changed`."""

    BINDINGS = [
        Binding("s", "start", "Start", id="timer.start"),
        Binding("x", "stop", "Stop", id="timer.stop"),
        Binding("w", "switch", "Switch", id="timer.switch"),
        Binding("a", "recent", "Recent", id="timer.recent"),
    ]

    def __init__(self, ctx: Context):
        super().__init__()
        self.ctx = ctx

    def compose(self) -> ComposeResult:
        yield Header()
        yield ActiveBar(self.ctx, id="active")
        yield from self.compose_body()
        yield KeysFooter()

    def compose_body(self) -> ComposeResult:
        yield from ()

    def on_screen_resume(self) -> None:
        """Name the mode in the header, with the keys of the user's other modes."""
        specs = getattr(self.app, "mode_specs", [])
        current = next((m for m in specs if m.name == self.app.current_mode), None)
        if current is not None:
            self.title = current.title
        others = "  ".join(f"{m.key} {m.title}" for m in specs)
        self.sub_title = f"{inert(self.ctx.user.display_name)} · {others}"

    @on(RunningChanged)
    def _running_changed(self, message: RunningChanged) -> None:
        self.query_one(ActiveBar).show(message.running)
        self.refresh_bindings()

    @on(DataChanged)
    def _data_changed(self) -> None:
        self.reload()

    def reload(self) -> None:
        """Reload what the screen shows (changes made here or elsewhere)."""

    def check_action(self, action: str, parameters: tuple) -> bool | None:
        if action in ("stop", "switch"):  # both need something running
            return bool(self.app.running)
        return True

    # -- timer actions ----------------------------------------------------------------------

    def action_start(self) -> None:
        def started(request: StartRequest | None) -> None:
            if request is not None:
                self.app.call_service(
                    lambda: timesheet_service.start(self.ctx, changes_for(request)),
                    f"Started {request.choice.activity}")

        self.app.push_screen(StartPicker(self.ctx), started)

    def action_switch(self) -> None:
        def chosen(request: StartRequest | None) -> None:
            if request is not None:
                self.app.call_service(
                    lambda: timesheet_service.switch(self.ctx, changes_for(request)),
                    f"Switched to {request.choice.activity}")

        self.app.push_screen(StartPicker(self.ctx, title="Switch to"), chosen)

    def action_stop(self) -> None:
        running = list(self.app.running)
        if len(running) == 1:
            self.app.call_service(lambda: timesheet_service.stop(self.ctx, running[0].id),
                                  "Stopped")
        elif running:
            def chosen(record) -> None:
                if record is not None:
                    self.app.call_service(lambda: timesheet_service.stop(self.ctx, record.id),
                                          "Stopped")

            self.app.push_screen(ChooseRecord("Stop which record?", running), chosen)

    def action_recent(self) -> None:
        def chosen(choice: Choice | None) -> None:
            if choice is not None:
                self.app.call_service(
                    lambda: timesheet_service.start(self.ctx, RecordChanges(
                        project_id=choice.project_id, activity_id=choice.activity_id)),
                    f"Started {choice.activity}")

        self.app.push_screen(RecentPicker(self.ctx), chosen)
