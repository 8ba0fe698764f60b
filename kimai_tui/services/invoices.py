"""Invoices: preview the lines of a customer's period, create a numbered invoice in the
archive (optionally locking its records), list it, change its status (Kimai's invoices).

Who: `create_invoice` / `view_invoice` (team leads and up, over the records they may see, and
only when they may see every rate on it); templates need `manage_invoice_template` (admins).
Numbers are generated under the write lock and are unique in the database, so concurrent
creators never share one.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from kimai_tui import domain
from kimai_tui.data import convert
from kimai_tui.data import invoices as invoices_repo
from kimai_tui.data.db import write_transaction
from kimai_tui.queries import RecordFilter
from kimai_tui.rules import invoices as rules
from kimai_tui.rules.errors import NotFound, PermissionDenied, RuleRefused, ValidationError
from kimai_tui.rules.timeutil import zone
from kimai_tui.services import access, catalogue
from kimai_tui.services import timesheets as timesheet_service
from kimai_tui.services.context import Context

BUILT_IN = domain.InvoiceTemplate(id=0, name="default")
MAX_BUMPS = 1000  # numbers tried past an existing one before giving up


@dataclass
class InvoiceRequest:
    """What to invoice: a customer's stopped records in [begin, end), optionally only some
    projects or activities; billable and not yet exported ones unless asked otherwise."""

    customer_id: int
    begin: datetime | None = None
    end: datetime | None = None
    project_ids: list[int] = field(default_factory=list)
    activity_ids: list[int] = field(default_factory=list)
    template_id: int | None = None
    include_non_billable: bool = False
    include_exported: bool = False
    comment: str = ""


@dataclass
class Draft:
    """An invoice before it has a number: its lines, totals and the records it holds."""

    customer: domain.Customer
    template: domain.InvoiceTemplate
    lines: list[rules.Line]
    totals: rules.Totals
    versions: dict[int, int]  # record id -> version
    request: InvoiceRequest

    @property
    def currency(self) -> str:
        return self.customer.currency


# -- templates ----------------------------------------------------------------------------------

def templates(ctx: Context) -> list[domain.InvoiceTemplate]:
    _require(ctx, "view_invoice")
    return invoices_repo.templates()


def template(ctx: Context, name_or_id: str | int | None) -> domain.InvoiceTemplate:
    """A template by name, `#ID` or id; None: the only one, or the built-in default."""
    _require(ctx, "view_invoice")
    if name_or_id is None:
        found = invoices_repo.templates()
        return found[0] if len(found) == 1 else BUILT_IN
    if isinstance(name_or_id, int) or str(name_or_id).lstrip("#").isdigit():
        found_one = invoices_repo.template(int(str(name_or_id).lstrip("#")))
    else:
        found_one = invoices_repo.template_by_name(str(name_or_id))
    if found_one is None:
        raise NotFound(f"no invoice template {name_or_id!r}", "template")
    return found_one


def save_template(ctx: Context, values: dict, template_id: int | None = None,
                  expected_version: int | None = None) -> domain.InvoiceTemplate:
    """Create or change a template (the given fields only). ValidationError per field."""
    _require(ctx, "manage_invoice_template")
    clean = _template_values(values, creating=template_id is None)
    with write_transaction(ctx.database):
        if "name" in clean:
            other = invoices_repo.template_by_name(clean["name"])
            if other is not None and other.id != template_id:
                raise ValidationError(field="name",
                                      message=f"a template {clean['name']!r} exists already")
        if template_id is None:
            template_id = invoices_repo.create_template(clean)
        else:
            current = invoices_repo.template(template_id)
            if current is None:
                raise NotFound(f"no invoice template #{template_id}", "template")
            from kimai_tui.services.concurrency import check_version

            check_version("template", current, expected_version)
            if clean:
                invoices_repo.update_template(template_id, clean)
    return invoices_repo.template(template_id)


def delete_template(ctx: Context, template_id: int) -> None:
    _require(ctx, "manage_invoice_template")
    with write_transaction(ctx.database):
        used = invoices_repo.template_in_use(template_id)
        if used:
            raise RuleRefused(f"the template is used by {used} invoices (they keep their "
                              "snapshot; change it instead)", "template")
        invoices_repo.delete_template(template_id)


def _template_values(values: dict, creating: bool) -> dict:
    from kimai_tui.rules import validation
    from kimai_tui.services.invoice_documents import check_document

    errors: dict[str, list[str]] = {}
    out: dict = {}
    for key, raw in values.items():
        if raw is None:
            continue
        try:
            out[key] = _template_value(key, raw)
        except ValidationError as exc:
            for name, messages in exc.errors.items():
                errors.setdefault(name, []).extend(messages)
    if creating and not out.get("name"):
        errors.setdefault("name", []).append("a template needs a name")
    if "document" in out:
        try:
            check_document(out["document"])
        except ValidationError as exc:
            errors.update(exc.errors)
    texts = {k: v for k, v in out.items() if isinstance(v, str)}
    errors.update(validation.check_new_texts(texts, multiline=("address", "contact",
                                                               "payment_terms",
                                                               "payment_details")))
    if errors:
        raise ValidationError(errors)
    return out


def _template_value(key: str, raw):
    text = str(raw).strip() if not isinstance(raw, (int, Decimal)) else raw
    if key == "due_days":
        if not str(text).isdigit() or int(text) > 3650:
            raise ValidationError(field=key, message=f'"{raw}" is not a number of days 0-3650')
        return int(text)
    if key == "tax_rate":
        try:
            rate = Decimal(str(text).replace(",", "."))
        except InvalidOperation:
            rate = Decimal(-1)
        if not rate.is_finite() or not 0 <= rate <= 100:
            raise ValidationError(field=key, message=f'"{raw}" is not a percentage 0-100')
        return rate.quantize(Decimal("0.001"))
    if key == "grouping":
        if text not in rules.GROUPINGS:
            raise ValidationError(field=key, message=(
                f'"{raw}" is not a grouping (use {", ".join(rules.GROUPINGS)})'))
        return text
    if key == "number_format":
        rules.parse_number_format(text)
        return text
    if key == "name" and (not text or len(text) > 60):
        raise ValidationError(field=key, message="a template name is 1 to 60 characters")
    return text


# -- drafts and invoices ------------------------------------------------------------------------

def preview(ctx: Context, request: InvoiceRequest) -> Draft:
    """The lines and totals an invoice of REQUEST would have now. PermissionDenied without
    `create_invoice` or when a rate on it is hidden from the user; NotFound for a customer
    they may not see."""
    _require(ctx, "create_invoice")
    customer = catalogue.get(ctx, "customer", request.customer_id)
    chosen = template(ctx, request.template_id)
    flt = RecordFilter(customer_ids=[customer.id], begin_from=request.begin,
                       begin_to=request.end, project_ids=request.project_ids or None,
                       activity_ids=request.activity_ids or None, state="stopped",
                       billable=None if request.include_non_billable else True,
                       exported=None if request.include_exported else False)
    scoped = timesheet_service.scoped_filter(ctx, flt, all_users=True)
    if not access.may_see_amounts(ctx, scoped.user_ids):
        raise PermissionDenied("you may not see every rate of these records", "invoice")
    if scoped.user_ids is not None and not scoped.user_ids:
        rows = []
    else:
        rows = invoices_repo.items(scoped)
    items = [rules.Item(record_id=r.id, day=_local_day(r.begin_ts, r.timezone), user=r.user,
                        project=r.project, activity=r.activity, description=r.description,
                        seconds=r.duration, amount=r.amount, hourly_rate=r.hourly_rate,
                        fixed_rate=r.fixed_rate, keys=r.keys) for r in rows]
    lines = rules.group_lines(items, chosen.grouping)
    return Draft(customer, chosen, lines, rules.totals(lines, chosen.tax_rate),
                 {r.id: r.version for r in rows}, request)


def create(ctx: Context, request: InvoiceRequest, mark_exported: bool = False
           ) -> domain.Invoice:
    """Number and archive an invoice of REQUEST in one transaction; with MARK_EXPORTED its
    records are locked in that same transaction. RuleRefused when nothing is to invoice."""
    with write_transaction(ctx.database, lock_user_id=ctx.user.id):
        invoices_repo.lock_numbers(ctx.database)
        draft = preview(ctx, request)
        if not draft.lines:
            raise RuleRefused("there is nothing to invoice: no stopped records of this "
                              "customer and period (billable, not yet exported)", "invoice")
        now = ctx.now()
        local = now.astimezone(ctx.tz)
        day = local.year * 10000 + local.month * 100 + local.day
        number = _next_number(ctx, draft, local.date(), day)
        values = {
            "number": number, "template": draft.template.id or None,
            "customer": draft.customer.id, "user": ctx.user.id,
            "created_ts": convert.to_ts(now), "day": day,
            "period_from_ts": convert.to_ts(request.begin) if request.begin else None,
            "period_to_ts": convert.to_ts(request.end) if request.end else None,
            "timezone": ctx.user.timezone, "currency": draft.currency,
            "subtotal": draft.totals.subtotal, "tax_rate": draft.template.tax_rate,
            "tax": draft.totals.tax, "total": draft.totals.total,
            "seconds": draft.totals.seconds, "due_days": draft.template.due_days,
            "comment": request.comment, "lines_json": json.dumps(lines_json(draft.lines)),
            "header_json": json.dumps(_header(draft, ctx)),
        }
        invoice_id = invoices_repo.insert(values, list(draft.versions))
        if mark_exported:
            timesheet_service.mark_exported(ctx, list(draft.versions), draft.versions)
    return invoices_repo.get(invoice_id)


def _next_number(ctx: Context, draft: Draft, today: date, day: int) -> str:
    fmt = draft.template.number_format or rules.DEFAULT_NUMBER_FORMAT
    scopes = rules.counter_scopes(rules.parse_number_format(fmt))
    counts = invoices_repo.counts(scopes, day, draft.customer.id, ctx.user.id)
    texts = {"cname": draft.customer.name, "cnumber": draft.customer.number,
             "ustaff": ctx.user.staff_number, "uid": str(ctx.user.id)}
    for bump in range(MAX_BUMPS):
        number = rules.format_number(fmt, today, counts, texts, bump)
        if not invoices_repo.number_exists(number):
            return number
    raise RuleRefused(f"no free invoice number for the format {fmt!r}", "number_format")


def _local_day(ts: int, tz_name: str) -> date:
    return convert.from_ts(ts).astimezone(zone(tz_name)).date()


def lines_json(lines: list[rules.Line]) -> list[dict]:
    return [{"description": line.description,
             "date": line.day.isoformat() if line.day else None, "user": line.user,
             "project": line.project, "activity": line.activity, "seconds": line.seconds,
             "hours": str(line.hours), "rate": str(line.rate) if line.rate is not None else None,
             "fixed": line.fixed, "amount": str(line.amount), "records": len(line.records)}
            for line in lines]


def _header(draft: Draft, ctx: Context) -> dict:
    """Who invoices whom, as it was when the invoice was made (a later change of the template
    or the customer does not change an issued invoice)."""
    t, c = draft.template, draft.customer
    return {"template": {k: getattr(t, k) for k in (
                "name", "title", "company", "vat_id", "address", "contact", "payment_terms",
                "payment_details", "document")},
            "customer": {k: getattr(c, k) for k in (
                "name", "number", "company", "vat_id", "contact", "email", "phone",
                "address", "currency")},
            "issuer": ctx.user.display_name}


def get(ctx: Context, number: str) -> domain.Invoice:
    """An invoice by number or `#ID`, if the user may view invoices and see its customer."""
    _require(ctx, "view_invoice")
    text = number.strip()
    invoice = (invoices_repo.get(int(text[1:])) if text.startswith("#") and text[1:].isdigit()
               else invoices_repo.by_number(text))
    if invoice is None or not _may_see_customer(ctx, invoice.customer_id):
        raise NotFound(f"no invoice {number!r}", "invoice")
    return invoice


def listing(ctx: Context, customer_id: int | None = None, status: str | None = None
            ) -> list[domain.Invoice]:
    _require(ctx, "view_invoice")
    if status is not None:
        status = rules.check_status(status)
    found = invoices_repo.listing([customer_id] if customer_id else None, status)
    return [i for i in found if _may_see_customer(ctx, i.customer_id)]


def set_status(ctx: Context, number: str, status: str) -> domain.Invoice:
    """new -> pending -> paid, or cancelled; `paid` records when."""
    status = rules.check_status(status)
    _require(ctx, "create_invoice")
    with write_transaction(ctx.database):
        invoice = get(ctx, number)
        paid_ts = convert.to_ts(ctx.now()) if status == "paid" else None
        invoices_repo.set_status(invoice.id, status, paid_ts)
    return invoices_repo.get(invoice.id)


def render(ctx: Context, invoice: domain.Invoice, fmt: str | None = None):
    """The invoice as a document (invoice_documents.Document): html, pdf or xlsx, from the
    snapshot taken when it was created."""
    from kimai_tui.services import invoice_documents

    _require(ctx, "view_invoice")
    return invoice_documents.render(ctx.settings, invoice, fmt)


def copy_document(ctx: Context, name: str, destination: str) -> str:
    """Write the document NAME (a built-in one, or one of the configured folders) to
    DESTINATION for an admin to edit; returns the path. Not in a restricted session."""
    from kimai_tui.services import export_files, invoice_documents

    _require(ctx, "manage_invoice_template")
    if ctx.restricted:
        raise PermissionDenied("a restricted session writes no file at a path you choose",
                               "destination")
    invoice_documents.check_document(name)
    data = invoice_documents.source(ctx.settings, name)
    return export_files.write_document(ctx, destination, data,
                                       invoice_documents.format_of(name))


def _may_see_customer(ctx: Context, customer_id: int) -> bool:
    try:
        catalogue.get(ctx, "customer", customer_id)
    except (NotFound, PermissionDenied):
        return False
    return True


def _require(ctx: Context, permission: str) -> None:
    if not ctx.can(permission):
        raise PermissionDenied("you may not " + {
            "view_invoice": "view invoices", "create_invoice": "create invoices",
            "manage_invoice_template": "manage invoice templates"}[permission], "permission")
