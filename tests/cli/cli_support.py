"""CLI-test support: run `kimai-tui` as a subprocess in tmp_path with its own config and
database (fixtures re-exported by tests/cli/conftest.py)."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

NO_ROUNDING = """\
kimai:
  timesheet:
    rounding: {}
custom_fields:
  timesheet:
    location: {type: string, label: Location}
"""


class Result:
    def __init__(self, proc: subprocess.CompletedProcess):
        self.code = proc.returncode
        self.out = proc.stdout
        self.err = proc.stderr

    @property
    def json(self):
        return json.loads(self.out)

    def __repr__(self) -> str:
        return f"<exit {self.code}\nstdout: {self.out}\nstderr: {self.err}>"


class Cli:
    """Runs `python -m kimai_tui.cli.main` in tmp_path with its own config and database.

    The repository's example kimai.yaml is never read: cwd is tmp_path, --config names a file
    there, and XDG_* point into tmp_path too.
    """

    def __init__(self, tmp_path: Path, config: str = NO_ROUNDING):
        self.dir = tmp_path
        self.config = tmp_path / "kimai.yaml"
        self.db_path = tmp_path / "k.sqlite"
        self.database = "sqlite:///" + str(self.db_path)
        self.write_config(config)
        env = dict(os.environ)
        env.pop("KIMAI_TUI_CONFIG", None)
        env["XDG_CONFIG_HOME"] = str(tmp_path / "xdg-config")
        env["XDG_DATA_HOME"] = str(tmp_path / "xdg-data")
        env["NO_COLOR"] = "1"
        env["COLUMNS"] = "200"
        self.env = env

    def write_config(self, text: str) -> None:
        self.config.write_text(text, encoding="utf-8")

    def argv(self, *args: str, config: bool = True) -> list[str]:
        base = [sys.executable, "-m", "kimai_tui.cli.main"]
        if config:
            base += ["--config", str(self.config)]
        return base + ["--database", self.database, *args]

    def run(self, *args: str, config: bool = True, timeout: float = 60) -> Result:
        proc = subprocess.run(self.argv(*args, config=config), cwd=self.dir, env=self.env,
                               capture_output=True, text=True, timeout=timeout)
        result = Result(proc)
        assert "Traceback" not in result.err, result
        return result

    def ok(self, *args: str):
        """Run a command that must succeed; its JSON when --json is among the arguments."""
        result = self.run(*args)
        assert result.code == 0, result
        return result.json if "--json" in args else result

    def fails(self, code: int | tuple[int, ...], *args: str) -> Result:
        """Run a command that must fail with `code`, print only `error: ...` lines and
        write nothing."""
        before = self.dump()
        result = self.run(*args)
        codes = (code,) if isinstance(code, int) else code
        assert result.code in codes, result
        lines = result.err.strip().splitlines()
        assert lines and all(line.startswith("error: ") for line in lines), result
        assert self.dump() == before, "a refused command changed the database"
        return result

    def sql(self, query: str, *params):
        """Run one statement on the database directly (committed, so it may write: to store
        what the commands would refuse); its rows."""
        conn = sqlite3.connect(self.db_path)
        try:
            rows = conn.execute(query, params).fetchall()
            conn.commit()
            return rows
        finally:
            conn.close()

    def count(self) -> int:
        return self.sql("SELECT count(*) FROM timesheet")[0][0]

    def dump(self) -> list:
        if not self.db_path.exists():
            return []
        tables = [r[0] for r in self.sql(
            "SELECT name FROM sqlite_master WHERE type='table' ORDER BY name")]
        return [(t, sorted(self.sql(f'SELECT * FROM "{t}"'), key=repr)) for t in tables]

    def seed(self) -> None:
        """Customer Acme, project Web, activity Dev; root is the super admin."""
        self.ok("customer", "add", "Acme", "--number", "C-1")
        self.ok("project", "add", "Web", "--customer", "Acme")
        self.ok("activity", "add", "Dev", "--project", "Web")


@pytest.fixture
def cli(tmp_path):
    return Cli(tmp_path)


@pytest.fixture
def seeded(cli):
    cli.seed()
    return cli


__all__ = ["Cli", "NO_ROUNDING", "Result", "cli", "seeded"]
