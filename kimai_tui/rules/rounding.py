"""Rounding of begin, end and duration (rules.md §Rounding, kimai.timesheet.rounding).

Applied by the services only when a record is stopped or a stopped record is saved. The
weekday of the END selects the rules; each matching rule rounds begin, then end, recomputes
the duration and rounds it. Times are rounded on the local wall clock (the Decision: Kimai
rounds the UTC timestamp, which shifts half-hour zones), in multiples counted from local
midnight, and seconds count: 12:17:35 rounded down to a minute is 12:17:00.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from kimai_tui.rules.timeutil import attach, seconds_between, wall_time
from kimai_tui.settings import RoundingRule

_DOWN, _UP, _CLOSEST = "down", "up", "closest"

# Direction per mode for (begin, end, duration).
_DIRECTIONS = {
    "default": (_DOWN, _UP, _UP),
    "floor": (_DOWN, _DOWN, _DOWN),
    "ceil": (_UP, _UP, _UP),
    "closest": (_CLOSEST, _CLOSEST, _CLOSEST),
}


def _round_int(value: int, unit: int, direction: str) -> int:
    """value rounded to a multiple of unit; an exact half rounds down in closest mode."""
    rest = value % unit
    if rest == 0:
        return value
    if direction == _DOWN or (direction == _CLOSEST and rest * 2 <= unit):
        return value - rest
    return value - rest + unit


def _round_time(value: datetime, minutes: int, direction: str) -> datetime:
    if minutes <= 0:
        return value
    wall = wall_time(value)
    midnight = wall.replace(hour=0, minute=0, second=0, microsecond=0)
    since = (wall - midnight) // timedelta(microseconds=1)
    rounded = _round_int(since, minutes * 60 * 1_000_000, direction)
    if rounded == since:
        return value
    return attach(midnight + timedelta(microseconds=rounded), value.tzinfo, value.fold)


def round_duration(seconds: int, minutes: int, direction: str) -> int:
    """Rounded duration. Never turns a non-zero duration into zero (the Decision)."""
    if minutes <= 0 or seconds <= 0:
        return seconds
    unit = minutes * 60
    return max(_round_int(seconds, unit, direction), unit)


def apply_rounding(begin: datetime, end: datetime, rules: Sequence[RoundingRule],
                   break_seconds: int = 0) -> tuple[datetime, datetime, int]:
    """(begin, end, duration) of a stopped record after every rule matching the end's weekday.

    begin and end are aware datetimes in the record's own timezone. BREAK_SECONDS (Kimai 2's
    `break`) comes off the duration before the duration rule rounds it, so rates and budgets
    see duration - break (issue "For support staff": pause and breaks); never below 0.
    """
    duration = max(0, seconds_between(begin, end) - break_seconds)
    for rule in rules:
        # Like Kimai, each rule looks at the end as the previous rules left it.
        if end.weekday() not in rule.days:
            continue
        d_begin, d_end, d_duration = _DIRECTIONS.get(rule.mode, _DIRECTIONS["default"])
        begin = _round_time(begin, rule.begin, d_begin)
        end = _round_time(end, rule.end, d_end)
        duration = round_duration(max(0, seconds_between(begin, end) - break_seconds),
                                  rule.duration, d_duration)
    return begin, end, duration


__all__ = ["apply_rounding", "round_duration"]
