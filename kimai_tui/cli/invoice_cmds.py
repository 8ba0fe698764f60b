"""`kimai-tui invoice …`: preview, create, list, show, render and set the status of invoices;
manage invoice templates and documents. The rules live in services/invoices.py."""

from __future__ import annotations

import sys

from kimai_tui.cli import names, output
from kimai_tui.rules.errors import UsageError
from kimai_tui.services.serialize import money_json
from kimai_tui.rules.money import format_money


def run(session) -> int:
    args = session.args
    action = args.invoice_action
    if action == "template":
        return _template(session)
    if action == "documents":
        return _documents(session)
    if action == "document":
        return _copy_document(session)
    return {"preview": _preview, "create": _create, "list": _list, "show": _show,
            "render": _render, "status": _status}[action](session)


# -- invoices -------------------------------------------------------------------------------------

def _request(session):
    from kimai_tui.cli.record_reads import _day_end, _day_start
    from kimai_tui.services import invoices, reports

    ctx, args = session.context(), session.args
    customer = names.customer(ctx, args.customer)
    if args.month is not None and (args.date_from or args.date_to):
        raise UsageError("give --month or --from/--to, not both", "month")
    begin = _day_start(ctx, args.date_from, "from") if args.date_from else None
    end = _day_end(ctx, args.date_to, "to") if args.date_to else None
    if args.month is not None:
        begin, end = reports.month_range(ctx, *reports.parse_month(args.month))
    template_id = None
    if args.template is not None:
        template_id = invoices.template(ctx, args.template).id
    return ctx, invoices.InvoiceRequest(
        customer_id=customer.id, begin=begin, end=end,
        project_ids=[names.project(ctx, p, customer.id).id for p in args.project],
        activity_ids=[names.activity(ctx, a, None).id for a in args.activity],
        template_id=template_id, include_non_billable=args.include_non_billable,
        include_exported=args.include_exported,
        comment=getattr(args, "comment", None) or "")


def _preview(session) -> int:
    from kimai_tui.services import invoices

    ctx, request = _request(session)
    draft = invoices.preview(ctx, request)
    if getattr(session.args, "json", False):
        output.print_json({
            "customer": draft.customer.name, "currency": draft.currency,
            "template": draft.template.name, "records": len(draft.versions),
            "lines": invoices.lines_json(draft.lines),
            "subtotal": money_json(draft.totals.subtotal), "tax": money_json(draft.totals.tax),
            "total": money_json(draft.totals.total), "duration": draft.totals.seconds})
        return 0
    _print_lines([{"date": line.day.isoformat() if line.day else "",
                   "description": line.description, "hours": str(line.hours),
                   "rate": str(line.rate) if line.rate is not None else None,
                   "amount": str(line.amount)} for line in draft.lines],
                 draft.currency, draft.totals.subtotal, draft.totals.tax, draft.totals.total,
                 draft.template.tax_rate)
    sys.stdout.write(f"{len(draft.versions)} records · template {draft.template.name} · "
                     "nothing was saved (invoice create saves it)\n")
    return 0


def _create(session) -> int:
    from kimai_tui.services import invoices

    ctx, request = _request(session)
    args = session.args
    invoice = invoices.create(ctx, request, mark_exported=args.mark_exported)
    if args.output:
        path = _save(ctx, invoice, args.format, args.output)
        sys.stderr.write(output.inert(f"invoice {invoice.number} written to {path}") + "\n")
    if getattr(args, "json", False):
        output.print_json(_invoice_json(invoice))
    else:
        sys.stdout.write(output.inert(
            f"invoice {invoice.number}: {invoice.customer}, {invoice.records} records, "
            f"total {format_money(invoice.total)} {invoice.currency}") + "\n")
    return 0


def _list(session) -> int:
    from kimai_tui.services import invoices

    ctx, args = session.context(), session.args
    customer_id = names.customer(ctx, args.customer).id if args.customer else None
    found = invoices.listing(ctx, customer_id, args.status)
    if getattr(args, "json", False):
        output.print_json([_invoice_json(i, lines=False) for i in found])
        return 0
    output.print_table(["number", "date", "customer", "records", "total", "status"],
                       [[i.number, i.created.astimezone(ctx.tz).date().isoformat(), i.customer,
                         i.records, format_money(i.total, i.currency), i.status] for i in found])
    return 0


def _show(session) -> int:
    from kimai_tui.services import invoices

    ctx = session.context()
    invoice = invoices.get(ctx, session.args.number)
    if getattr(session.args, "json", False):
        output.print_json(_invoice_json(invoice))
        return 0
    sys.stdout.write(output.inert(
        f"invoice {invoice.number} · {invoice.customer} · {invoice.status} · created "
        f"{invoice.created.astimezone(ctx.tz).date().isoformat()} · due in {invoice.due_days} "
        "days") + "\n")
    _print_lines(invoice.lines, invoice.currency, invoice.subtotal, invoice.tax,
                 invoice.total, invoice.tax_rate)
    return 0


def _render(session) -> int:
    from kimai_tui.services import invoices

    ctx, args = session.context(), session.args
    invoice = invoices.get(ctx, args.number)
    if args.output:
        path = _save(ctx, invoice, args.format, args.output)
        sys.stderr.write(output.inert(f"invoice {invoice.number} written to {path}") + "\n")
        return 0
    document = invoices.render(ctx, invoice, args.format)
    sys.stdout.buffer.write(document.data)
    sys.stdout.flush()
    return 0


def _save(ctx, invoice, fmt: str | None, requested: str) -> str:
    from kimai_tui.services import export_files, invoices

    document = invoices.render(ctx, invoice, fmt)
    return export_files.write_document(ctx, requested, document.data, document.fmt)


def _status(session) -> int:
    from kimai_tui.services import invoices

    ctx, args = session.context(), session.args
    invoice = invoices.set_status(ctx, args.number, args.status)
    if getattr(args, "json", False):
        output.print_json(_invoice_json(invoice, lines=False))
    else:
        sys.stdout.write(output.inert(f"invoice {invoice.number}: {invoice.status}") + "\n")
    return 0


def _print_lines(lines, currency, subtotal, tax, total, tax_rate) -> None:
    rows = [[line["date"] or "", line["description"], line["hours"],
             format_money(float(line['rate'])) if line["rate"] is not None else "",
             format_money(float(line['amount']))] for line in lines]
    rows += [["", "subtotal", "", "", f"{format_money(subtotal)} {currency}"],
             ["", f"tax {tax_rate.normalize():f} %", "", "", f"{format_money(tax)} {currency}"],
             ["", "total", "", "", f"{format_money(total)} {currency}"]]
    output.print_table(["date", "description", "hours", "rate", "amount"], rows)


def _invoice_json(invoice, lines: bool = True) -> dict:
    data = {"id": invoice.id, "number": invoice.number, "customer": invoice.customer,
            "customer_id": invoice.customer_id, "created": invoice.created.isoformat(),
            "status": invoice.status, "currency": invoice.currency,
            "subtotal": money_json(invoice.subtotal), "tax_rate": money_json(invoice.tax_rate),
            "tax": money_json(invoice.tax), "total": money_json(invoice.total),
            "duration": invoice.seconds, "records": invoice.records,
            "due_days": invoice.due_days,
            "paid": invoice.paid.isoformat() if invoice.paid else None,
            "comment": invoice.comment}
    if lines:
        data["lines"] = invoice.lines
    return data


# -- templates and documents ------------------------------------------------------------------

_TEMPLATE_OPTIONS = ("title", "company", "vat_id", "address", "contact", "payment_terms",
                     "payment_details", "due_days", "tax_rate", "grouping", "number_format",
                     "document")


def _template(session) -> int:
    from kimai_tui.services import invoices

    ctx, args = session.context(), session.args
    action = args.template_action
    if action == "list":
        found = invoices.templates(ctx)
        if getattr(args, "json", False):
            output.print_json([_template_json(t) for t in found])
        else:
            output.print_table(["name", "title", "grouping", "tax %", "due days", "number",
                                "document"],
                               [[t.name, t.title, t.grouping, f"{t.tax_rate.normalize():f}",
                                 t.due_days, t.number_format, t.document] for t in found])
        return 0
    values = {key: getattr(args, key, None) for key in _TEMPLATE_OPTIONS}
    if action == "add":
        values["name"] = args.name
        if values.get("number_format") is None:
            values["number_format"] = ctx.settings.kimai.invoice.number_format
        template = invoices.save_template(ctx, values)
    elif action == "edit":
        current = invoices.template(ctx, args.name)
        values["name"] = args.new_name
        template = invoices.save_template(ctx, values, current.id)
    elif action == "delete":
        current = invoices.template(ctx, args.name)
        invoices.delete_template(ctx, current.id)
        sys.stdout.write(output.inert(f"deleted invoice template {current.name}") + "\n")
        return 0
    else:  # show
        template = invoices.template(ctx, args.name)
    if getattr(args, "json", False):
        output.print_json(_template_json(template))
    else:
        output.print_table(["field", "value"], [(k, v) for k, v in _template_json(
            template).items()], max_width=100)
    return 0


def _template_json(t) -> dict:
    return {"id": t.id, "name": t.name, "title": t.title, "company": t.company,
            "vat_id": t.vat_id, "address": t.address, "contact": t.contact,
            "payment_terms": t.payment_terms, "payment_details": t.payment_details,
            "due_days": t.due_days, "tax_rate": money_json(t.tax_rate), "grouping": t.grouping,
            "number_format": t.number_format, "document": t.document}


def _documents(session) -> int:
    from kimai_tui.services import invoice_documents

    found = invoice_documents.available(session.settings)
    if getattr(session.args, "json", False):
        output.print_json([{"name": n, "format": f, "where": w} for n, f, w in found])
    else:
        output.print_table(["document", "format", "where"], found, max_width=120)
    return 0


def _copy_document(session) -> int:
    """Write a document out for an admin to edit (refused in a restricted session)."""
    from kimai_tui.services import invoices

    ctx, args = session.context(), session.args
    path = invoices.copy_document(ctx, args.name, args.destination)
    sys.stderr.write(output.inert(f"{args.name} copied to {path}") + "\n")
    return 0
