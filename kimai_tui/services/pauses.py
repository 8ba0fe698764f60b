"""Pause and resume a running record (issue "For support staff", item 3; Kimai 2's `break`):
a pause keeps the record running as one record; on resume the pause is added to its break,
which comes off its duration (rounding, rates and budgets see duration - break). Stopping a
paused record ends it where the pause began (services/timesheets._stop_record).
"""

from __future__ import annotations

from kimai_tui import domain
from kimai_tui.data import convert
from kimai_tui.data import timesheets as records_repo
from kimai_tui.data.db import write_transaction
from kimai_tui.rules.errors import RuleRefused
from kimai_tui.services import access, timesheet_reads
from kimai_tui.services.context import Context


def _running(ctx: Context, record_id: int | None) -> domain.Record:
    if record_id is not None:
        record = timesheet_reads.get(ctx, record_id)
        if not record.running:
            raise RuleRefused(f"record #{record_id} is not running", "id")
        return record
    running = records_repo.running(ctx.user.id)
    if not running:
        raise RuleRefused("nothing is running", "id")
    if len(running) > 1:
        raise RuleRefused("several records are running: give an ID", "id")
    return running[0]


def pause(ctx: Context, record_id: int | None = None) -> domain.Record:
    """Pause the running record (yours, or RECORD_ID). RuleRefused when it is paused
    already or nothing runs."""
    with write_transaction(ctx.database, lock_user_id=ctx.user.id):
        record = _running(ctx, record_id)
        access.require(ctx, "edit_own_timesheet", "edit_other_timesheet", record.user_id,
                       "pause this record")
        if record.paused_at is not None:
            raise RuleRefused(f"record #{record.id} is paused already: resume it", "id")
        records_repo.update(record.id, {"paused_ts": convert.to_ts(ctx.now())})
    return records_repo.get(record.id)


def resume(ctx: Context, record_id: int | None = None) -> domain.Record:
    """Resume a paused record: the pause joins its break. RuleRefused when it is not
    paused."""
    with write_transaction(ctx.database, lock_user_id=ctx.user.id):
        record = _running(ctx, record_id)
        access.require(ctx, "edit_own_timesheet", "edit_other_timesheet", record.user_id,
                       "resume this record")
        if record.paused_at is None:
            raise RuleRefused(f"record #{record.id} is not paused", "id")
        paused = max(0, int((ctx.now() - record.paused_at).total_seconds()))
        records_repo.update(record.id, {"paused_ts": None,
                                        "break_seconds": record.break_seconds + paused})
    return records_repo.get(record.id)


def worked(record: domain.Record, now) -> int:
    """Seconds of work so far of a running record: elapsed minus its break and a pause in
    progress (what the bar and `status` show)."""
    until = record.paused_at or now
    return max(0, int((until - record.begin).total_seconds()) - record.break_seconds)


__all__ = ["pause", "resume", "worked"]
