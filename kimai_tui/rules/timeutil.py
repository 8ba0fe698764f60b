"""Small helpers for wall-clock arithmetic on timezone-aware datetimes.

Python subtracts two datetimes that share a tzinfo object as naive wall times, which is wrong
across a DST change; `seconds_between` goes through UTC. `attach` puts a wall time back into a
zone and moves a time that falls into a DST gap forward, as a clock would.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone, tzinfo
from functools import lru_cache

_SECOND = timedelta(seconds=1)


@lru_cache(maxsize=None)
def find_zone(name: str) -> tzinfo | None:
    """The tzinfo of an IANA name, or None. The standard library's zoneinfo reads the system's
    (or the tzdata package's) database; dateutil, with its own bundled copy, is the fallback
    for a machine without either. zoneinfo first because importing dateutil.tz costs a
    command-line call ~8 ms."""
    import zoneinfo

    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, OSError):
        pass
    from dateutil import tz as dateutil_tz

    return dateutil_tz.gettz(name) if name else None


def zone(name: str) -> tzinfo:
    """A tzinfo for an IANA name; unknown names fall back to UTC (names are validated on save)."""
    return find_zone(name) or timezone.utc


def seconds_between(begin: datetime, end: datetime) -> int:
    """Whole seconds from begin to end (floored), correct across DST changes."""
    return (end.astimezone(timezone.utc) - begin.astimezone(timezone.utc)) // _SECOND


def utc(value: datetime) -> datetime:
    """value in UTC, for comparing: Python compares datetimes sharing a tzinfo as wall times."""
    return value.astimezone(timezone.utc)


def attach(wall: datetime, zone: tzinfo | None, fold: int = 0) -> datetime:
    """The naive wall time `wall` in `zone`; a time inside a DST gap moves past the gap."""
    aware = wall.replace(tzinfo=zone, fold=fold)
    if zone is None or _exists(aware):
        return aware
    # Inside a DST gap: move forward by the size of the gap (the offset after it minus the
    # offset before it), as a clock does: 02:30 on a spring-forward night becomes 03:30.
    # (dateutil.tz.resolve_imaginary does the same; importing dateutil.tz costs a
    # command-line call ~14 ms.)
    return aware + ((aware + _DAY).utcoffset() - (aware - _DAY).utcoffset())


_DAY = timedelta(hours=24)


def _exists(aware: datetime) -> bool:
    """A wall time exists in its zone when it survives a round trip through UTC."""
    back = aware.astimezone(timezone.utc).astimezone(aware.tzinfo)
    return back.replace(tzinfo=None) == aware.replace(tzinfo=None)


def wall_time(value: datetime) -> datetime:
    """The naive local wall-clock reading of an aware datetime."""
    return value.replace(tzinfo=None)
