"""The two ways kimai-tui is installed, for the CLI timings.

- editable: the repository's `.venv` (`pip install -e`, what `./dev` makes). Its import hook
  costs every process some milliseconds, and it has the test extras (psycopg2, which Peewee
  imports when it is there).
- normal: `bench/out/normal-venv`, `pip install` of a copy of the source (no extras), as a
  user installs it. Made once, and installed again (without touching its dependencies) when
  the source tree's hash changed.
"""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCE_FILES = ("pyproject.toml", "README.md", "LICENSE")


def source_hash() -> str:
    """sha256 of the package's files and pyproject.toml (caches and bytecode left out)."""
    digest = hashlib.sha256()
    paths = [ROOT / name for name in SOURCE_FILES if (ROOT / name).exists()]
    paths += sorted(p for p in (ROOT / "kimai_tui").rglob("*")
                    if p.is_file() and "__pycache__" not in p.parts and p.suffix != ".pyc")
    for path in paths:
        digest.update(str(path.relative_to(ROOT)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def normal_venv(out: Path) -> dict:
    """The normal install's venv, up to date with the source. {"kimai": path, "python": path,
    "installed": "reused" | "installed" | "reinstalled", "seconds": ...} or {"error": ...}."""
    import time

    venv = out / "normal-venv"
    stamp = venv / ".source-hash"
    wanted = source_hash()
    info = {"kimai": str(venv / "bin" / "kimai-tui"), "python": str(venv / "bin" / "python")}
    if stamp.exists() and stamp.read_text() == wanted and (venv / "bin" / "kimai-tui").exists():
        return info | {"installed": "reused"}
    started = time.perf_counter()
    fresh = not (venv / "bin" / "python").exists()
    if fresh:
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    # A copy of the source: pip builds in the source tree (build/, *.egg-info), and the
    # repository outside bench/ is not the benchmark's to write in.
    source = out / "normal-src"
    shutil.rmtree(source, ignore_errors=True)
    source.mkdir(parents=True)
    for name in SOURCE_FILES:
        if (ROOT / name).exists():
            shutil.copy2(ROOT / name, source / name)
    shutil.copytree(ROOT / "kimai_tui", source / "kimai_tui",
                    ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    argv = [str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet",
            "--disable-pip-version-check", str(source)]
    if not fresh:  # the dependencies are there: only the package again
        argv[4:4] = ["--force-reinstall", "--no-deps"]
    proc = subprocess.run(argv, capture_output=True, text=True)
    if proc.returncode:
        return {"error": f"pip install failed: {proc.stderr.strip()[-400:]}"}
    stamp.write_text(wanted)
    return info | {"installed": "installed" if fresh else "reinstalled",
                   "seconds": time.perf_counter() - started}
