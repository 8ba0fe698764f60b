"""Times said with a day's name (issue "For support staff", item 5): `yesterday 17:00`,
`monday 9:00` (the most recent Monday, today included), `today`, `tomorrow`, in the CLI and
the TUI alike (both parse with services/inputs.parse_time). "Now": Wed 2026-11-04 09:00 UTC."""

from __future__ import annotations

from datetime import datetime, timezone
from zoneinfo import ZoneInfo

import pytest

from kimai_tui.rules.errors import ValidationError
from kimai_tui.services.inputs import parse_time

NOW = datetime(2026, 11, 4, 9, 0, tzinfo=timezone.utc)  # a Wednesday
BERLIN = ZoneInfo("Europe/Berlin")


@pytest.mark.parametrize("text, expected", [
    ("yesterday 17:00", "2026-11-03 17:00"), ("Yesterday 5pm", "2026-11-03 17:00"),
    ("monday 9:00", "2026-11-02 09:00"), ("mon 9:00", "2026-11-02 09:00"),
    ("wednesday 8:00", "2026-11-04 08:00"),  # today is Wednesday: today
    ("thursday 8:00", "2026-10-29 08:00"),  # the most recent Thursday: last week
    ("sunday", "2026-11-01 00:00"), ("today", "2026-11-04 00:00"),
    ("tomorrow 7:30", "2026-11-05 07:30"), ("today 12:15", "2026-11-04 12:15"),
    ("friday 9", "2026-10-30 09:00"),  # an hour after a day's name, not the 9th
])
def test_days_by_name(text, expected):
    assert parse_time(text, "at", BERLIN, NOW) == datetime.strptime(
        expected, "%Y-%m-%d %H:%M").replace(tzinfo=BERLIN)


@pytest.mark.parametrize("text", ["monkey 9:00", "yesterday soon", "someday", "mondays 9",
                                  "9", "12", "930", "friday 2026-01-09 8:00", "friday 31"])
def test_what_is_not_a_time_says_what_is(text):
    with pytest.raises(ValidationError) as info:
        parse_time(text, "at", BERLIN, NOW)
    assert "yesterday 17:00" in str(info.value) and text in str(info.value)

