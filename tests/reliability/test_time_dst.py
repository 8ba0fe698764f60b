"""Issue #6 item 6: time zones and DST.

* Records across the 2026 DST changes (Europe/Berlin 03-29 and 10-25, America/New_York 03-08
  and 11-01) have their real elapsed duration.
* Users in different time zones: a record keeps its creator's timezone (rules.md §Entities:
  "timezone (the user's at creation)"); every viewer gets the same instant, shown with the
  record's own offset (what the product does: `show --json` of one record is identical for
  viewers in Berlin and New York).
* Budgets (month) and rounding/weekday rules use the record's own local day and month.
"""

from __future__ import annotations

import contextlib
import io
import json
from dataclasses import replace
from datetime import datetime, timedelta, timezone
from decimal import Decimal

import pytest
from dateutil import tz as dateutil_tz

from kt_rel_support import figures

UTC = timezone.utc
NOW = datetime(2026, 12, 15, 12, 0, tzinfo=UTC)


@pytest.fixture
def svc(database_url):
    from kimai_tui.data import catalogue, db, users
    from kimai_tui.settings import Settings, TimesheetSettings, KimaiSettings

    database = db.connect(database_url)
    ids = {name: users.create({"username": name, "roles": roles, "timezone": tzname})
           for name, roles, tzname in (("berlin", "ROLE_USER", "Europe/Berlin"),
                                       ("ny", "ROLE_SUPER_ADMIN", "America/New_York"),
                                       ("akl", "ROLE_USER", "Pacific/Auckland"),
                                       ("utc", "ROLE_USER", "UTC"))}
    c = catalogue.create("customer", {"name": "Acme"})
    p = catalogue.create("project", {"name": "Web", "customer": c})
    a = catalogue.create("activity", {"name": "Dev", "project": p})
    settings = Settings(kimai=KimaiSettings(timesheet=TimesheetSettings(rounding=())))
    yield {"db": database, "users": ids, "project": p, "activity": a, "settings": settings}
    database.close()


def _ctx(svc, name, settings=None):
    from kimai_tui.data import users
    from kimai_tui.services.context import Context

    return Context(settings or svc["settings"], svc["db"], users.get(svc["users"][name]),
                   lambda: NOW)


def _create(svc, name, begin_text, end_text=None, duration=None, settings=None):
    from kimai_tui.services import timesheets
    from kimai_tui.services.inputs import parse_end, parse_time
    from kimai_tui.services.record_save import RecordChanges

    ctx = _ctx(svc, name, settings)
    begin = parse_time(begin_text, "begin", ctx.tz, ctx.now())
    ch = RecordChanges(project_id=svc["project"], activity_id=svc["activity"], begin=begin)
    if end_text is not None:
        ch.end = parse_end(end_text, begin, ctx.tz, ctx.now())
    if duration is not None:
        ch.duration = duration
    rec, _ = timesheets.create(ctx, ch)
    return rec


DST = [  # user, begin, end (local wall clock), expected seconds
    ("berlin", "2026-03-29 01:30", "2026-03-29 03:30", 3600),   # spring forward: 1 h
    ("berlin", "2026-03-28 22:00", "2026-03-29 06:00", 7 * 3600),
    ("berlin", "2026-10-25 01:30", "2026-10-25 03:30", 3 * 3600),  # fall back: 3 h
    ("berlin", "2026-10-24 22:00", "2026-10-25 06:00", 9 * 3600),
    ("ny", "2026-03-08 01:30", "2026-03-08 03:30", 3600),
    ("ny", "2026-11-01 01:30", "2026-11-01 03:30", 3 * 3600),
    ("ny", "2026-11-01 00:00", "2026-11-02 00:00", 25 * 3600),   # a 25-hour day
    ("berlin", "2026-03-29 00:00", "2026-03-30 00:00", 23 * 3600),  # a 23-hour day
]


@pytest.mark.parametrize("user, begin, end, seconds", DST)
def test_durations_across_dst(svc, user, begin, end, seconds):
    rec = _create(svc, user, begin, end)
    assert rec.duration == seconds == int((rec.end - rec.begin).total_seconds())
    figures("dst", user=user, begin=begin, end=end, duration=rec.duration)


def test_bare_end_time_on_a_dst_day(svc):
    """A night shift typed as begin 22:00, end 06:00 (end = next day) across spring forward."""
    rec = _create(svc, "berlin", "2026-03-28 22:00", "06:00")
    assert rec.duration == 7 * 3600


def test_time_in_the_spring_gap_moves_forward(svc):
    rec = _create(svc, "berlin", "2026-03-29 02:30", "2026-03-29 04:00")
    # 02:30 does not exist in Berlin that night; the product moves it past the gap (03:30).
    assert rec.begin == datetime(2026, 3, 29, 1, 30, tzinfo=UTC)
    assert rec.duration == 1800


def test_ambiguous_fall_back_time_takes_the_first_occurrence(svc):
    rec = _create(svc, "berlin", "2026-10-25 02:30", duration=600)
    # 02:30 happens twice; the product takes the first (CEST, 00:30 UTC).
    assert rec.begin == datetime(2026, 10, 25, 0, 30, tzinfo=UTC)


def _viewers_in_other_zones_see_the_same_instant(svc, tmp_path, database_url):
    """CLI `show --json` of a Berlin user's record, as that user and as a New York admin."""
    from kimai_tui.cli.main import run

    rec = _create(svc, "berlin", "2026-10-25 01:30", "2026-10-25 03:30")
    svc["db"].close()
    config = tmp_path / "k.yaml"
    config.write_text("kimai: {timesheet: {rounding: {}}}\nsecurity: {trusted_operators: []}\n")
    shown = {}
    for viewer in ("berlin", "ny"):
        out, err = io.StringIO(), io.StringIO()
        from kimai_tui.data import users
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            # root is a trusted operator through a ROLE_SUPER_ADMIN user of the same name
            code = run(["--config", str(config), "--database", database_url, "--as", viewer,
                        "--json", "show", str(rec.id)])
        if code == 3 and "not a Kimai user" in err.getvalue():
            pytest.skip("the OS login has no Kimai user here")
        assert code == 0, err.getvalue()
        shown[viewer] = json.loads(out.getvalue())
    b, n = shown["berlin"], shown["ny"]
    assert datetime.fromisoformat(b["begin"]) == datetime.fromisoformat(n["begin"]) == rec.begin
    assert b["timezone"] == n["timezone"] == "Europe/Berlin"
    assert b["begin"].endswith("+02:00") and b["end"].endswith("+01:00")  # CEST -> CET
    assert b["duration"] == n["duration"] == 3 * 3600
    figures("multi-zone", berlin_view=b["begin"], new_york_view=n["begin"])


@pytest.fixture
def svc_with_root(svc):
    """The OS login as a super admin, so the in-process CLI may use --as."""
    import getpass

    from kimai_tui.data import users

    users.create({"username": getpass.getuser(), "roles": "ROLE_SUPER_ADMIN",
                  "timezone": "UTC"})
    return svc


def test_viewers_in_other_zones_cli(svc_with_root, tmp_path, database_url):
    _viewers_in_other_zones_see_the_same_instant(svc_with_root, tmp_path, database_url)


def test_record_day_is_the_local_day_of_its_own_zone(svc):
    from kimai_tui.data.models import Timesheet

    rec = _create(svc, "akl", "2026-12-01 08:00", duration=3600)  # 2026-11-30 19:00 UTC
    assert rec.begin == datetime(2026, 11, 30, 19, 0, tzinfo=UTC)
    assert Timesheet.get_by_id(rec.id).day == 20261201


def test_month_budget_uses_the_records_own_month(svc):
    from kimai_tui.data import catalogue
    from kimai_tui.rules.errors import RuleRefused

    catalogue.update("project", svc["project"], {"time_budget": 3600, "budget_type": "month"})
    strict = replace(svc["settings"], kimai=replace(svc["settings"].kimai, timesheet=replace(
        svc["settings"].kimai.timesheet, rules=replace(svc["settings"].kimai.timesheet.rules,
                                                       allow_overbooking_budget=False))))
    # December (Auckland's 1 December, though 30 November in UTC): uses the whole hour.
    _create(svc, "akl", "2026-12-01 08:00", duration=3600, settings=strict)
    # A UTC user's hour on 30 November is November's budget: allowed.
    _create(svc, "utc", "2026-11-30 20:00", duration=3600, settings=strict)
    # Another December minute (UTC user, 1 December) goes over December's budget.
    with pytest.raises(RuleRefused):
        _create(svc, "utc", "2026-12-01 20:00", duration=60, settings=strict)


def test_rounding_and_weekday_rules_use_the_records_local_end_day(svc):
    from kimai_tui.settings import RateFactor, RoundingRule

    ts = svc["settings"].kimai.timesheet
    s = replace(svc["settings"], kimai=replace(svc["settings"].kimai, timesheet=replace(
        ts, rounding=(RoundingRule(name="mon", days=frozenset({0}), begin=15, end=15),),
        rates=(RateFactor(name="mon", days=frozenset({0}), factor=Decimal(2)),))))
    # Auckland: Monday 2026-11-30 09:07-10:07 local = Sunday 20:07-21:07 UTC.
    rec = _create(svc, "akl", "2026-11-30 09:07", "2026-11-30 10:07", settings=s)
    local = dateutil_tz.gettz("Pacific/Auckland")
    assert rec.begin.astimezone(local).strftime("%H:%M") == "09:00"  # Monday rule applied
    assert rec.end.astimezone(local).strftime("%H:%M") == "10:15"
    assert rec.duration == 75 * 60
    # UTC user, same instants: a Sunday, no rounding.
    rec2 = _create(svc, "utc", "2026-11-29 20:07", "2026-11-29 21:07", settings=s)
    assert rec2.duration == 3600
