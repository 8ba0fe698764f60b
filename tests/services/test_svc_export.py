"""Kimai-compatible CSV export (rules.md §Export)."""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal

import pytest

from kimai_tui.queries import RecordFilter
from kimai_tui.rules.errors import RuleRefused
from kimai_tui.services import export, timesheets
from kimai_tui.services.record_save import RecordChanges

HEADER = ("Date,From,To,Duration,Currency,Price,Internal price,Hourly price,Fixed price,Name,"
          "User,E-mail,Staff number,Customer,Project,Activity,Description,Billable,Tags,Type,"
          "category,Account,Project number,VAT-ID,Order number").split(",")
MONEY = ["Currency", "Price", "Internal price", "Hourly price", "Fixed price"]


def run(world, user="alice", fmt="csv", mark=False, all_users=False, flt=None):
    out = io.StringIO()
    count = export.export(world.ctx(user), flt or RecordFilter(), fmt, out,
                          all_users=all_users, mark_exported=mark)
    return count, out.getvalue()


def rows(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))


def test_header_exactly_as_kimai_plus_custom_fields(world):
    world.add("admin")
    _, text = run(world, "admin")
    header = rows(text)[0]
    assert header == HEADER + ["Location", "Ticket"]


def test_header_without_money_columns_for_a_plain_user(world):
    world.price("project", world.project, "100")
    world.add("alice", description="work")
    _, text = run(world, "alice")
    header, row = rows(text)
    assert header == [h for h in HEADER if h not in MONEY] + ["Location", "Ticket"]
    assert len(row) == len(header)
    assert "100.00" not in text and "EUR" not in text


def test_header_without_money_even_with_no_records(world):
    _, text = run(world, "alice")
    assert rows(text) == [[h for h in HEADER if h not in MONEY] + ["Location", "Ticket"]]


def test_row_values(world):
    world.add_user("carol", "ROLE_ADMIN", alias="Carol C", email="c@x.org",
                   staff_number="S42", timezone="Asia/Manila")
    world.price("project", world.project, "100", internal="60")
    world.add("carol", begin="2026-11-02 00:00", minutes=150, description="fix",
              tags=("b", "a"), meta={"location": "home"})
    _, text = run(world, "carol")
    header, row = rows(text)
    got = dict(zip(header, row))
    assert got["Date"] == "2026-11-02"
    assert (got["From"], got["To"]) == ("08:00", "10:30")  # Asia/Manila, UTC+8
    assert got["Duration"] == "2:30"
    assert (got["Currency"], got["Price"], got["Internal price"]) == ("EUR", "250.00", "150.00")
    assert got["Hourly price"] == "100.00" and got["Fixed price"] == ""
    assert (got["Name"], got["User"], got["E-mail"], got["Staff number"]) == (
        "Carol C", "carol", "c@x.org", "S42")
    assert (got["Customer"], got["Project"], got["Activity"]) == ("Acme", "Web", "Dev")
    assert got["Description"] == "fix" and got["Billable"] == "1"
    assert got["Tags"] == "a, b"
    assert (got["Type"], got["category"]) == ("timesheet", "work")
    assert (got["Account"], got["Project number"], got["VAT-ID"], got["Order number"]) == (
        "C-1", "P-1", "VAT9", "O-7")
    assert got["Location"] == "home" and got["Ticket"] == ""


def test_non_billable_is_empty(world):
    world.add("lead", billable="no")
    _, text = run(world, "lead")
    header, row = rows(text)
    assert dict(zip(header, row))["Billable"] == ""


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_formula_injection_is_neutralised(world, start):
    world.add("admin", description=f"{start}HYPERLINK(\"http://evil\")")
    _, text = run(world, "admin")
    header, row = rows(text)
    written = "\n" if start == "\r" else start  # a CR is written as a newline (quoted)
    assert dict(zip(header, row))["Description"] == f"' {written}HYPERLINK(\"http://evil\")"


def test_csv_cells_are_inert_and_keep_line_breaks_and_tabs(world):
    """Issue #11: stored text with terminal controls (stored before they were refused, or
    imported) is written as visible escapes in every cell, formulas are still prefixed, and
    a description keeps its line breaks (quoted) and tabs."""
    from kimai_tui.data import catalogue as catalogue_repo
    from kimai_tui.data import meta as meta_repo
    from kimai_tui.data import timesheets as records_repo
    from kimai_tui.data import users as users_repo
    from kimai_tui.data.models import Timesheet
    from nasty import STORABLE, raw_unsafe

    description = "=first line\r\nsecond\tline\n" + STORABLE
    record = world.add("alice")
    Timesheet.update(description=description).where(Timesheet.id == record.id).execute()
    records_repo.set_tags(record.id, ("\x1b]0;tag\x07",))
    meta_repo.set_values("timesheet", record.id, {"location": "\x9b2J\u202e"})
    catalogue_repo.update("customer", world.customer, {"name": "Acme\x1b[2J",
                                                       "vat_id": "@\u2066x"})
    users_repo.update(world.user("alice").id, {"alias": "\x1b]52;c;eA==\x07Al",
                                               "email": "a\u200b@x.org"})
    _, text = run(world, "admin", all_users=True)
    assert not raw_unsafe(text), raw_unsafe(text)
    cells = dict(zip(*rows(text)))
    assert cells["Description"].startswith("' =first line\nsecond\tline\n\\x1b]0;pwned\\x07")
    assert "[@click=app.quit]" in cells["Description"]  # markup is plain text in a CSV
    assert "日本語の説明" in cells["Description"]
    assert (cells["Tags"], cells["Location"]) == ("\\x1b]0;tag\\x07", "\\x9b2J\\u202e")
    assert (cells["Customer"], cells["VAT-ID"]) == ("Acme\\x1b[2J", "' @\\u2066x")
    assert (cells["Name"], cells["E-mail"]) == ("\\x1b]52;c;eA==\\x07Al", "a\\u200b@x.org")


def test_harmless_description_is_not_prefixed(world):
    world.add("admin", description="a=b")
    _, text = run(world, "admin")
    header, row = rows(text)
    assert dict(zip(header, row))["Description"] == "a=b"


def test_export_contains_only_visible_records(world):
    world.add("alice", description="mine")
    world.add("bob", description="bobs secret")
    count, text = run(world, "alice", all_users=True)
    assert count == 1 and "bobs secret" not in text


def test_mark_exported_locks_the_records(world):
    record = world.add("alice")
    count, _ = run(world, "admin", mark=True, all_users=True)
    assert count == 1
    assert timesheets.get(world.ctx("alice"), record.id).exported
    with pytest.raises(RuleRefused):
        timesheets.update(world.ctx("alice"), record.id, RecordChanges(description="late"))


def test_plain_user_cannot_mark_exported(world):
    from kimai_tui.rules.errors import PermissionDenied

    record = world.add("alice")
    with pytest.raises(PermissionDenied):
        run(world, "alice", mark=True)
    assert not timesheets.get(world.ctx("alice"), record.id).exported


def test_json_export(world):
    world.price("project", world.project, "100")
    record = world.add("admin", minutes=30, description="j")
    _, text = run(world, "admin", fmt="json")
    [data] = json.loads(text)
    assert data["id"] == record.id and data["rate"] == 50.0 and data["duration"] == 1800
    assert Decimal(str(data["hourly_rate"])) == Decimal("100")
