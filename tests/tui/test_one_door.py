"""The three divergences of issue 13, each entered through the TUI (keys pressed, Pilot) and
through the command line (in-process), on one database: the same record or the same refusal.

- duration_fixed_begin with default_begin 07:30: a typed 1:30 is 07:30-09:00 in both faces
  (the editor sends the duration; the service computes the end once, from the begin it keeps).
- the start picker: a 300-character tag is refused as the CLI refuses it; a checkbox custom
  field typed `yes` is stored as `1`, as the CLI stores it.
- `project edit --end` before the project's start is refused (exit 1, field end), and the same
  in the project editor.
"""

from __future__ import annotations

from kimai_tui.screens.pickers import StartPicker
from kimai_tui.screens.record_editor import RecordEditor

from door_support import Door, local
from tui_support import app_for, settle


async def pick(pilot, app, text):
    """Open the focused Select, type to find an option, choose it."""
    await pilot.press("enter")
    await settle(app, pilot, 1)
    await pilot.press(*text)
    await pilot.press("enter")
    await settle(app, pilot, 1)


async def new_record_in_editor(door: Door, duration: str) -> None:
    """Press + and fill project Web / activity Dev and the duration (the only time field of
    duration_fixed_begin for a regular user), then Ctrl+S."""
    app = app_for(door.context())
    async with app.run_test(size=(140, 45)) as pilot:
        await settle(app, pilot)
        await pilot.press("+")
        await settle(app, pilot)
        assert isinstance(app.screen, RecordEditor)
        assert app.screen.time_fields == {"duration"}
        await pick(pilot, app, "web")
        await pilot.press("tab")
        await pick(pilot, app, "dev")
        app.screen.query_one("#duration").focus()
        await pilot.press(*duration)
        preview = str(app.screen.query_one("#preview").render())
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert not isinstance(app.screen, RecordEditor)
    return preview


async def test_duration_fixed_begin_stores_the_same_record_in_both_faces(tmp_path, monkeypatch):
    door = Door(tmp_path, monkeypatch, mode="duration_fixed_begin", default_begin="07:30")
    preview = await new_record_in_editor(door, "1:30")
    code, _, err = door.cli("add", "--project", "Web", "--activity", "Dev",
                            "--begin", "2026-11-02 12:00", "--duration", "1:30")
    assert code == 0, err
    tui, cli = door.records()
    assert (local(tui["begin_ts"]), local(tui["end_ts"]), tui["duration"]) == (
        "2026-11-02 07:30", "2026-11-02 09:00", 5400)
    assert tui == cli
    assert "07:30" in preview and "09:00" in preview  # the preview showed what was stored


async def start_in_picker(door: Door, tags: str = "", onsite: str = "") -> None:
    """Press s, type "dev" to find Web / Dev, fill tags and the checkbox field, Enter."""
    app = app_for(door.context())
    async with app.run_test(size=(140, 45)) as pilot:
        await settle(app, pilot)
        await pilot.press("s")
        await settle(app, pilot)
        picker = app.screen
        assert isinstance(picker, StartPicker)
        await pilot.press(*"dev")
        await settle(app, pilot, 1)
        picker.query_one("#tags").value = tags
        picker.query_one("#meta-onsite").value = onsite
        picker.query_one("#query").focus()
        await pilot.press("enter")
        await settle(app, pilot)
        return [str(n.message) for n in app._notifications]


async def test_picker_refuses_a_tag_over_100_characters_as_the_cli_does(tmp_path, monkeypatch):
    door = Door(tmp_path, monkeypatch)
    long_tag = "x" * 300
    notes = await start_in_picker(door, tags=f"ok, {long_tag}")
    code, _, err = door.cli("start", "--project", "Web", "--activity", "Dev",
                            "--tags", f"ok, {long_tag}")
    assert door.records() == []
    assert code == 1 and "error: tags: a tag is at most 100 characters" in err
    assert any("a tag is at most 100 characters" in note for note in notes), notes


async def test_picker_stores_a_checkbox_as_the_cli_does(tmp_path, monkeypatch):
    door = Door(tmp_path, monkeypatch)
    await start_in_picker(door, tags="a, A, b", onsite="yes")
    code, _, err = door.cli("stop")
    assert code == 0, err
    code, _, err = door.cli("start", "--project", "Web", "--activity", "Dev",
                            "--tags", "a, A, b", "--meta", "onsite=yes")
    assert code == 0, err
    tui, cli = door.records()
    assert tui["meta"] == cli["meta"] == {"onsite": "1"}
    assert tui["tags"] == cli["tags"] == ["a", "b"]


def test_project_end_before_its_start_is_refused_by_the_service(tmp_path, monkeypatch):
    door = Door(tmp_path, monkeypatch)
    assert door.cli("project", "edit", "Web", "--start", "2026-01-01", as_user=None)[0] == 0
    code, _, err = door.cli("project", "edit", "Web", "--end", "2025-01-01", as_user=None)
    assert code == 1
    assert err.strip() == ("error: end: the end date 2025-01-01 is before the start date "
                           "2026-01-01")
    assert door.sql("SELECT end_date FROM project WHERE name = 'Web'") == [(None,)]
    code, _, err = door.cli("project", "add", "Late", "--customer", "Acme",
                            "--start", "2026-05-01", "--end", "2026-04-30", as_user=None)
    assert code == 1 and "error: end: the end date 2026-04-30" in err


async def test_project_editor_refuses_an_end_before_the_start(tmp_path, monkeypatch):
    from kimai_tui.screens.entity_editor import EntityEditor

    door = Door(tmp_path, monkeypatch)
    for project in ("Web", "Ops"):
        assert door.cli("project", "edit", project, "--start", "2026-01-01", as_user=None
                        )[0] == 0
    app = app_for(door.context("root"))
    async with app.run_test(size=(140, 45)) as pilot:
        await settle(app, pilot)
        await pilot.press("5")  # projects
        await settle(app, pilot)
        await pilot.press("e")
        await settle(app, pilot)
        editor = app.screen
        assert isinstance(editor, EntityEditor)
        editor.query_one("#f-end-date").focus()
        await pilot.press(*"2025-01-01", "ctrl+s")
        await settle(app, pilot)
        assert isinstance(app.screen, EntityEditor)
        message = str(app.screen.query_one("#error-end").render())
    assert "before the start date" in message
    assert door.sql("SELECT end_date FROM project") == [(None,), (None,)]
