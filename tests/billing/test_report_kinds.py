"""Kimai's standard reports: sums checked against the database, visibility, periods."""

from __future__ import annotations


import pytest

from kimai_tui.rules.errors import ValidationError
from kimai_tui.services.report_kinds import parse_span




def _db_seconds(books, where: str, params=()) -> int:
    return books.sql("SELECT COALESCE(SUM(t.duration), 0) FROM timesheet t JOIN user u ON "
                     f"u.id = t.user_id JOIN project p ON p.id = t.project_id WHERE {where}",
                     params)[0][0]


def test_user_week_by_project_matches_the_database(books):
    grid = books.ok("report", "user", "--user", "ana", "--week", "2026-W45", "--json")
    assert grid["columns"][0] == "Mon 02"
    by_label = {r["label"]: r for r in grid["rows"]}
    assert by_label["Kaesim / SLA"]["duration"] == _db_seconds(
        books, "u.username = 'ana' AND p.name = 'SLA' AND t.day BETWEEN 20261102 AND 20261108")
    assert by_label["Kaesim / SLA"]["cells"][0] == 3 * 3600 + 1800  # Monday: 1:30 + 2:00
    assert grid["duration"] == sum(r["duration"] for r in grid["rows"])
    assert sum(grid["totals"]) == grid["duration"]
    assert grid["amounts"] == {"AUD": 200.0, "PHP": 1040.0}


@pytest.mark.parametrize("by, labels", [("activity", {"Support", "Install"}),
                                        ("customer", {"Kaesim", "Koruna"})])
def test_user_report_rows(books, by, labels):
    grid = books.ok("report", "user", "--user", "ana", "--month", "2026-11", "--by", by,
                    "--json")
    assert {r["label"] for r in grid["rows"]} == labels


def test_year_has_months_as_columns(books):
    grid = books.ok("report", "user", "--user", "ana", "--year", "2026", "--json")
    assert len(grid["columns"]) == 12 and grid["columns"][9] == "Oct"
    october = sum(r["cells"][9] for r in grid["rows"])
    assert october == 3600  # the October record


def test_all_users_one_row_each_within_visibility(books):
    admin = books.ok("report", "users", "--month", "2026-11", "--json")
    assert {r["label"] for r in admin["rows"]} == {"ana", "jose"}
    assert admin["duration"] == _db_seconds(books, "t.day BETWEEN 20261101 AND 20261130")
    lead = books.ok("--as", "maria", "report", "users", "--month", "2026-11", "--json")
    assert {r["label"] for r in lead["rows"]} == {"ana"}  # jose is in a team she doesn't lead
    code, _, _ = books.cli("--as", "ana", "report", "users", "--month", "2026-11")
    assert code == 3


def test_a_plain_user_sees_no_amounts_of_others_and_no_one_elses_user_report(books):
    code, _, err = books.cli("--as", "ana", "report", "user", "--user", "jose")
    assert code == 2 and "no user" in err  # hidden like a missing one
    own = books.ok("--as", "ana", "report", "user", "--month", "2026-11", "--json")
    assert "amounts" not in own  # rules.md: plain users may not view rates


def test_project_details(books):
    details = books.ok("report", "project", "--project", "SLA", "--json")
    assert details["last_record"] == "2026-11-06"
    by_user = {r["label"]: r["duration"] for r in details["by"]["user"]}
    assert by_user == {"ana": 4 * 3600 + 1800, "jose": 3600}  # 1:30 + 2:00 + October 1:00


def test_customer_overview_with_budgets(books):
    books.ok("project", "edit", "SLA", "--time-budget", "10:00", "--budget-type", "month")
    details = books.ok("report", "customer", "--customer", "Kaesim", "--json")
    projects = {p["name"]: p for p in details["projects"]}
    assert projects["SLA"]["time_budget"] == 36000
    assert "time_budget" not in projects["Setup"] or not projects["Setup"]["time_budget"]


@pytest.mark.parametrize("text, unit, first", [("2026-W48", "week", "2026-11-23"),
                                               ("2026-11", "month", "2026-11-01"),
                                               ("2026", "year", "2026-01-01")])
def test_periods(text, unit, first):
    span = parse_span(text)
    assert (span.unit, span.first.isoformat()) == (unit, first)


@pytest.mark.parametrize("text", ["2026-W60", "26-11", "soon", "2026-13"])
def test_bad_periods(text):
    with pytest.raises(ValidationError):
        parse_span(text)
