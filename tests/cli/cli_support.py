"""CLI-test support: run `kimai-tui` in tmp_path with its own config and database (fixtures
re-exported by tests/cli/conftest.py).

A command runs in this process (`kimai_tui.cli.main.run`, with the environment, working
directory, stdout and stderr of a real run), which is what it costs to test the contract:
a new interpreter per command added nothing but start-up time. Tests marked
`subprocess_cli` (a smoke set) and tests/cli/test_concurrency.py still start real processes.
"""

from __future__ import annotations

import contextlib
import io
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
    def __init__(self, code: int, out: str, err: str):
        self.code = code
        self.out = out
        self.err = err

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

    def __init__(self, tmp_path: Path, config: str = NO_ROUNDING, in_process: bool = True):
        self.in_process = in_process
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
        argv = self.argv(*args, config=config)
        if self.in_process:
            result = self._run_here(argv[3:])  # without `python -m kimai_tui.cli.main`
        else:
            proc = subprocess.run(argv, cwd=self.dir, env=self.env, capture_output=True,
                                  text=True, timeout=timeout)
            result = Result(proc.returncode, proc.stdout, proc.stderr)
        assert "Traceback" not in result.err, result
        return result

    def _run_here(self, argv: list[str]) -> Result:
        """One command in this process, as a process would see it: its environment (also
        os.environ: terminal width, XDG paths), tmp_path as the working directory, and
        stdout as bytes (exports write to its buffer)."""
        from kimai_tui.cli.main import run

        out, err = io.BytesIO(), io.StringIO()
        stdout = io.TextIOWrapper(out, encoding="utf-8", write_through=True)
        saved, cwd = dict(os.environ), os.getcwd()
        os.environ.clear()
        os.environ.update(self.env)
        os.chdir(self.dir)
        try:
            with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(err):
                code = run(argv, self.env)
            stdout.flush()
        finally:
            os.chdir(cwd)
            os.environ.clear()
            os.environ.update(saved)
        return Result(code, out.getvalue().decode("utf-8"), err.getvalue())

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
def cli(tmp_path, request):
    """In-process, or a real process per command for tests marked `subprocess_cli`."""
    return Cli(tmp_path, in_process=request.node.get_closest_marker("subprocess_cli") is None)


@pytest.fixture
def seeded(cli):
    cli.seed()
    return cli


__all__ = ["Cli", "NO_ROUNDING", "Result", "cli", "seeded"]
