"""Keeping stored text inert on its way to a terminal (rules.md §Markdown and display).

Descriptions, names, tags, custom fields, aliases and e-mails may hold characters a terminal
acts on or that hide and reorder text: C0 controls (ESC starts CSI/OSC/DCS sequences: an
`ESC ] 0 ;` sets the window or tmux pane title), DEL, C1 controls (0x9b is an 8-bit CSI),
bidirectional overrides and isolates, zero-width and other invisible format characters, the
byte-order mark, line and paragraph separators, and lone surrogates (undecodable bytes). They
are the *unsafe characters* of this module; it is the one definition of them.

The policy, everywhere (the CLI, the TUI, the export):

* **Shown, as visible escapes.** `inert()` replaces every unsafe character by its escape
  (`\\x1b`, `\\u202e`): tables, labels, option lists, notifications, titles and the values
  an editor opens with. JSON escapes them the JSON way (`inert_json`, lossless). CSV cells
  get the same escapes (services.export_cells), keeping their line breaks and tabs. Rich and
  Textual markup is a matter of the widget: the TUI hands text to widgets as `Text`/`Content`
  objects (or `markup=False`), never as markup strings, so `[bold]`, `[@click=app.quit]` and
  `$variable` are shown as typed.
* **Stored text is never changed by display.** An editor field opens with `inert(value)`
  and remembers the stored value (widgets/safe_fields.py): a field left as it opened is saved
  as its *stored* value (or not sent at all), so opening and saving an editor changes
  nothing. A field the person edited is saved as what it then shows: escapes they kept
  become literal text (`\\x1b`), which is what they saw. The raw character never reaches the
  terminal either way.
* **New text is refused.** Text that is new or changed (typed, pasted, given on the command
  line) may not contain unsafe characters, nor tabs and line breaks (LF, CRLF or CR) except
  in multi-line fields (descriptions, comments, addresses). `rules.validation.check_text`
  says so in one line naming the character and where it is; the services apply it before
  writing, so the TUI and the CLI refuse the same input (a NUL byte included, on SQLite and
  PostgreSQL alike). A value left as it is stored is not new and passes; a copy into a new
  record (restart, duplicate) is new and is checked, so such text does not spread.
* **Fields being typed in** render any unsafe character that got in (a paste) as a visible
  stand-in (`control_pictures`: ␛ U+241B and friends) until the save refuses it.
"""

from __future__ import annotations

import re
import unicodedata

# C0 controls except the tab and the line breaks (LF, CR: those depend on the field), DEL and
# the C1 controls.
_CONTROLS = "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f"
# Invisible format characters that hide or reorder text: Arabic letter mark, Mongolian vowel
# separator, zero-width space/joiners, LRM/RLM, line/paragraph separators, bidi embeddings,
# overrides and isolates, word joiner and invisible operators, the BOM, interlinear
# annotation marks, tag characters, and lone surrogates (what undecodable bytes become).
_FORMAT = ("\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff\ufff9-\ufffb"
           "\U000e0000-\U000e007f\ud800-\udfff")
# What a multi-line field may not hold; a one-line field neither a tab nor a line break.
_UNSAFE_IN_LINES = re.compile(f"[{_CONTROLS}{_FORMAT}]")
_UNSAFE_IN_LINE = re.compile(f"[\t\n\r{_CONTROLS}{_FORMAT}]")
# What is shown as an escape once line breaks and tabs are dealt with.
UNSAFE = re.compile(f"[\r{_CONTROLS}{_FORMAT}]")
_LINE_BREAK = re.compile("\r\n|\r|\n")
_NAMES = {0x00: "a NUL byte", 0x07: "BEL", 0x08: "a backspace", 0x09: "a tab",
          0x0a: "a line break", 0x0d: "a carriage return", 0x1b: "ESC", 0x7f: "DEL",
          0x90: "DCS", 0x9b: "CSI", 0x9d: "OSC"}


def escape(char: str) -> str:
    """The visible escape of one character: `\\x1b`, `\\u202e`, `\\U000e0041`."""
    code = ord(char)
    if code < 0x100:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def _escape(match: re.Match[str]) -> str:
    return escape(match.group(0))


def inert(text: str, keep_newlines: bool = False) -> str:
    """The text with every unsafe character shown as its escape (see the module docstring).

    One line (the default): a line break (LF, CRLF or CR) is shown as `\\n` and a tab as a
    space, so a table row or a label stays one line. With `keep_newlines` (a multi-line field,
    the Markdown preview): line breaks become LF and tabs are kept."""
    if keep_newlines:
        return "\n".join(UNSAFE.sub(_escape, part) for part in _LINE_BREAK.split(text))
    return UNSAFE.sub(_escape, _LINE_BREAK.sub("\\\\n", text).replace("\t", " "))


def inert_json(text: str) -> str:
    """JSON text (already valid) with the unsafe characters as `\\uXXXX` escapes (a surrogate
    pair above U+FFFF): the same string once parsed, nothing a terminal acts on."""
    return UNSAFE.sub(_json_escape, text)


def _json_escape(match: re.Match[str]) -> str:
    code = ord(match.group(0))
    if code < 0x10000:
        return f"\\u{code:04x}"
    code -= 0x10000
    return f"\\u{0xd800 + (code >> 10):04x}\\u{0xdc00 + (code & 0x3ff):04x}"


def unsafe_characters(text: str, multiline: bool = False) -> list[tuple[int, str]]:
    """(index, character) of every unsafe character of text typed into a field.

    A multi-line field may hold tabs and line breaks (LF, CRLF or CR); a one-line field
    neither. Used by `rules.validation.check_text`."""
    pattern = _UNSAFE_IN_LINES if multiline else _UNSAFE_IN_LINE
    return [(m.start(), m.group(0)) for m in pattern.finditer(text)]


def describe(char: str) -> str:
    """A name for an unsafe character, with its escape: `ESC (\\x1b)`,
    `RIGHT-TO-LEFT OVERRIDE (\\u202e)`, `a NUL byte (\\x00)`."""
    code = ord(char)
    name = _NAMES.get(code) or unicodedata.name(char, "")
    if not name:
        name = "an undecodable byte" if 0xd800 <= code <= 0xdfff else "a control character"
    return f"{name} ({escape(char)})"


# Stand-ins that take one cell each, so a field's cursor and selection still line up:
# the Control Pictures block for C0 and DEL, the replacement character for the rest.
_PICTURES = {code: chr(0x2400 + code) for code in range(0x20)}
_PICTURES[0x7f] = "\u2421"


def control_pictures(text: str, multiline: bool = False) -> str:
    """The text with each unsafe character replaced by one visible character (␛ for ESC,
    ␀ for NUL, � for the others): the same length, for fields being typed in."""
    pattern = _UNSAFE_IN_LINES if multiline else _UNSAFE_IN_LINE
    return pattern.sub(lambda m: _PICTURES.get(ord(m.group(0)), "\ufffd"), text)


def cell_width(text: str) -> int:
    """How many terminal cells `text` takes once inert: wide characters (East Asian W and F:
    CJK, most emoji) two, combining marks none, everything else one. For the command line's
    plain tables, which have no Rich to measure for them."""
    if text.isascii():
        return len(text)
    return sum(_char_width(char) for char in text)


def _char_width(char: str) -> int:
    if unicodedata.combining(char) or unicodedata.category(char) == "Me":
        return 0
    return 2 if unicodedata.east_asian_width(char) in "WF" else 1


def clip(text: str, width: int) -> str:
    """At most `width` cells (cell_width), with an ellipsis when cut (for table cells)."""
    if width <= 0:
        return ""
    if cell_width(text) <= width:
        return text
    kept, used = [], 0
    for char in text:
        used += _char_width(char)
        if used > width - 1:
            break
        kept.append(char)
    return "".join(kept) + "…"


def pad(text: str, width: int) -> str:
    """`text` followed by spaces up to `width` cells (str.ljust counts characters)."""
    return text + " " * max(width - cell_width(text), 0)
