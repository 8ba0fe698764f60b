"""Timesheet use cases: start, stop, switch, restart, create, update, delete, duplicate, read.

Each call is one transaction that holds the write lock from its start, so two processes
starting a record for one user at the same moment never leave more running than hard_limit.
"""

from __future__ import annotations

from dataclasses import replace as dataclass_replace
from datetime import datetime

from kimai_tui import domain
from kimai_tui.data import convert
from kimai_tui.data import meta as meta_repo
from kimai_tui.data import timesheets as records_repo
from kimai_tui.data.db import write_transaction
from kimai_tui.rules import limits, modes
from kimai_tui.rules.errors import NotFound, PermissionDenied, RuleRefused, ValidationError
from kimai_tui.services import access, approvals
from kimai_tui.services.concurrency import check_version
from kimai_tui.services.context import Context, zone
from kimai_tui.services.record_save import UNSET, RecordChanges, prepare
# The reading use cases live apart so `status` and `list` need not import the writing rules;
# they are re-exported here for callers that use both.
from kimai_tui.services.timesheet_reads import (get, iterate, listing, running,  # noqa: F401
                                                scoped_filter)


def _write(prepared, record_id: int | None) -> int:
    if record_id is None:
        record_id = records_repo.insert(prepared.values)
    else:
        records_repo.update(record_id, prepared.values)
    if prepared.tags is not None:
        records_repo.set_tags(record_id, prepared.tags)
    if prepared.meta:
        meta_repo.set_values("timesheet", record_id, prepared.meta)
    return record_id


def _stop_record(ctx: Context, record: domain.Record, at: datetime) -> domain.Record:
    """Stop one record at AT. Never refused because of a budget or the long-running rule
    (rules.md "Decision (no trapped timers)"): the record is saved, tagged for review, and
    returned with `warnings` saying what it broke."""
    access.require(ctx, "edit_own_timesheet", "edit_other_timesheet", record.user_id,
                   "stop this record")
    # Stopping sets the end directly, also in punch mode: the time clock's own action. A
    # paused record ends where its pause began (the pause is not work).
    if record.paused_at is not None:
        at = min(at, record.paused_at)
    prepared = prepare(_punch_free(ctx), RecordChanges(end=at), record, stopping=True)
    _write(prepared, record.id)
    stopped = records_repo.get(record.id)
    if prepared.warnings:
        stopped = dataclass_replace(stopped, warnings=tuple(
            f"record #{record.id}: {warning}" for warning in prepared.warnings))
    return stopped


def _stop_blocking(ctx: Context, record: domain.Record, at: datetime) -> domain.Record:
    """The automatic stop of a start or switch. When the running record cannot be stopped
    (say it begins after AT), the start is refused naming that record and why (rules.md
    "Decision (no trapped timers)"), not with the running record's field errors."""
    try:
        return _stop_record(ctx, record, at)
    except (ValidationError, RuleRefused) as refused:
        why = "; ".join(m for messages in getattr(refused, "errors", {}).values()
                        for m in messages) or str(refused)
        why = why.rstrip(".") + "."
        raise RuleRefused(
            f"cannot start: the running record {_describe(record)} (begun "
            f"{_local(record.actual_begin, record.timezone)}) cannot be stopped at "
            f"{_local(at, record.timezone)}: {why} Stop or edit it first.", "running") from None


def _local(moment: datetime, tz_name: str) -> str:
    from kimai_tui.services.context import zone

    return moment.astimezone(zone(tz_name)).strftime("%Y-%m-%d %H:%M:%S")


def _punch_free(ctx: Context) -> Context:
    """Start and stop "now" are allowed in punch mode; the mode only forbids typed times."""
    if modes.normalize_mode(ctx.settings.kimai.timesheet.mode) != "punch":
        return ctx
    from dataclasses import replace
    timesheet = replace(ctx.settings.kimai.timesheet, mode="default")
    settings = replace(ctx.settings, kimai=replace(ctx.settings.kimai, timesheet=timesheet))
    return Context(settings, ctx.database, ctx.user, ctx.clock, ctx.permissions)


def _check_punch_at(ctx: Context, at: datetime | None) -> None:
    if (at is not None and modes.normalize_mode(ctx.settings.kimai.timesheet.mode) == "punch"
            and not ctx.can("edit_other_timesheet") and abs((at - ctx.now()).total_seconds()) > 60):
        raise PermissionDenied("in punch mode (time clock) records start and stop now; "
                               "--at cannot be used", "at")


def start(ctx: Context, changes: RecordChanges, at: datetime | None = None
          ) -> tuple[domain.Record, list[domain.Record]]:
    """Start a record now (or at `at`). Returns (the new record, the records it stopped)."""
    _check_punch_at(ctx, at)
    user_id = changes.user_id if changes.given("user_id") else ctx.user.id
    with write_transaction(ctx.database, lock_user_id=user_id):
        # "Now" is read under the write lock: a process that waited for the lock must not
        # stop a record another process began after this one read the clock.
        begin = at or ctx.now()
        access.require(ctx, "start_own_timesheet", "edit_other_timesheet", user_id,
                       "start records for this user")
        # The stopped record ends and the new one begins at the same actual instant; each
        # is then rounded by its own rule, and the overlap and future rules look at the
        # actual times, so a switch never begins in the future (rules.md "Decision (actual
        # and billed times)").
        stopped = _make_room(ctx, user_id, begin)
        changes.begin, changes.end, changes.duration = begin, None, UNSET
        prepared = prepare(_punch_free(ctx), changes, None)
        record_id = _write(prepared, None)
    return records_repo.get(record_id), stopped


def _make_room(ctx: Context, user_id: int, at: datetime) -> list[domain.Record]:
    """Apply the active-entry limits before a start (rules.md §Running records)."""
    active = ctx.settings.kimai.timesheet.active_entries
    current = records_repo.running(user_id)
    decision = limits.decide_start(len(current), active.hard_limit,
                                   [_describe(r) for r in current])  # raises at the limit
    if decision == limits.STOP_RUNNING:
        return [_stop_blocking(ctx, record, at) for record in current]
    return []


def _describe(record: domain.Record) -> str:
    return f"#{record.id} {record.customer} / {record.project} / {record.activity}"


def stop(ctx: Context, record_id: int | None = None, at: datetime | None = None,
         all_running: bool = False) -> list[domain.Record]:
    """Stop one record (by id, or the only running one), or all running ones."""
    _check_punch_at(ctx, at)
    with write_transaction(ctx.database, lock_user_id=ctx.user.id):
        at = at or ctx.now()  # read under the lock, as in start()
        if record_id is not None:
            record = get(ctx, record_id)
            if not record.running:
                raise RuleRefused(f"record #{record_id} is not running", "id")
            return [_stop_record(ctx, record, at)]
        current = records_repo.running(ctx.user.id)
        if all_running:
            return [_stop_record(ctx, record, at) for record in current]
        if not current:
            raise RuleRefused("nothing is running", "id")
        if len(current) > 1:
            from kimai_tui.rules.errors import UsageError
            raise UsageError("several records are running, give an ID or --all: "
                             + ", ".join(_describe(r) for r in current), "id")
        return [_stop_record(ctx, current[0], at)]


def switch(ctx: Context, changes: RecordChanges, stop_id: int | None = None,
           at: datetime | None = None) -> tuple[domain.Record, list[domain.Record]]:
    """Stop the running record (or `stop_id`) and start another at the same instant (now,
    or AT)."""
    user_id = ctx.user.id
    with write_transaction(ctx.database, lock_user_id=user_id):
        now = at or ctx.now()
        stopped = []
        if stop_id is not None:
            record = get(ctx, stop_id)
            if record.running:
                stopped.append(_stop_blocking(ctx, record, now))
        elif ctx.settings.kimai.timesheet.active_entries.hard_limit > 1:
            stopped = [_stop_blocking(ctx, r, now) for r in records_repo.running(user_id)]
        new, more = start(ctx, changes, at=now)
    return new, stopped + more


def restart(ctx: Context, record_id: int, at: datetime | None = None
            ) -> tuple[domain.Record, list[domain.Record]]:
    """A new running record with the same project, activity, description, tags and fields."""
    source = get(ctx, record_id)
    changes = RecordChanges(project_id=source.project_id, activity_id=source.activity_id,
                            description=source.description, tags=source.tags,
                            meta=dict(source.meta) or UNSET)
    return start(ctx, changes, at=at)


def create(ctx: Context, changes: RecordChanges) -> tuple[domain.Record, list[domain.Record]]:
    """A new record; without end and duration it is running (and active limits apply)."""
    user_id = changes.user_id if changes.given("user_id") else ctx.user.id
    is_running = (not changes.given("end") or changes.end is None) and (
        not changes.given("duration") or changes.duration is None)
    with write_transaction(ctx.database, lock_user_id=user_id):
        stopped = []
        if is_running:
            begin = changes.begin if changes.given("begin") else ctx.now()
            stopped = _make_room(ctx, user_id, begin)
        prepared = prepare(ctx, changes, None)
        record_id = _write(prepared, None)
    return records_repo.get(record_id), stopped


def update(ctx: Context, record_id: int, changes: RecordChanges,
           expected_version: int | None = None) -> domain.Record:
    """Change a record (only the fields given). EXPECTED_VERSION, from an editor: the version
    it opened; if the record changed since, raise Conflict (with the current record) and
    write nothing, so no one's change is silently overwritten. None (the command line's
    `edit`, which reads and writes in this one transaction): no check."""
    with write_transaction(ctx.database, lock_user_id=ctx.user.id):
        existing = get(ctx, record_id)
        check_version("record", existing, expected_version)
        prepared = prepare(ctx, changes, existing)
        if existing.end is not None and prepared.values["end_ts"] is None:
            # A stopped record made running again counts against the active-entry limit.
            _make_room(ctx, prepared.values["user"], ctx.now())
        _write(prepared, record_id)
    return records_repo.get(record_id)


def duplicate(ctx: Context, record_id: int) -> domain.Record:
    """A stopped copy of a record (same times, fields, tags); exported flag cleared. Raises
    RuleRefused for a running record: its copy would run too, and a start stops the record it
    copies (hard_limit 1)."""
    source = get(ctx, record_id)
    if source.running:
        raise RuleRefused(f"record #{record_id} is running: a duplicate is a stopped copy; "
                          "stop it first, or restart it to track it again", "record")
    changes = RecordChanges(
        user_id=source.user_id, project_id=source.project_id, activity_id=source.activity_id,
        begin=source.begin, end=source.end, description=source.description, tags=source.tags,
        meta=dict(source.meta) or UNSET, break_seconds=source.break_seconds)
    record, _ = create(ctx, changes)
    return record


def delete(ctx: Context, record_id: int) -> domain.Record:
    with write_transaction(ctx.database, lock_user_id=ctx.user.id):
        record = get(ctx, record_id)
        access.require(ctx, "delete_own_timesheet", "delete_other_timesheet", record.user_id,
                       "delete this record")
        local = record.begin.astimezone(zone(record.timezone)).date()
        approvals.check_open(ctx, record.user_id, [local.year * 10000 + local.month * 100
                                                   + local.day])
        if record.exported and not ctx.can("edit_exported_timesheet"):
            raise RuleRefused(f"record #{record_id} is exported and locked; deleting it needs "
                              "the edit_exported_timesheet permission", "exported")
        records_repo.delete(record_id)
    return record


def mark_exported(ctx: Context, record_ids: list[int],
                  versions: dict[int, int] | None = None) -> int:
    """Lock stopped records as exported; running ones are left alone (a running timer must
    stay stoppable). Returns how many were marked. A record the user may not see counts as
    missing (NotFound) and one they may not lock refuses the whole call; nothing is written
    then. Reads and writes go in chunks (an export may lock a hundred thousand records).

    VERSIONS (record id -> version): only those exact versions are locked, so a record changed
    since stays unlocked (see `mark_exported_as_written`, which also says which)."""
    return _mark(ctx, record_ids, versions)[0]


def mark_exported_as_written(ctx: Context, versions: dict[int, int]) -> tuple[int, list[int]]:
    """Lock the records of an export at the versions the file holds (issue "faults lose
    nothing": export and lock as one fact). Returns (marked, ids of the records that changed
    after they were written, left unlocked)."""
    return _mark(ctx, list(versions), versions)


def _mark(ctx: Context, record_ids: list[int], versions: dict[int, int] | None
          ) -> tuple[int, list[int]]:
    from kimai_tui.data import export_rows

    with write_transaction(ctx.database, lock_user_id=ctx.user.id):
        states = {state[0]: state for state in export_rows.lock_states(list(record_ids))}
        scope = access.record_scope(ctx)
        to_lock, changed = [], []
        for record_id in record_ids:
            state = states.get(record_id)
            if state is None or not scope.contains(state[1], state[2]):
                if versions is not None:  # deleted since it was written: nothing to lock
                    changed.append(record_id)
                    continue
                raise NotFound(f"no record #{record_id}", "id")
            _, user_id, _, is_running, exported, version = state
            if not access.may(ctx, "edit_export_own_timesheet", "edit_export_other_timesheet",
                              user_id):
                raise PermissionDenied("you may not set the exported flag", "exported")
            if versions is not None and version != versions[record_id]:
                changed.append(record_id)
            elif not exported and not is_running:
                to_lock.append(record_id)
        return export_rows.mark_exported(to_lock, convert.to_ts(ctx.now())), changed
