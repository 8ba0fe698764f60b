"""One database, two faces: the command line run in-process and the TUI (Pilot) acting as the
same user with the same kimai.yaml and the same clock, so a test can enter one input through
each and compare what was stored (issue 13, "one door for input")."""

from __future__ import annotations

import contextlib
import io
import sqlite3
from datetime import datetime, timezone
from pathlib import Path

from kimai_tui import config
from kimai_tui.cli import main as cli_main
from kimai_tui.data import users as users_repo
from kimai_tui.services import identity
from kimai_tui.services.context import Context

NOW = datetime(2026, 11, 2, 12, 0, tzinfo=timezone.utc)  # a Monday

CONFIG = """\
kimai:
  timesheet:
    mode: {mode}
    default_begin: "{default_begin}"
    rounding: {{}}
custom_fields:
  timesheet:
    location: {{type: string, label: Location}}
    onsite: {{type: checkbox, label: On site}}
    pieces: {{type: integer, label: Pieces}}
    due: {{type: date, label: Due}}
"""

# The record columns both faces must agree on (ids and write times aside).
COLUMNS = ("user_id", "customer_id", "project_id", "activity_id", "begin_ts", "end_ts",
           "duration", "description", "billable", "hourly_rate", "fixed_rate", "rate")


class Door:
    """A database made through the CLI: root (super admin) and alice (ROLE_USER, UTC),
    customers Acme and Globex, projects Web (Acme) and Ops (Globex), activities Dev (Web)
    and Support (global). `cli` runs a command as alice; `context` is alice's TUI Context."""

    def __init__(self, tmp_path: Path, monkeypatch, mode: str = "default",
                 default_begin: str = "now", now: datetime = NOW):
        self.path = tmp_path / "k.sqlite"
        self.url = "sqlite:///" + str(self.path)
        self.config = tmp_path / "kimai.yaml"
        self.config.write_text(CONFIG.format(mode=mode, default_begin=default_begin))
        self.now = now
        self.environ = {"XDG_CONFIG_HOME": str(tmp_path / "xdg"), "NO_COLOR": "1",
                        "COLUMNS": "200"}
        door = self

        def fixed_clock_context(session):
            return identity.acting_context(session.open_database(), session.settings,
                                           session.args.as_user, clock=lambda: door.now,
                                           restricted=session.restricted)

        monkeypatch.setattr(cli_main.Session, "context", fixed_clock_context)
        for step in (["init"], ["user", "add", "alice", "--timezone", "UTC"],
                     ["customer", "add", "Acme"], ["customer", "add", "Globex"],
                     ["project", "add", "Web", "--customer", "Acme"],
                     ["project", "add", "Ops", "--customer", "Globex"],
                     ["activity", "add", "Dev", "--project", "Web"],
                     ["activity", "add", "Support"]):
            code, _, err = self.cli(*step, as_user=None)
            assert code == 0, (step, err)

    def cli(self, *args: str, as_user: str | None = "alice") -> tuple[int, str, str]:
        """Run one command line in this process: (exit status, stdout, stderr)."""
        who = ["--as", as_user] if as_user else []
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = cli_main.run(["--config", str(self.config), "--database", self.url, *who,
                                 *args], self.environ)
        return code, out.getvalue(), err.getvalue()

    def context(self, username: str = "alice") -> Context:
        """The TUI's Context for USERNAME: the same settings, database and clock."""
        from kimai_tui.data import db

        database = db.connect(self.url)
        settings = config.load_settings(self.config)
        return Context(settings, database, users_repo.by_username(username), lambda: self.now)

    def sql(self, query: str, params=()) -> list[tuple]:
        with contextlib.closing(sqlite3.connect(self.path)) as conn:
            return conn.execute(query, params).fetchall()

    def records(self) -> list[dict]:
        """Every record as stored: COLUMNS plus its tags and custom fields, oldest id first."""
        out = []
        for row in self.sql(f"SELECT id, {', '.join(COLUMNS)} FROM timesheet ORDER BY id"):
            record = dict(zip(COLUMNS, row[1:]))
            record["tags"] = sorted(name for (name,) in self.sql(
                "SELECT t.name FROM timesheet_tag tt JOIN tag t ON t.id = tt.tag_id "
                "WHERE tt.timesheet_id = ?", (row[0],)))
            record["meta"] = dict(self.sql(
                "SELECT name, value FROM meta_value WHERE kind = 'timesheet' "
                "AND owner_id = ?", (row[0],)))
            out.append(record)
        return out

    def clear_records(self) -> None:
        with contextlib.closing(sqlite3.connect(self.path)) as conn:
            conn.executescript("DELETE FROM timesheet_tag; DELETE FROM timesheet; "
                               "DELETE FROM meta_value WHERE kind = 'timesheet';")
            conn.commit()


def local(ts: int) -> str:
    """A stored timestamp as 'YYYY-MM-DD HH:MM' UTC (alice's zone)."""
    return datetime.fromtimestamp(ts, timezone.utc).strftime("%Y-%m-%d %H:%M")
