from datetime import datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st
from dateutil import tz

from kimai_tui.rules.errors import ValidationError
from kimai_tui.rules.lockdown import lockdown_period, lockdown_state, may_edit
from kimai_tui.rules.relative_dates import relative_date
from kimai_tui.settings import TimesheetRules

BERLIN = tz.gettz("Europe/Berlin")
NOW = datetime(2024, 3, 15, 14, 23, 11, tzinfo=BERLIN)


def when(*args):
    return datetime(*args, tzinfo=BERLIN)


@pytest.mark.parametrize("text, expected", [
    ("now", when(2024, 3, 15, 14, 23, 11)),
    ("today", when(2024, 3, 15)),
    ("midnight", when(2024, 3, 15)),
    ("yesterday", when(2024, 3, 14)),
    ("tomorrow", when(2024, 3, 16)),
    ("first day of last month", when(2024, 2, 1, 14, 23, 11)),  # PHP keeps the time of day
    ("first day of last month 00:00:00", when(2024, 2, 1)),
    ("last day of last month 23:59:59", when(2024, 2, 29, 23, 59, 59)),
    ("first day of this month 00:00", when(2024, 3, 1)),
    ("last day of this month 23:59:59", when(2024, 3, 31, 23, 59, 59)),
    ("first day of next month", when(2024, 4, 1, 14, 23, 11)),
    ("first day of 00:00", when(2024, 3, 1)),  # PHP: the current month
    ("First Day Of Previous Month", when(2024, 2, 1, 14, 23, 11)),
    ("+10 days", when(2024, 3, 25, 14, 23, 11)),
    ("-3 days", when(2024, 3, 12, 14, 23, 11)),
    ("+2 weeks", when(2024, 3, 29, 14, 23, 11)),
    ("+1 month", when(2024, 4, 15, 14, 23, 11)),
    ("-1 month 00:00", when(2024, 2, 15)),
    ("1 day", when(2024, 3, 16, 14, 23, 11)),
    ("2024-01-05", when(2024, 1, 5)),
    ("2024-01-05 08:30", when(2024, 1, 5, 8, 30)),
    ("00:00:00", when(2024, 3, 15)),
    ("  today 23:59:59 ", when(2024, 3, 15, 23, 59, 59)),
])
def test_relative_date(text, expected):
    assert relative_date(text, NOW) == expected


def test_relative_months_overflow_like_php_but_day_of_does_not():
    jan31 = when(2024, 1, 31, 10, 0)
    assert relative_date("+1 month", jan31) == when(2024, 3, 2, 10, 0)
    assert relative_date("first day of next month", jan31) == when(2024, 2, 1, 10, 0)
    assert relative_date("last day of next month 00:00", jan31) == when(2024, 2, 29)


@pytest.mark.parametrize("text", ["", "someday", "first day", "+10 fortnights", "25:00",
                                  "2024-13-01", "last day of last week", "+99999 years", "1"])
def test_relative_date_rejects(text):
    with pytest.raises(ValidationError) as info:
        relative_date(text, NOW, "lockdown_period_start")
    assert info.value.field == "lockdown_period_start"


LAST_MONTH = TimesheetRules(lockdown_period_start="first day of last month 00:00:00",
                            lockdown_period_end="last day of last month 23:59:59",
                            lockdown_grace_period="+10 days")


def test_no_lockdown_configured():
    assert lockdown_state(when(2000, 1, 1), NOW, TimesheetRules(), BERLIN) == "open"
    assert lockdown_period(TimesheetRules(lockdown_period_start="today"), NOW, BERLIN) is None


def test_period_and_grace():
    start, end, grace = lockdown_period(LAST_MONTH, NOW, BERLIN)
    assert (start, end) == (when(2024, 2, 1), when(2024, 2, 29, 23, 59, 59))
    assert grace == when(2024, 3, 10, 23, 59, 59)


def test_records_after_the_period_are_open():
    assert lockdown_state(when(2024, 3, 1, 8), NOW, LAST_MONTH, BERLIN) == "open"


def test_most_recent_period_open_during_grace_then_grace_state():
    begin = when(2024, 2, 20, 8)
    during_grace = when(2024, 3, 5, 12)
    assert lockdown_state(begin, during_grace, LAST_MONTH, BERLIN) == "open"
    assert lockdown_state(begin, NOW, LAST_MONTH, BERLIN) == "grace"


def test_older_periods_are_locked():
    assert lockdown_state(when(2024, 1, 20, 8), NOW, LAST_MONTH, BERLIN) == "locked"


def test_without_grace_period_the_last_period_needs_the_grace_permission():
    rules = TimesheetRules(lockdown_period_start=LAST_MONTH.lockdown_period_start,
                           lockdown_period_end=LAST_MONTH.lockdown_period_end)
    assert lockdown_state(when(2024, 2, 20, 8), NOW, rules, BERLIN) == "grace"


def test_misconfigured_period_locks_nothing():
    rules = TimesheetRules(lockdown_period_start="today", lockdown_period_end="yesterday")
    assert lockdown_state(when(2024, 3, 14, 8), NOW, rules, BERLIN) == "open"


def test_lockdown_timezone_wins():
    rules = TimesheetRules(lockdown_period_start="first day of last month 00:00:00",
                           lockdown_period_end="last day of last month 23:59:59",
                           lockdown_period_timezone="America/New_York")
    # 2024-03-01 03:00 Berlin is still February 29 in New York: inside the period.
    assert lockdown_state(when(2024, 3, 1, 3), NOW, rules, BERLIN) == "grace"
    assert lockdown_state(when(2024, 3, 1, 7), NOW, rules, BERLIN) == "open"


def test_may_edit():
    assert may_edit("open", frozenset())
    assert not may_edit("grace", frozenset())
    assert may_edit("grace", {"lockdown_grace_timesheet"})
    assert not may_edit("locked", {"lockdown_grace_timesheet"})
    assert may_edit("locked", {"lockdown_override_timesheet"})
    assert may_edit("grace", {"lockdown_override_timesheet"})


def test_utc_now_is_fine():
    now = NOW.astimezone(tz.UTC) + timedelta(0)
    assert lockdown_state(when(2024, 1, 20, 8), now, LAST_MONTH, BERLIN) == "locked"


@given(st.text(max_size=60))
def test_relative_date_raises_only_validation_errors(text):
    try:
        relative_date(text, NOW)
    except ValidationError:
        pass


@given(st.text(alphabet="0123456789+- :dayofmnthlsfirtwk", max_size=40))
def test_relative_date_soup(text):
    try:
        relative_date(text, NOW)
    except ValidationError:
        pass
