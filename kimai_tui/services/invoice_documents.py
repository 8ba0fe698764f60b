"""Invoice documents: an archived invoice rendered as HTML, PDF or XLSX from a document an
admin may copy and edit (Kimai's invoice "renderers").

Documents are looked up by name in the folders of `kimai.invoice.documents` (kimai.yaml), then
among the built-in ones (kimai_tui/invoice_documents):
- `NAME.html`: Jinja2, in a sandbox (a template cannot reach Python) with every value escaped;
- `default.pdf`: made in code (services/invoice_pdf.py), fast for invoices of any length;
- `NAME.pdf.html`: Jinja2 like the HTML, then written as PDF by fpdf2 (simple HTML: headings,
  paragraphs, bold, tables with widths; slow beyond a few hundred lines); PDF text uses
  Helvetica unless `kimai.invoice.pdf_font` names a TrueType font (Helvetica covers Latin-1
  only; other characters then show as "?");
- `NAME.xlsx`: a workbook whose cells hold Kimai's `${invoice.total}`-style placeholders; a row
  with `${entry.…}` placeholders is repeated once per line. The built-in `default.xlsx` is
  made in code; `invoice document copy default.xlsx FILE` writes it out for editing.
Libraries (jinja2, fpdf2, openpyxl) are imported only when a document is rendered.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from kimai_tui import domain
from kimai_tui.rules.durations import format_duration
from kimai_tui.rules.errors import ValidationError
from kimai_tui.rules.invoices import CENT
from kimai_tui.rules.timeutil import zone
from kimai_tui.rules.money import format_money

BUILT_IN = Path(__file__).resolve().parent.parent / "invoice_documents"
FORMATS = {"html": ".html", "pdf": ".pdf.html", "xlsx": ".xlsx"}
# Documents made in code (always available): the fast PDF for invoices of any length, and the
# XLSX workbook an admin can copy to start from.
CODED = {"default.pdf": "pdf", "default.xlsx": "xlsx"}
CONTENT_TYPES = {"html": "text/html", "pdf": "application/pdf",
                 "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}


@dataclass(frozen=True)
class Document:
    """A rendered invoice: its bytes, a file name to save it under, and its format."""

    data: bytes
    filename: str
    fmt: str


def document_folders(settings) -> list[Path]:
    """Where documents are looked up: kimai.invoice.documents, then the built-in folder."""
    return [Path(p) for p in settings.kimai.invoice.documents] + [BUILT_IN]


def available(settings) -> list[tuple[str, str, str]]:
    """(name with extension, format, where) of every document, first found wins."""
    seen, out = set(), []
    for folder in document_folders(settings):
        files = sorted(folder.glob("*")) if folder.is_dir() else []
        for path in files:
            fmt = format_of(path.name)
            if fmt and path.name not in seen:
                seen.add(path.name)
                out.append((path.name, fmt, str(path)))
    if "default.xlsx" not in seen:
        out.append(("default.xlsx", "xlsx", "built in (invoice document copy default.xlsx FILE)"))
    out.append(("default.pdf", "pdf", "built in, made in code (fast at any length)"))
    return out


def format_of(name: str) -> str | None:
    if name in CODED:
        return CODED[name]
    for fmt, suffix in sorted(FORMATS.items(), key=lambda item: -len(item[1])):
        if name.endswith(suffix) and len(name) > len(suffix):
            return fmt
    return None


def check_document(name: str) -> None:
    """A document name is NAME.html, NAME.pdf.html or NAME.xlsx, without folders."""
    if "/" in name or "\\" in name or name.startswith(".") or format_of(name) is None:
        raise ValidationError(field="document", message=(
            f'"{name}" is not a document name (use NAME.html, NAME.pdf.html or NAME.xlsx)'))


def _find(settings, name: str) -> Path | None:
    for folder in document_folders(settings):
        path = folder / name
        if path.is_file():
            return path
    return None


def source(settings, name: str) -> bytes:
    """The bytes of the document NAME as found (the built-in default.xlsx made in code)."""
    path = _find(settings, name)
    if path is not None:
        return path.read_bytes()
    if name == "default.xlsx":
        out = io.BytesIO()
        default_xlsx().save(out)
        return out.getvalue()
    raise ValidationError(field="document", message=f"no invoice document {name!r}")


def document_for(invoice: domain.Invoice, fmt: str | None) -> str:
    """The document an invoice renders with in FMT: its template's, in that format."""
    chosen = invoice.header["template"].get("document") or "default.html"
    if fmt is None:
        return chosen
    if fmt not in FORMATS:
        raise ValidationError(field="format", message=f'"{fmt}" is not a format (use '
                                                      f"{', '.join(FORMATS)})")
    chosen_format = format_of(chosen)
    if chosen_format == fmt:
        return chosen
    base = chosen[: -len(FORMATS[chosen_format])] if chosen_format and chosen not in CODED \
        else "default"
    if base == "default" and fmt == "pdf":
        return "default.pdf"
    return base + FORMATS[fmt]


def render(settings, invoice: domain.Invoice, fmt: str | None = None) -> Document:
    """INVOICE as a document (FMT html, pdf or xlsx; None: its template's document).
    ValidationError (field "document") for a missing or broken document."""
    name = document_for(invoice, fmt)
    fmt = format_of(name)
    context = render_context(invoice)
    filename = "invoice-" + re.sub(r"[^A-Za-z0-9._-]+", "-", invoice.number).strip("-") + (
        {"html": ".html", "pdf": ".pdf", "xlsx": ".xlsx"}[fmt])
    path = _find(settings, name)
    if fmt == "xlsx":
        return Document(_xlsx(path, context), filename, fmt)
    if path is None and name == "default.pdf":
        from kimai_tui.services.invoice_pdf import default_pdf

        return Document(default_pdf(context, settings.kimai.invoice.pdf_font), filename, fmt)
    if path is None:
        raise ValidationError(field="document", message=f"no invoice document {name!r}")
    html = _jinja(path, context)
    if fmt == "html":
        return Document(html.encode("utf-8"), filename, fmt)
    return Document(_pdf(html, settings.kimai.invoice.pdf_font), filename, fmt)


def money(value) -> str:
    """1234.5 -> "1,234.50" (two decimals, half up: rules.md §Rates, rules/money.py)."""
    return format_money(value)


def render_context(invoice: domain.Invoice) -> dict:
    """What a document sees: invoice, customer, template, issuer and lines, as text already
    formatted (money with 2 decimals, hours with 2, dates ISO)."""
    tz = zone(invoice.timezone)
    created = invoice.created.astimezone(tz).date()
    period = ""
    if invoice.period_from and invoice.period_to:
        last = (invoice.period_to.astimezone(tz) - timedelta(seconds=1)).date()
        period = f"{invoice.period_from.astimezone(tz).date().isoformat()} to {last.isoformat()}"
    lines = [{**line, "amount": money(line["amount"]),
              "rate": money(line["rate"]) if line["rate"] is not None else "",
              "duration": format_duration(line["seconds"]),
              "amount_value": Decimal(line["amount"]), "hours_value": Decimal(line["hours"]),
              **({"rate_value": Decimal(line["rate"])} if line["rate"] is not None else {})}
             for line in invoice.lines]
    return {
        "invoice": {"number": invoice.number, "date": created.isoformat(),
                    "due_date": (created + timedelta(days=invoice.due_days)).isoformat(),
                    "date_value": created,
                    "due_date_value": created + timedelta(days=invoice.due_days),
                    "status": invoice.status, "currency": invoice.currency,
                    "subtotal": money(invoice.subtotal), "tax": money(invoice.tax),
                    "total": money(invoice.total), "subtotal_value": invoice.subtotal,
                    "tax_value": invoice.tax, "total_value": invoice.total,
                    "tax_rate": f"{invoice.tax_rate.normalize():f}",
                    "tax_rate_value": invoice.tax_rate,
                    "hours": f"{Decimal(invoice.seconds) / 3600:.2f}",
                    "duration": format_duration(invoice.seconds), "period": period,
                    "comment": invoice.comment},
        "customer": dict(invoice.header["customer"]),
        "template": dict(invoice.header["template"]),
        "issuer": invoice.header.get("issuer", ""),
        "lines": lines,
    }


# -- HTML and PDF -------------------------------------------------------------------------------

def _jinja(path: Path, context: dict) -> str:
    from jinja2 import StrictUndefined, TemplateError
    from jinja2.sandbox import ImmutableSandboxedEnvironment

    env = ImmutableSandboxedEnvironment(autoescape=True, undefined=StrictUndefined,
                                        keep_trailing_newline=True)
    try:
        return env.from_string(path.read_text(encoding="utf-8")).render(**context)
    except TemplateError as exc:
        raise ValidationError(field="document", message=f"{path.name}: {exc}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ValidationError(field="document", message=f"{path.name}: cannot read ({exc})"
                              ) from None


def _pdf(html: str, font: str | None) -> bytes:
    from fpdf import FPDF
    from fpdf.errors import FPDFException

    pdf = FPDF(format="A4")
    pdf.set_auto_page_break(True, margin=15)
    pdf.add_page()
    if font:
        try:
            pdf.add_font("invoice", fname=font)
        except (OSError, RuntimeError, FPDFException) as exc:
            raise ValidationError(field="pdf_font", message=f"{font}: {exc}") from None
        pdf.set_font("invoice", size=10)
    else:
        pdf.set_font("helvetica", size=10)
        html = html.encode("latin-1", "replace").decode("latin-1")  # Helvetica's alphabet
    try:
        pdf.write_html(html, font_family="invoice" if font else "helvetica")
    except (FPDFException, NotImplementedError, ValueError) as exc:
        raise ValidationError(field="document", message=f"the PDF document: {exc}") from None
    return bytes(pdf.output())


# -- XLSX -----------------------------------------------------------------------------------------

_XLSX_PLACEHOLDER = re.compile(r"\$\{([a-z_]+)\.([a-z_]+)\}")
_NUMBERS = {"subtotal", "tax", "total", "amount", "hours", "rate", "tax_rate"}


def default_xlsx():
    """The built-in XLSX document: a workbook with placeholders, as an admin would make."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    sheet.title = "Invoice"
    rows = [["${template.title}", "", "", "", "${invoice.number}"],
            ["${template.company}", "", "", "Date", "${invoice.date}"],
            ["${template.address}", "", "", "Due", "${invoice.due_date}"],
            ["", "", "", "Period", "${invoice.period}"],
            ["${customer.name}", "", "", "Customer no.", "${customer.number}"],
            ["${customer.address}"], [],
            ["Date", "Description", "Hours", "Rate", "Amount"],
            ["${entry.date}", "${entry.description}", "${entry.hours}", "${entry.rate}",
             "${entry.amount}"],
            [], ["", "", "", "Subtotal", "${invoice.subtotal}"],
            ["", "", "", "Tax %", "${invoice.tax_rate}"],
            ["", "", "", "Tax", "${invoice.tax}"],
            ["", "", "", "Total ${invoice.currency}", "${invoice.total}"],
            [], ["${template.payment_terms}"], ["${template.payment_details}"]]
    for row in rows:
        sheet.append(row)
    for cell in ("A1", "A8", "B8", "C8", "D8", "E8", "D14", "E14"):
        sheet[cell].font = Font(bold=True)
    for column, width in zip("ABCDE", (12, 48, 10, 12, 14)):
        sheet.column_dimensions[column].width = width
    return book


def _xlsx(path: Path | None, context: dict) -> bytes:
    from openpyxl import load_workbook

    if path is None:
        book = default_xlsx()
    else:
        try:
            book = load_workbook(path)
        except Exception as exc:  # noqa: BLE001 - openpyxl raises many kinds for a bad file
            raise ValidationError(field="document", message=f"{path.name}: {exc}") from None
    for sheet in book.worksheets:
        _fill_sheet(sheet, context)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _fill_sheet(sheet, context: dict) -> None:
    from copy import copy

    row_index = 1
    while row_index <= sheet.max_row:
        cells = list(sheet[row_index])
        if any(isinstance(c.value, str) and "${entry." in c.value for c in cells):
            template = [(c.value, copy(c._style)) for c in cells]
            lines = context["lines"]
            if len(lines) > 1:
                sheet.insert_rows(row_index + 1, len(lines) - 1)
            for offset, line in enumerate(lines or [{}]):
                for column, (value, style) in enumerate(template, start=1):
                    cell = sheet.cell(row=row_index + offset, column=column)
                    cell._style = copy(style)
                    _set(cell, value, {**context, "entry": line})
            row_index += max(len(lines), 1)
            continue
        for cell in cells:
            _set(cell, cell.value, context)
        row_index += 1


def _set(cell, value, context: dict) -> None:
    if not isinstance(value, str) or "${" not in value:
        cell.value = value
        return
    whole = _XLSX_PLACEHOLDER.fullmatch(value)
    if whole:
        typed = _typed(whole.group(1), whole.group(2), context)
        if typed is not None:
            cell.value, cell.number_format = typed
            return
    cell.value = _XLSX_PLACEHOLDER.sub(
        lambda m: str(context.get(m.group(1), {}).get(m.group(2), "") or ""), value)


def _typed(group: str, key: str, context: dict):
    """(value, number format) for a placeholder that is a whole cell and a number or date,
    so a spreadsheet can add it up."""
    data = context.get(group, {})
    if key in _NUMBERS and f"{key}_value" in data:
        return data[f"{key}_value"], "#,##0.00"
    if key in ("date", "due_date") and isinstance(data.get(f"{key}_value"), date):
        return data[f"{key}_value"], "yyyy-mm-dd"
    if group == "entry" and key == "date" and data.get("date"):
        return date.fromisoformat(data["date"]), "yyyy-mm-dd"
    return None
