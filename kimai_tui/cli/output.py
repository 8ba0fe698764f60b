"""Printing: record JSON per cli.md, plain tables, and one-line errors. All text made inert."""

from __future__ import annotations

import json
import sys
from datetime import date, datetime
from decimal import Decimal
from typing import Any, Iterable, Sequence

from kimai_tui import domain
from kimai_tui.rules.display import format_clock, format_date_clock, format_hours
from kimai_tui.services.context import zone
from kimai_tui.services.serialize import record_json  # noqa: F401  (re-exported)
from kimai_tui.textsafe import cell_width, clip, inert, inert_json, pad
from kimai_tui.rules.money import format_money


def _default(value: Any) -> Any:
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if hasattr(value, "__dataclass_fields__"):
        return {k: getattr(value, k) for k in value.__dataclass_fields__}
    if isinstance(value, (set, frozenset, tuple)):
        return list(value)
    raise TypeError(f"cannot serialise {type(value).__name__}")


def print_json(data: Any, stream=None) -> None:
    text = json.dumps(data, ensure_ascii=False, indent=2, default=_default)
    (stream or sys.stdout).write(inert_json(text) + "\n")


def print_table(headers: Sequence[str], rows: Iterable[Sequence[Any]], stream=None,
                max_width: int = 40) -> None:
    """A plain aligned table; every cell inert and clipped so one row stays one line, columns
    aligned by terminal cells (a CJK character takes two, a combining mark none)."""
    cells = [[clip(inert(_cell(v)), max_width) for v in row] for row in rows]
    widths = [cell_width(h) for h in headers]
    for row in cells:
        widths = [max(w, cell_width(c)) for w, c in zip(widths, row)]
    out = stream or sys.stdout
    out.write("  ".join(pad(h, w) for h, w in zip(headers, widths)).rstrip() + "\n")
    for row in cells:
        out.write("  ".join(pad(c, w) for c, w in zip(row, widths)).rstrip() + "\n")


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, Decimal):
        return format_money(value, grouping=False)
    return str(value)


def print_error(field: str | None, message: str) -> None:
    label = f"{field}: " if field else ""
    sys.stderr.write(inert(f"error: {label}{message}") + "\n")


def record_row(record: domain.Record, show_rates: bool, now: datetime, viewer_tz=None,
               amount: Decimal | None = None, viewer: domain.User | None = None
               ) -> list[Any]:
    """One table row. Times in VIEWER_TZ (the acting user's zone, so rows agree with
    `--from`/`--to`, which are the viewer's days; default the record's own zone), on VIEWER's
    12/24-hour clock, durations as they prefer (H:MM or decimal hours). AMOUNT: the live
    estimate of a running record (else its stored rate)."""
    tz = viewer_tz or zone(record.timezone)
    time_format = viewer.time_format if viewer else "24h"
    begin = record.begin.astimezone(tz)
    # A running record: worked so far, without its break or a pause going on.
    duration = record.duration if not record.running else int(
        ((record.paused_at or now) - record.begin).total_seconds()) - record.break_seconds
    end = (format_clock(record.end.astimezone(tz), time_format) if record.end
           else "paused" if record.paused_at is not None else "running")
    row = [record.id, begin.strftime("%Y-%m-%d"), format_clock(begin, time_format), end,
           format_hours(max(duration, 0), bool(viewer and viewer.decimal_hours)),
           record.customer, record.project, record.activity,
           record.description, ", ".join(record.tags)]
    if show_rates:
        shown = record.rate if amount is None else amount
        row.append(f"{format_money(shown, grouping=False)} {record.currency}")
    return row


def print_record_full(record: domain.Record, show_rates: bool, now: datetime,
                      amount: Decimal | None = None, stream=None,
                      viewer: domain.User | None = None) -> None:
    """`show ID`: every field on its own line, `field: value`, the whole description (each
    of its lines indented), all inert; times in the record's zone with seconds (on VIEWER's
    12/24-hour clock), and the actual times beside the rounded ones when they differ."""
    tz = zone(record.timezone)
    time_format = viewer.time_format if viewer else "24h"

    def moment(value: datetime | None) -> str:
        return "" if value is None else format_date_clock(value.astimezone(tz), time_format,
                                                          seconds=True)

    duration = record.duration if not record.running else max(
        0, int((now - record.begin).total_seconds()))
    lines: list[tuple[str, Any]] = [
        ("id", record.id), ("user", record.username),
        ("customer", f"{record.customer} (#{record.customer_id})"),
        ("project", f"{record.project} (#{record.project_id})"),
        ("activity", f"{record.activity} (#{record.activity_id})"),
        ("begin", moment(record.begin)), ("end", moment(record.end) or "running"),
    ]
    if record.rounded_differs:
        lines += [("actual begin", moment(record.actual_begin)),
                  ("actual end", moment(record.actual_end))]
    lines += [("timezone", record.timezone),
              ("duration", format_hours(duration, bool(viewer and viewer.decimal_hours))
               + (" so far" if record.running else "")),
              ("running", record.running), ("billable", record.billable),
              ("exported", record.exported), ("tags", ", ".join(record.tags))]
    if show_rates:
        shown = record.rate if amount is None else f"{amount:.2f} so far (estimate)"
        lines += [("currency", record.currency), ("hourly rate", record.hourly_rate),
                  ("fixed rate", record.fixed_rate), ("amount", shown),
                  ("internal amount", record.internal_rate)]
    for name, value in sorted(record.meta.items()):
        lines.append((name, value))
    out = stream or sys.stdout
    for name, value in lines:
        out.write(inert(f"{name}: {_cell(value)}") + "\n")
    out.write("description:\n")
    for line in record.description.splitlines() or [""]:
        out.write("  " + inert(line) + "\n")


RECORD_HEADERS = ["id", "date", "begin", "end", "duration", "customer", "project", "activity",
                  "description", "tags"]
