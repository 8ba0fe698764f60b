"""XLSX and PDF exports, read back with openpyxl and pypdf: the CSV's rows with real cell
types; a timesheet to sign per user."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from decimal import Decimal




def test_xlsx_has_real_cell_types_and_the_csv_values(books, tmp_path):
    books.ok("export", "--all-users", "--from", "2026-11-01", "--to", "2026-11-30",
             "--format", "xlsx", "--output", str(tmp_path / "t.xlsx"))
    _, csv_bytes, _ = books.cli("export", "--all-users", "--from", "2026-11-01", "--to",
                                "2026-11-30")
    import csv
    import io

    from openpyxl import load_workbook

    csv_rows = list(csv.reader(io.StringIO(csv_bytes.decode())))
    sheet = load_workbook(tmp_path / "t.xlsx").active
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == csv_rows[0]
    assert len(rows) == len(csv_rows) == 7
    header = csv_rows[0]
    for xlsx_row, csv_row in zip(rows[1:], csv_rows[1:]):
        cells = dict(zip(header, xlsx_row))
        text = dict(zip(header, csv_row))
        assert isinstance(cells["Date"], datetime) and cells["Date"].date().isoformat() == \
            text["Date"]
        assert isinstance(cells["From"], time)
        assert isinstance(cells["Duration"], timedelta)
        hours, minutes = text["Duration"].split(":")
        assert cells["Duration"] == timedelta(hours=int(hours), minutes=int(minutes))
        assert Decimal(str(cells["Price"])) == Decimal(text["Price"])
        assert cells["Description"] == text["Description"]
    price = sheet.cell(row=2, column=header.index("Price") + 1)
    assert price.number_format.startswith("#,##0.00")


def test_pdf_timesheet_per_user_with_totals_and_signature_lines(books, tmp_path):
    from pypdf import PdfReader

    books.ok("export", "--all-users", "--from", "2026-11-01", "--to", "2026-11-30",
             "--format", "pdf", "--output", str(tmp_path / "t.pdf"))
    pages = [p.extract_text() for p in PdfReader(str(tmp_path / "t.pdf")).pages]
    ana = next(p for p in pages if "Timesheet: ana" in p)
    jose = next(p for p in pages if "Timesheet: jose" in p)
    assert "printer" in ana and "laptop" in ana and "vpn" not in ana
    assert "Total: 5:30" in ana  # 1:30 + 2:00 + 2:00 (Koruna)
    assert "Total: 4:55" in jose  # 0:45 + 3:10 + 1:00 (not billable, still worked)
    assert all("signature" in p for p in (ana, jose))


def test_pdf_to_stdout_and_exported_marks(books):
    code, out, err = books.cli("export", "--all-users", "--from", "2026-11-01", "--to",
                               "2026-11-30", "--format", "pdf", "--mark-exported")
    assert code == 0, err
    assert out.startswith(b"%PDF")
    assert books.sql("SELECT COUNT(*) FROM timesheet WHERE exported = 1") == [(6,)]
