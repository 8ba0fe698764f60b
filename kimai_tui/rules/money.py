"""Amounts as people read them (rules.md §Rates: "Amounts are kept to 4 decimals, shown to 2
in the customer's currency"), rounded half-up as every amount of rules.md is.

Python's own `f"{Decimal('0.125'):.2f}"` rounds half-even (0.12); this module is the one place
the CLI tables, the screens and the documents turn an amount into text (0.13).
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")


def round_money(value) -> Decimal:
    """VALUE (Decimal, int, float or numeric str; stored amounts have 4 decimals) rounded
    half-up to the cent."""
    amount = value if isinstance(value, Decimal) else Decimal(str(value))
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


def format_money(value, currency: str | None = None, grouping: bool = True) -> str:
    """`1,234.57 EUR`: VALUE rounded by `round_money`, with thousands separators unless
    GROUPING is false (CSV cells, form fields), followed by the ISO 4217 CURRENCY if given.
    Faces showing user-typed text still escape the result (a currency code is checked on save,
    yet older databases may hold anything)."""
    text = f"{round_money(value):,.2f}" if grouping else f"{round_money(value):.2f}"
    return f"{text} {currency}" if currency else text
