"""Typed messages between the service workers and the screens (issue 13, item 4): a write
reloads the screen once (the revision poll knows the write is the app's own), a write made
elsewhere reloads once, a screen shown again catches up, and an unexpected error in a worker
is said in one line and never ends the app."""

from __future__ import annotations

from kimai_tui import domain
from kimai_tui.messages import EVERYTHING, Change, change_of
from kimai_tui.screens.pickers import StartPicker
from kimai_tui.screens.timesheet import TimesheetScreen
from kimai_tui.services import timesheets
from kimai_tui.services.record_save import RecordChanges

from tui_support import app_for, settle


def count_reloads(monkeypatch, screen_class=TimesheetScreen) -> list:
    calls: list = []
    original = screen_class.reload

    def counting(self):
        calls.append(self)
        return original(self)

    monkeypatch.setattr(screen_class, "reload", counting)
    return calls


async def wait_polls(app, pilot, seconds: float = 1.2) -> None:
    """Let the revision poll (every 0.3 s in tui_support) run a few times."""
    await pilot.pause(seconds)
    await settle(app, pilot)


def start_changes(world) -> RecordChanges:
    return RecordChanges(project_id=world["ids"]["sla"], activity_id=world["ids"]["support"])


async def test_a_start_from_the_picker_reloads_the_timesheet_once(world, monkeypatch):
    reloads = count_reloads(monkeypatch)
    app = app_for(world["ctx"])
    async with app.run_test(size=(140, 45)) as pilot:
        await wait_polls(app, pilot)
        before = len(reloads)
        await pilot.press("s")
        await settle(app, pilot)
        assert isinstance(app.screen, StartPicker)
        await pilot.press(*"support", "enter")
        await wait_polls(app, pilot)
        assert app.running, "the record started"
        assert len(reloads) - before == 1  # not twice: the poll saw the app's own write
        revision = app._revision
    (record,) = timesheets.running(world["ctx"])
    assert record.activity_id == world["ids"]["support"]
    assert revision is not None


async def test_a_write_made_elsewhere_reloads_once(world, monkeypatch):
    reloads = count_reloads(monkeypatch)
    app = app_for(world["ctx"])
    async with app.run_test(size=(140, 45)) as pilot:
        await wait_polls(app, pilot)
        before = len(reloads)
        timesheets.start(world["ctx"], start_changes(world))  # as the command line would
        await wait_polls(app, pilot)
        assert len(reloads) - before == 1
        assert app.running


async def test_a_covered_mode_reloads_when_shown_again(world, monkeypatch):
    reloads = count_reloads(monkeypatch)
    app = app_for(world["ctx"])
    async with app.run_test(size=(140, 45)) as pilot:
        await wait_polls(app, pilot)
        await pilot.press("2")  # the calendar; the timesheet is not shown
        await settle(app, pilot)
        before = len(reloads)
        app.call_service(lambda: timesheets.start(world["ctx"], start_changes(world)))
        await wait_polls(app, pilot)
        assert len(reloads) == before  # not on display: nothing to redraw
        await pilot.press("1")
        await settle(app, pilot)
        assert len(reloads) - before == 1


async def test_an_unexpected_error_in_a_service_call_keeps_the_app(world, tmp_path,
                                                                   monkeypatch):
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    errors = []
    app = app_for(world["ctx"])
    async with app.run_test(size=(140, 45)) as pilot:
        await settle(app, pilot)
        app.call_service(lambda: 1 / 0, "Saved", on_error=errors.append)
        await settle(app, pilot)
        assert app.is_running
        assert [e.message for e in errors] == [
            "not saved: an unexpected error (see the error log)"]
        assert app.internal_errors == 1
        assert any("ZeroDivisionError" in str(n.message) for n in app._notifications)
        await pilot.press("s")  # still answering keys
        await settle(app, pilot)
        assert isinstance(app.screen, StartPicker)
    assert app.internal_errors == 1  # run_app's exit status will say a bug was met (5)


async def test_an_unexpected_error_in_any_worker_keeps_the_app(world, tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    app = app_for(world["ctx"])
    async with app.run_test(size=(140, 45)) as pilot:
        await settle(app, pilot)

        def boom():
            raise RuntimeError("a bug in a loader")

        app.run_worker(boom, thread=True)
        await pilot.pause(0.3)
        await settle(app, pilot)
        assert app.is_running
        assert app.internal_errors == 1


def test_the_change_of_a_result():
    record = domain.Record(id=1, user_id=7, username="a", customer_id=1, customer="c",
                           project_id=1, project="p", activity_id=1, activity="x", begin=None,
                           end=None, timezone="UTC", duration=0, description="", tags=(),
                           billable=True, exported=False, currency="EUR", hourly_rate=None,
                           fixed_rate=None, rate=0, internal_rate=0)
    assert change_of(record) == Change("records", frozenset({7}))
    assert change_of((record, [])) == Change("records", frozenset({7}))
    assert change_of([record]) == Change("records", frozenset({7}))
    customer = domain.Customer(id=3, name="Acme")
    assert change_of(customer) == Change("catalogue", entity="customer", entity_id=3)
    assert change_of(None) == EVERYTHING
    assert change_of(3) == EVERYTHING
