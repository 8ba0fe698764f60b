"""A windowed table over a row source that may hold a million rows.

Only the rows on screen are ever built: the widget asks its source for pages of PAGE rows in a
worker thread, keeps a small cache of pages, and draws placeholders until a page arrives
(the Line API: `render_line`). Column widths are fixed or share the free width, so nothing is
measured per cell.

A new source shows its rows as soon as the page under the cursor is read; the count (for the
scrollbar and the End key) follows in the same worker, and a source that can (RecordSource)
then measures where its rows lie, so a later jump to any row reads one page. Until the count
is known, `total` is the number of rows known to exist. Results of a superseded source are
dropped by generation; its worker stops at the next step.

This module loads the rows; how they are drawn is record_table_draw.py, where the cursor
goes record_table_cursor.py (both mixed into RecordTable).
"""

from __future__ import annotations

from collections import OrderedDict
from typing import Any, Callable, Hashable, Protocol, Sequence

from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.worker import get_current_worker

from kimai_tui.widgets.record_table_cursor import PAGE, TableCursor
from kimai_tui.widgets.record_table_draw import Column, TableDrawing
from kimai_tui.widgets.table_lines import LineCache

CACHED_PAGES = 48


class RowSource(Protocol):
    """What the table reads. Every call runs in a worker thread, never on the UI thread.

    A source may also have `prepare_jumps(cancelled)` (run after the count, so later fetches
    far ahead are cheap) and `invalidate()` (the rows changed: forget what was learnt)."""

    def count(self) -> int: ...

    def fetch(self, offset: int, limit: int) -> Sequence[Any]: ...


Formatter = Callable[[Any], Sequence[Text]]


class RecordTable(TableCursor, TableDrawing, ScrollView, can_focus=True):
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

    class RowsShown(Message):
        """The first rows of a new source (or of a reload) are in and about to be drawn.
        Owners start their own reads (totals) after that frame, so they never delay it."""

        def __init__(self, table: "RecordTable"):
            super().__init__()
            self.table = table

        @property
        def control(self) -> "RecordTable":
            return self.table

    class Loaded(Message):
        """A page, or the count, arrived; posted from the loader thread."""

        def __init__(self, generation: int, total: int | None, page: int | None,
                     rows: Sequence[Any] | None):
            super().__init__()
            self.generation = generation
            self.total = total
            self.page = page
            self.rows = rows

    def __init__(self, columns: Sequence[Column], formatter: Formatter, *, id: str | None = None,
                 empty_text: str = "No records.",
                 format_key: Callable[[], Hashable] | None = None):
        """FORMAT_KEY: what, besides the row, the formatter's cells depend on (the viewer's
        clock and decimal hours, say). Given, a drawn line is kept for its row across
        reloads (a row equal to the one drawn is not drawn again: after a start, the rows
        that moved down); else only until the next reload."""
        super().__init__(id=id)
        self.columns = list(columns)
        self.format_key = format_key
        self.formatter = formatter
        self.empty_text = empty_text
        self._names: dict[str, list[str]] = {}  # column key -> every name it may show
        self._cuts: dict[tuple[str, int], dict[str, str]] = {}
        self.source: RowSource | None = None
        self.total = 0  # exact once `total_known`, else the rows known to exist
        self.total_known = False
        self.generation = 0
        self._pages: OrderedDict[int, list[Any]] = OrderedDict()
        self._pages_generation = 0  # whose rows `_pages` holds
        self._pending: set[int] = set()
        self._jump_to_end = False  # End pressed before the count was known
        self._widths: list[tuple[int, int]] = []
        self._layout_for = -1
        self._lines = LineCache()
        self._highlighted: Any = None
        self._read_ahead_due = False
        self._move: tuple[int, int] | None = None  # (row, token): a move waiting for rows
        self._cursor_to_top = False  # set_source without keep_cursor, until its rows arrive
        self._move_token = 0
        self._wanted: tuple[Any, int] | None = None  # (row id, generation): show_when_loaded
        self._read_after_write: tuple | None = None  # read_after_write's rows, for reload
        self._shown_before: dict[int, Any] | None = None  # the rows a reload replaces
        self._compare_pages: set[int] = set()  # the pages of the reload, compared with them

    # -- data -------------------------------------------------------------------------------

    def set_source(self, source: RowSource, keep_cursor: bool = True,
                   read: tuple | None = None) -> None:
        """Show another source (a new filter or period). The rows on screen stay until the
        new ones arrive, so a background refresh never leaves the cursor on nothing. READ:
        (first page, last page, rows, total) read already (`read_after_write`)."""
        self.source = source
        self.generation += 1
        self.total_known = False
        self._jump_to_end = False
        self._move = None
        self._pending.clear()
        # Without keep_cursor the cursor goes to the top when the new rows arrive: moving it
        # now drew a frame of the old rows, which delayed the new rows' frame (frame pacing).
        self._cursor_to_top = not keep_cursor
        if not keep_cursor:
            self._wanted = None
        top = 0 if self._cursor_to_top else self.scroll_offset.y
        first, last = top // PAGE, (top + self._visible_rows() - 1) // PAGE
        self._pending.update(range(first, last + 1))
        if read is not None and read[:2] == (first, last):
            for message in self._pages_of(self.generation, *read):
                self.on_record_table_loaded(message)
            return
        self._load_source(self.generation, source, first, last)

    def set_columns(self, columns: Sequence[Column]) -> None:
        """Other columns (say wider times after the user chose the 12-hour clock)."""
        self.columns = list(columns)
        self._widths = []
        self._lines.clear()
        self.refresh()

    def show_when_loaded(self, row_id: Any) -> None:
        """Put the cursor on the row with this `id` (a record just created) when the next
        reload brings it into the loaded pages; forgotten after that reload's rows, or when
        another source (period, filter) is set."""
        self._wanted = (row_id, self.generation + 1)

    def _find_wanted(self, generation: int, page: int, rows: Sequence[Any]) -> None:
        row_id, due = self._wanted
        if generation > due:
            self._wanted = None
            return
        if generation < due:
            return
        for offset, row in enumerate(rows):
            if getattr(row, "id", None) == row_id:
                self._wanted = None
                self.go_to(page * PAGE + offset)
                return

    def reload(self) -> None:
        """Fetch the same source again (changes made elsewhere), keeping the cursor; rows a
        write's worker read for it already (`read_after_write`) are shown at once."""
        if self.source is None:
            return
        done, self._read_after_write = self._read_after_write, None
        if done is not None and done[:2] == (self.source, self.generation):
            self.set_source(self.source, keep_cursor=True, read=done[2:])
            return
        invalidate = getattr(self.source, "invalidate", None)
        if invalidate is not None:
            invalidate()
        self.set_source(self.source, keep_cursor=True)

    def read_after_write(self, wanted: Callable[[Any], bool]) -> Callable[[Any, Any], None]:
        """A read for the worker of a write, run right after it (runner.py): when WANTED
        says the change concerns this table, the rows on screen again; `reload` then shows
        them without a read of its own. Made on the UI thread; the read only sets one
        attribute, from the worker."""
        source, generation = self.source, self.generation
        top = self.scroll_offset.y
        first, last = top // PAGE, (top + self._visible_rows() - 1) // PAGE

        def read(change, _result) -> None:
            if source is None or not wanted(change):
                return
            invalidate = getattr(source, "invalidate", None)
            if invalidate is not None:
                invalidate()
            wanted_rows = (last - first + 1) * PAGE
            rows = list(source.fetch(first * PAGE, wanted_rows))
            told = len(rows) < wanted_rows and bool(rows or first == 0)
            self._read_after_write = (source, generation, first, last, rows,
                                      first * PAGE + len(rows) if told else None)
        return read

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

    def window_loaded(self) -> bool:
        """Do the rows on screen come from the current source, all loaded, cursor in view?"""
        if self._pages_generation != self.generation:
            return False
        top, visible = self.scroll_offset.y, self._visible_rows()
        if self.total and not top <= self.cursor_row < top + visible:
            return False
        return all(self.row_at(i) is not None for i in range(top, min(top + visible, self.total)))

    def _load_source(self, generation: int, source: RowSource, first: int, last: int) -> None:
        """The pages on screen of a new source. When they end inside, they tell the count;
        else the count is read after they are drawn (`_count`)."""

        def work() -> None:
            worker = get_current_worker()
            wanted = (last - first + 1) * PAGE
            rows = list(source.fetch(first * PAGE, wanted))
            if worker.is_cancelled:
                return
            told = len(rows) < wanted and bool(rows or first == 0)
            self._post_pages(generation, first, last, rows,
                             first * PAGE + len(rows) if told else None)

        self.run_worker(work, thread=True, group="source", exclusive=True)

    def _post_pages(self, generation: int, first: int, last: int, rows: list[Any],
                    total: int | None) -> None:
        for message in self._pages_of(generation, first, last, rows, total):
            self.post_message(message)

    def _pages_of(self, generation: int, first: int, last: int, rows: list[Any],
                  total: int | None) -> list["RecordTable.Loaded"]:
        return [self.Loaded(generation, total if page == last else None, page,
                            rows[(page - first) * PAGE:(page - first + 1) * PAGE])
                for page in range(first, last + 1)]

    def _count(self, generation: int) -> None:
        """The count, then the source's positions for later jumps (RecordSource measures
        where its rows lie). Started once the first rows are drawn, so it never competes
        with them; a newer source cancels it (same exclusive group)."""
        if generation != self.generation or self.total_known:
            return
        source = self.source

        def work() -> None:
            worker = get_current_worker()
            total = source.count()
            if worker.is_cancelled:
                return
            self.post_message(self.Loaded(generation, total, None, None))
            prepare = getattr(source, "prepare_jumps", None)
            if prepare is not None:
                prepare(lambda: worker.is_cancelled)

        self.run_worker(work, thread=True, group="source", exclusive=True)

    def _request_window(self) -> None:
        """Read the missing pages of the rows on screen, in one read. When none is missing
        or on its way, read ahead once the frame is drawn (`_read_ahead`)."""
        if self._pages_generation != self.generation or self.source is None:
            return
        top, bottom = self._window()
        missing = [page for page in range(top // PAGE, bottom // PAGE + 1)
                   if page not in self._pages and page not in self._pending]
        if missing:
            self._load_pages(missing[0], missing[-1])
        elif not self._pending and not self._read_ahead_due:
            self._read_ahead_due = True
            self.call_after_refresh(self._read_ahead)

    def _read_ahead(self) -> None:
        """Read the rows of a screen below, then of one above, so the next page key finds
        them here. After the frame, so the read never competes with drawing."""
        self._read_ahead_due = False
        if self._pages_generation != self.generation or self.source is None or self._pending:
            return
        top, bottom = self._window()
        visible = self._visible_rows()
        below = top + 2 * visible
        if self.total_known:
            below = min(below, self.total - 1)
        for first, last in ((bottom + 1, below), (max(top - visible, 0), top - 1)):
            ahead = [page for page in range(first // PAGE, last // PAGE + 1)
                     if first <= last and page not in self._pages]
            if ahead:
                self._load_pages(ahead[0], ahead[-1])
                return

    def _window(self) -> tuple[int, int]:
        """The first and last row index on screen."""
        top = self.scroll_offset.y
        bottom = top + self._visible_rows() - 1
        return top, min(bottom, self.total - 1) if self.total_known else bottom

    def _load_pages(self, first: int, last: int) -> None:
        self._pending.update(range(first, last + 1))
        generation, source = self.generation, self.source

        def work() -> None:
            rows = list(source.fetch(first * PAGE, (last - first + 1) * PAGE))
            self._post_pages(generation, first, last, rows, None)

        self.run_worker(work, thread=True, group=f"pages-{first}-{last}")

    def on_record_table_loaded(self, message: "RecordTable.Loaded") -> None:
        message.stop()
        if message.generation != self.generation:
            return  # a superseded source
        first_rows = False
        total_before = self.total
        if message.page is not None:
            if self._pages_generation != message.generation:
                self._shown_before = self._rows_on_screen()
                self._compare_pages = set(self._pending) | {message.page}
                self._pages.clear()  # the first page of a new source replaces the old rows
                self._pages_generation = message.generation
                self.total_known = False
                self.total = 0
                first_rows = True
            if message.total is None and not self.total_known:
                self.total = max(self.total, message.page * PAGE + len(message.rows or []))
            self._pending.discard(message.page)
            self._pages[message.page] = list(message.rows or [])
            self._pages.move_to_end(message.page)
            while len(self._pages) > CACHED_PAGES:
                self._pages.popitem(last=False)
            if first_rows and self._cursor_to_top:
                self._cursor_to_top = False
                self.cursor_row = 0
                if self.scroll_offset.y:
                    self.scroll_to(y=0, animate=False)
        if message.total is not None:
            self.total = message.total
            self.total_known = True
        self.virtual_size = Size(self.size.width, self.total + 1)
        if self.cursor_row >= self.total:
            self.cursor_row = max(self.total - 1, 0)
        if self._jump_to_end and self.total_known:
            self._jump_to_end = False
            self.action_jump(-1)
        self._refresh_changed(message.page, total_before)
        self._finish_move()
        if self._wanted is not None and message.page is not None:
            self._find_wanted(message.generation, message.page, message.rows or [])
        if first_rows:
            self.post_message(self.RowsShown(self))
        if first_rows and not self.total_known:
            self.call_after_refresh(self._count, message.generation)
        self._request_window()
        self._post_highlighted()

    def _rows_on_screen(self) -> dict[int, Any] | None:
        """The rows on screen now (index -> row), to repaint only what a reload changed."""
        if not self._pages:
            return None
        top = self.scroll_offset.y
        return {index: self.row_at(index)
                for index in range(top, min(top + self._visible_rows(), self.total))}

    def _refresh_changed(self, page: int | None, total_before: int) -> None:
        """Repaint the lines whose rows a reload changed (a stop: its row and its day), or
        everything when rows came and went: a frame redraws only what changed (issue 18)."""
        if page is None:  # the count: only a new total moves the scrollbar or the end
            if self.total != total_before:
                self.refresh()
            return
        before = self._shown_before if page in self._compare_pages else None
        self._compare_pages.discard(page)  # later pages (scrolling) are new lines anyway
        if before is None or self.total != total_before \
                or self._pages_generation != self.generation:
            self.refresh()
            return
        top = self.scroll_offset.y
        first, last = max(top, page * PAGE), min(top + self._visible_rows(), (page + 1) * PAGE)
        changed = [index for index in range(first, last)
                   if index not in before or self.row_at(index) != before[index]]
        if len(changed) > 4:  # many lines (a new filter, rows moved): one region is cheaper
            self.refresh()
            return
        for index in changed:
            self.refresh_line(index - top + 1)

    def _post_highlighted(self) -> None:
        current = self.current
        if current is None and self.total and self._pages_generation == self.generation:
            return  # its page is on the way: say so when it is there
        if current is not self._highlighted:
            self._highlighted = current
            self.post_message(self.Highlighted(self, current))

    # -- layout and drawing -----------------------------------------------------------------

    def on_resize(self, event: events.Resize) -> None:
        self._widths = []
        self._lines.clear()
        self.virtual_size = Size(event.size.width, self.total + 1)

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._lines.clear()

    def on_focus(self) -> None:
        self._lines.clear()

    def on_blur(self) -> None:
        self._lines.clear()


__all__ = ["PAGE", "Column", "RecordTable", "RowSource"]
