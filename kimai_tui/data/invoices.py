"""Queries of invoicing: templates, the records an invoice would hold, counters for numbers,
and the archive."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from peewee import fn

from kimai_tui import domain
from kimai_tui.data import convert
from kimai_tui.data import timesheets as records_repo
from kimai_tui.data.invoice_models import Invoice, InvoiceRecord, InvoiceTemplate
from kimai_tui.data.models import Activity, Customer, Project, Timesheet, User

TEMPLATE_FIELDS = ("name", "title", "company", "vat_id", "address", "contact", "payment_terms",
                   "payment_details", "due_days", "tax_rate", "grouping", "number_format",
                   "document")


def _template(row: InvoiceTemplate) -> domain.InvoiceTemplate:
    return domain.InvoiceTemplate(id=row.id, version=row.version, tax_rate=Decimal(
        row.tax_rate), **{f: getattr(row, f) for f in TEMPLATE_FIELDS if f != "tax_rate"})


def templates() -> list[domain.InvoiceTemplate]:
    return [_template(r) for r in InvoiceTemplate.select().order_by(
        fn.LOWER(InvoiceTemplate.name))]


def template(template_id: int) -> domain.InvoiceTemplate | None:
    row = InvoiceTemplate.get_or_none(InvoiceTemplate.id == template_id)
    return _template(row) if row else None


def template_by_name(name: str) -> domain.InvoiceTemplate | None:
    row = InvoiceTemplate.get_or_none(fn.LOWER(InvoiceTemplate.name) == name.strip().lower())
    return _template(row) if row else None


def create_template(values: dict) -> int:
    return InvoiceTemplate.insert(**values).execute()


def update_template(template_id: int, values: dict) -> None:
    InvoiceTemplate.update(**values, version=InvoiceTemplate.version + 1).where(
        InvoiceTemplate.id == template_id).execute()


def delete_template(template_id: int) -> None:
    InvoiceTemplate.delete().where(InvoiceTemplate.id == template_id).execute()


# -- the records of an invoice ----------------------------------------------------------------

@dataclass(frozen=True)
class ItemRow:
    """A stopped record as an invoice needs it."""

    id: int
    begin_ts: int
    timezone: str
    user: str
    project: str
    activity: str
    description: str
    duration: int
    amount: Decimal
    hourly_rate: Decimal | None
    fixed_rate: Decimal | None
    version: int
    keys: tuple[int, int, int]  # user, project, activity ids


def items(flt) -> list[ItemRow]:
    """The records of FLT (a RecordFilter), oldest first. An invoice holds a customer's month
    or so: a few thousand rows at most, read in one query."""
    name = fn.COALESCE(fn.NULLIF(User.alias, ""), User.username)
    query = (Timesheet.select(Timesheet.id, Timesheet.begin_ts, Timesheet.timezone, name,
                              Project.name, Activity.name, Timesheet.description,
                              Timesheet.duration, Timesheet.rate, Timesheet.hourly_rate,
                              Timesheet.fixed_rate, Timesheet.version, Timesheet.user,
                              Timesheet.project, Timesheet.activity)
             .join(User, on=(Timesheet.user == User.id))
             .switch(Timesheet).join(Project, on=(Timesheet.project == Project.id))
             .switch(Timesheet).join(Activity, on=(Timesheet.activity == Activity.id)))
    query = records_repo.where(query, flt).where(Timesheet.end_ts.is_null(False))
    query = query.order_by(Timesheet.begin_ts.asc(), Timesheet.id.asc())
    return [ItemRow(*row[:8], rate if rate is not None else Decimal("0"), hourly, fixed, version,
                    (user_id, project_id, activity_id))
            for *row, rate, hourly, fixed, version, user_id, project_id, activity_id
            in query.tuples()]


# -- numbers ----------------------------------------------------------------------------------

def lock_numbers(database) -> None:
    """Serialise number generation (SQLite: the caller's BEGIN IMMEDIATE already does)."""
    from kimai_tui.data.db import is_sqlite

    if not is_sqlite(database):
        database.execute_sql('LOCK TABLE "invoice" IN SHARE ROW EXCLUSIVE MODE')


def counts(scopes: set[str], day: int, customer_id: int, user_id: int) -> dict[str, int]:
    """Invoices before this one per counter scope (rules/invoices.COUNTERS); DAY yyyymmdd."""
    year, month = day // 10000, day // 100
    ranges = {"": None, "y": (year * 10000, year * 10000 + 9999),
              "m": (month * 100, month * 100 + 99), "d": (day, day)}
    owners = {"c": None, "cc": Invoice.customer == customer_id, "cu": Invoice.user == user_id}
    out = {}
    for scope in scopes:
        owner = "cc" if scope.startswith("cc") else "cu" if scope.startswith("cu") else "c"
        period = ranges[scope[len(owner):]]
        query = Invoice.select()
        if owners[owner] is not None:
            query = query.where(owners[owner])
        if period is not None:
            query = query.where(Invoice.day.between(*period))
        out[scope] = query.count()
    return out


def number_exists(number: str) -> bool:
    return Invoice.select().where(Invoice.number == number).exists()


# -- the archive ------------------------------------------------------------------------------

def insert(values: dict, record_ids: Sequence[int]) -> int:
    invoice_id = Invoice.insert(**values).execute()
    rows = [(invoice_id, rid) for rid in record_ids]
    for start in range(0, len(rows), 500):
        InvoiceRecord.insert_many(rows[start:start + 500],
                                  fields=[InvoiceRecord.invoice, InvoiceRecord.timesheet]
                                  ).execute()
    return invoice_id


def _invoice(row, customer: str, records: int) -> domain.Invoice:
    return domain.Invoice(
        id=row.id, number=row.number, customer_id=row.customer_id, customer=customer,
        user_id=row.user_id, created=convert.from_ts(row.created_ts), timezone=row.timezone,
        period_from=convert.from_ts(row.period_from_ts),
        period_to=convert.from_ts(row.period_to_ts), currency=row.currency,
        subtotal=row.subtotal, tax_rate=Decimal(row.tax_rate), tax=row.tax, total=row.total,
        seconds=row.seconds, due_days=row.due_days, status=row.status,
        paid=convert.from_ts(row.paid_ts), comment=row.comment,
        lines=json.loads(row.lines_json), header=json.loads(row.header_json),
        template_id=row.template_id, records=records, version=row.version)


def _select():
    count = (InvoiceRecord.select(fn.COUNT(InvoiceRecord.timesheet))
             .where(InvoiceRecord.invoice == Invoice.id))
    return (Invoice.select(Invoice, Customer.name.alias("customer_name"),
                           count.alias("record_count"))
            .join(Customer, on=(Invoice.customer == Customer.id)))


def get(invoice_id: int) -> domain.Invoice | None:
    row = _select().where(Invoice.id == invoice_id).objects().first()
    return _invoice(row, row.customer_name, row.record_count) if row else None


def by_number(number: str) -> domain.Invoice | None:
    row = _select().where(Invoice.number == number).objects().first()
    return _invoice(row, row.customer_name, row.record_count) if row else None


def listing(customer_ids: Sequence[int] | None = None, status: str | None = None,
            limit: int = 100) -> list[domain.Invoice]:
    """Newest first; CUSTOMER_IDS None means every customer."""
    query = _select()
    if customer_ids is not None:
        query = query.where(Invoice.customer.in_(list(customer_ids)))
    if status is not None:
        query = query.where(Invoice.status == status)
    query = query.order_by(Invoice.created_ts.desc(), Invoice.id.desc()).limit(limit)
    return [_invoice(r, r.customer_name, r.record_count) for r in query.objects()]


def set_status(invoice_id: int, status: str, paid_ts: int | None) -> None:
    Invoice.update(status=status, paid_ts=paid_ts, version=Invoice.version + 1).where(
        Invoice.id == invoice_id).execute()


def record_ids(invoice_id: int) -> list[int]:
    return [rid for (rid,) in InvoiceRecord.select(InvoiceRecord.timesheet).where(
        InvoiceRecord.invoice == invoice_id).tuples()]


def template_in_use(template_id: int) -> int:
    return Invoice.select().where(Invoice.template == template_id).count()


__all__ = ["ItemRow", "items", "counts", "number_exists", "insert", "get", "by_number",
           "listing", "set_status", "record_ids", "templates", "template", "template_by_name",
           "create_template", "update_template", "delete_template", "lock_numbers",
           "template_in_use"]
