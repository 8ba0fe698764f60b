"""Where a record begins under the tracking mode, decided once for every face.

rules.md §Tracking modes: in `duration_fixed_begin` a regular user's record begins at
kimai.timesheet.default_begin on the day asked for (or at now's time of day when it is `now`);
users with edit_other_timesheet keep the begin they typed. The save pipeline
(`record_save._resolve_times`) and the editor's preview both ask `mode_begin`, so what the
preview shows is what is stored.
"""

from __future__ import annotations

from datetime import date, datetime, time

from kimai_tui.rules import modes
from kimai_tui.services.context import Context


def mode_begin(ctx: Context, begin: datetime, tz) -> datetime:
    """The begin stored for a typed BEGIN (aware) in zone TZ: unchanged unless the mode is
    duration_fixed_begin and the actor lacks edit_other_timesheet. Raises ValidationError
    (field default_begin) when kimai.yaml's default_begin is not a time."""
    settings = ctx.settings.kimai.timesheet
    if modes.normalize_mode(settings.mode) != "duration_fixed_begin" \
            or ctx.can("edit_other_timesheet"):
        return begin
    return modes.fixed_begin(begin.astimezone(tz).date(), settings.default_begin, ctx.now(), tz)


def day_begin(ctx: Context, day: date, tz) -> datetime:
    """Where a new record on DAY begins when the person did not say (the calendar's new
    record): kimai.timesheet.default_begin on that day, else 08:00 (also when default_begin
    is `now` or not a time)."""
    from kimai_tui.rules.errors import ValidationError
    from kimai_tui.rules.timeutil import attach

    setting = ctx.settings.kimai.timesheet.default_begin
    if setting.strip().lower() != "now":
        try:
            return modes.fixed_begin(day, setting, ctx.now(), tz)
        except ValidationError:
            pass
    return attach(datetime.combine(day, time(8, 0)), tz)
