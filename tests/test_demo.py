"""`kimai-tui demo`: the seed's catalogue, N records over the users, the SLA's monthly budget."""

from __future__ import annotations

import sqlite3

from dataclasses import replace
from datetime import datetime, timezone

import pytest

from kimai_tui.services import demo as demo_service
from kimai_tui.settings import (CustomField, CustomFields, RateFactor, RoundingRule,
                                Settings)

NOW = datetime(2026, 11, 2, 9, 0, tzinfo=timezone.utc)


def make_settings(rounding=(), rates=()) -> Settings:
    settings = Settings()
    timesheet = replace(settings.kimai.timesheet, rounding=tuple(rounding), rates=tuple(rates))
    return replace(settings, kimai=replace(settings.kimai, timesheet=timesheet),
                   custom_fields=CustomFields(timesheet=(
                       CustomField(name="location", label="Location"),
                       CustomField(name="ticket", label="Ticket"))))


class _World:
    def __init__(self, database):
        from kimai_tui.data import users as users_repo

        self.database = database
        self.admin = users_repo.get(users_repo.create(
            {"username": "admin", "roles": "ROLE_SUPER_ADMIN", "timezone": "UTC"}))

    def ctx(self, settings: Settings | None = None):
        from kimai_tui.services.context import Context

        return Context(settings or make_settings(), self.database, self.admin, lambda: NOW)


@pytest.fixture
def world(tmp_path):
    from kimai_tui.data import db

    database = db.connect("sqlite:///" + str(tmp_path / "demo.sqlite"))
    try:
        yield _World(database)
    finally:
        database.close()


def _connect(world) -> sqlite3.Connection:
    return sqlite3.connect(world.database.database)


def test_demo_fills_500_records_over_3_users(world):
    result = demo_service.run(world.ctx(), records=500, users=3)
    assert (result.records, result.users) == (500, 3)
    con = _connect(world)
    try:
        assert con.execute("SELECT COUNT(*) FROM timesheet").fetchone()[0] == 500
        per_user = con.execute(
            "SELECT u.username, COUNT(*) FROM timesheet t JOIN user u ON u.id = t.user_id "
            "GROUP BY u.username").fetchall()
        assert {name for name, _ in per_user} == {"maria", "jose", "ana"}
        assert len(per_user) == 3 and sorted(n for _, n in per_user) == [166, 167, 167]
        customers = {name for (name,) in con.execute("SELECT name FROM customer")}
        assert {"Koruna Assist", "Kaesim Cybersecurity"} <= customers
        used = {name for (name,) in con.execute(
            "SELECT DISTINCT c.name FROM timesheet t JOIN customer c ON c.id = t.customer_id")}
        assert used == {"Koruna Assist", "Kaesim Cybersecurity"}
        # Issue 14 item 12: the 20 included hours are user support's, not the project's
        # (whose billable setup work would count toward them).
        budget = con.execute("SELECT time_budget, budget_type FROM activity WHERE name = ?",
                             (demo_service.SLA_BUDGET_ACTIVITY,)).fetchone()
        assert budget == (20 * 3600, "month")
        assert con.execute("SELECT COUNT(*) FROM project WHERE time_budget IS NOT NULL "
                           "AND time_budget > 0").fetchone()[0] == 0
        # Records are stopped and carry their custom fields (make_settings: location, ticket).
        assert con.execute("SELECT COUNT(*) FROM timesheet WHERE end_ts IS NULL "
                           "OR duration <= 0").fetchone()[0] == 0
        assert con.execute("SELECT COUNT(*) FROM meta_value WHERE kind = 'timesheet' "
                           "AND name IN ('location', 'ticket')").fetchone()[0] == 1000
        assert con.execute("SELECT COUNT(DISTINCT timesheet_id) FROM timesheet_tag "
                           "").fetchone()[0] > 0
        # The indexes dropped for the bulk load are all back.
        indexes = {name for (name,) in con.execute(
            "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'timesheet'")}
        assert {"timesheet_user_id_begin_ts", "timesheet_begin_ts",
                "timesheet_customer_id_day"} <= indexes
    finally:
        con.close()


def test_demo_cached_pricing_matches_the_rules_engine(world):
    """The per-case caches give what per-row rounding and rate calls would."""
    from datetime import datetime

    from dateutil import tz as dateutil_tz

    from kimai_tui.rules import rates as rate_rules
    from kimai_tui.rules import rounding

    rules = (RoundingRule(name="weekend", days=frozenset({5, 6}), begin=1, end=1, duration=60,
                          mode="closest"),)
    factors = (RateFactor(name="weekend", days=frozenset({5, 6}), factor="1.5"),)
    settings = make_settings(rounding=rules, rates=factors)
    demo_service.run(world.ctx(settings), records=400, users=2)
    con = _connect(world)
    rows = con.execute(
        "SELECT t.begin_ts, t.end_ts, t.duration, t.rate, t.internal_rate, u.hourly_rate, "
        "u.internal_rate, p.rate FROM timesheet t JOIN user u ON u.id = t.user_id "
        "LEFT JOIN price_rule p ON p.activity_id = t.activity_id AND p.user_id IS NULL"
    ).fetchall()
    con.close()
    assert len(rows) == 400
    tz = dateutil_tz.gettz("Asia/Manila")
    def money(value):
        return None if value is None else rate_rules.money(rate_rules.Decimal(value) / 10000)

    for begin_ts, end_ts, duration, rate, internal, hourly, user_internal, price in rows:
        begin = datetime.fromtimestamp(begin_ts, tz)
        end = datetime.fromtimestamp(end_ts, tz)
        # Whole minutes: begin/end rounding to 1 minute changes nothing, so the stored times
        # are the generated ones and the duration is the rounded one.
        _, _, expected = rounding.apply_rounding(begin, end, rules)
        assert duration == expected
        rule = None if price is None else rate_rules.PriceRule(price=money(price),
                                                               internal_price=None, fixed=False)
        result = rate_rules.calculate_rate(rate_rules.RateInput(
            duration=duration, end_weekday=end.weekday(), record_fixed_rate=None,
            record_hourly_rate=None, activity_rule=rule, project_rule=None, customer_rule=None,
            user_hourly_rate=money(hourly), user_internal_rate=money(user_internal),
            factors=factors))
        assert money(rate) == result.rate
        assert money(internal) == result.internal_rate


def test_the_sla_budget_counts_user_support_only(tmp_path):
    """Issue 14 item 12: billable setup work of the SLA project no longer eats the 20 hours
    of included support, so a month shows what a lead would see (not 250 %)."""
    from kimai_tui.data import catalogue as catalogue_repo
    from kimai_tui.data import db
    from kimai_tui.data import users as users_repo
    from kimai_tui.services.context import Context

    database = db.connect("sqlite:///" + str(tmp_path / "demo.sqlite"))
    try:
        admin = users_repo.get(users_repo.create({"username": "root",
                                                  "roles": "ROLE_SUPER_ADMIN"}))
        now = datetime(2026, 11, 30, 1, 0, tzinfo=timezone.utc)
        ctx = Context(make_settings(), database, admin, lambda: now)
        demo_service.run(ctx, records=2000, users=5)
        [support] = catalogue_repo.find_by_name("activity", demo_service.SLA_BUDGET_ACTIVITY)
        from kimai_tui.data import timesheets as records_repo
        from kimai_tui.rules.budgets import month_bounds

        for month in (9, 10, 11):
            used, _ = records_repo.usage_sums("activity", support.id, *month_bounds(2026, month))
            assert 0.4 * 20 * 3600 <= used <= 1.3 * 20 * 3600, (month, used / 3600)
    finally:
        database.close()
