from datetime import date, datetime, timedelta

from dateutil import tz

from kimai_tui.rules.validation import (
    check_activity_matches, check_hidden, check_project_dates, check_required, merge,
    validate_overlap, validate_times,
)
from kimai_tui.settings import TimesheetRules

BERLIN = tz.gettz("Europe/Berlin")
NOW = datetime(2024, 5, 6, 12, 0, tzinfo=BERLIN)
DEFAULT = TimesheetRules()


def at(h, m=0, day=6):
    return datetime(2024, 5, day, h, m, tzinfo=BERLIN)


def test_begin_required():
    assert "begin" in validate_times(None, None, NOW, DEFAULT)


def test_end_not_before_begin():
    assert "end" in validate_times(at(10), at(9), NOW, DEFAULT)
    assert validate_times(at(10), at(10), NOW, DEFAULT) == {}
    assert validate_times(at(10), None, NOW, DEFAULT) == {}


def test_future_times():
    assert validate_times(at(13), at(14), NOW, DEFAULT) == {}
    rules = TimesheetRules(allow_future_times=False)
    errors = validate_times(at(13), at(14), NOW, rules)
    assert "begin" in errors and "end" in errors
    assert "end" in validate_times(at(11), at(12, 1), NOW, rules)
    assert validate_times(at(11), at(12, 1), NOW, rules, future_tolerance=60) == {}
    assert validate_times(at(11), at(12), NOW, rules) == {}
    assert "begin" in validate_times(at(13), None, NOW, rules)


def test_zero_duration():
    assert validate_times(at(10), at(10), NOW, DEFAULT) == {}
    rules = TimesheetRules(allow_zero_duration=False)
    assert "duration" in validate_times(at(10), at(10), NOW, rules)
    assert validate_times(at(10), at(10), NOW, rules, duration=60) == {}


def test_long_running():
    rules = TimesheetRules(long_running_duration=480)
    assert validate_times(at(8), at(16), NOW, rules) == {}
    errors = validate_times(at(8), at(16, 1), NOW, rules)
    assert "8:00" in errors["duration"][0]


def test_more_than_a_year_always_refused():
    begin = at(8) - timedelta(days=366)
    assert "duration" in validate_times(begin, at(8), NOW, DEFAULT)


def test_overlap_touching_is_fine():
    others = [(at(8), at(10)), (at(12), at(13))]
    assert validate_overlap(at(10), at(12), others) == {}
    assert "begin" in validate_overlap(at(9, 59), at(11), others)
    assert "begin" in validate_overlap(at(11), at(12, 1), others)
    assert "begin" in validate_overlap(at(7), at(14), others)


def test_overlap_with_running_records():
    assert "begin" in validate_overlap(at(15), at(16), [(at(14), None)])
    assert validate_overlap(at(12), at(14), [(at(14), None)]) == {}
    assert "begin" in validate_overlap(at(9), None, [(at(8), at(10))])
    assert validate_overlap(at(10), None, [(at(8), at(10))]) == {}


def test_hidden_entities():
    assert check_hidden(True, True, False, True) == {
        "project": ["Cannot start a disabled project."]}
    errors = check_hidden(True, False, False, False)
    assert set(errors) == {"customer", "project", "activity"}
    assert check_hidden(False, False, False, False) == {}  # a stopped record stays editable
    assert check_hidden(True, True, True, True) == {}


def test_activity_matches_project():
    assert check_activity_matches(1, 1, False) == {}
    assert "activity" in check_activity_matches(1, 2, True)
    assert check_activity_matches(1, None, True) == {}
    assert "activity" in check_activity_matches(1, None, False)


def test_required():
    assert set(check_required(None, None)) == {"project", "activity"}
    assert check_required(1, 2) == {}


def test_project_dates():
    start, end = date(2024, 5, 1), date(2024, 5, 31)
    assert check_project_dates(at(8), at(9), start, end) == {}
    assert check_project_dates(at(8), at(9), None, None) == {}
    assert "begin" in check_project_dates(datetime(2024, 4, 30, 23, 0, tzinfo=BERLIN), at(9),
                                          start, end)
    assert "end" in check_project_dates(at(8), datetime(2024, 6, 1, 0, 30, tzinfo=BERLIN),
                                        start, end)
    assert check_project_dates(datetime(2024, 5, 31, 23, 0, tzinfo=BERLIN), None, start, end) == {}


def test_merge():
    assert merge({"a": ["1"]}, {"a": ["2"], "b": ["3"]}) == {"a": ["1", "2"], "b": ["3"]}
