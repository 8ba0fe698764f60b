"""The Textual application: built by `make_app`, used by `main` and by the tests alike.

The app owns the state every screen shares: the acting user's running records (refreshed every
`tui.refresh_seconds`, and after each write) and the timer actions that work in every mode.
Service calls run in worker threads; results come back as messages.
"""

from __future__ import annotations

from textual import work
from textual.app import App
from textual.binding import Binding

from kimai_tui import domain
from kimai_tui.messages import EVERYTHING, RunningChanged
from kimai_tui.runner import ServiceRunner
from kimai_tui.services import timesheets as timesheet_service
from kimai_tui.services.context import Context
from kimai_tui.textsafe import inert


FIRST_ROWS_PATIENCE = 1.0  # seconds: what waits for the first rows comes by then anyway
# Imported after the first rows are shown (`_warm_up`), not before the first paint.
WARM_UP = ("kimai_tui.screens.pickers", "kimai_tui.screens.record_editor",
           "kimai_tui.screens.commands")


class KimaiApp(ServiceRunner, App):
    """The terminal face. Modes are the top-level sections, switched by single keys."""

    TITLE = "kimai-tui"
    CSS_PATH = "app.tcss"
    COMMANDS = App.COMMANDS | {lambda: _start_commands()}
    BINDINGS = [
        Binding("ctrl+q", "quit", "Quit", id="app.quit", priority=True),
        Binding("question_mark", "help", "Help", id="app.help_key"),
        Binding("f1", "help", "Help", id="app.help", priority=True),
        Binding("1", "mode('timesheet')", "Timesheet", id="mode.timesheet", show=False),
        Binding("2", "mode('calendar')", "Calendar", id="mode.calendar", show=False),
        Binding("3", "mode('team')", "Team", id="mode.team", show=False),
        Binding("4", "mode('customers')", "Customers", id="mode.customers", show=False),
        Binding("5", "mode('projects')", "Projects", id="mode.projects", show=False),
        Binding("6", "mode('activities')", "Activities", id="mode.activities", show=False),
        Binding("7", "mode('people')", "People", id="mode.people", show=False),
        Binding("8", "mode('reports')", "Reports", id="mode.reports", show=False),
        Binding("9", "mode('invoices')", "Invoices", id="mode.invoices", show=False),
        Binding("0", "mode('review')", "Review", id="mode.review", show=False),
        Binding("ctrl+o", "preferences", "Preferences", id="app.preferences", show=False),
        Binding("I", "mode('import')", "Import", id="mode.import", show=False),
    ]

    def __init__(self, ctx: Context):
        super().__init__()
        self.ctx = ctx
        self.running: list[domain.Record] = []
        self._revision: int | None = None  # the write counter as the screens last saw it
        self.init_runner()
        self._first_rows_done = False
        self._after_first_rows: list = []  # callbacks waiting for the first rows
        self.database_problem = None  # an EnvironmentFailure while the database fails
        self.internal_errors = 0  # bugs met in workers: the exit status will say so
        self.sub_title = f"{inert(ctx.user.display_name)} ({', '.join(_role_names(ctx))})"
        from kimai_tui.screens import registry

        self.mode_specs = registry.modes_for(ctx)
        for spec in self.mode_specs:
            self.add_mode(spec.name, spec.factory(ctx))

    def on_mount(self) -> None:
        theme = self.ctx.settings.tui.theme
        if theme in self.available_themes:
            self.theme = theme
        keymap = dict(self.ctx.settings.tui.keymap)
        if keymap:
            self.set_keymap(keymap)
        self.switch_mode(self.mode_specs[0].name)
        self.refresh_running()
        self.set_interval(max(self.ctx.settings.tui.refresh_seconds, 0.2), self.poll)
        self.call_after_refresh(_freeze_startup_objects)
        self.call_after_refresh(self._check_forgotten)
        self.set_timer(FIRST_ROWS_PATIENCE, self._first_rows_shown)  # rows or not

    # -- the first paint: the rows first, the rest after them (issue 18) --------------------

    def after_first_rows(self, callback) -> bool:
        """Run CALLBACK once the first screen's rows are drawn, and say True; False when they
        are drawn already (the caller does it now). The first screen's filter lists and
        footer keys (half its widgets) wait for it, so they never delay the rows."""
        if self._first_rows_done:
            return False
        self._after_first_rows.append(callback)
        return True

    def on_record_table_rows_shown(self) -> None:
        if not self._first_rows_done:
            self.call_after_refresh(self._first_rows_shown)

    def _first_rows_shown(self) -> None:
        """The first rows are drawn (or a second went by without them): what waited for
        them, then the modules the next keys need, imported in the background."""
        if self._first_rows_done:
            return
        self._first_rows_done = True
        waiting, self._after_first_rows = self._after_first_rows, []
        for callback in waiting:
            self.call_later(callback)
        self._warm_up()

    @work(thread=True, group="warm-up")
    def _warm_up(self) -> None:
        """Import the pickers (s, w, a), the record editor (e, n, Enter) and the palette's
        commands in the background, so their first key does not wait for the import."""
        import importlib

        for name in WARM_UP:
            importlib.import_module(name)

    @work(thread=True, group="forgotten")
    def _check_forgotten(self) -> None:
        """At start: a timer of one's own that looks forgotten (past the workday, long, over a
        night) is offered to stop at a proposed end (services/forgotten.py)."""
        from kimai_tui.rules.errors import KimaiError
        from kimai_tui.services import forgotten

        try:
            found = forgotten.check(self.ctx)
        except KimaiError:
            return
        if found:
            self.call_from_thread(self._offer_forgotten, found)

    def _offer_forgotten(self, found: list) -> None:
        from kimai_tui.screens.stop_forgotten import StopForgotten

        def next_one(_result=None) -> None:
            if found:
                item = found.pop(0)
                self.push_screen(StopForgotten(self.ctx, item.record, item), next_one)

        next_one()

    # -- shared state -----------------------------------------------------------------------

    def poll(self) -> None:
        """Pick up changes made elsewhere (the command line, another session)."""
        self._check_revision()

    @work(thread=True, exclusive=True, group="poll")
    def _check_revision(self) -> None:
        """Also the database's heartbeat: a failure shows the banner, the first success after
        one clears it and reloads what the screens show."""
        from kimai_tui.services.live import revision
        from kimai_tui.services.failures import classify

        try:
            current = revision(self.ctx)
        except Exception as exc:  # noqa: BLE001 - classified; a bug is logged by worker_failed
            failure = classify(exc)
            if failure is None:
                raise
            self.call_from_thread(self.database_failed, failure)
            return
        problem = self.database_problem
        if problem is not None:
            from kimai_tui.services.failures import still_failing

            if still_failing(self.ctx, problem):
                return
            self.call_from_thread(self.database_recovered)
        self.call_from_thread(self._revision_seen, current)

    def _revision_seen(self, current: int) -> None:
        """The poll read the write counter. A write of the app's own still in flight will
        reload on its ServiceDone (and say its revision): only a counter that moved without
        one means a write made elsewhere."""
        if self._pending or current == self._revision:
            return
        # The first reading reloads too: a write may have landed between the screens' first
        # load and this reading.
        self._revision = current
        self._changed_elsewhere()

    # -- when the database or our own code fails --------------------------------------------

    def database_failed(self, failure) -> None:
        """The database is unavailable, locked, read-only or full: say so once, keep every
        open form as it is, and let the heartbeat (`poll`) find out when it is back."""
        from kimai_tui.services.failures import renew_connections

        first = self.database_problem is None
        self.database_problem = failure
        renew_connections(self.ctx)
        if first:
            self.notify(inert(f"Database problem: {failure.message}. Retrying…"),
                        title="Database", severity="error", markup=False, timeout=24 * 3600)

    def database_recovered(self) -> None:
        from kimai_tui.services.failures import renew_connections

        self.database_problem = None
        renew_connections(self.ctx)  # connections some threads made while it failed
        self.clear_notifications()
        self.notify("The database is back.", markup=False, timeout=4)
        self._changed_elsewhere()

    def worker_failed(self, error: BaseException) -> None:
        """An error in a worker never ends the app: an environment failure shows the banner;
        anything else is a bug, logged privately and said in one line, and the app's exit
        status will be 5 (errorlog.EXIT_INTERNAL)."""
        from kimai_tui import errorlog
        from kimai_tui.services.failures import classify

        failure = classify(error)
        if failure is not None:
            self.database_failed(failure)
            return
        self.internal_errors += 1
        path = errorlog.record(error, "tui worker")
        self.notify(inert(errorlog.one_line(error, path)), severity="error", markup=False,
                    timeout=15)

    def _handle_exception(self, error: Exception) -> None:
        from textual.worker import WorkerFailed

        if isinstance(error, WorkerFailed):
            self.worker_failed(error.error)
            return
        super()._handle_exception(error)

    def _changed_elsewhere(self) -> None:
        self.refresh_running()
        self.announce(EVERYTHING)

    @work(thread=True, exclusive=True, group="running")
    def refresh_running(self) -> None:
        running = timesheet_service.running(self.ctx)
        self.call_from_thread(self._set_running, running)

    def _set_running(self, running: list[domain.Record]) -> None:
        # Every change of a record grows its version: an edited begin, activity or
        # description of the running record reaches the bar too (issue 14 item 3).
        changed = [(r.id, r.version, r.end) for r in running] != [
            (r.id, r.version, r.end) for r in self.running]
        self.running = running
        if changed:
            for screen in self.screen_stack:
                screen.post_message(RunningChanged(running))
            self.screen.refresh_bindings()

    # -- actions ----------------------------------------------------------------------------

    def action_preferences(self) -> None:
        """Your time zone, clock and decimal hours; what is shown follows at once."""
        from kimai_tui.screens.preferences import Preferences

        def saved(user) -> None:
            if user is not None:
                self.ctx.user = user  # every screen shares this context
                self.refresh_running()
                self.announce(EVERYTHING)

        self.push_screen(Preferences(self.ctx), saved)

    def action_mode(self, name: str) -> None:
        if any(spec.name == name for spec in self.mode_specs):
            self.switch_mode(name)

    async def action_quit(self) -> None:
        """Ctrl+Q: quit, after asking when a form on the stack holds what the person typed
        and did not save (screens/form_guard.py); asked again, it quits."""
        from kimai_tui.screens.pickers import Confirm

        touched = [s for s in self.screen_stack if getattr(s, "touched", False)]
        if not touched or isinstance(self.screen, Confirm):
            self.exit()
            return

        def answered(yes: bool | None) -> None:
            if yes:
                self.exit()

        self.push_screen(Confirm("Quit? What you typed in the open form has not been saved "
                                 "and will be lost.", "Quit"), answered)

    def action_help(self) -> None:
        """Every key of the screen on top (screens/help.py); F1 or ? again closes it."""
        from kimai_tui.screens.help import HelpScreen

        if isinstance(self.screen, HelpScreen):
            self.screen.dismiss(None)
            return
        self.push_screen(HelpScreen(self.screen))

    def get_system_commands(self, screen):
        from kimai_tui.screens.commands import screen_commands

        yield from screen_commands(self, screen)
        for command in super().get_system_commands(screen):
            if not (self.ctx.restricted and command.title == "Screenshot"):
                yield command

    # -- a restricted session opens nothing and writes nothing of its own choosing -----------

    def open_url(self, url: str, *, new_tab: bool = True) -> None:
        """A link (a Markdown description's, say) opens a browser only outside restricted
        sessions: on a shared server it would start on the server, as the service account."""
        if self.ctx.restricted:
            self.notify(inert(f"Links are not opened in a restricted session: {url}"),
                        markup=False, severity="warning", timeout=6)
            return
        super().open_url(url, new_tab=new_tab)

    def _deliver_binary(self, binary, **kwargs):
        """Textual's file delivery (deliver_text/deliver_binary: screenshots) writes into the
        server's download folder: not in a restricted session."""
        if self.ctx.restricted:
            self.notify("Files are not saved on the server in a restricted session.",
                        severity="warning", timeout=6)
            return None
        return super()._deliver_binary(binary, **kwargs)

    def check_action(self, action: str, parameters: tuple) -> bool | None:
        if action == "mode" and parameters:
            return any(spec.name == parameters[0] for spec in self.mode_specs)
        return True


    def _fatal_error(self) -> None:
        """An unexpected error: Textual would print a traceback with local variables (the
        database URL and its password among them). Log it privately, say one line."""
        from rich.text import Text

        from kimai_tui import errorlog

        exc = self._exception
        path = errorlog.record(exc, "tui") if exc is not None else None
        line = errorlog.one_line(exc, path) if exc is not None else "unexpected error"
        self.bell()
        self._exit_renderables.append(Text(f"error: internal: {line}"))
        self._return_code = errorlog.EXIT_INTERNAL
        self._close_messages_no_wait()


def _freeze_startup_objects() -> None:
    """Leave what imports and the first screen made (~100k objects: Textual, Rich, Peewee,
    the app) out of the cyclic garbage collector. A full collection walked them all every
    few dozen keys: an 80-180 ms pause in the middle of a page down or a jump."""
    import gc

    gc.freeze()


def _start_commands():
    from kimai_tui.screens.commands import StartCommands

    return StartCommands


def _role_names(ctx: Context) -> list[str]:
    return [r.replace("ROLE_", "").lower().replace("_", " ") for r in ctx.user.roles]


def make_app(ctx: Context) -> KimaiApp:
    return KimaiApp(ctx)


def run_app(ctx: Context) -> int:
    """Run the TUI in this terminal until it quits; returns the exit status. A hang-up (the
    SSH connection or the terminal went away) ends it within seconds (cli.md "Restricted
    sessions"), see `hangup.install`."""
    from kimai_tui import hangup

    from kimai_tui import errorlog

    app = make_app(ctx)
    with hangup.install(app):
        app.run()
    return app.return_code or (errorlog.EXIT_INTERNAL if app.internal_errors else 0)
