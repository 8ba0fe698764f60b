"""`kimai-tui import kimai` as a whole process: the JSON report, exit codes, and PyMySQL
loaded by this command only (every other command keeps it out at start-up)."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from kimport_support import REPO

pytestmark = pytest.mark.mariadb


def _run(tmp_path, *args, code: str | None = None):
    env = dict(os.environ, XDG_DATA_HOME=str(tmp_path / "data"),
               XDG_CONFIG_HOME=str(tmp_path / "config"), HOME=str(tmp_path))
    db = f"sqlite:///{tmp_path / 'k.sqlite'}"
    argv = ["--database", db, *args]
    program = code or ("import sys; from kimai_tui.cli.main import run; "
                       f"sys.exit(run({argv!r}))")
    return subprocess.run([sys.executable, "-c", program], cwd=REPO, env=env,
                          capture_output=True, text=True, timeout=300)


def test_import_prints_a_json_report_and_a_rerun_writes_nothing(tmp_path, kimai_small):
    _, url, facts = kimai_small
    first = _run(tmp_path, "import", "kimai", "--from", url, "--json")
    assert first.returncode == 0, first.stderr
    report = json.loads(first.stdout)
    assert report["counts"]["timesheet"]["new"] == facts["records"]
    assert {"kind": "timesheet", "id": str(facts["orphan_record"]),
            "reason": "its user #150 was not imported"} in report["unmapped"]
    again = json.loads(_run(tmp_path, "import", "kimai", "--from", url, "--json").stdout)
    assert again["counts"]["timesheet"] == {"new": 0, "changed": 0,
                                            "unchanged": facts["records"]}


def test_bad_source_and_unreachable_server_exit_with_one_line(tmp_path):
    bad = _run(tmp_path, "import", "kimai", "--from", "sqlite:///x")
    assert bad.returncode == 2 and "mysql://USER@HOST[:PORT]/DATABASE" in bad.stderr
    down = _run(tmp_path, "import", "kimai", "--from", "mysql://root@127.0.0.1:1/kimai")
    assert down.returncode == 4 and "cannot read Kimai at mysql://root@127.0.0.1:1/kimai" \
        in down.stderr
    assert len(down.stderr.strip().splitlines()) == 1


def test_only_the_import_command_loads_the_mysql_driver(tmp_path):
    probe = ("import sys; from kimai_tui.cli.main import run; run({argv!r}); "
             "print('loaded' if sys.modules.get('pymysql') else 'absent')")
    db = f"sqlite:///{tmp_path / 'k.sqlite'}"
    status = _run(tmp_path, code=probe.format(argv=["--database", db, "status"]))
    assert status.stdout.strip().endswith("absent"), status.stderr
    imp = _run(tmp_path, code=probe.format(argv=["--database", db, "import", "kimai", "--from",
                                                 "mysql://root@127.0.0.1:1/x"]))
    assert imp.stdout.strip().endswith("loaded"), imp.stderr
