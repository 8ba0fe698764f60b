#!/usr/bin/env python3
"""Run test suites against PostgreSQL: creates a fresh database, runs pytest with the
kt_pg_plugin (tests/reliability/kt_pg_plugin.py) and KIMAI_TEST_DATABASE set, drops it.

    python scripts/pg_suite.py                       # tests/services and tests/cli
    python scripts/pg_suite.py tests/services -x     # any pytest arguments
    KIMAI_TEST_PG_SERVER=postgresql://user:pw@host:5432/postgres python scripts/pg_suite.py

Prints the pytest summary and exits with pytest's status.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
HERE = REPO / "tests" / "reliability"
sys.path.insert(0, str(HERE))

from kt_rel_support import (pg_create_database, pg_drop_database,  # noqa: E402
                            pg_unreachable_reason)


def main(argv: list[str]) -> int:
    reason = pg_unreachable_reason()
    if reason:
        print(f"pg_suite: {reason}", file=sys.stderr)
        return 2
    args = argv or ["tests/services", "tests/cli"]
    url = pg_create_database("kt_suite")
    print(f"pg_suite: database {url}", flush=True)
    env = dict(os.environ, KIMAI_TEST_DATABASE=url,
               PYTHONPATH=str(HERE) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    try:
        return subprocess.call([sys.executable, "-m", "pytest", "-p", "kt_pg_plugin",
                                "-p", "no:cacheprovider", "-rfE", *args], cwd=REPO, env=env)
    finally:
        pg_drop_database(url)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
