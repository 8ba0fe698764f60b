"""rules.md §Markdown and display: 12-hour clock per user, decimal-hour durations."""

from datetime import datetime

import pytest

from kimai_tui.rules.display import format_clock, format_date_clock, format_hours
from kimai_tui.widgets.calendar_layout import hhmm


@pytest.mark.parametrize("hour, minute, twelve", [
    (0, 5, "12:05 AM"), (9, 0, "9:00 AM"), (12, 0, "12:00 PM"), (13, 30, "1:30 PM"),
    (23, 59, "11:59 PM")])
def test_twelve_hour_clock(hour, minute, twelve):
    moment = datetime(2026, 11, 2, hour, minute, 7)
    assert format_clock(moment, "12h") == twelve
    assert format_clock(moment, "24h") == f"{hour:02d}:{minute:02d}"
    assert hhmm(hour * 60 + minute, "12h") == twelve


def test_seconds_dates_and_decimal_hours():
    moment = datetime(2026, 11, 2, 13, 30, 7)
    assert format_clock(moment, "12h", seconds=True) == "1:30:07 PM"
    assert format_date_clock(moment, "12h") == "2026-11-02 1:30 PM"
    assert format_date_clock(moment) == "2026-11-02 13:30"
    assert format_hours(9437) == "2:37" and format_hours(9437, True) == "2.62"
    assert hhmm(24 * 60, "12h") == "12:00 AM"
