"""Kimai-compatible CSV and JSON export (rules.md §Export), streamed a page at a time.

Rows come from `data.export_rows` as plain tuples; the cells repeated across rows (names,
amounts, durations, local times) are worked out once each in `export_cells`. Only one page of
records is held at a time.
"""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass, field
from typing import TextIO

from kimai_tui import domain
from kimai_tui.data import convert, export_rows
from kimai_tui.data import meta as meta_repo
from kimai_tui.data import timesheets as records_repo
from kimai_tui.data.db import write_transaction
from kimai_tui.queries import RecordFilter
from kimai_tui.rules.errors import PermissionDenied
from kimai_tui.services import access
from kimai_tui.services import timesheets as timesheet_service
from kimai_tui.services.context import Context
from kimai_tui.services.export_cells import (LocalTimes, Memo, Names, duration_cells,
                                             local_iso_texts, money_cells, neutralise)
from kimai_tui.services.serialize import record_json
from kimai_tui.textsafe import inert, inert_json

HEADER = ["Date", "From", "To", "Duration", "Currency", "Price", "Internal price",
          "Hourly price", "Fixed price", "Name", "User", "E-mail", "Staff number", "Customer",
          "Project", "Activity", "Description", "Billable", "Tags", "Type", "category",
          "Account", "Project number", "VAT-ID", "Order number"]
MONEY_COLUMNS = {"Currency", "Price", "Internal price", "Hourly price", "Fixed price"}
PROGRESS_EVERY = 1000

__all__ = ["HEADER", "MONEY_COLUMNS", "Written", "count", "export", "export_and_mark", "write",
           "mark",
           "neutralise"]


def count(ctx: Context, flt: RecordFilter, all_users: bool = False) -> int:
    """How many records an export of this filter would write (for a progress bar)."""
    from copy import copy

    return records_repo.count(timesheet_service.scoped_filter(ctx, copy(flt), all_users))


def export(ctx: Context, flt: RecordFilter, fmt: str, stream: TextIO, all_users: bool = False,
           mark_exported: bool = False, progress=None) -> int:
    """Write every matching record the user may see to STREAM, then (MARK_EXPORTED) lock them,
    at the versions written, once the stream is flushed. Returns the count. For files use
    `export_files.export_to_file`, which puts the complete file in place before locking."""
    return export_and_mark(ctx, flt, fmt, stream, all_users, mark_exported, progress).count


def export_and_mark(ctx: Context, flt: RecordFilter, fmt: str, stream: TextIO,
                    all_users: bool = False, mark_exported: bool = False,
                    progress=None) -> "Written":
    """`export`, returning the whole `Written` (what was locked, what changed meanwhile)."""
    written = write(ctx, flt, fmt, stream, all_users, collect=mark_exported,
                    progress=progress)
    stream.flush()
    if mark_exported:
        mark(ctx, written)
    return written


@dataclass
class Written:
    """What an export wrote: `count` records; with `collect`, `versions` (record id ->
    version written); after `mark`, `marked` and `changed` (ids changed after they were
    written, so not locked)."""

    count: int = 0
    versions: dict[int, int] = field(default_factory=dict)
    marked: int = 0
    changed: list[int] = field(default_factory=list)


def write(ctx: Context, flt: RecordFilter, fmt: str, stream: TextIO, all_users: bool = False,
          collect: bool = False, progress=None) -> Written:
    """Write every matching record the user may see ("csv" or "json"); lock nothing.

    `progress(done)` is called every 1,000 records (the TUI's progress bar). Raises
    PermissionDenied for a user who may not export."""
    if not ctx.can("export_own_timesheet") and not access.is_customer_account(ctx):
        raise PermissionDenied("you may not export records", "export")
    writer = _writer(ctx, fmt, stream)
    result = Written()
    version_at = export_rows.FIELDS.index("version")
    for page in export_rows.pages(timesheet_service.scoped_filter(ctx, flt, all_users)):
        ids = [row[0] for row in page]
        writer.write(page, records_repo.tags_for(ids), meta_repo.values_for("timesheet", ids))
        if collect:
            result.versions.update((row[0], row[version_at]) for row in page)
        if progress is not None:
            for done in range(result.count - result.count % PROGRESS_EVERY + PROGRESS_EVERY,
                              result.count + len(page) + 1, PROGRESS_EVERY):
                progress(done)
        result.count += len(page)
    writer.finish(result.count)
    return result


def mark(ctx: Context, written: Written) -> Written:
    """Lock the records WRITTEN holds, each only at the version written (a record changed in
    between is left unlocked and listed in `written.changed`)."""
    if written.versions:
        written.marked, written.changed = timesheet_service.mark_exported_as_written(
            ctx, written.versions)
    return written


def _rates_visibility(ctx: Context) -> Memo:
    """user id -> may the actor see the rates of that user's records (asked once per user)."""
    return Memo(lambda user_id: access.may_view_rates(ctx, user_id))


def money_columns(ctx: Context) -> bool:
    """Whether the CSV has the five money columns: when the actor may see any rates at all
    (rules.md §Export). Every row then has them; they stay empty in the rows of users whose
    rates the actor may not see, so all rows line up with the header."""
    if access.is_customer_account(ctx):
        return False
    return ctx.can("view_rate_own_timesheet") or ctx.can("view_rate_other_timesheet")


FORMATS = ("csv", "json", "xlsx", "pdf")
BINARY_FORMATS = ("xlsx", "pdf")


def _writer(ctx: Context, fmt: str, stream):
    """CSV and JSON go to a text stream; XLSX and PDF (services/export_documents.py: the CSV's
    rows with real cell types, or laid out for signing) to a binary one."""
    if fmt == "json":
        return _JsonWriter(ctx, stream)
    if fmt in BINARY_FORMATS:
        from kimai_tui.services import export_documents

        sink = (export_documents.XlsxSink(stream) if fmt == "xlsx"
                else export_documents.PdfSink(ctx, stream))
        return _CsvWriter(ctx, None, sink)
    return _CsvWriter(ctx, stream)


class _CsvWriter:
    """The header, then one row per record; money cells filled only in rows whose rates the
    actor may see. SINK, instead of a CSV writer on STREAM, receives the same rows (an XLSX
    or PDF document)."""

    def __init__(self, ctx: Context, stream: TextIO | None, sink=None):
        self._ctx = ctx
        self._sink = sink
        self._csv = sink if sink is not None else csv.writer(stream, lineterminator="\n")
        self._fields = [f.name for f in ctx.settings.custom_fields.timesheet]
        self._with_money = _rates_visibility(ctx)
        self._names = Names(lambda user_ids: access.contact_shown(ctx, user_ids))
        self._times = LocalTimes()
        self._money = money_cells()
        self._durations = duration_cells()
        self._columns = money_columns(ctx)
        header = [h for h in HEADER if self._columns or h not in MONEY_COLUMNS]
        self._csv.writerow(header + [inert(f.label or f.name)
                                     for f in ctx.settings.custom_fields.timesheet])

    def write(self, page: list[tuple], tags: dict[int, list[str]],
              metas: dict[int, dict[str, str]]) -> None:
        names = self._names
        names.load(page)
        users, customers = names.users, names.customers
        projects, activities = names.projects, names.activities
        times, money, durations = self._times, self._money, self._durations
        with_money, fields, columns = self._with_money, self._fields, self._columns
        no_fields, hidden = [""] * len(fields), ("",) * len(MONEY_COLUMNS)
        zone_name, zone_times = None, {}
        rows = []
        for (record_id, user_id, customer_id, project_id, activity_id, begin_ts, end_ts,
             tz_name, duration, description, billable, _exported, hourly, fixed, rate,
             internal, _version) in page:
            if tz_name != zone_name:  # records of one zone usually follow each other
                zone_name, zone_times = tz_name, times.of_zone(tz_name)
            day, begin = zone_times.get(begin_ts) or times.cells(tz_name, begin_ts)
            if end_ts is None:
                end = ""
            else:
                end = (zone_times.get(end_ts) or times.cells(tz_name, end_ts))[1]
            customer, account, vat_id, currency = customers[customer_id]
            project, project_number, order_number = projects[project_id]
            if not columns:
                amounts = ()
            elif with_money[user_id]:
                # A missing rate reads as 0 (as in every record), missing hourly/fixed as "".
                amounts = (currency, money[0 if rate is None else rate],
                           money[0 if internal is None else internal], money[hourly],
                           money[fixed])
            else:
                amounts = hidden
            record_tags = tags.get(record_id)
            meta = metas.get(record_id)
            rows.append([
                day, begin, end, durations[duration], *amounts, *users[user_id], customer,
                project, activities[activity_id], neutralise(description),
                "1" if billable else "", neutralise(", ".join(record_tags)) if record_tags else "",
                "timesheet", "work", account, project_number, vat_id, order_number,
                *([neutralise(str(meta.get(name, ""))) for name in fields] if meta
                  else no_fields)])
        self._csv.writerows(rows)

    def finish(self, written: int) -> None:
        if self._sink is not None:
            self._sink.close()  # a CSV needs nothing: the header was written first


class _JsonWriter:
    """A JSON list of cli.md's record objects (serialize.record_json), one per line."""

    def __init__(self, ctx: Context, stream: TextIO):
        self._ctx = ctx
        self._stream = stream
        self._with_money = _rates_visibility(ctx)
        self._names = Names()
        self._money = Memo(export_rows.money)
        self._local_iso = local_iso_texts()
        # One encoder for all records: json.dumps(..., ensure_ascii=False) makes one per call.
        self._encode = json.JSONEncoder(ensure_ascii=False).encode
        self._separator = "\n"
        stream.write("[")

    def write(self, page: list[tuple], tags: dict[int, list[str]],
              metas: dict[int, dict[str, str]]) -> None:
        names = self._names
        names.load(page)
        users, customers = names.raw["user"], names.raw["customer"]
        projects, activities = names.raw["project"], names.raw["activity"]
        money, with_money, now = self._money, self._with_money, self._ctx.now
        local_iso, encode = self._local_iso, self._encode
        objects = []
        for (record_id, user_id, customer_id, project_id, activity_id, begin_ts, end_ts,
             tz_name, duration, description, billable, exported, hourly, fixed, rate,
             internal, version) in page:
            customer = customers[customer_id]
            record = domain.Record(
                id=record_id, user_id=user_id, username=users[user_id].username,
                customer_id=customer_id, customer=customer.name, project_id=project_id,
                project=projects[project_id].name, activity_id=activity_id,
                activity=activities[activity_id].name, begin=convert.from_ts(begin_ts),
                end=convert.from_ts(end_ts), timezone=tz_name, duration=duration,
                description=description, tags=tuple(tags.get(record_id, ())),
                billable=bool(billable), exported=bool(exported), currency=customer.currency,
                hourly_rate=money[hourly], fixed_rate=money[fixed],
                rate=money[0 if rate is None else rate],
                internal_rate=money[0 if internal is None else internal],
                meta=metas.get(record_id, {}))  # colour: not part of the JSON
            # "Now" only matters for a running record (its duration so far).
            data = record_json(record, with_money[user_id], now() if end_ts is None else None,
                               local_iso)
            objects.append(encode(data))
        # inert_json escapes single characters, none of them in ",\n": once per page is the
        # same as once per record.
        self._stream.write(self._separator + inert_json(",\n".join(objects)))
        self._separator = ",\n"

    def finish(self, written: int) -> None:
        self._stream.write("\n]\n" if written else "]\n")
