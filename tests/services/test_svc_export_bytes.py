"""The export writes exactly the bytes it always did (rules.md §Export, cli.md JSON).

tests/services/export_expected/ holds the CSV and JSON the row-by-row export (domain.Record
per row, csv_row) wrote for the records of export_dataset.py, before the export read rows as
plain tuples. Any change to them must be a deliberate change of the export format; the ones
made since: money columns for the whole file (empty cells where rates are hidden) and a CR in
a cell written as a newline, so every row lines up with the header; empty E-mail and Staff
number cells for users whose profile the reader may not see (customer.csv; rules.md §Roles
and permissions); and (issue #11) ESC, C1, bidi and zero-width characters in a cell written
as visible escapes (`\x1b`), so a CSV on a terminal is inert: the one row of record 14 in
admin, partial and customer.csv; and (issue 13) money cells rounded half-up as rules.md and
Kimai's PHP round() do (rules/money.py): farid's 0.0050 is 0.01 in admin.csv, not 0.00.
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest

import export_dataset
from kimai_tui.data import export_rows
from kimai_tui.queries import RecordFilter
from kimai_tui.services import export, export_cells

EXPECTED = Path(__file__).parent / "export_expected"
ACTORS = {
    "partial": export_dataset.partial_rates_ctx,  # sees everyone, rates of her own only
    "admin": lambda world: world.ctx("admin"),
    "alice": lambda world: world.ctx("alice"),  # a plain user: own records, no money
    "customer": export_dataset.customer_ctx,  # a customer account: Acme's records
}


@pytest.fixture
def dataset(world):
    export_dataset.build(world)
    return world


def run(ctx, fmt: str, **options) -> str:
    out = io.StringIO()
    export.export(ctx, RecordFilter(), fmt, out, all_users=True, **options)
    return out.getvalue()


def expected(actor: str, fmt: str) -> str:
    # Bytes, not read_text(): a "\r" in a cell must not turn into a newline.
    return (EXPECTED / f"{actor}.{fmt}").read_bytes().decode("utf-8")


@pytest.mark.parametrize("fmt", ["csv", "json"])
@pytest.mark.parametrize("actor", sorted(ACTORS))
def test_output_is_byte_identical(dataset, actor, fmt):
    assert run(ACTORS[actor](dataset), fmt) == expected(actor, fmt)


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_pages_and_emptied_caches_change_nothing(dataset, monkeypatch, fmt):
    """Pages of 3 split records that begin at the same second, and caches of 2 values are
    emptied all the time: the bytes stay the same."""
    monkeypatch.setattr(export_rows, "PAGE_SIZE", 3)
    monkeypatch.setattr(export_cells, "CACHE_LIMIT", 2)
    ctx = export_dataset.partial_rates_ctx(dataset)
    assert run(ctx, fmt) == expected("partial", fmt)


def test_the_file_as_the_command_line_writes_it(dataset, tmp_path):
    """newline="" as the CLI and the TUI open it: a newline inside a description stays LF."""
    path = tmp_path / "out.csv"
    with open(path, "w", encoding="utf-8", newline="") as stream:
        export.export(dataset.ctx("admin"), RecordFilter(), "csv", stream, all_users=True)
    assert path.read_bytes() == (EXPECTED / "admin.csv").read_bytes()


@pytest.mark.parametrize("actor", sorted(ACTORS))
def test_every_csv_row_lines_up_with_the_header(dataset, actor):
    """Money columns are there for the whole file or not at all (an actor who sees only
    some users' rates gets empty cells in the others' rows), and a carriage return inside a
    description cannot end a row in a spreadsheet."""
    import csv

    text = run(ACTORS[actor](dataset), "csv")
    assert "\r" not in text
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert len({len(row) for row in rows}) == 1, {len(row) for row in rows}


def test_hidden_rates_leave_the_money_cells_empty(dataset):
    import csv

    rows = list(csv.DictReader(io.StringIO(run(ACTORS["partial"](dataset), "csv"),
                                           newline="")))
    own = [r for r in rows if r["User"] == "admin"]  # the partial actor is the admin
    others = [r for r in rows if r["User"] != "admin"]
    assert own and others
    assert all(r["Currency"] for r in own)
    assert all(r[c] == "" for r in others for c in export.MONEY_COLUMNS)
