"""`import csv` / `import xlsx`: Kimai's own timesheet export and the customer, project and
timesheet files of Kimai's importer add-on (issue 19, "Files too"; formats in
rules/kimai_files.py).

- Super admins only, never in a restricted session (services/kimai_import.require_importer).
- Users are found by e-mail, then username; customers, projects and activities by name
  (case-insensitive; an activity of the project first, then a global one); tags by name.
  What is missing is created, and counted as new.
- Local times are read in the user's time zone (as Kimai's importer does), or in --timezone
  for users the file creates. A `To` earlier than `From` ends on the next day. Durations and
  amounts are taken from the file when it has them, never recomputed.
- Each row is remembered by a fingerprint of its cells: importing the same file again adds
  nothing. All files of one call are one transaction: a bad row writes nothing at all; the
  error names the file, the line and what is accepted.
"""

from __future__ import annotations

import csv
import io
import time
from datetime import datetime, timedelta
from pathlib import Path

from kimai_tui.data import catalogue as catalogue_repo
from kimai_tui.data import import_store as store
from kimai_tui.data import users as users_repo
from kimai_tui.data.db import write_transaction
from kimai_tui.rules import kimai_files as kf
from kimai_tui.rules import kimai_mapping as km
from kimai_tui.rules.errors import UsageError, ValidationError
from kimai_tui.services.context import Context
from kimai_tui.services.import_report import ImportReport, Progress
from kimai_tui.services.kimai_import import _DryRun, require_importer

SOURCE = "kimai-file"


def import_files(ctx: Context, paths: list[str], kind: str, dry_run: bool = False,
                 timezone_name: str | None = None,
                 progress: Progress | None = None) -> ImportReport:
    """Import Kimai's files (KIND csv or xlsx). Returns the report with the mapping preview.
    Raises PermissionDenied, UsageError (unreadable file, unknown header, bad zone) or
    ValidationError (a bad cell: file, line, column and what is accepted); nothing is written
    then."""
    require_importer(ctx)
    if timezone_name and km.zone(timezone_name) is None:
        raise UsageError(f"{timezone_name!r} is not a time zone (use an IANA name such as "
                         "Europe/Berlin)", "timezone")
    started = time.monotonic()
    tables = [(path, *_read(Path(path), kind)) for path in paths]
    report = ImportReport(source=", ".join(paths), dry_run=dry_run)
    report.mapping = []
    for path, header, _rows in tables:
        detected = kf.detect(header)
        if detected is None:
            raise UsageError(f"{path}: the header is neither Kimai's timesheet export nor a "
                             "customer, project or timesheet file of Kimai's importer "
                             "(see docs/migrate-from-kimai.md)", "file")
        report.mapping += [(f"{Path(path).name}: {c}", what) for c, what in
                           kf.mapping(detected, header)]
    try:
        with write_transaction(ctx.database):
            for path, header, rows in tables:
                _Importer(ctx, report, path, kf.detect(header), timezone_name).run(
                    header, rows, progress)
            if dry_run:
                raise _DryRun()
    except _DryRun:
        pass
    report.seconds = time.monotonic() - started
    return report


def _read(path: Path, kind: str) -> tuple[list[str], list[list]]:
    """(header, rows) of a CSV (UTF-8, with or without BOM; `,` or `;`) or of an XLSX's first
    sheet (the totals row of Kimai's export, SUBTOTAL formulas, is dropped)."""
    try:
        if kind == "xlsx":
            from openpyxl import load_workbook

            book = load_workbook(path, read_only=True, data_only=False)
            rows = [list(r) for r in book.worksheets[0].iter_rows(values_only=True)]
            book.close()
            while rows and any(isinstance(v, str) and v.startswith("=") for v in rows[-1]):
                rows.pop()
        else:
            text = path.read_text(encoding="utf-8-sig")
            dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;") if text.strip() \
                else csv.excel
            rows = [r for r in csv.reader(io.StringIO(text), dialect) if r]
    except FileNotFoundError:
        raise UsageError(f"{path}: no such file", "file") from None
    except (OSError, UnicodeDecodeError, csv.Error, ValueError, KeyError) as exc:
        raise UsageError(f"{path}: cannot be read as {kind.upper()} ({exc})", "file") from exc
    if not rows:
        raise UsageError(f"{path}: the file is empty", "file")
    header = ["" if h is None else str(h).strip() for h in rows[0]]
    return header, rows[1:]


class _Importer:
    def __init__(self, ctx: Context, report: ImportReport, path: str, kind: str,
                 timezone_name: str | None):
        self.ctx, self.report, self.path, self.kind = ctx, report, path, kind
        self.timezone_name = timezone_name
        self.default_tz = timezone_name or ctx.settings.kimai.defaults.user.timezone or "UTC"
        self.seen: dict[str, int] = {}
        self.known_keys: set[str] = set()
        self.memo: dict[tuple, object] = {}  # (kind, name...) -> our id or user, per file

    def run(self, header: list[str], rows: list[list], progress: Progress | None) -> None:
        step = {"export": self.record, "timesheets": self.record,
                "customers": self.customer, "projects": self.project}[self.kind]
        table = []
        for number, raw in enumerate(rows, start=2):
            cells = {h: _text(raw[i]) if i < len(raw) else "" for i, h in enumerate(header)}
            if any(cells.values()):
                cells_raw = {h: raw[i] if i < len(raw) else None for i, h in enumerate(header)}
                table.append((number, cells, cells_raw, self._fingerprint(cells)))
        kind = self._link_kind()
        self.known_keys = set(store.links(SOURCE, kind, [key for *_, key in table]).known)
        for number, cells, cells_raw, key in table:
            if key in self.known_keys:
                self.report.outcome(kind).unchanged += 1
                continue
            try:
                step(cells, cells_raw, number, key)
            except ValueError as exc:
                raise ValidationError(field="file", message=f"{self.path}:{number}: {exc}") \
                    from exc
            if progress is not None and number % 500 == 0:
                progress(self.kind, number - 1, len(rows))

    # --- catalogue ---------------------------------------------------------------------------
    def _memo(self, key: tuple, make):
        if key not in self.memo:
            self.memo[key] = make()
        return self.memo[key]

    def customer_id(self, name: str, cells: dict | None = None) -> int:
        """Our customer of that name (case-insensitive), created from the row if missing."""
        return self._memo(("customer", name.lower()), lambda: self._customer_id(name, cells))

    def project_id(self, customer: int, name: str, cells: dict | None = None) -> int:
        """The customer's project of that name, created if missing."""
        return self._memo(("project", customer, name.lower()),
                          lambda: self._project_id(customer, name, cells))

    def activity_id(self, project: int, name: str) -> int:
        """The project's activity of that name, else a global one, else a new project
        activity."""
        return self._memo(("activity", project, name.lower()),
                          lambda: self._activity_id(project, name))

    def user(self, cells: dict):
        """The row's user: by e-mail, then username; created (ROLE_USER) and listed if
        missing."""
        email = cells.get("E-mail") or cells.get("Email") or ""
        return self._memo(("user", email.lower(), cells.get("User") or ""),
                          lambda: self._user(cells))

    def _customer_id(self, name: str, cells: dict | None = None) -> int:
        found = catalogue_repo.find_by_name("customer", name)
        if found:
            return found[0].id
        cells = cells or {}
        currency = (cells.get("Currency") or self.ctx.settings.kimai.defaults.customer.currency
                    ).upper()
        values = {"name": name, "currency": currency,
                  "number": cells.get("Account") or cells.get("CustomerNumber") or "",
                  "vat_id": cells.get("VAT-ID") or cells.get("Tax") or "",
                  "timezone": self.ctx.settings.kimai.defaults.customer.timezone or "UTC"}
        self.report.outcome("customer").new += 1
        return catalogue_repo.create("customer", values)

    def _project_id(self, customer: int, name: str, cells: dict | None = None) -> int:
        found = catalogue_repo.find_by_name("project", name, customer_id=customer)
        if found:
            return found[0].id
        cells = cells or {}
        self.report.outcome("project").new += 1
        return catalogue_repo.create("project", {
            "name": name, "customer": customer,
            "number": cells.get("Project number") or "",
            "order_number": cells.get("Order number") or ""})

    def _activity_id(self, project: int, name: str) -> int:
        found = catalogue_repo.find_by_name("activity", name, project_id=project)
        if found:
            own = [a for a in found if a.project_id == project]
            return (own or found)[0].id
        self.report.outcome("activity").new += 1
        return catalogue_repo.create("activity", {"name": name, "project": project})

    def _user(self, cells: dict):
        email = cells.get("E-mail") or cells.get("Email") or ""
        username = cells.get("User") or ""
        found = store.user_id_by_email(email) if email else None
        user = users_repo.get(found) if found is not None else None
        user = user or (users_repo.by_username(username) if username else None)
        if user is not None:
            return user
        if not username:
            raise ValueError("the row names no user (User or E-mail)")
        self.report.outcome("user").new += 1
        self.report.skip("user", username, f"created as ROLE_USER in time zone "
                                           f"{self.default_tz}; check the role and zone")
        uid = users_repo.create({"username": username, "email": email,
                                 "alias": cells.get("Name") or cells.get("Username") or "",
                                 "staff_number": cells.get("Staff number") or "",
                                 "timezone": self.default_tz, "roles": "ROLE_USER"})
        return users_repo.get(uid)

    def tag_ids(self, text: str) -> list[int]:
        """Our tags of those names, created if missing."""
        return sorted({self._memo(("tag", name), lambda name=name: self._tag_id(name))
                       for name in kf.split_tags(text)})

    def _tag_id(self, name: str) -> int:
        tag = store.named_id("tag", name)
        if tag is None:
            tag = store.MODELS["tag"].insert(name=name).execute()
            self.report.outcome("tag").new += 1
        return tag

    # --- rows ---------------------------------------------------------------------------------
    def _fingerprint(self, cells: dict) -> str:
        """The row's key: a fingerprint of its cells (its n-th copy in a file gets its own)."""
        base = km.digest(self.kind, *sorted(cells.items()))
        self.seen[base] = self.seen.get(base, 0) + 1
        return f"{base}-{self.seen[base]}"

    def _link_kind(self) -> str:
        return {"export": "timesheet", "timesheets": "timesheet"}.get(self.kind,
                                                                        self.kind[:-1])

    def customer(self, cells: dict, _raw: dict, number: int, key: str) -> None:
        name = cells.get("Customer") or cells.get("Name")
        if not name:
            raise ValueError("Customer (the name) is required")
        if catalogue_repo.find_by_name("customer", name):
            self.report.outcome("customer").unchanged += 1
            self.report.skip("customer", f"line {number}", f"{name!r} exists already; not "
                                                            "changed")
            return
        values = {"name": name, "number": cells.get("Account") or cells.get("CustomerNumber")
                  or "", "company": cells.get("Company") or "",
                  "comment": cells.get("Description") or "", "vat_id": cells.get("Tax") or "",
                  "address": cells.get("Address") or "", "email": cells.get("Email") or "",
                  "contact": cells.get("Contact") or "",
                  "phone": cells.get("Phone") or cells.get("Mobile") or "",
                  "currency": (cells.get("Currency") or
                               self.ctx.settings.kimai.defaults.customer.currency).upper(),
                  "timezone": cells.get("Timezone") or "UTC",
                  "color": km.color(cells.get("Color")),
                  "visible": kf.parse_flag(cells.get("Visible"), True),
                  "budget": km.budget_money(kf.parse_amount(cells.get("Budget"))),
                  "time_budget": km.budget_seconds(kf.parse_duration(
                      cells.get("TimeBudget") or "", True)),
                  "budget_type": km.budget_type(cells.get("BudgetType"))}
        if km.zone(values["timezone"]) is None:
            raise ValueError(f"Timezone {values['timezone']!r} is not an IANA time zone")
        local = catalogue_repo.create("customer", values, _meta(cells))
        self.report.outcome("customer").new += 1
        store.remember(SOURCE, "customer", key, local)

    def project(self, cells: dict, raw: dict, number: int, key: str) -> None:
        name = cells.get("Project") or cells.get("Name")
        if not name or not cells.get("Customer"):
            raise ValueError("Project and Customer are required")
        customer = self.customer_id(cells["Customer"])
        if catalogue_repo.find_by_name("project", name, customer_id=customer):
            self.report.outcome("project").unchanged += 1
            self.report.skip("project", f"line {number}", f"{name!r} exists already; not "
                                                           "changed")
            return
        values = {"name": name, "customer": customer, "comment": cells.get("Description") or "",
                  "order_number": cells.get("OrderNumber") or "",
                  "number": cells.get("ProjectNumber") or "",
                  "start_date": _date(raw.get("StartDate")),
                  "end_date": _date(raw.get("EndDate")),
                  "color": km.color(cells.get("Color")),
                  "visible": kf.parse_flag(cells.get("Visible"), True),
                  "budget": km.budget_money(kf.parse_amount(cells.get("Budget"))),
                  "time_budget": km.budget_seconds(kf.parse_duration(
                      cells.get("TimeBudget") or "", True)),
                  "budget_type": km.budget_type(cells.get("BudgetType"))}
        local = catalogue_repo.create("project", values, _meta(cells))
        self.report.outcome("project").new += 1
        store.remember(SOURCE, "project", key, local)

    def record(self, cells: dict, raw: dict, number: int, key: str) -> None:
        export = self.kind == "export"
        user = self.user(cells)
        tz = km.zone(self.timezone_name or user.timezone) or km.zone("UTC")
        day = _date(raw.get("Date"))
        if day is None:
            raise ValueError(f"Date {cells.get('Date')!r} is not a date (YYYY-MM-DD)")
        begin_local = datetime(day.year, day.month, day.day, *kf.parse_time(cells["From"]),
                               tzinfo=tz)
        end_local = None
        if cells.get("To"):
            h, m, s = kf.parse_time(cells["To"])
            end_local = begin_local.replace(hour=h, minute=m, second=s)
            if end_local < begin_local:
                end_local = end_local + timedelta(days=1)
        begin = int(begin_local.timestamp())
        end = int(end_local.timestamp()) if end_local is not None else None
        duration = kf.parse_duration(cells.get("Duration") or "", seconds=not export)
        if duration is None:
            duration = 0 if end is None else end - begin - (
                kf.parse_duration(cells.get("Break") or "", True) or 0)
        customer = self.customer_id(cells["Customer"], cells)
        project = self.project_id(customer, cells["Project"], cells)
        activity = self.activity_id(project, cells["Activity"])
        rate = kf.parse_amount(cells.get("Price" if export else "Rate")) or km.money(0)
        fixed = kf.parse_amount(cells.get("Fixed price" if export else "FixedRate"))
        hourly = kf.parse_amount(cells.get("Hourly price" if export else "HourlyRate"))
        internal = kf.parse_amount(cells.get("Internal price" if export else "InternalRate"))
        description = cells.get("Description") or ""
        values = {"user": user.id, "customer": customer, "project": project,
                  "activity": activity, "begin_ts": begin, "end_ts": end,
                  "day": km.local_day(begin, tz), "timezone": tz.key, "duration": duration,
                  "description": kf.strip_guard(description) if export else description,
                  "billable": kf.parse_flag(raw.get("Billable"), True),
                  "exported": kf.parse_flag(cells.get("Exported"), False),
                  "hourly_rate": hourly if hourly else None,
                  "fixed_rate": fixed if fixed else None, "rate": rate,
                  "internal_rate": internal or km.money(0),
                  "created_ts": int(self.ctx.now().timestamp()),
                  "modified_ts": int(self.ctx.now().timestamp())}
        local = store.MODELS["timesheet"].insert(**values).execute()
        tags = self.tag_ids(cells.get("Tags"))
        if tags:
            store.models.TimesheetTag.insert_many(
                [(local, t) for t in tags], fields=[store.models.TimesheetTag.timesheet,
                                                    store.models.TimesheetTag.tag]).execute()
        meta = _meta(cells) if not export else {
            kf.field_name(c): v for c, v in cells.items()
            if c not in kf.EXPORT_COLUMNS and c and v}
        if meta:
            store.set_meta("timesheet", local, meta)
        self.report.outcome("timesheet").new += 1
        store.remember(SOURCE, "timesheet", key, local)


def _meta(cells: dict) -> dict[str, str]:
    return {kf.field_name(c[5:]): v for c, v in cells.items() if c.startswith("meta.") and v}


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d") if (value.hour, value.minute) == (0, 0) else \
            value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, timedelta):
        seconds = int(value.total_seconds())
        return f"{seconds // 3600}:{seconds % 3600 // 60:02d}"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _date(value):
    """A date from a cell: a date-time cell or `YYYY-MM-DD` text; None when empty or bad."""
    if isinstance(value, datetime):
        return value.date()
    text = _text(value)[:10]
    try:
        return datetime.strptime(text, "%Y-%m-%d").date() if text else None
    except ValueError:
        return None
