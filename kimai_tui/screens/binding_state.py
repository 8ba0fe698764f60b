"""Refreshing the footer only when a screen's key bindings really changed state.

Textual's Footer rebuilds all its keys on every `refresh_bindings()` (a hundred widgets'
styles, 20-40 ms), and the record screens asked for it on every cursor move and every page
that arrived. `BindingState` remembers what `check_action` said for the actions that depend on
the selection, and refreshes only when that changed.
"""

from __future__ import annotations


class BindingState:
    def __init__(self, *actions: str):
        self.actions = actions
        self._last: tuple | None = None

    def refresh(self, screen) -> None:
        state = tuple(screen.check_action(action, ()) for action in self.actions)
        if state != self._last:
            self._last = state
            screen.refresh_bindings()
