"""Drawing the record table's lines: cells straight to segments, and a cache of drawn lines.

A row used to become a Rich Text of all its cells, laid out and rendered by Rich (0.4 ms a
line, 20 ms for a screen of rows). Cells without styled parts, which is every cell the screens
make, are cut or padded to their width here and become one segment each; a cell with styled
parts still goes through Rich. Drawn lines are kept, so scrolling and cursor moves redraw
only the lines that are new on screen.
"""

from __future__ import annotations

from collections import OrderedDict
from typing import Any, Callable, Hashable, Sequence

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.strip import Strip

CACHED_LINES = 400  # a few screens of rows


class LineCache:
    """Drawn lines by key, and the widget's styles by name; both cleared when the styles,
    the focus or the size change (the owner calls `clear`)."""

    def __init__(self, size: int = CACHED_LINES):
        self.size = size
        self._lines: OrderedDict[Hashable, Any] = OrderedDict()  # Strip, or (row, Strip)
        self._styles: dict[str, Style] = {}

    def clear(self) -> None:
        self._lines.clear()
        self._styles.clear()

    def style(self, name: str, compute: Callable[[], Style]) -> Style:
        style = self._styles.get(name)
        if style is None:
            style = self._styles[name] = compute()
        return style

    def row_line(self, key: Hashable, row: Any, draw: Callable[[], Strip]) -> Strip:
        """The line of ROW under KEY, drawn again when the row kept there differs."""
        kept = self._lines.get(key)
        if kept is not None and kept[0] == row:
            self._lines.move_to_end(key)
            return kept[1]
        strip = draw()
        self._lines[key] = (row, strip)
        self._lines.move_to_end(key)
        if len(self._lines) > self.size:
            self._lines.popitem(last=False)
        return strip

    def line(self, key: Hashable, draw: Callable[[], Strip]) -> Strip:
        strip = self._lines.get(key)
        if strip is None:
            strip = self._lines[key] = draw()
            if len(self._lines) > self.size:
                self._lines.popitem(last=False)
        else:
            self._lines.move_to_end(key)
        return strip


def cells_strip(cells: Sequence[Text], columns: Sequence[Any],
                layout: Sequence[tuple[int, int]], base: Style, width: int) -> Strip:
    """One line of cells: each cut (with an ellipsis) or padded to its column's width and
    aligned, one space between columns, the whole cut or padded to `width`."""
    segments: list[Segment] = []
    gap = Segment(" ", base)
    for index, cell_width in layout:
        segments.extend(_cell(cells[index], cell_width, columns[index].align == "right", base))
        segments.append(gap)
    return Strip(segments).adjust_cell_length(width, base)


def text_strip(text: str, style: Style, width: int) -> Strip:
    return Strip([Segment(text[:width].ljust(width), style)], width)


def _cell(cell: Text, width: int, right: bool, base: Style) -> list[Segment]:
    if cell.spans:
        return _rich_cell(cell, width, right, base)
    text = cell.plain
    length = cell_len(text)
    if length > width:
        text, length = set_cell_size(text, width - 1) + "…", width
    pad = [Segment(" " * (width - length), base)] if length < width else []
    if not text:
        return pad
    style = base + _parsed(cell.style) if cell.style else base
    return [*pad, Segment(text, style)] if right else [Segment(text, style), *pad]


def _parsed(style: str | Style) -> Style:
    return Style.parse(style) if isinstance(style, str) else style  # Style.parse is cached


def _rich_cell(cell: Text, width: int, right: bool, base: Style) -> list[Segment]:
    """A cell with styled parts, laid out by Rich (each part's style over the row's)."""
    from textual._context import active_app

    cell = cell.copy()
    cell.truncate(width, overflow="ellipsis")
    pad = Segment(" " * (width - cell.cell_len), base)
    parts = [Segment(s.text, base + s.style if s.style else base)
             for s in cell.render(active_app.get().console) if s.text != "\n"]
    return [pad, *parts] if right else [*parts, pad]
