"""Service-test support: a fresh SQLite database per test, users, a small catalogue, Contexts.

Models bind through one global DatabaseProxy, so a test process has one database at a time:
every test that needs one connects its own in tmp_path through the `world` fixture
(re-exported by tests/services/conftest.py).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta, timezone
from decimal import Decimal

import pytest

from kimai_tui.settings import (ActiveEntries, CustomField, CustomFields, RateFactor,
                                RoundingRule, Settings)

UTC = timezone.utc
# A Monday, 09:00 UTC: every service call of the service tests sees this as "now".
NOW = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)


def at(text: str) -> datetime:
    """'2026-11-02 08:00' (or with seconds) as an aware UTC datetime."""
    fmt = "%Y-%m-%d %H:%M:%S" if text.count(":") == 2 else "%Y-%m-%d %H:%M"
    return datetime.strptime(text, fmt).replace(tzinfo=UTC)


def make_settings(base: Settings | None = None, *, mode: str | None = None,
                  rounding=None, rates=None, hard_limit: int | None = None,
                  soft_limit: int | None = None, default_begin: str | None = None,
                  timesheet_fields: tuple[str, ...] | None = None, **rules) -> Settings:
    """Settings with kimai.timesheet overrides; `rules` go to kimai.timesheet.rules.

    The default here is *no rounding* (rounding=()), so the test arithmetic stays exact.
    """
    settings = base or Settings()
    ts = settings.kimai.timesheet
    changes = {}
    changes["rounding"] = () if rounding is None and base is None else (
        ts.rounding if rounding is None else tuple(rounding))
    if mode is not None:
        changes["mode"] = mode
    if rates is not None:
        changes["rates"] = tuple(rates)
    if default_begin is not None:
        changes["default_begin"] = default_begin
    if hard_limit is not None or soft_limit is not None:
        changes["active_entries"] = ActiveEntries(
            soft_limit=ts.active_entries.soft_limit if soft_limit is None else soft_limit,
            hard_limit=ts.active_entries.hard_limit if hard_limit is None else hard_limit)
    if rules:
        changes["rules"] = replace(ts.rules, **rules)
    ts = replace(ts, **changes)
    settings = replace(settings, kimai=replace(settings.kimai, timesheet=ts))
    fields = timesheet_fields if timesheet_fields is not None else ("location", "ticket")
    settings = replace(settings, custom_fields=CustomFields(
        timesheet=tuple(CustomField(name=n, label=n.capitalize()) for n in fields)))
    return settings


def rounding_rule(**kw) -> RoundingRule:
    return RoundingRule(**kw)


def rate_factor(days, factor: str, name: str = "f") -> RateFactor:
    return RateFactor(name=name, days=frozenset(days), factor=factor)


class World:
    """One test's database, users and catalogue, and a way to act as any of the users."""

    def __init__(self, database):
        from kimai_tui.data import catalogue as catalogue_repo
        from kimai_tui.data import users as users_repo

        self.database = database
        self.settings = make_settings()
        self.clock = lambda: NOW
        self.users: dict[str, object] = {}
        for name, roles in (("admin", "ROLE_SUPER_ADMIN"), ("alice", "ROLE_USER"),
                            ("bob", "ROLE_USER"), ("lead", "ROLE_TEAMLEAD")):
            self.add_user(name, roles)
        self.customer = catalogue_repo.create("customer", {"name": "Acme", "currency": "EUR",
                                                           "number": "C-1", "vat_id": "VAT9"})
        self.project = catalogue_repo.create("project", {"name": "Web", "customer": self.customer,
                                                         "number": "P-1",
                                                         "order_number": "O-7"})
        self.activity = catalogue_repo.create("activity", {"name": "Dev",
                                                           "project": self.project})
        self.global_activity = catalogue_repo.create("activity", {"name": "Support",
                                                                  "project": None})
        self.customer2 = catalogue_repo.create("customer", {"name": "Globex",
                                                            "currency": "USD"})
        self.project2 = catalogue_repo.create("project", {"name": "App",
                                                          "customer": self.customer2})
        self.activity2 = catalogue_repo.create("activity", {"name": "Design",
                                                            "project": self.project2})

    # --- setup helpers ---------------------------------------------------------------------
    def add_user(self, name: str, roles: str = "ROLE_USER", **values):
        from kimai_tui.data import users as users_repo

        user_id = users_repo.create({"username": name, "roles": roles, "timezone": "UTC",
                                     **values})
        self.users[name] = users_repo.get(user_id)
        return self.users[name]

    def user(self, name: str):
        return self.users[name]

    def entity(self, kind: str, name: str | None = None, **values) -> int:
        from kimai_tui.data import catalogue as catalogue_repo

        return catalogue_repo.create(kind, {"name": name or f"{kind}-x", **values})

    def edit(self, kind: str, entity_id: int, **values) -> None:
        from kimai_tui.data import catalogue as catalogue_repo

        catalogue_repo.update(kind, entity_id, values)

    def price(self, kind: str, entity_id: int, rate: str, user: str | None = None,
              internal: str | None = None, fixed: bool = False) -> None:
        from kimai_tui.data import catalogue as catalogue_repo

        catalogue_repo.set_price_rule(
            kind, entity_id, self.users[user].id if user else None, Decimal(rate),
            None if internal is None else Decimal(internal), fixed)

    def team(self, name: str, leads=(), members=()) -> int:
        from kimai_tui.data.models import Team, TeamMember

        team_id = Team.insert(name=name).execute()
        for lead in leads:
            TeamMember.insert(team=team_id, user=self.users[lead].id, lead=True).execute()
        for member in members:
            TeamMember.insert(team=team_id, user=self.users[member].id, lead=False).execute()
        return team_id

    # --- acting ----------------------------------------------------------------------------
    def ctx(self, name: str = "alice", settings: Settings | None = None, clock=None):
        from kimai_tui.data import users as users_repo
        from kimai_tui.services.context import Context

        user = users_repo.get(self.users[name].id)
        return Context(settings or self.settings, self.database, user, clock or self.clock)

    def changes(self, begin: str | None = None, minutes: int | None = 60, **kw):
        """RecordChanges on Web/Dev; begin '2026-11-02 07:00', `minutes` long (None: running)."""
        from kimai_tui.services.record_save import RecordChanges

        kw.setdefault("project_id", self.project)
        kw.setdefault("activity_id", self.activity)
        if begin is not None:
            kw["begin"] = at(begin)
            if minutes is not None and "end" not in kw and "duration" not in kw:
                kw["end"] = kw["begin"] + timedelta(minutes=minutes)
        return RecordChanges(**kw)

    def add(self, user: str = "alice", begin: str = "2026-11-02 07:00", minutes: int | None = 60,
            settings: Settings | None = None, **kw):
        """Create a record as `user` (a stopped one unless minutes is None)."""
        from kimai_tui.services import timesheets

        record, _ = timesheets.create(self.ctx(user, settings), self.changes(begin, minutes, **kw))
        return record

    def count(self) -> int:
        from kimai_tui.data.models import Timesheet

        return Timesheet.select().count()

    def snapshot(self) -> list[tuple]:
        """Every record row, to prove a refused action wrote nothing."""
        from kimai_tui.data.models import MetaValue, Timesheet, TimesheetTag

        rows = [tuple(r) for r in Timesheet.select().order_by(Timesheet.id).tuples()]
        tags = [tuple(r) for r in TimesheetTag.select().tuples()]
        meta = [tuple(r) for r in MetaValue.select().tuples()]
        return sorted(rows) + sorted(tags) + sorted(meta, key=repr)


@pytest.fixture
def world(tmp_path):
    from kimai_tui.data import db

    database = db.connect("sqlite:///" + str(tmp_path / "k.sqlite"))
    try:
        yield World(database)
    finally:
        database.close()


__all__ = ["NOW", "UTC", "World", "at", "make_settings", "rate_factor", "rounding_rule",
           "world"]
