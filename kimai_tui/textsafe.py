"""Making user-typed text inert before it reaches a terminal.

Descriptions, names and tags may hold ESC/OSC sequences, C1 controls or bidirectional
overrides. A terminal would act on them; we show them as visible escapes instead. Rich markup
is handled by the TUI (it renders Text objects, never markup strings); this module deals with
what the terminal itself would interpret.
"""

from __future__ import annotations

import re
import unicodedata

# C0 and C1 controls, DEL, and the format characters that reorder or hide text.
_DANGEROUS = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]"
)


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group(0))
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def inert(text: str, keep_newlines: bool = False) -> str:
    """The text with every control and bidi/format character shown as an escape."""
    if keep_newlines:
        return "\n".join(_DANGEROUS.sub(_escape, part.replace("\t", " "))
                         for part in text.split("\n"))
    return _DANGEROUS.sub(_escape, text.replace("\n", "\\n").replace("\t", " "))


def inert_json(text: str) -> str:
    """JSON text (already valid) with the same characters as \\uXXXX escapes."""
    return _DANGEROUS.sub(lambda m: f"\\u{ord(m.group(0)):04x}", text)


def clip(text: str, width: int) -> str:
    """At most `width` characters, with an ellipsis when cut (for table cells)."""
    if width <= 0:
        return ""
    if len(text) <= width:
        return text
    return text[: max(width - 1, 0)] + "…"


def is_printable_name(text: str) -> bool:
    """True when a name has no control or format characters at all."""
    return not any(unicodedata.category(ch) in ("Cc", "Cf") for ch in text)
