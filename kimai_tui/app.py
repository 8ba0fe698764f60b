"""The Textual application: built by `make_app`, used by `main` and by the tests alike."""

from __future__ import annotations

from textual.app import App
from textual.binding import Binding

from kimai_tui.services.context import Context


class KimaiApp(App):
    """The terminal face. Screens call services in worker threads and render what returns."""

    TITLE = "kimai-tui"
    BINDINGS = [
        Binding("ctrl+q", "quit", "Quit", id="app.quit", priority=True),
    ]

    def __init__(self, ctx: Context):
        super().__init__()
        self.ctx = ctx
        tui = ctx.settings.tui
        self.sub_title = ctx.user.display_name
        self._wanted_theme = tui.theme

    def on_mount(self) -> None:
        if self._wanted_theme in self.available_themes:
            self.theme = self._wanted_theme
        keymap = dict(self.ctx.settings.tui.keymap)
        if keymap:
            self.set_keymap(keymap)
        from kimai_tui.screens.timesheet import TimesheetScreen

        self.push_screen(TimesheetScreen(self.ctx))


def make_app(ctx: Context) -> KimaiApp:
    return KimaiApp(ctx)


def run_app(ctx: Context) -> int:
    make_app(ctx).run()
    return 0
