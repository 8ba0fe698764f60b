"""Where records fall in a calendar: pieces of records per local day, slots, colours, labels.

Pure helpers (no widgets) shared by the week and the month grid. A record that crosses
midnight becomes one piece per day; a running record extends to `now`. Minutes are wall-clock
minutes of the day in the user's time zone (0..1440).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from datetime import date, datetime, time, timedelta

from rich.cells import cell_len, set_cell_size
from rich.color import Color, ColorParseError
from rich.style import Style

from kimai_tui import domain
from kimai_tui.rules.display import TWELVE_HOUR
from kimai_tui.services.inputs import localize
from kimai_tui.textsafe import inert

DEFAULT_COLOR = "#d2d6de"
DAY_MINUTES = 24 * 60


@dataclass(frozen=True)
class Piece:
    """The part of one record that lies on one local day."""

    record: domain.Record
    day: date
    start: int  # minute of the day the piece starts
    end: int  # minute of the day it ends (exclusive); == start for a zero-length record
    seconds: int  # how much of the record lies on this day
    begins_here: bool  # the record begins on this day (not continued from the day before)

    def covers(self, first: int, last: int) -> bool:
        """Does the piece overlap the minutes [first, last)?"""
        if self.end == self.start:
            return first <= self.start < last
        return self.start < last and self.end > first


def day_start(day: date, tz) -> datetime:
    return localize(datetime.combine(day, time()), tz)


def at_minute(day: date, minute: int, tz) -> datetime:
    """The instant of a wall-clock minute of `day` (1440 = the next midnight)."""
    if minute >= DAY_MINUTES:
        return day_start(day + timedelta(days=1), tz)
    return localize(datetime.combine(day, time(minute // 60, minute % 60)), tz)


def pieces_by_day(records: list[domain.Record], days: list[date], tz,
                  now: datetime) -> dict[date, list[Piece]]:
    """Each day's pieces, sorted by start (then record id).

    Compares epoch seconds: comparing aware datetimes of different zones asks the zone for
    its offset every time, which made a month of a busy user cost tens of milliseconds.
    """
    out: dict[date, list[Piece]] = {day: [] for day in days}
    if not days:
        return out
    bounds = [(day, day_start(day, tz).timestamp(),
               day_start(day + timedelta(days=1), tz).timestamp()) for day in days]
    now_ts = now.timestamp()
    seen: set[int] = set()
    for record in records:
        if record.id in seen:
            continue
        seen.add(record.id)
        begin = record.begin.timestamp()
        end = record.end.timestamp() if record.end is not None else max(now_ts, begin)
        for day, lo, hi in bounds:
            if hi <= begin or (lo >= end and not (begin == end == lo)):
                continue
            first, last = max(begin, lo), min(end, hi)
            if first < last or (begin == end and lo <= begin < hi):
                out[day].append(Piece(record, day, _minute_at(first, lo, hi, tz),
                                      _minute_at(last, lo, hi, tz), int(last - first),
                                      lo <= begin < hi))
    for pieces in out.values():
        pieces.sort(key=lambda p: (p.start, p.record.id))
    return out


def _minute_at(ts: float, lo: float, hi: float, tz) -> int:
    """The wall-clock minute of a moment within a day [lo, hi] (epoch seconds)."""
    if ts <= lo:
        return 0
    if ts >= hi:
        return DAY_MINUTES
    local = datetime.fromtimestamp(ts, tz)
    return local.hour * 60 + local.minute


def day_seconds(pieces: list[Piece]) -> int:
    return sum(p.seconds for p in pieces)


# -- drawing helpers -----------------------------------------------------------------------

def _parse(color: str | None) -> Color:
    try:
        return Color.parse(color or DEFAULT_COLOR)
    except ColorParseError:
        return Color.parse(DEFAULT_COLOR)


@lru_cache(maxsize=256)
def block_style(color: str | None) -> Style:
    """A record's colour as a background, with black or white text, whichever reads better."""
    parsed = _parse(color)
    r, g, b = parsed.get_truecolor()
    luminance = 0.299 * r + 0.587 * g + 0.114 * b
    return Style(bgcolor=parsed, color="#000000" if luminance > 140 else "#ffffff")


def fit(text: str, width: int) -> str:
    """Exactly `width` cells: cut with an ellipsis, or padded with spaces."""
    if width <= 0:
        return ""
    if cell_len(text) > width:
        return set_cell_size(text, width - 1) + "…"
    return set_cell_size(text, width)


def hhmm(minute: int, time_format: str = "24h") -> str:
    """A minute of the day as `14:30`, or `2:30 PM` on the 12-hour clock (24:00 is the end
    of the day: `12:00 AM`)."""
    minute = min(minute, DAY_MINUTES)
    if time_format == TWELVE_HOUR:
        hour = minute // 60 % 24
        return f"{hour % 12 or 12}:{minute % 60:02d} {'AM' if hour < 12 else 'PM'}"
    return f"{minute // 60:02d}:{minute % 60:02d}"


def block_lines(piece: Piece, time_format: str = "24h") -> list[str]:
    """What a week-view block says on its first, second, third … slot (inert text)."""
    record = piece.record
    end = ("now" if record.running and piece.end < DAY_MINUTES
           else hhmm(piece.end, time_format))
    lines = [inert(record.activity),
             f"{'' if piece.begins_here else '…'}{hhmm(piece.start, time_format)}–{end}"]
    if record.description:
        lines.append(inert(record.description.split("\n")[0]))
    lines.append(inert(record.project))
    return lines


def entry_text(piece: Piece, time_format: str = "24h") -> str:
    """A month-view entry: `09:00 Activity` (inert text)."""
    mark = "" if piece.begins_here else "…"
    return f"{mark}{hhmm(piece.start, time_format)} {inert(piece.record.activity)}"


def slot_layout(pieces: list[Piece], slot_minutes: int,
                slots: int) -> list[list[tuple[Piece, int]]]:
    """Per slot, the pieces drawn there with the index of their label line.

    A slot shared by records that only follow each other (one ends 07:55, the next begins
    07:55) shows the one that fills more of it; records that really overlap share the slot
    side by side. A piece's label lines start at the first slot it is drawn in.
    """
    out: list[list[tuple[Piece, int]]] = [[] for _ in range(slots)]
    drawn: dict[int, int] = {}
    for slot in range(slots):
        first = slot * slot_minutes
        last = first + slot_minutes
        here = [p for p in pieces if p.covers(first, last)]
        if len(here) > 1 and not any(
                max(p.start, q.start) < min(p.end, q.end)
                for i, p in enumerate(here) for q in here[i + 1:]):
            here = [max(here, key=lambda p: (min(p.end, last) - max(p.start, first),
                                             -p.start))]
        for piece in here:
            key = id(piece)
            out[slot].append((piece, drawn.get(key, 0)))
            drawn[key] = drawn.get(key, 0) + 1
    return out
