import pytest
from hypothesis import given
from hypothesis import strategies as st

from kimai_tui.rules.durations import (
    MAX_DURATION, DurationError, format_decimal_hours, format_duration, parse_duration,
    parse_optional_duration,
)
from kimai_tui.rules.errors import ValidationError


@pytest.mark.parametrize("text, seconds", [
    ("2:27", 8820), ("3:143:13", 19393), ("12:87:54", 48474),
    ("2h", 7200), ("147m", 8820), ("3h14m13s", 11653), ("1h96m137s", 9497), ("99s", 99),
    ("2H30M", 9000), ("2h 30m", 9000),
    ("3600", 3600), ("8820", 8820),
    ("1.5", 5400), ("8,20", 29520), ("0.0001", 0), ("0.00014", 1),
    ("0", 0), ("0:00", 0), ("00:00", 0), ("  2:30  ", 9000),
    (str(MAX_DURATION), MAX_DURATION),
])
def test_parse_examples(text, seconds):
    assert parse_duration(text) == seconds


@pytest.mark.parametrize("text", [
    "", "   ", "2h3h", "2m3h", "3127::00", ":3127:00", "3127:00:", "13-13", "foo", "1.5h",
    "-2h", "-5", "-1:00", "-1.5", str(MAX_DURATION + 1), "8761:00", "1" * 5000, "١٢",
    "1\x002", "2x", ".", "h", "1:2:3:4",
])
def test_parse_rejects(text):
    with pytest.raises(DurationError) as info:
        parse_duration(text)
    assert info.value.field == "duration"
    assert isinstance(info.value, ValidationError)


def test_message_lists_formats():
    with pytest.raises(DurationError, match=r'"2x" is not a duration \(use 2:30, 2h30m, 9000'):
        parse_duration("2x")


def test_optional_duration():
    assert parse_optional_duration("") is None
    assert parse_optional_duration("  ") is None
    assert parse_optional_duration("0") == 0
    assert parse_optional_duration("1:00") == 3600


@pytest.mark.parametrize("seconds, text", [(9494, "2:38"), (442800, "123:00"), (0, "0:00"),
                                           (59, "0:00"), (3599, "0:59")])
def test_format_duration(seconds, text):
    assert format_duration(seconds) == text


def test_format_decimal_hours():
    assert format_decimal_hours(9437) == "2.62"
    assert format_decimal_hours(0) == "0.00"
    assert format_decimal_hours(5400) == "1.50"


@given(st.text())
def test_parse_never_raises_anything_else(text):
    try:
        seconds = parse_duration(text)
    except DurationError:
        return
    assert 0 <= seconds <= MAX_DURATION


@given(st.text(alphabet="0123456789:.,hmsHMS -+\t\n\x00١", max_size=30))
def test_parse_never_raises_on_near_misses(text):
    try:
        parse_duration(text)
    except DurationError:
        pass


@given(st.integers(min_value=0, max_value=MAX_DURATION))
def test_format_round_trips_to_the_minute(seconds):
    assert parse_duration(format_duration(seconds)) == seconds - seconds % 60


@given(st.integers(0, 2000), st.integers(0, 5000), st.integers(0, 5000))
def test_clock_format_round_trips(h, m, s):
    expected = h * 3600 + m * 60 + s
    if expected <= MAX_DURATION:
        assert parse_duration(f"{h}:{m}:{s}") == expected
        assert parse_duration(f"{h}h{m}m{s}s") == expected
