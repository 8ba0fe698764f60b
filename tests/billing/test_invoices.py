"""Invoices end to end: totals against the database for every grouping and currency, numbers
unique under concurrency, permissions, locking, and the documents read back (HTML, PDF with
pypdf, XLSX with openpyxl)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from decimal import ROUND_HALF_UP, Decimal

import pytest

from billing_support import REPO


def _expected_subtotal(books, customer: str, period=("2026-11-01", "2026-12-01")) -> Decimal:
    """What the database says: billable, stopped, not exported records of the customer."""
    (total,) = books.sql(
        "SELECT COALESCE(SUM(t.rate), 0) FROM timesheet t JOIN customer c ON c.id = "
        "t.customer_id WHERE c.name = ? AND t.billable = 1 AND t.exported = 0 AND "
        "t.end_ts IS NOT NULL AND t.begin_ts >= strftime('%s', ?) AND "
        "t.begin_ts < strftime('%s', ?)", (customer, *period))[0]
    return (Decimal(total) / 10000).quantize(Decimal("0.01"), ROUND_HALF_UP)


@pytest.mark.parametrize("grouping", ["record", "activity", "project", "user", "date"])
@pytest.mark.parametrize("customer, currency", [("Kaesim", "PHP"), ("Koruna", "AUD")])
def test_totals_match_the_database_for_every_grouping_and_currency(books, grouping, customer,
                                                                   currency):
    books.ok("invoice", "template", "add", "T", "--grouping", grouping, "--tax-rate", "12")
    preview = books.ok("invoice", "preview", "--customer", customer, "--month", "2026-11",
                       "--json")
    subtotal = _expected_subtotal(books, customer)
    assert Decimal(str(preview["subtotal"])) == subtotal
    assert Decimal(str(preview["tax"])) == (subtotal * Decimal("0.12")).quantize(
        Decimal("0.01"), ROUND_HALF_UP)
    assert preview["currency"] == currency
    lines = preview["lines"]
    assert sum(Decimal(line["amount"]) for line in lines).quantize(Decimal("0.01")) == subtotal
    assert sum(line["records"] for line in lines) == preview["records"]
    created = books.ok("invoice", "create", "--customer", customer, "--month", "2026-11",
                       "--json")
    assert Decimal(str(created["total"])) == Decimal(str(preview["total"]))
    assert created["records"] == preview["records"]


def test_only_billable_unexported_records_of_the_period(books):
    preview = books.ok("invoice", "preview", "--customer", "Kaesim", "--month", "2026-11",
                       "--json")
    assert preview["records"] == 4  # not October's, not the non-billable one, not Koruna's
    with_all = books.ok("invoice", "preview", "--customer", "Kaesim", "--month", "2026-11",
                        "--include-non-billable", "--json")
    assert with_all["records"] == 5
    only_setup = books.ok("invoice", "preview", "--customer", "Kaesim", "--month", "2026-11",
                          "--project", "Setup", "--json")
    assert only_setup["records"] == 2


def test_create_locks_the_records_when_asked_and_they_are_not_invoiced_twice(books):
    first = books.ok("invoice", "create", "--customer", "Kaesim", "--month", "2026-11",
                     "--mark-exported", "--json")
    assert first["number"] == "2026/001"
    assert books.sql("SELECT COUNT(*) FROM timesheet WHERE exported = 1") == [(4,)]
    code, _, err = books.cli("invoice", "create", "--customer", "Kaesim", "--month", "2026-11")
    assert code == 1 and "nothing to invoice" in err
    assert books.sql("SELECT COUNT(*) FROM invoice") == [(1,)]
    assert books.sql("SELECT COUNT(*) FROM invoice_record") == [(4,)]


def test_status_and_archive(books):
    books.ok("invoice", "create", "--customer", "Kaesim", "--month", "2026-11")
    books.ok("invoice", "create", "--customer", "Koruna", "--month", "2026-11")
    assert [i["number"] for i in books.ok("invoice", "list", "--json")] == ["2026/002",
                                                                           "2026/001"]
    paid = books.ok("invoice", "status", "2026/001", "paid", "--json")
    assert paid["status"] == "paid" and paid["paid"]
    assert [i["number"] for i in books.ok("invoice", "list", "--status", "paid", "--json")
            ] == ["2026/001"]
    code, _, err = books.cli("invoice", "status", "2026/001", "lost")
    assert code == 2


def test_permissions(books):
    code, _, err = books.cli("--as", "ana", "invoice", "preview", "--customer", "Kaesim")
    assert code == 3
    code, _, err = books.cli("--as", "maria", "invoice", "template", "add", "Mine")
    assert code == 3  # templates are the admins'
    # A lead invoices only what she may see: her team member ana's records.
    lead = books.ok("--as", "maria", "invoice", "preview", "--customer", "Kaesim", "--month",
                    "2026-11", "--json")
    assert lead["records"] == 2


def test_numbers_are_unique_when_eight_processes_create_at_once(books):
    """8 processes each invoicing another project at the same moment: 8 distinct numbers."""
    for i in range(8):
        books.ok("project", "add", f"P{i}", "--customer", "Kaesim")
        books.ok("--as", "ana", "add", "--project", f"P{i}", "--activity", "Support",
                 "--begin", f"2026-11-1{i} 08:00", "--duration", "1:00")
    env = dict(os.environ, PYTHONPATH=str(REPO), XDG_STATE_HOME=str(books.dir / "state"))
    procs = [subprocess.Popen(
        [sys.executable, "-m", "kimai_tui.cli.main", "--database", books.url, "invoice",
         "create", "--customer", "Kaesim", "--month", "2026-11", "--project", f"P{i}",
         "--json"], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for i in range(8)]
    numbers = []
    for proc in procs:
        out, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err
        numbers.append(json.loads(out)["number"])
    assert len(set(numbers)) == 8
    assert sorted(numbers) == [f"2026/{n:03d}" for n in range(1, 9)]


def test_documents_read_back(books, tmp_path):
    books.ok("invoice", "template", "add", "T", "--company", "Polaris Inc.", "--tax-rate", "12",
             "--grouping", "activity", "--payment-terms", "Net 14")
    invoice = books.ok("invoice", "create", "--customer", "Kaesim", "--month", "2026-11",
                       "--json")
    total = f"{Decimal(str(invoice['total'])):,.2f}"
    _, html, _ = books.cli("invoice", "render", "2026/001", "--format", "html")
    assert b"Polaris Inc." in html and total.encode() in html and b"Net 14" in html

    from pypdf import PdfReader

    books.ok("invoice", "render", "2026/001", "--format", "pdf", "--output",
             str(tmp_path / "i.pdf"))
    text = PdfReader(str(tmp_path / "i.pdf")).pages[0].extract_text()
    assert "2026/001" in text and total in text and "Makati" in text

    from openpyxl import load_workbook

    books.ok("invoice", "render", "2026/001", "--format", "xlsx", "--output",
             str(tmp_path / "i.xlsx"))
    sheet = load_workbook(tmp_path / "i.xlsx").active
    values = [row for row in sheet.iter_rows(values_only=True)]
    amounts = [row[4] for row in values if row[1] in ("Support", "Install")]
    assert len(amounts) == 2 and all(isinstance(a, (int, float)) for a in amounts)
    totals = {row[3]: row[4] for row in values if row[3]}
    assert Decimal(str(totals["Total PHP"])) == Decimal(str(invoice["total"]))


def test_document_text_is_escaped(books):
    books.ok("customer", "edit", "Kaesim", "--company", "<script>alert(1)</script> & Co")
    books.ok("invoice", "create", "--customer", "Kaesim", "--month", "2026-11")
    _, html, _ = books.cli("invoice", "render", "2026/001", "--format", "html")
    assert b"<script>alert" not in html and b"&lt;script&gt;" in html


def test_a_broken_or_hostile_document_is_refused(books, tmp_path):
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "evil.html").write_text("{{ ''.__class__.__mro__[1].__subclasses__() }}")
    config = tmp_path / "kimai.yaml"
    config.write_text(f"kimai: {{invoice: {{documents: [{folder}]}}}}\n")
    os.chmod(config, 0o600)
    books.ok("--config", str(config), "invoice", "template", "add", "E", "--document",
             "evil.html")
    books.ok("--config", str(config), "invoice", "create", "--customer", "Kaesim", "--month",
             "2026-11", "--template", "E")
    code, out, err = books.cli("--config", str(config), "invoice", "render", "2026/001")
    assert code == 1 and "evil.html" in err and out == b""
