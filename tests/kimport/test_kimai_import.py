"""`import kimai` against a real MariaDB holding a generated Kimai (issue 19): totals per user,
customer and month match Kimai's to the second and to 4 decimals; a second run changes
nothing; a kill in the middle writes nothing and the re-run gives the same result; a dry run
writes nothing; only a super admin may import; what cannot be mapped is listed."""

from __future__ import annotations

import subprocess
import sys
from decimal import Decimal

import pytest

pytestmark = pytest.mark.mariadb

import kimai_world
from kimport_support import REPO, kimai_totals, our_totals, ours, snapshot
from kimai_tui.data import models
from kimai_tui.rules.errors import PermissionDenied, UsageError
from kimai_tui.services import kimai_import


@pytest.fixture
def imported(tmp_path, kimai_small):
    name, url, facts = kimai_small
    database, ctx = ours(tmp_path)
    report = kimai_import.import_kimai(ctx, url)
    yield name, url, facts, database, ctx, report
    database.close()


def test_totals_per_user_customer_and_month_match_kimai(imported):
    name, _, facts, database, _, report = imported
    assert report.counts["timesheet"].new == facts["records"]
    assert our_totals(database) == kimai_totals(name)


def test_every_kind_is_counted_and_the_unmappable_are_listed_with_their_kimai_id(imported):
    _, _, facts, _, _, report = imported
    counts = {k: o.new for k, o in report.counts.items()}
    assert counts["user"] == facts["users"] and counts["customer"] == facts["customers"]
    assert counts["project"] == facts["projects"] and counts["activity"] == facts["activities"]
    assert counts["team"] == 5 and counts["tag"] == 8 and counts["rate"] == 7
    unmapped = {(u.kind, u.source_id) for u in report.unmapped}
    assert ("timesheet", str(facts["orphan_record"])) in unmapped  # its user is gone
    assert ("user", "9") in unmapped  # ROLE_AUDITOR is no role of ours
    assert ("customer", "12") in unmapped  # currency XYZ
    assert "hard_limit: 2" in report.config_snippet
    assert "theme" not in report.config_snippet
    assert "location" in report.field_declarations and "crm_id" in report.field_declarations


def test_records_keep_instants_zone_rates_flags_tags_and_custom_fields(imported):
    name, _, _, database, _, _ = imported
    conn = kimai_world.connect(name)
    with conn.cursor() as cur:
        cur.execute("SELECT id, UNIX_TIMESTAMP(start_time), UNIX_TIMESTAMP(end_time), timezone,"
                    " duration, rate, fixed_rate, hourly_rate, internal_rate, billable, "
                    "exported, description, DATE_FORMAT(date_tz, '%Y%m%d') FROM "
                    "kimai2_timesheet WHERE id IN (9, 31, 97, 1000, 2995, 3000) ORDER BY id")
        kimai_rows = cur.fetchall()
        cur.execute("SELECT timesheet_id, GROUP_CONCAT(g.name ORDER BY g.name) FROM "
                    "kimai2_timesheet_tags t JOIN kimai2_tags g ON g.id = t.tag_id WHERE "
                    "timesheet_id IN (6, 12) GROUP BY timesheet_id")
        kimai_tags = dict(cur.fetchall())
    conn.close()
    from kimai_tui.data.import_models import ImportLink

    local = {int(key): lid for key, lid in ImportLink.select(ImportLink.key, ImportLink.local_id)
             .where(ImportLink.kind == "timesheet").tuples()}
    money = lambda v: None if v is None else Decimal(repr(v)).quantize(Decimal("0.0001"))  # noqa
    for (kid, begin, end, tz, duration, rate, fixed, hourly, internal, billable, exported,
         description, day) in kimai_rows:
        ours_row = models.Timesheet.get_by_id(local[kid])
        assert ours_row.begin_ts == begin and ours_row.end_ts == (None if end is None else
                                                                  int(end))
        assert ours_row.timezone == tz and ours_row.day == int(day)
        assert ours_row.duration == duration
        assert ours_row.rate == money(rate) and ours_row.fixed_rate == money(fixed)
        assert ours_row.hourly_rate == money(hourly)
        assert ours_row.internal_rate == (money(internal) or Decimal("0.0000"))
        assert ours_row.billable == (billable is None or bool(billable))  # NULL = billable
        assert ours_row.exported == bool(exported)
        assert ours_row.description == (description or "")
    running = models.Timesheet.select().where(models.Timesheet.end_ts.is_null()).count()
    assert running > 0
    for kid, names in kimai_tags.items():
        got = sorted(t.name for t in models.Tag.select().join(models.TimesheetTag).where(
            models.TimesheetTag.timesheet == local[kid]))
        assert ",".join(got) == names
    meta = dict(models.MetaValue.select(models.MetaValue.name, models.MetaValue.value).where(
        (models.MetaValue.kind == "timesheet") & (models.MetaValue.owner_id == local[20]))
        .tuples())
    assert meta == {"location": kimai_world.SCRIPTS[20 % len(kimai_world.SCRIPTS)],
                    "ticket": "T-20"}  # Kimai lower-cases meta names


def test_catalogue_users_teams_and_rates_come_over(imported):
    *_, database, ctx, _ = imported
    users = {u.username: u for u in models.User.select()}
    assert users["user001"].roles == "ROLE_SUPER_ADMIN,ROLE_ADMIN"
    assert users["user004"].roles == "ROLE_TEAMLEAD" and users["user020"].roles == "ROLE_USER"
    assert users["user100"].enabled is False and users["user010"].time_format == "12h"
    assert users["user012"].timezone == kimai_world.ZONES[12 % len(kimai_world.ZONES)]
    assert users["user004"].internal_rate == Decimal("29.0000")
    assert users["user002"].staff_number == "E-0002"
    assert users["admin"].roles == "ROLE_SUPER_ADMIN"  # the importing admin keeps their role
    team1 = models.Team.get(models.Team.name == "Team 1")
    leads = {m.user.username for m in team1.members if m.lead}
    assert leads == {"user004", "user005"}
    assert models.TeamCustomer.select().where(models.TeamCustomer.team == team1).count() == 1
    c2 = models.Customer.get(models.Customer.number == "C-0002")
    assert c2.time_budget == 360000 and c2.budget_type == "month" and c2.budget is None
    assert models.Customer.get(models.Customer.number == "C-0005").visible is False
    assert models.Customer.get(models.Customer.number == "C-0001").color is None  # #d2d6de
    assert models.Activity.select().where(models.Activity.project.is_null()).count() == 4
    fixed = models.PriceRule.get(models.PriceRule.project.is_null(False))
    assert fixed.fixed is True and fixed.rate == Decimal("150") and fixed.user is None
    per_user = models.PriceRule.get(models.PriceRule.activity.is_null(False)
                                    & models.PriceRule.user.is_null(False))
    assert per_user.rate == Decimal("99.99") and per_user.internal_rate == Decimal("55.55")
    p1 = models.Project.get(models.Project.number == "P1")
    assert str(p1.start_date) == "2024-01-01"  # 2023-12-31 23:00 UTC in Berlin


def test_a_second_run_changes_nothing(imported):
    _, url, _, database, ctx, _ = imported
    before = snapshot(database)
    again = kimai_import.import_kimai(ctx, url)
    assert again.written == 0
    assert again.counts["timesheet"].unchanged > 0
    assert snapshot(database) == before


def test_a_change_in_kimai_brings_only_that_change(tmp_path, kimai_fresh):
    name, url, facts = kimai_fresh
    database, ctx = ours(tmp_path)
    kimai_import.import_kimai(ctx, url)
    conn = kimai_world.connect(name)
    with conn.cursor() as cur:
        cur.execute("UPDATE kimai2_timesheet SET description = 'changed', rate = 12.3456 "
                    "WHERE id = 10")
        cur.execute("INSERT INTO kimai2_timesheet_tags VALUES (11, 2)")
        cur.execute("UPDATE kimai2_customers SET name = 'Renamed' WHERE id = 3")
        cur.execute("UPDATE kimai2_projects SET order_number = REPEAT('x', 80) WHERE id = 2")
        cur.execute("INSERT INTO kimai2_timesheet (id, `user`, activity_id, project_id, "
                    "start_time, end_time, duration, rate, exported, timezone, date_tz) VALUES "
                    "(9000, 2, 5, 1, '2024-06-01 08:00:00', '2024-06-01 09:00:00', 3600, 80, "
                    "0, 'UTC', '2024-06-01'), (9001, 2, 5, 1, '2024-06-15 12:00:00', "
                    "'2024-06-15 13:00:00', 3600, 80, 0, 'Mars/Olympus', '2024-06-15')")
    conn.close()
    report = kimai_import.import_kimai(ctx, url)
    assert report.counts["timesheet"].new == 2
    assert report.counts["timesheet"].changed == 2
    assert ("timesheet", "9001") in {(u.kind, u.source_id) for u in report.unmapped}
    assert models.Timesheet.select().where(models.Timesheet.timezone == "Mars/Olympus"
                                           ).count() == 0
    assert report.counts["customer"].changed == 1
    assert report.counts["project"].changed == 1
    assert ("project", "2") in {(u.kind, u.source_id) for u in report.unmapped}
    assert models.Project.select().where(models.Project.order_number == "x" * 50).count() == 1
    assert our_totals(database) == kimai_totals(name)
    assert models.Customer.select().where(models.Customer.name == "Renamed").count() == 1
    database.close()


def test_a_dry_run_writes_nothing_and_reports_what_a_run_would_do(tmp_path, kimai_small):
    _, url, facts = kimai_small
    database, ctx = ours(tmp_path)
    before = snapshot(database)
    dry = kimai_import.import_kimai(ctx, url, dry_run=True)
    assert snapshot(database) == before
    real = kimai_import.import_kimai(ctx, url)
    assert {k: o.as_dict() for k, o in dry.counts.items()} == \
        {k: o.as_dict() for k, o in real.counts.items()}
    database.close()


def test_a_killed_import_writes_nothing_and_the_rerun_gives_the_same_result(tmp_path,
                                                                            kimai_small):
    _, url, facts = kimai_small
    killed_db = tmp_path / "killed.sqlite"
    code = (
        "import os, sys\n"
        "from kimai_tui.data import db\n"
        "from kimai_tui.services import identity, kimai_records_import as r, kimai_import\n"
        "from kimai_tui.services.context import Context\n"
        "from kimai_tui.settings import Settings\n"
        f"database = db.connect('sqlite:///{killed_db}')\n"
        "user = identity.bootstrap(database, Settings(), 'admin')\n"
        "r.BATCH = 500\n"
        "r.BULK = 0  # the indexes are dropped for the bulk load: the kill must restore them\n"
        "def progress(kind, done, total):\n"
        "    if kind == 'timesheet' and done >= 1500:\n"
        "        os.kill(os.getpid(), 9)\n"
        f"kimai_import.import_kimai(Context(Settings(), database, user), '{url}', "
        "progress=progress)\n")
    killed = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True)
    assert killed.returncode == -9, killed.stderr
    from kimai_tui.data import db

    fresh, _ = ours(tmp_path / "fresh")
    expected_indexes = _indexes(fresh)
    fresh.close()
    database = db.connect(f"sqlite:///{killed_db}")
    assert models.Timesheet.select().count() == 0  # nothing of the killed run was kept
    assert _indexes(database) == expected_indexes
    from kimai_tui.services.context import Context
    from kimai_tui.settings import Settings

    from kimai_tui.data import users as users_repo

    ctx = Context(Settings(), database, users_repo.by_username("admin"))
    kimai_import.import_kimai(ctx, url)
    after_kill = snapshot(database)
    database.close()
    clean, clean_ctx = ours(tmp_path / "clean")
    kimai_import.import_kimai(clean_ctx, url)
    assert snapshot(clean) == after_kill
    clean.close()


def _indexes(database) -> list:
    return sorted(database.execute_sql("SELECT name, sql FROM sqlite_master WHERE type = "
                                       "'index' AND sql IS NOT NULL").fetchall())


def test_only_a_super_admin_may_import(tmp_path, kimai_small):
    _, url, _ = kimai_small
    database, ctx = ours(tmp_path)
    from kimai_tui.data import users as users_repo
    from kimai_tui.services.context import Context

    for role in ("ROLE_ADMIN", "ROLE_TEAMLEAD", "ROLE_USER"):
        uid = users_repo.create({"username": role.lower(), "roles": role})
        with pytest.raises(PermissionDenied):
            kimai_import.import_kimai(Context(ctx.settings, database, users_repo.get(uid)), url)
    restricted = Context(ctx.settings, database, ctx.user, restricted=True)
    with pytest.raises(PermissionDenied):
        kimai_import.import_kimai(restricted, url)
    assert models.Timesheet.select().count() == 0
    database.close()


@pytest.mark.parametrize("url", ["postgresql://x@h/db", "mysql://root@127.0.0.1",
                                 "mysql://root@127.0.0.1:port/db", "kimai"])
def test_a_bad_url_says_what_is_accepted(tmp_path, url):
    database, ctx = ours(tmp_path)
    with pytest.raises(UsageError, match=r"mysql://USER@HOST\[:PORT\]/DATABASE"):
        kimai_import.import_kimai(ctx, url)
    database.close()


def test_a_100_user_50k_record_kimai_matches_and_a_rerun_changes_nothing(tmp_path, capsys):
    """The issue's "done when" case (timings printed; the benchmark keeps the numbers)."""
    from kimport_support import kimai_database

    for name, url, facts in kimai_database(records=50_000, users=100, seed=3):
        database, ctx = ours(tmp_path)
        indexes = _indexes(database)
        first = kimai_import.import_kimai(ctx, url)
        assert first.counts["timesheet"].new == 50_000
        assert our_totals(database) == kimai_totals(name)
        assert _indexes(database) == indexes  # dropped for the bulk load, built again
        before = snapshot(database)
        second = kimai_import.import_kimai(ctx, url)
        assert second.written == 0 and snapshot(database) == before
        with capsys.disabled():
            print(f"\n50k Kimai records: first import {first.seconds:.1f} s "
                  f"({50_000 / first.seconds:,.0f} records/s), re-run {second.seconds:.1f} s")
        database.close()


def test_the_importing_admin_keeps_super_admin_when_kimai_knows_them_with_less(tmp_path,
                                                                               kimai_fresh):
    name, url, _ = kimai_fresh
    conn = kimai_world.connect(name)
    with conn.cursor() as cur:
        cur.execute("INSERT INTO kimai2_users (id, username, email, password, enabled, roles) "
                    "VALUES (500, 'admin', 'admin@kimai.example', 'x', 0, 'a:0:{}')")
    conn.close()
    database, ctx = ours(tmp_path)
    kimai_import.import_kimai(ctx, url)
    admins = list(models.User.select().where(models.User.username == "admin"))
    assert len(admins) == 1 and admins[0].id == ctx.user.id  # linked, not duplicated
    assert admins[0].roles == "ROLE_SUPER_ADMIN" and admins[0].enabled is True
    assert admins[0].email == "admin@kimai.example"
    database.close()
