"""Rate calculation (rules.md §Rates).

First found wins: record fixed, activity fixed, project fixed, customer fixed, record hourly,
activity hourly, project hourly, customer hourly, the user's hourly rate. The Decision: a fixed
rule on a lower level beats an hourly rule on a higher one, as seed 003 lists it. The weekday
factor applies only to hourly rates this calculation finds, never to one typed on the record.
Money is Decimal, kept to 4 places with ROUND_HALF_UP.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from kimai_tui.rules.errors import ValidationError
from kimai_tui.settings import RateFactor

FOUR_PLACES = Decimal("0.0001")
MAX_MONEY = Decimal(10) ** 10
ZERO = Decimal(0)
_HOUR = Decimal(3600)
# ASCII digits only, bounded length: "445", "445.50", "445,50".
_MONEY = re.compile(r"(\d{1,20})(?:[.,](\d{1,20}))?", re.ASCII)


def money(value: Decimal | int | str) -> Decimal:
    """value as Decimal with 4 places, half up. Never pass a float: money is not a float."""
    if isinstance(value, float):
        raise TypeError("money is never a float")
    return Decimal(value).quantize(FOUR_PLACES, rounding=ROUND_HALF_UP)


def parse_money(text: str, field: str = "rate") -> Decimal:
    """A typed amount ("445", "445.50", "445,50") as Decimal; ValidationError on `field` else."""
    m = _MONEY.fullmatch(text.strip())
    if m is None:
        raise ValidationError(field=field,
                              message=f'"{text.strip()[:40]}" is not an amount (use 445 or 445.50)')
    try:
        value = Decimal(f"{m.group(1)}.{m.group(2) or 0}")
    except InvalidOperation:  # pragma: no cover - the regex admits only plain digits
        raise ValidationError(field=field, message="not an amount") from None
    if value > MAX_MONEY:
        raise ValidationError(field=field, message=f"amount above {MAX_MONEY:,} is not allowed")
    return money(value)


@dataclass(frozen=True)
class PriceRule:
    """A price rule on a customer, project or activity. user_id None is the catch-all."""

    price: Decimal
    internal_price: Decimal | None = None
    fixed: bool = False
    user_id: int | None = None


def effective_rule(rules: Iterable[PriceRule], user_id: int) -> PriceRule | None:
    """The rule for this user if there is one, else the catch-all (seed 004), else None."""
    catch_all = None
    for rule in rules:
        if rule.user_id == user_id:
            return rule
        if rule.user_id is None:
            catch_all = rule
    return catch_all


def weekday_factor(end_weekday: int, factors: Sequence[RateFactor]) -> Decimal:
    """Sum of the factors of every rule matching the END weekday; 1 when none matches."""
    matching = [Decimal(f.factor) for f in factors if end_weekday in f.days]
    return sum(matching, ZERO) if matching else Decimal(1)


@dataclass(frozen=True)
class RateInput:
    duration: int
    end_weekday: int
    record_fixed_rate: Decimal | None
    record_hourly_rate: Decimal | None
    activity_rule: PriceRule | None  # already resolved with effective_rule
    project_rule: PriceRule | None
    customer_rule: PriceRule | None
    user_hourly_rate: Decimal | None
    user_internal_rate: Decimal | None
    factors: tuple[RateFactor, ...] = ()


@dataclass(frozen=True)
class RateResult:
    rate: Decimal
    internal_rate: Decimal
    hourly_rate: Decimal | None  # the factored hourly rate used, as Kimai stores it
    fixed_rate: Decimal | None


def _fixed(price: Decimal, internal: Decimal | None) -> RateResult:
    price = money(price)
    return RateResult(price, money(internal if internal is not None else price), None, price)


def _hourly(hourly: Decimal, internal: Decimal, duration: int, factor: Decimal) -> RateResult:
    # Divide last so the only rounding is the final quantize.
    seconds = Decimal(duration)
    return RateResult(money(hourly * factor * seconds / _HOUR),
                      money(internal * factor * seconds / _HOUR), money(hourly * factor), None)


def calculate_rate(inp: RateInput) -> RateResult:
    """The amounts of a stopped record; see the module docstring for the order."""
    rules = (inp.activity_rule, inp.project_rule, inp.customer_rule)
    if inp.record_fixed_rate is not None:
        return _fixed(inp.record_fixed_rate, None)
    for rule in rules:
        if rule is not None and rule.fixed:
            return _fixed(rule.price, rule.internal_price)
    if inp.record_hourly_rate is not None:
        # Typed on the record: no factor, and its own price is the internal one.
        rate = inp.record_hourly_rate
        return _hourly(rate, rate, inp.duration, Decimal(1))
    factor = weekday_factor(inp.end_weekday, inp.factors)
    for rule in rules:
        if rule is not None:
            internal = rule.internal_price if rule.internal_price is not None else rule.price
            return _hourly(rule.price, internal, inp.duration, factor)
    user_rate = inp.user_hourly_rate or ZERO
    internal = inp.user_internal_rate if inp.user_internal_rate is not None else user_rate
    result = _hourly(user_rate, internal, inp.duration, factor)
    if inp.user_hourly_rate is None:
        # No rate anywhere: amount 0 and nothing to store as the hourly rate.
        return RateResult(result.rate, result.internal_rate, None, None)
    return result


__all__ = ["PriceRule", "RateInput", "RateResult", "effective_rule", "weekday_factor",
           "calculate_rate", "money", "parse_money", "FOUR_PLACES", "MAX_MONEY"]
