"""The group-owned SQLite set-up (issue "faults lose nothing", item 7): followed without a
setgid folder, another member met a traceback while someone had a session open. Now that is
one line (exit 4) saying what to fix, and the documented set-up (setgid folder) works.

Runs as two throwaway accounts in one group; skipped, with the reason, where that cannot be.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from sshd_support import readable_program, unavailable

GROUP, MEMBERS = "ktkimaigrp", ("ktmemb1", "ktmemb2")
REASON = unavailable()
pytestmark = [pytest.mark.skipif(REASON is not None, reason=f"group set-up: {REASON}"),
              pytest.mark.xdist_group("os-accounts")]  # useradd: one worker


@pytest.fixture(scope="module")
def accounts():
    created = []
    if subprocess.run(["getent", "group", GROUP], capture_output=True).returncode != 0:
        subprocess.run(["groupadd", GROUP], check=True, capture_output=True)
        created.append(("group", GROUP))
    for name in MEMBERS:
        if subprocess.run(["id", name], capture_output=True).returncode != 0:
            subprocess.run(["useradd", "-m", name], check=True, capture_output=True)
            created.append(("user", name))
        subprocess.run(["usermod", "-aG", GROUP, name], check=True, capture_output=True)
    base = Path(tempfile.mkdtemp(prefix="kt-group-"))
    os.chmod(base, 0o755)
    program = readable_program(base, base / "bin" / "kimai-tui")
    yield base, program
    for name in MEMBERS:
        subprocess.run(["pkill", "-KILL", "-u", name], capture_output=True)
    for kind, name in reversed(created):
        subprocess.run(["userdel", "-r", name] if kind == "user" else ["groupdel", name],
                       capture_output=True)
    shutil.rmtree(base, ignore_errors=True)


def _as(member: str, program: Path, *args: str) -> subprocess.CompletedProcess:
    home = f"/home/{member}"
    return subprocess.run([shutil.which("runuser"), "-u", member, "--", str(program), *args],
                          env={"PATH": "/usr/bin:/bin", "HOME": home, "LANG": "C.UTF-8"},
                          cwd="/", capture_output=True, text=True, timeout=60)


HOLD_OPEN = """
import sqlite3, sys, time
conn = sqlite3.connect(sys.argv[1])
conn.execute("PRAGMA journal_mode=wal")
conn.execute("SELECT COUNT(*) FROM timesheet").fetchall()
print("open", flush=True)
time.sleep(30)
"""


@pytest.mark.parametrize("setgid", [False, True])
def test_a_second_member_while_a_session_is_open(accounts, setgid):
    base, program = accounts
    folder = base / ("setgid" if setgid else "plain")
    folder.mkdir()
    shutil.chown(folder, group=GROUP)
    os.chmod(folder, 0o2770 if setgid else 0o770)
    url = f"sqlite:///{folder / 'kimai.sqlite'}"
    first, second = MEMBERS
    assert _as(first, program, "--database", url, "init").returncode == 0
    assert _as(first, program, "--database", url, "user", "add", second).returncode == 0
    for path in folder.iterdir():
        shutil.chown(path, group=GROUP)
        os.chmod(path, 0o660)
    python = f"/usr/bin/python{sys.version_info.major}.{sys.version_info.minor}"
    holder = subprocess.Popen([shutil.which("runuser"), "-u", first, "--", python,
                               "-c", HOLD_OPEN, str(folder / "kimai.sqlite")],
                              stdout=subprocess.PIPE, text=True, cwd="/")
    try:
        assert holder.stdout.readline().strip() == "open"
        result = _as(second, program, "--database", url, "status")
    finally:
        subprocess.run(["pkill", "-KILL", "-u", first], capture_output=True)  # runuser's child
        holder.kill()
        holder.wait()
    assert "Traceback" not in result.stderr
    if setgid:  # the documented set-up: -wal and -shm belong to the group
        assert result.returncode == 0, result.stderr
    else:
        assert result.returncode == 4, result.stderr
        assert result.stderr.count("\n") == 1
        assert "chmod g+s" in result.stderr
