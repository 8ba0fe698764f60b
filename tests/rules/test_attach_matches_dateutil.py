"""`timeutil.attach` moves a wall time in a DST gap forward exactly as dateutil's
resolve_imaginary does (our own few lines spare the command line importing dateutil.tz)."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from dateutil import tz

from kimai_tui.rules.timeutil import attach

ZONES = ["Europe/Berlin", "America/New_York", "Australia/Lord_Howe", "America/St_Johns",
         "Pacific/Apia", "America/Santiago", "Asia/Kolkata"]


@pytest.mark.parametrize("name", ZONES)
def test_every_quarter_hour_of_a_year_agrees(name):
    zone = ZoneInfo(name)
    wall = datetime(2026, 1, 1)
    while wall.year == 2026:
        for fold in (0, 1):
            ours = attach(wall, zone, fold)
            theirs = tz.resolve_imaginary(wall.replace(tzinfo=zone, fold=fold))
            assert (ours, ours.replace(tzinfo=None)) == (theirs, theirs.replace(tzinfo=None)), wall
        wall += timedelta(minutes=15)


def test_a_time_in_the_spring_gap_moves_past_it():
    moved = attach(datetime(2026, 3, 29, 2, 30), ZoneInfo("Europe/Berlin"))
    assert moved.isoformat() == "2026-03-29T03:30:00+02:00"
    half_hour = attach(datetime(2026, 10, 4, 2, 10), ZoneInfo("Australia/Lord_Howe"))
    assert half_hour.isoformat() == "2026-10-04T02:40:00+11:00"
