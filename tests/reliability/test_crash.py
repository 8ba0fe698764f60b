"""Issue #6 item 2: writers killed with SIGKILL at random moments (scripts/crash.py).

Default: 200 kills on SQLite, 40 on PostgreSQL; KIMAI_RELIABILITY_FULL=1: 1000 and 200.
"""

from __future__ import annotations

import getpass

import pytest

from kt_rel_support import FULL, figures

import crash  # scripts/crash.py


def test_sigkilled_writers_lose_no_acknowledged_write(database_url):
    sqlite = database_url.startswith("sqlite")
    kills = (1000 if FULL else 200) if sqlite else (200 if FULL else 40)
    result, problems = crash.run(database_url, kills=kills, parallel=2, seed_=11,
                                 username=getpass.getuser())
    figures("crash", backend="sqlite" if sqlite else "postgresql", **result,
            problems=len(problems))
    assert result["kills"] == kills
    assert result["acknowledged_writes"] > 0
    if sqlite:
        assert result["integrity_check"] == "ok"
    assert not problems, "\n".join(problems[:20])


def test_running_timer_survives_a_kill_with_the_right_elapsed_time(database_url, tmp_path):
    result, problems = crash.timer_survives(database_url, tmp_path, getpass.getuser())
    figures("timer-after-crash", **result, problems=len(problems))
    assert not problems, problems
    assert result["running_after_restart"] == 1
