"""The shared server through a real OpenSSH server on loopback (issue: the shared server is
safe). Every person's key runs `kimai-tui --as NAME` as the service account; these tests try
what an attacker with such a key would try, and what a team lead does every day.

Skipped, with the reason printed, only where sshd cannot run (not root, no sshd; `.ci/run`
installs Debian's openssh-server first).
"""

from __future__ import annotations

import csv
import io
import shlex
import shutil
import stat
import subprocess
import time

import pytest

from sshd_support import SshServer, unavailable

REASON = unavailable()
pytestmark = [pytest.mark.skipif(REASON is not None, reason=f"sshd suite skipped: {REASON}"),
              pytest.mark.xdist_group("os-accounts")]  # useradd: one worker


@pytest.fixture(scope="module")
def server():
    print(f"\n[sshd] {'skipped: ' + REASON if REASON else 'running against a real sshd'}")
    srv = SshServer()
    try:
        srv.start()
        yield srv
    finally:
        srv.stop()


@pytest.fixture
def keys_unchanged(server):
    before = server.authorized_keys.read_bytes()
    yield
    assert server.authorized_keys.read_bytes() == before, "authorized_keys changed"
    assert server.database.read_bytes()[:16] == b"SQLite format 3\x00"


def _mallory_gets_in(server) -> bool:
    """Can a key that is not in authorized_keys log in (with or without a command)?"""
    return server.ssh("mallory", "id").returncode != 255


# --- everyday use ----------------------------------------------------------------------------

def test_status_feeds_a_status_line(server):
    result = server.ssh("alice", "status", "--json")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


def test_export_streams_to_the_persons_own_machine(server, keys_unchanged):
    result = server.ssh("alice", "export", "--from", "2026-11-01", "--to", "2026-11-30")
    assert result.returncode == 0, result.stderr
    rows = list(csv.reader(io.StringIO(result.stdout)))
    assert rows[0][0] == "Date"
    assert [r[rows[0].index("Description")] for r in rows[1:]] == ["work of alice"]


def test_quoted_words_reach_the_command_as_words(server, keys_unchanged):
    result = server.ssh("alice", "list --search 'work of' --json")
    assert result.returncode == 0, result.stderr
    assert '"work of alice"' in result.stdout and "bob" not in result.stdout


# --- what an attacker with a key tries -------------------------------------------------------

@pytest.mark.parametrize("command", [
    ["/bin/sh"], ["sh", "-c", "id"], ["id;", "sh"], ["$(id)"], ["bash", "-i"],
    ["scp", "-t", ".ssh/authorized_keys"], ["rsync", "--server", "."],
    ["status;", "id"], ["status", "&&", "id"],
])
def test_no_shell_for_any_command(server, keys_unchanged, command):
    result = server.ssh("alice", *command)
    assert result.returncode == 2, (result.stdout, result.stderr)
    assert "uid=" not in result.stdout and "uid=" not in result.stderr


def test_sftp_and_scp_get_no_file_service(server, tmp_path, keys_unchanged):
    planted = tmp_path / "authorized_keys"
    planted.write_text(server.keys["mallory"].with_suffix(".pub").read_text())
    scp = subprocess.run(["scp", "-O", "-F", "/dev/null", "-i", str(server.keys["alice"]),
                          "-P", str(server.port), "-o", "StrictHostKeyChecking=no",
                          "-o", "UserKnownHostsFile=/dev/null", "-o", "BatchMode=yes",
                          str(planted), f"ktkimai@127.0.0.1:.ssh/authorized_keys"],
                         capture_output=True, text=True, timeout=60)
    assert scp.returncode != 0
    result = subprocess.run([*server.ssh_argv("alice", "-T", "-s"), "sftp"],
                            capture_output=True, text=True, timeout=60,
                            stdin=subprocess.DEVNULL)
    assert result.returncode != 0
    assert not _mallory_gets_in(server)


@pytest.mark.parametrize("command", [
    ["--database", "sqlite:////tmp/mine.sqlite", "status"],
    ["--config", "/tmp/mine.yaml", "status"], ["--as", "admin", "whoami"],
    ["--as=admin", "user", "list"], ["--data", "sqlite:////tmp/x", "status"],
    ["config", "check"], ["init", "--admin", "alice"],
])
def test_no_choosing_the_database_config_or_identity(server, keys_unchanged, command):
    result = server.ssh("alice", *command)
    assert result.returncode == 3, (result.stdout, result.stderr)
    assert result.stdout == ""


def test_a_key_in_a_description_exported_to_authorized_keys_gives_no_login(server,
                                                                            keys_unchanged):
    """Finding 1 replayed: plant a key in a description, export CSV to authorized_keys."""
    mallory = server.keys["mallory"].with_suffix(".pub").read_text().strip()
    added = server.ssh("alice", shlex.join([
        "add", "--project", "Web", "--activity", "Dev", "--begin", "2026-11-04 08:00",
        "--duration", "0:10", "--description", f"x\n{mallory}"]))
    assert added.returncode == 0, added.stderr
    for target in (".ssh/authorized_keys", "~/.ssh/authorized_keys", ".ssh/rc",
                   str(server.authorized_keys)):
        result = server.ssh("alice", "export", "--output", target)
        assert result.returncode == 3, result.stderr
        assert "restricted session" in result.stderr
    assert not _mallory_gets_in(server)
    assert not (server.home / ".ssh" / "rc").exists()


def test_a_customer_account_cannot_replace_the_database(server, keys_unchanged):
    before = server.database.stat().st_size
    result = server.ssh("carol", "export", "--output", "kimai.sqlite")
    assert result.returncode == 3
    assert server.database.stat().st_size == before
    assert server.ssh("carol", "list", "--all-users", "--json").returncode == 0


def test_no_terminal_and_no_command_ends_at_once(server):
    """Finding 3: `ssh -T kimai@host </dev/null` left a TUI at 30-50 % CPU."""
    started = time.monotonic()
    result = server.ssh("alice", options=("-T",), timeout=30)
    assert result.returncode == 2 and "needs a terminal" in result.stderr
    assert time.monotonic() - started < 10
    _wait_until(lambda: not server.account_processes(), 5)


# --- the TUI over ssh -t, driven through tmux ------------------------------------------------

def _tmux(*args: str) -> str:
    return subprocess.run(["tmux", *args], capture_output=True, text=True, timeout=30).stdout


def _wait_until(check, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.2)
    assert check()


def _screen(session: str) -> str:
    return _tmux("capture-pane", "-p", "-t", session)


@pytest.fixture
def tui(server):
    if shutil.which("tmux") is None:
        pytest.skip("tmux is not installed")
    session = "kt-sshd-tui"
    _tmux("kill-session", "-t", session)
    command = " ".join(server.ssh_argv("alice", "-tt"))
    _tmux("new-session", "-d", "-s", session, "-x", "100", "-y", "30",
          f"TERM=xterm-256color {command}")
    _wait_until(lambda: "Timesheet" in _screen(session), 30)
    yield session
    _tmux("kill-session", "-t", session)


def _exports(server) -> set:
    """The finished files of the export directory (a file being written has a hidden name)."""
    return {p for p in server.exports.iterdir() if not p.name.startswith(".")}


def test_the_tui_exports_only_into_the_export_directory(server, tui, keys_unchanged):
    before = _exports(server)
    _tmux("send-keys", "-t", tui, "X")
    _wait_until(lambda: "On your own computer" in _screen(tui), 15)
    screen = _screen(tui)
    assert "ssh " in screen and " export " in screen
    _tmux("send-keys", "-t", tui, "C-s")
    _wait_until(lambda: len(_exports(server) - before) == 1, 15)
    (new,) = _exports(server) - before
    assert new.name.startswith("alice-") and new.suffix == ".csv"
    assert stat.S_IMODE(new.stat().st_mode) == 0o600
    assert new.stat().st_uid == server.pw.pw_uid


def test_a_dropped_connection_leaves_no_process(server, tui):
    _wait_until(lambda: server.account_processes(), 10)
    subprocess.run(["pkill", "-KILL", "-f", f"ssh .*-p {server.port} .*-tt"],
                   capture_output=True)
    _wait_until(lambda: not server.account_processes(), 5)
