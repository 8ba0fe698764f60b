"""First paint in a real terminal: spawn the TUI in a tmux pane and poll the pane until a
record row is on it (spawn -> first rows visible, as a person sees it).

Runs on its own tmux server (`-L kimai-bench`), so sessions of the tests or of other people
are never touched. A record row is a line with a date and a time (`2026-11-30  08:00`), which
neither the header nor the recent-work day headers (`Mon 30 Nov`) have.
"""

from __future__ import annotations

import re
import shlex
import shutil
import subprocess
import time

SOCKET = "kimai-bench"
SESSION = "first-paint"
ROW = re.compile(r"\d{4}-\d{2}-\d{2}\s+\d{1,2}:\d{2}")
POLL_S = 0.005
TIMEOUT_S = 30.0


def tmux(*args: str, check: bool = False) -> subprocess.CompletedProcess:
    return subprocess.run(["tmux", "-L", SOCKET, *args], capture_output=True, text=True,
                          check=check)


def one_sample(argv: list[str], environ: dict) -> float:
    """Seconds from `tmux new-session` to the first capture that shows a record row. The
    command runs with `environ` (given to it with env, as tmux does not pass ours)."""
    tmux("kill-session", "-t", SESSION)
    keep = {k: v for k, v in environ.items() if k.startswith(("XDG_", "KIMAI_", "PYTHON"))}
    keep["TERM"] = "xterm-256color"
    command = "env " + " ".join(f"{k}={shlex.quote(v)}" for k, v in keep.items()) + " " + \
        " ".join(shlex.quote(a) for a in argv)
    started = time.perf_counter()
    tmux("new-session", "-d", "-s", SESSION, "-x", "160", "-y", "48", command, check=True)
    try:
        while True:
            screen = tmux("capture-pane", "-p", "-t", SESSION).stdout
            if ROW.search(screen):
                return time.perf_counter() - started
            if time.perf_counter() - started > TIMEOUT_S:
                raise RuntimeError(f"no record row within {TIMEOUT_S:.0f} s; the pane shows: "
                                   f"{' / '.join(line for line in screen.splitlines() if line.strip())[:300]}")
            time.sleep(POLL_S)
    finally:
        tmux("kill-session", "-t", SESSION)


def first_paint(commands: dict[str, list[str]], environ: dict, repeat: int) -> dict:
    """`repeat` samples of each command (after one untimed warm-up each: the page cache),
    interleaved so a busy moment of the shared machine hits all alike: {name: {"runs":
    [...]}}, or {name: {"error" | "skipped": why}}."""
    if shutil.which("tmux") is None:
        return {name: {"skipped": "no tmux (apt-get install -y tmux)"} for name in commands}
    out: dict = {name: {"runs": []} for name in commands}
    try:
        for argv in commands.values():
            one_sample(argv, environ)
        for _ in range(repeat):
            for name, argv in commands.items():
                out[name]["runs"].append(one_sample(argv, environ))
    except (RuntimeError, subprocess.CalledProcessError) as exc:
        return {name: {"error": str(exc)[-400:]} for name in commands}
    finally:
        tmux("kill-server")
    return out
