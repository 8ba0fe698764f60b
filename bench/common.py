"""What the benchmark's parts share: where things are, the environment commands run in, and
timing a command as a whole process."""

from __future__ import annotations

import os
import statistics
import subprocess
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
OUT = BENCH / "out"
PY = ROOT / ".venv" / "bin" / "python"
KIMAI = ROOT / ".venv" / "bin" / "kimai-tui"
CONFIG = BENCH / "kimai.yaml"
USER = "maria"  # the first demo user: leads the Support team (every demo user)
TEAM = "Support"


def env() -> dict:
    """Our environment with the XDG dirs inside bench/out (the parsed-config cache too), no
    colours, a wide table."""
    e = dict(os.environ)
    e.pop("KIMAI_TUI_CONFIG", None)
    e["XDG_CONFIG_HOME"] = str(OUT / "xdg-config")
    e["XDG_DATA_HOME"] = str(OUT / "xdg-data")
    e["XDG_CACHE_HOME"] = str(OUT / "xdg-cache")
    e["NO_COLOR"] = "1"
    e["COLUMNS"] = "200"
    return e


def timed_run(argv, repeat: int, environ=None, check=True, timeout=300) -> dict:
    """`repeat` runs of a whole process: {"runs": [seconds...]}. A failing run stops the
    benchmark with the command's output (a time of a failure would be no measure)."""
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        proc = subprocess.run([str(a) for a in argv], env=environ or env(), cwd=OUT,
                              capture_output=True, text=True, timeout=timeout)
        times.append(time.perf_counter() - started)
        if check and proc.returncode != 0:
            raise SystemExit(f"failed: {' '.join(map(str, argv))}\n{proc.stdout}\n{proc.stderr}")
    return {"runs": times}


def median(value):
    """The median of a row: {"runs": [...]}, a list, or a number."""
    if isinstance(value, dict):
        value = value.get("runs")
    if isinstance(value, list):
        return statistics.median(value) if value else None
    return value


def maximum(value):
    if isinstance(value, dict):
        value = value.get("runs")
    if isinstance(value, list):
        return max(value) if value else None
    return value
