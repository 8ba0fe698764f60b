"""Issue #6 item 4 (display): terminal injection and CSV formula injection.

ESC/CSI/OSC sequences, Rich markup, C0/C1 controls, bidi overrides and a 1 MB description in
every name and text field: the CLI's table, JSON and CSV output (stdout included) and the TUI's
rendered screen show them inert (as visible escapes); the CSV export neutralises formulas.
Since issue #11 the services refuse such text as new input, so the hostile values are stored
through the data layer, as text from before the refusal or imported would be; the CLI's
refusal of them is tested here too.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import re
from datetime import datetime, timezone

import pytest

from kt_rel_support import figures

EVIL = ("\x1b[2J\x1b[31mred\x1b]0;pwned\x07\x1b]8;;http://evil\x1b\\link\x9b6n\x90dcs\x9c"
        "[bold red]markup[/]\u202eevil\u2066x\u2069\x00\x07\x08\r")
RAW_BAD = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200b-\u200f\u202a-\u202e"
                     "\u2066-\u2069]")
HUGE = "A" * 1_000_000


def _run(base, *args):
    from kimai_tui.cli.main import run

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = run(base + list(args))
    return code, out.getvalue(), err.getvalue()


def store_legacy(url: str, **ids) -> None:
    """Write EVIL into every text column through the data layer: text stored before the
    services refused it (issue #11), or imported, which every output must still show inert."""
    from kimai_tui.data import catalogue, db, users
    from kimai_tui.data import meta as meta_repo
    from kimai_tui.data import timesheets as records_repo
    from kimai_tui.data.models import Timesheet

    database = db.connect(url)
    try:
        catalogue.update("customer", ids["customer"], {
            "name": "C" + EVIL, "comment": EVIL, "company": EVIL, "contact": EVIL,
            "address": EVIL, "number": "N" + EVIL[:20]}, {"note": EVIL})
        catalogue.update("project", ids["project"], {"name": "P" + EVIL, "comment": EVIL})
        catalogue.update("activity", ids["activity"], {"name": "A" + EVIL, "comment": EVIL})
        users.update(ids["user"], {"alias": EVIL})
        Timesheet.update(description=EVIL).where(Timesheet.id == ids["record"]).execute()
        records_repo.set_tags(ids["record"], ("t" + EVIL.replace(",", ""),))
        meta_repo.set_values("timesheet", ids["record"], {"location": EVIL})
    finally:
        database.close()


@pytest.fixture
def evil_home(tmp_path, monkeypatch):
    monkeypatch.setenv("NO_COLOR", "1")
    config = tmp_path / "kimai.yaml"
    config.write_text("custom_fields:\n  timesheet:\n    location: {type: string}\n"
                      "  customer:\n    note: {type: string}\n")
    url = "sqlite:///" + str(tmp_path / "k.sqlite")
    base = ["--config", str(config), "--database", url]
    steps = [
        ["customer", "add", "C"],
        ["project", "add", "P", "--customer", "C"],
        ["activity", "add", "A", "--project", "P"],
        ["user", "add", "mallory", "--email", "m@x", "--staff-number", "7"],
        ["add", "--project", "P", "--activity", "A", "--begin", "2026-11-02 08:00",
         "--duration", "1:00"],
        ["add", "--project", "P", "--activity", "A", "--begin",
         "2026-11-02 10:00", "--duration", "0:30", "--description", HUGE],
    ]
    for step in steps:
        code, out, err = _run(base, *step)
        assert code == 0, (step[:2], err[:500])
    code, out, _ = _run(base, "--json", "user", "show", "mallory")
    store_legacy(url, customer=1, project=1, activity=1, record=1,
                 user=json.loads(out)["id"])
    return base


COMMANDS = [["list"], ["list", "--all-users"], ["show", "1"], ["show", "2"], ["status"],
            ["customer", "list"], ["customer", "show", "#1"], ["project", "list"],
            ["project", "show", "#1"], ["activity", "list"], ["activity", "show", "#1"],
            ["tag", "list"], ["user", "list"], ["user", "show", "mallory"], ["whoami"],
            ["export", "--format", "json"], ["export"], ["export", "--format", "csv"]]


def test_cli_output_is_inert(evil_home):
    checked = 0
    for command in COMMANDS:
        for json_flag in ([], ["--json"]):
            code, out, err = _run(evil_home, *json_flag, *command)
            assert code == 0, (command, err[:300])
            bad = RAW_BAD.findall(out.replace("\n", "")) + RAW_BAD.findall(err.replace("\n", ""))
            assert not bad, (command, json_flag, sorted(set(bad)))
            checked += 1
    code, out, _ = _run(evil_home, "show", "1")
    assert "\\x1b" in out  # shown, as a visible escape
    code, out, _ = _run(evil_home, "--json", "show", "2")
    assert len(out) > 1_000_000  # the 1 MB description comes back whole in JSON
    code, out, _ = _run(evil_home, "list")
    assert max(len(line) for line in out.splitlines()) < 2000  # but a table row stays a line
    figures("terminal-injection-cli", commands_checked=checked)


def _rows(url: str) -> list:
    import sqlite3

    conn = sqlite3.connect(url.removeprefix("sqlite:///"))
    try:
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        return [(t, sorted(map(repr, conn.execute(f'SELECT * FROM "{t}"')))) for t in tables]
    finally:
        conn.close()


def test_hostile_new_text_is_refused_with_one_line_per_field(evil_home):
    """Issue #11: the command line refuses EVIL as new text in every text option, one line
    per field naming the character (inert), and writes nothing."""
    base = evil_home
    before = _rows(base[3])
    for step, fields in (
            (["customer", "add", "X" + EVIL, "--comment", EVIL, "--company", EVIL,
              "--vat-id", EVIL[:20], "--meta", "note=" + EVIL], ("name", "comment", "company",
                                                                 "vat-id", "meta-note")),
            (["project", "edit", "#1", "--order-number", EVIL[:20]], ("order-number",)),
            (["activity", "add", "Y" + EVIL, "--project", "#1"], ("name",)),
            (["user", "edit", "mallory", "--alias", EVIL, "--email", f"m{EVIL}@x"],
             ("alias", "email")),
            (["add", "--project", "#1", "--activity", "#1", "--begin", "2026-11-03 08:00",
              "--duration", "1:00", "--description", EVIL, "--tags", "t" + EVIL[:8],
              "--meta", "location=" + EVIL], ("description", "tags", "meta")),
            (["edit", "2", "--description", "\x00"], ("description",)),
            (["tag", "add", "t" + EVIL[:8]], ("name",))):
        code, out, err = _run(base, *step)
        assert code == 1, (step[:2], err)
        lines = err.strip().splitlines()
        assert not RAW_BAD.findall(err.replace("\n", "")), err
        assert {line.split(":")[1].strip() for line in lines} == set(fields), (step[:2], err)
        assert all("not accepted" in line for line in lines)
    assert _rows(base[3]) == before


def test_cli_tables_align_wide_and_combining_characters(evil_home):
    """CJK characters take two terminal cells and combining marks none: the plain tables
    pad by cells, so every column starts at the same cell in every row."""
    from kimai_tui.textsafe import cell_width

    for name in ("日本語の説明", "e\u0301clair Z\u0351\u0354", "한국어 태그", "plain"):
        code, _, err = _run(evil_home, "tag", "add", name)
        assert code == 0, err
    code, out, _ = _run(evil_home, "tag", "list")
    header, *rows = out.splitlines()
    assert len(rows) == 5 and "日本語の説明" in out
    column = cell_width(header[:header.index("records")])
    for row in rows:
        count = re.search(r"\s(\d+)$", row)
        assert cell_width(row[:count.start(1)]) == column, row


def test_errors_echoing_hostile_input_are_inert(evil_home):
    code, out, err = _run(evil_home, "start", "--project", EVIL, "--activity", EVIL)
    assert code == 2
    assert not RAW_BAD.findall(err.replace("\n", "")), err
    assert all(line.startswith("error: ") for line in err.strip().splitlines())


async def test_tui_shows_escapes_and_markup_as_text(tmp_path):
    from kimai_tui.app import make_app
    from kimai_tui.data import catalogue, db, users
    from kimai_tui.data.models import Timesheet
    from kimai_tui.services import timesheets
    from kimai_tui.services.context import Context
    from kimai_tui.services.record_save import RecordChanges
    from kimai_tui.settings import KimaiSettings, Settings, TimesheetSettings

    now = datetime(2026, 11, 4, 9, 0, tzinfo=timezone.utc)
    database = db.connect("sqlite:///" + str(tmp_path / "k.sqlite"))
    try:
        uid = users.create({"username": "alice", "roles": "ROLE_USER", "timezone": "UTC"})
        c = catalogue.create("customer", {"name": "C\x1b[31mX"})
        p = catalogue.create("project", {"name": "P[bold]Y[/bold]", "customer": c})
        a = catalogue.create("activity", {"name": "A\u202eZ", "project": p})
        ctx = Context(Settings(kimai=KimaiSettings(timesheet=TimesheetSettings(rounding=()))),
                      database, users.get(uid), lambda: now)
        record, _ = timesheets.create(ctx, RecordChanges(
            project_id=p, activity_id=a, begin=datetime(2026, 11, 4, 7, tzinfo=timezone.utc),
            duration=3600))
        # Stored as legacy data: the services refuse it as new text (issue #11).
        Timesheet.update(description="d\x1b]0;T\x07[red]M[/red]\x9b").where(
            Timesheet.id == record.id).execute()
        app = make_app(ctx)
        async with app.run_test(size=(200, 40)) as pilot:
            for _ in range(3):
                await app.workers.wait_for_complete()
                await pilot.pause()
            svg = app.export_screenshot()
    finally:
        database.close()
    text = svg.replace("&#160;", " ")
    assert not RAW_BAD.findall(text.replace("\n", "").replace("\t", "")), \
        sorted(set(RAW_BAD.findall(text)))
    assert "x1b" in text  # the escape is visible text
    assert "[bold]" in text or "&#91;bold&#93;" in text  # the markup is literal text
    figures("terminal-injection-tui", screen_chars=len(svg))


def _store_meta(url: str, record_id: int, value: str) -> None:
    from kimai_tui.data import db
    from kimai_tui.data import meta as meta_repo

    database = db.connect(url)
    try:
        meta_repo.set_values("timesheet", record_id, {"location": value})
    finally:
        database.close()


@pytest.mark.parametrize("lead", ["=", "+", "-", "@", "\t", "\r"])
def test_csv_formula_injection_is_neutralised_in_every_text_column(evil_home, lead, tmp_path):
    payload = lead + "HYPERLINK(\"http://evil\",\"x\")"
    base = evil_home
    # --opt=VALUE and `--` so a value starting with "-" is a value, not an option.
    for step in (["customer", "add", f"--number={payload}", f"--vat-id={payload}", "--", payload],
                 ["project", "add", f"--customer={payload}", f"--number={payload}",
                  f"--order-number={payload}", "--", payload],
                 ["activity", "add", f"--project={payload}", "--", payload],
                 ["add", f"--project={payload}", f"--activity={payload}",
                  "--begin=2026-11-03 08:00", "--duration=1:00", f"--description={payload}",
                  f"--tags={payload}"]):
        code, out, err = _run(base, *step)
        assert code == 0, (step[:2], err)
    # A custom field is one line: a tab or line break in it is refused as new text (issue
    # #11), so that one is stored as legacy data.
    meta = ["--meta", f"location={payload}"]
    code, _, err = _run(base, "edit", "3", *meta)
    if lead in "\t\r":
        assert code == 1 and "location contains" in err, err
        _store_meta(base[3], 3, payload)
    else:
        assert code == 0, err
    out_file = tmp_path / "out.csv"
    code, out, err = _run(base, "export", "--format", "csv", "--output", str(out_file))
    assert code == 0, err
    csv.field_size_limit(10**8)
    rows = list(csv.reader(out_file.open(encoding="utf-8", newline="")))
    cells = [cell for row in rows[1:] for cell in row]
    dangerous = [c for c in cells if c.startswith(("=", "+", "-", "@", "\t", "\r"))]
    assert not dangerous, dangerous
    written = "\n" if lead == "\r" else lead  # a CR is written as a newline (quoted)
    assert any(c.startswith("' " + written) for c in cells)
