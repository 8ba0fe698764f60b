"""Asking before a filled form is thrown away (issue #15 item 4).

A form screen takes `UnsavedGuard` first among its bases and calls `mark_clean()` once it has
filled its fields (on mount, and again after a worker filled more, such as the choices of a
select). The form is `touched` when a field's value differs from that baseline: Esc then asks
"Discard what you typed?" instead of closing, and Ctrl+Q asks the same for every touched form
on the stack (KimaiApp.action_quit). Typing something and deleting it again is not touched.
Editing a field also clears that field's message from the last failed save (item 11).
"""

from __future__ import annotations

from typing import Callable

from textual.widgets import Checkbox, Input, Select, SelectionList, TextArea

FIELD_TYPES = (Input, TextArea, Select, Checkbox, SelectionList)


class UnsavedGuard:
    """Mixin for a ModalScreen form: `touched`, `mark_clean`, `action_cancel` (Esc) and
    `ask_discard`. UNGUARDED: ids of fields whose loss is not worth a question."""

    UNGUARDED: tuple[str, ...] = ()
    # Shown on the form's bottom border, so a form that scrolls at 80x24 still says how to
    # save and leave (its own hint line may be below the fold).
    KEYS_HINT = "Ctrl+S save · Esc cancel · F1 keys"
    _clean_state: tuple | None = None

    def form_state(self) -> tuple:
        """(field id, value) of every field of the form, in order."""
        state = []
        for widget in self.query("*"):
            if not isinstance(widget, FIELD_TYPES) or widget.id in self.UNGUARDED:
                continue
            if isinstance(widget, TextArea):
                value = widget.text
            elif isinstance(widget, SelectionList):
                value = tuple(sorted(map(str, widget.selected)))
            else:
                value = widget.value
            state.append((widget.id, repr(value)))
        return tuple(state)

    def mark_clean(self) -> None:
        """What the form holds now is what it opened with (nothing to lose)."""
        self._clean_state = self.form_state()

    @property
    def touched(self) -> bool:
        return self._clean_state is not None and self.form_state() != self._clean_state

    def on_mount(self) -> None:
        # Textual calls on_mount of every class along the MRO, the screen's own first: the
        # fields it filled while mounting are the baseline.
        self.mark_clean()
        # The form's frame: the child with a bottom border (a running app also puts its
        # toast rack and tooltip among a screen's children).
        frame = next((child for child in self.children
                      if child.styles.border_bottom[0] not in ("", "none", "hidden")), None)
        if frame is not None and not frame.border_subtitle and self.KEYS_HINT:
            frame.border_subtitle = self.KEYS_HINT

    # -- a field's stale message ------------------------------------------------------------

    def _user_changed(self, event) -> None:
        control = getattr(event, "control", None)
        if control is not None and (control.has_focus or control.has_focus_within):
            self._clear_stale_error(control)

    def _clear_stale_error(self, control) -> None:
        """The field's own message (`#error-<id>`, `f-` left off) goes once it is edited: it
        spoke of the value that was there; a save says it again if still due."""
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

    # -- asking -----------------------------------------------------------------------------

    def ask_discard(self, then: Callable[[], None], what: str = "Close") -> None:
        """Run `then` now when nothing was typed; otherwise after a yes to the question."""
        if not self.touched:
            then()
            return
        from kimai_tui.screens.confirm import Confirm

        def answered(yes: bool | None) -> None:
            if yes:
                then()

        self.app.push_screen(Confirm("Discard what you typed in this form? It has not been "
                                     "saved.", f"{what} and discard"), answered)

    def action_cancel(self) -> None:
        self.ask_discard(lambda: self.dismiss(None))
