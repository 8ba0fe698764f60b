"""Peewee models of invoicing: templates, the invoice archive and which records an invoice
holds (created by schema migration "invoices" in data/db.py).

An invoice keeps a snapshot of its lines and totals (`lines_json`, money as strings with 4
decimals), so it renders the same document however the records change later.
"""

from __future__ import annotations

from peewee import (SQL, BigIntegerField, BooleanField, CharField, CompositeKey,
                    DecimalField, ForeignKeyField, IntegerField, TextField)

from kimai_tui.data.models import BaseModel, Customer, MoneyField, Timesheet, User


class InvoiceTemplate(BaseModel):
    """Kimai's invoice template: who invoices, how lines are grouped, the number format and
    the document (renderer) to use."""

    name = CharField(max_length=60, unique=True)
    title = CharField(max_length=255, default="Invoice")
    company = CharField(max_length=255, default="")
    vat_id = CharField(max_length=50, default="")
    address = TextField(default="")
    contact = TextField(default="")
    payment_terms = TextField(default="")
    payment_details = TextField(default="")
    due_days = IntegerField(default=30)
    tax_rate = DecimalField(max_digits=7, decimal_places=3, default=0)  # percent
    grouping = CharField(max_length=10, default="record")
    number_format = CharField(max_length=100, default="{Y}/{cy,3}")
    document = CharField(max_length=100, default="default.html")
    version = IntegerField(default=1, constraints=[SQL("DEFAULT 1")])


class Invoice(BaseModel):
    number = CharField(max_length=100, unique=True)
    template = ForeignKeyField(InvoiceTemplate, null=True, on_delete="SET NULL")
    customer = ForeignKeyField(Customer, on_delete="RESTRICT")
    user = ForeignKeyField(User, on_delete="RESTRICT")  # who created it
    created_ts = BigIntegerField()
    day = IntegerField()  # yyyymmdd of creation in the creator's zone: counters per period
    period_from_ts = BigIntegerField(null=True)
    period_to_ts = BigIntegerField(null=True)
    timezone = CharField(max_length=64)
    currency = CharField(max_length=3)
    subtotal = MoneyField()
    tax_rate = DecimalField(max_digits=7, decimal_places=3, default=0)
    tax = MoneyField()
    total = MoneyField()
    seconds = BigIntegerField(default=0)
    due_days = IntegerField(default=30)
    status = CharField(max_length=10, default="new", index=True)
    paid_ts = BigIntegerField(null=True)
    comment = TextField(default="")
    lines_json = TextField()
    header_json = TextField()  # template and customer fields as they were when created
    version = IntegerField(default=1, constraints=[SQL("DEFAULT 1")])

    class Meta:
        indexes = ((("customer", "day"), False), (("user", "day"), False), (("day",), False))


class InvoiceRecord(BaseModel):
    invoice = ForeignKeyField(Invoice, on_delete="CASCADE", index=False)
    timesheet = ForeignKeyField(Timesheet, on_delete="CASCADE", index=False)

    class Meta:
        primary_key = CompositeKey("invoice", "timesheet")
        indexes = ((("timesheet",), False),)


INVOICE_MODELS = (InvoiceTemplate, Invoice, InvoiceRecord)
