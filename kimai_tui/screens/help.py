"""The help screen (`?`, F1): every key of the screen it was opened on, read from the key
bindings themselves (with the user's `tui.keymap`), so it cannot drift from what the keys do.

Keys are grouped as Textual looks them up: the focused widget's (the table's arrows, say),
the screen's, then the ones that work everywhere. A key that does nothing right now (stop
when nothing runs) is listed dimmed with "(not now)".
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Label, Static

from kimai_tui.textsafe import inert


@dataclass(frozen=True)
class KeyLine:
    """One key of a screen: `keys` as shown ("s", "ctrl+s"), what it does, whether it works
    right now."""

    keys: str
    does: str
    enabled: bool


# Textual's own keys that say nothing a user of these screens needs (sideways scrolling of
# widgets that never scroll sideways, copying from a selection).
NOT_LISTED = {"scroll_left", "scroll_right", "page_left", "page_right", "copy_text",
              "scroll_home", "scroll_end"}


def _group_title(node, screen: Screen) -> str:
    if node is screen.app:
        return "Everywhere"
    if node is screen:
        return screen.title or type(screen).__name__
    return type(node).__name__


def screen_keys(screen: Screen) -> list[tuple[str, list[KeyLine]]]:
    """[(group title, [KeyLine])] for `screen`: the focused widget's keys, the screen's, and
    (unless a modal screen) the app's; a key shadowed by an earlier group is left out, as
    Textual leaves it. Keys without a description are left out (none of ours)."""
    app = screen.app
    seen: set[str] = set()
    groups: list[tuple[str, list[KeyLine]]] = []
    chain = screen._modal_binding_chain if isinstance(screen, ModalScreen) else \
        screen._binding_chain
    # The screen's own keys first, then the focused widget's, then those of everywhere.
    chain = sorted(chain, key=lambda link: 0 if link[0] is screen else
                   (2 if link[0] is app else 1))
    for namespace, bindings in chain:
        by_action: dict[str, list[Binding]] = {}
        for key, key_bindings in bindings.key_to_bindings.items():
            for binding in key_bindings:
                if key in seen or not binding.description or \
                        binding.action.rsplit(".", 1)[-1] in NOT_LISTED:
                    continue
                by_action.setdefault(binding.action, []).append(binding)
        lines = []
        for action, action_bindings in by_action.items():
            for binding in action_bindings:
                seen.add(binding.key)
            state = app._check_action_state(action, namespace)
            if state is False and namespace is app:
                continue  # a mode this user does not have (registry.modes_for)
            keys = " ".join(dict.fromkeys(app.get_key_display(b) for b in action_bindings))
            lines.append(KeyLine(keys, action_bindings[0].description, state is not False
                                 and bool(state)))
        lines.sort(key=lambda line: line.does in ("Focus Next", "Focus Previous"))
        if lines:
            groups.append((_group_title(namespace, screen), lines))
    return groups


class HelpScreen(ModalScreen[None]):
    """The keys of `shown` (the screen under this one); Esc, q, ? or F1 close it."""

    BINDINGS = [Binding("escape,q,question_mark,f1", "dismiss(None)", "Close",
                        id="help.close")]
    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > VerticalScroll { width: 90%; max-width: 90; height: 90%;
        border: thick $primary; background: $surface; padding: 0 1; }
    HelpScreen .hint { color: $text-muted; }
    """

    def __init__(self, shown: Screen):
        super().__init__()
        self.groups = screen_keys(shown)

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            yield Label(Text("Keys of this screen", style="bold"))
            yield Label("Esc closes · ctrl+p: every action by name · docs/keys.md",
                        classes="hint")
            text = Text()
            for title, lines in self.groups:
                text.append(f"\n{inert(title)}\n", style="bold")
                width = max(len(line.keys) for line in lines)
                for line in lines:
                    style = "" if line.enabled else "dim"
                    text.append(f"  {line.keys.ljust(width)}  ", style=style or "bold")
                    text.append(line.does, style=style)
                    if not line.enabled:
                        text.append("  (not now)", style="dim italic")
                    text.append("\n")
            yield Static(text, id="help-keys")

    def on_mount(self) -> None:
        self.query_one(VerticalScroll).focus()
