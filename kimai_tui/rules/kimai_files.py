"""Kimai's files, read back (issue 19, "Files too"): which format a header row is, and how
each cell is meant. Pure functions, no I/O.

Formats:
- `export`: Kimai's built-in timesheet export (CSV or XLSX, the "default" template): Date,
  From, To, Duration (H:MM, or decimal hours), Currency, Price, Internal price, Hourly price,
  Fixed price, Name, User, E-mail, Staff number, Customer, Project, Activity, Description,
  Billable, Tags, Type, category, Account, Project number, VAT-ID, Order number, then custom
  fields by label. Descriptions that Kimai guarded against formula injection carry a leading
  `' `; the XLSX ends with a totals row of SUBTOTAL formulas.
- `timesheets`, `customers`, `projects`: the CSV files of Kimai's importer add-on (case-
  sensitive attribute names; Duration and Break in seconds; `meta.NAME` = custom field).
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

EXPORT_REQUIRED = ("Date", "From", "To", "Duration", "User", "Customer", "Project", "Activity")
TIMESHEETS_REQUIRED = ("Date", "From", "To", "User", "Project", "Customer", "Activity")
CUSTOMERS_REQUIRED = ("Customer",)
PROJECTS_REQUIRED = ("Project", "Customer")

# What each known column becomes here (the mapping preview shows it).
EXPORT_COLUMNS = {
    "Date": "record date (local)", "From": "begin (local)", "To": "end (local; earlier = next "
    "day)", "Duration": "duration", "Currency": "customer currency (new customers)",
    "Price": "rate (amount)", "Internal price": "internal rate", "Hourly price": "hourly rate",
    "Fixed price": "fixed rate (0 = none)", "Name": "user alias (new users)", "User": "user",
    "E-mail": "user e-mail", "Staff number": "staff number (new users)",
    "Customer": "customer", "Project": "project", "Activity": "activity",
    "Description": "description", "Billable": "billable", "Tags": "tags",
    "Type": "ignored (always timesheet)", "category": "ignored (always work)",
    "Account": "customer number (new customers)", "Project number": "project number (new "
    "projects)", "VAT-ID": "customer VAT id (new customers)", "Order number": "project order "
    "number (new projects)"}
TIMESHEET_COLUMNS = {
    "Date": "record date (local)", "From": "begin (local)", "To": "end (local; earlier = next "
    "day)", "Email": "user (first match)", "User": "user (username)", "Username": "user alias "
    "(new users)", "Project": "project", "Customer": "customer", "Activity": "activity",
    "Duration": "duration (seconds)", "Break": "break (seconds; taken off the duration)",
    "Tags": "tags", "Exported": "exported", "Rate": "rate (amount)", "HourlyRate": "hourly rate",
    "InternalRate": "internal rate", "FixedRate": "fixed rate", "Billable": "billable",
    "Description": "description"}
CUSTOMER_COLUMNS = {
    "Customer": "name", "Name": "name", "Account": "number", "CustomerNumber": "number",
    "Company": "company", "Description": "comment", "Country": "ignored (no country here)",
    "Tax": "VAT id", "Address": "address", "Email": "e-mail", "Contact": "contact",
    "Currency": "currency", "Timezone": "time zone", "Phone": "phone", "Mobile": "phone (if "
    "no Phone)", "Fax": "ignored", "Homepage": "ignored", "Color": "colour", "Budget": "budget",
    "TimeBudget": "time budget (seconds)", "BudgetType": "budget type", "Visible": "visible"}
PROJECT_COLUMNS = {
    "Project": "name", "Name": "name", "Customer": "customer (by name)", "Description":
    "comment", "StartDate": "start date", "EndDate": "end date", "OrderNumber": "order number",
    "ProjectNumber": "number", "OrderDate": "ignored (no order date here)", "Color": "colour",
    "Budget": "budget", "TimeBudget": "time budget (seconds)", "BudgetType": "budget type",
    "Visible": "visible"}


def detect(header: list[str]) -> str | None:
    """export, timesheets, customers, projects, or None for a header we do not know."""
    names = set(header)
    if all(c in names for c in EXPORT_REQUIRED) and ("Staff number" in names
                                                     or "E-mail" in names):
        return "export"
    if all(c in names for c in TIMESHEETS_REQUIRED):
        return "timesheets"
    if all(c in names for c in PROJECTS_REQUIRED):
        return "projects"
    if any(c in names for c in ("Customer", "Name")) and "Project" not in names:
        return "customers"
    return None


def mapping(kind: str, header: list[str]) -> list[tuple[str, str]]:
    """(column, what it becomes) for the preview; unknown columns are custom fields
    (`meta.NAME` in the importer's files; the label in the export) or ignored."""
    known = {"export": EXPORT_COLUMNS, "timesheets": TIMESHEET_COLUMNS,
             "customers": CUSTOMER_COLUMNS, "projects": PROJECT_COLUMNS}[kind]
    out = []
    for column in header:
        if column in known:
            out.append((column, known[column]))
        elif column.startswith("meta."):
            out.append((column, f"custom field {field_name(column[5:])}"))
        elif kind == "export" and column:
            out.append((column, f"custom field {field_name(column)}"))
        else:
            out.append((column, "ignored"))
    return out


def field_name(label: str) -> str:
    """A custom field's name from a column label: lower case, runs of other characters as _."""
    return re.sub(r"[^0-9a-z_]+", "_", label.strip().lower()).strip("_")[:64]


def strip_guard(text: str) -> str:
    """Undo Kimai's formula-injection guard: a leading `' ` that Kimai added to a text that
    begins with = - @ + tab or a line break, or contains DDE."""
    if text.startswith("' "):
        rest = text[2:]
        if rest[:1] in ("=", "-", "@", "+", "\t", "\r", "\n") or "dde" in rest.lower():
            return rest
    return text


def parse_duration(text: str, seconds: bool) -> int | None:
    """The export's `H:MM` (hours may exceed 24) or decimal hours (`1.75`); the importer's
    whole seconds when SECONDS. None for empty; ValueError for anything else."""
    value = (text or "").strip()
    if not value:
        return None
    if seconds and value.isdigit():
        return int(value)
    match = re.fullmatch(r"(\d+):(\d{1,2})(?::(\d{1,2}))?", value)
    if match:
        return int(match.group(1)) * 3600 + int(match.group(2)) * 60 + int(match.group(3) or 0)
    try:
        return int((Decimal(value.replace(",", ".")) * 3600).to_integral_value())
    except InvalidOperation:
        raise ValueError(f"{text!r} is not a duration (H:MM, decimal hours or seconds)") \
            from None


def parse_amount(text) -> Decimal | None:
    """`280`, `162.5`, `123.50` (a number without currency sign) -> Decimal with 4 places;
    None for empty. ValueError otherwise."""
    if text is None or str(text).strip() == "":
        return None
    try:
        return Decimal(str(text).strip()).quantize(Decimal("0.0001"))
    except InvalidOperation:
        raise ValueError(f"{text!r} is not an amount") from None


def parse_flag(text, default: bool) -> bool:
    """`1`/`0`, `yes`/`no`, `true`/`false` (any case), a boolean cell; empty -> DEFAULT."""
    if isinstance(text, bool):
        return text
    value = str(text if text is not None else "").strip().lower()
    if not value:
        return default
    if value in ("1", "yes", "true", "y"):
        return True
    if value in ("0", "no", "false", "n"):
        return False
    raise ValueError(f"{text!r} is not 1 or 0")


def split_tags(text: str | None, separator: str = ",") -> list[str]:
    """Tag names from a cell (`backend, urgent`), blanks dropped."""
    return [t.strip() for t in (text or "").split(separator) if t.strip()]


def parse_time(text: str) -> tuple[int, int, int]:
    """`HH:MM` or `HH:MM:SS` (24 h) -> (h, m, s); ValueError otherwise."""
    match = re.fullmatch(r"(\d{1,2}):(\d{2})(?::(\d{2}))?", (text or "").strip())
    if not match or int(match.group(1)) > 23 or int(match.group(2)) > 59:
        raise ValueError(f"{text!r} is not a time (HH:MM or HH:MM:SS)")
    return int(match.group(1)), int(match.group(2)), int(match.group(3) or 0)
