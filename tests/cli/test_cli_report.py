"""`kimai-tui report`: the month's sums per customer and project."""

from __future__ import annotations

import pytest


@pytest.mark.subprocess_cli  # smoke: a real process
def test_month_report_sums_per_project_with_amounts(seeded):
    seeded.ok("customer", "add", "Globex", "--currency", "USD")
    seeded.ok("project", "add", "App", "--customer", "Globex")
    seeded.ok("activity", "add", "Design", "--project", "App")
    seeded.ok("rate", "add", "--project", "Web", "--rate", "100")
    seeded.ok("rate", "add", "--project", "App", "--rate", "60")
    for begin, duration, project, activity, billable in (
            ("2026-10-05 08:00", "1:30", "Web", "Dev", "yes"),
            ("2026-10-06 08:00", "0:30", "Web", "Dev", "no"),
            ("2026-10-07 08:00", "2:00", "App", "Design", "yes"),
            ("2026-09-30 08:00", "5:00", "Web", "Dev", "yes")):  # another month
        seeded.ok("add", "--project", project, "--activity", activity, "--begin", begin,
                  "--duration", duration, "--billable", billable)
    data = seeded.ok("report", "--month", "2026-10", "--json")
    assert data["lines"] == [
        {"customer": "Acme", "project": "Web", "records": 2, "duration": 7200,
         "currency": "EUR", "amount": 200.0, "billable_amount": 150.0},
        {"customer": "Globex", "project": "App", "records": 1, "duration": 7200,
         "currency": "USD", "amount": 120.0, "billable_amount": 120.0}]
    assert data["totals"] == {"records": 3, "duration": 14400, "amounts": {
        "EUR": {"amount": 200.0, "billable_amount": 150.0},
        "USD": {"amount": 120.0, "billable_amount": 120.0}}}
    table = seeded.ok("report", "--month", "2026-10").out.splitlines()
    assert table[0].split() == ["customer", "project", "records", "duration", "amount",
                                "billable"]
    assert table[1].split() == ["Acme", "Web", "2", "2:00", "200.00", "EUR", "150.00", "EUR"]
    assert table[-2].split() == ["total", "3", "4:00", "200.00", "EUR", "150.00", "EUR"]
    assert table[-1].split() == ["120.00", "USD", "120.00", "USD"]


def test_from_and_to_instead_of_a_month(seeded):
    seeded.ok("add", "--project", "Web", "--activity", "Dev", "--begin", "2026-10-05 08:00",
              "--duration", "1:00")
    seeded.ok("add", "--project", "Web", "--activity", "Dev", "--begin", "2026-10-09 08:00",
              "--duration", "1:00")
    data = seeded.ok("report", "--from", "2026-10-01", "--to", "2026-10-06", "--json")
    assert data["totals"]["records"] == 1


def test_bad_input_is_refused_with_what_is_accepted(seeded):
    result = seeded.fails(1, "report", "--month", "2026-13")
    assert "YYYY-MM" in result.err
    result = seeded.fails(2, "report", "--month", "2026-10", "--from", "2026-10-01")
    assert "--month or --from/--to" in result.err


def test_a_user_sees_own_sums_without_amounts_and_not_others(seeded):
    seeded.ok("user", "add", "ana", "--role", "ROLE_USER")
    seeded.ok("add", "--project", "Web", "--activity", "Dev", "--begin", "2026-10-05 08:00",
              "--duration", "1:00", "--user", "ana")
    seeded.ok("add", "--project", "Web", "--activity", "Dev", "--begin", "2026-10-05 10:00",
              "--duration", "3:00")
    data = seeded.ok("--as", "ana", "report", "--month", "2026-10", "--json")
    assert data["lines"] == [{"customer": "Acme", "project": "Web", "records": 1,
                              "duration": 3600}]
    assert "amounts" not in data["totals"]
    seeded.fails(3, "--as", "ana", "report", "--all-users", "--month", "2026-10")
