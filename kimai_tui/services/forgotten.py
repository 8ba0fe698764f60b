"""Forgotten timers, for their owner (issue "For support staff", item 4): a running record
past the end of the person's workday (`review.workday_end` of the day it began), longer than
the long-record limit (rules.limits.long_record_seconds), or running over a night, with the ends
to propose: the end of that workday, the begin of the person's next record. The TUI asks at
start; `status` warns. Stopping goes through services/timesheets.stop like any stop.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, time

from kimai_tui import domain
from kimai_tui.data import timesheets as records_repo
from kimai_tui.data.timesheets import RecordFilter
from kimai_tui.rules.durations import format_duration
from kimai_tui.rules.limits import long_record_seconds
from kimai_tui.rules.timeutil import attach
from kimai_tui.services.context import Context, zone


@dataclass
class Forgotten:
    """A running record that looks forgotten: `reasons` in words; `proposals` (label, UTC
    instant) of ends to offer, the likeliest first (all after its begin and not in the
    future)."""

    record: domain.Record
    reasons: list[str] = field(default_factory=list)
    proposals: list[tuple[str, datetime]] = field(default_factory=list)


def check(ctx: Context) -> list[Forgotten]:
    """The acting user's running records that look forgotten, oldest first."""
    now = ctx.now()
    out = []
    for record in sorted(records_repo.running(ctx.user.id), key=lambda r: r.begin):
        found = _check_one(ctx, record, now)
        if found.reasons:
            out.append(found)
    return out


def _check_one(ctx: Context, record: domain.Record, now: datetime) -> Forgotten:
    tz = zone(record.timezone)
    begun = record.begin.astimezone(tz)
    hours, minutes = (int(p) for p in ctx.settings.review.workday_end.split(":"))
    workday_end = attach(datetime.combine(begun.date(), time(hours, minutes)), tz)
    found = Forgotten(record)
    elapsed = int((now - record.begin).total_seconds())
    if begun < workday_end < now:
        found.reasons.append(f"past the end of the workday ({workday_end:%H:%M})")
        found.proposals.append((f"the end of that workday, {workday_end:%a %H:%M}",
                                workday_end))
    if now.astimezone(tz).date() > begun.date():
        found.reasons.append(f"running over a night (since {begun:%a %H:%M})")
    # (the review queue's rule, imported from the rules: `status` loads no review module)
    limit = long_record_seconds(ctx.settings.review.long_record,
                                ctx.settings.kimai.timesheet.rules.long_running_duration)
    if elapsed > limit:
        found.reasons.append(f"running for {format_duration(elapsed)} (over "
                             f"{format_duration(limit)})")
    following = records_repo.page(RecordFilter(user_ids=[ctx.user.id], begin_from=record.begin,
                                               state="stopped"), 50)
    later = [r.begin for r in following if r.begin > record.begin]
    if later:
        nxt = min(later)
        found.proposals.append((f"when your next record began, {nxt.astimezone(tz):%a %H:%M}",
                                nxt))
    found.proposals.sort(key=lambda p: p[1])
    return found


def warning(item: Forgotten) -> str:
    """One line for `status`: the record, why, and the command that stops it."""
    record = item.record
    line = f"record #{record.id} ({record.activity}) looks forgotten: {'; '.join(item.reasons)}"
    if item.proposals:
        label, moment = item.proposals[0]
        local = moment.astimezone(zone(record.timezone))
        line += (f". Stop it at {label}: kimai-tui stop {record.id} --at "
                 f"'{local:%Y-%m-%d %H:%M}'")
    return line


__all__ = ["Forgotten", "check", "warning"]
