"""Export the records of a filter to a CSV (Kimai-compatible) or JSON file (modal).

The export runs in a worker and feeds a progress bar; "mark as exported" locks the records
once the complete file is in place, and asks for confirmation first. Ctrl+S exports, Escape
cancels. In a restricted session (the shared server) there is no path to type: the dialog
shows the `ssh` command that streams the same export to the person's own computer, and saves
on the server only into the admin's export directory (services.export_files).
"""

from __future__ import annotations

import os
import socket
from copy import copy

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Checkbox, Input, Label, ProgressBar, Select

from kimai_tui.queries import RecordFilter
from kimai_tui.rules.errors import KimaiError
from kimai_tui.screens.pickers import Confirm
from kimai_tui.services import export as export_service
from kimai_tui.services import export_files
from kimai_tui.services.capabilities import Capabilities
from kimai_tui.services.context import Context
from kimai_tui.services.export_command import ssh_command
from kimai_tui.textsafe import inert

FORMATS = (("CSV (Kimai-compatible)", "csv"), ("XLSX (spreadsheet)", "xlsx"),
           ("PDF (timesheet to sign)", "pdf"), ("JSON", "json"))


def default_path(ctx: Context, fmt: str = "csv") -> str:
    today = ctx.now().astimezone(ctx.tz).date()
    return f"~/kimai-export-{today:%Y-%m-%d}.{fmt}"


def ssh_destination(environ=os.environ) -> tuple[str, int | None]:
    """(`account@host`, port) a person would give `ssh` to reach this session's account (the
    host's own name: getfqdn() often answers "localhost" on servers)."""
    from kimai_tui.services.identity import os_login_name

    parts = environ.get("SSH_CONNECTION", "").split()
    port = int(parts[3]) if len(parts) == 4 and parts[3].isdigit() else None
    return f"{os_login_name()}@{socket.gethostname()}", port


def may_mark(ctx: Context, all_users: bool) -> bool:
    return Capabilities(ctx).mark_exported_all(all_users)


class ExportDialog(ModalScreen[int | None]):
    """Dismissed with the number of records written, or None when cancelled."""

    BINDINGS = [
        Binding("ctrl+s", "export", "Export", id="export.run", priority=True),
        Binding("escape", "cancel", "Cancel", id="export.cancel"),
    ]
    DEFAULT_CSS = """
    ExportDialog { align: center middle; }
    ExportDialog > Vertical { width: 90%; max-width: 100; height: auto; border: thick $primary;
        background: $surface; padding: 0 1; }
    ExportDialog Label { width: 1fr; }
    ExportDialog .field-label { margin-top: 1; color: $text-muted; }
    ExportDialog #ssh-command { background: $boost; padding: 0 1; }
    ExportDialog .error { color: $error; }
    ExportDialog ProgressBar { margin-top: 1; }
    """

    def __init__(self, ctx: Context, flt: RecordFilter, all_users: bool = False,
                 what: str = ""):
        super().__init__()
        self.ctx = ctx
        self.filter = copy(flt)
        self.all_users = all_users
        self.what = what
        self.total: int | None = None
        self.busy = False

    def compose(self) -> ComposeResult:
        with Vertical():
            title = Text("Export records", style="bold")
            if self.what:
                title.append(" · ")
                title.append(inert(self.what))
            yield Label(title)
            yield Label("Counting records…", id="count")
            yield Label("Format", classes="field-label")
            yield Select(FORMATS, value="csv", allow_blank=False, id="format")
            if self.ctx.restricted:
                yield from self._restricted_fields()
            else:
                yield Label("File (an existing file is replaced)", classes="field-label")
                yield Input(default_path(self.ctx), id="path")
            yield Label("", id="error-path", classes="error")
            if may_mark(self.ctx, self.all_users) and self._may_save():
                yield Checkbox("Mark these records as exported (locks them)", False,
                               id="mark")
            yield ProgressBar(total=None, show_eta=False, id="progress")
            yield Label("", id="status")
            yield Label("Ctrl+S export · Esc cancel" if self._may_save() else "Esc close",
                        classes="field-label", id="keys")

    def _may_save(self) -> bool:
        return not self.ctx.restricted or bool(self.ctx.settings.security.export_directory)

    def _restricted_fields(self) -> ComposeResult:
        yield Label("On your own computer, this command saves the same export:",
                    classes="field-label")
        yield Label(Text(self._command("csv")), id="ssh-command")
        folder = self.ctx.settings.security.export_directory
        if folder:
            yield Label(Text(f"Ctrl+S saves a new file on the server in {inert(folder)} "
                             "(readable only by the service account)."), classes="field-label")
        else:
            yield Label("Saving on the server is not set up here.", classes="field-label")

    def _command(self, fmt: str) -> str:
        destination, port = ssh_destination()
        return inert(ssh_command(self.ctx, self.filter, self.all_users, fmt, destination, port))

    def on_mount(self) -> None:
        (self.query("#path") or self.query("#format")).first().focus()
        self._count()

    @work(thread=True, exclusive=True, group="export-count")
    def _count(self) -> None:
        try:
            total = export_service.count(self.ctx, self.filter, self.all_users)
        except KimaiError as exc:
            self.app.call_from_thread(self._status, "; ".join(m for _, m in exc.lines()))
            return
        self.app.call_from_thread(self._counted, total)

    def _counted(self, total: int) -> None:
        if not self.is_attached or not self.query("#count"):
            return  # closed meanwhile (the app is quitting)
        self.total = total
        self.query_one("#count", Label).update(
            Text(f"{total:,} record{'s' if total != 1 else ''} match the current filter"))

    @on(Select.Changed, "#format")
    def _format_changed(self, event: Select.Changed) -> None:
        if self.ctx.restricted:
            self.query_one("#ssh-command", Label).update(Text(self._command(str(event.value))))
            return
        path = self.query_one("#path", Input)
        stem, ext = os.path.splitext(path.value)
        if ext.lower() in (".csv", ".json", ".xlsx", ".pdf"):
            path.value = f"{stem}.{event.value}"

    @on(Input.Submitted, "#path")
    def _submitted(self) -> None:
        self.action_export()

    # -- running ----------------------------------------------------------------------------

    def action_export(self) -> None:
        if self.busy:
            return
        self._error("")
        if not self._may_save():
            self._error("Use the ssh command above to get the file on your own computer.")
            return
        requested = None if self.ctx.restricted else self.query_one("#path", Input).value
        try:  # the path's own problems show at once, before any confirmation
            export_files.target_path(self.ctx, requested, "csv")
        except KimaiError as exc:
            self._error("  ".join(m for _, m in exc.lines()))
            return
        fmt = self.query_one("#format", Select).value
        found = self.query("#mark")
        mark = bool(found) and found.first(Checkbox).value
        if not mark:
            self._run(requested, fmt, False)
            return
        count = f"{self.total:,} " if self.total is not None else ""

        def confirmed(yes: bool | None) -> None:
            if yes:
                self._run(requested, fmt, True)

        self.app.push_screen(Confirm(
            f"Also mark the {count}records as exported? This locks them against changes.",
            "Mark exported"), confirmed)

    def _run(self, requested: str | None, fmt: str, mark: bool) -> None:
        self.busy = True
        for widget in self.query("Input, Select, Checkbox"):
            widget.disabled = True
        self._status("Exporting…")
        ctx, flt, all_users = self.ctx, self.filter, self.all_users

        def job() -> export_files.ExportResult:
            total = export_service.count(ctx, flt, all_users)
            self.app.call_from_thread(self._started, total)
            return export_files.export_to_file(
                ctx, flt, fmt, requested, all_users, mark_exported=mark,
                progress=lambda done: self.app.call_from_thread(self._progress, done))

        def done(result: export_files.ExportResult) -> None:
            written = result.written
            self.query_one("#progress", ProgressBar).update(total=max(written, 1),
                                                            progress=max(written, 1))
            marked = " and marked them exported" if mark else ""
            self.app.notify(inert(f"Exported {written:,} records to {result.path}{marked}"),
                            markup=False, timeout=6)
            if result.changed:
                self.app.notify(f"{len(result.changed):,} records changed after they were "
                                "written and were not marked exported.", severity="warning",
                                markup=False, timeout=10)
            self.dismiss(written)

        self.app.call_service(job, None, on_success=done, on_error=self._failed)

    def _started(self, total: int) -> None:
        self._counted(total)
        self.query_one("#progress", ProgressBar).update(total=max(total, 1), progress=0)

    def _progress(self, done: int) -> None:
        self.query_one("#progress", ProgressBar).update(progress=done)
        self._status(f"Exporting… {done:,}")

    def _failed(self, exc: KimaiError) -> None:
        self.busy = False
        for widget in self.query("Input, Select, Checkbox"):
            widget.disabled = False
        self._status("")
        message = "  ".join(m for _, m in exc.lines())
        if exc.field == "path":
            self._error(message)
        else:
            self._status(message)

    def _error(self, message: str) -> None:
        self.query_one("#error-path", Label).update(Text(inert(message)))

    def _status(self, message: str) -> None:
        self.query_one("#status", Label).update(Text(inert(message)))

    def action_cancel(self) -> None:
        if not self.busy:
            self.dismiss(None)
