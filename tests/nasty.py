"""The nastiest strings we know, for the "inert everywhere" tests (issue #11).

Each one is something a terminal acts on, something that hides or reorders text, or markup a
widget could interpret. `NASTY` maps a short name to the string; `HOSTILE` is all of them in
one (`STORABLE` without the NUL), and `RAW_UNSAFE` finds what must never reach a terminal
raw.
"""

from __future__ import annotations

import re

NASTY = {
    "osc0-title": "\x1b]0;pwned\x07",  # sets the window / tmux pane title
    "osc8-link": "\x1b]8;;http://evil.example/\x1b\\click me\x1b]8;;\x1b\\",
    "osc52-clipboard": "\x1b]52;c;cm0gLXJmIH4=\x07",  # writes the clipboard
    "csi-clear": "\x1b[2J\x1b[H",
    "csi-colour": "\x1b[31mred\x1b[0m",
    "csi-8bit": "\x9b6n",
    "dcs": "\x1bP1$r\x1b\\\x90q\x9c",
    "bidi-rlo": "invoice\u202egnp.exe",
    "bidi-isolates": "\u2066left\u2069\u2067right\u2069\u2068first\u2069\u061c",
    "zero-width": "zero\u200bwidth\u200djoiner\u200c\u2060\ufeffbom",
    "bell-backspace-nul": "a\x07b\x08c\x00d\x7fe",
    "separators": "line\u2028para\u2029end",
    "cjk-combining": "日本語の説明 e\u0301 Z\u0351\u0354\u035c 한국어",
    "rich-markup": "[bold red]markup[/] [link=http://evil.example]link[/link]",
    "textual-markup": "$variable [@click=app.quit]quit[/] [$accent]x[/]",
}
HOSTILE = "".join(NASTY.values())
# What SQLite and PostgreSQL can both store (PostgreSQL refuses a NUL in text outright).
STORABLE = HOSTILE.replace("\x00", "")
# Raw characters no rendered screen or terminal output may contain (textsafe's unsafe ones,
# the tab and line breaks aside).
RAW_UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u061c\u180e\u200b-\u200f"
                        "\u2028-\u202e\u2060-\u206f\ufeff]")
# The ones of NASTY that are plain text and must be accepted as new input.
HARMLESS = ("cjk-combining", "rich-markup", "textual-markup")


def raw_unsafe(text: str) -> list[str]:
    """The distinct unsafe characters of `text`, as escapes (for assertion messages)."""
    return sorted({f"\\u{ord(c):04x}" for c in RAW_UNSAFE.findall(text)})
