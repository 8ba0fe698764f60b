"""Save an archived invoice's document (modal): HTML, PDF or XLSX, to a file the person names
or, in a restricted session, into the admin's export directory, with the `ssh` command that
fetches it instead (cli.md "Restricted sessions")."""

from __future__ import annotations

import shlex

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, Select

from kimai_tui.rules.errors import KimaiError
from kimai_tui.screens.export_dialog import ssh_destination
from kimai_tui.services import export_files, invoices
from kimai_tui.textsafe import inert
from kimai_tui.widgets.safe_fields import SafeInput

FORMATS = (("PDF", "pdf"), ("HTML", "html"), ("XLSX (spreadsheet)", "xlsx"))


class DocumentDialog(ModalScreen[str | None]):
    """Dismissed with the path written, or None."""

    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="document.save", priority=True),
        Binding("escape", "dismiss(None)", "Cancel", id="document.cancel"),
    ]
    DEFAULT_CSS = """
    DocumentDialog { align: center middle; }
    DocumentDialog > Vertical { width: 90%; max-width: 100; height: auto; padding: 0 1;
        border: thick $primary; background: $surface; }
    DocumentDialog Label { width: 1fr; }
    DocumentDialog .field-label { margin-top: 1; color: $text-muted; }
    DocumentDialog #error { color: $error; }
    """

    def __init__(self, ctx, invoice):
        super().__init__()
        self.ctx = ctx
        self.invoice = invoice

    def compose(self) -> ComposeResult:
        safe_number = "".join(c if c.isalnum() or c in "-_." else "-" for c in
                              self.invoice.number)
        with Vertical():
            yield Label(Text(inert(f"Invoice {self.invoice.number} · {self.invoice.customer}"),
                             style="bold"))
            yield Label("Format", classes="field-label")
            yield Select(FORMATS, value="pdf", allow_blank=False, id="format")
            if self.ctx.restricted:
                yield Label("On your own computer, this command saves it:",
                            classes="field-label")
                yield Label(Text(self._command("pdf")), id="ssh-command")
                if self.ctx.settings.security.export_directory:
                    yield Label("Ctrl+S saves a new file on the server in the export folder.",
                                classes="field-label")
            else:
                yield Label("File", classes="field-label")
                yield SafeInput(f"~/invoice-{safe_number}.pdf", id="path")
            yield Label("", id="error")
            yield Label("Ctrl+S save · Esc cancel", classes="field-label")

    def _command(self, fmt: str) -> str:
        destination, port = ssh_destination()
        words = ["ssh"] + (["-p", str(port)] if port and port != 22 else []) + [
            destination, "invoice", "render", self.invoice.number, "--format", fmt]
        return inert(" ".join(shlex.quote(w) for w in words) + f" > invoice.{fmt}")

    @on(Select.Changed, "#format")
    def _format(self, event: Select.Changed) -> None:
        if self.ctx.restricted:
            self.query_one("#ssh-command", Label).update(Text(self._command(str(event.value))))
            return
        path = self.query_one("#path", SafeInput)
        stem = path.value.rsplit(".", 1)[0] if "." in path.value else path.value
        path.value = f"{stem}.{event.value}"

    def action_save(self) -> None:
        fmt = str(self.query_one("#format", Select).value)
        requested = None if self.ctx.restricted else self.query_one("#path", SafeInput).value
        ctx, invoice = self.ctx, self.invoice

        def job() -> str:
            document = invoices.render(ctx, invoice, fmt)
            return export_files.write_document(ctx, requested, document.data, document.fmt)

        def done(path: str) -> None:
            self.app.notify(inert(f"Saved {path}"), markup=False)
            self.dismiss(path)

        def failed(exc: KimaiError) -> None:
            self.query_one("#error", Label).update(Text(inert("  ".join(
                m for _, m in exc.lines()))))

        self.app.call_service(job, None, on_success=done, on_error=failed)
