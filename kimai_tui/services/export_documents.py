"""XLSX and PDF exports: the rows of the Kimai-compatible CSV (services/export.py decides the
columns, what each reader may see and how text is neutralised), written as a workbook with
real cell types, or as a timesheet to sign.

XLSX (openpyxl, write-only, so memory stays flat): Date as a date, From/To as times, Duration
as an `[h]:mm` time span, money as numbers in the row's currency format, the rest text.
PDF (fpdf2): one section per user (or per customer), a table of their records, the total, and
lines to sign; Helvetica unless `kimai.invoice.pdf_font` names a TrueType font.
"""

from __future__ import annotations

from datetime import date, time, timedelta
from decimal import Decimal, InvalidOperation

from kimai_tui.rules.errors import RuleRefused

MONEY = ("Price", "Internal price", "Hourly price", "Fixed price")
PDF_LIMIT = 20_000  # records; a signed timesheet of more is not read by anyone


class XlsxSink:
    """Receives the CSV writer's header and rows; writes an .xlsx to a binary stream."""

    def __init__(self, stream):
        from openpyxl import Workbook

        self._stream = stream
        self._book = Workbook(write_only=True)
        self._sheet = self._book.create_sheet("Timesheet")
        self._header: list[str] = []

    def writerow(self, header: list[str]) -> None:
        self._header = list(header)
        self._sheet.append(header)
        self._sheet.freeze_panes = "A2"

    def writerows(self, rows: list[list[str]]) -> None:
        from openpyxl.cell import WriteOnlyCell

        columns = self._header
        currency_at = columns.index("Currency") if "Currency" in columns else None
        for row in rows:
            currency = row[currency_at] if currency_at is not None else ""
            cells = []
            for name, text in zip(columns, row):
                value, number_format = _typed(name, text, currency)
                cell = WriteOnlyCell(self._sheet, value=value)
                if number_format:
                    cell.number_format = number_format
                cells.append(cell)
            self._sheet.append(cells)

    def close(self) -> None:
        self._book.save(self._stream)


def _typed(column: str, text: str, currency: str):
    """(value, number format) of one CSV cell in the XLSX."""
    if text == "":
        return None, None
    try:
        if column == "Date":
            return date.fromisoformat(text), "yyyy-mm-dd"
        if column in ("From", "To"):
            hours, minutes = text.split(":")
            return time(int(hours), int(minutes)), "hh:mm"
        if column == "Duration":
            hours, minutes = text.split(":")
            return timedelta(hours=int(hours), minutes=int(minutes)), "[h]:mm"
        if column in MONEY:
            suffix = f' "{currency}"' if currency.isalpha() else ""
            return Decimal(text), f"#,##0.00{suffix}"
    except (ValueError, InvalidOperation):
        pass
    if isinstance(text, str) and text.startswith("="):
        return "'" + text, None  # never a formula (the CSV's neutralised cells start with ')
    return text, None


class PdfSink:
    """Receives the CSV writer's rows; writes a timesheet to sign, one section per user."""

    COLUMNS = (("Date", 17), ("From", 11), ("To", 11), ("Duration", 14), ("Customer", 28),
               ("Project", 28), ("Activity", 28), ("Description", 53))

    def __init__(self, ctx, stream):
        self._ctx = ctx
        self._stream = stream
        self._header: list[str] = []
        self._groups: dict[str, list[list[str]]] = {}
        self._count = 0

    def writerow(self, header: list[str]) -> None:
        self._header = list(header)

    def writerows(self, rows: list[list[str]]) -> None:
        self._count += len(rows)
        if self._count > PDF_LIMIT:
            raise RuleRefused(f"a PDF timesheet holds at most {PDF_LIMIT:,} records; narrow "
                              "the period or export CSV or XLSX", "format")
        user = self._header.index("Name")
        for row in rows:
            self._groups.setdefault(row[user], []).append(row)

    def close(self) -> None:
        from fpdf import FPDF

        font = self._ctx.settings.kimai.invoice.pdf_font
        pdf = FPDF(orientation="landscape", format="A4")
        pdf.set_auto_page_break(True, margin=12)
        family = "helvetica"
        if font:
            pdf.add_font("sheet", fname=font)
            family = "sheet"
        index = {name: self._header.index(name) for name, _ in self.COLUMNS}
        duration_at = self._header.index("Duration")
        for name, rows in sorted(self._groups.items(), key=lambda item: item[0].lower()):
            pdf.add_page()
            pdf.set_font(family, "B" if not font else "", 14)
            pdf.cell(0, 9, _text(f"Timesheet: {name}", font), new_x="LMARGIN", new_y="NEXT")
            pdf.set_font(family, size=8)
            first, last = rows[0][index["Date"]], rows[-1][index["Date"]]
            pdf.cell(0, 6, _text(f"{first} to {last} · {len(rows)} records", font),
                     new_x="LMARGIN", new_y="NEXT")
            with pdf.table(col_widths=[w for _, w in self.COLUMNS], text_align="LEFT",
                           line_height=4.5) as table:
                table.row([column for column, _ in self.COLUMNS])
                for row in rows:
                    table.row([_text(row[index[column]], font)[:300]
                               for column, _ in self.COLUMNS])
            seconds = sum(_seconds(row[duration_at]) for row in rows)
            pdf.set_font(family, "B" if not font else "", 10)
            pdf.cell(0, 8, f"Total: {seconds // 3600}:{seconds % 3600 // 60:02d}",
                     new_x="LMARGIN", new_y="NEXT")
            pdf.ln(10)
            pdf.set_font(family, size=9)
            pdf.cell(120, 6, "Date, signature (employee): ________________________")
            pdf.cell(0, 6, "Date, signature (customer or lead): ________________________")
        if not self._groups:
            pdf.add_page()
            pdf.set_font(family, size=11)
            pdf.cell(0, 10, "No records.")
        self._stream.write(bytes(pdf.output()))


def _text(text: str, font: str | None) -> str:
    """Helvetica has Latin-1 letters only; others show as "?"."""
    return text if font else text.encode("latin-1", "replace").decode("latin-1")


def _seconds(duration: str) -> int:
    try:
        hours, minutes = duration.split(":")
        return int(hours) * 3600 + int(minutes) * 60
    except ValueError:
        return 0
