"""The floors of architecture.md: the core never imports the UI, rules never import Peewee,
and headless commands do not load Textual."""

import subprocess
import sys

CORE = ["kimai_tui.settings", "kimai_tui.config", "kimai_tui.domain", "kimai_tui.textsafe",
        "kimai_tui.data.db", "kimai_tui.data.timesheets", "kimai_tui.data.catalogue",
        "kimai_tui.services.timesheets", "kimai_tui.services.catalogue",
        "kimai_tui.services.catalogue_delete", "kimai_tui.services.export",
        "kimai_tui.services.identity", "kimai_tui.services.users", "kimai_tui.cli.main",
        "kimai_tui.cli.parser", "kimai_tui.cli.timesheet_cmds", "kimai_tui.cli.record_reads",
        "kimai_tui.cli.report_cmd", "kimai_tui.cli.catalogue_cmds",
        "kimai_tui.cli.people_cmds", "kimai_tui.cli.setup_cmds"]


def _loaded_after(modules: list[str]) -> set[str]:
    code = ("import sys\n" + "".join(f"import {m}\n" for m in modules)
            + "print('\\n'.join(sorted(sys.modules)))")
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True,
                         text=True).stdout
    return set(out.split())


def test_core_and_command_line_never_import_textual():
    loaded = _loaded_after(CORE)
    assert not any(m == "textual" or m.startswith("textual.") for m in loaded)


def test_rules_import_neither_textual_nor_peewee():
    loaded = _loaded_after(["kimai_tui.rules.durations", "kimai_tui.rules.rates",
                            "kimai_tui.rules.validation", "kimai_tui.rules.permissions",
                            "kimai_tui.rules.search", "kimai_tui.rules.rounding"])
    assert "peewee" not in loaded
    assert not any(m.startswith("textual") for m in loaded)


def test_faces_do_not_import_peewee_directly():
    import pathlib

    root = pathlib.Path(__file__).resolve().parents[1] / "kimai_tui"
    offenders = []
    for folder in ("screens", "widgets", "cli", "rules"):
        for path in (root / folder).rglob("*.py"):
            for line in path.read_text().splitlines():
                stripped = line.strip()
                if stripped.startswith(("import peewee", "from peewee")):
                    offenders.append(str(path))
    assert offenders == []
