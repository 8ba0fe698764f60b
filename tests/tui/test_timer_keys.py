"""Start, stop, switch and restart from recents, pressing the keys a user would."""

from datetime import timedelta

from kimai_tui.data import timesheets as records_repo
from kimai_tui.queries import RecordFilter
from kimai_tui.services import timesheets
from kimai_tui.services.record_save import RecordChanges
from kimai_tui.widgets.active_bar import ActiveBar

from tui_support import NOW, app_for, settle


def all_records():
    return records_repo.page(RecordFilter(), 100)


async def test_start_from_the_picker(world):
    app = app_for(world["ctx"])
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("s")
        await settle(app, pilot)
        await pilot.press(*"laptop")
        await pilot.press("tab")  # to the description (the list of choices takes no focus)
        await pilot.press(*"new starter")
        await pilot.press("tab")
        await pilot.press(*"onsite")
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        bar = str(app.screen.query_one(ActiveBar).render())
        assert "Kaesim SLA IT Support / Laptop Setup" in bar
    records = all_records()
    assert len(records) == 1
    assert records[0].running
    assert records[0].activity_id == world["ids"]["laptop"]
    assert records[0].description == "new starter"
    assert records[0].tags == ("onsite",)


async def test_stop_key_stops_the_running_record(world):
    ctx, clock = world["ctx"], world["clock"]
    record, _ = timesheets.start(ctx, RecordChanges(project_id=world["ids"]["sla"],
                                                    activity_id=world["ids"]["support"]))
    clock.now = NOW + timedelta(minutes=30)
    app = app_for(ctx)
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("x")
        await settle(app, pilot)
    stopped = records_repo.get(record.id)
    assert stopped.end is not None and stopped.duration == 1800
    assert stopped.rate == 50  # user's hourly rate 100 for half an hour


async def test_switch_stops_and_starts_at_the_same_instant(world):
    ctx, clock = world["ctx"], world["clock"]
    first, _ = timesheets.start(ctx, RecordChanges(project_id=world["ids"]["sla"],
                                                   activity_id=world["ids"]["support"]))
    clock.now = NOW + timedelta(minutes=20)
    app = app_for(ctx)
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("w")
        await settle(app, pilot)
        await pilot.press(*"laptop", "enter")
        await settle(app, pilot)
    old = records_repo.get(first.id)
    running = records_repo.running(world["ids"]["user"])
    assert len(running) == 1 and running[0].activity_id == world["ids"]["laptop"]
    assert old.end == running[0].begin == NOW + timedelta(minutes=20)


async def test_restart_from_recent_activities(world):
    ctx, clock = world["ctx"], world["clock"]
    timesheets.create(ctx, RecordChanges(project_id=world["ids"]["setup"],
                                         activity_id=world["ids"]["laptop"],
                                         begin=NOW - timedelta(hours=3),
                                         end=NOW - timedelta(hours=2)))
    app = app_for(ctx)
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("a")
        await settle(app, pilot)
        await pilot.press("enter")
        await settle(app, pilot)
    running = records_repo.running(world["ids"]["user"])
    assert len(running) == 1 and running[0].activity_id == world["ids"]["laptop"]
    assert running[0].begin == NOW


async def test_a_record_started_with_the_command_line_appears(world, tmp_path):
    import os
    import subprocess
    import sys

    from kimai_tui.data import users as users_repo
    from kimai_tui.services.identity import os_login_name
    from kimai_tui.widgets.record_table import RecordTable

    ctx = world["ctx"]
    users_repo.create({"username": os_login_name(), "roles": "ROLE_SUPER_ADMIN"})
    config = tmp_path / "cli.yaml"
    config.write_text("kimai: {timesheet: {rounding: {}}}\n")
    app = app_for(ctx)
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("t")  # this week (the view opens on recent work, by day)
        await settle(app, pilot)
        table = app.screen.query_one(RecordTable)
        assert table.total == 0
        # Another process, the command line, starts a record for alice on the same database.
        subprocess.run([sys.executable, "-m", "kimai_tui.cli.main", "--config", str(config),
                        "--database", "sqlite:///" + str(tmp_path / "k.sqlite"),
                        "--as", "alice", "start", "--project", "Koruna SLA",
                        "--activity", "User Support", "--at", "2026-11-04 08:30"],
                       check=True, capture_output=True, cwd=tmp_path,
                       env={**os.environ, "XDG_CONFIG_HOME": str(tmp_path)})
        # The refresh interval is 0.3 s here; allow for a loaded CI machine.
        for _ in range(50):
            await pilot.pause(0.1)
            if table.total == 1 and app.running and "Koruna SLA" in str(
                    app.screen.query_one(ActiveBar).render()):
                break
        assert table.total == 1
        assert "Koruna SLA / User Support" in str(app.screen.query_one(ActiveBar).render())
