"""A generated Kimai 2 database in MariaDB/MySQL, for the import tests and the benchmark.

    python scripts/kimai_world.py DBNAME [--users 100] [--records 50000] [--seed 1]

creates DBNAME on 127.0.0.1:3306 (root, no password, or $KIMAI_MYSQL_PASSWORD), loads
Kimai's DDL (scripts/kimai-schema.sql) and fills it with data that covers the traps of a real
installation: UTC instants with per-record time zones (DST zones, half-hour zones), records
across midnight, running and exported records, NULL billable, breaks, fixed and user-specific
rates, global activities, hidden customers / projects / activities with records, several
currencies (and one Kimai code we do not know), PHP-serialised roles (with a custom role),
multi-lead teams with restrictions, tags, and meta values in several scripts. Records are
consistent the way Kimai writes them: duration = end - start - break, rate =
round(hourly x duration / 3600, 4) or the fixed rate, date_tz = local date of start.
"""

from __future__ import annotations

import argparse
import os
import random
from datetime import datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

SCHEMA = Path(__file__).with_name("kimai-schema.sql")
ZONES = ("Europe/Berlin", "America/New_York", "Asia/Kolkata", "Australia/Adelaide",
         "America/St_Johns", "Asia/Manila", "UTC", "Europe/London")
SCRIPTS = ("Überstunden", "тест", "東京", "مرحبا", "ελληνικά", "emoji ✓", "plain")
CURRENCIES = ("EUR", "USD", "GBP", "PHP", "AUD", "JPY")


def connect(database: str | None = None, host: str = "127.0.0.1", port: int = 3306):
    import pymysql

    return pymysql.connect(host=host, port=port, user=os.environ.get("KIMAI_TEST_MYSQL_USER",
                                                                     "root"),
                           password=os.environ.get("KIMAI_MYSQL_PASSWORD", ""),
                           database=database, charset="utf8mb4", autocommit=True,
                           local_infile=False)


def create(name: str) -> None:
    """A fresh, empty Kimai schema named NAME."""
    conn = connect()
    with conn.cursor() as cur:
        cur.execute(f"DROP DATABASE IF EXISTS `{name}`")
        cur.execute(f"CREATE DATABASE `{name}` CHARACTER SET utf8mb4 "
                    "COLLATE utf8mb4_unicode_ci")
        cur.execute(f"USE `{name}`")
        for statement in _statements(SCHEMA.read_text()):
            cur.execute(statement)
    conn.close()


def drop(name: str) -> None:
    conn = connect()
    with conn.cursor() as cur:
        cur.execute(f"DROP DATABASE IF EXISTS `{name}`")
    conn.close()


def _statements(sql: str):
    """The DDL's statements; comments (full-line and trailing `-- `) removed first, since a
    trailing comment may hold a semicolon."""
    lines = []
    for line in sql.splitlines():
        code = line.split(" -- ")[0] if " -- " in line else line
        if not code.strip().startswith("--"):
            lines.append(code)
    for statement in "\n".join(lines).split(";"):
        if statement.strip():
            yield statement


def _php_roles(roles: list[str]) -> str:
    inner = "".join(f'i:{i};s:{len(r.encode())}:"{r}";' for i, r in enumerate(roles))
    return f"a:{len(roles)}:{{{inner}}}"


def fill(name: str, users: int = 100, records: int = 50000, seed: int = 1,
         start: datetime = datetime(2024, 1, 1)) -> dict:
    """Fill the Kimai database NAME. Returns what it made (counts, ids of special cases).
    USERS must be at least 20 (the special cases name users up to #12)."""
    if users < 20:
        raise ValueError("kimai_world needs at least 20 users")
    rnd = random.Random(seed)
    conn = connect(name)
    cur = conn.cursor()
    many = cur.executemany

    cur.execute("INSERT INTO kimai2_configuration (name, value) VALUES "
                "('timesheet.rounding.default.begin','15'),('timesheet.rounding.default.end',"
                "'15'),('timesheet.rules.allow_overlapping_records','0'),"
                "('defaults.customer.currency','EUR'),('defaults.user.timezone','Europe/Berlin'),"
                "('timesheet.active_entries.hard_limit','2'),('theme.branding.logo','x.png')")
    # users: 1 super admin, 2 admins, 5 leads, the rest users; one with a custom role
    user_rows, prefs = [], []
    for i in range(1, users + 1):
        roles = (["ROLE_SUPER_ADMIN", "ROLE_ADMIN"] if i == 1 else ["ROLE_ADMIN"] if i <= 3
                 else ["ROLE_TEAMLEAD"] if i <= 8 else ["ROLE_AUDITOR"] if i == 9 else [])
        alias = f"{SCRIPTS[i % len(SCRIPTS)]} {i}" if i % 3 else None
        user_rows.append((i, f"user{i:03d}", f"user{i:03d}@example.com", "$2y$13$hash", alias,
                          0 if i == users else 1, _php_roles(roles), f"E-{i:04d}"))
        zone = ZONES[i % len(ZONES)]
        prefs += [(i, "timezone", zone), (i, "hourly_rate", str(40 + i % 7 * 5)),
                  (i, "language", "en")]
        if i % 4 == 0:
            prefs.append((i, "internal_rate", str(25 + i % 5)))
        if i % 10 == 0:
            prefs.append((i, "hours_24", "0"))
    many("INSERT INTO kimai2_users (id, username, email, password, alias, enabled, roles, "
         "account) VALUES (%s,%s,%s,%s,%s,%s,%s,%s)", user_rows)
    many("INSERT INTO kimai2_user_preferences (user_id, name, value) VALUES (%s,%s,%s)", prefs)

    customers, projects, activities = [], [], []
    n_customers = 12
    for c in range(1, n_customers + 1):
        currency = "XYZ" if c == n_customers else CURRENCIES[c % len(CURRENCIES)]
        customers.append((c, f"Customer {c} {SCRIPTS[c % len(SCRIPTS)]}", f"C-{c:04d}",
                          0 if c == 5 else 1, "DE", currency, ZONES[c % len(ZONES)],
                          "#d2d6de" if c % 2 else f"#{c:02x}80c0", 3600 * 100 if c == 2 else 0,
                          5000.0 if c == 3 else 0.0, "month" if c == 2 else None,
                          0 if c == 4 else 1, f"Line {c}" if c % 2 else None, "Berlin"))
    many("INSERT INTO kimai2_customers (id, name, number, visible, country, currency, timezone,"
         " color, time_budget, budget, budget_type, billable, address_line1, city) VALUES "
         "(%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s)", customers)
    pid = 0
    for c in range(1, n_customers + 1):
        for k in range(3):
            pid += 1
            projects.append((pid, c, f"Project {pid}", f"PO-{pid}", 0 if pid == 7 else 1,
                             1000.5 if pid % 5 == 0 else 0.0, 0 if pid % 4 else 7200,
                             None if pid % 3 else "month", 1, 0 if pid % 6 == 0 else 1,
                             f"P{pid}", datetime(2023, 12, 31, 23, 0) if pid == 1 else None,
                             "Europe/Berlin" if pid == 1 else None))
    many("INSERT INTO kimai2_projects (id, customer_id, name, order_number, visible, budget, "
         "time_budget, budget_type, billable, global_activities, number, start, timezone) "
         "VALUES (%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s)", projects)
    aid = 0
    globals_ = []
    for g in range(4):
        aid += 1
        activities.append((aid, None, f"Global {g}", 0 if g == 3 else 1, 1))
        globals_.append(aid)
    project_activities: dict[int, list[int]] = {}
    for p in range(1, pid + 1):
        for k in range(2):
            aid += 1
            activities.append((aid, p, f"Task {aid}", 0 if aid % 17 == 0 else 1,
                               0 if aid % 13 == 0 else 1))
            project_activities.setdefault(p, []).append(aid)
    many("INSERT INTO kimai2_activities (id, project_id, name, visible, billable) VALUES "
         "(%s,%s,%s,%s,%s)", activities)
    many("INSERT INTO kimai2_customers_meta (customer_id, name, value, visible) VALUES "
         "(%s,%s,%s,%s)", [(c, "crm_id", f"{SCRIPTS[c % len(SCRIPTS)]}-{c}", 1)
                           for c in range(1, n_customers + 1)])
    many("INSERT INTO kimai2_projects_meta (project_id, name, value, visible) VALUES "
         "(%s,%s,%s,%s)", [(p, "Cost_Center", f"CC{p}", 0) for p in range(1, pid + 1, 2)])
    many("INSERT INTO kimai2_activities_meta (activity_id, name, value, visible) VALUES "
         "(%s,%s,%s,%s)", [(a, "billing_code", f"B{a}", 1) for a in range(1, aid + 1, 3)])

    # teams: several leads, members, restrictions
    teams, members = [], []
    for t in range(1, 6):
        teams.append((t, f"Team {t}", None))
        members += [(3 + t, t, 1), (4 + t, t, 1)] if t == 1 else [(3 + t, t, 1)]
        for u in range(9 + t, users + 1, 5):
            if u not in (3 + t, 4 + t):
                members.append((u, t, 0))
    many("INSERT INTO kimai2_teams (id, name, color) VALUES (%s,%s,%s)", teams)
    many("INSERT INTO kimai2_users_teams (user_id, team_id, teamlead) VALUES (%s,%s,%s)",
         members)
    cur.execute("INSERT INTO kimai2_customers_teams VALUES (2, 1), (3, 2)")
    cur.execute("INSERT INTO kimai2_projects_teams VALUES (4, 1)")
    cur.execute("INSERT INTO kimai2_activities_teams VALUES (6, 3)")

    # rates: catch-all and per-user on each level, hourly and fixed
    many("INSERT INTO kimai2_customers_rates (user_id, customer_id, rate, fixed, internal_rate) "
         "VALUES (%s,%s,%s,%s,%s)", [(None, 1, 80.0, 0, 50.0), (10, 1, 95.0, 0, None),
                                     (None, 6, 120.0, 0, None)])
    many("INSERT INTO kimai2_projects_rates (user_id, project_id, rate, fixed, internal_rate) "
         "VALUES (%s,%s,%s,%s,%s)", [(None, 2, 150.0, 1, 60.0), (12, 3, 70.5, 0, 40.0)])
    many("INSERT INTO kimai2_activities_rates (user_id, activity_id, rate, fixed, internal_rate)"
         " VALUES (%s,%s,%s,%s,%s)", [(None, 5, 25.0, 1, None), (11, 6, 99.99, 0, 55.55)])
    tags = [(t, f"tag-{SCRIPTS[t % len(SCRIPTS)]}-{t}", None, 0 if t == 4 else None)
            for t in range(1, 9)]
    many("INSERT INTO kimai2_tags (id, name, color, visible) VALUES (%s,%s,%s,%s)", tags)

    # records, consistent as Kimai writes them
    zones = {z: ZoneInfo(z) for z in ZONES}
    span = 730 * 86400
    batch, tag_rows, meta_rows = [], [], []
    running_users = set()
    for rid in range(1, records + 1):
        user = rnd.randint(1, users)
        project = rnd.randint(1, pid)
        acts = project_activities[project] + (globals_ if project % 6 else [])
        activity = rnd.choice(acts)
        zone = ZONES[rnd.randrange(len(ZONES))]
        begin = start + timedelta(seconds=rnd.randrange(span) // 60 * 60)
        if rid % 97 == 0:  # across local midnight
            local = begin.replace(tzinfo=timezone.utc).astimezone(zones[zone])
            begin = (local.replace(hour=22, minute=30).astimezone(timezone.utc)
                     .replace(tzinfo=None))
        length = rnd.choice((900, 1800, 3600, 5400, 7200, 12600, 28800))
        brk = rnd.choice((0, 0, 0, 900, 1800)) if length >= 7200 else 0
        end = begin + timedelta(seconds=length)
        duration = length - brk
        running = rid > records - 30 and user not in running_users
        hourly = float(40 + user % 7 * 5) + (0.5 if rid % 11 == 0 else 0)
        fixed = 150.0 if rid % 23 == 0 else None
        if running:
            running_users.add(user)
            end_v, duration, rate, internal = None, 0, 0.0, 0.0
        else:
            end_v = end
            rate = fixed if fixed is not None else round(hourly * duration / 3600, 4)
            internal = round((hourly * 0.6) * duration / 3600, 4)
        billable = None if rid % 31 == 0 else (0 if rid % 9 == 0 else 1)
        exported = 1 if rid % 5 == 0 else 0
        local_date = begin.replace(tzinfo=timezone.utc).astimezone(zones[zone]).date()
        description = (None if rid % 8 == 0 else f"{SCRIPTS[rid % len(SCRIPTS)]} #{rid}"
                       + ("\nsecond line" if rid % 50 == 0 else ""))
        batch.append((rid, user, activity, project, begin, end_v, duration, description, rate,
                      fixed, None if fixed is not None else hourly, exported, zone, internal,
                      billable, begin + timedelta(seconds=length + 60), local_date, brk))
        if rid % 3 == 0:
            tag_rows.append((rid, 1 + rid % 8))
            if rid % 6 == 0:
                tag_rows.append((rid, 1 + (rid + 3) % 8))
        if rid % 4 == 0:
            meta_rows.append((rid, "location", SCRIPTS[rid % len(SCRIPTS)], 1))
        if rid % 10 == 0:
            meta_rows.append((rid, "Ticket", f"T-{rid}", 0))
        if len(batch) >= 5000:
            _flush(cur, batch, tag_rows, meta_rows)
    _flush(cur, batch, tag_rows, meta_rows)
    # A record of a user deleted behind Kimai's back (foreign keys off): it cannot be mapped.
    cur.execute("SET FOREIGN_KEY_CHECKS = 0")
    cur.execute("INSERT INTO kimai2_timesheet (id, `user`, activity_id, project_id, start_time,"
                " end_time, duration, rate, exported, timezone, date_tz) VALUES (%s, %s, 5, 1, "
                "'2024-05-01 08:00:00', '2024-05-01 09:00:00', 3600, 80, 0, 'UTC', "
                "'2024-05-01')", (records + 1, users + 50))
    cur.execute("SET FOREIGN_KEY_CHECKS = 1")
    conn.close()
    return {"users": users, "records": records, "orphan_record": records + 1, "customers": n_customers, "projects": pid,
            "activities": aid}


def _flush(cur, batch, tag_rows, meta_rows) -> None:
    if batch:
        cur.executemany(
            "INSERT INTO kimai2_timesheet (id, `user`, activity_id, project_id, start_time, "
            "end_time, duration, description, rate, fixed_rate, hourly_rate, exported, "
            "timezone, internal_rate, billable, modified_at, date_tz, `break`) VALUES "
            "(%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s)", batch)
    if tag_rows:
        cur.executemany("INSERT INTO kimai2_timesheet_tags (timesheet_id, tag_id) VALUES "
                        "(%s,%s)", tag_rows)
    if meta_rows:
        cur.executemany("INSERT INTO kimai2_timesheet_meta (timesheet_id, name, value, "
                        "visible) VALUES (%s,%s,%s,%s)", meta_rows)
    batch.clear()
    tag_rows.clear()
    meta_rows.clear()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("database")
    parser.add_argument("--users", type=int, default=100)
    parser.add_argument("--records", type=int, default=50000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    create(args.database)
    print(fill(args.database, args.users, args.records, args.seed))


if __name__ == "__main__":
    main()
