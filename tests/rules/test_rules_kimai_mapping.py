"""How Kimai's stored values are read (rules/kimai_mapping.py, rules/kimai_files.py)."""

from datetime import datetime
from decimal import Decimal

import pytest
from hypothesis import given, strategies as st

from kimai_tui.rules import kimai_files as kf
from kimai_tui.rules import kimai_mapping as km


@pytest.mark.parametrize("stored, roles, unknown", [
    ("a:0:{}", ("ROLE_USER",), ()),
    ('a:1:{i:0;s:13:"ROLE_TEAMLEAD";}', ("ROLE_TEAMLEAD",), ()),
    ('a:2:{i:0;s:16:"ROLE_SUPER_ADMIN";i:1;s:10:"ROLE_ADMIN";}',
     ("ROLE_SUPER_ADMIN", "ROLE_ADMIN"), ()),
    ('a:1:{i:0;s:12:"ROLE_AUDITOR";}', ("ROLE_USER",), ("ROLE_AUDITOR",)),
    ('a:2:{i:0;s:9:"ROLE_USER";i:1;s:10:"ROLE_ADMIN";}', ("ROLE_ADMIN",), ()),
    ("", ("ROLE_USER",), ()),
])
def test_serialised_roles(stored, roles, unknown):
    assert km.php_roles(stored) == (roles, unknown)


def test_serialised_string_lengths_are_bytes():
    # a custom role with a multi-byte name: s:N counts UTF-8 bytes
    assert km.php_roles('a:1:{i:0;s:10:"ROLE_ÜBER";}') == (("ROLE_USER",), ("ROLE_ÜBER",))


@given(st.decimals(min_value=0, max_value=10**9, places=4, allow_nan=False))
def test_ticks_equal_the_decimal_reading_of_a_4_decimal_double(value):
    as_double = float(value)
    assert km.ticks(as_double) == int(km.money(as_double).scaleb(4))
    assert km.ticks(as_double) == int(value.scaleb(4))


def test_budgets_colours_and_flags():
    assert km.budget_money(0.0) is None and km.budget_money(1000.5) == Decimal("1000.5")
    assert km.budget_seconds(0) is None and km.budget_seconds(7200) == 7200
    assert km.budget_type(None) == "lifetime" and km.budget_type("month") == "month"
    assert km.color("#d2d6de") is None and km.color("#AABBCC") == "#aabbcc"
    assert km.color("red") is None
    assert km.flag(None) is True and km.flag(0) is False


def test_local_day_and_project_dates_in_their_zones():
    assert km.local_day(1711846800, km.zone("Europe/Berlin")) == 20240331  # 01:00 UTC
    assert km.local_day(1711846800, km.zone("America/New_York")) == 20240330
    assert km.local_day(1704067200, km.zone("Asia/Kolkata")) == 20240101  # 05:30 local
    assert str(km.local_date(datetime(2023, 12, 31, 23, 0), "Europe/Berlin")) == "2024-01-01"
    assert str(km.local_date(datetime(2023, 12, 31, 23, 0), None)) == "2023-12-31"


def test_settings_become_a_kimai_yaml_snippet_and_unknown_ones_are_named():
    text, unknown = km.config_snippet({
        "timesheet.rounding.default.begin": "15", "timesheet.mode": "punch",
        "timesheet.rules.allow_overlapping_records": "0",
        "timesheet.rounding.default.days": "monday,friday",
        "timesheet.rules.lockdown_period_start": "first day of last month",
        "timesheet.foo": "1", "theme.logo": "x"})
    assert "    mode: \"punch\"" in text and "        begin: 15" in text
    assert "allow_overlapping_records: false" in text and "days: [\"monday\", \"friday\"]" in text
    assert unknown == ["timesheet.foo"]
    assert km.config_snippet({}) == ("", [])


def test_undeclared_meta_names_become_declarations():
    text = km.field_declarations({"timesheet": {"ticket"}, "customer": set()})
    assert text == "custom_fields:\n  timesheet:\n    ticket: {type: string, label: \"Ticket\"}\n"


@pytest.mark.parametrize("header, kind", [
    (["Date", "From", "To", "Duration", "Currency", "Price", "Name", "User", "E-mail",
      "Staff number", "Customer", "Project", "Activity"], "export"),
    (["Date", "From", "To", "Email", "User", "Project", "Customer", "Activity"], "timesheets"),
    (["Project", "Customer", "OrderNumber"], "projects"),
    (["Customer", "Account", "Currency"], "customers"),
    (["foo", "bar"], None),
])
def test_file_kinds_are_told_by_their_header(header, kind):
    assert kf.detect(header) == kind


@pytest.mark.parametrize("text, seconds, expected", [
    ("3:30", False, 12600), ("27:30", False, 99000), ("0:00", False, 0), ("1.75", False, 6300),
    ("7260", True, 7260), ("", True, None)])
def test_file_durations(text, seconds, expected):
    assert kf.parse_duration(text, seconds) == expected


def test_formula_guard_is_taken_off_only_where_kimai_put_it():
    assert kf.strip_guard("' =SUM(A1)") == "=SUM(A1)"
    assert kf.strip_guard("' call DDE now") == "call DDE now"
    assert kf.strip_guard("' quoted") == "' quoted"


@pytest.mark.parametrize("prefs, expected", [
    ({}, "24h"), ({"hours_24": "0"}, "12h"), ({"hours_24": "1", "locale": "en_US"}, "24h"),
    ({"locale": "en_US"}, "12h"), ({"language": "de"}, "24h"), ({"language": "en"}, "24h"),
    ({"locale": "en_GB", "language": "en"}, "24h")])
def test_twelve_hour_preference(prefs, expected):
    assert km.time_format(prefs) == expected
