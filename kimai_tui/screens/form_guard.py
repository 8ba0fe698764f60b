"""Asking before a filled form is thrown away (issue #15 item 4).

A form screen takes `UnsavedGuard` first among its bases. A field the person changed (a text
typed, a choice made, a box ticked while that field had the focus) makes the form "touched";
values the screen fills in itself (loading, defaults) happen without focus and do not count.
Esc then asks "Discard what you typed?" instead of closing; Ctrl+Q asks the same for every
touched form on the stack (KimaiApp.action_quit). Editing a field also clears that field's
message from the last failed save.
"""

from __future__ import annotations

from typing import Callable


class UnsavedGuard:
    """Mixin for a ModalScreen form: `touched`, `action_cancel` (Esc) and `ask_discard`."""

    touched = False

    def _user_changed(self, event) -> None:
        control = getattr(event, "control", None)
        if control is not None and (control.has_focus or control.has_focus_within):
            self.touched = True
            self._clear_stale_error(control)

    def _clear_stale_error(self, control) -> None:
        """The field's own message (`#error-<id>`, `f-` left off) goes once it is edited: it
        spoke of the value that was there (issue #15 item 11); a save says it again if due."""
        from textual.widgets import Label

        widget_id = control.id or ""
        for candidate in (widget_id, widget_id.removeprefix("f-")):
            found = self.query(f"#error-{candidate}") if candidate else []
            if found:
                label = found.first(Label)
                label.update("")
                label.remove_class("-shown")
                return

    # Textual looks these handlers up by name along the class's MRO, so the screen's own
    # handlers of the same messages still run.
    def on_input_changed(self, event) -> None:
        self._user_changed(event)

    def on_text_area_changed(self, event) -> None:
        self._user_changed(event)

    def on_select_changed(self, event) -> None:
        self._user_changed(event)

    def on_checkbox_changed(self, event) -> None:
        self._user_changed(event)

    def ask_discard(self, then: Callable[[], None], what: str = "Close") -> None:
        """Run `then` now when nothing was typed; otherwise after a yes to the question."""
        if not self.touched:
            then()
            return
        from kimai_tui.screens.pickers import Confirm

        def answered(yes: bool | None) -> None:
            if yes:
                then()

        self.app.push_screen(Confirm("Discard what you typed in this form? It has not been "
                                     "saved.", f"{what} and discard"), answered)

    def action_cancel(self) -> None:
        self.ask_discard(lambda: self.dismiss(None))
