"""Several processes starting and stopping records for one user on one SQLite file at once
(rules.md §Running records: the limit must hold under concurrency, and nothing is lost)."""

from __future__ import annotations

import subprocess
import textwrap
import time

PROCESSES = 8
ROUNDS = 6

# Each worker is a shell loop of ROUNDS x (`kimai-tui start`, `kimai-tui stop --all`), every
# command its own process, all workers released at the same moment. It prints one line per
# command: "<command> <exit status>".
WORKER = textwrap.dedent("""
    while [ "$(date +%s%N)" -lt "$GO_AT_NS" ]; do sleep 0.01; done
    for i in $(seq "$ROUNDS"); do
        "$@" start --project Web --activity Dev >/dev/null 2>>"$ERRLOG"; echo "start $?"
        "$@" stop --all >/dev/null 2>>"$ERRLOG"; echo "stop $?"
    done
""")


def test_parallel_start_and_stop_keep_the_limit_and_lose_nothing(seeded):
    argv = seeded.argv()
    go_at_ns = time.time_ns() + 1_500_000_000
    procs = []
    for n in range(PROCESSES):
        env = dict(seeded.env, GO_AT_NS=str(go_at_ns), ROUNDS=str(ROUNDS),
                   ERRLOG=str(seeded.dir / f"worker{n}.err"))
        procs.append(subprocess.Popen(["bash", "-c", WORKER, "worker", *argv],
                                      cwd=seeded.dir, env=env, stdout=subprocess.PIPE,
                                      stderr=subprocess.PIPE, text=True))
    results = []
    for proc in procs:
        out, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err
        results.extend(line.split() for line in out.splitlines())
    errors = "".join(p.read_text() for p in seeded.dir.glob("worker*.err"))
    assert "Traceback" not in errors, errors

    assert len(results) == PROCESSES * ROUNDS * 2
    failures = [r for r in results if r[1] != "0"]
    assert not failures, (failures[:5], errors[:2000])
    starts = sum(1 for r in results if r[0] == "start" and r[1] == "0")
    assert starts == PROCESSES * ROUNDS
    assert seeded.count() == starts  # no record lost, none duplicated
    running = seeded.sql("SELECT count(*) FROM timesheet WHERE end_ts IS NULL")[0][0]
    assert running <= 1
    # Every stopped record is well-formed.
    bad = seeded.sql("SELECT id FROM timesheet WHERE end_ts IS NOT NULL AND "
                     "(end_ts < begin_ts OR duration <> end_ts - begin_ts)")
    assert bad == []


def test_parallel_cli_processes_each_start_once(seeded):
    """Eight separate `kimai-tui start` processes launched together: one record each, and at
    most one left running (hard_limit 1)."""
    procs = [subprocess.Popen(seeded.argv("start", "--project", "Web", "--activity", "Dev"),
                              cwd=seeded.dir, env=seeded.env, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True)
             for _ in range(PROCESSES)]
    codes, errors = [], []
    for proc in procs:
        _, err = proc.communicate(timeout=60)
        assert "Traceback" not in err, err
        codes.append(proc.returncode)
        errors.append(err)
    assert codes == [0] * PROCESSES, errors
    assert seeded.count() == PROCESSES
    assert seeded.sql("SELECT count(*) FROM timesheet WHERE end_ts IS NULL")[0][0] == 1
