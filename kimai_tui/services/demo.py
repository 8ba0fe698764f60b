"""`kimai-tui demo`: the seed wiki's customers, projects and activities, a support team, and
N realistic records spread over users, weekdays, business hours and (for large N) years.

The catalogue follows seed 000. Two modelling choices, both for the budgets to mean something:
- "Kaesim SLA User Support" is included in the SLA (up to 20 hours a month, not invoiced). It is
  tracked billable with a price of 0, so its hours count toward the monthly 20-hour budget of
  "Kaesim SLA IT Support" while the invoice amount stays 0.
- "Koruna Assist SLA User Support" is not tracked in Kimai (tickets live in the help desk): it
  exists hidden, so old records could keep it but nobody starts it.
Rates are PHP (the seed's rates follow the AUD to PHP rate); "TBA" is no price rule yet.
Records are generated on whole minutes and priced with the rules engine, then bulk-inserted.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from decimal import Decimal

from kimai_tui.data import demo_repo
from kimai_tui.data.db import write_transaction
from kimai_tui.rules import rates as rate_rules
from kimai_tui.rules import rounding
from kimai_tui.rules.errors import PermissionDenied
from kimai_tui.services.context import Context, zone

TIMEZONE = "Asia/Manila"
CATALOGUE = [
    # customer, project, project comment, activity, billable, price (None = TBA / N/A), visible
    ("Koruna Assist", "Koruna Assist Non SLA IT Support",
     "Support requests outside business hours, approved by Koruna Assist and Polaris Solutions",
     "Koruna Assist Out of SLA User Support", True, None, True),
    ("Koruna Assist", "Koruna Assist SLA IT Support",
     "Support requests in business hours (07:00 - 16:00, Mon - Fri)",
     "Koruna Assist Computer Setup", False, None, True),
    ("Koruna Assist", "Koruna Assist SLA IT Support", None,
     "Koruna Assist SLA User Support", False, None, False),
    ("Kaesim Cybersecurity", "Kaesim Non SLA User Support",
     "User support without the Polaris Solutions RMM & VPN service",
     "Kaesim Non SLA User Support", True, Decimal(529), True),
    ("Kaesim Cybersecurity", "Kaesim SLA IT Support",
     "User setup and support with the Polaris Solutions RMM & VPN service",
     "Kaesim SLA User Setup", True, Decimal(445), True),
    ("Kaesim Cybersecurity", "Kaesim SLA IT Support", None,
     "Kaesim SLA User Support", True, Decimal(0), True),
]
SLA_BUDGET_PROJECT = "Kaesim SLA IT Support"
SLA_BUDGET_SECONDS = 20 * 3600
FIRST_NAMES = ["maria", "jose", "ana", "juan", "rosa", "carlo", "liza", "mark", "joy", "paolo",
               "grace", "miguel", "bea", "rafael", "kim", "andrea", "noel", "trisha", "ivan",
               "claire"]
TOPICS = ["password reset", "VPN not connecting", "new laptop setup", "printer offline",
          "Outlook profile repair", "MFA enrolment", "shared drive access", "RMM agent update",
          "Teams audio issue", "user offboarding", "new starter accounts", "backup check",
          "firewall rule request", "phishing report triage", "Wi-Fi dropouts"]
# How often each business-hours activity comes up. The Kaesim SLA project is ~3 % of the
# time of a 5-person team, so its 20 included hours a month are about used up.
WEIGHTS = {"Koruna Assist Computer Setup": 30, "Kaesim Non SLA User Support": 30,
           "Kaesim SLA User Setup": 2, "Kaesim SLA User Support": 2}
TAGS = ["onsite", "remote", "urgent", "vpn", "hardware"]


@dataclass
class DemoResult:
    users: int
    records: int
    customers: int
    projects: int
    activities: int


def _usernames(count: int) -> list[str]:
    names = []
    for index in range(count):
        base = FIRST_NAMES[index % len(FIRST_NAMES)]
        names.append(base if index < len(FIRST_NAMES) else f"{base}{index // len(FIRST_NAMES)}")
    return names


def run(ctx: Context, records: int = 2000, users: int = 5, seed: int = 1) -> DemoResult:
    if not ctx.can("system_configuration"):
        raise PermissionDenied("only super admins may fill the database with demo data", "demo")
    rng = random.Random(seed)
    users = max(users, 1)
    with write_transaction(ctx.database):
        catalogue = demo_repo.ensure_catalogue(CATALOGUE, "PHP", TIMEZONE, SLA_BUDGET_PROJECT,
                                               SLA_BUDGET_SECONDS)
        people = demo_repo.ensure_users(_usernames(users), TIMEZONE, rng)
    rows = _generate(ctx, catalogue, people, records, rng)
    with write_transaction(ctx.database):
        demo_repo.insert_records(rows, [f"{t}" for t in TAGS], ctx.settings.custom_fields)
    return DemoResult(users=len(people), records=len(rows),
                      customers=len({c for c, *_ in CATALOGUE}),
                      projects=len({p for _, p, *_ in CATALOGUE}), activities=len(CATALOGUE))


def _generate(ctx: Context, catalogue, people, total: int, rng: random.Random) -> list[dict]:
    """Records per user, walking back from yesterday over workdays, 3 to 6 a day in business
    hours; now and then a weekend call-out on the out-of-SLA project."""
    settings = ctx.settings.kimai.timesheet
    tz = zone(TIMEZONE)
    today = ctx.now().astimezone(tz).date()
    out_of_sla = "Koruna Assist Out of SLA User Support"
    business = [a for a in catalogue if a["visible"] and a["name"] != out_of_sla]
    after_hours = [a for a in catalogue if a["name"] == out_of_sla]
    weights = [WEIGHTS.get(a["name"], 10) for a in business]
    rows: list[dict] = []
    per_user = [total // len(people) + (1 if i < total % len(people) else 0)
                for i in range(len(people))]
    now_ts = int(ctx.now().timestamp())
    for person, quota in zip(people, per_user):
        day = today - timedelta(days=1)
        while quota > 0:
            weekend = day.weekday() >= 5
            if weekend and rng.random() > 0.04:
                day -= timedelta(days=1)
                continue
            count = 1 if weekend else rng.randint(3, 6)
            clock = datetime.combine(day, time(7, rng.choice((0, 5, 10, 15, 30))))
            for _ in range(min(count, quota)):
                activity = (rng.choice(after_hours) if weekend else
                            rng.choices(business, weights)[0])
                minutes = rng.choice((15, 20, 30, 45, 60, 75, 90, 120, 150, 180))
                begin = clock.replace(tzinfo=tz)
                end = begin + timedelta(minutes=minutes)
                rows.append(_row(settings, person, activity, begin, end, rng, now_ts))
                quota -= 1
                clock += timedelta(minutes=minutes + rng.choice((0, 5, 10, 15, 30)))
                if clock.time() > time(17, 30):
                    break
            day -= timedelta(days=1)
    return rows


def _row(settings, person, activity, begin, end, rng, now_ts) -> dict:
    begin, end, duration = rounding.apply_rounding(begin, end, settings.rounding)
    result = rate_rules.calculate_rate(rate_rules.RateInput(
        duration=duration, end_weekday=end.weekday(), record_fixed_rate=None,
        record_hourly_rate=None, activity_rule=activity["rule"], project_rule=None,
        customer_rule=None, user_hourly_rate=person["hourly_rate"],
        user_internal_rate=person["internal_rate"], factors=settings.rates))
    ticket = rng.randint(10000, 99999)
    tags = rng.sample(TAGS, rng.choice((0, 0, 1, 1, 2)))
    return {
        "user": person["id"], "customer": activity["customer_id"],
        "project": activity["project_id"], "activity": activity["id"],
        "begin_ts": int(begin.timestamp()), "end_ts": int(end.timestamp()),
        "day": begin.year * 10000 + begin.month * 100 + begin.day, "timezone": TIMEZONE,
        "duration": duration, "description": f"Ticket #{ticket}: {rng.choice(TOPICS)}",
        "billable": activity["billable"], "exported": False,
        "hourly_rate": result.hourly_rate, "fixed_rate": result.fixed_rate,
        "rate": result.rate,
        "internal_rate": result.internal_rate, "created_ts": now_ts, "modified_ts": now_ts,
        "_tags": tags, "_location": rng.choice(("office", "homeoffice", "customer site")),
        "_ticket": str(ticket),
    }
