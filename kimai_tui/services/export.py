"""Kimai-compatible CSV and JSON export (rules.md §Export), streamed a page at a time."""

from __future__ import annotations

import csv
import json
from typing import TextIO

from kimai_tui import domain
from kimai_tui.data import users as users_repo
from kimai_tui.data.db import write_transaction
from kimai_tui.data.timesheets import RecordFilter
from kimai_tui.rules.durations import format_duration
from kimai_tui.rules.errors import PermissionDenied
from kimai_tui.services import access
from kimai_tui.services import timesheets as timesheet_service
from kimai_tui.services.context import Context, zone
from kimai_tui.services.serialize import record_json
from kimai_tui.textsafe import inert_json

HEADER = ["Date", "From", "To", "Duration", "Currency", "Price", "Internal price",
          "Hourly price", "Fixed price", "Name", "User", "E-mail", "Staff number", "Customer",
          "Project", "Activity", "Description", "Billable", "Tags", "Type", "category",
          "Account", "Project number", "VAT-ID", "Order number"]
MONEY_COLUMNS = {"Currency", "Price", "Internal price", "Hourly price", "Fixed price"}
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(text: str) -> str:
    """A cell a spreadsheet would run as a formula gets the `' ` prefix."""
    return "' " + text if text.startswith(_FORMULA_START) else text


def _money(value) -> str:
    return "" if value is None else f"{value:.2f}"


class _Lookups:
    """Users, customers and projects met during an export, loaded once each."""

    def __init__(self):
        from kimai_tui.data import catalogue as catalogue_repo

        self._repo = catalogue_repo
        self.users: dict[int, domain.User] = {}
        self.entities: dict[tuple[str, int], object] = {}

    def user(self, user_id: int) -> domain.User:
        if user_id not in self.users:
            self.users[user_id] = users_repo.get(user_id)
        return self.users[user_id]

    def entity(self, kind: str, entity_id: int):
        key = (kind, entity_id)
        if key not in self.entities:
            self.entities[key] = self._repo.get(kind, entity_id)
        return self.entities[key]


def csv_row(record: domain.Record, lookups: _Lookups, with_money: bool,
            custom_fields: tuple) -> list[str]:
    tz = zone(record.timezone)
    begin = record.begin.astimezone(tz)
    user = lookups.user(record.user_id)
    customer = lookups.entity("customer", record.customer_id)
    project = lookups.entity("project", record.project_id)
    row = {
        "Date": begin.strftime("%Y-%m-%d"), "From": begin.strftime("%H:%M"),
        "To": record.end.astimezone(tz).strftime("%H:%M") if record.end else "",
        "Duration": format_duration(record.duration), "Currency": record.currency,
        "Price": _money(record.rate), "Internal price": _money(record.internal_rate),
        "Hourly price": _money(record.hourly_rate), "Fixed price": _money(record.fixed_rate),
        "Name": user.display_name, "User": user.username, "E-mail": user.email,
        "Staff number": user.staff_number, "Customer": record.customer,
        "Project": record.project, "Activity": record.activity,
        "Description": record.description, "Billable": "1" if record.billable else "",
        "Tags": ", ".join(record.tags), "Type": "timesheet", "category": "work",
        "Account": customer.number, "Project number": project.number,
        "VAT-ID": customer.vat_id, "Order number": project.order_number,
    }
    cells = [row[h] for h in HEADER if with_money or h not in MONEY_COLUMNS]
    cells += [record.meta.get(f.name, "") for f in custom_fields]
    return [neutralise(str(c)) for c in cells]


def count(ctx: Context, flt: RecordFilter, all_users: bool = False) -> int:
    """How many records an export of this filter would write (for a progress bar)."""
    from kimai_tui.data import timesheets as records_repo
    from copy import copy

    return records_repo.count(timesheet_service.scoped_filter(ctx, copy(flt), all_users))


def export(ctx: Context, flt: RecordFilter, fmt: str, stream: TextIO, all_users: bool = False,
           mark_exported: bool = False, progress=None) -> int:
    """Write every matching record the user may see; optionally lock them. Returns the count.

    `progress(done)` is called every 1,000 records (the TUI's progress bar)."""
    if not ctx.can("export_own_timesheet") and not access.is_customer_account(ctx):
        raise PermissionDenied("you may not export records", "export")
    custom_fields = ctx.settings.custom_fields.timesheet
    lookups = _Lookups()
    exported_ids: list[int] = []
    writer = None
    first = True
    if fmt == "json":
        stream.write("[")
    for record in timesheet_service.iterate(ctx, flt, all_users):
        with_money = access.may_view_rates(ctx, record.user_id)
        if fmt == "csv":
            if writer is None:
                writer = csv.writer(stream, lineterminator="\n")
                header = [h for h in HEADER if with_money or h not in MONEY_COLUMNS]
                writer.writerow(header + [f.label or f.name for f in custom_fields])
            writer.writerow(csv_row(record, lookups, with_money, custom_fields))
        else:
            data = record_json(record, with_money, ctx.now())
            stream.write(("\n" if first else ",\n")
                         + inert_json(json.dumps(data, ensure_ascii=False)))
        first = False
        exported_ids.append(record.id)
        if progress is not None and len(exported_ids) % 1000 == 0:
            progress(len(exported_ids))
    if fmt == "json":
        stream.write("\n]\n" if exported_ids else "]\n")
    elif writer is None:
        with_money = access.may_view_rates(ctx, ctx.user.id)
        header = [h for h in HEADER if with_money or h not in MONEY_COLUMNS]
        csv.writer(stream, lineterminator="\n").writerow(
            header + [f.label or f.name for f in custom_fields])
    if mark_exported and exported_ids:
        with write_transaction(ctx.database, lock_user_id=ctx.user.id):
            timesheet_service.mark_exported(ctx, exported_ids)
    return len(exported_ids)
