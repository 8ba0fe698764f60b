"""One input, two faces, one result (issue 13, item 5).

Each case is typed into the TUI's record editor (keys pressed through Pilot: `+`, the project
and activity chosen by typing, the fields filled, Ctrl+S) or its start picker (`s`), and given
to the command line (`add` / `start`, in-process) on the same database, as the same user, with
the same kimai.yaml and clock. Both must store the identical record, or refuse with the same
message on the same field and write nothing.

The cases cover every duration format, the tracking modes, every custom-field type, tags at
the limits, projects by name and by #ID, and bad values of each field.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest

from kimai_tui.screens.pickers import StartPicker
from kimai_tui.screens.record_editor import RecordEditor

from door_support import Door
from tui_support import app_for, settle

TAG_100 = "t" * 100
TAG_101 = "u" * 101


@dataclass
class Case:
    """What the person types. `project_ref`: how the CLI names the project (the editor
    always picks it from its list by typing its name)."""

    begin: str | None = "2026-11-02 08:00"
    end: str | None = None
    duration: str | None = "1:30"
    description: str = ""
    tags: str = ""
    meta: dict[str, str] = field(default_factory=dict)
    project: str = "Web"
    activity: str = "Dev"
    project_ref: str | None = None
    mode: str = "default"
    default_begin: str = "now"
    face: str = "editor"  # or "picker" (start now)


CASES = {
    # every duration format of rules.md §Durations
    "duration h:mm": Case(duration="2:30"),
    "duration h:mm:ss": Case(duration="2:30:15"),
    "duration overflowing minutes": Case(duration="3:143:13"),
    "duration 2h30m": Case(duration="2h30m"),
    "duration minutes": Case(duration="150m"),
    "duration h m s": Case(duration="3h14m13s"),
    "duration seconds": Case(duration="9000"),
    "duration decimal point": Case(duration="2.5"),
    "duration decimal comma": Case(duration="8,20"),
    "duration bad": Case(duration="2h3h"),
    "duration words": Case(duration="two hours"),
    "duration zero": Case(duration="0:00"),
    "duration over a year": Case(duration="9000:00"),
    # begin and end
    "begin and end": Case(end="2026-11-02 10:15", duration=None),
    "end as a clock time": Case(end="10:15", duration=None),
    "begin with an offset": Case(begin="2026-11-02T08:00:00+02:00"),
    "begin relative": Case(begin="-3h"),
    "begin today's clock": Case(begin="07:45"),
    "begin bad": Case(begin="yesterday-ish"),
    "begin in the future": Case(begin="2026-11-03 08:00"),
    "end before begin": Case(end="2026-11-02 07:00", duration=None),
    "end in the future": Case(end="2026-11-02 13:00", duration=None),
    "end bad": Case(end="half past", duration=None),
    "running (no end, no duration)": Case(duration=None),
    # tracking modes
    "duration_only": Case(mode="duration_only", duration="45m"),
    "duration_only bad duration": Case(mode="duration_only", duration="45x"),
    "duration_fixed_begin 07:30": Case(mode="duration_fixed_begin", default_begin="07:30",
                                       begin=None, duration="1:30"),
    "duration_fixed_begin now": Case(mode="duration_fixed_begin", begin=None,
                                     duration="0:45"),
    "punch: start now (picker)": Case(mode="punch", face="picker", begin=None,
                                      duration=None, description="clocked in"),
    # names
    "project by name in another case": Case(project="Web", project_ref="web"),
    "project by #ID": Case(project_ref="#1"),
    "other customer's project, global activity": Case(project="Ops", activity="Support"),
    # text
    "description": Case(description="printer on floor 3, [bold]not bold[/]"),
    "description with a bidi override": Case(description="rtl \u202e here"),
    # tags at the limits
    "tags": Case(tags="alpha, beta"),
    "tags repeated in another case": Case(tags="Alpha, alpha, ALPHA, beta"),
    "tags empty items": Case(tags=" , alpha, ,"),
    "tag of 100 characters": Case(tags=f"ok, {TAG_100}"),
    "tag of 101 characters": Case(tags=f"ok, {TAG_101}"),
    "picker tag of 101 characters": Case(face="picker", begin=None, duration=None,
                                         tags=TAG_101),
    # every custom-field type
    "string field": Case(meta={"location": "Room 4"}),
    "checkbox yes": Case(meta={"onsite": "yes"}),
    "checkbox no": Case(meta={"onsite": "no"}),
    "checkbox 1": Case(meta={"onsite": "1"}),
    "checkbox bad": Case(meta={"onsite": "maybe"}),
    "integer field": Case(meta={"pieces": "12"}),
    "date field": Case(meta={"due": "2026-12-01"}),
    "all fields": Case(meta={"location": "HQ", "onsite": "on", "pieces": "3",
                             "due": "2026-11-30"}, tags="x, y", description="all"),
    "picker custom fields": Case(face="picker", begin=None, duration=None,
                                 meta={"onsite": "true", "location": "desk"}),
    "picker checkbox bad": Case(face="picker", begin=None, duration=None,
                                meta={"onsite": "perhaps"}),
}


def cli_args(case: Case) -> list[str]:
    if case.face == "picker":
        args = ["start", "--project", case.project_ref or case.project,
                "--activity", case.activity]
    else:
        begin = case.begin if case.begin is not None else "2026-11-02 12:00"  # the day
        args = ["add", "--project", case.project_ref or case.project,
                "--activity", case.activity, "--begin", begin]
        if case.end is not None:
            args += ["--end", case.end]
        if case.duration is not None:
            args += ["--duration", case.duration]
    if case.description:
        args += ["--description", case.description]
    if case.tags:
        args += ["--tags", case.tags]
    for name, value in case.meta.items():
        args += ["--meta", f"{name}={value}"]
    return args


def cli_errors(err: str) -> dict[str, str]:
    """`error: FIELD: MESSAGE` lines as {field: messages joined by a space}."""
    out: dict[str, list[str]] = {}
    for line in err.strip().splitlines():
        assert line.startswith("error: "), err
        fieldname, _, message = line[len("error: "):].partition(": ")
        out.setdefault(fieldname, []).append(message)
    return {k: " ".join(v) for k, v in out.items()}


async def pick(pilot, app, text: str) -> None:
    await pilot.press("enter")
    await settle(app, pilot, 1)
    await pilot.press(*text.lower())
    await pilot.press("enter")
    await settle(app, pilot, 1)


async def type_into(pilot, widget, text: str) -> None:
    widget.focus()
    await pilot.press("ctrl+a", "ctrl+k")
    if text:
        await pilot.press(*text)


async def through_editor(app, pilot, case: Case, shown: list) -> None:
    await pilot.press("+")
    await settle(app, pilot)
    editor = app.screen
    assert isinstance(editor, RecordEditor)
    await pick(pilot, app, case.project)
    await pilot.press("tab")
    await pick(pilot, app, case.activity)
    for name in ("begin", "end", "duration"):
        typed = getattr(case, name)
        found = editor.query(f"#{name}")
        if found:
            await type_into(pilot, found.first(), typed or "")
        else:
            assert typed is None, f"the {case.mode} form has no {name} field"
    if case.description:
        area = editor.query_one("#description")
        area.focus()
        if case.description.isprintable():
            await pilot.press(*case.description)
        else:  # what no key types arrives by pasting: TextArea's paste inserts it
            area.insert(case.description)
    await type_into(pilot, editor.query_one("#tags"), case.tags)
    for name, value in case.meta.items():
        await type_into(pilot, editor.query_one(f"#meta-{name}"), value)
    await pilot.press("ctrl+s")
    await settle(app, pilot)


async def through_picker(app, pilot, case: Case) -> None:
    await pilot.press("s")
    await settle(app, pilot)
    picker = app.screen
    assert isinstance(picker, StartPicker)
    await pilot.press(*f"{case.project} {case.activity}".lower())
    await settle(app, pilot, 1)
    await type_into(pilot, picker.query_one("#description"), case.description)
    await type_into(pilot, picker.query_one("#tags"), case.tags)
    for name, value in case.meta.items():
        await type_into(pilot, picker.query_one(f"#meta-{name}"), value)
    picker.query_one("#query").focus()
    await pilot.press("enter")
    await settle(app, pilot)


async def through_tui(door: Door, case: Case, monkeypatch) -> dict[str, str]:
    """Type CASE into the TUI; the errors it showed, {field: messages} ({} when saved)."""
    shown: list[dict] = []
    original = RecordEditor._show_errors

    def showing(self, errors):
        if errors:
            shown.append(errors)
        return original(self, errors)

    monkeypatch.setattr(RecordEditor, "_show_errors", showing)
    refused: list = []
    app = app_for(door.context())
    original_notify = app.notify

    def notify(message, *args, severity="information", **kwargs):
        if severity == "error":
            refused.append(str(message))
        return original_notify(message, *args, severity=severity, **kwargs)

    app.notify = notify
    async with app.run_test(size=(140, 45)) as pilot:
        await settle(app, pilot)
        if case.face == "picker":
            await through_picker(app, pilot, case)
        else:
            await through_editor(app, pilot, case, shown)
            if not shown:
                assert not isinstance(app.screen, RecordEditor), "saved, and closed"
    if shown:
        return {k: " ".join(v) for k, v in shown[-1].items()}
    if refused:  # the picker closed; the service's refusal came as a notification
        return {"notified": refused[-1]}
    return {}


@pytest.mark.parametrize("name", list(CASES))
async def test_the_same_input_gives_the_same_result_in_both_faces(name, tmp_path, monkeypatch):
    case = CASES[name]
    door = Door(tmp_path, monkeypatch, mode=case.mode, default_begin=case.default_begin)
    tui_errors = await through_tui(door, case, monkeypatch)
    tui_records = door.records()
    door.clear_records()
    code, _, err = door.cli(*cli_args(case))
    cli_records = door.records()
    if tui_errors or code != 0:
        assert tui_records == [] and cli_records == [], "a refused input wrote nothing"
        assert code != 0 and tui_errors, (tui_errors, err)
        errors = cli_errors(err)
        if "notified" in tui_errors:  # picker: one line "message; message"
            assert tui_errors["notified"] == "; ".join(errors.values()), (tui_errors, errors)
        else:
            assert tui_errors == errors
    else:
        assert len(tui_records) == 1, "the TUI stored the record"
        assert tui_records == cli_records
