"""Parsing what users type (times, yes/no, colours, budgets, key=value) into typed values.

Shared by the command line and the TUI so both accept exactly the same input. Every failure is
a ValidationError or UsageError naming the field and saying what is accepted.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from kimai_tui.rules.durations import DurationError, parse_duration
from kimai_tui.rules.errors import UsageError, ValidationError
from kimai_tui.rules.rates import parse_money
from kimai_tui.rules.timeutil import attach
from kimai_tui.services import record_fields

_RELATIVE = re.compile(r"([+-])\s*(\S+)", re.ASCII)
_COLOR = re.compile(r"#[0-9a-fA-F]{6}", re.ASCII)
_HOURS = re.compile(r"\d{1,7}(?:[.,]\d{1,6})?", re.ASCII)
MAX_TEXT = 1_000_000  # a description may be long, not unbounded


def localize(naive: datetime, tz) -> datetime:
    """Attach a zone to a wall-clock time; a time in a DST gap moves forward past it."""
    return attach(naive, tz)


def parse_time(text: str, field: str, tz, now: datetime) -> datetime:
    """`2026-11-02 08:00`, ISO with offset, `08:00` (today), `yesterday 17:00`, `monday 9:00`
    (the most recent Monday, today included), `today`, `tomorrow`, `now`, `-20m`, `-1h30m`;
    in the zone TZ unless an offset is given. ValidationError listing these otherwise."""
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
    named = _NAMED_DAY.fullmatch(value)
    if named:  # "yesterday 17:00", "monday 9:00", "today": a day said by name, then a time
        local_midnight = datetime.combine(_named_day(named.group(1).lower(),
                                                     local_midnight.date()), time())
        value = (named.group(2) or "").strip()
        if not value:
            return localize(local_midnight, tz)
        if value.isdigit() and len(value) <= 2 and int(value) < 24:  # "friday 9": 09:00
            return localize(local_midnight.replace(hour=int(value)), tz)
    elif value.isdigit():  # "9", "930": a day of the month or a year to dateutil, a guess
        raise ValidationError(field=field, message=_time_help(text.strip()))
    from dateutil import parser as date_parser  # imported when needed: ~5 ms of start-up

    try:
        parsed = date_parser.parse(value, default=local_midnight)
    except (ValueError, OverflowError, TypeError):
        raise ValidationError(field=field, message=_time_help(text.strip())) from None
    if named and parsed.date() != local_midnight.date():  # "friday 2026-01-09": which day?
        raise ValidationError(field=field, message=_time_help(text.strip()))
    if parsed.tzinfo is None:
        parsed = localize(parsed, tz)
    return parsed.replace(microsecond=0)


_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_NAMED_DAY = re.compile(r"(today|yesterday|tomorrow|mon|tue|wed|thu|fri|sat|sun|monday|tuesday|"
                        r"wednesday|thursday|friday|saturday|sunday)\b(.*)", re.IGNORECASE)


def _named_day(word: str, today: date) -> date:
    """today / yesterday / tomorrow, or a weekday: the most recent one, today included
    (time is tracked after the fact: "monday" on a Wednesday is two days ago)."""
    if word in ("today", "yesterday", "tomorrow"):
        return today + timedelta(days={"today": 0, "yesterday": -1, "tomorrow": 1}[word])
    weekday = next(i for i, name in enumerate(_WEEKDAYS) if name.startswith(word))
    return today - timedelta(days=(today.weekday() - weekday) % 7)


def _time_help(value: str) -> str:
    return (f'"{value}" is not a time (use 2026-11-02 08:00, 2026-11-02T08:00:00+08:00, '
            "08:00, yesterday 17:00, monday 9:00, now, -20m or -1h30m)")


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
    if value in record_fields.YES:
        return True
    if value in record_fields.NO:
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
    """Comma-separated tag names, cleaned as every face's tags are (record_fields.clean_tags)."""
    return record_fields.clean_tags(text.split(","))


def parse_meta(items: list[str], declared: tuple, kind: str) -> dict[str, str]:
    """`k=v` pairs for custom fields declared in kimai.yaml (custom_fields.<kind>), cleaned
    as every face's values are (record_fields.clean_meta). UsageError for an item without =."""
    pairs: dict[str, str] = {}
    for item in items:
        name, sep, value = item.partition("=")
        name = name.strip()
        if not sep or not name:
            raise UsageError(f'"{item}" is not name=value', "meta")
        pairs[name] = value
    return record_fields.clean_meta(pairs, declared, kind)


_CLOCK_ONLY = re.compile(r"\d{1,2}(:\d{2}){1,2}\s*([ap]\.?m\.?)?|\d{1,2}\s*[ap]\.?m\.?",
                         re.ASCII | re.IGNORECASE)


# A bare end time before the begin is taken for the next day only up to this many seconds of
# record (a night shift, 22:00 to 06:00); 12:20 to 12:00 is a slip, not 23:40 of work.
NEXT_DAY_LIMIT = 12 * 3600


def parse_end(text: str, begin: datetime, tz, now: datetime) -> datetime:
    """An end time in a form: a bare clock time is on the begin's day, or the next day when it
    would fall before the begin and the record then lasts at most NEXT_DAY_LIMIT (a night
    shift; beyond it ValidationError asks for the date); anything else as parse_time."""
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
            if (end - begin).total_seconds() > NEXT_DAY_LIMIT:
                shown = begin.astimezone(tz)
                raise ValidationError(field="end", message=(
                    f"{value} comes before the begin ({shown:%H:%M}); an end on the next day "
                    f"needs its date, e.g. {end.astimezone(tz):%Y-%m-%d %H:%M}"))
        return end
    return parse_time(value, "end", tz, now)


@dataclass(frozen=True)
class FormTimes:
    """What a record form's begin / end / duration fields mean together.

    `begin` is the typed begin (aware). Exactly one of the following holds: `duration` is the
    typed duration in seconds (the service computes the end from the begin it stores, once:
    rules.md §Tracking modes); or `end` is the typed end (aware); or both are None, a running
    record. `errors` maps field to messages; the values are meaningless when it is not empty.
    """

    begin: datetime
    end: datetime | None
    duration: int | None
    errors: dict[str, list[str]]

    def preview_end(self, begin: datetime) -> datetime | None:
        """The end a record beginning at BEGIN would have (the preview's, not a stored one)."""
        if self.duration is not None:
            return begin + timedelta(seconds=self.duration)
        return self.end


def form_times(begin_text: str, end_text: str, duration_text: str, prefer_duration: bool,
               tz, now: datetime) -> FormTimes:
    """Parse a record form's begin, end and duration text. When both end and duration are
    filled, the one typed last (`prefer_duration`) wins; the other is ignored."""
    from kimai_tui.rules.durations import parse_optional_duration

    errors: dict[str, list[str]] = {}
    begin = now
    try:
        begin = parse_time(begin_text, "begin", tz, now)
    except ValidationError as exc:
        errors.update(exc.errors)
    end = duration = None
    use_duration = duration_text.strip() and (prefer_duration or not end_text.strip())
    try:
        if use_duration:
            duration = parse_optional_duration(duration_text)
        elif end_text.strip():
            end = parse_end(end_text, begin, tz, now)
    except ValidationError as exc:
        errors.update(exc.errors)
    return FormTimes(begin, end, duration, errors)
