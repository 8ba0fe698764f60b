"""Input and TextArea that never put an unsafe character on the terminal (textsafe's policy).

Textual 8.2.8 renders a field's value as it is: an ESC, a C1 control or a bidi override in an
`Input` or `TextArea` goes to the terminal raw (an OSC 0 in a description opened in the
editor set the pane title). Every editable field of kimai-tui is one of these two instead:

* They open with `inert(stored)`, the visible escapes (`\\x1b`) every other place shows, and
  remember the stored value: `value_to_save` is the stored value while the field still shows
  what it opened with (`edited` is False), and what the person typed once they changed it.
  Opening and saving a form therefore changes nothing (editors do not even parse a field
  that was not edited), and an edited field is saved as what it shows.
* What gets in later (a paste) is drawn with one-cell stand-ins (␛ for ESC, see
  `textsafe.control_pictures`) through Textual's documented hooks (`Input.highlighter`,
  `TextArea.get_line`), and the save refuses it (rules.validation.check_text) with a message
  on the field. Those characters have no width of their own, so until they are removed the
  cursor may sit a cell off; nothing else is affected.
"""

from __future__ import annotations

from rich.highlighter import Highlighter
from rich.text import Text
from textual.widgets import Input, TextArea

from kimai_tui.textsafe import control_pictures, inert, unsafe_characters


def _picture(text: Text, multiline: bool) -> None:
    """Replace the unsafe characters of `text` in place by stand-ins of the same length, shown
    reversed (the spans and the cursor position stay valid)."""
    found = unsafe_characters(text.plain, multiline)
    if found:
        text.plain = control_pictures(text.plain, multiline)
        for index, _ in found:
            text.stylize("reverse", index, index + 1)


class _Pictures(Highlighter):
    def highlight(self, text: Text) -> None:
        _picture(text, multiline=False)


class _OpensWithStored:
    """What a field opened with (the stored text and its inert form) and what it saves."""

    _stored: str
    _shown: str

    def _holds(self) -> str:
        raise NotImplementedError

    @property
    def edited(self) -> bool:
        """Whether the field holds something else than what it opened with."""
        return self._holds() != self._shown

    @property
    def value_to_save(self) -> str:
        """The stored text while the field shows what it opened with, else what it holds."""
        return self._holds() if self.edited else self._stored


class SafeInput(_OpensWithStored, Input):
    """An Input that shows stored text inert and typed control characters as stand-ins."""

    def __init__(self, value: str | None = None, *args, **kwargs) -> None:
        self._stored = value or ""
        self._shown = inert(self._stored)
        super().__init__(self._shown, *args, highlighter=_Pictures(), **kwargs)

    def _holds(self) -> str:
        return self.value


class SafeTextArea(_OpensWithStored, TextArea):
    """A TextArea that shows stored text inert (line breaks and tabs kept) and typed control
    characters as stand-ins."""

    def __init__(self, text: str = "", *args, **kwargs) -> None:
        self._stored = text
        self._shown = inert(text, keep_newlines=True)
        super().__init__(self._shown, *args, **kwargs)

    def _holds(self) -> str:
        return self.text

    def get_line(self, line_index: int) -> Text:
        line = super().get_line(line_index)
        _picture(line, multiline=True)
        return line
