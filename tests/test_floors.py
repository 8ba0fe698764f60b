"""The floors of docs/architecture.md, checked by import-linter against the contracts in
pyproject.toml ([tool.importlinter]): every arrow that must never exist is one contract.

`test_contracts_hold` runs them on the code as it is. `test_an_added_arrow_breaks_a_contract`
copies the package, adds one forbidden import, and shows the linter refuses it, so a contract
that silently matches nothing would be noticed. The headless-commands test is a run-time check
the static graph cannot make: what `import` really loads."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
LINT = [sys.executable, "-c", "from importlinter.cli import lint_imports_command as c; c()"]


def _lint(where: Path) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(where))
    return subprocess.run([*LINT, "--no-cache", "--no-logo", str(where / "pyproject.toml")],
                          cwd=where, env=env, capture_output=True, text=True, timeout=120)


def test_contracts_hold():
    run = _lint(ROOT)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "0 broken" in run.stdout


# (file to change, the import added, the contract that must break)
ARROWS = [
    ("rules/durations.py", "from kimai_tui.data import db", "rules never import"),
    ("rules/rates.py", "import peewee", "rules never import"),
    ("data/convert.py", "from kimai_tui.services import context", "data never imports"),
    ("services/tags.py", "from kimai_tui.widgets import filter_bar", "services never import"),
    ("screens/timesheet.py", "from kimai_tui.data import timesheets",
     "faces never import the data layer"),
    ("cli/record_reads.py", "from kimai_tui.data.timesheets import tags_for",
     "faces never import the data layer"),
    ("widgets/filter_bar.py", "from kimai_tui.cli import output", "the TUI never imports the CLI"),
    ("cli/output.py", "import textual", "the CLI never imports Textual"),
    ("settings.py", "from kimai_tui.rules import durations", "config never imports"),
    ("screens/base.py", "from kimai_tui.app import KimaiApp", "never import the app module"),
]


@pytest.mark.parametrize("target, line, contract", ARROWS, ids=[a[0] for a in ARROWS])
def test_an_added_arrow_breaks_a_contract(tmp_path, target, line, contract):
    shutil.copytree(ROOT / "kimai_tui", tmp_path / "kimai_tui",
                    ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    path = tmp_path / "kimai_tui" / target
    path.write_text(path.read_text() + f"\n{line}  # an arrow that must never exist\n")
    run = _lint(tmp_path)
    assert run.returncode == 1, run.stdout + run.stderr
    broken = [text for text in run.stdout.splitlines() if " BROKEN" in text]
    assert any(contract in text for text in broken), run.stdout


HEADLESS = ["kimai_tui.settings", "kimai_tui.config", "kimai_tui.domain", "kimai_tui.queries",
            "kimai_tui.services.timesheets", "kimai_tui.services.catalogue",
            "kimai_tui.services.export", "kimai_tui.services.identity", "kimai_tui.cli.main",
            "kimai_tui.cli.parser", "kimai_tui.cli.timesheet_cmds",
            "kimai_tui.cli.record_reads", "kimai_tui.cli.report_cmd",
            "kimai_tui.cli.catalogue_cmds", "kimai_tui.cli.people_cmds",
            "kimai_tui.cli.setup_cmds"]


def test_headless_commands_never_load_textual():
    code = ("import sys\n" + "".join(f"import {m}\n" for m in HEADLESS)
            + "print('\\n'.join(sorted(sys.modules)))")
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True,
                         text=True).stdout.split()
    assert not any(m == "textual" or m.startswith("textual.") for m in out)
