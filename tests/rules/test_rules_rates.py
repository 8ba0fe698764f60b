from decimal import Decimal as D

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kimai_tui.rules.errors import ValidationError
from kimai_tui.rules.rates import (
    PriceRule, RateInput, calculate_rate, effective_rule, money, parse_money, weekday_factor,
)
from kimai_tui.settings import RateFactor

SATURDAY, MONDAY = 5, 0
WEEKEND = RateFactor("weekend", frozenset({5, 6}), "2.0")


def rate_input(**kw):
    base = dict(duration=3600, end_weekday=MONDAY, record_fixed_rate=None,
                record_hourly_rate=None, activity_rule=None, project_rule=None,
                customer_rule=None, user_hourly_rate=None, user_internal_rate=None)
    base.update(kw)
    return RateInput(**base)


def test_hourly_100_for_half_an_hour():
    r = calculate_rate(rate_input(duration=1800, user_hourly_rate=D(100)))
    assert r.rate == D("50.0000")
    assert r.internal_rate == D("50.0000")
    assert r.hourly_rate == D("100.0000")
    assert r.fixed_rate is None


def test_hourly_75_rounds_to_four_places():
    r = calculate_rate(rate_input(duration=31837, user_hourly_rate=D(75)))
    assert r.rate == D("663.2708")


def test_weekday_factor_applies():
    r = calculate_rate(rate_input(duration=31837, user_hourly_rate=D(75), end_weekday=SATURDAY,
                                  factors=(WEEKEND,)))
    assert r.rate == D("1326.5417")
    assert r.hourly_rate == D("150.0000")  # Kimai stores the factored hourly rate


def test_factor_only_on_end_weekday():
    r = calculate_rate(rate_input(duration=31837, user_hourly_rate=D(75), end_weekday=MONDAY,
                                  factors=(WEEKEND,)))
    assert r.rate == D("663.2708")


def test_factor_never_on_rate_typed_on_record():
    r = calculate_rate(rate_input(duration=3600, record_hourly_rate=D(80), end_weekday=SATURDAY,
                                  factors=(WEEKEND,), user_hourly_rate=D(10)))
    assert r.rate == D("80.0000")
    assert r.hourly_rate == D("80.0000")


def test_factor_on_rule_rate_and_internal():
    rule = PriceRule(D(50), internal_price=D(25))
    r = calculate_rate(rate_input(project_rule=rule, end_weekday=SATURDAY, factors=(WEEKEND,)))
    assert (r.rate, r.internal_rate) == (D(100), D(50))


@pytest.mark.parametrize("kw", [
    dict(user_hourly_rate=D(0)), dict(user_hourly_rate=None), dict(record_hourly_rate=D(0)),
    dict(activity_rule=PriceRule(D(0))), dict(record_fixed_rate=D(0)),
])
def test_rate_zero_gives_zero(kw):
    assert calculate_rate(rate_input(**kw)).rate == D(0)


def test_no_rate_at_all_stores_no_hourly_rate():
    r = calculate_rate(rate_input(user_internal_rate=D(30)))
    assert (r.rate, r.hourly_rate, r.fixed_rate) == (D(0), None, None)
    assert r.internal_rate == D(30)  # the user's costs still count


def test_user_specific_rule_beats_catch_all():
    rules = [PriceRule(D(50), D(25)), PriceRule(D(85), D(45), user_id=7)]
    assert effective_rule(rules, 7) == rules[1]
    assert effective_rule(rules, 8) == rules[0]
    assert effective_rule(list(reversed(rules)), 7) == rules[1]
    assert effective_rule([PriceRule(D(1), user_id=7)], 8) is None
    assert effective_rule([], 8) is None
    r = calculate_rate(rate_input(customer_rule=effective_rule(rules, 7)))
    assert (r.rate, r.internal_rate) == (D(85), D(45))


def test_record_fixed_beats_everything():
    r = calculate_rate(rate_input(record_fixed_rate=D(500),
                                  activity_rule=PriceRule(D(9), fixed=True),
                                  record_hourly_rate=D(3), user_hourly_rate=D(70)))
    assert (r.rate, r.internal_rate, r.fixed_rate, r.hourly_rate) == (D(500), D(500), D(500), None)


def test_activity_fixed_beats_record_hourly():
    r = calculate_rate(rate_input(record_hourly_rate=D(80),
                                  activity_rule=PriceRule(D(200), D(120), fixed=True)))
    assert (r.rate, r.internal_rate, r.fixed_rate) == (D(200), D(120), D(200))


def test_project_fixed_beats_activity_hourly():
    r = calculate_rate(rate_input(activity_rule=PriceRule(D(90)),
                                  project_rule=PriceRule(D(300), fixed=True)))
    assert (r.rate, r.internal_rate, r.fixed_rate) == (D(300), D(300), D(300))


def test_fixed_ignores_duration_and_factor():
    r = calculate_rate(rate_input(duration=99999, customer_rule=PriceRule(D(10), fixed=True),
                                  end_weekday=SATURDAY, factors=(WEEKEND,)))
    assert r.rate == D(10)


@pytest.mark.parametrize("level", ["activity_rule", "project_rule", "customer_rule"])
def test_hourly_levels_before_user_rate(level):
    r = calculate_rate(rate_input(**{level: PriceRule(D(60))}, user_hourly_rate=D(10)))
    assert (r.rate, r.internal_rate) == (D(60), D(60))


def test_hourly_order_activity_project_customer():
    r = calculate_rate(rate_input(activity_rule=PriceRule(D(1)), project_rule=PriceRule(D(2)),
                                  customer_rule=PriceRule(D(3))))
    assert r.rate == D(1)
    r = calculate_rate(rate_input(project_rule=PriceRule(D(2)), customer_rule=PriceRule(D(3))))
    assert r.rate == D(2)


def test_record_hourly_beats_rule_hourly():
    r = calculate_rate(rate_input(record_hourly_rate=D(80), activity_rule=PriceRule(D(90))))
    assert r.rate == D(80)


def test_user_internal_rate():
    r = calculate_rate(rate_input(duration=1800, user_hourly_rate=D(100),
                                  user_internal_rate=D(40)))
    assert (r.rate, r.internal_rate) == (D(50), D(20))


def test_weekday_factor_sums_matching_rules():
    factors = (RateFactor("a", frozenset({5}), "1.5"), RateFactor("b", frozenset({5, 6}), "0.25"))
    assert weekday_factor(5, factors) == D("1.75")
    assert weekday_factor(6, factors) == D("0.25")
    assert weekday_factor(0, factors) == D(1)
    assert weekday_factor(0, ()) == D(1)


@pytest.mark.parametrize("text, value", [("445", "445.0000"), ("445.50", "445.5000"),
                                         ("445,50", "445.5000"), (" 0 ", "0.0000"),
                                         ("1.23456", "1.2346"), ("10000000000", "10000000000")])
def test_parse_money(text, value):
    assert parse_money(text, "rate") == D(value)


@pytest.mark.parametrize("text", ["", "-1", "NaN", "inf", "Infinity", "1e5", "10000000000.01",
                                  "abc", "1.2.3", "١٢", "9" * 30])
def test_parse_money_rejects(text):
    with pytest.raises(ValidationError) as info:
        parse_money(text, "fixed_rate")
    assert info.value.field == "fixed_rate"


def test_money_quantizes_and_refuses_floats():
    assert money("1.00005") == D("1.0001")
    with pytest.raises(TypeError):
        money(1.5)


@given(st.text())
def test_parse_money_raises_only_validation_errors(text):
    try:
        value = parse_money(text, "rate")
    except ValidationError:
        return
    assert D(0) <= value <= D(10) ** 10
