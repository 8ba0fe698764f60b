"""Issue #6 item 3: the existing service and CLI suites, run against PostgreSQL.

A fresh database is created on the server (KIMAI_TEST_PG_SERVER, default
postgresql://postgres@127.0.0.1:5432), the suite runs in a subprocess with
KIMAI_TEST_DATABASE pointing at it and the kt_pg_plugin loaded, and the database is dropped.
tests/services runs by default, in PARTS parts that pytest-xdist runs side by side; tests/cli
runs with KIMAI_RELIABILITY_FULL=1 or KIMAI_PG_SUITE_CLI=1.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from kt_rel_support import (FULL, REPO, figures, pg_create_database, pg_drop_database,
                            pg_unreachable_reason)

# Each suite runs in PARTS parts, each in its own process on its own database, so that
# pytest-xdist spreads them over the cores (whole, tests/services was the run's longest test).
PARTS = 4
SUITES = ["tests/services"]
if FULL or os.environ.get("KIMAI_PG_SUITE_CLI"):
    SUITES.append("tests/cli")


def _parts(folder: str) -> list:
    files = sorted(str(path.relative_to(REPO)) for path in (REPO / folder).glob("test_*.py"))
    return [pytest.param(" ".join(files[index::PARTS]), id=f"{folder}[{index + 1}/{PARTS}]")
            for index in range(PARTS) if files[index::PARTS]]


@pytest.mark.parametrize("suite", [part for folder in SUITES for part in _parts(folder)])
def test_suite_passes_on_postgresql(suite):
    if os.environ.get("KIMAI_TEST_DATABASE", "").startswith("postgres"):
        pytest.skip("already running against PostgreSQL (no nesting)")
    reason = pg_unreachable_reason()
    if reason:
        pytest.skip(f"PostgreSQL suite skipped: {reason} (set KIMAI_TEST_PG_SERVER)")
    url = pg_create_database("kt_suite")
    here = str(Path(__file__).resolve().parent)
    env = dict(os.environ, KIMAI_TEST_DATABASE=url,
               PYTHONPATH=here + os.pathsep + os.environ.get("PYTHONPATH", ""))
    try:
        proc = subprocess.run(
            [sys.executable, "-m", "pytest", "-p", "kt_pg_plugin", "-p", "no:cacheprovider",
             "-o", "addopts=", "-q", "-rfE", *suite.split()],
            cwd=REPO, env=env, capture_output=True, text=True, timeout=1800)
    finally:
        pg_drop_database(url)
    summary = proc.stdout.strip().splitlines()[-1] if proc.stdout.strip() else ""
    counts = dict((k, int(v)) for v, k in re.findall(r"(\d+) (passed|failed|error|errors|"
                                                     r"skipped|xfailed|xpassed)", summary))
    figures("postgres-suite", suite=suite, **counts)
    failed = [line for line in proc.stdout.splitlines() if line.startswith(("FAILED", "ERROR"))]
    assert proc.returncode == 0, "\n".join(failed) + "\n" + proc.stdout[-4000:] + proc.stderr[-2000:]
    assert counts.get("passed", 0) > 0
