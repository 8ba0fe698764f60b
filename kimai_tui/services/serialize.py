"""A record as the JSON object of cli.md (start, stop, add, edit, show, list, export)."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from kimai_tui import domain
from kimai_tui.services.context import zone


def local_iso(moment: datetime | None, tz_name: str) -> str | None:
    if moment is None:
        return None
    return moment.astimezone(zone(tz_name)).isoformat()


def money_json(value: Decimal | None) -> float | None:
    """Amounts leave as JSON numbers (cli.md); they were rounded to 4 places as Decimal."""
    return None if value is None else float(value)


def record_json(record: domain.Record, show_rates: bool, now: datetime,
                local_time=local_iso) -> dict[str, Any]:
    """`local_time` may be a cached equivalent of `local_iso` (the export passes one)."""
    duration = record.duration
    if record.running:  # worked so far: minus its break and a pause going on
        until = record.paused_at or now
        duration = max(0, int((until - record.begin).total_seconds()) - record.break_seconds)
    out: dict[str, Any] = {
        "id": record.id, "user": record.username, "customer": record.customer,
        "customer_id": record.customer_id, "project": record.project,
        "project_id": record.project_id, "activity": record.activity,
        "activity_id": record.activity_id, "begin": local_time(record.begin, record.timezone),
        "end": local_time(record.end, record.timezone), "timezone": record.timezone,
        "duration": duration, "running": record.running, "description": record.description,
        "tags": list(record.tags), "billable": record.billable, "exported": record.exported,
    }
    if record.break_seconds:  # Kimai 2's break: seconds off the duration (only when there is one)
        out["break"] = record.break_seconds
    if record.paused_at is not None:
        out["paused"] = True
    if record.rounded_differs:
        # What the clock said, beside the rounded begin/end above (rules.md "Decision
        # (actual and billed times)"); only present when rounding moved a time.
        out["actual_begin"] = local_time(record.actual_begin, record.timezone)
        out["actual_end"] = local_time(record.actual_end, record.timezone)
    if show_rates:
        out.update({
            "currency": record.currency, "hourly_rate": money_json(record.hourly_rate),
            "fixed_rate": money_json(record.fixed_rate), "rate": money_json(record.rate),
            "internal_rate": money_json(record.internal_rate),
        })
    out["meta"] = dict(record.meta)
    return out
