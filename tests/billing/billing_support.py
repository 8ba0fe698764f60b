"""A small company's books for the billing tests: two customers in two currencies, two
users, a team lead, records in October and November 2026 (the CLI in-process, SQLite)."""

from __future__ import annotations

import contextlib
import io
import json
import sqlite3
from pathlib import Path

import pytest

from kimai_tui.cli.main import run

REPO = Path(__file__).resolve().parents[2]


class Books:
    """A database with two customers in two currencies, two users and a team lead."""

    def __init__(self, tmp_path: Path):
        self.path = tmp_path / "k.sqlite"
        self.url = "sqlite:///" + str(self.path)
        self.dir = tmp_path
        for step in (
                ["init"], ["user", "add", "ana", "--hourly-rate", "100"],
                ["user", "add", "jose", "--hourly-rate", "80"],
                ["user", "add", "maria", "--role", "ROLE_TEAMLEAD"],
                ["team", "add", "Support", "--lead", "maria", "--member", "ana"],
                ["team", "add", "Field", "--lead", "jose"],  # not maria's team
                ["customer", "add", "Kaesim", "--currency", "PHP", "--number", "K-1",
                 "--address", "Makati"],
                ["customer", "add", "Koruna", "--currency", "AUD"],
                ["project", "add", "SLA", "--customer", "Kaesim"],
                ["project", "add", "Setup", "--customer", "Kaesim"],
                ["project", "add", "Care", "--customer", "Koruna"],
                ["activity", "add", "Support"], ["activity", "add", "Install"],
                ["rate", "add", "--activity", "Install", "--rate", "445"]):
            self.ok(*step)
        records = [("ana", "SLA", "Support", "2026-11-02 08:00", "1:30", "printer"),
                   ("ana", "SLA", "Install", "2026-11-02 10:00", "2:00", "laptop"),
                   ("jose", "Setup", "Support", "2026-11-03 09:00", "0:45", "vpn"),
                   ("jose", "Setup", "Install", "2026-11-04 13:00", "3:10", "server"),
                   ("ana", "SLA", "Support", "2026-10-30 09:00", "1:00", "october"),
                   ("ana", "Care", "Support", "2026-11-05 09:00", "2:00", "other customer")]
        for user, project, activity, begin, duration, text in records:
            self.ok("--as", user, "add", "--project", project, "--activity", activity,
                    "--begin", begin, "--duration", duration, "--description", text)
        self.ok("add", "--user", "jose", "--project", "SLA", "--activity", "Support",
                "--begin", "2026-11-06 09:00", "--duration", "1:00", "--description",
                "not billable", "--billable", "no")  # the admin may set billable

    def cli(self, *args, environ=None):
        out, err = io.BytesIO(), io.StringIO()
        wrapper = io.TextIOWrapper(out, encoding="utf-8", write_through=True)
        with contextlib.redirect_stdout(wrapper), contextlib.redirect_stderr(err):
            code = run(["--database", self.url, *args], environ or {})
        wrapper.flush()
        return code, out.getvalue(), err.getvalue()

    def ok(self, *args):
        code, out, err = self.cli(*args)
        assert code == 0, (args, err)
        return json.loads(out) if "--json" in args else out

    def sql(self, query, params=()):
        with contextlib.closing(sqlite3.connect(self.path)) as conn:
            return conn.execute(query, params).fetchall()


@pytest.fixture
def books(tmp_path):
    return Books(tmp_path)


