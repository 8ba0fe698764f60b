"""The footer: the keys that work right now, with help and quit always first.

Textual's Footer shows the focused widget's keys, then the screen's, then the app's; at 80
columns (and often at 160) the row is cut before the app's `ctrl+q Quit`. Here help (`?`,
F1: every key of the screen) and quit come first, so they are never cut.

Textual's Footer also rebuilds every key on each `refresh_bindings()`: ~20 new widgets
styled, 20-40 ms of the UI thread, and a start or a stop changes the keys (x, w, i, z come and
go). That work sat between the write and the frame with its rows (issue 18). Here the footer
holds a key for every binding the screen may show, those that do not work now hidden, and a
change of what works only shows, hides and dims them; it rebuilds only when the bindings
themselves changed (another focused widget, a keymap).
"""

from __future__ import annotations

from collections import defaultdict
from typing import NamedTuple

from textual.app import ComposeResult
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

FIRST = ("help", "quit")  # actions shown before the rest, in this order


class Entry(NamedTuple):
    binding: object  # textual.binding.Binding
    key_display: str
    shown: bool  # check_action did not hide it
    enabled: bool
    tooltip: str


def footer_entries(screen) -> list[Entry]:
    """One entry per action with a shown binding, in the footer's order: every binding of the
    screen's chain, whether check_action hides it now or not (`shown`)."""
    app = screen.app
    active = screen.active_bindings
    chain = getattr(screen, "_modal_binding_chain", None)
    candidates: dict[str, object] = {}
    if chain is not None:
        for _namespace, bindings in chain:
            for key, binding in bindings:
                known = candidates.get(key)
                if known is None or (binding.priority and not known.priority):
                    candidates[key] = binding
    for key, found in active.items():  # what Textual decided wins
        candidates[key] = found.binding
    by_action: dict[str, list[Entry]] = defaultdict(list)
    for key, binding in candidates.items():
        if not binding.show:
            continue
        found = active.get(key)
        shown = found is not None and found.binding is binding
        by_action[binding.action].append(Entry(
            binding, app.get_key_display(binding), shown, bool(shown and found.enabled),
            found.tooltip if shown else ""))
    ordered = sorted(by_action.items(), key=lambda item: (
        FIRST.index(item[0]) if item[0] in FIRST else len(FIRST)))
    entries = []
    for _, group in ordered:
        shown = [entry for entry in group if entry.shown]
        entries.append(shown[0] if shown else group[0])
    return entries


def _signature(entries) -> list[tuple]:
    return [(e.binding.key, e.key_display, e.binding.description, e.binding.action)
            for e in entries]


class KeysFooter(Footer):
    _waiting = False  # for the first rows (the app's `after_first_rows`)

    def compose(self) -> ComposeResult:
        if not self._bindings_ready or self._waiting:
            return
        later = getattr(self.app, "after_first_rows", None)
        if later is not None and later(self._first_rows_shown):
            # The first screen's keys come after its rows: ~20 widgets styled and laid out
            # took 35-45 ms before the rows' frame (issue 18).
            self._waiting = True
            return
        entries = footer_entries(self.screen)
        self.styles.grid_size_columns = sum(e.shown for e in entries)
        for entry in entries:
            binding = entry.binding
            key = FooterKey(binding.key, entry.key_display, binding.description,
                            binding.action, disabled=not entry.enabled, tooltip=entry.tooltip)
            key.display = entry.shown
            yield key.data_bind(compact=Footer.compact)

    def _first_rows_shown(self) -> None:
        self._waiting = False
        if self.is_attached:
            self.call_next(self.recompose)

    def bindings_changed(self, screen) -> None:
        self._bindings_ready = True
        if not screen.app.app_focus:
            return
        if self.is_attached and screen is self.screen:
            # After the frame that is due: the rows and the bar a write changed go first, the
            # keys' new layout follows in the next frame.
            self.call_after_refresh(self._update)

    async def _update(self) -> None:
        if self.is_attached and not self._update_in_place():
            await self.recompose()

    def _update_in_place(self) -> bool:
        """Show, hide and dim the keys there are; False when the keys themselves changed."""
        keys = list(self.query_children(FooterKey))
        if not keys:
            return False
        entries = footer_entries(self.screen)
        if _signature(entries) != [(k.key, k.key_display, k.description, k.action)
                                   for k in keys]:
            return False
        for key, entry in zip(keys, entries):
            key.display = entry.shown
            if key._disabled == entry.enabled:
                key._disabled = not entry.enabled
                key.set_class(not entry.enabled, "-disabled")
            if entry.tooltip != (key.tooltip or ""):
                key.tooltip = entry.tooltip or None
        self.styles.grid_size_columns = sum(e.shown for e in entries)
        return True
