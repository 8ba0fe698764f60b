"""A status line for tmux, polybar or a shell prompt (issue "For support staff", item 6):
`kimai-tui status --format '{activity} {elapsed} {amount}'`.

FIELDS are the only names a format may use, each as plain `{name}` (no attribute, index or
conversion: the format is typed by the user, and str.format could otherwise reach into
objects). Values are the running record's, live: the elapsed time and the amount so far (the
amount only where the user may see the record's rates, else empty). Every value is shown
inert (a description cannot move the terminal's cursor or title).
"""

from __future__ import annotations

from string import Formatter

from kimai_tui import domain
from kimai_tui.rules.durations import format_duration
from kimai_tui.rules.errors import UsageError
from kimai_tui.services.context import Context, zone
from kimai_tui.textsafe import inert

FIELDS = ("id", "customer", "project", "activity", "description", "tags", "begin", "elapsed",
          "seconds", "amount", "currency", "user", "count", "state")
SEPARATOR = " | "


def check_format(text: str) -> list[str]:
    """The field names of a format; UsageError naming a field not in FIELDS, or a field
    with an attribute, index, conversion or format spec."""
    names = []
    try:
        parts = list(Formatter().parse(text))
    except ValueError as exc:
        raise UsageError(f"{exc} (write {{{{ and }}}} for braces)", "format") from None
    for _, name, spec, conversion in parts:
        if name is None:
            continue
        if name not in FIELDS or spec or conversion:
            raise UsageError(f"{{{name}}} is not a field (use "
                             f"{', '.join('{' + f + '}' for f in FIELDS)})", "format")
        names.append(name)
    return names


def line(ctx: Context, records: list[domain.Record], text: str, idle: str = "") -> str:
    """The running RECORDS formatted with TEXT, joined by " | "; IDLE when none runs."""
    names = check_format(text)
    if not records:
        return inert(idle)
    estimate = None
    if "amount" in names or "currency" in names:
        from kimai_tui.services import live  # the rate rules only when an amount is asked

        estimate = live.estimate
    now = ctx.now()
    out = []
    for record in records:
        seconds = max(0, int(((record.paused_at or now) - record.begin).total_seconds())
                      - record.break_seconds)  # worked: without the break or a pause
        values = {"id": str(record.id), "customer": record.customer, "project": record.project,
                  "activity": record.activity, "description": record.description,
                  "tags": ", ".join(record.tags),
                  "begin": record.begin.astimezone(zone(record.timezone)).strftime("%H:%M"),
                  "elapsed": format_duration(seconds), "seconds": str(seconds),
                  "amount": "", "currency": "", "user": record.username,
                  "count": str(len(records)),
                  "state": "paused" if record.paused_at is not None else "running"}
        found = estimate(ctx, record) if estimate is not None else None
        if found is not None:
            values["amount"] = f"{found.amount_at(seconds):,.2f}"
            values["currency"] = record.currency
        out.append(text.format_map({k: inert(v) for k, v in values.items()}))
    return SEPARATOR.join(out)


__all__ = ["FIELDS", "SEPARATOR", "check_format", "line"]
