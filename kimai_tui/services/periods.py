"""Day, week and month periods in the user's time zone, for the timesheet and the calendar."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from dateutil.relativedelta import relativedelta

from kimai_tui.services.inputs import localize

UNITS = ("day", "week", "month")
# The timesheet's opening view: the user's newest records over any period, by day
# (services/record_view.RecentSource); not a span of days, so not among UNITS.
RECENT = "recent"


@dataclass(frozen=True)
class Period:
    unit: str
    first: date  # the first day
    last: date  # the last day (inclusive)

    def bounds(self, tz) -> tuple[datetime, datetime]:
        """[start, end) as aware datetimes: local midnights, DST-correct."""
        start = localize(datetime.combine(self.first, time()), tz)
        end = localize(datetime.combine(self.last + timedelta(days=1), time()), tz)
        return start, end

    def label(self) -> str:
        if self.unit == RECENT:
            return "Recent work"
        if self.unit == "day":
            return self.first.strftime("%a %d %b %Y")
        if self.unit == "week":
            week = self.first.isocalendar()[1]
            return (f"Week {week}: {self.first.strftime('%a %d %b')} – "
                    f"{self.last.strftime('%a %d %b %Y')}")
        return self.first.strftime("%B %Y")

    def days(self) -> list[date]:
        return [self.first + timedelta(days=i) for i in range((self.last - self.first).days + 1)]


def period_of(unit: str, day: date) -> Period:
    if unit == "day":
        return Period("day", day, day)
    if unit == "week":
        first = day - timedelta(days=day.weekday())
        return Period("week", first, first + timedelta(days=6))
    first = day.replace(day=1)
    return Period("month", first, first + relativedelta(months=1) - timedelta(days=1))


def shift(period: Period, steps: int) -> Period:
    if period.unit == "day":
        return period_of("day", period.first + timedelta(days=steps))
    if period.unit == "week":
        return period_of("week", period.first + timedelta(weeks=steps))
    return period_of("month", period.first + relativedelta(months=steps))


def next_unit(unit: str) -> str:
    return UNITS[(UNITS.index(unit) + 1) % len(UNITS)]


def shift_day(unit: str, day: date, steps: int) -> date:
    """The day looked at, moved with its period by `steps` units (a month from 31 January
    is the last of February), so that cycling day/week/month later opens on that day."""
    if unit == "day":
        return day + timedelta(days=steps)
    if unit == "week":
        return day + timedelta(weeks=steps)
    return day + relativedelta(months=steps)
