"""Restricted sessions through the command line, in-process (cli.md "Restricted sessions").

The same forced command runs through a real sshd in test_sshd.py; here each rule is checked
directly and fast. Each test of a finding fails on the code before the fix.
"""

from __future__ import annotations

import csv
import io
import os
import stat

import pytest

from kimai_tui.cli.restricted import client_words, is_restricted
from kimai_tui.rules.errors import PermissionDenied, UsageError


# --- the client's words ----------------------------------------------------------------------

@pytest.mark.parametrize("command, words", [
    ("status", ["status"]),
    ("kimai-tui status --json", ["status", "--json"]),
    ("export --month 2026-10", ["export", "--month", "2026-10"]),
    ("start --project 'Kaesim SLA' --activity \"User Support\"",
     ["start", "--project", "Kaesim SLA", "--activity", "User Support"]),
    ("list --search '$(id); `id` | sh'", ["list", "--search", "$(id); `id` | sh"]),
    ("--json status", ["--json", "status"]),
])
def test_the_client_command_is_split_not_run(command, words):
    assert client_words(command) == words


@pytest.mark.parametrize("command", [
    "--database sqlite:////tmp/mine.sqlite status", "status --database=sqlite:////x",
    "--config /tmp/mine.yaml status", "--conf=/tmp/mine.yaml status",
    "--data /tmp/x status", "--as root status", "--as=root whoami", "list --as bob",
])
def test_identity_config_and_database_cannot_be_chosen(command):
    with pytest.raises(PermissionDenied):
        client_words(command)


@pytest.mark.parametrize("command", ["/bin/sh", "sh -c id", "bash -i", "scp -t .",
                                     "internal-sftp", "rsync --server", "git-upload-pack x",
                                     "status'", 'list "'])
def test_anything_else_is_not_a_command(command):
    with pytest.raises(UsageError):
        client_words(command)


def test_restricted_is_ssh_with_as_or_the_setting():
    assert is_restricted(False, "alice", {"SSH_CONNECTION": "a b c d"})
    assert not is_restricted(False, "alice", {})
    assert not is_restricted(False, None, {"SSH_CONNECTION": "a b c d"})
    assert is_restricted(True, None, {})


# --- the forced command ----------------------------------------------------------------------

def test_status_and_list_work_through_the_forced_command(forced):
    outcome = forced.run("list --json")
    assert outcome.code == 0, outcome
    assert "AAAA-attackers-key" in outcome.out


def test_export_is_streamed_to_the_client(forced):
    outcome = forced.run("export --from 2026-11-01 --to 2026-11-30")
    assert outcome.code == 0, outcome
    rows = list(csv.reader(io.StringIO(outcome.out)))
    assert rows[0][0] == "Date" and len(rows) == 2 and rows[1][0] == "2026-11-02"


@pytest.mark.parametrize("target", ["home/.ssh/authorized_keys", "home/.ssh/rc",
                                    "kimai.sqlite", "exports/mine.csv"])
def test_export_output_is_refused_in_a_restricted_session(forced, target):
    """Finding 1: an export to ~/.ssh/authorized_keys gave a shell; to ~/kimai.sqlite it
    replaced the database."""
    path = forced.dir / target
    before = path.read_bytes() if path.exists() else None
    outcome = forced.run(f"export --output {path}")
    assert outcome.code == 3, outcome
    assert "restricted session" in outcome.err
    assert (path.read_bytes() if path.exists() else None) == before


def test_a_customer_account_cannot_overwrite_the_database(forced):
    before = forced.db_file.read_bytes()[:100]
    outcome = forced.run(f"export --output {forced.db_file}", user="carol")
    assert outcome.code == 3
    assert forced.db_file.read_bytes()[:100] == before
    assert forced.cli("list", "--all-users", "--json").code == 0


@pytest.mark.parametrize("client, code", [
    ("--database sqlite:////tmp/other.sqlite status", 3), ("--as root status", 3),
    ("config check", 3), ("init", 3), ("demo --records 5", 3), ("sh -c id", 2),
])
def test_refused_client_commands(forced, client, code):
    outcome = forced.run(client)
    assert outcome.code == code, outcome
    assert outcome.out == ""


def test_no_command_and_no_terminal_does_not_open_the_tui(forced):
    """Finding 3: `ssh -T kimai@host </dev/null` left a TUI spinning on end-of-file."""
    outcome = forced.run(None)
    assert outcome.code == 2
    assert "needs a terminal" in outcome.err


def test_a_second_as_is_refused(forced):
    """Finding 9: the last --as won."""
    outcome = forced.cli("--as", "alice", "--as", "root", "whoami")
    assert outcome.code == 2 and "only once" in outcome.err


# --- exports outside restricted sessions -----------------------------------------------------

def test_an_export_file_is_private_and_complete(forced):
    target = forced.dir / "out.csv"
    outcome = forced.cli("--as", "alice", "export", "--output", str(target))
    assert outcome.code == 0, outcome
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert target.read_text().startswith("Date,")
    assert [p for p in forced.dir.iterdir() if p.name.endswith(".part")] == []


def test_an_export_replaces_a_symlink_instead_of_following_it(forced):
    """Finding 1: export files followed symlinks (a link to authorized_keys in a shared
    folder)."""
    link = forced.dir / "out.csv"
    link.symlink_to(forced.keys)
    before = forced.keys.read_text()
    outcome = forced.cli("--as", "alice", "export", "--output", str(link))
    assert outcome.code == 0, outcome
    assert forced.keys.read_text() == before
    assert not link.is_symlink() and link.read_text().startswith("Date,")


def test_the_restricted_export_directory_gets_new_private_files(forced):
    from kimai_tui.data import db
    from kimai_tui.data import users as users_repo
    from kimai_tui.queries import RecordFilter
    from kimai_tui.services import export_files
    from kimai_tui.services.context import Context
    from kimai_tui.settings import SecuritySettings, Settings

    settings = Settings(security=SecuritySettings(export_directory=str(forced.exports)))
    database = db.connect("sqlite:///" + str(forced.db_file))
    try:
        from datetime import datetime, timezone

        moment = datetime(2026, 11, 30, 9, 15, 7, tzinfo=timezone.utc)  # both exports at once
        ctx = Context(settings, database, users_repo.by_username("alice"), lambda: moment,
                      restricted=True)
        with pytest.raises(PermissionDenied):
            export_files.export_to_file(ctx, RecordFilter(), "csv", str(forced.keys))
        first = export_files.export_to_file(ctx, RecordFilter(), "csv", None)
        assert os.path.dirname(first.path) == str(forced.exports)
        assert os.path.basename(first.path) == "alice-20261130-091507.csv"
        assert first.written == 1
        assert stat.S_IMODE(os.stat(first.path).st_mode) == 0o600
        # the same second again: never replaced
        from kimai_tui.rules.errors import RuleRefused

        with pytest.raises(RuleRefused, match="exists already"):
            export_files.export_to_file(ctx, RecordFilter(), "csv", None)
    finally:
        database.close()


# --- secrets ---------------------------------------------------------------------------------

def test_config_check_masks_the_database_password(forced):
    forced.config.write_text("database: postgresql://kimai:Sup3rSecret@db.example/kimai\n")
    os.chmod(forced.config, 0o600)
    outcome = forced.cli("config", "check")
    assert outcome.code == 0, outcome
    assert "Sup3rSecret" not in outcome.out and "kimai:***@db.example" in outcome.out


def test_an_unexpected_error_is_one_line_and_logged_without_secrets(forced, monkeypatch):
    """Finding 8: an unexpected error's traceback showed the database URL and password."""
    from kimai_tui.cli import record_reads

    def broken(session):
        url = "postgresql://kimai:Sup3rSecret@db.example/kimai"
        raise RuntimeError(f"lost {url}")

    monkeypatch.setattr(record_reads, "status", broken)
    outcome = forced.cli("status")
    assert outcome.code == 5
    assert outcome.err.count("\n") == 1 and "Traceback" not in outcome.err
    assert "Sup3rSecret" not in outcome.err
    log = forced.dir / "state" / "kimai-tui" / "errors.log"
    assert str(log) in outcome.err
    text = log.read_text()
    assert "Traceback" in text and "RuntimeError" in text and "Sup3rSecret" not in text
    assert stat.S_IMODE(log.stat().st_mode) == 0o600


def test_a_config_others_may_write_is_exit_2(forced):
    os.chmod(forced.config, 0o666)
    outcome = forced.cli("status")
    assert outcome.code == 2 and "others may write" in outcome.err and outcome.out == ""
