"""`kimai-tui demo`: the seed wiki's customers, projects and activities, a support team, and
N realistic records spread over users, weekdays, business hours and (for large N) years.

The catalogue follows seed 000. Two modelling choices, both for the budgets to mean something:
- "Kaesim SLA User Support" is included in the SLA ("user support up to 20 hours per month is
  included", not invoiced). It is tracked billable with a price of 0 and carries the monthly
  20-hour time budget itself, so only support hours count toward it; the billable "Kaesim SLA
  User Setup" work of the same project is invoiced on its own and uses none of the 20 hours
  (issue 14 item 12: on the project the budget showed 250 %).
- "Koruna Assist SLA User Support" is not tracked in Kimai (tickets live in the help desk): it
  exists hidden, so old records could keep it but nobody starts it.
Rates are PHP (the seed's rates follow the AUD to PHP rate); "TBA" is no price rule yet.
Records are generated on 5-minute wall times and priced with the rules engine, then
bulk-inserted. A million records must load in well under a minute, so the generator works in
integer epoch seconds and asks the rules engine once per distinct case, not once per row:
rounding once per (end weekday, begin wall minute, end wall minute) and pricing once per
(activity, user, duration, end weekday). The timezone has no DST, so a wall minute is the same
offset from local midnight on every day; the results are exactly what per-row calls give.
"""

from __future__ import annotations

import random
from bisect import bisect
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from itertools import accumulate
from typing import Iterator

from kimai_tui.data import demo_repo
from kimai_tui.data.db import write_transaction
from kimai_tui.rules import rates as rate_rules
from kimai_tui.rules import rounding
from kimai_tui.rules.errors import PermissionDenied, RuleRefused
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
SLA_BUDGET_ACTIVITY = "Kaesim SLA User Support"
SLA_BUDGET_SECONDS = 20 * 3600
FIRST_NAMES = ["maria", "jose", "ana", "juan", "rosa", "carlo", "liza", "mark", "joy", "paolo",
               "grace", "miguel", "bea", "rafael", "kim", "andrea", "noel", "trisha", "ivan",
               "claire"]
TOPICS = ["password reset", "VPN not connecting", "new laptop setup", "printer offline",
          "Outlook profile repair", "MFA enrolment", "shared drive access", "RMM agent update",
          "Teams audio issue", "user offboarding", "new starter accounts", "backup check",
          "firewall rule request", "phishing report triage", "Wi-Fi dropouts"]
# How often each business-hours activity comes up. Kaesim SLA User Support is ~2 % of the
# time of a 5-person team, so its 20 included hours a month are mostly used (about 65-105 %
# with the defaults); User Setup, billed apart, a little more.
WEIGHTS = {"Koruna Assist Computer Setup": 60, "Kaesim Non SLA User Support": 60,
           "Kaesim SLA User Setup": 4, "Kaesim SLA User Support": 3}
TAGS = ["onsite", "remote", "urgent", "vpn", "hardware"]
LOCATIONS = ("office", "homeoffice", "customer site")
DURATIONS = (15, 20, 30, 45, 60, 75, 90, 120, 150, 180)  # minutes
GAPS = (0, 5, 10, 15, 30)  # minutes between two records of a day
FIRST_START = (0, 5, 10, 15, 30)  # minutes after 07:00
DAY_END = 17 * 60 + 30  # no new record of a workday starts after 17:30
BATCH_ROWS = 20_000


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


def run(ctx: Context, records: int = 2000, users: int = 5, seed: int = 1,
        force: bool = False) -> DemoResult:
    """Fill the database with sample data (super admins only). A database that holds
    customers or records already is refused (RuleRefused) unless FORCE: sample records mixed
    into real ones would end up in reports and invoices."""
    if not ctx.can("system_configuration"):
        raise PermissionDenied("only super admins may fill the database with demo data", "demo")
    if not force:
        customers, records_held = demo_repo.data_held()
        if customers or records_held:
            raise RuleRefused(
                f"this database holds data already ({customers} customers, {records_held} "
                "records); sample data would mix with it. Use an empty database, or --force "
                "to add it anyway", "demo")
    rng = random.Random(seed)
    users = max(users, 1)
    with write_transaction(ctx.database):
        catalogue = demo_repo.ensure_catalogue(CATALOGUE, "PHP", TIMEZONE, SLA_BUDGET_ACTIVITY,
                                               SLA_BUDGET_SECONDS)
        people = demo_repo.ensure_users(_usernames(users), TIMEZONE, rng)
    fields = {f.name for f in ctx.settings.custom_fields.timesheet}
    meta_names = tuple(name for name in ("location", "ticket") if name in fields)
    batches = _generate(ctx, catalogue, people, records, rng)
    with demo_repo.bulk_load(ctx.database, records):
        with write_transaction(ctx.database):
            inserted = demo_repo.insert_records(batches, TAGS, meta_names, records)
    return DemoResult(users=len(people), records=inserted,
                      customers=len({c for c, *_ in CATALOGUE}),
                      projects=len({p for _, p, *_ in CATALOGUE}), activities=len(CATALOGUE))


class _Pricing:
    """Rounding and rates of the rules engine, computed once per distinct case."""

    def __init__(self, ctx: Context, tz):
        self.settings = ctx.settings.kimai.timesheet
        self.tz = tz
        self._rounding: dict[tuple[int, int, int], tuple[int, int, int]] = {}
        self._rates: dict[tuple[int, int, int, int], tuple] = {}

    def rounded(self, day: date, midnight: int, begin_min: int, end_min: int
                ) -> tuple[int, int, int]:
        """(begin shift, end shift, duration) in seconds for these wall minutes."""
        key = (day.weekday(), begin_min, end_min)
        found = self._rounding.get(key)
        if found is None:
            begin = datetime.fromtimestamp(midnight + begin_min * 60, self.tz)
            end = datetime.fromtimestamp(midnight + end_min * 60, self.tz)
            r_begin, r_end, duration = rounding.apply_rounding(begin, end,
                                                               self.settings.rounding)
            found = (int(r_begin.timestamp()) - int(begin.timestamp()),
                     int(r_end.timestamp()) - int(end.timestamp()), duration)
            self._rounding[key] = found
        return found

    def priced(self, activity: dict, person: dict, duration: int, end_weekday: int) -> tuple:
        """(hourly_rate, fixed_rate, rate, internal_rate) as stored (MoneyField values)."""
        key = (activity["id"], person["id"], duration, end_weekday)
        found = self._rates.get(key)
        if found is None:
            result = rate_rules.calculate_rate(rate_rules.RateInput(
                duration=duration, end_weekday=end_weekday, record_fixed_rate=None,
                record_hourly_rate=None, activity_rule=activity["rule"], project_rule=None,
                customer_rule=None, user_hourly_rate=person["hourly_rate"],
                user_internal_rate=person["internal_rate"], factors=self.settings.rates))
            found = demo_repo.money_values(result.hourly_rate, result.fixed_rate, result.rate,
                                           result.internal_rate)
            self._rates[key] = found
        return found


def _generate(ctx: Context, catalogue, people, total: int, rng: random.Random
              ) -> Iterator[list[tuple]]:
    """Records per user, walking back from yesterday over workdays, 3 to 6 a day in business
    hours; now and then a weekend call-out on the out-of-SLA project.

    Yields batches of `demo_repo.RECORD_COLUMNS` tuples, each followed by its tag indexes
    (into TAGS), location and ticket."""
    tz = zone(TIMEZONE)
    pricing = _Pricing(ctx, tz)
    today = ctx.now().astimezone(tz).date()
    out_of_sla = "Koruna Assist Out of SLA User Support"
    business = [a for a in catalogue if a["visible"] and a["name"] != out_of_sla]
    after_hours = [a for a in catalogue if a["name"] == out_of_sla]
    cumulative = list(accumulate(WEIGHTS.get(a["name"], 10) for a in business))
    weight_total = cumulative[-1]
    per_user = [total // len(people) + (1 if i < total % len(people) else 0)
                for i in range(len(people))]
    now_ts = int(ctx.now().timestamp())
    midnights: dict[date, int] = {}
    random_ = rng.random
    batch: list[tuple] = []
    for person, quota in zip(people, per_user):
        user_id = person["id"]
        day = today - timedelta(days=1)
        while quota > 0:
            weekday = day.weekday()
            weekend = weekday >= 5
            if weekend and random_() > 0.04:
                day -= timedelta(days=1)
                continue
            midnight = midnights.get(day)
            if midnight is None:
                midnight = int(datetime(day.year, day.month, day.day, tzinfo=tz).timestamp())
                midnights[day] = midnight
            yyyymmdd = day.year * 10000 + day.month * 100 + day.day
            count = 1 if weekend else 3 + int(random_() * 4)
            clock = 7 * 60 + FIRST_START[int(random_() * 5)]
            for _ in range(min(count, quota)):
                if weekend:
                    activity = after_hours[int(random_() * len(after_hours))]
                else:
                    activity = business[bisect(cumulative, random_() * weight_total)]
                minutes = DURATIONS[int(random_() * 10)]
                begin_shift, end_shift, duration = pricing.rounded(day, midnight, clock,
                                                                   clock + minutes)
                hourly, fixed, rate, internal = pricing.priced(activity, person, duration,
                                                               weekday)
                ticket = 10000 + int(random_() * 90000)
                pick = random_()
                if pick < 0.4:
                    tags = ()
                elif pick < 0.8:
                    tags = (int(random_() * 5),)
                else:
                    first = int(random_() * 5)
                    tags = (first, (first + 1 + int(random_() * 4)) % 5)
                begin_ts = midnight + clock * 60
                batch.append((
                    user_id, activity["customer_id"], activity["project_id"], activity["id"],
                    begin_ts + begin_shift, begin_ts + minutes * 60 + end_shift, yyyymmdd,
                    TIMEZONE, duration,
                    f"Ticket #{ticket}: {TOPICS[int(random_() * len(TOPICS))]}",
                    activity["billable"], False, hourly, fixed, rate, internal, now_ts, now_ts,
                    tags, LOCATIONS[int(random_() * 3)], str(ticket)))
                quota -= 1
                clock += minutes + GAPS[int(random_() * 5)]
                if clock > DAY_END:
                    break
            if len(batch) >= BATCH_ROWS:
                yield batch
                batch = []
            day -= timedelta(days=1)
    if batch:
        yield batch
