"""Helpers of the fault-injection suite: a demo database, the CLI in-process and as a process,
a small file system (tmpfs, root only), and a private PostgreSQL cluster."""

from __future__ import annotations

import contextlib
import csv
import io
import os
import shutil
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from kimai_tui.cli.main import run

REPO = Path(__file__).resolve().parents[2]


def cli(database: str, *args: str, environ: dict | None = None) -> tuple[int, str, str]:
    """`kimai-tui --database DATABASE ARGS` in-process: (exit status, stdout, stderr)."""
    out, err = io.StringIO(), io.StringIO()
    env = {"HOME": os.environ.get("HOME", "/root"), **(environ or {})}
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = run(["--database", database, *args], env)
    return code, out.getvalue(), err.getvalue()


def process_env(tmp_path: Path, **extra: str) -> dict:
    env = dict(os.environ)
    env.pop("KIMAI_TUI_CONFIG", None)
    env.update({"XDG_CONFIG_HOME": str(tmp_path / "xdg-config"), "NO_COLOR": "1",
                "XDG_STATE_HOME": str(tmp_path / "state"),
                "PYTHONPATH": str(REPO) + os.pathsep + env.get("PYTHONPATH", ""), **extra})
    return env


def cli_argv(database: str, *args: str) -> list[str]:
    return [sys.executable, "-m", "kimai_tui.cli.main", "--database", database, *args]


def demo_database(path: Path, records: int) -> str:
    url = "sqlite:///" + str(path)
    code, _, err = cli(url, "demo", "--records", str(records))
    assert code == 0, err
    return url


def sql(path: Path, query: str, params=()) -> list[tuple]:
    with contextlib.closing(sqlite3.connect(path, timeout=30)) as conn:
        rows = conn.execute(query, params).fetchall()
        conn.commit()
        return rows


def csv_rows(path: Path) -> list[list[str]]:
    return list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))


@contextlib.contextmanager
def small_filesystem(size: str = "256k"):
    """A tmpfs of SIZE mounted on a new folder (root only; else the test is skipped)."""
    if os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("needs root to mount a small tmpfs (disk-full test)")
    folder = Path(tempfile.mkdtemp(prefix="kt-small-fs-"))
    proc = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)],
                          capture_output=True, text=True)
    if proc.returncode != 0:
        shutil.rmtree(folder, ignore_errors=True)
        pytest.skip(f"cannot mount a tmpfs here: {proc.stderr.strip()}")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], capture_output=True)
        shutil.rmtree(folder, ignore_errors=True)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class PrivateCluster:
    """A PostgreSQL cluster of our own in a temporary folder, run by the `postgres` account,
    that a test may stop and start under an open TUI."""

    def __init__(self) -> None:
        self.bin = _pg_bin()
        self.dir = Path(tempfile.mkdtemp(prefix="kt-pg-"))
        self.data = self.dir / "data"
        self.port = free_port()
        self.url = f"postgresql://postgres@127.0.0.1:{self.port}/kimai"

    def _as_postgres(self, *argv: str, check: bool = True) -> subprocess.CompletedProcess:
        return subprocess.run([shutil.which("runuser"), "-u", "postgres", "--", *argv],
                              capture_output=True, text=True, timeout=120, check=check,
                              cwd="/")

    def init(self) -> PrivateCluster:
        shutil.chown(self.dir, "postgres", "postgres")
        self._as_postgres(str(self.bin / "initdb"), "-D", str(self.data), "-A", "trust",
                          "-U", "postgres", "--no-sync")
        self.start()
        self._as_postgres(str(self.bin / "createdb"), "-h", "127.0.0.1", "-p", str(self.port),
                          "-U", "postgres", "kimai")
        return self

    def start(self) -> None:
        self._as_postgres(str(self.bin / "pg_ctl"), "-D", str(self.data), "-w", "-l",
                          str(self.dir / "log"), "-o",
                          f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1 "
                          "-c fsync=off", "start")

    def stop(self, mode: str = "fast") -> None:
        self._as_postgres(str(self.bin / "pg_ctl"), "-D", str(self.data), "-w", "-m", mode,
                          "stop", check=False)

    def remove(self) -> None:
        self.stop("immediate")
        shutil.rmtree(self.dir, ignore_errors=True)


def _pg_bin() -> Path:
    for folder in sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True):
        if (folder / "initdb").exists():
            return folder
    raise FileNotFoundError("initdb")


def private_cluster_unavailable() -> str | None:
    if os.geteuid() != 0:
        return "needs root to run a private PostgreSQL cluster as the postgres account"
    try:
        _pg_bin()
    except FileNotFoundError:
        return "PostgreSQL's initdb is not installed"
    try:
        import pwd

        pwd.getpwnam("postgres")
    except KeyError:
        return "no postgres account"
    try:
        import psycopg2  # noqa: F401
    except ImportError:
        return "psycopg2 is not installed"
    return None


def wait_until(check, seconds: float, step: float = 0.1) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(step)
    return bool(check())
