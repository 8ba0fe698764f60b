"""The interrupt stack (issue "For support staff", item 2).

`interrupt` stops the running record at the switch instant and starts the interruption
(services/timesheets.switch: one transaction, the same actual instant, so nothing begins in
the future and nothing overlaps); the stopped record goes on the person's stack, kept in the
database so it survives a restart. `return_` stops the interruption and starts a record that
continues the one on top of the stack (same project, activity, description, tags and fields).
Stacks nest. Every rule of a start applies (limits, budgets, rules.md "actual and billed
times", "no trapped timers"); a failed step writes nothing.
"""

from __future__ import annotations

from datetime import datetime

from kimai_tui import domain
from kimai_tui.data import interruptions as stack_repo
from kimai_tui.data import timesheets as records_repo
from kimai_tui.data.db import write_transaction
from kimai_tui.rules.errors import RuleRefused
from kimai_tui.services import timesheets
from kimai_tui.services.context import Context
from kimai_tui.services.record_save import UNSET, RecordChanges


def stack(ctx: Context) -> list[domain.Record]:
    """The records the acting user interrupted, the most recent (the next to continue)
    last; records deleted meanwhile are left out."""
    out = []
    for _, record_id, _, _ in stack_repo.stack(ctx.user.id):
        record = records_repo.get(record_id)
        if record is not None:
            out.append(record)
    return out


def interrupt(ctx: Context, changes: RecordChanges, at: datetime | None = None
              ) -> tuple[domain.Record, domain.Record]:
    """Stop the acting user's running record (the newest, when several run) and start the
    interruption CHANGES at the same instant. Returns (the interruption, the interrupted
    record). RuleRefused when nothing runs (start instead)."""
    with write_transaction(ctx.database, lock_user_id=ctx.user.id):
        running = records_repo.running(ctx.user.id)
        if not running:
            raise RuleRefused("nothing is running to interrupt: start instead", "interrupt")
        current = running[0]  # newest first
        new, stopped = timesheets.switch(ctx, changes, stop_id=current.id, at=at)
        interrupted = next((r for r in stopped if r.id == current.id), current)
        stack_repo.push(ctx.user.id, current.id, int(new.begin.timestamp()))
    return new, interrupted


def return_(ctx: Context, at: datetime | None = None) -> tuple[domain.Record, list[domain.Record]]:
    """Stop the running interruption and continue the record on top of the stack in a new
    record from the same instant. Returns (the continuing record, the records stopped).
    RuleRefused when the stack is empty (deleting an interrupted record removes its level)."""
    with write_transaction(ctx.database, lock_user_id=ctx.user.id):
        rows = stack_repo.stack(ctx.user.id)
        if not rows:
            raise RuleRefused("no interruption to return from", "return")
        row_id, record_id, _, _ = rows[-1]
        stack_repo.remove(row_id)  # rolled back with the rest if the switch is refused
        source = records_repo.get(record_id)
        running = records_repo.running(ctx.user.id)
        changes = RecordChanges(project_id=source.project_id, activity_id=source.activity_id,
                                description=source.description, tags=source.tags,
                                meta=dict(source.meta) or UNSET)
        return timesheets.switch(ctx, changes, stop_id=running[0].id if running else None,
                                 at=at)


__all__ = ["interrupt", "return_", "stack"]
