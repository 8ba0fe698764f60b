"""Printing: record JSON per cli.md, plain tables, and one-line errors. All text made inert."""

from __future__ import annotations

import json
import sys
from datetime import date, datetime
from decimal import Decimal
from typing import Any, Iterable, Sequence

from kimai_tui import domain
from kimai_tui.rules.durations import format_duration
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


def record_row(record: domain.Record, show_rates: bool, now: datetime) -> list[Any]:
    tz = zone(record.timezone)
    begin = record.begin.astimezone(tz)
    duration = record.duration if not record.running else int(
        (now - record.begin).total_seconds())
    end = record.end.astimezone(tz).strftime("%H:%M") if record.end else "running"
    row = [record.id, begin.strftime("%Y-%m-%d"), begin.strftime("%H:%M"), end,
           format_duration(max(duration, 0)), record.customer, record.project, record.activity,
           record.description, ", ".join(record.tags)]
    if show_rates:
        row.append(f"{format_money(record.rate, grouping=False)} {record.currency}")
    return row


RECORD_HEADERS = ["id", "date", "begin", "end", "duration", "customer", "project", "activity",
                  "description", "tags"]
