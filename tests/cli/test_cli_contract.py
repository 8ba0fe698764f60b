"""Issue 14 item 9: the CLI contract of cli.md, as a script would rely on it."""

from __future__ import annotations

import pytest

ADD = ("add", "--project", "Web", "--activity", "Dev")


def test_edit_begin_of_a_stopped_record_keeps_its_end(seeded):
    rid = seeded.ok(*ADD, "--begin", "2025-03-03 08:00", "--end", "2025-03-03 10:00",
                    "--json")["id"]
    edited = seeded.ok("edit", str(rid), "--begin", "2025-03-03 08:30", "--json")
    assert edited["end"] == "2025-03-03T10:00:00+00:00" and edited["duration"] == 5400


def test_show_prints_the_whole_record(seeded):
    long = "first line of a long description " + "x" * 120 + "\nsecond line"
    rid = seeded.ok(*ADD, "--begin", "2025-03-03 08:00", "--duration", "1h", "--tags", "a,b",
                    "--description", long, "--json")["id"]
    out = seeded.ok("show", str(rid)).out
    assert "x" * 120 in out and "  second line" in out
    for line in ("id: ", "user: ", "customer: Acme", "project: Web", "activity: Dev",
                 "begin: 2025-03-03 08:00:00", "end: 2025-03-03 09:00:00",
                 "timezone: UTC", "duration: 1:00", "tags: a, b", "billable: yes",
                 "exported: no"):
        assert line in out, line


@pytest.mark.parametrize("args", [
    ("add", "--project", "Web", "--activity", "Dev", "--begin", "not a date",
     "--duration", "1h"),
    ("add", "--project", "Web", "--activity", "Dev", "--begin", "2025-03-03 08:00",
     "--duration", "2x"),
    ("start", "--project", "Web", "--activity", "Dev", "--at", "later-ish"),
    ("list", "--from", "soon"),
    ("add", "--project", "Web", "--activity", "Dev", "--begin", "2025-03-03 08:00",
     "--duration", "1h", "--hourly-rate", "lots"),
])
def test_a_bad_value_is_exit_2(seeded, args):
    result = seeded.fails(2, *args)
    assert result.err.startswith("error: ") and seeded.count() == 0


def test_a_hidden_customers_projects_appear_only_under_both(seeded):
    seeded.ok("customer", "add", "Hidden Co")
    seeded.ok("project", "add", "Inside", "--customer", "Hidden Co")
    seeded.ok("project", "add", "Shelved", "--customer", "Acme", "--visible", "no")
    seeded.ok("customer", "edit", "Hidden Co", "--visible", "no")

    def names(visible):
        return sorted(p["name"] for p in seeded.ok("project", "list", "--visible", visible,
                                                   "--json"))

    assert names("yes") == ["Web"]
    assert names("no") == ["Shelved"]
    assert names("both") == ["Inside", "Shelved", "Web"]


def test_list_days_are_the_viewers_and_rows_are_in_the_viewers_zone(seeded):
    seeded.ok("user", "add", "manila", "--timezone", "Asia/Manila")
    # 07:00 on 6 Nov in Manila is 23:00 on 5 Nov in UTC (the viewer, root).
    rid = seeded.ok("--as", "manila", *ADD, "--begin", "2025-11-06 07:00", "--duration", "1h",
                    "--json")["id"]
    listed = seeded.ok("list", "--all-users", "--to", "2025-11-05", "--json")
    assert [r["id"] for r in listed] == [rid]
    table = seeded.ok("list", "--all-users", "--to", "2025-11-05").out
    row = [line for line in table.splitlines() if line.startswith(str(rid))][0]
    assert "2025-11-05" in row and "23:00" in row and "2025-11-06" not in row
    assert seeded.ok("list", "--all-users", "--from", "2025-11-06", "--json") == []


def test_status_shows_the_live_amount(seeded):
    seeded.ok("rate", "add", "--project", "Web", "--rate", "100")
    seeded.ok("start", "--project", "Web", "--activity", "Dev", "--at", "-30m")
    out = seeded.ok("status").out
    assert " 0.00 EUR" not in out
    amount = float(out.splitlines()[1].split()[-2])
    assert 49.9 <= amount <= 51
    [running] = seeded.ok("status", "--json")
    assert 49.9 <= running["live_amount"] <= 51 and running["rate"] == 0


def test_search_and_names_fold_case_in_every_alphabet(seeded):
    """Issue 14 item 8, as the report found it through the command line."""
    seeded.ok("customer", "add", "Ärzte Nord")
    assert [c["name"] for c in seeded.ok("customer", "list", "--search", "ärzte",
                                         "--json")] == ["Ärzte Nord"]
    seeded.ok("project", "add", "Übergabe", "--customer", "ärzte nord")
    seeded.ok("activity", "add", "Тест", "--project", "übergabe")
    rid = seeded.ok("add", "--project", "ÜBERGABE", "--activity", "тест", "--begin",
                    "2025-03-03 08:00", "--duration", "1h", "--description",
                    "Übergabe an Team B", "--json")["id"]
    assert [r["id"] for r in seeded.ok("list", "--search", "übergabe", "--json")] == [rid]
