"""A small office for command-line tests run in-process (no subprocess): init (the OS login
becomes super admin), maria leading ana, olga leading otto, one customer, project and
activity. `ok` returns parsed JSON when --json is given."""

from __future__ import annotations

import contextlib
import io
import json
import sqlite3

import pytest

from kimai_tui.cli.main import run


class Office:
    """init (the OS login becomes super admin), maria leading ana, olga leading otto."""

    def __init__(self, tmp_path):
        self.path = tmp_path / "k.sqlite"
        self.url = "sqlite:///" + str(self.path)
        config = tmp_path / "kimai.yaml"
        config.write_text("kimai:\n  timesheet:\n    rounding: {}\n")
        self.config = str(config)
        for step in (["init"], ["user", "add", "ana"], ["user", "add", "otto"],
                     ["user", "add", "maria", "--role", "ROLE_TEAMLEAD"],
                     ["team", "add", "Support", "--lead", "maria", "--member", "ana"],
                     ["user", "add", "olga", "--role", "ROLE_TEAMLEAD"],
                     ["team", "add", "Field", "--lead", "olga", "--member", "otto"],
                     ["customer", "add", "Kaesim", "--currency", "PHP"],
                     ["project", "add", "SLA", "--customer", "Kaesim"],
                     ["activity", "add", "Support"]):
            self.ok(*step)

    def cli(self, *args):
        out, err = io.BytesIO(), io.StringIO()
        wrapper = io.TextIOWrapper(out, encoding="utf-8", write_through=True)
        with contextlib.redirect_stdout(wrapper), contextlib.redirect_stderr(err):
            code = run(["--database", self.url, "--config", self.config, *args], {})
        wrapper.flush()
        return code, out.getvalue().decode(), err.getvalue()

    def ok(self, *args):
        code, out, err = self.cli(*args)
        assert code == 0, (args, err)
        return json.loads(out) if "--json" in args else out

    def count(self) -> int:
        with contextlib.closing(sqlite3.connect(self.path)) as conn:
            return conn.execute("SELECT COUNT(*) FROM timesheet").fetchone()[0]


@pytest.fixture
def office(tmp_path):
    return Office(tmp_path)
