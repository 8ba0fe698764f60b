"""A windowed table over a row source that may hold a million rows.

Only the rows on screen are ever built: the widget asks its source for pages of PAGE rows in a
worker thread, keeps a small cache of pages, and draws placeholders until a page arrives
(the Line API: `render_line`). Column widths are fixed or share the free width, so nothing is
measured per cell.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass
from typing import Any, Callable, Protocol, Sequence

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

PAGE = 200
CACHED_PAGES = 12


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    width: int = 0  # 0 = a share of the free width
    weight: int = 1  # for shared columns
    align: str = "left"
    optional: bool = False  # dropped first when the terminal is narrow


class RowSource(Protocol):
    """What the table reads. Both calls run in a worker thread, never on the UI thread."""

    def count(self) -> int: ...

    def fetch(self, offset: int, limit: int) -> Sequence[Any]: ...


Formatter = Callable[[Any], Sequence[Text]]


class RecordTable(ScrollView, can_focus=True):
    """Rows are whatever the source returns; `formatter` turns one into one Text per column."""

    COMPONENT_CLASSES = {"record-table--header", "record-table--cursor",
                         "record-table--placeholder"}
    DEFAULT_CSS = """
    RecordTable { height: 1fr; }
    RecordTable > .record-table--header { text-style: bold; background: $panel; }
    RecordTable > .record-table--cursor { background: $accent 40%; }
    RecordTable:focus > .record-table--cursor { background: $accent; color: $text; }
    RecordTable > .record-table--placeholder { color: $text-muted; }
    """
    BINDINGS = [
        Binding("up", "cursor(-1)", "Up", show=False),
        Binding("down", "cursor(1)", "Down", show=False),
        Binding("pageup", "page(-1)", "Page up", show=False),
        Binding("pagedown", "page(1)", "Page down", show=False),
        Binding("home", "jump(0)", "First", show=False),
        Binding("end", "jump(-1)", "Last", show=False),
    ]

    cursor_row: reactive[int] = reactive(0)

    class Highlighted(Message):
        def __init__(self, table: "RecordTable", row: Any | None):
            super().__init__()
            self.table = table
            self.row = row

    class Selected(Message):
        def __init__(self, table: "RecordTable", row: Any):
            super().__init__()
            self.table = table
            self.row = row

    class Loaded(Message):
        """A page (or the count) arrived; posted from the loader thread."""

        def __init__(self, generation: int, total: int | None, page: int | None,
                     rows: Sequence[Any] | None):
            super().__init__()
            self.generation = generation
            self.total = total
            self.page = page
            self.rows = rows

    def __init__(self, columns: Sequence[Column], formatter: Formatter, *, id: str | None = None,
                 empty_text: str = "No records."):
        super().__init__(id=id)
        self.columns = list(columns)
        self.formatter = formatter
        self.empty_text = empty_text
        self.source: RowSource | None = None
        self.total = 0
        self.generation = 0
        self._pages: OrderedDict[int, list[Any]] = OrderedDict()
        self._pending: set[int] = set()
        self._widths: list[tuple[int, int]] = []
        self._layout_for = -1

    # -- data -------------------------------------------------------------------------------

    def set_source(self, source: RowSource, keep_cursor: bool = True) -> None:
        """Show another source (a new filter or period); rows are fetched as they are drawn."""
        self.source = source
        self.generation += 1
        # The rows on screen stay until the new ones arrive (Loaded replaces them), so a
        # background refresh never leaves the cursor on nothing.
        self._pending.clear()
        if not keep_cursor:
            self.cursor_row = 0
            self.scroll_to(y=0, animate=False)
        self._load(self.generation, None, with_count=True)

    def reload(self) -> None:
        """Fetch the same source again (changes made elsewhere), keeping the cursor."""
        if self.source is not None:
            self.set_source(self.source, keep_cursor=True)

    def row_at(self, index: int) -> Any | None:
        page = self._pages.get(index // PAGE)
        if page is None:
            return None
        offset = index % PAGE
        return page[offset] if offset < len(page) else None

    @property
    def current(self) -> Any | None:
        return self.row_at(self.cursor_row) if self.total else None

    def loaded_rows(self) -> list[Any]:
        return [row for _, page in sorted(self._pages.items()) for row in page]

    def _load(self, generation: int, page: int | None, with_count: bool = False) -> None:
        if page is not None:
            if page in self._pending:
                return
            self._pending.add(page)
        source = self.source

        def work() -> None:
            total = source.count() if with_count else None
            wanted = page if page is not None else self.cursor_row // PAGE
            if total is not None:
                wanted = min(wanted, max(total - 1, 0) // PAGE)
            rows = list(source.fetch(wanted * PAGE, PAGE))
            self.post_message(self.Loaded(generation, total, wanted, rows))

        self.run_worker(work, thread=True, group=f"rows-{page}", exclusive=page is None)

    def on_record_table_loaded(self, message: "RecordTable.Loaded") -> None:
        message.stop()
        if message.generation != self.generation:
            return
        if message.total is not None:
            self.total = message.total
            self._pages.clear()
            self._pending.clear()
            self.virtual_size = Size(self.size.width, self.total + 1)
            if self.cursor_row >= self.total:
                self.cursor_row = max(self.total - 1, 0)
        if message.page is not None:
            self._pending.discard(message.page)
            self._pages[message.page] = list(message.rows or [])
            self._pages.move_to_end(message.page)
            while len(self._pages) > CACHED_PAGES:
                self._pages.popitem(last=False)
        self.refresh()
        self.post_message(self.Highlighted(self, self.current))

    # -- layout and drawing -----------------------------------------------------------------

    def on_resize(self, event: events.Resize) -> None:
        self._widths = []
        self.virtual_size = Size(event.size.width, self.total + 1)

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
        return self._widths

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        if y == 0:
            return self._header_strip(width)
        index = self.scroll_offset.y + y - 1
        if self.total == 0 and y == 1:
            style = self.get_component_rich_style("record-table--placeholder")
            return Strip([Segment(self.empty_text[:width].ljust(width), style)], width)
        if index >= self.total:
            return Strip.blank(width, self.rich_style)
        row = self.row_at(index)
        if row is None:
            self._load(self.generation, index // PAGE)
            style = self.get_component_rich_style("record-table--placeholder")
            return Strip([Segment("…".ljust(width), style)], width)
        cells = self.formatter(row)
        base = self.rich_style
        if index == self.cursor_row:
            base = base + self.get_component_rich_style("record-table--cursor")
        return self._cells_strip(cells, base, width)

    def _header_strip(self, width: int) -> Strip:
        style = self.rich_style + self.get_component_rich_style("record-table--header")
        cells = [Text(c.label) for c in self.columns]
        return self._cells_strip(cells, style, width)

    def _cells_strip(self, cells: Sequence[Text], base: Style, width: int) -> Strip:
        line = Text(no_wrap=True, overflow="ellipsis")
        for index, cell_width in self._layout():
            column, cell = self.columns[index], cells[index].copy()
            cell.truncate(cell_width, overflow="ellipsis")
            pad = cell_width - cell.cell_len
            if column.align == "right":
                line.append(" " * pad)
                line.append_text(cell)
            else:
                line.append_text(cell)
                line.append(" " * pad)
            line.append(" ")
        return Strip(_segments(line, base, self.app.console)).adjust_cell_length(width, base)

    # -- cursor -----------------------------------------------------------------------------

    def watch_cursor_row(self, old: int, new: int) -> None:
        self.refresh_line(old - self.scroll_offset.y + 1)
        self.refresh_line(new - self.scroll_offset.y + 1)
        self._scroll_to_cursor()
        self.post_message(self.Highlighted(self, self.current))

    def _scroll_to_cursor(self) -> None:
        visible = max(self.size.height - 1, 1)
        top = self.scroll_offset.y
        if self.cursor_row < top:
            self.scroll_to(y=self.cursor_row, animate=False)
        elif self.cursor_row >= top + visible:
            self.scroll_to(y=self.cursor_row - visible + 1, animate=False)

    def action_cursor(self, delta: int) -> None:
        if self.total:
            self.cursor_row = min(max(self.cursor_row + delta, 0), self.total - 1)

    def action_page(self, direction: int) -> None:
        self.action_cursor(direction * max(self.size.height - 2, 1))

    def action_jump(self, where: int) -> None:
        if self.total:
            self.cursor_row = 0 if where == 0 else self.total - 1

    def on_click(self, event: events.Click) -> None:
        index = self.scroll_offset.y + event.y - 1
        if event.y >= 1 and 0 <= index < self.total:
            if index == self.cursor_row and event.chain > 1 and self.current is not None:
                self.post_message(self.Selected(self, self.current))
            self.cursor_row = index

    def key_enter(self) -> None:
        if self.current is not None:
            self.post_message(self.Selected(self, self.current))


def _segments(text: Text, base: Style, console) -> list[Segment]:
    """Text to segments with the row's base style under each span's own style."""
    out = []
    for segment in text.render(console):
        if segment.text == "\n":
            continue
        style = base + segment.style if segment.style else base
        out.append(Segment(segment.text, style))
    return out
