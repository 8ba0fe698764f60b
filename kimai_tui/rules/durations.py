"""Duration input and display (rules.md §Durations).

Accepted input: `H:M` / `H:M:S` (overflow allowed in every field), `XhYmZs` (each part
optional, in that order), a bare integer (seconds, the Decision against Kimai 2.66's hours) and
decimal hours with `.` or `,`. Every regex is ASCII-only so that Unicode digits such as '١٢'
never reach int(), and the input length is capped so that int() never sees a giant number.
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal

from kimai_tui.rules.errors import ValidationError

MAX_DURATION = 365 * 86400
FORMATS_HINT = "use 2:30, 2h30m, 9000 or 2.5"

# 40 characters hold any valid duration (a year is 31536000 s) with room for padding zeros;
# longer input is refused before any number is built.
_MAX_INPUT = 40

_CLOCK = re.compile(r"(\d+):(\d+)(?::(\d+))?", re.ASCII)
_UNITS = re.compile(r"(?:(\d+)h)?\s*(?:(\d+)m)?\s*(?:(\d+)s)?", re.ASCII | re.IGNORECASE)
_SECONDS = re.compile(r"\d+", re.ASCII)
_DECIMAL = re.compile(r"(\d*)[.,](\d*)", re.ASCII)


class DurationError(ValidationError):
    """A duration the user typed that none of the accepted formats reads."""

    def __init__(self, message: str):
        super().__init__(field="duration", message=message)


def _refuse(text: str) -> DurationError:
    shown = text if len(text) <= _MAX_INPUT else text[:_MAX_INPUT] + "…"
    return DurationError(f'"{shown}" is not a duration ({FORMATS_HINT})')


def _seconds(text: str) -> int | None:
    """The seconds `text` means, or None when no format reads it."""
    m = _CLOCK.fullmatch(text)
    if m:
        h, mi, s = m.groups()
        return int(h) * 3600 + int(mi) * 60 + int(s or 0)
    if _SECONDS.fullmatch(text):
        return int(text)
    m = _DECIMAL.fullmatch(text)
    if m and (m.group(1) or m.group(2)):
        hours = Decimal(f"{m.group(1) or 0}.{m.group(2) or 0}")
        return int((hours * 3600).quantize(Decimal(1), rounding=ROUND_HALF_UP))
    m = _UNITS.fullmatch(text)
    if m and any(m.groups()):
        h, mi, s = (int(g or 0) for g in m.groups())
        return h * 3600 + mi * 60 + s
    return None


def parse_duration(text: str) -> int:
    """Seconds for a typed duration; DurationError (and nothing else) for anything unreadable."""
    stripped = text.strip()
    if not stripped or len(stripped) > _MAX_INPUT:
        raise _refuse(stripped)
    seconds = _seconds(stripped)
    if seconds is None:
        raise _refuse(stripped)
    if seconds > MAX_DURATION:
        raise DurationError(f'"{stripped}" is longer than one year')
    return seconds


def parse_optional_duration(text: str) -> int | None:
    """An empty duration field means a running record (None); anything else is parsed."""
    if not text.strip():
        return None
    return parse_duration(text)


def format_duration(seconds: int) -> str:
    """`H:MM` with unpadded hours; seconds are truncated, never rounded up."""
    sign = "-" if seconds < 0 else ""
    minutes = abs(int(seconds)) // 60
    return f"{sign}{minutes // 60}:{minutes % 60:02d}"


def format_decimal_hours(seconds: int) -> str:
    """Decimal hours with 2 places (9437 s -> 2.62), rounded half up like every amount."""
    hours = (Decimal(int(seconds)) / Decimal(3600)).quantize(Decimal("0.01"),
                                                            rounding=ROUND_HALF_UP)
    return str(hours)


__all__ = ["MAX_DURATION", "DurationError", "parse_duration", "parse_optional_duration",
           "format_duration", "format_decimal_hours"]
