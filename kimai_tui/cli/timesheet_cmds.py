"""Timesheet commands that write: start, stop, restart, add, edit, delete.
(The reading ones, status, show, list and export, are in record_reads.py.)"""

from __future__ import annotations

from kimai_tui.cli import names, output
from kimai_tui.cli.record_reads import print_records, wants_json
from kimai_tui.rules.durations import parse_optional_duration
from kimai_tui.rules.errors import UsageError
from kimai_tui.rules.rates import parse_money
from kimai_tui.services import inputs
from kimai_tui.services import timesheets as service
from kimai_tui.services.context import Context
from kimai_tui.services.record_save import RecordChanges


class _BadValue:
    """Turns a value the parsers could not read (a time, duration or amount given as an
    option) into exit 2 (cli.md: usage, bad value), keeping its one-line message. Rules that
    refuse a well-formed value stay exit 1."""

    def __enter__(self):
        return self

    def __exit__(self, kind, exc, tb):
        from kimai_tui.rules.errors import ValidationError

        if exc is not None and isinstance(exc, ValidationError):
            raise UsageError(exc.message, exc.field) from None
        return False


bad_value = _BadValue


def _time(ctx: Context, text: str | None, field: str):
    with bad_value():
        return None if text is None else inputs.parse_time(text, field, ctx.tz, ctx.now())


def _resolve_refs(ctx: Context, args, changes: RecordChanges, existing=None) -> None:
    customer_id = None
    if args.customer is not None:
        customer_id = names.customer(ctx, args.customer).id
    if args.project is not None:
        project = names.project(ctx, args.project, customer_id)
        changes.project_id = project.id
    elif customer_id is not None and existing is None:
        raise UsageError("--customer needs --project", "project")
    if args.activity is not None:
        project_id = changes.project_id if changes.given("project_id") else (
            existing.project_id if existing else None)
        changes.activity_id = names.activity(ctx, args.activity, project_id).id


def _common_changes(ctx: Context, args, changes: RecordChanges) -> None:
    if getattr(args, "description", None) is not None:
        changes.description = inputs.parse_text(args.description, "description")
    if getattr(args, "tags", None) is not None:
        changes.tags = inputs.parse_tags(args.tags)
    if getattr(args, "meta", None):
        changes.meta = inputs.parse_meta(args.meta, ctx.settings.custom_fields.timesheet,
                                         "timesheet")


def _end(ctx: Context, text: str, changes: RecordChanges, existing):
    """`--end`: a bare clock time ("17:00") is on the record's begin day, the typed begin or
    the stored one (the next day when it would come before the begin), as in the TUI's
    editor (services.inputs.parse_end); anything else as --begin."""
    begin = changes.begin if changes.given("begin") else (
        existing.actual_begin if existing is not None else None)
    if begin is None:
        return _time(ctx, text, "end")
    with bad_value():
        return inputs.parse_end(text, begin, ctx.tz, ctx.now())


def _record_changes(ctx: Context, args, existing=None) -> RecordChanges:
    changes = RecordChanges()
    if args.user is not None:
        changes.user_id = names.user(ctx, args.user).id
    _resolve_refs(ctx, args, changes, existing)
    if args.begin is not None:
        changes.begin = _time(ctx, args.begin, "begin")
    if args.end is not None and args.duration is not None:
        raise UsageError("give --end or --duration, not both", "duration")
    if args.end is not None:
        changes.end = None if args.end.strip() == "" else _end(ctx, args.end, changes, existing)
    with bad_value():
        if args.duration is not None:
            changes.duration = parse_optional_duration(args.duration)
        if getattr(args, "break_time", None) is not None:
            changes.break_seconds = parse_optional_duration(args.break_time) or 0
        if args.hourly_rate is not None:
            changes.hourly_rate = (None if args.hourly_rate.strip() == ""
                                   else parse_money(args.hourly_rate, "hourly-rate"))
        if args.fixed_rate is not None:
            changes.fixed_rate = (None if args.fixed_rate.strip() == ""
                                  else parse_money(args.fixed_rate, "fixed-rate"))
    _common_changes(ctx, args, changes)
    if args.billable is not None:
        changes.billable = args.billable
    return changes


def _warn(stopped) -> None:
    """What a stop saved against a budget or the long-running rule, one line each on stderr
    (rules.md "Decision (no trapped timers)"); the records carry a review tag."""
    import sys

    for record in stopped:
        for warning in record.warnings:
            sys.stderr.write(output.inert(f"warning: {warning}") + "\n")


def _start_changes(ctx: Context, args) -> RecordChanges:
    """What `start` and `interrupt` start: --favorite NAME, or --project/--activity with the
    other fields."""
    if args.favorite is not None:
        given = [f"--{n}" for n in ("project", "activity", "customer", "description", "tags")
                 if getattr(args, n) is not None] + (["--meta"] if args.meta else [])
        if given:
            raise UsageError(f"--favorite brings its own fields; drop {', '.join(given)}",
                             "favorite")
        from kimai_tui.services import favorites

        return favorites.changes(favorites.get(ctx, args.favorite))
    for option in ("project", "activity"):
        if getattr(args, option) is None:
            raise UsageError(f"--{option} is required (or --favorite NAME)", option)
    changes = RecordChanges()
    _resolve_refs(ctx, args, changes)
    _common_changes(ctx, args, changes)
    return changes


def start(session) -> int:
    ctx = session.context()
    args = session.args
    record, stopped = service.start(ctx, _start_changes(ctx, args), at=_time(ctx, args.at, "at"))
    _warn(stopped)
    print_records(session, ctx, [record], single=True)
    return 0


def interrupt(session) -> int:
    """Stop the running record, start the interruption; `return` continues the record."""
    from kimai_tui.services import interrupts

    ctx = session.context()
    args = session.args
    record, interrupted = interrupts.interrupt(ctx, _start_changes(ctx, args),
                                               at=_time(ctx, args.at, "at"))
    _warn([interrupted])
    print_records(session, ctx, [record], single=True)
    return 0


def return_(session) -> int:
    """Stop the interruption and continue the interrupted record."""
    from kimai_tui.services import interrupts

    ctx = session.context()
    record, stopped = interrupts.return_(ctx, at=_time(ctx, session.args.at, "at"))
    _warn(stopped)
    print_records(session, ctx, [record], single=True)
    return 0


def stop(session) -> int:
    ctx = session.context()
    args = session.args
    if args.id is not None and args.all:
        raise UsageError("give an ID or --all, not both", "id")
    stopped = service.stop(ctx, args.id, _time(ctx, args.at, "at"), all_running=args.all)
    _warn(stopped)
    print_records(session, ctx, stopped, single=not args.all)
    return 0


def restart(session) -> int:
    ctx = session.context()
    record, stopped = service.restart(ctx, session.args.id, _time(ctx, session.args.at, "at"))
    _warn(stopped)
    print_records(session, ctx, [record], single=True)
    return 0


def add(session) -> int:
    ctx = session.context()
    args = session.args
    for option in ("project", "activity"):
        if getattr(args, option) is None:
            raise UsageError(f"--{option} is required", option)
    if args.begin is None:
        raise UsageError("--begin is required", "begin")
    record, stopped = service.create(ctx, _record_changes(ctx, args))
    _warn(stopped)
    print_records(session, ctx, [record], single=True)
    return 0


def edit(session) -> int:
    ctx = session.context()
    args = session.args
    existing = service.get(ctx, args.id)
    changes = _record_changes(ctx, args, existing)
    if args.exported is not None:
        changes.exported = args.exported == "yes"
    record = service.update(ctx, args.id, changes)
    print_records(session, ctx, [record], single=True)
    return 0


def delete(session) -> int:
    ctx = session.context()
    record = service.delete(ctx, session.args.id)
    if wants_json(session):
        output.print_json({"deleted": record.id})
    else:
        print(f"deleted record #{record.id}")
    return 0




def pause(session) -> int:
    """Pause the running record (services/pauses.py)."""
    from kimai_tui.services import pauses

    ctx = session.context()
    print_records(session, ctx, [pauses.pause(ctx, session.args.id)], single=True)
    return 0


def resume(session) -> int:
    """Resume the paused record: the pause joins its break."""
    from kimai_tui.services import pauses

    ctx = session.context()
    print_records(session, ctx, [pauses.resume(ctx, session.args.id)], single=True)
    return 0
