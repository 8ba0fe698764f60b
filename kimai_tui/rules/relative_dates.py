"""A small reader for the PHP strtotime phrases Kimai's lockdown settings use.

Supported, combined left to right: `now`, `today`/`midnight`, `yesterday`, `tomorrow`,
`first day of` / `last day of` + `last|previous|this|next month`, `last|this|next month`,
`+N`/`-N`/`N` + `second|minute|hour|day|week|month|year` (plural too), a time `HH:MM[:SS]`,
and an ISO date `YYYY-MM-DD` (optionally `YYYY-MM-DDTHH:MM[:SS]`).

Like PHP, a phrase without a time keeps the base's time of day, except today, midnight,
yesterday and tomorrow, which set 00:00 - so `last day of last month` alone is *not* the end
of that day; Kimai's documentation writes `last day of last month 23:59:59`. Like PHP too,
adding months overflows (Jan 31 + 1 month = Mar 3) and `first/last day of` never overflows.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

from kimai_tui.rules.errors import ValidationError
from kimai_tui.rules.timeutil import attach, wall_time

_UNIT_SECONDS = {"second": 1, "sec": 1, "minute": 60, "min": 60, "hour": 3600, "day": 86400,
                 "week": 7 * 86400}
_MONTH_SHIFT = {"last": -1, "previous": -1, "this": 0, "next": 1}
_TOKENS = re.compile(
    r"""\s*(?:
      (?P<iso>\d{4}-\d{2}-\d{2})(?:[t\s](?P<isotime>\d{1,2}:\d{2}(?::\d{2})?))?
    | (?P<time>\d{1,2}:\d{2}(?::\d{2})?)
    | (?P<dayof>first|last)\s+day\s+of(?:\s+(?P<which>last|previous|this|next)\s+month)?
    | (?P<which2>last|previous|this|next)\s+month
    | (?P<num>[+-]?\s*\d{1,6})\s*(?P<unit>sec|second|min|minute|hour|day|week|month|year)s?
    | (?P<word>now|today|midnight|yesterday|tomorrow)
    )(?=\s|$)""", re.ASCII | re.IGNORECASE | re.VERBOSE)


def _add_months(wall: datetime, months: int) -> datetime:
    """PHP-style: keep the day number and let it overflow into the next month."""
    index = wall.year * 12 + wall.month - 1 + months
    first = wall.replace(year=index // 12, month=index % 12 + 1, day=1)
    return first + timedelta(days=wall.day - 1)


def _clock(text: str) -> tuple[int, int, int]:
    parts = [int(p) for p in text.split(":")] + [0]
    hour, minute, second = parts[0], parts[1], parts[2]
    if hour > 23 or minute > 59 or second > 59:
        raise ValueError(text)
    return hour, minute, second


def _last_day(wall: datetime) -> int:
    nxt = _add_months(wall.replace(day=1), 1)
    return (nxt - timedelta(days=1)).day


def relative_date(text: str, now: datetime, key: str = "lockdown") -> datetime:
    """The moment `text` means relative to `now` (aware), in now's timezone.

    As in PHP, absolute parts set the base, relative parts are summed and applied after
    them: months first, then `first/last day of`, then days and smaller units.
    """
    wall = wall_time(now)
    months, offset, day_of = 0, timedelta(), None
    pos, source = 0, text.strip()
    try:
        if not source:
            raise ValueError(text)
        while pos < len(source):
            m = _TOKENS.match(source, pos)
            if m is None or m.end() == pos:
                raise ValueError(text)
            pos = m.end()
            if m["iso"]:
                d = date.fromisoformat(m["iso"])
                wall = datetime(d.year, d.month, d.day)
                if m["isotime"]:
                    h, mi, s = _clock(m["isotime"])
                    wall = wall.replace(hour=h, minute=mi, second=s)
            elif m["time"]:
                h, mi, s = _clock(m["time"])
                wall = wall.replace(hour=h, minute=mi, second=s, microsecond=0)
            elif m["dayof"]:
                day_of = m["dayof"].lower()
                months += _MONTH_SHIFT[(m["which"] or "this").lower()]
            elif m["which2"]:
                months += _MONTH_SHIFT[m["which2"].lower()]
            elif m["num"]:
                amount = int(m["num"].replace(" ", ""))
                unit = m["unit"].lower()
                if unit in ("month", "year"):
                    months += amount * (12 if unit == "year" else 1)
                else:
                    offset += timedelta(seconds=amount * _UNIT_SECONDS[unit])
            else:
                word = m["word"].lower()
                if word != "now":
                    wall = wall.replace(hour=0, minute=0, second=0, microsecond=0)
                    offset += timedelta(days={"yesterday": -1, "tomorrow": 1}.get(word, 0))
        if day_of is not None:
            # "first/last day of" never overflows: Jan 31 -> first day of next month = Feb 1.
            wall = _add_months(wall.replace(day=1), months)
            if day_of == "last":
                wall = wall.replace(day=_last_day(wall))
        else:
            wall = _add_months(wall, months)
        wall += offset
    except (ValueError, OverflowError):
        raise ValidationError(field=key, message=f'"{text}" is not a relative date (e.g. '
                              '"first day of last month 00:00:00", "+10 days")') from None
    return attach(wall, now.tzinfo)


__all__ = ["relative_date"]
