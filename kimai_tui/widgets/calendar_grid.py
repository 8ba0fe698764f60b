"""The week grid of the calendar: seven day columns, one row per time slot (30 minutes by
default), records drawn as blocks in their colour. A Line-API widget: only the rows on screen
are drawn, each from the day's few pieces, so redrawing after a key costs next to nothing.

The keyboard cursor is a day and a slot. Shift+Up/Down extend a selection the way a text
caret does: the anchor is the top edge of the slot where the selection began, the caret moves
one slot edge per key, and the selection is the time between them.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from kimai_tui.rules.display import TWELVE_HOUR, format_hours
from kimai_tui.widgets.style_cache import CachedBaseStyle
from kimai_tui.widgets.calendar_layout import (DAY_MINUTES, Piece, at_minute, block_lines,
                                               block_style, day_seconds, fit, slot_layout)

GUTTER = 6


class CalendarMoved(Message):
    """The cursor moved (to `day`, which may lie outside the days shown)."""

    def __init__(self, day: date):
        super().__init__()
        self.day = day


class Line:
    """One drawn line: plain strings (never markup) with styles over the widget's base."""

    def __init__(self, base: Style):
        self.base = base
        self.segments: list[Segment] = []

    def add(self, text: str, width: int | None = None, style: Style | None = None) -> None:
        if width is not None:
            text = fit(text, width)
        self.segments.append(Segment(text, self.base + style if style else self.base))

    def strip(self, width: int) -> Strip:
        return Strip(self.segments).adjust_cell_length(width, self.base)


class WeekGrid(CachedBaseStyle, ScrollView, can_focus=True):
    COMPONENT_CLASSES = {"calendar-grid--header", "calendar-grid--today", "calendar-grid--gutter",
                         "calendar-grid--cursor", "calendar-grid--selection",
                         "calendar-grid--off-hours", "calendar-grid--now"}
    DEFAULT_CSS = """
    WeekGrid { height: 1fr; overflow-x: hidden; }
    WeekGrid > .calendar-grid--header { background: $panel; text-style: bold; }
    WeekGrid > .calendar-grid--today { background: $primary; color: $text; text-style: bold; }
    WeekGrid > .calendar-grid--gutter { color: $text-muted; }
    WeekGrid > .calendar-grid--off-hours { background: $background-darken-1; }
    WeekGrid > .calendar-grid--now { color: $warning; text-style: bold; }
    WeekGrid > .calendar-grid--cursor { background: $accent 50%; }
    WeekGrid:focus > .calendar-grid--cursor { background: $accent; color: $text; }
    WeekGrid > .calendar-grid--selection { background: $accent 35%; }
    """
    BINDINGS = [
        Binding("up", "move(0, -1)", "Up", show=False),
        Binding("down", "move(0, 1)", "Down", show=False),
        Binding("left", "move(-1, 0)", "Left", show=False),
        Binding("right", "move(1, 0)", "Right", show=False),
        Binding("shift+up", "extend(-1)", "Select up", show=False, id="calendar.select_up"),
        Binding("shift+down", "extend(1)", "Select down", show=False,
                id="calendar.select_down"),
        Binding("pageup", "page(-1)", "Page up", show=False),
        Binding("pagedown", "page(1)", "Page down", show=False),
        Binding("home", "jump(0)", "Start of day", show=False),
        Binding("end", "jump(1)", "End of day", show=False),
    ]

    class Moved(CalendarMoved):
        pass

    def __init__(self, tz, slot_minutes: int = 30, business: tuple[int, int] = (360, 1200),
                 *, id: str | None = None, time_format: str = "24h",
                 decimal_hours: bool = False):
        super().__init__(id=id)
        self._base: Style | None = None
        self.tz = tz
        self.time_format = time_format  # the viewer's 12/24-hour clock
        self.decimal_hours = decimal_hours  # day totals as decimal hours
        self.slot_minutes = max(5, min(slot_minutes, 240))
        self.slots = -(-DAY_MINUTES // self.slot_minutes)
        self.business = business
        self.days: list[date] = []
        self.pieces: dict[date, list[Piece]] = {}
        self.slot_pieces: dict[date, list[list[tuple[Piece, int]]]] = {}
        self.today: date | None = None
        self.now_minute = -1
        self.cursor_day: date | None = None
        self.cursor_slot = business[0] // self.slot_minutes
        self.selection: tuple[int, int] | None = None  # (anchor edge, caret edge)
        self._placed = False

    # -- data -------------------------------------------------------------------------------

    def show(self, days: list[date], pieces: dict[date, list[Piece]], now: datetime) -> None:
        self.days = list(days)
        self.pieces = pieces
        self.slot_pieces = {day: slot_layout(pieces.get(day, []), self.slot_minutes, self.slots)
                       for day in self.days}
        local = now.astimezone(self.tz)
        self.today = local.date()
        self.now_minute = local.hour * 60 + local.minute
        if self.cursor_day not in self.days and self.days:
            self.cursor_day = self.today if self.today in self.days else self.days[0]
        self.refresh()

    def place_cursor(self, day: date, slot: int | None = None) -> None:
        if day != self.cursor_day:
            self.selection = None
        self.cursor_day = day
        if slot is not None:
            self.cursor_slot = min(max(slot, 0), self.slots - 1)
        self._scroll_to_cursor()
        self.refresh()

    def slot_of(self, minute: int) -> int:
        return min(max(minute, 0) // self.slot_minutes, self.slots - 1)

    def range_slots(self) -> tuple[int, int]:
        """The selected slots [first, last) on the cursor day (the cursor slot if none)."""
        if self.selection is None:
            return self.cursor_slot, self.cursor_slot + 1
        anchor, caret = self.selection
        return min(anchor, caret), max(anchor, caret)

    def range_times(self) -> tuple[datetime, datetime] | None:
        if self.cursor_day is None:
            return None
        first, last = self.range_slots()
        return (at_minute(self.cursor_day, first * self.slot_minutes, self.tz),
                at_minute(self.cursor_day, min(last * self.slot_minutes, DAY_MINUTES), self.tz))

    def drawn_at(self, day: date | None, slot: int) -> list[tuple[Piece, int]]:
        """The pieces drawn in a slot, each with the index of its label line."""
        drawn = self.slot_pieces.get(day) if day is not None else None
        return drawn[slot] if drawn and 0 <= slot < len(drawn) else []

    def records_under_cursor(self):
        return [p.record for p, _ in self.drawn_at(self.cursor_day, self.cursor_slot)]

    # -- layout -----------------------------------------------------------------------------

    def on_mount(self) -> None:
        self.virtual_size = Size(self.size.width, self.slots + 1)

    def on_resize(self, event: events.Resize) -> None:
        self.virtual_size = Size(event.size.width, self.slots + 1)
        if not self._placed and event.size.height > 1:
            self._placed = True
            self.call_after_refresh(self._initial_scroll)
        else:
            self._scroll_to_cursor()

    def _initial_scroll(self) -> None:
        visible = max(self.size.height - 1, 1)
        top = self.business[0] // self.slot_minutes
        if not top <= self.cursor_slot < top + visible:
            top = max(self.cursor_slot - visible // 3, 0)
        self.scroll_to(y=top, animate=False)

    def _scroll_to_cursor(self) -> None:
        visible = max(self.size.height - 1, 1)
        top = self.scroll_offset.y
        if self.cursor_slot < top:
            self.scroll_to(y=self.cursor_slot, animate=False)
        elif self.cursor_slot >= top + visible:
            self.scroll_to(y=self.cursor_slot - visible + 1, animate=False)

    def _widths(self) -> list[int]:
        free = max(self.scrollable_content_region.width - GUTTER, 7 * 3)
        base, extra = divmod(free, 7)
        return [base + (1 if i < extra else 0) for i in range(7)]

    # -- drawing ----------------------------------------------------------------------------

    def _style(self, name: str) -> Style:
        return self.get_component_rich_style(f"calendar-grid--{name}")


    def render_line(self, y: int) -> Strip:
        width = self.size.width
        base = self._base_style()
        if y == 0:
            return self._header(width, base)
        slot = self.scroll_offset.y + y - 1
        if slot >= self.slots or not self.days:
            return Strip.blank(width, base)
        line = Line(base)
        minute = slot * self.slot_minutes
        gutter = self._style("gutter")
        is_now = self.today in self.days and minute <= self.now_minute < minute + \
            self.slot_minutes
        if minute % 60:
            label = f"  :{minute % 60:02d}"
        elif self.time_format == TWELVE_HOUR:
            hour = minute // 60
            label = f"{hour % 12 or 12:>2} {'AM' if hour < 12 else 'PM'}"
        else:
            label = f"{minute // 60:02d}:00"
        line.add(label, None, gutter)
        line.add("◀" if is_now else " ", None, self._style("now") if is_now else gutter)
        off = not self.business[0] <= minute < self.business[1]
        first, last = self.range_slots()
        for day, cell_width in zip(self.days, self._widths()):
            line.add("│", None, gutter)
            cell = cell_width - 1
            cell_style = self._style("off-hours") if off else Style()
            if day == self.cursor_day and self.selection is not None and first <= slot < last:
                cell_style = cell_style + self._style("selection")
            cursor = day == self.cursor_day and slot == self.cursor_slot
            if cursor:
                cell_style = cell_style + self._style("cursor")
            pieces = self.drawn_at(day, slot)
            if not pieces:
                mark = "·" if day == self.today and is_now else ""
                line.add(mark, cell, cell_style)
                continue
            shown = pieces[:3]
            share, extra = divmod(cell, len(shown))
            for i, (piece, index) in enumerate(shown):
                part = share + (1 if i < extra else 0)
                style = block_style(piece.record.color)
                if cursor:
                    style = style + Style(reverse=True, bold=True)
                lines = block_lines(piece, self.time_format)
                text = lines[index] if 0 <= index < len(lines) else ""
                if i == len(shown) - 1 and len(pieces) > len(shown):
                    text = f"+{len(pieces) - len(shown)} {text}"
                line.add(text, part, style)
        return line.strip(width)

    def _header(self, width: int, base: Style) -> Strip:
        header = self._style("header")
        line = Line(base)
        line.add(" " * GUTTER, None, header)
        for day, cell_width in zip(self.days, self._widths()):
            line.add("│", None, header)
            cell = cell_width - 1
            style = header + self._style("today") if day == self.today else header
            if day == self.cursor_day:
                style = style + Style(underline=True)
            label = day.strftime("%a %d")
            seconds = day_seconds(self.pieces.get(day, []))
            total = format_hours(seconds, self.decimal_hours) if seconds else ""
            if total and len(label) + 1 + len(total) <= cell:
                label = label + " " * (cell - len(label) - len(total)) + total
            line.add(label, cell, style)
        return line.strip(width)

    # -- keys -------------------------------------------------------------------------------

    def _moved(self) -> None:
        self._scroll_to_cursor()
        self.refresh()
        if self.cursor_day is not None:
            self.post_message(self.Moved(self.cursor_day))

    def action_move(self, days: int, slots: int) -> None:
        if self.cursor_day is None:
            return
        self.selection = None
        self.cursor_day += timedelta(days=days)
        self.cursor_slot = min(max(self.cursor_slot + slots, 0), self.slots - 1)
        self._moved()

    def action_extend(self, step: int) -> None:
        if self.cursor_day is None:
            return
        anchor, caret = self.selection or (self.cursor_slot, self.cursor_slot)
        caret = min(max(caret + step, 0), self.slots)
        if caret == anchor:
            self.selection = None
            self.cursor_slot = min(anchor, self.slots - 1)
        else:
            self.selection = (anchor, caret)
            self.cursor_slot = caret - 1 if caret > anchor else caret
        self._moved()

    def action_page(self, direction: int) -> None:
        self.action_move(0, direction * max(self.size.height - 2, 1))

    def action_jump(self, where: int) -> None:
        self.selection = None
        self.cursor_slot = self.slot_of(self.business[0] if where == 0 else
                                        self.business[1] - self.slot_minutes)
        self._moved()

    def clear_selection(self) -> bool:
        if self.selection is None:
            return False
        self.selection = None
        self.refresh()
        return True

    def on_click(self, event: events.Click) -> None:
        if event.y < 1 or event.x < GUTTER or not self.days:
            return
        x = event.x - GUTTER
        for day, cell_width in zip(self.days, self._widths()):
            if x < cell_width:
                self.selection = None
                self.cursor_day = day
                self.cursor_slot = min(self.scroll_offset.y + event.y - 1, self.slots - 1)
                self._moved()
                return
            x -= cell_width
