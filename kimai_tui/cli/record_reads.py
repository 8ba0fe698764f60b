"""Timesheet commands that read: status, show, list, export, and the filter of list and export.

They import only what reading needs (no rules engine, no catalogue unless a name is given), so
the commands one types most start fast.
"""

from __future__ import annotations

import sys

from kimai_tui.cli import output
from kimai_tui.queries import RecordFilter
from kimai_tui.services.capabilities import Capabilities
from kimai_tui.services import timesheet_reads as service
from kimai_tui.services.context import Context


def wants_json(session) -> bool:
    return bool(getattr(session.args, "json", False))


def _live_amounts(ctx: Context, records, now) -> dict[int, object]:
    """The live amount (if stopped now) of each running record whose rates the user may see
    (services.live: the toolbar's estimate), by record id."""
    rates = Capabilities(ctx).rates
    running = [r for r in records if r.running and rates(r.user_id)]
    if not running:
        return {}
    from kimai_tui.services import live

    out = {}
    for record in running:
        found = live.estimate(ctx, record)
        if found is not None:
            out[record.id] = found.amount_at(int((now - record.begin).total_seconds()))
    return out


def print_records(session, ctx: Context, records, single: bool = False,
                  full: bool = False) -> None:
    now = ctx.now()
    rates = Capabilities(ctx).rates
    amounts = _live_amounts(ctx, records, now)
    if wants_json(session):
        data = []
        for r in records:
            item = output.record_json(r, rates(r.user_id), now)
            if r.id in amounts:
                item["live_amount"] = float(amounts[r.id])
            data.append(item)
        output.print_json(data[0] if single and data else data)
        return
    if full:
        for index, record in enumerate(records):
            if index:
                print()
            output.print_record_full(record, rates(record.user_id), now,
                                     amounts.get(record.id), viewer=ctx.user)
        return
    show_rates = any(rates(r.user_id) for r in records)
    headers = output.RECORD_HEADERS + (["amount"] if show_rates else [])
    if any(r.user_id != ctx.user.id for r in records):
        headers = headers + ["user"]
    rows = []
    for record in records:
        row = output.record_row(record, show_rates and rates(record.user_id),
                                now, ctx.tz, amounts.get(record.id), ctx.user)
        if show_rates and not rates(record.user_id):
            row.append("")
        if "user" in headers:
            row.append(record.username)
        rows.append(row)
    output.print_table(headers, rows)


def status(session) -> int:
    args = getattr(session, "args", None)
    line_format = getattr(args, "line_format", None)
    if line_format is not None:
        from kimai_tui.services import status_line

        status_line.check_format(line_format)  # a bad format is exit 2 before any database
        ctx = session.context()
        print(status_line.line(ctx, service.running(ctx), line_format, args.idle))
        return 0
    ctx = session.context()
    running = service.running(ctx)
    print_records(session, ctx, running)
    if running:  # a forgotten timer, said on stderr (stdout stays the table or JSON)
        from kimai_tui.services import forgotten

        for item in forgotten.check(ctx):
            sys.stderr.write(output.inert("warning: " + forgotten.warning(item)) + "\n")
    return 0


def show(session) -> int:
    ctx = session.context()
    print_records(session, ctx, [service.get(ctx, session.args.id)], single=True, full=True)
    return 0


def build_filter(ctx: Context, args) -> RecordFilter:
    flt = RecordFilter(state=args.state)
    if any(v is not None for v in (args.user, args.customer, args.project, args.activity)):
        # Resolving names needs the catalogue services: imported only when a name is given,
        # so a plain `list` starts without them (issue 18).
        from kimai_tui.cli import names
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
        from kimai_tui.rules.search import parse_search

        flt.search = parse_search(args.search)
    return flt


def _parse(ctx: Context, text: str, field: str):
    """A time option in the viewer's zone; one that cannot be read is exit 2 (bad value)."""
    from kimai_tui.rules.errors import UsageError, ValidationError
    from kimai_tui.services import inputs

    try:
        return inputs.parse_time(text, field, ctx.tz, ctx.now())
    except ValidationError as exc:
        raise UsageError(exc.message, exc.field) from None


def _day_start(ctx: Context, text: str, field: str):
    """`--from 2026-11-05`: from the start of that day of the viewer."""
    return _parse(ctx, text, field)


def _day_end(ctx: Context, text: str, field: str):
    """`--to 2026-11-30` includes that whole day; a time is taken as given."""
    from datetime import timedelta

    moment = _parse(ctx, text, field)
    if ":" not in text and "now" not in text.lower() and not text.strip().startswith(("-", "+")):
        return moment + timedelta(days=1)
    return moment


def listing(session) -> int:
    ctx = session.context()
    args = session.args
    records = service.listing(ctx, build_filter(ctx, args), limit=args.limit,
                              all_users=args.all_users)
    print_records(session, ctx, records)
    return 0


def export(session) -> int:
    """`export`: to stdout (streamed; also the restricted sessions' route), or to --output,
    which appears complete and private (0600) before any record is marked exported."""
    from kimai_tui.services import export as export_service

    ctx = session.context()
    args = session.args
    flt = build_filter(ctx, args)
    fmt = "json" if getattr(args, "json", False) and args.format == "csv" else args.format
    if args.output:  # refused in a restricted session (PermissionDenied, exit 3)
        from kimai_tui.services import export_files

        result = export_files.export_to_file(ctx, flt, fmt, args.output, args.all_users,
                                             args.mark_exported)
        sys.stderr.write(output.inert(f"exported {result.written} records to {result.path}")
                         + "\n")
        _report_changed(result.changed)
        return 0
    stream = sys.stdout.buffer if fmt in export_service.BINARY_FORMATS else sys.stdout
    written = export_service.export_and_mark(ctx, flt, fmt, stream, all_users=args.all_users,
                                             mark_exported=args.mark_exported)
    _report_changed(written.changed)
    return 0


def _report_changed(changed) -> None:
    """Records changed between being written and being locked are not locked: say which."""
    if changed:
        ids = ", ".join(f"#{i}" for i in list(changed)[:20]) + (" …" if len(changed) > 20 else "")
        sys.stderr.write(f"warning: {len(changed)} records changed after they were written "
                         f"and were not marked exported: {ids}\n")
