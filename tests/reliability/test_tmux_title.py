"""Issue #11 finding 7, end to end in a real terminal: a description holding an OSC 0 "set
the title" sequence, opened in the record editor, set the tmux pane title of whoever opened
it. The real program runs in tmux (a private server); the pane title must stay as it was and
the sequence must show as visible text. A control pane proves this tmux does act on OSC 0.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import time

import pytest

from kt_rel_support import cli_env, run_cli

pytestmark = pytest.mark.skipif(shutil.which("tmux") is None, reason="needs tmux")
OSC_TITLE = "\x1b]0;pwned\x07\x1b]2;pwned2\x07"


def _tmux(socket, *args: str) -> str:
    return subprocess.run(["tmux", "-S", str(socket), *args], capture_output=True, text=True,
                          check=True, timeout=20).stdout


def _wait_for(socket, target: str, text: str, seconds: float = 30) -> str:
    deadline = time.monotonic() + seconds
    screen = ""
    while time.monotonic() < deadline:
        screen = _tmux(socket, "capture-pane", "-p", "-t", target)
        if text in screen:
            return screen
        time.sleep(0.2)
    raise AssertionError(f"{text!r} never appeared:\n{screen}")


def _title(socket, target: str) -> str:
    return _tmux(socket, "display", "-p", "-t", target, "#{pane_title}").strip()


def test_an_osc_title_in_a_description_leaves_the_pane_title_alone(tmp_path):
    url = "sqlite:///" + str(tmp_path / "k.sqlite")
    for args in (["customer", "add", "Acme"], ["project", "add", "Web", "--customer", "Acme"],
                 ["activity", "add", "Dev", "--project", "Web"],
                 ["add", "--project", "Web", "--activity", "Dev", "--begin", "-3h",
                  "--duration", "1:00", "--description", "plain"]):
        done = run_cli(["--database", url, *args], tmp_path)
        assert done.returncode == 0, done.stderr
    # Stored as text from before the services refused it (or imported) would be.
    store = ("from kimai_tui.data import db; from kimai_tui.data.models import Timesheet; "
             f"d = db.connect({url!r}); "
             f"Timesheet.update(description={OSC_TITLE + ' hello'!r}).execute(); d.close()")
    env = cli_env(tmp_path)
    subprocess.run([sys.executable, "-c", store], env=env, check=True, timeout=60)
    env.pop("NO_COLOR")
    env["TERM"] = "xterm-256color"
    socket = tmp_path / "tmux.sock"
    command = " ".join([sys.executable, "-m", "kimai_tui.cli.main", "--database", url])
    _tmux(socket, "-f", "/dev/null", "new-session", "-d", "-x", "160", "-y", "45", "-s", "tui",
          "-e", f"XDG_CONFIG_HOME={env['XDG_CONFIG_HOME']}",
          "-e", f"XDG_DATA_HOME={env['XDG_DATA_HOME']}", "-e", f"PYTHONPATH={env['PYTHONPATH']}",
          "-e", "TERM=xterm-256color", command)
    try:
        _tmux(socket, "select-pane", "-t", "tui", "-T", "clean")
        _wait_for(socket, "tui", "Timesheet")
        _tmux(socket, "send-keys", "-t", "tui", "e")
        screen = _wait_for(socket, "tui", "Edit record #1")
        time.sleep(1)
        assert _title(socket, "tui") == "clean"
        assert "\\x1b]0;pwned\\x07" in screen  # the sequence, as visible text
        # The control: a program printing the same sequence does set this tmux's pane title.
        _tmux(socket, "new-session", "-d", "-s", "control",
              "printf '\\033]0;pwned\\007'; sleep 10")
        deadline = time.monotonic() + 10
        while _title(socket, "control") != "pwned" and time.monotonic() < deadline:
            time.sleep(0.2)
        assert _title(socket, "control") == "pwned"
    finally:
        subprocess.run(["tmux", "-S", str(socket), "kill-server"], capture_output=True,
                       timeout=20)
