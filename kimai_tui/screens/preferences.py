"""Your own preferences: time zone, 12/24-hour clock and durations as decimal hours (Kimai
grants these to every user; services.users.PREFERENCES)."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Checkbox, Label, Select

from kimai_tui import domain
from kimai_tui.rules.errors import KimaiError
from kimai_tui.services import inputs, users
from kimai_tui.services.context import Context
from kimai_tui.textsafe import inert
from kimai_tui.widgets.safe_fields import SafeInput


class Preferences(ModalScreen[domain.User | None]):
    """Ctrl+S saves through users.update (own preferences need no edit_user); the screen
    dismisses with the updated user."""

    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="preferences.save", priority=True),
        Binding("escape", "dismiss(None)", "Cancel", id="preferences.cancel"),
    ]
    DEFAULT_CSS = """
    Preferences { align: center middle; }
    Preferences > Vertical { width: 70; max-width: 95%; height: auto; border: thick $primary;
                             background: $surface; padding: 0 1; }
    Preferences .error { color: $error; }
    """

    def __init__(self, ctx: Context):
        super().__init__()
        self.ctx = ctx

    def compose(self) -> ComposeResult:
        user = self.ctx.user
        with Vertical():
            yield Label(Text(f"Preferences of {inert(user.display_name)}", style="bold"))
            yield Label("Time zone (e.g. Asia/Manila)")
            yield SafeInput(user.timezone, id="timezone", compact=True)
            yield Label("Clock")
            yield Select([("24-hour (17:30)", "24h"), ("12-hour (5:30 PM)", "12h")],
                         value=user.time_format, allow_blank=False, id="time_format",
                         compact=True)
            yield Checkbox("Durations as decimal hours (2.62 instead of 2:37)",
                           user.decimal_hours, id="decimal_hours")
            yield Label("", id="error", classes="error")
            yield Label("Ctrl+S save · Esc cancel")

    def on_mount(self) -> None:
        self.query_one("#timezone", SafeInput).focus()

    def action_save(self) -> None:
        error = self.query_one("#error", Label)
        try:
            values = {"timezone": inputs.parse_timezone(
                self.query_one("#timezone", SafeInput).value),
                "time_format": self.query_one("#time_format", Select).value,
                "decimal_hours": self.query_one("#decimal_hours", Checkbox).value}
        except KimaiError as exc:
            error.update(Text(inert(exc.message)))
            return
        self.app.call_service(lambda: users.update(self.ctx, self.ctx.user.id, values),
                              "Preferences saved", on_success=self.dismiss,
                              on_error=self._failed)

    @on(Select.Changed)
    def _clear(self) -> None:
        self.query_one("#error", Label).update("")

    def _failed(self, exc: KimaiError) -> None:
        self.query_one("#error", Label).update(
            Text(inert("; ".join(m for _, m in exc.lines()))))
