"""Invoices: numbers from Kimai's format, lines grouped as Kimai's calculators group them, and
totals with tax (Kimai's invoice documentation; rules.md §Rates for amounts).

Pure: the services count existing invoices and hand the counts in.

Number format placeholders (Kimai's ConfigurableNumberGenerator): `{Y}` `{y}` `{M}` `{m}`
`{D}` `{d}` `{date}` (= `{y}{M}{D}`), counters `{c}` `{cy}` `{cm}` `{cd}` (all invoices ever,
this year, month, day), `{cc}` `{ccy}` `{ccm}` `{ccd}` (the customer's), `{cu}` `{cuy}` `{cum}`
`{cud}` (the invoicing user's), `{cname}` `{cnumber}` (the customer's name and number),
`{ustaff}` `{uid}` (the invoicing user's staff number and id). A counter is the number of
such invoices before this one, plus one; `{cy,3}` pads to 3 digits; `{cy+100}` adds 100.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from kimai_tui.rules.errors import ValidationError

DEFAULT_NUMBER_FORMAT = "{Y}/{cy,3}"
GROUPINGS = ("record", "activity", "project", "user", "date")
STATUSES = ("new", "pending", "paid", "cancelled")
COUNTERS = ("c", "cy", "cm", "cd", "cc", "ccy", "ccm", "ccd", "cu", "cuy", "cum", "cud")
_DATE_PARTS = ("Y", "y", "M", "m", "D", "d", "date")
_TEXT_PARTS = ("cname", "cnumber", "ustaff", "uid")
# {name}, {name,width}, {name+n}, and both in either order: {cy,3+100} or {cy+100,3}
_PLACEHOLDER = re.compile(
    r"\{([A-Za-z]+)(?:,(\d{1,2}))?(?:([+-])(\d{1,9}))?(?:,(\d{1,2}))?\}")
CENT = Decimal("0.01")


def parse_number_format(text: str) -> list[str]:
    """The placeholder names of a number format; ValidationError (field "number_format")
    naming what is wrong: unknown placeholder, a lone brace, or no counter and no date (every
    invoice would get the same number)."""
    names = []
    for match in _PLACEHOLDER.finditer(text):
        name = match.group(1)
        if name not in COUNTERS + _DATE_PARTS + _TEXT_PARTS:
            raise ValidationError(field="number_format", message=(
                f"{{{name}}} is not a placeholder (use {{Y}}, {{M}}, {{D}}, a counter such as "
                "{cy} or {ccm}, {cname} or {cnumber}; a width as {cy,3})"))
        if match.group(3) and name not in COUNTERS:
            raise ValidationError(field="number_format",
                                  message=f"only counters can be increased, not {{{name}}}")
        names.append(name)
    rest = _PLACEHOLDER.sub("", text)
    if "{" in rest or "}" in rest:
        raise ValidationError(field="number_format", message=(
            f'"{text}" has a brace outside a placeholder such as {{cy,3}}'))
    if not any(name in COUNTERS for name in names):
        raise ValidationError(field="number_format", message=(
            f'"{text}" has no counter ({{c}}, {{cy}}, {{cm}}, {{cc}}, ...): two invoices could '
            "get the same number"))
    return names


def counter_scopes(names: Iterable[str]) -> set[str]:
    """The counters a format uses (the service counts only those)."""
    return {name for name in names if name in COUNTERS}


def format_number(fmt: str, day: date, counts: Mapping[str, int],
                  texts: Mapping[str, str], bump: int = 0) -> str:
    """The invoice number for FMT on DAY. COUNTS: counter name -> invoices of that scope
    before this one; TEXTS: cname, cnumber, ustaff, uid. BUMP is added to every counter (the
    service retries with bump 1, 2, ... if a number exists already)."""
    values = {"Y": f"{day.year:04d}", "y": f"{day.year % 100:02d}", "M": f"{day.month:02d}",
              "m": str(day.month), "D": f"{day.day:02d}", "d": str(day.day),
              "date": f"{day.year % 100:02d}{day.month:02d}{day.day:02d}"}

    def replace(match: re.Match) -> str:
        name, width, sign, amount, width_after = match.groups()
        width = width or width_after
        if name in COUNTERS:
            value = counts.get(name, 0) + 1 + bump
            if sign:
                value += int(amount) if sign == "+" else -int(amount)
            text = str(value)
        elif name in values:
            text = values[name]
        else:
            text = re.sub(r"[{}]", "", texts.get(name, ""))
        return text.zfill(int(width)) if width else text

    return _PLACEHOLDER.sub(replace, fmt)


@dataclass(frozen=True)
class Item:
    """One record as an invoice sees it: amounts as stored (4 decimals), seconds."""

    record_id: int
    day: date
    user: str
    project: str
    activity: str
    description: str
    seconds: int
    amount: Decimal
    hourly_rate: Decimal | None
    fixed_rate: Decimal | None
    keys: tuple[int, int, int] = (0, 0, 0)  # user, project and activity ids, for grouping


@dataclass
class Line:
    """One invoice line: what it covers, hours, the rate when all its records share one,
    and the amount (4 decimals)."""

    description: str
    day: date | None
    user: str
    project: str
    activity: str
    seconds: int = 0
    amount: Decimal = Decimal("0")
    rate: Decimal | None = None
    fixed: bool = False
    records: list[int] = field(default_factory=list)

    @property
    def hours(self) -> Decimal:
        return (Decimal(self.seconds) / 3600).quantize(CENT, ROUND_HALF_UP)


def group_lines(items: list[Item], grouping: str) -> list[Line]:
    """Kimai's calculators: one line per record, or per activity (a global activity is one
    line across projects, as Kimai groups by the activity), project, user or date, in the
    order of the first record of each group (items come oldest first)."""
    if grouping not in GROUPINGS:
        raise ValidationError(field="grouping", message=f'"{grouping}" is not a grouping '
                                                        f"(use {', '.join(GROUPINGS)})")
    lines: dict[object, Line] = {}
    for item in items:
        user_id, project_id, activity_id = item.keys
        key = {"record": item.record_id, "activity": (activity_id, item.activity),
               "project": (project_id, item.project), "user": (user_id, item.user),
               "date": item.day}[grouping]
        line = lines.get(key)
        if line is None:
            line = lines[key] = Line(
                description=_line_description(item, grouping),
                day=item.day if grouping in ("record", "date") else None,
                user=item.user if grouping in ("record", "user") else "",
                project=item.project if grouping in ("record", "project") else "",
                activity=item.activity if grouping in ("record", "activity") else "",
                rate=item.fixed_rate if item.fixed_rate is not None else item.hourly_rate,
                fixed=item.fixed_rate is not None)
        elif line.rate != (item.fixed_rate if item.fixed_rate is not None
                           else item.hourly_rate) or line.fixed != (item.fixed_rate is not None):
            line.rate, line.fixed = None, False  # mixed rates: the line shows no single rate
        line.seconds += item.seconds
        line.amount += item.amount
        line.records.append(item.record_id)
    return list(lines.values())


def _line_description(item: Item, grouping: str) -> str:
    if grouping == "record":
        return item.description or item.activity
    if grouping == "activity":
        return item.activity
    if grouping == "project":
        return item.project
    if grouping == "user":
        return item.user
    return item.day.isoformat()


@dataclass(frozen=True)
class Totals:
    """Subtotal, tax and total, each to the cent (rounded half up); seconds of all lines."""

    subtotal: Decimal
    tax: Decimal
    total: Decimal
    seconds: int


def totals(lines: list[Line], tax_rate: Decimal) -> Totals:
    """The subtotal is the exact sum of the lines' 4-decimal amounts, then rounded to the cent;
    tax = subtotal × rate / 100 to the cent; total = subtotal + tax."""
    subtotal = sum((line.amount for line in lines), Decimal("0")).quantize(CENT, ROUND_HALF_UP)
    tax = (subtotal * Decimal(tax_rate) / 100).quantize(CENT, ROUND_HALF_UP)
    return Totals(subtotal, tax, subtotal + tax, sum(line.seconds for line in lines))


def check_status(text: str) -> str:
    value = text.strip().lower()
    if value not in STATUSES:
        raise ValidationError(field="status", message=f'"{text}" is not a status '
                                                      f"(use {', '.join(STATUSES)})")
    return value
