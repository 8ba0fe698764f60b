"""Layout snapshots of the calendar's week and month views: fixed data, fixed clock.

Regenerate after an intended change with `pytest tests/tui/test_snapshots_calendar.py
--snapshot-update`, and look at the SVGs before committing them.
"""

from datetime import timedelta

import pytest

from kimai_tui.data import catalogue as catalogue_repo
from kimai_tui.services import timesheets
from kimai_tui.services.record_save import RecordChanges

from tui_support import NOW, app_for, settle


@pytest.fixture
def calendar_app(world):
    ctx, ids = world["ctx"], world["ids"]
    blue = catalogue_repo.create("customer", {"name": "Bluebird", "color": "#3c8dbc"})
    web = catalogue_repo.create("project", {"name": "Website", "customer": blue})
    design = catalogue_repo.create("activity", {"name": "Design", "project": web,
                                                "color": "#8e44ad"})

    def add(project, activity, begin, end, description=""):
        timesheets.create(ctx, RecordChanges(project_id=project, activity_id=activity,
                                             begin=begin, end=end, description=description))

    monday = NOW - timedelta(days=2, hours=9)  # Mon 2026-11-02 00:00 UTC
    add(ids["sla"], ids["support"], monday + timedelta(hours=8),
        monday + timedelta(hours=10, minutes=30), "Printer on 3rd floor")
    add(web, design, monday + timedelta(days=1, hours=9, minutes=15),
        monday + timedelta(days=1, hours=12), "[b]Mockups[/b] for the landing page")
    add(ids["setup"], ids["laptop"], monday + timedelta(days=1, hours=13),
        monday + timedelta(days=1, hours=14))
    add(ids["sla"], ids["support"], monday + timedelta(days=3, hours=22),
        monday + timedelta(days=4, hours=1), "Night call")
    add(web, design, monday + timedelta(days=9, hours=10), monday + timedelta(days=9, hours=11))
    # Running since 07:30 today; the clock says 09:00.
    timesheets.create(ctx, RecordChanges(project_id=ids["setup"], activity_id=ids["laptop"],
                                         begin=NOW - timedelta(hours=1, minutes=30)))
    return app_for(ctx)


def test_week_view(calendar_app, snap_compare):
    async def run_before(pilot):
        await settle(pilot.app, pilot)
        await pilot.press("2")
        await settle(pilot.app, pilot)

    assert snap_compare(calendar_app, terminal_size=(120, 40), run_before=run_before)


def test_month_view(calendar_app, snap_compare):
    async def run_before(pilot):
        await settle(pilot.app, pilot)
        await pilot.press("2", "v")
        await settle(pilot.app, pilot)
        await pilot.press("left")

    assert snap_compare(calendar_app, terminal_size=(120, 40), run_before=run_before)
