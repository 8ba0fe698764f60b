"""`import kimai` in the benchmark (issue 19): a generated Kimai of N records and U users in
MariaDB (scripts/kimai_world.py; kept as database `kt_bench_<N>` and reused while it holds N+1
records), imported into a fresh SQLite database under bench/out, then imported again (nothing
changed: the re-run only compares); the totals per user, customer and month are compared
with Kimai's own SQL (`totals_match`). In-process, so the numbers are the import's own time;
peak memory is this process's ru_maxrss (Kimai is read in batches: it stays flat).

    python bench/kimai_import_probe.py RECORDS USERS OUT_DIR   -> JSON on stdout
"""

from __future__ import annotations

import json
import resource
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "scripts"))


def main() -> int:
    records, users, out = int(sys.argv[1]), int(sys.argv[2]), Path(sys.argv[3]).resolve()
    users = max(users, 20)  # the generated Kimai's special cases need 20
    import kimai_world

    try:
        kimai_world.connect().close()
    except Exception as exc:  # noqa: BLE001 - no server: the row says why
        print(json.dumps({"skipped": f"no MariaDB on 127.0.0.1:3306 ({exc})"}))
        return 0
    name = f"kt_bench_{records}"
    built = None
    if _count(kimai_world, name) != records + 1:  # + the record of a deleted user
        started = time.perf_counter()
        kimai_world.create(name)
        kimai_world.fill(name, users=users, records=records, seed=11)
        built = time.perf_counter() - started
    from kimai_tui.data import db
    from kimai_tui.services import identity, kimai_import
    from kimai_tui.services.context import Context
    from kimai_tui.settings import Settings

    target = out / f"kimai-import-{records}.sqlite"
    for suffix in ("", "-wal", "-shm"):
        Path(str(target) + suffix).unlink(missing_ok=True)
    database = db.connect(f"sqlite:///{target}")
    user = identity.bootstrap(database, Settings(), "admin")
    ctx = Context(Settings(), database, user)
    url = f"mysql://root@127.0.0.1:3306/{name}"
    first = kimai_import.import_kimai(ctx, url)
    rss_first = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    totals_match = _kimai_totals(kimai_world, name) == _our_totals(database)
    again = kimai_import.import_kimai(ctx, url)
    print(json.dumps({
        "records": records, "users": users, "kimai_build_s": built,
        "first_s": first.seconds, "records_per_s": records / first.seconds,
        "imported": first.counts["timesheet"].new, "unmapped": len(first.unmapped),
        "totals_match": totals_match, "rerun_s": again.seconds, "rerun_written": again.written,
        "peak_rss_mb": rss_first,
        "peak_rss_mb_after_rerun": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
    database.close()
    return 0


def _kimai_totals(kimai_world, name: str) -> dict:
    """(username, customer, yyyymm) -> (seconds, amount in ten-thousandths, records), Kimai's."""
    conn = kimai_world.connect(name)
    with conn.cursor() as cur:
        cur.execute("SELECT u.username, c.name, DATE_FORMAT(t.date_tz, '%Y%m'), SUM(t.duration),"
                    " SUM(ROUND(t.rate * 10000)), COUNT(*) FROM kimai2_timesheet t JOIN "
                    "kimai2_users u ON u.id = t.`user` JOIN kimai2_projects p ON p.id = "
                    "t.project_id JOIN kimai2_customers c ON c.id = p.customer_id GROUP BY 1, "
                    "2, 3")
        rows = cur.fetchall()
    conn.close()
    return {(u, c, int(m)): (int(s), int(a), int(n)) for u, c, m, s, a, n in rows}


def _our_totals(database) -> dict:
    rows = database.execute_sql(
        'SELECT u.username, c.name, t.day / 100, SUM(t.duration), SUM(t.rate), COUNT(*) FROM '
        'timesheet t JOIN "user" u ON u.id = t.user_id JOIN customer c ON c.id = t.customer_id '
        'GROUP BY 1, 2, 3').fetchall()
    return {(u, c, int(m)): (int(s), int(a), int(n)) for u, c, m, s, a, n in rows}


def _count(kimai_world, name: str) -> int | None:
    try:
        conn = kimai_world.connect(name)
    except Exception:  # noqa: BLE001 - no such database yet
        return None
    with conn.cursor() as cur:
        cur.execute("SELECT COUNT(*) FROM kimai2_timesheet")
        (count,) = cur.fetchone()
    conn.close()
    return count


if __name__ == "__main__":
    sys.exit(main())
