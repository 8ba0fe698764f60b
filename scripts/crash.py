#!/usr/bin/env python3
"""Crash test: writer processes killed with SIGKILL at random moments.

    python scripts/crash.py --kills 200                     # SQLite file in a temp dir
    python scripts/crash.py --database postgresql://postgres@127.0.0.1:5432/kt_crash --kills 60

The parent seeds the database, then repeatedly forks short-lived writers (`--parallel` at a
time). A writer connects on its own and loops: create a stopped record, start a record (which
stops the running one, hard_limit 1), edit, stop. After each COMMIT it writes one line to a
pipe ("C id", "S id", "E id desc"), then goes on. The parent kills it with SIGKILL after a
random 5-80 ms. Afterwards:

* SQLite `PRAGMA integrity_check` is "ok" (and `foreign_key_check` is empty);
* every acknowledged record exists, every acknowledged stop is stopped, every acknowledged
  edit's description (or a later one) is stored;
* at most one record is running (hard_limit 1 held across the crashes).

`timer_survives()` (also run here) starts a record with a fixed clock in a writer that is
then killed; a fresh process (`kimai-tui status --json`) shows it running with
elapsed = now - begin.

Prints its figures; exit status 0 when nothing failed.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from stress import reset_database  # noqa: E402  (scripts/ is on sys.path when run directly)


def seed(url: str, username: str) -> dict:
    from kimai_tui.data import catalogue, db, users

    reset_database(url)
    database = db.connect(url)
    try:
        user = users.create({"username": username, "roles": "ROLE_SUPER_ADMIN",
                             "timezone": "Europe/Berlin", "hourly_rate": 60})
        customer = catalogue.create("customer", {"name": "Acme", "currency": "EUR"})
        project = catalogue.create("project", {"name": "Web", "customer": customer})
        activity = catalogue.create("activity", {"name": "Dev", "project": project})
        return {"user": user, "project": project, "activity": activity}
    finally:
        database.close()


def _settings():
    from kimai_tui.settings import Settings

    return Settings()


def _writer(url: str, world: dict, fd: int, seed_: int, clock=None) -> None:
    """Runs in the forked child until killed. Acknowledges each commit on fd."""
    from kimai_tui.data import db
    from kimai_tui.data import users as users_repo
    from kimai_tui.rules.errors import KimaiError
    from kimai_tui.services import timesheets
    from kimai_tui.services.context import Context, system_clock
    from kimai_tui.services.record_save import RecordChanges

    rng = random.Random(seed_)
    database = db.connect(url)
    ctx = Context(_settings(), database, users_repo.get(world["user"]), clock or system_clock)
    os.write(fd, b"R\n")  # connected: the parent's 5-80 ms start now
    n = 0
    while True:
        n += 1
        ch = RecordChanges(project_id=world["project"], activity_id=world["activity"],
                           description=f"s{seed_}-{n}", tags=(f"t{rng.randrange(5)}",))
        op = rng.randrange(4)
        try:
            if op == 0:
                ch.begin = ctx.now() - timedelta(days=rng.randrange(1, 300))
                ch.duration = rng.randrange(60, 8 * 3600)
                rec, _ = timesheets.create(ctx, ch)
                os.write(fd, f"C {rec.id}\n".encode())
            elif op == 1:
                rec, stopped = timesheets.start(ctx, ch)
                os.write(fd, (f"C {rec.id}\n" + "".join(f"S {r.id}\n" for r in stopped)
                              ).encode())
            elif op == 2:
                running = timesheets.running(ctx)
                if running:
                    rec = timesheets.update(ctx, running[0].id,
                                            RecordChanges(description=f"e{seed_}-{n}"))
                    os.write(fd, f"E {rec.id} e{seed_}-{n}\n".encode())
            else:
                for r in timesheets.stop(ctx, all_running=True):
                    os.write(fd, f"S {r.id}\n".encode())
        except KimaiError:
            pass


def _preload() -> None:
    """Import in the parent what the writers use, so a forked writer starts in milliseconds."""
    import kimai_tui.services.timesheets  # noqa: F401
    import kimai_tui.services.record_save  # noqa: F401
    import kimai_tui.data.db  # noqa: F401


def _wait_ready(fd: int, timeout: float = 30) -> bytes:
    """Read up to the writer's "R" line (it has connected); returns what came with it."""
    import select

    data = b""
    deadline = time.monotonic() + timeout
    while b"R\n" not in data and time.monotonic() < deadline:
        ready, _, _ = select.select([fd], [], [], max(0.0, deadline - time.monotonic()))
        if not ready:
            break
        chunk = os.read(fd, 65536)
        if not chunk:
            break
        data += chunk
    return data


def _spawn(url: str, world: dict, seed_: int, clock=None) -> tuple[int, int]:
    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never returns
        os.close(r)
        code = 0
        try:
            _writer(url, world, w, seed_, clock)
        except BaseException:
            import traceback
            traceback.print_exc()
            code = 70
        os._exit(code)
    os.close(w)
    return pid, r


def _drain(fd: int, head: bytes = b"") -> str:
    chunks = [head]
    while True:
        data = os.read(fd, 65536)
        if not data:
            break
        chunks.append(data)
    os.close(fd)
    return "".join(line + "\n" for line in b"".join(chunks).decode().splitlines()
                   if line != "R")


def run(url: str, kills: int = 200, parallel: int = 2, seed_: int = 1,
        username: str = "root") -> tuple[dict, list[str]]:
    world = seed(url, username)
    _preload()
    rng = random.Random(seed_)
    acks: list[str] = []
    killed = exited = 0
    started = time.monotonic()
    live: list[tuple[int, int, bytes]] = []
    n = 0
    while killed < kills:
        while len(live) < parallel and killed + len(live) < kills:
            n += 1
            pid, fd = _spawn(url, world, seed_ * 100000 + n)
            live.append((pid, fd, _wait_ready(fd)))
        time.sleep(rng.uniform(0.005, 0.080))
        pid, fd, head = live.pop(rng.randrange(len(live)))
        os.kill(pid, signal.SIGKILL)
        _, status = os.waitpid(pid, 0)
        if os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL:
            killed += 1
        else:
            exited += 1  # it died on its own: a failure
        acks += _drain(fd, head).splitlines()
    for pid, fd, head in live:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        acks += _drain(fd, head).splitlines()
    figures = {"kills": killed, "writers_died_on_their_own": exited,
               "acknowledged_writes": len(acks), "seconds": round(time.monotonic() - started, 1)}
    problems = [f"{exited} writers exited without being killed"] if exited else []
    problems += verify(url, acks, figures)
    return figures, problems


def verify(url: str, acks: list[str], figures: dict) -> list[str]:
    from kimai_tui.data import db
    from kimai_tui.data.models import Timesheet

    problems = []
    path = db.sqlite_path(url)
    if path is not None:
        import sqlite3

        conn = sqlite3.connect(path)
        result = conn.execute("PRAGMA integrity_check").fetchall()
        fk = conn.execute("PRAGMA foreign_key_check").fetchall()
        conn.close()
        figures["integrity_check"] = result[0][0]
        if result != [("ok",)]:
            problems.append(f"integrity_check: {result[:5]}")
        if fk:
            problems.append(f"foreign_key_check: {fk[:5]}")
    database = db.connect(url)
    try:
        rows = {r.id: r for r in Timesheet.select()}
        created, stopped, described = set(), set(), {}
        for line in acks:
            kind, rid, *rest = line.split()
            rid = int(rid)
            (created if kind == "C" else stopped if kind == "S" else set()).add(rid)
            if kind == "E":
                described[rid] = rest[0]
        for rid in sorted(created):
            if rid not in rows:
                problems.append(f"acknowledged record #{rid} is missing")
        for rid in sorted(stopped):
            if rid in rows and rows[rid].end_ts is None:
                problems.append(f"acknowledged stop of #{rid} lost: it is running")
        for rid, desc in described.items():
            if rid in rows and rows[rid].description.startswith("s"):
                problems.append(f"acknowledged edit of #{rid} ({desc}) lost")
        running = sum(1 for r in rows.values() if r.end_ts is None)
        if running > 1:
            problems.append(f"{running} records running, hard_limit 1")
        figures["records"] = len(rows)
        figures["acknowledged_records_checked"] = len(created)
    finally:
        database.close()
    return problems


def timer_survives(url: str, workdir: Path, username: str = "root") -> tuple[dict, list[str]]:
    """Start a record 1:02:03 in the past in a writer, SIGKILL it, then ask a new process."""
    from kimai_tui.data import db
    from kimai_tui.data import users as users_repo
    from kimai_tui.services import timesheets
    from kimai_tui.services.context import Context
    from kimai_tui.services.record_save import RecordChanges

    world = seed(url, username)
    begin = datetime.now(timezone.utc).replace(microsecond=0) - timedelta(seconds=3723)
    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(r)
        try:
            database = db.connect(url)
            ctx = Context(_settings(), database, users_repo.get(world["user"]), lambda: begin)
            rec, _ = timesheets.start(ctx, RecordChanges(project_id=world["project"],
                                                         activity_id=world["activity"],
                                                         description="survivor"))
            os.write(w, f"{rec.id}\n".encode())
            time.sleep(60)  # killed long before
        finally:
            os._exit(0)
    os.close(w)
    line = os.read(r, 100).decode().strip()
    os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)
    os.close(r)
    problems = []
    config = workdir / "kimai.yaml"
    config.write_text("kimai: {}\n")
    env = dict(os.environ, NO_COLOR="1", XDG_CONFIG_HOME=str(workdir),
               XDG_DATA_HOME=str(workdir), PYTHONPATH=str(REPO))
    before = datetime.now(timezone.utc)
    proc = subprocess.run([sys.executable, "-m", "kimai_tui.cli.main", "--config", str(config),
                           "--database", url, "--as", username, "status", "--json"],
                          cwd=workdir, env=env, capture_output=True, text=True, timeout=60)
    after = datetime.now(timezone.utc)
    if proc.returncode != 0:
        return {}, [f"status after the crash: exit {proc.returncode}: {proc.stderr}"]
    records = json.loads(proc.stdout)
    figures = {"running_after_restart": len(records)}
    if [str(r["id"]) for r in records] != [line]:
        problems.append(f"running after the crash: {records}, expected #{line}")
    else:
        rec = records[0]
        got = datetime.fromisoformat(rec["begin"])
        low = int((before.replace(microsecond=0) - begin).total_seconds())
        high = int((after - begin).total_seconds()) + 1
        figures.update(begin=rec["begin"], elapsed=rec["duration"], expected=f"{low}..{high}")
        if got != begin:
            problems.append(f"begin {rec['begin']} != {begin.isoformat()}")
        if not (low <= rec["duration"] <= high) or not rec["running"]:
            problems.append(f"elapsed {rec['duration']} not in {low}..{high} (or not running)")
    return figures, problems


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--database", help="URL; default an SQLite file in a temp dir")
    ap.add_argument("--kills", type=int, default=200)
    ap.add_argument("--parallel", type=int, default=2)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="kt-crash-"))
    url = args.database or "sqlite:///" + str(workdir / "crash.sqlite")
    import getpass

    user = getpass.getuser()
    figures, problems = run(url, args.kills, args.parallel, args.seed, user)
    print("crash: " + ", ".join(f"{k}={v}" for k, v in figures.items())
          + f", problems={len(problems)}")
    tf, tp = timer_survives(url, workdir, user)
    print("timer: " + ", ".join(f"{k}={v}" for k, v in tf.items()) + f", problems={len(tp)}")
    for p in (problems + tp)[:20]:
        print("  PROBLEM:", p)
    return 1 if problems or tp else 0


if __name__ == "__main__":
    sys.exit(main())
