"""Tracking modes (rules.md §Tracking modes, kimai.timesheet.mode).

The mode decides which time fields a regular user's own form has. Users with
edit_other_timesheet always get begin, end and duration (seed 003: the team and admin screens
keep them, to correct wrong or forgotten entries).
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, tzinfo

from kimai_tui.rules.errors import ValidationError
from kimai_tui.rules.timeutil import attach
from kimai_tui.settings import TRACKING_MODE_ALIASES, TRACKING_MODES

ALL_FIELDS = frozenset({"begin", "end", "duration"})
_FIELDS = {
    "default": ALL_FIELDS,
    "punch": frozenset(),  # start and stop "now" only
    "duration_only": frozenset({"begin", "duration"}),
    "duration_fixed_begin": frozenset({"duration"}),  # begin comes from default_begin
}
_CLOCK = re.compile(r"(\d{1,2}):(\d{2})(?::(\d{2}))?", re.ASCII)


def normalize_mode(name: str) -> str:
    """The canonical mode name; Kimai's spellings time_clock and duration_fixed_start too."""
    key = name.strip().lower()
    key = TRACKING_MODE_ALIASES.get(key, key)
    if key not in TRACKING_MODES:
        raise ValidationError(field="mode", message=f'"{name}" is not a tracking mode (use '
                              f'{", ".join(TRACKING_MODES)})')
    return key


def form_fields(mode: str, can_edit_other: bool) -> frozenset[str]:
    """Which of begin, end, duration the form offers."""
    if can_edit_other:
        return ALL_FIELDS
    return _FIELDS[normalize_mode(mode)]


def may_edit_times(mode: str, own_record: bool, can_edit_other_timesheet: bool) -> bool:
    """May this user set the times of the record at all (any of begin, end, duration)?

    Someone else's record needs edit_other_timesheet, which also lifts the mode's limits.
    """
    if can_edit_other_timesheet:
        return True
    return own_record and bool(form_fields(mode, False))


def shows_times(mode: str, can_edit_other: bool) -> bool:
    """Do tables show begin and end (not only date and duration)?"""
    return can_edit_other or normalize_mode(mode) in ("default", "punch")


def calendar_selection_enabled(mode: str) -> bool:
    """Calendar range selection and day clicks are off in the time-clock mode."""
    return normalize_mode(mode) != "punch"


def fixed_begin(day: date, default_begin: str, now: datetime, tz: tzinfo) -> datetime:
    """Begin of a duration_fixed_begin record on `day`: default_begin, or now's time of day."""
    text = default_begin.strip().lower()
    if text == "now":
        clock = now.astimezone(tz).time().replace(tzinfo=None)
    else:
        m = _CLOCK.fullmatch(text)
        if m is None or int(m.group(1)) > 23 or int(m.group(2)) > 59 or int(m.group(3) or 0) > 59:
            raise ValidationError(field="default_begin",
                                  message=f'"{default_begin}" is not a time (use now or 07:30)')
        clock = time(int(m.group(1)), int(m.group(2)), int(m.group(3) or 0))
    return attach(datetime.combine(day, clock), tz)


__all__ = ["ALL_FIELDS", "normalize_mode", "form_fields", "may_edit_times", "shows_times",
           "calendar_selection_enabled", "fixed_begin"]
