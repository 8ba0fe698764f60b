"""How the record table draws: its columns, their widths at the terminal's width, names cut
so that two never look alike, and each line (the Line API's `render_line`) through the line
cache. Mixed into `RecordTable`, which decides which rows are loaded and where the cursor is
(record_table.py)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Sequence

from rich.style import Style
from rich.text import Text
from textual.strip import Strip

from kimai_tui.widgets.cut_names import distinct_cuts
from kimai_tui.widgets.table_lines import cells_strip, text_strip


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    width: int = 0  # 0 = a share of the free width
    weight: int = 1  # for shared columns
    align: str = "left"
    optional: bool = False  # dropped first when the terminal is narrow



class TableDrawing:
    """The drawing half of RecordTable: uses its `columns`, `formatter`, `format_key`,
    `total`, `cursor_row`, `row_at` and the caches `_lines`, `_names`, `_cuts`, `_widths`."""

    def set_names(self, key: str, names: list[str]) -> None:
        """Every name column `key` may show (the visible customers, say): a name too long
        for the column is cut where it differs from the others (`cut_names`), so two names
        never look alike."""
        self._names[key] = list(names)
        self._cuts = {cut: shown for cut, shown in self._cuts.items() if cut[0] != key}
        self._lines.clear()
        self.refresh()

    def _cells(self, row: Any, layout: Sequence[tuple[int, int]]) -> Sequence[Text]:
        cells = self.formatter(row)
        if not self._names:
            return cells
        cells = list(cells)
        for index, width in layout:
            key = self.columns[index].key
            names = self._names.get(key)
            if names is None or index >= len(cells):
                continue
            cuts = self._cuts.get((key, width))
            if cuts is None:
                cuts = self._cuts[(key, width)] = distinct_cuts(names, width)
            cell = cells[index]
            shown = cuts.get(cell.plain)
            if shown is not None and shown != cell.plain and not cell.spans:
                cells[index] = Text(shown, style=cell.style)
        return cells

    def _visible_rows(self) -> int:
        """Rows on screen: the height without the header line and without a horizontal
        scrollbar (at 80 columns one can take the last line: the cursor's row went under
        it)."""
        return max(self.scrollable_content_region.height - 1, 1)

    def _layout(self) -> list[tuple[int, int]]:
        """(column index, width) of the columns shown at this width. Optional columns go
        first when the shared columns would get fewer than 5 cells per unit of weight."""
        content = self.scrollable_content_region.width  # without the scrollbar
        if self._widths and self._layout_for == content:
            return self._widths
        width = max(content, 20)
        shown = list(range(len(self.columns)))
        while True:
            columns = [self.columns[i] for i in shown]
            fixed = sum(c.width for c in columns if c.width) + len(columns) - 1
            shared = [c for c in columns if not c.width]
            free = max(width - fixed, 0)
            weights = sum(c.weight for c in shared) or 1
            optional = [i for i in shown if self.columns[i].optional]
            if not optional or not shared or free >= 5 * weights:
                break
            shown.remove(optional[-1])
        self._widths = [(i, self.columns[i].width or max(free * self.columns[i].weight
                                                          // weights, 3)) for i in shown]
        self._layout_for = content
        self._lines.clear()
        return self._widths

    def _style(self, name: str) -> Style:
        return self._lines.style(name, lambda: self._compute_style(name))

    def _compute_style(self, name: str) -> Style:
        if name == "base":
            return self.rich_style
        component = self.get_component_rich_style(f"record-table--{name}")
        return component if name == "placeholder" else self.rich_style + component

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        layout = self._layout()
        if y == 0:
            return self._lines.line(("header", width), lambda: cells_strip(
                [Text(c.label) for c in self.columns], self.columns, layout,
                self._style("header"), width))
        index = self.scroll_offset.y + y - 1
        if self.total == 0 and y >= 1:  # the empty text, wrapped to the width
            import textwrap

            lines = textwrap.wrap(self.empty_text, max(width - 1, 10)) or [""]
            if y - 1 < len(lines):
                return text_strip(lines[y - 1], self._style("placeholder"), width)
        if index >= self.total:
            return Strip.blank(width, self._style("base"))
        row = self.row_at(index)
        if row is None:
            self._request_window()
            return text_strip("…", self._style("placeholder"), width)
        base = self._style("cursor" if index == self.cursor_row else "base")

        def draw() -> Strip:
            return cells_strip(self._cells(row, layout), self.columns, layout, base, width)

        if getattr(row, "running", False):  # its duration ticks: drawn fresh every time
            return draw()
        if self.format_key is None:
            return self._lines.line((self._pages_generation, index, index == self.cursor_row,
                                     width), draw)
        # By the row's identity, checked against the row drawn (records compare by value).
        key = (type(row), getattr(row, "id", index), index == self.cursor_row, width,
               self.format_key())
        return self._lines.row_line(key, row, draw)
