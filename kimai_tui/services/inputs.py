"""Parsing what users type (times, yes/no, colours, budgets, key=value) into typed values.

Shared by the command line and the TUI so both accept exactly the same input. Every failure is
a ValidationError or UsageError naming the field and saying what is accepted.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from decimal import Decimal

from kimai_tui.rules.durations import DurationError, parse_duration
from kimai_tui.rules.errors import UsageError, ValidationError
from kimai_tui.rules.rates import parse_money
from kimai_tui.rules.timeutil import attach

_RELATIVE = re.compile(r"([+-])\s*(\S+)", re.ASCII)
_COLOR = re.compile(r"#[0-9a-fA-F]{6}", re.ASCII)
_HOURS = re.compile(r"\d{1,7}(?:[.,]\d{1,6})?", re.ASCII)
MAX_TEXT = 1_000_000  # a description may be long, not unbounded


def localize(naive: datetime, tz) -> datetime:
    """Attach a zone to a wall-clock time; a time in a DST gap moves forward past it."""
    return attach(naive, tz)


def parse_time(text: str, field: str, tz, now: datetime) -> datetime:
    """`2026-11-02 08:00`, ISO with offset, `08:00` (today), `now`, `-20m`, `-1h30m`."""
    value = text.strip()
    if not value:
        raise ValidationError(field=field, message="a time is required")
    if value.lower() == "now":
        return now
    relative = _RELATIVE.fullmatch(value)
    if relative:
        try:
            seconds = parse_duration(relative.group(2))
        except DurationError:
            raise ValidationError(field=field, message=_time_help(value)) from None
        delta = timedelta(seconds=seconds)
        return now - delta if relative.group(1) == "-" else now + delta
    if len(value) > 64:
        raise ValidationError(field=field, message=_time_help(value[:20] + "…"))
    local_midnight = now.astimezone(tz).replace(hour=0, minute=0, second=0, microsecond=0,
                                                tzinfo=None)
    from dateutil import parser as date_parser  # imported when needed: ~5 ms of start-up

    try:
        parsed = date_parser.parse(value, default=local_midnight)
    except (ValueError, OverflowError, TypeError):
        raise ValidationError(field=field, message=_time_help(value)) from None
    if parsed.tzinfo is None:
        parsed = localize(parsed, tz)
    return parsed.replace(microsecond=0)


def _time_help(value: str) -> str:
    return (f'"{value}" is not a time (use 2026-11-02 08:00, 2026-11-02T08:00:00+08:00, '
            "08:00, now, -20m or -1h30m)")


def parse_date(text: str, field: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise ValidationError(field=field, message=f'"{text}" is not a date (use 2026-11-02)'
                              ) from None


def parse_username(text: str, field: str = "username") -> str:
    """A login name: 1 to 180 printable characters without spaces."""
    name = text.strip()
    if name and len(name) <= 180 and name.isprintable() and not any(c.isspace() for c in name):
        return name
    raise ValidationError(field=field, message=f"{text[:40]!r} is not a username "
                          "(no spaces, 1 to 180 printable characters)")


def parse_yes_no(text: str, field: str) -> bool:
    value = text.strip().lower()
    if value in ("yes", "y", "true", "1", "on"):
        return True
    if value in ("no", "n", "false", "0", "off"):
        return False
    raise UsageError(f'"{text}" is not yes or no', field)


def parse_color(text: str, field: str = "color") -> str | None:
    value = text.strip()
    if value == "":
        return None
    if not _COLOR.fullmatch(value):
        raise ValidationError(field=field, message=f'"{value}" is not a colour (use #RRGGBB)')
    return value.lower()


def parse_currency(text: str) -> str:
    """An ISO 4217 code typed in any case ("php" -> "PHP"); kimai_tui.codes decides which exist."""
    from kimai_tui.codes import currency_problem

    value = text.strip().upper()
    problem = currency_problem(value)
    if problem:
        raise ValidationError(field="currency", message=problem)
    return value


def parse_timezone(text: str, field: str = "timezone") -> str:
    from kimai_tui import config_schema  # the same check kimai.yaml gets

    try:
        return config_schema.check_timezone(text.strip())
    except config_schema.Bad as exc:
        raise ValidationError(field=field, message=str(exc)) from None


def parse_time_budget(text: str) -> int:
    """hh:mm or decimal hours ("20" is 20 hours here), or any duration format."""
    value = text.strip()
    if _HOURS.fullmatch(value):
        hours = Decimal(value.replace(",", "."))
        return int((hours * 3600).to_integral_value())
    try:
        return parse_duration(value)
    except DurationError:
        raise ValidationError(field="time-budget", message=f'"{value}" is not a time budget '
                              "(use hh:mm such as 20:00, or decimal hours such as 20 or 7.5)"
                              ) from None


def parse_budget(text: str) -> Decimal:
    return parse_money(text, "budget")


def parse_budget_type(text: str) -> str:
    value = text.strip().lower()
    if value in ("lifetime", "month"):
        return value
    raise UsageError(f'"{text}" is not a budget type (use lifetime or month)', "budget-type")


def parse_text(text: str, field: str, max_length: int = MAX_TEXT, required: bool = False) -> str:
    if required and not text.strip():
        raise ValidationError(field=field, message=f"{field} is required")
    if len(text) > max_length:
        raise ValidationError(field=field,
                              message=f"{field} is longer than {max_length:,} characters")
    return text.strip() if max_length <= 255 else text


def parse_tags(text: str) -> tuple[str, ...]:
    tags = []
    for part in text.split(","):
        name = part.strip()
        if not name:
            continue
        if len(name) > 100:
            raise ValidationError(field="tags", message="a tag is at most 100 characters")
        if name.lower() not in (t.lower() for t in tags):
            tags.append(name)
    return tuple(tags)


def parse_meta(items: list[str], declared: tuple, kind: str) -> dict[str, str]:
    """`k=v` pairs for custom fields declared in kimai.yaml (custom_fields.<kind>)."""
    by_name = {f.name: f for f in declared}
    out: dict[str, str] = {}
    for item in items:
        name, sep, value = item.partition("=")
        name = name.strip()
        if not sep or not name:
            raise UsageError(f'"{item}" is not name=value', "meta")
        if name not in by_name:
            known = ", ".join(sorted(by_name)) or "none are declared in kimai.yaml"
            raise ValidationError(field="meta", message=f"{name!r} is not a custom field "
                                  f"of {kind}s (known: {known})")
        if by_name[name].type == "checkbox":
            value = "1" if parse_yes_no(value, f"meta {name}") else "0"
        if len(value) > 65_535:
            raise ValidationError(field="meta", message=f"{name}: value is too long")
        out[name] = value
    return out


_CLOCK_ONLY = re.compile(r"\d{1,2}(:\d{2}){1,2}\s*([ap]\.?m\.?)?|\d{1,2}\s*[ap]\.?m\.?",
                         re.ASCII | re.IGNORECASE)


def parse_end(text: str, begin: datetime, tz, now: datetime) -> datetime:
    """An end time in a form: a bare clock time is on the begin's day (or the next day when it
    would fall before the begin, as for a night shift); anything else as parse_time."""
    value = text.strip()
    if _CLOCK_ONLY.fullmatch(value):
        day = begin.astimezone(tz).date()
        from dateutil import parser as date_parser

        try:
            clock = date_parser.parse(value).time()
        except (ValueError, OverflowError):
            raise ValidationError(field="end", message=_time_help(value)) from None
        end = localize(datetime.combine(day, clock), tz)
        if end < begin:
            end = localize(datetime.combine(day + timedelta(days=1), clock), tz)
        return end
    return parse_time(value, "end", tz, now)


def form_times(begin_text: str, end_text: str, duration_text: str, prefer_duration: bool,
               tz, now: datetime) -> tuple[datetime, datetime | None, dict[str, list[str]]]:
    """What a record form's begin / end / duration fields mean together.

    Returns (begin, end or None for running, field errors). When both end and duration are
    filled, the one typed last (`prefer_duration`) wins.
    """
    from kimai_tui.rules.durations import parse_optional_duration

    errors: dict[str, list[str]] = {}
    begin = now
    try:
        begin = parse_time(begin_text, "begin", tz, now)
    except ValidationError as exc:
        errors.update(exc.errors)
    end = None
    use_duration = duration_text.strip() and (prefer_duration or not end_text.strip())
    try:
        if use_duration:
            seconds = parse_optional_duration(duration_text)
            end = None if seconds is None else begin + timedelta(seconds=seconds)
        elif end_text.strip():
            end = parse_end(end_text, begin, tz, now)
    except ValidationError as exc:
        errors.update(exc.errors)
    return begin, end, errors
