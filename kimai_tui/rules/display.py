"""How times and durations are shown to a user (rules.md §Markdown and display): 12- or
24-hour clock per the user's `time_format`, durations as H:MM or decimal hours per their
`decimal_hours` preference. Input accepts both clocks (python-dateutil reads `1:30 PM`); JSON
keeps ISO 8601. Pure functions over local (already converted) datetimes."""

from __future__ import annotations

from datetime import datetime

from kimai_tui.rules.durations import format_decimal_hours, format_duration

TWELVE_HOUR = "12h"


def format_clock(local: datetime, time_format: str = "24h", seconds: bool = False) -> str:
    """`13:30` (24h) or `1:30 PM` (12h); with SECONDS `13:30:05` / `1:30:05 PM`."""
    if time_format != TWELVE_HOUR:
        return local.strftime("%H:%M:%S" if seconds else "%H:%M")
    hour = local.hour % 12 or 12
    tail = f":{local.second:02d}" if seconds else ""
    return f"{hour}:{local.minute:02d}{tail} {'AM' if local.hour < 12 else 'PM'}"


def format_date_clock(local: datetime, time_format: str = "24h", seconds: bool = False) -> str:
    """`2026-11-02 13:30` or `2026-11-02 1:30 PM` (what an editor field shows and reads)."""
    return f"{local.strftime('%Y-%m-%d')} {format_clock(local, time_format, seconds)}"


def format_hours(seconds: int, decimal_hours: bool = False) -> str:
    """A duration in seconds as `H:MM` (9437 -> `2:37`) or decimal hours (`2.62`)."""
    return format_decimal_hours(seconds) if decimal_hours else format_duration(seconds)


__all__ = ["TWELVE_HOUR", "format_clock", "format_date_clock", "format_hours"]
