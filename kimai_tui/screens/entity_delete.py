"""Deleting a customer, project or activity (seed 004, rules.md §Deleting): nothing by accident.

Unused: "unused, safe to delete" and a confirmation. Used: its statistics, a replacement that
takes over its records (and projects or activities), and, apart, deleting it with all its
records, which needs the entity's name typed. Hiding is usually the better answer: it says so.
"""

from __future__ import annotations

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Select

from kimai_tui.rules.errors import KimaiError
from kimai_tui.services import catalogue_delete
from kimai_tui.services import catalogue_forms as forms
from kimai_tui.services.context import Context
from kimai_tui.textsafe import inert
from kimai_tui.widgets.safe_fields import SafeInput

MOVES = {"customer": "its projects and records move to", "project":
         "its activities and records move to", "activity": "its records move to"}


class EntityDelete(ModalScreen[object]):
    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="delete.cancel"),
        Binding("y", "delete_unused", "Delete", id="delete.confirm"),
    ]
    DEFAULT_CSS = """
    EntityDelete { align: center middle; }
    EntityDelete > VerticalScroll { width: 90%; max-width: 100; height: auto;
        max-height: 90%; border: thick $error; background: $surface; padding: 0 1; }
    EntityDelete .section { margin-top: 1; text-style: bold; }
    EntityDelete .hint { color: $text-muted; height: auto; width: 1fr; }
    EntityDelete .advice { color: $warning; height: auto; width: 1fr; margin-top: 1; }
    EntityDelete #used { height: auto; }
    EntityDelete .error { color: $error; height: auto; }
    EntityDelete Horizontal { height: auto; margin-top: 1; }
    EntityDelete Button { margin-right: 2; }
    EntityDelete .-hidden { display: none; }
    """

    def __init__(self, ctx: Context, kind: str, entity):
        super().__init__()
        self.ctx = ctx
        self.kind = kind
        self.entity = entity
        self.usage: catalogue_delete.Usage | None = None

    def compose(self) -> ComposeResult:
        name = inert(self.entity.name)
        with VerticalScroll():
            yield Label(Text(f"Delete {self.kind} ", style="bold")
                        + Text(name, style="bold"))
            yield Label(Text("checking what uses it…", style="dim"), id="status")
            # unused
            with Horizontal(id="unused", classes="-hidden"):
                yield Button("Delete (y)", variant="error", id="delete-unused")
                yield Button("Cancel (Esc)", id="cancel-unused")
            # used: replacement
            with Vertical(id="used", classes="-hidden"):
                yield Label(f"Replace it: {MOVES[self.kind]}", classes="section")
                yield Select([], id="replacement", prompt="choose the replacement")
                yield Label("", id="error-replace-with", classes="error")
                with Horizontal():
                    yield Button("Move and delete", variant="warning", id="delete-replace")
                    yield Button("Cancel (Esc)", id="cancel-used")
                yield Label("Or delete it with all its records", classes="section")
                yield Label(Text("This deletes every record on it, for good. Type the name "
                                 f"of the {self.kind} to confirm:"), classes="hint")
                yield SafeInput(placeholder=name, id="confirm-name")
                yield Button("Delete with all its records", variant="error",
                             id="delete-cascade", disabled=True)
            yield Label(Text(f"Usually hiding is better: untick Visible in the {self.kind}'s "
                             "editor; existing records keep it and nothing is lost."),
                        classes="advice")
            yield Label("", id="general-error", classes="error")

    def on_mount(self) -> None:
        self._load()

    @work(thread=True, exclusive=True, group="delete-load")
    def _load(self) -> None:
        try:
            found = catalogue_delete.usage(self.ctx, self.kind, self.entity.id)
            choices = forms.replacements(self.ctx, self.kind, self.entity) if found.used else []
        except KimaiError as exc:
            self.app.call_from_thread(self._error, exc)
            return
        self.app.call_from_thread(self._loaded, found, choices)

    def _loaded(self, found: catalogue_delete.Usage, choices: list[tuple[str, int]]) -> None:
        self.usage = found
        status = self.query_one("#status", Label)
        if not found.used:
            status.update(Text(f"This {self.kind} is unused, safe to delete."))
            self.query_one("#unused").remove_class("-hidden")
            self.query_one("#cancel-unused", Button).focus()
            self.refresh_bindings()
            return
        status.update(Text(f"This {self.kind} is used: {found.describe(self.kind)}."))
        self.query_one("#used").remove_class("-hidden")
        select = self.query_one("#replacement", Select)
        select.set_options([(Text(inert(label)), value) for label, value in choices])
        if not choices:
            same = (f" in {self.entity.currency} (amounts never change currency)"
                    if self.kind == "customer" else "")
            self.query_one("#error-replace-with", Label).update(
                Text(inert(f"There is no other {self.kind}{same} that could take over.")))
        select.focus()

    def check_action(self, action: str, parameters: tuple) -> bool | None:
        if action == "delete_unused":
            return self.usage is not None and not self.usage.used
        return True

    def action_delete_unused(self) -> None:
        if self.usage is not None and not self.usage.used:
            self._delete()

    @on(Input.Changed, "#confirm-name")
    def _name_typed(self, event: Input.Changed) -> None:
        self.query_one("#delete-cascade", Button).disabled = not self._name_matches()

    def _name_matches(self) -> bool:
        typed = self.query_one("#confirm-name", Input).value.strip()
        name = self.entity.name.strip()
        return bool(typed) and typed in (name, inert(name))

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        button = event.button.id
        if button in ("cancel-unused", "cancel-used"):
            self.dismiss(None)
        elif button == "delete-unused":
            self._delete()
        elif button == "delete-replace":
            replacement = self.query_one("#replacement", Select).value
            if replacement is Select.NULL:
                self.query_one("#error-replace-with", Label).update("choose the replacement")
                return
            self._delete(replacement_id=replacement)
        elif button == "delete-cascade":
            if not self._name_matches():
                return
            self._delete(cascade=True)

    def _delete(self, replacement_id: int | None = None, cascade: bool = False) -> None:
        ctx, kind, entity = self.ctx, self.kind, self.entity
        if replacement_id is not None:
            done = f"Deleted {kind} {entity.name}; what it had moved to the replacement"
        elif cascade:
            done = f"Deleted {kind} {entity.name} and all its records"
        else:
            done = f"Deleted {kind} {entity.name}"
        self.app.call_service(
            lambda: catalogue_delete.delete(ctx, kind, entity.id, replacement_id, cascade),
            done, on_success=self.dismiss, on_error=self._error)

    def _error(self, exc: KimaiError) -> None:
        for name, message in exc.lines():
            target = "#error-replace-with" if name == "replace-with" else "#general-error"
            self.query_one(target, Label).update(Text(inert(message)))

    def action_cancel(self) -> None:
        self.dismiss(None)
