"""Someone else saved what this editor is changing (optimistic concurrency, see
services/concurrency.py): the person chooses to reload, to overwrite, or to keep editing."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Label

from kimai_tui.textsafe import inert

RELOAD, OVERWRITE = "reload", "overwrite"


class ConflictDialog(ModalScreen[str | None]):
    """Dismissed with RELOAD (drop my edits, show theirs), OVERWRITE (save mine over theirs)
    or None (back to the form, nothing lost)."""

    BINDINGS = [
        Binding("escape,c", "dismiss(None)", "Keep editing", id="conflict.cancel"),
        Binding("r", "dismiss('reload')", "Reload", id="conflict.reload"),
        Binding("o", "dismiss('overwrite')", "Overwrite", id="conflict.overwrite"),
    ]
    DEFAULT_CSS = """
    ConflictDialog { align: center middle; }
    ConflictDialog > Vertical { width: 76; max-width: 100%; height: auto;
        border: thick $warning; background: $surface; padding: 0 1; }
    ConflictDialog Label { width: 1fr; }
    ConflictDialog Horizontal { height: auto; margin-top: 1; }
    ConflictDialog Button { margin-right: 1; min-width: 10; }
    """

    def __init__(self, what: str, changed: list[str]):
        super().__init__()
        self.what = what
        self.changed = changed

    def compose(self) -> ComposeResult:
        fields = ", ".join(name.replace("_", " ") for name in self.changed)
        with Vertical():
            yield Label(Text(f"This {self.what} was changed meanwhile", style="bold"))
            yield Label(Text(inert(
                f"Someone saved it after you opened it"
                + (f" (changed: {fields})." if fields else ".")
                + " Reload shows their version (your edits here are dropped); Overwrite saves "
                "your edits over theirs; Keep editing goes back to your form.")))
            with Horizontal():
                yield Button("Reload (r)", id=RELOAD)
                yield Button("Overwrite (o)", variant="warning", id=OVERWRITE)
                yield Button("Keep editing (Esc)", id="cancel")

    def on_mount(self) -> None:
        self.query_one("#cancel", Button).focus()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id if event.button.id in (RELOAD, OVERWRITE) else None)
