"""kimai-tui speed benchmark (issues #7 and #18). See bench/README.md.

  .venv/bin/python bench/run.py                # 1M records, peers at 100k, 5 samples a row
  .venv/bin/python bench/run.py --quick        # 20k records, peers at 20k (~3 min)
Prints one table (measure / now / target / met?, the peers beside) and writes
bench/out/results-<records>.json.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import sqlite3
import subprocess
import sys
import time
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

from common import BENCH, CONFIG, KIMAI, OUT, PY, TEAM, USER, env, timed_run
import installs
import peers
import table
import tmux_probe

T0 = time.perf_counter()
FORMAT = "{state} {customer} {elapsed}"  # a status bar's line (cli.md: status --format)
PROJECT, ACTIVITY = "Kaesim SLA IT Support", "Kaesim SLA User Setup"
CUSTOMER = "Kaesim Cybersecurity"


def kimai(url: str, *args: str, binary: Path | str = KIMAI) -> list[str]:
    return [str(binary), "--config", str(CONFIG), "--database", url, "--as", USER, *args]


def say(text: str) -> None:
    print(f"{text} ({time.perf_counter() - T0:.0f} s)", flush=True)


# -- the database ----------------------------------------------------------------------------

def database(records: int, users: int, rebuild: bool) -> tuple[Path, dict]:
    """The cached demo database of RECORDS records (built once: `demo`, timed)."""
    path = OUT / f"kimai-{records}.sqlite"
    info_path = OUT / f"kimai-{records}.json"
    if rebuild or not path.exists() or not info_path.exists():
        for suffix in ("", "-wal", "-shm"):
            Path(str(path) + suffix).unlink(missing_ok=True)
        say(f"building {path.name}: demo --records {records} --users {users}")
        argv = [str(KIMAI), "--config", str(CONFIG), "--database", f"sqlite:///{path}", "demo",
                "--records", str(records), "--users", str(users)]
        started = time.perf_counter()
        subprocess.run(argv, env=env(), cwd=OUT, check=True, capture_output=True, timeout=900)
        info = {"records": records, "users": users, "build_s": time.perf_counter() - started,
                "built": time.time()}
        info_path.write_text(json.dumps(info))
    return path, json.loads(info_path.read_text())


def working_copy(cached: Path) -> str:
    """A fresh copy of the cached database for this run: the fixtures, the starts and stops,
    the invoice the probes make go there, so the cached one never grows."""
    con = sqlite3.connect(cached)
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()
    work = OUT / f"work-{cached.stem.split('-', 1)[1]}.sqlite"
    for suffix in ("", "-wal", "-shm"):
        Path(str(work) + suffix).unlink(missing_ok=True)
    shutil.copyfile(cached, work)
    return f"sqlite:///{work}"


def prepare(url: str) -> dict:
    """Nothing running, and the acting user's fixture records of today (bench/fixtures.py)."""
    subprocess.run(kimai(url, "stop", "--all"), env=env(), cwd=OUT, capture_output=True)
    proc = subprocess.run([str(PY), str(BENCH / "fixtures.py"), url, str(CONFIG), USER],
                          env=env(), cwd=OUT, capture_output=True, text=True, timeout=600)
    if proc.returncode:
        raise SystemExit(f"fixtures failed: {proc.stderr.strip()[-1000:]}")
    return json.loads(proc.stdout)


def query_plans(url: str) -> dict:
    """EXPLAIN QUERY PLAN of the queries the product runs most, with their time."""
    code = r'''
import json, sys, time
from datetime import datetime, timedelta, timezone
sys.path.insert(0, sys.argv[2])
from kimai_tui.data import db, timesheets as T, meta
from kimai_tui.data.models import Timesheet, User, MetaValue
d = db.connect(sys.argv[1])
uid = User.get(User.username == "maria").id
users = [u for (u,) in User.select(User.id).tuples()]
now = datetime.now(timezone.utc)
week = T.RecordFilter(user_ids=[uid], begin_from=now - timedelta(days=7), begin_to=now)
team = T.RecordFilter(user_ids=users)
queries = {
  "page: own week": T.where(T._base_query(), week).order_by(Timesheet.begin_ts.desc(), Timesheet.id.desc()).limit(200),
  "count: own week": T.where(Timesheet.select(Timesheet.id), week),
  "running(user)": T._base_query().where((Timesheet.user == uid) & Timesheet.end_ts.is_null()).order_by(Timesheet.begin_ts.desc(), Timesheet.id.desc()),
  "page: team, all time": T.where(T._base_query(), team).order_by(Timesheet.begin_ts.desc(), Timesheet.id.desc()).limit(200),
  "meta values_for(200 ids)": MetaValue.select(MetaValue.owner_id, MetaValue.name, MetaValue.value).where((MetaValue.kind == "timesheet") & MetaValue.owner_id.in_(list(range(1, 201)))),
  "recent_activities(user)": Timesheet.select(Timesheet.project, Timesheet.activity, Timesheet.begin_ts).where(Timesheet.user == uid).order_by(Timesheet.begin_ts.desc()).limit(500),
}
out = {}
for name, q in queries.items():
    sql, params = q.sql()
    started = time.perf_counter(); list(d.execute_sql(sql, params)); el = time.perf_counter() - started
    out[name] = {"ms": el * 1000, "plan": [r[-1] for r in d.execute_sql("EXPLAIN QUERY PLAN " + sql, params)]}
print(json.dumps(out))
'''
    proc = subprocess.run([str(PY), "-c", code, url, str(BENCH)], capture_output=True, text=True,
                          timeout=300, cwd=BENCH)
    if proc.returncode:
        return {"error": proc.stderr[-2000:]}
    return json.loads(proc.stdout)



# -- TUI -------------------------------------------------------------------------------------

def tui_probe_argv(url: str, *extra: str) -> list[str]:
    return [str(PY), str(BENCH / "tui_probe.py"), "--database", url, "--config", str(CONFIG),
            "--user", USER, *extra]


def tui_first_paint(url: str, repeat: int) -> dict:
    """`repeat` separate processes, each until the frame with the first record rows:
    make_app -> frame, process spawn -> frame, and the process's peak memory."""
    out: dict = {"make_app_s": [], "from_spawn_s": [], "peak_rss_mb": []}
    for _ in range(repeat):
        spawned = time.time()
        proc = subprocess.run(tui_probe_argv(url, "--first-paint-only"), env=env(), cwd=BENCH,
                              capture_output=True, text=True, timeout=120)
        if proc.returncode:
            return {"error": proc.stderr.strip()[-600:]}
        sample = json.loads(proc.stdout.strip().splitlines()[-1])
        out["make_app_s"] += sample["first_paint_s"]
        out["from_spawn_s"].append(sample["first_paint_wall"] - spawned)
        out["peak_rss_mb"].append(sample["peak_rss_mb"])
    return out


def tui_bench(url: str, repeat: int, proposed: bool, timeout: int) -> dict:
    """The full probe (bench/tui_probe.py), one process: every row `repeat` samples."""
    argv = tui_probe_argv(url, "--repeat", str(repeat), *(["--proposed"] if proposed else []))
    try:
        proc = subprocess.run(argv, env=env(), cwd=BENCH, capture_output=True, text=True,
                              timeout=timeout)
    except subprocess.TimeoutExpired:
        return {"error": f"the probe was killed after {timeout} s"}
    if proc.returncode:
        return {"error": proc.stderr.strip()[-3000:]}
    return json.loads(proc.stdout.strip().splitlines()[-1])


# -- CLI -------------------------------------------------------------------------------------

def compile_package() -> None:
    """Byte-compile kimai_tui as `pip install` does. With PYTHONDONTWRITEBYTECODE=1 (set on
    these machines) an editable checkout has no .pyc, and every command would compile ~100
    modules from source (~45 ms) — a cost no installed copy pays."""
    subprocess.run([str(PY), "-m", "compileall", "-q", str(BENCH.parent / "kimai_tui")],
                   check=True, capture_output=True)


def cli_round(url: str, binary: str, out: dict) -> None:
    """One sample of start, status, status --format, stop and list of one install, added
    to OUT. status and its --format line are timed while the record runs (a status bar's
    usual case: the line has something to say)."""
    for name, args in (("start", ("start", "--project", PROJECT, "--activity", ACTIVITY)),
                       ("status", ("status",)), ("status --format", ("status", "--format",
                                                                     FORMAT)),
                       ("stop", ("stop",)), ("list", ("list",))):
        out.setdefault(name, {"runs": []})["runs"] += timed_run(
            kimai(url, *args, binary=binary), 1)["runs"]


def cli_bench(url: str, repeat: int, normal: dict) -> dict:
    """Both installs (bench/installs.py), their samples interleaved (round after round, so
    a busy moment of the shared machine hits both alike), the interpreter's own start as
    the floor, and what `status` and `list` import."""
    compile_package()
    python3 = shutil.which("python3") or "python3"
    out: dict = {"floor python -c pass": timed_run([PY, "-c", "pass"], repeat),
                 "floor python3 -c pass": timed_run([python3, "-c", "pass"], repeat),
                 "python3 on PATH": python3}
    binaries = {"editable": str(KIMAI)}
    if "error" in normal:
        out["normal"] = normal
    else:
        binaries["normal"] = normal["kimai"]
    for binary in binaries.values():  # warms the parsed-config cache
        subprocess.run(kimai(url, "status", binary=binary), env=env(), cwd=OUT,
                       capture_output=True)
    for _ in range(repeat):
        for install, binary in binaries.items():
            cli_round(url, binary, out.setdefault(install, {}))
    python = normal.get("python", str(PY))
    out["imports"] = {name: imports_of(url, python, cmd) for name, cmd in
                      (("status", ["status"]), ("list", ["list"]))}
    out["imports"]["install"] = "normal" if "python" in normal else "editable"
    return out


def imports_of(url: str, python: str, command: list[str]) -> dict:
    """`-X importtime` of one command: module count, slowest top-level imports, the heavy
    packages loaded."""
    proc = subprocess.run([python, "-X", "importtime", "-m", "kimai_tui.cli.main", "--config",
                           str(CONFIG), "--database", url, "--as", USER, *command],
                          env=env(), cwd=OUT, capture_output=True, text=True, timeout=120)
    modules, top = [], []
    for line in proc.stderr.splitlines():
        if not line.startswith("import time:") or "self [us]" in line:
            continue
        _, cumulative, name = line[12:].split("|")
        if int(cumulative) < 50:  # a driver peewee probed that was blocked (sys.modules None)
            continue
        modules.append(name.strip())
        if not name.startswith("  "):
            top.append((int(cumulative), name.strip()))
    heavy = sorted({m.split(".")[0] for m in modules} & {
        "textual", "rich", "ruamel", "psycopg2", "yaml", "peewee", "dateutil", "decimal",
        "jinja2", "fpdf", "openpyxl", "pymysql", "pycountry", "email_validator", "ssl"})
    return {"modules": len(modules), "top_level_total_ms": sum(c for c, _ in top) / 1000,
            "slowest": [f"{n} {c / 1000:.1f} ms" for c, n in sorted(top, reverse=True)[:6]],
            "heavy_packages": heavy}


def last_month() -> date:
    return (date.today().replace(day=1) - timedelta(days=1)).replace(day=1)


def process_rows(url: str, repeat: int, binary: str) -> dict:
    """What the other issues added, as whole processes: the reports over last month, the
    team's review queue, an invoice preview of a customer's month."""
    month = f"{last_month():%Y-%m}"
    commands = {
        "report (projects, own month)": ["report", "--month", month],
        "report projects --all-users (team month)": ["report", "--all-users", "--month", month],
        "report users --month": ["report", "users", "--month", month],
        "report project --project": ["report", "project", "--project", PROJECT],
        f"review --team {TEAM}": ["review", "--team", TEAM],
        "invoice preview (customer, month)": ["invoice", "preview", "--customer", CUSTOMER,
                                              "--month", month],
    }
    out: dict = {"month": month}
    for name, args in commands.items():
        try:
            out[name] = timed_run(kimai(url, *args, binary=binary), repeat, timeout=120)
        except SystemExit as exc:  # a command that fails: its row says why
            out[name] = {"error": str(exc)[-300:]}
    return out


def billing_bench(url: str, repeat: int) -> dict:
    """Kimai's reports over a month as the lead, and an invoice of >= 10,000 records created
    and rendered to PDF (bench/billing_probe.py, in its own process)."""
    proc = subprocess.run([str(PY), str(BENCH / "billing_probe.py"), url, str(CONFIG), USER,
                           str(repeat)], capture_output=True, text=True, timeout=900, env=env(),
                          cwd=OUT)
    if proc.returncode:
        return {"error": proc.stderr[-2000:]}
    return json.loads(proc.stdout)


def kimai_import_bench(records: int, users: int) -> dict:
    """`import kimai` of a generated Kimai of RECORDS records (bench/kimai_import_probe.py, in
    its own process): first run, re-run, records per second, peak memory."""
    proc = subprocess.run([str(PY), str(BENCH / "kimai_import_probe.py"), str(records),
                           str(users), str(OUT)], capture_output=True, text=True, env=env(),
                          timeout=3600)
    if proc.returncode != 0:
        return {"error": proc.stderr.strip()[-400:]}
    return json.loads(proc.stdout.strip().splitlines()[-1])



def export_bench(url: str, path: Path, wanted: int, repeat: int) -> dict:
    con = sqlite3.connect(path)
    row = con.execute("SELECT begin_ts FROM timesheet ORDER BY begin_ts DESC LIMIT 1 OFFSET ?",
                      (wanted - 1,)).fetchone()
    con.close()
    if row is None:
        return {"skipped": "fewer records than wanted"}
    start_day = datetime.fromtimestamp(row[0], timezone(timedelta(hours=8))).date()
    target = OUT / "export.csv"
    result = timed_run(kimai(url, "export", "--all-users", "--from", start_day.isoformat(),
                             "--output", str(target)), max(1, min(repeat, 3)), timeout=600)
    with open(target, encoding="utf-8") as handle:
        result["rows"] = sum(1 for _ in handle) - 1
    result["from"] = start_day.isoformat()
    return result




def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--records", type=int, default=1_000_000)
    parser.add_argument("--users", type=int, default=100)
    parser.add_argument("--peer-records", type=int, default=100_000)
    parser.add_argument("--export-records", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=5, help="samples per row (at least 5)")
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument("--no-peers", action="store_true")
    parser.add_argument("--no-tui", action="store_true")
    parser.add_argument("--no-normal-install", action="store_true",
                        help="time the CLI of the editable install only")
    parser.add_argument("--proposed", action="store_true")
    parser.add_argument("--tui-timeout", type=int, default=600)
    parser.add_argument("--kimai-import-records", type=int, default=1_000_000)
    parser.add_argument("--no-kimai-import", action="store_true")
    args = parser.parse_args()
    args.repeat = max(args.repeat, 5)  # issue #18: every row sampled at least five times
    if args.quick:
        args.records, args.users = 20_000, 10
        args.peer_records = args.export_records = args.kimai_import_records = 20_000
    OUT.mkdir(exist_ok=True)
    results: dict = {"machine": {"python": platform.python_version(), "cpus": os.cpu_count(),
                                 "sqlite": sqlite3.sqlite_version},
                     "args": vars(args), "started": time.time()}
    cached, info = database(args.records, args.users, args.rebuild)
    results["database"] = info
    url = working_copy(cached)
    results["fixtures"] = prepare(url)
    normal = {"error": "--no-normal-install"}
    if not args.no_normal_install:
        say("normal install (bench/out/normal-venv)")
        normal = installs.normal_venv(OUT)
    results["normal_install"] = normal
    say("query plans")
    results["query_plans"] = query_plans(url)
    if not args.no_tui:
        say("TUI first paint (separate processes)")
        results["tui_first_paint"] = tui_first_paint(url, args.repeat)
        say("TUI first paint in tmux")
        binaries = {"editable": KIMAI} | ({"normal": normal["kimai"]} if "kimai" in normal
                                           else {})
        results["terminal_first_paint"] = tmux_probe.first_paint(
            {name: kimai(url, binary=binary) for name, binary in binaries.items()}, env(),
            args.repeat)
        say("TUI probe")
        results["tui"] = tui_bench(url, args.repeat, False, args.tui_timeout)
        if args.proposed:
            results["tui_proposed"] = tui_bench(url, args.repeat, True, args.tui_timeout)
    say("CLI")
    results["cli"] = cli_bench(url, args.repeat, normal)
    say("reports, review, invoice as processes")
    results["processes"] = process_rows(url, args.repeat, normal.get("kimai", str(KIMAI)))
    say("billing in-process")
    results["billing"] = billing_bench(url, args.repeat)
    say("export")
    results["export"] = export_bench(url, Path(url[len("sqlite:///"):]), args.export_records,
                                     args.repeat)
    if not args.no_kimai_import:
        say("import kimai")
        results["kimai_import"] = kimai_import_bench(args.kimai_import_records, args.users)
    if not args.no_peers:
        say("peers")
        results["peers"] = peers.peers_bench(args.peer_records, args.repeat)
    results["bench_peak_rss_mb"] = resource.getrusage(
        resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    results["seconds"] = time.perf_counter() - T0
    target = OUT / f"results-{args.records}.json"
    target.write_text(json.dumps(results, indent=2, default=str))
    table.print_all(results)
    print(f"\nwrote {target}; the whole run took {results['seconds']:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
