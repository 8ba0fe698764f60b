"""The footer: the keys that work right now, with help and quit always first.

Textual's Footer shows the focused widget's keys, then the screen's, then the app's; at 80
columns (and often at 160) the row is cut before the app's `ctrl+q Quit`. Here help (`?`,
F1: every key of the screen) and quit come first, so they are never cut.
"""

from __future__ import annotations

from collections import defaultdict

from textual.app import ComposeResult
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

FIRST = ("help", "quit")  # actions shown before the rest, in this order


class KeysFooter(Footer):
    def compose(self) -> ComposeResult:
        if not self._bindings_ready:
            return
        active = self.screen.active_bindings
        by_action: dict[str, list] = defaultdict(list)
        for _, binding, enabled, tooltip in active.values():
            if binding.show:
                by_action[binding.action].append((binding, enabled, tooltip))
        ordered = sorted(by_action.items(), key=lambda item: (
            FIRST.index(item[0]) if item[0] in FIRST else len(FIRST)))
        self.styles.grid_size_columns = len(ordered)
        for _, entries in ordered:
            binding, enabled, tooltip = entries[0]
            yield FooterKey(binding.key, self.app.get_key_display(binding),
                            binding.description, binding.action, disabled=not enabled,
                            tooltip=tooltip).data_bind(compact=Footer.compact)
