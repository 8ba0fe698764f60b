"""The Import mode (super admins, key I): bring a Kimai database or Kimai's files over.

Type the source (mysql://USER@HOST[:PORT]/DATABASE, or paths of Kimai's CSV/XLSX files
separated by spaces), run a dry run (ctrl+d) to see what would come, then import (ctrl+g, asks
first). A progress bar counts the records while the import runs in a worker; the summary shows
the counts per kind, what could not be mapped, and the settings to review. The password is
never typed here: it comes from $KIMAI_MYSQL_PASSWORD, $MYSQL_PWD or ~/.my.cnf, as on the
command line. Every rule is in services/kimai_import.py and services/file_import.py.
"""

from __future__ import annotations

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.widgets import DataTable, Input, ProgressBar, Static

from kimai_tui.rules.errors import KimaiError
from kimai_tui.screens.base import ModeScreen
from kimai_tui.screens.pickers import Confirm
from kimai_tui.services.context import Context
from kimai_tui.textsafe import inert


class ImportScreen(ModeScreen):
    """The Import mode: source field, dry run, import, progress and summary."""
    BINDINGS = [
        Binding("ctrl+d", "run(True)", "Dry run", id="import.dry_run", priority=True),
        Binding("ctrl+g", "run(False)", "Import", id="import.run", priority=True),
    ]
    DEFAULT_CSS = """
    ImportScreen #import-help { padding: 0 1; color: $text-muted; height: auto; }
    ImportScreen #import-source { margin: 0 1; }
    ImportScreen #import-progress { padding: 0 1; height: auto; }
    ImportScreen #import-status { padding: 0 1; height: auto; }
    ImportScreen #import-counts { height: auto; max-height: 12; margin: 0 1; }
    ImportScreen #import-details { height: 1fr; padding: 0 1; }
    """

    def __init__(self, ctx: Context):
        super().__init__(ctx)
        self.busy = False

    def compose_body(self) -> ComposeResult:
        with Vertical():
            yield Static("Source: mysql://USER@HOST[:PORT]/DATABASE (password from "
                         "$KIMAI_MYSQL_PASSWORD, $MYSQL_PWD or ~/.my.cnf), or Kimai's CSV / "
                         "XLSX files. Enter or ctrl+d: dry run; ctrl+g: import.", id="import-help")
            yield Input(placeholder="mysql://kimai@db.example.com/kimai", id="import-source")
            yield ProgressBar(id="import-progress", show_eta=False)
            yield Static(id="import-status")
            yield DataTable(id="import-counts", cursor_type="none", zebra_stripes=True)
            with VerticalScroll(id="import-details"):
                yield Static(id="import-report")

    def on_mount(self) -> None:
        table = self.query_one("#import-counts", DataTable)
        table.add_columns("kind", "new", "changed", "unchanged")
        self.query_one("#import-source", Input).focus()

    def check_action(self, action: str, parameters: tuple) -> bool | None:
        if action == "run":
            return not self.busy
        return super().check_action(action, parameters)

    def action_run(self, dry_run: bool) -> None:
        """ctrl+d (dry run) / ctrl+g (import, after a Confirm)."""
        # The key may overtake characters still queued for the field (a paste, or tmux):
        # read the field once it has taken them.
        self.query_one("#import-source", Input).call_later(self._run_source, dry_run)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Enter in the source field: a dry run."""
        if not self.busy:
            self._run_source(True)

    def _run_source(self, dry_run: bool) -> None:
        source = self.query_one("#import-source", Input).value.strip()
        if not source:
            self._status("Type the source first: a mysql:// URL or file paths.", error=True)
            return
        if dry_run:
            self._start(source, True)
            return

        def confirmed(yes: bool | None) -> None:
            if yes:
                self._start(source, False)

        self.app.push_screen(Confirm(f"Import from {source}? Users, catalogue and records "
                                     "come over; a re-run brings only what changed.",
                                     "Import"), confirmed)

    def _start(self, source: str, dry_run: bool) -> None:
        self.busy = True
        self.refresh_bindings()
        self.query_one("#import-progress", ProgressBar).update(total=None, progress=0)
        self._status("Dry run…" if dry_run else "Importing…")
        self._run(source, dry_run)

    @work(thread=True, exclusive=True, group="import")
    def _run(self, source: str, dry_run: bool) -> None:
        from kimai_tui.services import file_import, kimai_import

        def progress(kind: str, done: int, total: int) -> None:
            self.app.call_from_thread(self._progress, kind, done, total)

        try:
            if source.startswith(("mysql://", "mariadb://")):
                report = kimai_import.import_kimai(self.ctx, source, dry_run, progress)
            else:
                paths = source.split()
                kind = "xlsx" if all(p.lower().endswith(".xlsx") for p in paths) else "csv"
                report = file_import.import_files(self.ctx, paths, kind, dry_run, None,
                                                  progress)
        except KimaiError as exc:
            self.app.call_from_thread(self._failed, "; ".join(m for _, m in exc.lines()))
            return
        except Exception as exc:  # noqa: BLE001 - shown as one line, logged by the app
            self.app.call_from_thread(self.app.worker_failed, exc)
            self.app.call_from_thread(self._failed, "the import failed: an unexpected error "
                                                    "(see the error log); nothing was written")
            return
        self.app.call_from_thread(self._done, report)

    def _progress(self, kind: str, done: int, total: int) -> None:
        bar = self.query_one("#import-progress", ProgressBar)
        if total:
            bar.update(total=total, progress=done)
        if not done and not total:
            self._status(f"{kind}…")
        else:
            self._status(f"{kind}: {done:,}" + (f" of {total:,}" if total else ""))

    def _failed(self, message: str) -> None:
        self.busy = False
        self.refresh_bindings()
        self.query_one("#import-progress", ProgressBar).update(total=1, progress=0)
        self._status(message, error=True)

    def _done(self, report) -> None:
        self.busy = False
        self.refresh_bindings()
        bar = self.query_one("#import-progress", ProgressBar)
        bar.update(total=1, progress=1)
        verb = "Would import (dry run, nothing written)" if report.dry_run else "Imported"
        self._status(f"{verb} from {report.source} in {report.seconds:.1f} s")
        table = self.query_one("#import-counts", DataTable)
        table.clear()
        for kind, outcome in report.counts.items():
            table.add_row(kind, f"{outcome.new:,}", f"{outcome.changed:,}",
                          f"{outcome.unchanged:,}")
        lines = []
        if report.mapping:
            lines.append("Columns:")
            lines += [f"  {column} → {taken}" for column, taken in report.mapping]
        if report.unmapped:
            lines.append(f"To review ({len(report.unmapped)}): not brought over, or not as it "
                         "was")
            lines += [f"  {u.kind} {u.source_id}: {u.reason}" for u in report.unmapped]
        lines += [f"Note: {note}" for note in report.notes]
        if report.config_snippet:
            lines += ["", "Kimai's settings, for kimai.yaml (review; nothing was applied):",
                      report.config_snippet.rstrip()]
        if report.field_declarations:
            lines += ["", "Custom fields Kimai holds values for (add to kimai.yaml):",
                      report.field_declarations.rstrip()]
        self.query_one("#import-report", Static).update(
            Text(inert("\n".join(lines), keep_newlines=True)))
        if not report.dry_run:
            self.app.refresh_running()

    def _status(self, text: str, error: bool = False) -> None:
        self.query_one("#import-status", Static).update(
            Text(inert(text), style="bold red" if error else ""))
