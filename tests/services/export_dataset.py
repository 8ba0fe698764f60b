"""A varied set of records for the export regression test (tests/services/test_svc_export_bytes.py).

Everything an export cell depends on varies here: users in several time zones (two with DST
changes inside records, one with a half-hour offset, one with an unknown zone name that falls
back to UTC), a running record, tags in mixed case and unicode, custom fields set, empty or
formula-like, descriptions that need CSV quoting, catalogue numbers that look like formulas,
rates whose 2-place text depends on Decimal rounding, and an actor who may see every record
but the rates of her own records only.
"""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from svc_support import World

FORMULA = "=1+1"


def _user(world: World, name: str, timezone: str, **values):
    return world.add_user(name, "ROLE_USER", timezone=timezone, **values)


def build(world: World) -> None:
    """Fill `world` with the records; ids and values are the same on every run."""
    carol = _user(world, "carol", "Asia/Manila", alias="Carol C", email="c@x.org",
                  staff_number="S42")
    dave = _user(world, "dave", "Europe/Berlin", alias="Dävé Ñoño 日本",
                 staff_number="=cmd|' /C calc'!A0")
    erin = _user(world, "erin", "America/New_York", email="+erin@x.org")
    farid = _user(world, "farid", "Asia/Kolkata", alias="-farid")
    odd = _user(world, "odd", "UTC")

    odd_customer = world.entity("customer", "=Evil Corp", number="+C-9", vat_id="@vat",
                                currency="CHF")
    odd_project = world.entity("project", "Prøject “quoted”, with comma",
                               customer=odd_customer, number="-P", order_number="\tO")
    odd_activity = world.entity("activity", "\rActivity", project=odd_project)
    world.price("project", world.project, "100", internal="60")
    world.price("project", world.project2, "33.335")
    world.price("activity", odd_activity, "250", fixed=True)

    admin = world.ctx("admin")

    def add(user, begin: str, minutes: int | None, project=None, activity=None, **kw):
        from kimai_tui.services import timesheets

        changes = world.changes(begin, minutes, user_id=user.id,
                                project_id=project or world.project,
                                activity_id=activity or world.activity, **kw)
        record, _ = timesheets.create(admin, changes)
        return record

    # Europe/Berlin: summer time starts 2026-03-29 01:00 UTC and ends 2026-10-25 01:00 UTC.
    add(dave, "2026-03-29 00:30", 60, description="across spring forward", tags=("b", "A"))
    add(dave, "2026-10-25 00:30", 60, description="across fall back", meta={"ticket": "7"})
    add(dave, "2026-10-25 01:30", 30, description="second 02:30 (fold)")
    # Past the 32-bit transition table dateutil reads, and before 1970 (a negative stamp).
    add(dave, "2040-07-01 08:00", 60, description="far future")
    add(dave, "1969-12-31 23:30", 60, description="before the epoch")
    # America/New_York: 2026-03-08 07:00 UTC and 2026-11-01 06:00 UTC.
    add(erin, "2026-03-08 06:45", 30, description="")
    add(erin, "2026-11-01 05:30", 90, description=FORMULA, meta={"location": FORMULA})
    # Asia/Manila, midnight local on a UTC day boundary; Asia/Kolkata, +05:30.
    add(carol, "2026-11-01 16:00", 150, description="line one\nline two, \"quoted\"",
        tags=("Ünïcode", "zeta", "alpha"), meta={"location": "home", "ticket": "T-1"})
    add(farid, "2026-10-31 18:45", 15, project=world.project2, activity=world.activity2,
        description="+plus", billable="no")
    add(farid, "2026-10-31 19:00", 10, project=world.project2, activity=world.activity2,
        description="@at", hourly_rate=Decimal("0.03"))  # rate 0.0050: rounding decides
    add(farid, "2026-10-31 19:10", 10, project=world.project2, activity=world.activity2,
        description="-minus", hourly_rate=Decimal("0.09"))  # 0.0150
    add(odd, "2026-10-30 09:00", 45, project=odd_project, activity=odd_activity,
        description="\tTab and Grüße 🎉", tags=("=tag",), meta={"ticket": "-1"})
    add(odd, "2026-10-30 10:00", 60, project=world.project, activity=world.global_activity,
        description="global activity", fixed_rate=Decimal("12.5"))
    # Terminal controls and a bidi override, stored before the services refused them (or
    # imported): JSON shows them as \u escapes, CSV as visible escapes (textsafe).
    from kimai_tui.data import meta as meta_repo
    from kimai_tui.data import timesheets as records_repo
    from kimai_tui.data.models import Timesheet
    record = add(odd, "2026-10-30 11:00", 15)
    Timesheet.update(description="red \x1b[31malert\x07 \u202egnp.exe").where(
        Timesheet.id == record.id).execute()
    meta_repo.set_values("timesheet", record.id, {"location": "\x9b2J"})
    records_repo.set_tags(record.id, ("\u200bhidden",))
    # Records that begin at the same second: the export's order is then by id.
    for name in ("alice", "bob", "admin"):
        add(world.user(name), "2026-10-29 08:00", 60, description=f"same start {name}")
    add(world.user("alice"), "2026-10-28 10:00", 25 * 60, description="over a day")
    # Running records: CSV shows the stored duration, JSON the time elapsed so far.
    add(carol, "2026-11-02 07:15", None, description="running", tags=("live",))
    add(world.user("bob"), "2026-11-02 08:59", None)
    # A zone name that is not (or no longer) known: shown in UTC.
    record = add(odd, "2026-10-28 12:00", 60, description="unknown zone")
    Timesheet.update(timezone="Mars/Olympus_Mons").where(Timesheet.id == record.id).execute()


def partial_rates_ctx(world: World):
    """An actor who sees every record but the rates of her own only (an admin's permissions
    without view_rate_other_timesheet)."""
    ctx = world.ctx("admin")
    return replace(ctx, permissions=ctx.permissions - {"view_rate_other_timesheet"})


def customer_ctx(world: World):
    """A customer account for Acme: Acme's records only, never internal rates."""
    from kimai_tui.data.models import CustomerAccess

    user = world.add_user("acme", "ROLE_CUSTOMER")
    CustomerAccess.insert(user=user.id, customer=world.customer).execute()
    return world.ctx("acme")


__all__ = ["FORMULA", "build", "customer_ctx", "partial_rates_ctx"]
