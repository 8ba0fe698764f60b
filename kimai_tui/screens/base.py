"""What every mode screen shares: header, the active-record toolbar, the footer, and the timer
keys (start, stop, switch, recent) that work wherever the user is."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Header

from typing import TYPE_CHECKING

from kimai_tui.messages import Change, DataChanged, RunningChanged
from kimai_tui.services import timesheets as timesheet_service
from kimai_tui.services.context import Context
from kimai_tui.services.record_save import RecordChanges
from kimai_tui.textsafe import inert
from kimai_tui.widgets.active_bar import ActiveBar
from kimai_tui.widgets.keys_footer import KeysFooter

if TYPE_CHECKING:
    from kimai_tui.screens.pickers import StartRequest

# The pickers (screens/pickers.py) are imported when a timer key first opens one, not before
# the first screen is drawn (issue 18); `warm_up` imports them in the background after it.


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

    # The keys that open a picker are priority bindings: the app runs them as the key comes
    # in, before it hands on the next keys, so the words and the Enter typed right after go
    # to the picker; handed to the table first, they arrived there before the `s` had gone up
    # to this screen, and the Enter opened the selected record (issue 18). While a text field
    # has focus they are letters for it (check_action).
    BINDINGS = [
        Binding("s", "start", "Start", id="timer.start", priority=True),
        Binding("x", "stop", "Stop", id="timer.stop"),
        Binding("w", "switch", "Switch", id="timer.switch", priority=True),
        Binding("a", "recent", "Recent", id="timer.recent", priority=True),
        Binding("i", "interrupt", "Interrupt", id="timer.interrupt", priority=True),
        Binding("o", "return", "Back", id="timer.return"),
        Binding("z", "pause", "Pause/Resume", id="timer.pause"),
    ]
    PICKER_ACTIONS = frozenset({"start", "switch", "recent", "interrupt"})
    # Actions that need something running: pressed while a write is on its way, they are
    # allowed; stop, pause and return wait for it (_after_writes), switch and interrupt open
    # their picker at once (what is typed next belongs in it).
    AFTER_WRITES = frozenset({"stop", "switch", "interrupt", "return", "pause"})

    def __init__(self, ctx: Context):
        super().__init__()
        self.ctx = ctx
        self._seen = 0  # the app's data_serial this screen has accounted for
        self._stale = False  # a change it shows came while it was covered

    def compose(self) -> ComposeResult:
        self._seen = getattr(self.app, "data_serial", 0)  # what it loads now is current
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
        bar = self.query(ActiveBar)  # the bar shows what runs now (issue 14 item 4)
        if bar and [(r.id, r.version) for r in bar.first().running] != [
                (r.id, r.version) for r in self.app.running]:
            bar.first().show(self.app.running)
            self.refresh_bindings()
        serial = getattr(self.app, "data_serial", 0)
        if self._stale or self._seen < serial:  # changed while another screen was shown
            self._stale, self._seen = False, serial
            self.reload()

    @on(RunningChanged)
    def _running_changed(self, message: RunningChanged) -> None:
        self.query_one(ActiveBar).show(message.running)
        self.refresh_bindings()

    @on(DataChanged)
    def _data_changed(self, message: DataChanged) -> None:
        if message.serial and message.serial <= self._seen:
            return  # reloaded for it already (when shown again)
        self._seen = max(self._seen, message.serial)
        if not self.shows(message.change):
            return
        if self.is_current:
            self.reload()
        else:
            self._stale = True  # under a dialog: reload when shown again

    def reads_after_write(self) -> list:
        """Reads the worker of a write runs right after it, so that what this screen shows
        of the write is there when it is told (runner.py): the bar's. A screen with a table
        adds its table's."""
        return [bar.read_after_write() for bar in self.query(ActiveBar)]

    def shows(self, change: Change) -> bool:
        """Does this screen show what CHANGE changed? Subclasses narrow it; the default
        reloads for every change."""
        return True

    def reload(self) -> None:
        """Reload what the screen shows (changes made here or elsewhere)."""

    def check_action(self, action: str, parameters: tuple) -> bool | None:
        if action in self.PICKER_ACTIONS and _takes_letters(self.focused):
            return None  # the letter is text for the field (the key dims in the footer)
        if action in self.AFTER_WRITES and self.app.writes_pending():
            return True  # decided once the write before it is done (_after_writes)
        if action in ("stop", "switch", "interrupt"):  # each needs something running
            return bool(self.app.running)
        if action == "pause":
            return len(self.app.running) == 1
        if action == "return":
            bar = self.query(ActiveBar)
            return bool(bar and bar.first().interrupted)
        return True

    # -- timer actions ----------------------------------------------------------------------

    def _after_writes(self, action) -> bool:
        """True when a write is still on its way: ACTION then runs once it is done, on what
        it left (a quick `z z` pauses, then resumes)."""
        if self.app.writes_pending():
            self.app.after_writes(action)
            return True
        return False

    def action_start(self) -> None:
        from kimai_tui.screens.pickers import StartPicker

        def started(request: StartRequest | None) -> None:
            if request is not None:
                self.app.call_service(
                    lambda: timesheet_service.start(self.ctx, changes_for(request)),
                    f"Started {request.choice.activity}")

        self.app.push_screen(StartPicker(self.ctx, on_chosen=started))

    def action_switch(self) -> None:
        from kimai_tui.screens.pickers import StartPicker

        def chosen(request: StartRequest | None) -> None:
            if request is not None:
                self.app.call_service(
                    lambda: timesheet_service.switch(self.ctx, changes_for(request)),
                    f"Switched to {request.choice.activity}")

        self.app.push_screen(StartPicker(self.ctx, title="Switch to", on_chosen=chosen))

    def action_interrupt(self) -> None:
        """Stop the running record and start the interruption chosen in the picker; `o`
        goes back to the record (services/interrupts.py)."""
        from kimai_tui.screens.pickers import StartPicker
        from kimai_tui.services import interrupts

        def chosen(request: StartRequest | None) -> None:
            if request is not None:
                self.app.call_service(
                    lambda: interrupts.interrupt(self.ctx, changes_for(request)),
                    f"Interrupted by {request.choice.activity}: o goes back")

        self.app.push_screen(StartPicker(self.ctx, title="Interrupted by",
                                         on_chosen=chosen))

    def action_pause(self) -> None:
        """Pause the running record, or resume it: the pause becomes its break."""
        if self._after_writes(self.action_pause):
            return
        from kimai_tui.services import pauses

        running = list(self.app.running)
        if len(running) != 1:
            return
        if running[0].paused_at is None:
            self.app.call_service(lambda: pauses.pause(self.ctx, running[0].id),
                                  "Paused: z resumes")
        else:
            self.app.call_service(lambda: pauses.resume(self.ctx, running[0].id), "Resumed")

    def action_return(self) -> None:
        if self._after_writes(self.action_return):
            return
        from kimai_tui.services import interrupts

        self.app.call_service(lambda: interrupts.return_(self.ctx), "Back to the work before")

    def action_stop(self) -> None:
        if self._after_writes(self.action_stop):
            return
        running = list(self.app.running)
        if len(running) == 1:
            self.app.call_service(lambda: timesheet_service.stop(self.ctx, running[0].id),
                                  "Stopped")
        elif running:
            from kimai_tui.screens.pickers import ChooseRecord

            def chosen(record) -> None:
                if record is not None:
                    self.app.call_service(lambda: timesheet_service.stop(self.ctx, record.id),
                                          "Stopped")

            self.app.push_screen(ChooseRecord("Stop which record?", running), chosen)

    def action_recent(self) -> None:
        from kimai_tui.screens.pickers import RecentPicker

        def chosen(choice) -> None:
            from kimai_tui.services import favorites

            if isinstance(choice, favorites.Favorite):
                self.app.call_service(lambda: favorites.start(self.ctx, choice.name),
                                      f"Started {choice.name}")
            elif choice is not None:
                self.app.call_service(
                    lambda: timesheet_service.start(self.ctx, RecordChanges(
                        project_id=choice.project_id, activity_id=choice.activity_id)),
                    f"Started {choice.activity}")

        self.app.push_screen(RecentPicker(self.ctx), chosen)


def _takes_letters(widget) -> bool:
    """Whether WIDGET takes typed letters: a text field, or the list of an open Select (a
    letter there jumps to an entry)."""
    from textual.widgets import Input, TextArea
    from textual.widgets._select import SelectOverlay

    return isinstance(widget, (Input, TextArea, SelectOverlay))
