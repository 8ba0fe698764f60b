"""Restricted sessions in the TUI (Pilot): the export dialog, links, screenshots, crashes."""

from __future__ import annotations

import os
import stat

import pytest

from kimai_tui.app import make_app
from kimai_tui.data import db
from kimai_tui.data import users as users_repo
from kimai_tui.services.context import Context
from kimai_tui.settings import (KimaiSettings, SecuritySettings, Settings, TimesheetSettings,
                                TuiSettings)


@pytest.fixture
def session(forced):
    """alice's restricted TUI session over the forced database, with an export directory."""
    def make(export_directory: bool = True, restricted: bool = True):
        settings = Settings(
            security=SecuritySettings(
                export_directory=str(forced.exports) if export_directory else None),
            kimai=KimaiSettings(timesheet=TimesheetSettings(rounding=())),
            tui=TuiSettings(refresh_seconds=0.3))
        database = db.connect("sqlite:///" + str(forced.db_file))
        opened.append(database)
        return Context(settings, database, users_repo.by_username("alice"),
                       restricted=restricted)

    opened: list = []
    yield make
    for database in opened:
        database.close()


async def _open_export(app, pilot):
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.press("X")
    await pilot.pause()
    return app.screen


async def test_the_export_dialog_offers_no_path_and_shows_the_ssh_command(session, forced):
    ctx = session()
    app = make_app(ctx)
    async with app.run_test(size=(100, 30)) as pilot:
        dialog = await _open_export(app, pilot)
        assert type(dialog).__name__ == "ExportDialog"
        assert not dialog.query("#path")  # nothing to type a path into
        command = str(dialog.query_one("#ssh-command").render())
        assert command.startswith("ssh ") and " export " in command
        assert "--from" in command and command.endswith("> kimai-export.csv")
        await pilot.press("ctrl+s")
        await app.workers.wait_for_complete()
        await pilot.pause()
    files = list(forced.exports.iterdir())
    assert len(files) == 1 and files[0].name.startswith("alice-")
    assert stat.S_IMODE(files[0].stat().st_mode) == 0o600
    assert files[0].read_text().startswith("Date,")
    assert forced.keys.read_text() == "ssh-ed25519 AAAA-the-admins-key alice\n"


async def test_without_an_export_directory_nothing_is_saved(session, forced):
    app = make_app(session(export_directory=False))
    async with app.run_test(size=(80, 24)) as pilot:
        dialog = await _open_export(app, pilot)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "ssh command above" in str(dialog.query_one("#error-path").render())
        assert app.screen is dialog
    assert list(forced.exports.iterdir()) == []


async def test_a_link_opens_no_browser_in_a_restricted_session(session, monkeypatch):
    """Finding 2: a Markdown link in the editor opened a browser on the server."""
    import webbrowser

    opened = []
    monkeypatch.setattr(webbrowser, "open", lambda *a, **k: opened.append(a))
    app = make_app(session())
    async with app.run_test(size=(80, 24)) as pilot:
        app.open_url("https://attacker.example/")
        await pilot.pause()
        assert opened == []
        assert any("not opened" in str(n.message) for n in app._notifications)


async def test_no_screenshot_command_in_a_restricted_session(session):
    app = make_app(session())
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        titles = [c.title for c in app.get_system_commands(app.screen)]
        assert "Screenshot" not in titles and "Quit" in titles
        assert app.deliver_screenshot() is None
    unrestricted = make_app(session(restricted=False))
    async with unrestricted.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert "Screenshot" in [c.title for c in unrestricted.get_system_commands(
            unrestricted.screen)]


async def test_an_unexpected_error_shows_one_line_and_logs_privately(session, forced,
                                                                     monkeypatch, capsys):
    """Finding 8: Textual's crash report printed local variables (the database password)."""
    monkeypatch.setenv("XDG_STATE_HOME", str(forced.dir / "state"))
    app = make_app(session())
    secret = "postgresql://kimai:Sup3rSecret@db.example/kimai"
    with pytest.raises(RuntimeError):
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()

            def boom():
                url = secret  # noqa: F841  (a local a traceback with locals would show)
                raise RuntimeError("broken")

            app.call_later(boom)
            await pilot.pause()
    assert app.return_code == 5
    shown = capsys.readouterr().err.replace("\n", "")  # printed as the app ended
    assert shown.startswith("error: internal: unexpected error (RuntimeError: broken)")
    assert "Traceback" not in shown and "Sup3rSecret" not in shown
    log = forced.dir / "state" / "kimai-tui" / "errors.log"
    assert "Sup3rSecret" not in log.read_text() and "RuntimeError" in log.read_text()
    assert stat.S_IMODE(os.stat(log).st_mode) == 0o600
