"""Two editors on one record: the last save no longer silently wins (item 3)."""

from __future__ import annotations

import pytest
from textual.widgets import TextArea

from kimai_tui.app import make_app
from kimai_tui.data import db
from kimai_tui.data import users as users_repo
from kimai_tui.rules.errors import Conflict
from kimai_tui.services import catalogue, timesheets
from kimai_tui.services.context import Context
from kimai_tui.services.record_save import RecordChanges
from kimai_tui.settings import KimaiSettings, Settings, TimesheetSettings, TuiSettings

from fault_support import cli, sql


@pytest.fixture
def shared(tmp_path):
    """One database; a lead (maria) and her member (ana) each with a session of their own."""
    path = tmp_path / "k.sqlite"
    url = "sqlite:///" + str(path)
    for step in (["init"], ["user", "add", "maria", "--role", "ROLE_TEAMLEAD"],
                 ["user", "add", "ana"], ["team", "add", "Support", "--lead", "maria",
                                          "--member", "ana"],
                 ["customer", "add", "Acme"], ["project", "add", "Web", "--customer", "Acme"],
                 ["activity", "add", "Dev", "--project", "Web"],
                 ["--as", "ana", "add", "--project", "Web", "--activity", "Dev", "--begin",
                  "2026-11-02 08:00", "--duration", "1:00", "--description", "original"]):
        code, _, err = cli(url, *step)
        assert code == 0, (step, err)
    settings = Settings(kimai=KimaiSettings(timesheet=TimesheetSettings(rounding=())),
                        tui=TuiSettings(refresh_seconds=0.3))
    # One Database object for both sessions: the models are bound to one database per
    # process, and each session's worker threads get connections of their own from it.
    connection = db.connect(url)

    def session(username: str) -> Context:
        return Context(settings, connection, users_repo.by_username(username))

    record_id = sql(path, "SELECT id FROM timesheet")[0][0]
    yield path, session, record_id
    connection.close()


def test_a_save_over_a_newer_version_is_refused_and_writes_nothing(shared):
    path, session, record_id = shared
    ana, maria = session("ana"), session("maria")
    opened = timesheets.get(ana, record_id)
    timesheets.update(maria, record_id, RecordChanges(description="corrected by the lead"),
                      expected_version=opened.version)
    with pytest.raises(Conflict) as info:
        timesheets.update(ana, record_id, RecordChanges(description="ana's own edit"),
                          expected_version=opened.version)
    assert info.value.current.description == "corrected by the lead"
    assert sql(path, "SELECT description FROM timesheet") == [("corrected by the lead",)]


def test_the_command_line_edit_stays_atomic(shared):
    path, session, record_id = shared
    ((before,),) = sql(path, "SELECT version FROM timesheet")
    code, _, err = cli("sqlite:///" + str(path), "--as", "ana", "edit", str(record_id),
                       "--description", "from the shell")
    assert code == 0, err
    assert sql(path, "SELECT description, version FROM timesheet") == [("from the shell",
                                                                        before + 1)]


def test_a_catalogue_entry_has_the_same_protection(shared):
    path, session, _ = shared
    from kimai_tui.services.identity import os_login_name

    root = session(os_login_name())  # the super admin `init` made
    (customer,) = catalogue.find(root, "customer", "Acme")
    catalogue.update(root, "customer", customer.id, {"comment": "first"},
                     expected_version=customer.version)
    with pytest.raises(Conflict):
        catalogue.update(root, "customer", customer.id, {"comment": "second"},
                         expected_version=customer.version)
    assert sql(path, "SELECT comment FROM customer") == [("first",)]


async def _workers_done(app) -> None:
    """Wait for the app's workers; an exclusive load replaced by a newer one (the revision
    poll's reload on a loaded machine) is cancelled, which is not a failure."""
    from textual.worker import WorkerCancelled

    try:
        await app.workers.wait_for_complete()
    except WorkerCancelled:
        pass


async def _open_editor(app, pilot, record_id: int):
    from kimai_tui.screens.record_editor import RecordEditor

    await pilot.pause()
    await _workers_done(app)
    record = timesheets.get(app.ctx, record_id)
    await app.push_screen(RecordEditor(app.ctx, record))
    await pilot.pause()
    await _workers_done(app)
    await pilot.pause()
    return app.screen


async def _settle(app, pilot, until, rounds: int = 50):
    for _ in range(rounds):
        await _workers_done(app)
        await pilot.pause(0.05)
        if until():
            return


@pytest.mark.parametrize("choice", ["o", "r", "escape"])
async def test_two_editors_on_one_record(shared, choice):
    """maria (lead) and ana both open ana's record; maria saves first. ana's save shows what
    changed and lets her overwrite, reload, or keep editing; nothing is silently lost."""
    path, session, record_id = shared
    lead_app, member_app = make_app(session("maria")), make_app(session("ana"))
    async with lead_app.run_test(size=(100, 34)) as lead, \
            member_app.run_test(size=(100, 34)) as member:
        lead_editor = await _open_editor(lead_app, lead, record_id)
        member_editor = await _open_editor(member_app, member, record_id)
        lead_editor.query_one("#description", TextArea).text = "corrected by the lead"
        await lead.press("ctrl+s")
        await _settle(lead_app, lead, lambda: lead_app.screen is not lead_editor)
        assert sql(path, "SELECT description FROM timesheet") == [("corrected by the lead",)]

        member_editor.query_one("#description", TextArea).text = "ana's own words"
        await member.press("ctrl+s")
        await _settle(member_app, member,
                      lambda: type(member_app.screen).__name__ == "ConflictDialog")
        dialog = member_app.screen
        assert type(dialog).__name__ == "ConflictDialog"
        assert "description" in " ".join(str(w.render()) for w in dialog.query("Label"))
        await member.press(choice)
        await _settle(member_app, member, lambda: member_app.screen is not dialog)
        stored = sql(path, "SELECT description FROM timesheet")[0][0]
        if choice == "o":  # overwrite: ana's edit wins, knowingly
            await _settle(member_app, member, lambda: member_app.screen is not member_editor)
            assert sql(path, "SELECT description FROM timesheet") == [("ana's own words",)]
        elif choice == "r":  # reload: the editor now shows the lead's version
            assert stored == "corrected by the lead"
            editor = member_app.screen
            assert editor is not member_editor
            assert editor.query_one("#description", TextArea).text == "corrected by the lead"
        else:  # keep editing: her text is still in the form, nothing written
            assert stored == "corrected by the lead"
            assert member_app.screen is member_editor
            assert member_editor.query_one("#description", TextArea).text == "ana's own words"
