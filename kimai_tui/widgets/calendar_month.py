"""The month grid of the calendar: six weeks of seven days; each day lists its records
compactly (`09:00 Activity`, in the record's colour) under the day number and the day's total.
The grid fits the widget (no scrolling): each week gets an equal share of the height, and a day
with more records than lines says `+N more`.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from rich.style import Style
from textual import events
from textual.binding import Binding
from textual.strip import Strip
from textual.widget import Widget

from kimai_tui.rules.display import format_hours
from kimai_tui.widgets.style_cache import CachedBaseStyle
from kimai_tui.widgets.calendar_grid import CalendarMoved, Line
from kimai_tui.widgets.calendar_layout import Piece, block_style, day_seconds, entry_text

WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def grid_days(month_first: date) -> list[date]:
    """The 42 days shown for a month: from the Monday on or before its first day."""
    start = month_first - timedelta(days=month_first.weekday())
    return [start + timedelta(days=i) for i in range(42)]


class MonthGrid(CachedBaseStyle, Widget, can_focus=True):
    COMPONENT_CLASSES = {"calendar-month--weekdays", "calendar-month--day",
                         "calendar-month--today", "calendar-month--other-month",
                         "calendar-month--cursor", "calendar-month--separator"}
    DEFAULT_CSS = """
    MonthGrid { height: 1fr; }
    MonthGrid > .calendar-month--weekdays { background: $panel; text-style: bold; }
    MonthGrid > .calendar-month--day { background: $boost; text-style: bold; }
    MonthGrid > .calendar-month--today { background: $primary; color: $text; text-style: bold; }
    MonthGrid > .calendar-month--other-month { color: $text-disabled; }
    MonthGrid > .calendar-month--cursor { background: $accent 50%; }
    MonthGrid:focus > .calendar-month--cursor { background: $accent; color: $text; }
    MonthGrid > .calendar-month--separator { color: $text-muted; }
    """
    BINDINGS = [
        Binding("up", "move(-7)", "Up", show=False),
        Binding("down", "move(7)", "Down", show=False),
        Binding("left", "move(-1)", "Left", show=False),
        Binding("right", "move(1)", "Right", show=False),
    ]

    class Moved(CalendarMoved):
        pass

    def __init__(self, tz, *, id: str | None = None, time_format: str = "24h",
                 decimal_hours: bool = False):
        super().__init__(id=id)
        self._base: Style | None = None
        self.tz = tz
        self.time_format = time_format  # the viewer's 12/24-hour clock
        self.decimal_hours = decimal_hours  # day totals as decimal hours
        self.month: date | None = None  # the first day of the month shown
        self.days: list[date] = []
        self.pieces: dict[date, list[Piece]] = {}
        self.today: date | None = None
        self.cursor_day: date | None = None

    def show(self, month_first: date, pieces: dict[date, list[Piece]], now: datetime) -> None:
        self.month = month_first
        self.days = grid_days(month_first)
        self.pieces = pieces
        self.today = now.astimezone(self.tz).date()
        if self.cursor_day not in self.days:
            self.cursor_day = self.today if self.today in self.days else month_first
        self.refresh()

    def place_cursor(self, day: date) -> None:
        self.cursor_day = day
        self.refresh()

    def records_of(self, day: date | None):
        return [p.record for p in self.pieces.get(day, [])] if day else []

    # -- drawing ----------------------------------------------------------------------------

    def _style(self, name: str) -> Style:
        return self.get_component_rich_style(f"calendar-month--{name}")

    def _widths(self) -> list[int]:
        base, extra = divmod(max(self.size.width, 7 * 4), 7)
        return [base + (1 if i < extra else 0) for i in range(7)]

    def _cell_height(self) -> int:
        return max((self.size.height - 1) // 6, 1)


    def render_line(self, y: int) -> Strip:
        width = self.size.width
        base = self._base_style()
        line = Line(base)
        if y == 0:
            style = self._style("weekdays")
            for name, cell_width in zip(WEEKDAYS, self._widths()):
                line.add(" " + name, cell_width, style)
            return line.strip(width)
        height = self._cell_height()
        week, row = divmod(y - 1, height)
        if week >= 6 or not self.days:
            return Strip.blank(width, base)
        separator = self._style("separator")
        for column, cell_width in enumerate(self._widths()):
            day = self.days[week * 7 + column]
            cell = cell_width - 1
            line.add(*self._cell_line(day, row, height, cell))
            line.add("│", None, separator)
        return line.strip(width)

    def _cell_line(self, day: date, row: int, height: int, cell: int) -> tuple[str, int, Style]:
        pieces = self.pieces.get(day, [])
        cursor = day == self.cursor_day
        outside = self.month is not None and day.month != self.month.month
        if row == 0:
            style = self._style("today") if day == self.today else self._style("day")
            if outside:
                style = style + self._style("other-month")
            if cursor:
                style = style + self._style("cursor")
            label = f"{day.day:>2}" if not outside else day.strftime("%d %b")
            seconds = day_seconds(pieces)
            total = format_hours(seconds, self.decimal_hours) if seconds else ""
            if total and len(label) + 2 + len(total) <= cell:
                label = label + " " * (cell - len(label) - len(total) - 1) + total
            return " " + label, cell, style
        index = row - 1
        room = height - 1
        blank = self._style("cursor") if cursor else Style()
        if index >= len(pieces):
            return "", cell, blank
        if len(pieces) > room and index == room - 1:
            style = self._style("other-month") + blank
            return f" +{len(pieces) - index} more", cell, style
        piece = pieces[index]
        return entry_text(piece, self.time_format), cell, block_style(piece.record.color)

    # -- keys -------------------------------------------------------------------------------

    def action_move(self, days: int) -> None:
        if self.cursor_day is None:
            return
        self.cursor_day += timedelta(days=days)
        self.refresh()
        self.post_message(self.Moved(self.cursor_day))

    def on_click(self, event: events.Click) -> None:
        if event.y < 1 or not self.days:
            return
        week = (event.y - 1) // self._cell_height()
        x = event.x
        for column, cell_width in enumerate(self._widths()):
            if x < cell_width and week < 6:
                self.cursor_day = self.days[week * 7 + column]
                self.refresh()
                self.post_message(self.Moved(self.cursor_day))
                return
            x -= cell_width

