"""Timesheet commands: status, start, stop, restart, add, edit, delete, show, list, export."""

from __future__ import annotations

import sys

from kimai_tui.cli import names, output
from kimai_tui.data.timesheets import RecordFilter
from kimai_tui.rules.durations import parse_optional_duration
from kimai_tui.rules.errors import UsageError
from kimai_tui.rules.rates import parse_money
from kimai_tui.rules.search import parse_search
from kimai_tui.services import access, inputs
from kimai_tui.services import timesheets as service
from kimai_tui.services.context import Context
from kimai_tui.services.record_save import RecordChanges


def _wants_json(session) -> bool:
    return bool(getattr(session.args, "json", False))


def _print_records(session, ctx: Context, records, single: bool = False) -> None:
    now = ctx.now()
    if _wants_json(session):
        data = [output.record_json(r, access.may_view_rates(ctx, r.user_id), now)
                for r in records]
        output.print_json(data[0] if single and data else data)
        return
    show_rates = any(access.may_view_rates(ctx, r.user_id) for r in records)
    headers = output.RECORD_HEADERS + (["amount"] if show_rates else [])
    if any(r.user_id != ctx.user.id for r in records):
        headers = headers + ["user"]
    rows = []
    for record in records:
        row = output.record_row(record, show_rates and access.may_view_rates(ctx, record.user_id),
                                now)
        if show_rates and not access.may_view_rates(ctx, record.user_id):
            row.append("")
        if "user" in headers:
            row.append(record.username)
        rows.append(row)
    output.print_table(headers, rows)


def _time(ctx: Context, text: str | None, field: str):
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
        changes.end = None if args.end.strip() == "" else _time(ctx, args.end, "end")
    if args.duration is not None:
        changes.duration = parse_optional_duration(args.duration)
    _common_changes(ctx, args, changes)
    if args.billable is not None:
        changes.billable = args.billable
    if args.hourly_rate is not None:
        changes.hourly_rate = (None if args.hourly_rate.strip() == ""
                               else parse_money(args.hourly_rate, "hourly-rate"))
    if args.fixed_rate is not None:
        changes.fixed_rate = (None if args.fixed_rate.strip() == ""
                              else parse_money(args.fixed_rate, "fixed-rate"))
    return changes


def status(session) -> int:
    ctx = session.context()
    _print_records(session, ctx, service.running(ctx))
    return 0


def start(session) -> int:
    ctx = session.context()
    args = session.args
    changes = RecordChanges()
    _resolve_refs(ctx, args, changes)
    _common_changes(ctx, args, changes)
    record, _stopped = service.start(ctx, changes, at=_time(ctx, args.at, "at"))
    _print_records(session, ctx, [record], single=True)
    return 0


def stop(session) -> int:
    ctx = session.context()
    args = session.args
    if args.id is not None and args.all:
        raise UsageError("give an ID or --all, not both", "id")
    stopped = service.stop(ctx, args.id, _time(ctx, args.at, "at"), all_running=args.all)
    _print_records(session, ctx, stopped, single=not args.all)
    return 0


def restart(session) -> int:
    ctx = session.context()
    record, _ = service.restart(ctx, session.args.id, _time(ctx, session.args.at, "at"))
    _print_records(session, ctx, [record], single=True)
    return 0


def add(session) -> int:
    ctx = session.context()
    args = session.args
    for option in ("project", "activity"):
        if getattr(args, option) is None:
            raise UsageError(f"--{option} is required", option)
    if args.begin is None:
        raise UsageError("--begin is required", "begin")
    record, _ = service.create(ctx, _record_changes(ctx, args))
    _print_records(session, ctx, [record], single=True)
    return 0


def edit(session) -> int:
    ctx = session.context()
    args = session.args
    existing = service.get(ctx, args.id)
    changes = _record_changes(ctx, args, existing)
    if args.exported is not None:
        changes.exported = args.exported == "yes"
    record = service.update(ctx, args.id, changes)
    _print_records(session, ctx, [record], single=True)
    return 0


def delete(session) -> int:
    ctx = session.context()
    record = service.delete(ctx, session.args.id)
    if _wants_json(session):
        output.print_json({"deleted": record.id})
    else:
        print(f"deleted record #{record.id}")
    return 0


def show(session) -> int:
    ctx = session.context()
    _print_records(session, ctx, [service.get(ctx, session.args.id)], single=True)
    return 0


def build_filter(ctx: Context, args) -> RecordFilter:
    flt = RecordFilter(state=args.state)
    if args.user is not None:
        flt.user_ids = [names.user(ctx, args.user).id]
    customer_id = None
    if args.customer is not None:
        customer_id = names.customer(ctx, args.customer).id
        flt.customer_ids = [customer_id]
    if args.project is not None:
        flt.project_ids = [names.project(ctx, args.project, customer_id).id]
    if args.activity is not None:
        project_id = flt.project_ids[0] if flt.project_ids else None
        flt.activity_ids = [names.activity(ctx, args.activity, project_id).id]
    if args.date_from is not None:
        flt.begin_from = _day_start(ctx, args.date_from, "from")
    if args.date_to is not None:
        flt.begin_to = _day_end(ctx, args.date_to, "to")
    flt.tags = [t for t in args.tag if t.strip()]
    if args.exported is not None:
        flt.exported = args.exported == "yes"
    if args.search:
        flt.search = parse_search(args.search)
    return flt


def _day_start(ctx: Context, text: str, field: str):
    return inputs.parse_time(text, field, ctx.tz, ctx.now())


def _day_end(ctx: Context, text: str, field: str):
    """`--to 2026-11-30` includes that whole day; a time is taken as given."""
    from datetime import timedelta

    moment = inputs.parse_time(text, field, ctx.tz, ctx.now())
    if ":" not in text and "now" not in text.lower() and not text.strip().startswith(("-", "+")):
        return moment + timedelta(days=1)
    return moment


def listing(session) -> int:
    ctx = session.context()
    args = session.args
    records = service.listing(ctx, build_filter(ctx, args), limit=args.limit,
                              all_users=args.all_users)
    _print_records(session, ctx, records)
    return 0


def export(session) -> int:
    from kimai_tui.services import export as export_service

    ctx = session.context()
    args = session.args
    flt = build_filter(ctx, args)
    fmt = "json" if getattr(args, "json", False) and args.format == "csv" else args.format
    stream = open(args.output, "w", encoding="utf-8", newline="") if args.output else sys.stdout
    try:
        count = export_service.export(ctx, flt, fmt, stream, all_users=args.all_users,
                                      mark_exported=args.mark_exported)
    finally:
        if args.output:
            stream.close()
    if args.output:
        sys.stderr.write(f"exported {count} records to {args.output}\n")
    return 0
