"""Amounts shown to 2 decimals, half-up, in the customer's currency (rules.md §Rates), by the
one formatter every CLI table, screen and document uses (rules/money.py)."""

from decimal import Decimal

import pytest

from kimai_tui.rules.money import format_money, round_money


@pytest.mark.parametrize("stored, shown", [
    ("663.2708", "663.27"), ("1326.5417", "1,326.54"), ("0.1250", "0.13"), ("0.1150", "0.12"),
    ("2.6750", "2.68"), ("1234567.8950", "1,234,567.90"), ("0", "0.00"), ("-0.0050", "-0.01"),
])
def test_amounts_round_half_up_to_the_cent(stored, shown):
    assert format_money(Decimal(stored)) == shown


def test_python_formatting_alone_would_round_half_even():
    assert f"{Decimal('0.125'):.2f}" == "0.12"  # why the formatter exists
    assert round_money(Decimal("0.125")) == Decimal("0.13")


def test_currency_and_grouping():
    assert format_money(Decimal("1234.5"), "EUR") == "1,234.50 EUR"
    assert format_money(Decimal("1234.5"), "PHP", grouping=False) == "1234.50 PHP"
    assert format_money(50, None) == "50.00"


def test_cli_tables_and_exports_use_it():
    from kimai_tui.cli import output
    from kimai_tui.services import export_cells

    assert output._cell(Decimal("0.1250")) == "0.13"
    assert export_cells._money_text(Decimal("0.1250")) == "0.13"
