"""Small helpers for wall-clock arithmetic on timezone-aware datetimes.

Python subtracts two datetimes that share a tzinfo object as naive wall times, which is wrong
across a DST change; `seconds_between` goes through UTC. `attach` puts a wall time back into a
zone and moves a time that falls into a DST gap forward, as a clock would.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone, tzinfo

from dateutil import tz as dateutil_tz

_SECOND = timedelta(seconds=1)


def seconds_between(begin: datetime, end: datetime) -> int:
    """Whole seconds from begin to end (floored), correct across DST changes."""
    return (end.astimezone(timezone.utc) - begin.astimezone(timezone.utc)) // _SECOND


def utc(value: datetime) -> datetime:
    """value in UTC, for comparing: Python compares datetimes sharing a tzinfo as wall times."""
    return value.astimezone(timezone.utc)


def attach(wall: datetime, zone: tzinfo | None, fold: int = 0) -> datetime:
    """The naive wall time `wall` in `zone`; a time inside a DST gap moves past the gap."""
    aware = wall.replace(tzinfo=zone, fold=fold)
    if zone is None:
        return aware
    return dateutil_tz.resolve_imaginary(aware)


def wall_time(value: datetime) -> datetime:
    """The naive local wall-clock reading of an aware datetime."""
    return value.replace(tzinfo=None)
