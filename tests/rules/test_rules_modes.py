from datetime import date, datetime

import pytest
from dateutil import tz

from kimai_tui.rules.errors import ValidationError
from kimai_tui.rules.modes import (
    calendar_selection_enabled, fixed_begin, form_fields, may_edit_times, normalize_mode,
    shows_times,
)

BERLIN = tz.gettz("Europe/Berlin")


@pytest.mark.parametrize("name, mode", [
    ("default", "default"), ("punch", "punch"), ("time_clock", "punch"),
    ("duration_only", "duration_only"), ("duration_fixed_begin", "duration_fixed_begin"),
    ("duration_fixed_start", "duration_fixed_begin"), (" Punch ", "punch"),
])
def test_normalize(name, mode):
    assert normalize_mode(name) == mode


def test_unknown_mode():
    with pytest.raises(ValidationError, match="duration_only"):
        normalize_mode("stopwatch")


@pytest.mark.parametrize("mode, fields", [
    ("default", {"begin", "end", "duration"}),
    ("punch", set()),
    ("time_clock", set()),
    ("duration_only", {"begin", "duration"}),
    ("duration_fixed_begin", {"duration"}),
])
def test_regular_user_form_fields(mode, fields):
    assert form_fields(mode, can_edit_other=False) == fields


@pytest.mark.parametrize("mode", ["default", "punch", "duration_only", "duration_fixed_begin"])
def test_edit_other_always_has_all_fields(mode):
    assert form_fields(mode, can_edit_other=True) == {"begin", "end", "duration"}
    assert shows_times(mode, can_edit_other=True)
    assert may_edit_times(mode, own_record=False, can_edit_other_timesheet=True)


def test_may_edit_times():
    assert may_edit_times("default", True, False)
    assert not may_edit_times("punch", True, False)
    assert may_edit_times("duration_only", True, False)
    assert not may_edit_times("default", False, False)


def test_tables_show_date_and_duration_only_in_duration_modes():
    assert shows_times("default", False) and shows_times("punch", False)
    assert not shows_times("duration_only", False)
    assert not shows_times("duration_fixed_begin", False)


def test_calendar_selection_off_in_punch():
    assert not calendar_selection_enabled("punch")
    assert calendar_selection_enabled("default")


def test_fixed_begin_time_of_day():
    now = datetime(2024, 5, 6, 15, 42, 10, tzinfo=BERLIN)
    assert fixed_begin(date(2024, 5, 3), "07:30", now, BERLIN) == \
        datetime(2024, 5, 3, 7, 30, tzinfo=BERLIN)


def test_fixed_begin_now():
    now = datetime(2024, 5, 6, 13, 42, 10, tzinfo=tz.UTC)
    assert fixed_begin(date(2024, 5, 3), "now", now, BERLIN) == \
        datetime(2024, 5, 3, 15, 42, 10, tzinfo=BERLIN)


@pytest.mark.parametrize("text", ["25:00", "7", "soon", "07:60"])
def test_fixed_begin_rejects(text):
    with pytest.raises(ValidationError):
        fixed_begin(date(2024, 5, 3), text, datetime(2024, 5, 6, tzinfo=BERLIN), BERLIN)
