"""A database as the shared server has it, and the forced command run in-process.

`forced` builds a SQLite database whose super admin is this process's OS login (so it may use
`--as`, as the service account does), with users alice (ROLE_USER) and carol
(ROLE_CUSTOMER), one customer/project/activity and a record of alice's. `forced.run(client)`
runs `kimai-tui --config C --database D --as alice` as sshd would for alice's key, with the
client's words in SSH_ORIGINAL_COMMAND.
"""

from __future__ import annotations

import contextlib
import io
import os
from dataclasses import dataclass
from pathlib import Path

import pytest

from kimai_tui.cli.main import run


@dataclass
class Outcome:
    code: int
    out: str
    err: str


class Forced:
    def __init__(self, tmp_path: Path):
        self.dir = tmp_path
        self.home = tmp_path / "home"
        (self.home / ".ssh").mkdir(parents=True)
        self.keys = self.home / ".ssh" / "authorized_keys"
        self.keys.write_text("ssh-ed25519 AAAA-the-admins-key alice\n")
        self.db_file = tmp_path / "kimai.sqlite"
        self.config = tmp_path / "kimai.yaml"
        self.exports = tmp_path / "exports"
        self.exports.mkdir(mode=0o700)
        self.write_config("")
        self.base = ["--config", str(self.config), "--database", "sqlite:///" + str(self.db_file)]

    def write_config(self, security: str) -> None:
        self.config.write_text("kimai: {timesheet: {rounding: {}}}\n" + security)
        os.chmod(self.config, 0o600)

    def cli(self, *args: str, environ: dict | None = None) -> Outcome:
        out, err = io.StringIO(), io.StringIO()
        env = {"HOME": str(self.home), "XDG_STATE_HOME": str(self.dir / "state"),
               **(environ or {})}
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = run(self.base + list(args), env)
        return Outcome(code, out.getvalue(), err.getvalue())

    def run(self, client: str | None, user: str = "alice") -> Outcome:
        """The forced command `kimai-tui ... --as USER` with CLIENT's words."""
        environ = {"SSH_CONNECTION": "192.0.2.7 50000 192.0.2.1 22"}
        if client is not None:
            environ["SSH_ORIGINAL_COMMAND"] = client
        return self.cli("--as", user, environ=environ)


@pytest.fixture
def forced(tmp_path) -> Forced:
    f = Forced(tmp_path)
    for step in (["init"], ["user", "add", "alice", "--email", "alice@example.org"],
                 ["customer", "add", "Acme", "--currency", "EUR"],
                 ["project", "add", "Web", "--customer", "Acme"],
                 ["activity", "add", "Dev", "--project", "Web"],
                 ["user", "add", "carol", "--role", "ROLE_CUSTOMER", "--customer", "Acme"],
                 ["--as", "alice", "add", "--project", "Web", "--activity", "Dev", "--begin",
                  "2026-11-02 08:00", "--duration", "1:30", "--description",
                  "ssh-ed25519 AAAA-attackers-key mallory"]):
        outcome = f.cli(*step)
        assert outcome.code == 0, (step, outcome)
    return f
