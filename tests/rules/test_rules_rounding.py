from datetime import datetime, timedelta

import pytest
from dateutil import tz

from kimai_tui.rules.rounding import apply_rounding
from kimai_tui.settings import RoundingRule

BERLIN = tz.gettz("Europe/Berlin")
KOLKATA = tz.gettz("Asia/Kolkata")
WEEKDAY = datetime(2024, 3, 6, tzinfo=BERLIN)  # a Wednesday


def at(h, m, s=0, day=WEEKDAY, zone=BERLIN):
    return datetime(day.year, day.month, day.day, h, m, s, tzinfo=zone)


def hm(value):
    return value.strftime("%H:%M:%S")


def rule(begin, end, duration, mode="default", days=range(7)):
    return RoundingRule(days=frozenset(days), begin=begin, end=end, duration=duration, mode=mode)


def test_quarter_hours():
    b, e, d = apply_rounding(at(12, 17, 35), at(13, 32, 52), [rule(15, 15, 0)])
    assert (hm(b), hm(e), d) == ("12:15:00", "13:45:00", 5400)


def test_full_minutes_default_rule():
    b, e, d = apply_rounding(at(12, 17, 35), at(13, 32, 52), [RoundingRule()])
    assert (hm(b), hm(e), d) == ("12:17:00", "13:33:00", 4560)


def test_duration_only_rule():
    b, e, d = apply_rounding(at(12, 10, 51), at(14, 40, 52), [rule(0, 0, 30)])
    assert (hm(b), hm(e), d) == ("12:10:51", "14:40:52", 10800)


def test_duration_only_rule_closest():
    b, e, d = apply_rounding(at(12, 10, 51), at(14, 40, 52), [rule(0, 0, 30, "closest")])
    assert (hm(b), hm(e), d) == ("12:10:51", "14:40:52", 9000)


def test_ceil():
    b, e, d = apply_rounding(at(12, 17, 35), at(13, 32, 52), [rule(15, 15, 0, "ceil")])
    assert (hm(b), hm(e), d) == ("12:30:00", "13:45:00", 4500)


def test_floor():
    b, e, d = apply_rounding(at(12, 17, 35), at(13, 32, 52), [rule(15, 15, 10, "floor")])
    assert (hm(b), hm(e)) == ("12:15:00", "13:30:00")
    assert d == 4200  # 75 minutes floored to 10-minute units


def test_exact_multiple_stays():
    b, e, d = apply_rounding(at(12, 15), at(13, 45), [rule(15, 15, 15)])
    assert (hm(b), hm(e), d) == ("12:15:00", "13:45:00", 5400)


def test_seconds_count_when_rounding_minutes():
    b, e, _ = apply_rounding(at(12, 17, 0) + timedelta(microseconds=1), at(13, 0, 0),
                             [rule(1, 1, 0, "ceil")])
    assert hm(b) == "12:18:00"


def test_closest_exact_half_rounds_down():
    b, e, d = apply_rounding(at(12, 7, 30), at(12, 22, 30), [rule(15, 15, 0, "closest")])
    assert (hm(b), hm(e), d) == ("12:00:00", "12:15:00", 900)


SATURDAY = datetime(2024, 3, 9, tzinfo=BERLIN)
WEEKEND = rule(1, 1, 60, "closest", days=[5, 6])


@pytest.mark.parametrize("minutes", [5, 35])
def test_weekend_call_counts_one_hour(minutes):
    begin = at(10, 0, day=SATURDAY)
    _, _, d = apply_rounding(begin, begin + timedelta(minutes=minutes), [WEEKEND])
    assert d == 3600


@pytest.mark.parametrize("mode", ["default", "floor", "ceil", "closest"])
def test_short_duration_never_becomes_zero(mode):
    begin = at(10, 0)
    _, _, d = apply_rounding(begin, begin + timedelta(minutes=5), [rule(0, 0, 60, mode)])
    assert d == 3600


@pytest.mark.parametrize("mode", ["default", "floor", "ceil", "closest"])
def test_zero_stays_zero(mode):
    begin = at(10, 0)
    _, _, d = apply_rounding(begin, begin, [rule(1, 1, 60, mode)])
    assert d == 0


def test_rule_for_other_weekday_does_not_apply():
    begin = at(10, 0)  # Wednesday
    b, e, d = apply_rounding(begin, begin + timedelta(minutes=5), [WEEKEND])
    assert (hm(b), hm(e), d) == ("10:00:00", "10:05:00", 300)


def test_overnight_record_end_weekday_decides():
    friday_night = at(23, 30, day=datetime(2024, 3, 8))
    saturday_morning = at(0, 5, day=SATURDAY)
    _, _, d = apply_rounding(friday_night, saturday_morning, [WEEKEND])
    assert d == 3600
    # ... and the other way: Saturday night into Monday? Sunday into Monday is a weekday.
    sunday_night = at(23, 30, day=datetime(2024, 3, 10))
    monday = at(0, 5, day=datetime(2024, 3, 11))
    _, _, d = apply_rounding(sunday_night, monday, [WEEKEND])
    assert d == 2100


def test_every_matching_rule_applies_in_order():
    begin, end = at(12, 17, 35), at(13, 32, 52)
    b, e, d = apply_rounding(begin, end, [RoundingRule(), rule(15, 15, 0)])
    assert (hm(b), hm(e), d) == ("12:15:00", "13:45:00", 5400)


def test_no_rules_keeps_values():
    b, e, d = apply_rounding(at(12, 17, 35), at(13, 32, 52), [])
    assert (hm(b), hm(e), d) == ("12:17:35", "13:32:52", 4517)


def test_rounds_in_local_time_in_half_hour_zone():
    # 12:17 in Kolkata (UTC+5:30): local rounding to 60 minutes gives 12:00, not 12:30.
    b, e, _ = apply_rounding(at(12, 17, zone=KOLKATA), at(13, 10, zone=KOLKATA),
                             [rule(60, 60, 0)])
    assert (hm(b), hm(e)) == ("12:00:00", "14:00:00")
    assert b.tzinfo is KOLKATA


def test_end_rounded_up_past_midnight():
    _, e, d = apply_rounding(at(23, 0), at(23, 50), [rule(60, 60, 0)])
    assert e == datetime(2024, 3, 7, 0, 0, tzinfo=BERLIN)
    assert d == 3600


def test_dst_duration_is_real_elapsed_time():
    # Berlin springs forward on 2024-03-31 02:00 -> 03:00: 01:00 to 04:00 is two hours.
    day = datetime(2024, 3, 31)
    _, _, d = apply_rounding(at(1, 0, day=day), at(4, 0, day=day), [RoundingRule()])
    assert d == 7200


def test_dst_gap_rounding_moves_past_the_gap():
    day = datetime(2024, 3, 31)
    b, _, _ = apply_rounding(at(3, 10, day=day), at(5, 0, day=day), [rule(120, 1, 0)])
    # 03:10 rounded down to 2 hours is 02:00, which does not exist: the clock shows 03:00.
    assert hm(b) == "03:00:00"
    assert b.utcoffset() == timedelta(hours=2)


def test_dst_fall_back_with_zoneinfo():
    from zoneinfo import ZoneInfo
    berlin = ZoneInfo("Europe/Berlin")
    # 2024-10-27: 03:00 CEST becomes 02:00 CET; 01:50 CEST to 02:50 CET is two hours.
    begin = datetime(2024, 10, 27, 1, 50, tzinfo=berlin)
    end = datetime(2024, 10, 27, 2, 50, fold=1, tzinfo=berlin)
    assert apply_rounding(begin, end, [RoundingRule()])[2] == 7200
    b, e, d = apply_rounding(datetime(2024, 10, 27, 2, 10, fold=1, tzinfo=berlin), end,
                             [rule(15, 15, 0)])
    assert (b.fold, hm(b), hm(e), d) == (1, "02:00:00", "03:00:00", 3600)
