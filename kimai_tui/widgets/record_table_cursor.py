"""Where the record table's cursor goes: moves that wait for their rows (one frame with the
rows instead of placeholders first), pages, jumps, clicks, Enter, and keys typed ahead of a
dialog that opened meanwhile. Mixed into `RecordTable` (record_table.py), which loads the
rows."""

from __future__ import annotations

from textual import events

PAGE = 50  # about a screen: a jump reads at most two pages before it can draw
MOVE_PATIENCE = 0.25  # seconds a cursor move waits for its rows before it shows placeholders


class TableCursor:
    """The cursor half of RecordTable: uses its `cursor_row`, `total`, `total_known`, the
    pages (`_pages`, `_pending`, `_load_pages`, `_request_window`) and `_visible_rows`."""

    def watch_cursor_row(self, old: int, new: int) -> None:
        self.refresh_line(old - self.scroll_offset.y + 1)
        self.refresh_line(new - self.scroll_offset.y + 1)
        self._scroll_to_cursor()
        self._request_window()
        self._post_highlighted()

    def _scroll_to_cursor(self) -> None:
        visible = self._visible_rows()
        top = self.scroll_offset.y
        if self.cursor_row < top:
            self.scroll_to(y=self.cursor_row, animate=False)
        elif self.cursor_row >= top + visible:
            self.scroll_to(y=self.cursor_row - visible + 1, animate=False)

    def go_to(self, row: int) -> None:
        """Move the cursor to `row`. When rows that would be on screen there are not loaded
        yet, they are read first and the cursor moves when they arrive (or after
        MOVE_PATIENCE): one frame with the rows instead of a frame of placeholders first
        (and after a frame, Textual draws the next one no sooner than 17-33 ms later)."""
        if not self.total:
            return
        row = min(max(row, 0), self.total - 1)
        missing = self._missing_pages(*self._window_at(row))
        if not missing or self._pages_generation != self.generation:
            self._move = None
            self.cursor_row = row
            return
        self._move_token += 1
        self._move = (row, self._move_token)
        unrequested = [page for page in missing if page not in self._pending]
        if unrequested:
            self._load_pages(unrequested[0], unrequested[-1])
        token = self._move_token
        self.set_timer(MOVE_PATIENCE, lambda: self._finish_move(token))

    def _finish_move(self, expired: int | None = None) -> None:
        """Make the waiting move once its rows are here, or when its patience `expired`."""
        if self._move is None:
            return
        row, token = self._move
        if token == expired or not self._missing_pages(*self._window_at(row)):
            self._move = None
            self.cursor_row = min(row, max(self.total - 1, 0))

    def _window_at(self, row: int) -> tuple[int, int]:
        """The first and last row on screen once the cursor is on `row`."""
        top, visible = self.scroll_offset.y, self._visible_rows()
        if row < top:
            top = row
        elif row >= top + visible:
            top = row - visible + 1
        bottom = top + visible - 1
        return top, min(bottom, self.total - 1) if self.total_known else bottom

    def _missing_pages(self, top: int, bottom: int) -> list[int]:
        return [page for page in range(top // PAGE, bottom // PAGE + 1) if page not in self._pages]

    def action_cursor(self, delta: int) -> None:
        self.go_to((self._move[0] if self._move else self.cursor_row) + delta)

    def action_page(self, direction: int) -> None:
        self.action_cursor(direction * max(self._visible_rows() - 1, 1))

    def action_jump(self, where: int) -> None:
        if where != 0 and not self.total_known:
            self._jump_to_end = True  # done when the count arrives
        else:
            self.go_to(0 if where == 0 else self.total - 1)

    def on_click(self, event: events.Click) -> None:
        index = self.scroll_offset.y + event.y - 1
        if event.y >= 1 and 0 <= index < self.total:
            if index == self.cursor_row and event.chain > 1 and self.current is not None:
                self.post_message(self.Selected(self, self.current))
            self.cursor_row = index

    def _on_key(self, event: events.Key) -> None:
        """A key typed ahead of a dialog that opened meanwhile (`s` and Enter in one burst:
        both were handed to this table before the `s` opened the picker) belongs to that
        dialog: it goes there, marked as typed ahead, instead of opening the selected
        record here (issue 18). Otherwise Textual goes on to the key's usual handling (it
        calls each class's `_on_key` itself: no super() here)."""
        if self.is_attached and self.app.screen is not self.screen:
            event.stop()
            event.prevent_default()
            self.app.screen.post_message(typed_ahead(event))

    def key_enter(self) -> None:
        if self.current is not None:
            self.post_message(self.Selected(self, self.current))


def typed_ahead(event: events.Key) -> events.Key:
    """A copy of EVENT for the screen now on top, marked `typed_ahead` so that the screen
    knows no field of it has seen the key."""
    again = events.Key(event.key, event.character)
    again.typed_ahead = True
    return again
