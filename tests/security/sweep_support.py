"""The visibility sweep's world: one database with a user of every role, distinctive secret
values, and what each role may see of them, written out by hand from rules.md §Roles and
permissions and §Budgets (never asked of the code under test).

The command line runs in-process (kimai_tui.cli.main.run with stdout and stderr captured),
as the OS login, who becomes the first super admin and may act `--as` anyone.

Totals are made recognisable: every record lasts 100 hours plus 2**k seconds (k its index),
so the seconds of any sum of records tell exactly which records it counts. A total over all
records of an entity is then a value no sum over fewer of them can produce.
"""

from __future__ import annotations

import contextlib
import io
import json
import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

import pytest

from kimai_tui.rules.durations import format_duration
from kimai_tui.rules.money import format_money

CONFIG = "kimai:\n  timesheet:\n    rounding: {}\n"

# username -> (role, team); TEAMS names each team's lead and what it is assigned to.
USERS = {
    "alice": ("ROLE_USER", "Red"),
    "bob": ("ROLE_USER", "Red"),        # a second plain user in the same team
    "lead": ("ROLE_TEAMLEAD", "Red"),
    "adm": ("ROLE_ADMIN", "Red"),       # an admin in the team the lead leads
    "sup": ("ROLE_SUPER_ADMIN", "Blue"),
    "cust": ("ROLE_CUSTOMER", None),    # bound to Globex
    "nomad": ("ROLE_USER", None),       # in no team
    "erin": ("ROLE_USER", "Blue"),      # in a team the lead does not lead
}
TEAMS = {"Red": ("lead", ["--project", "Web"]), "Blue": ("sup", [])}
# Secret profile rates, one pair per user; never used by any record (every project has a
# price rule), so they can only leak through a profile.
PROFILE_RATES = {name: (Decimal(f"9{i:02d}.{13 + 11 * i}"), Decimal(f"8{i:02d}.{17 + 9 * i}"))
                 for i, name in enumerate(USERS)}

# kind, name, parent, budget (money), time budget (hours)
ENTITIES = [
    ("customer", "Acme", None, "555555.55", 7777),
    ("customer", "Globex", None, "444444.44", 6666),
    ("project", "Web", "Acme", "333333.33", 5555),
    ("project", "Intranet", "Acme", "222222.22", None),
    ("project", "App", "Globex", "188888.81", 4444),
    ("activity", "Dev", "Web", None, 3333),
    ("activity", "Wiki", "Intranet", "177777.71", None),
    ("activity", "Design", "App", "166666.61", None),
    ("activity", "Support", None, None, 2222),  # global
]
PRICES = {"Web": "137.29", "Intranet": "149.83", "App": "163.57"}
INTERNAL_PRICES = {"Web": "71.93", "Intranet": "73.87", "App": "79.51"}
PARENT = {name: parent for _, name, parent, _, _ in ENTITIES}

# Stopped records: (owner, project, activity); record k lasts 100 h + 2**k s.
RECORDS = ([(u, "Web", "Dev") for u in ("alice", "bob", "lead", "adm", "sup", "nomad", "erin")]
           + [(u, "App", "Design") for u in ("alice", "bob", "lead", "adm", "sup", "nomad",
                                                "erin")]
           + [(u, "Intranet", "Wiki") for u in ("bob", "sup", "nomad")]
           + [("alice", "Web", "Support")])
RUNNING = [("alice", "Web", "Dev"), ("adm", "App", "Design")]

# --- what each role may see (rules.md §Roles and permissions), by hand ------------------------
# Whose records: a lead the led team's and no-team users', never an admin's; the customer
# account by customer.
SEES_RECORDS_OF = {
    "alice": {"alice"}, "bob": {"bob"}, "nomad": {"nomad"}, "erin": {"erin"},
    "lead": {"lead", "alice", "bob", "nomad"},
    "adm": set(USERS), "sup": set(USERS), "cust": set(),
}
SEES_CUSTOMERS = {"cust": {"Globex"}}
SEES_RATES = {"lead", "adm", "sup"}  # of the records they see
# Budget permission: admins everywhere; the lead on what is assigned to Red (Web and below);
# the customer account on its customer's entities.
SEES_BUDGETS = {"adm": {n for _, n, *_ in ENTITIES}, "sup": {n for _, n, *_ in ENTITIES},
                "lead": {"Web", "Dev"}, "cust": {"Globex", "App", "Design"}}
SUPER_ADMINS = {"sup"}
OWN_PROFILE_RATES = {"lead", "adm", "sup"}  # Kimai's hourly-rate_own_profile


def marker(kind: str, index: int, owner: str) -> str:
    return f"zq-{kind}-{index:02d}-{owner}"


@dataclass
class Secret:
    label: str
    patterns: list[re.Pattern]  # its forms: found when any of them is
    allowed: set[str]  # the roles that may see it

    def found_in(self, text: str) -> bool:
        return any(pattern.search(text) for pattern in self.patterns)


@dataclass
class SweepWorld:
    base: list[str]
    records: list[dict] = field(default_factory=list)  # as the super admin's JSON shows them
    secrets: list[Secret] = field(default_factory=list)

    def run(self, *args: str) -> tuple[int, str, str]:
        from kimai_tui.cli.main import run

        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = run(self.base + list(args))
        return code, out.getvalue(), err.getvalue()

    def ok(self, *args: str) -> str:
        code, out, err = self.run(*args)
        assert code == 0, (args, err)
        return out


def _number(text: str) -> re.Pattern:
    """A number on its own: not part of a longer number."""
    return re.compile(r"(?<![\d.,])" + re.escape(text) + r"(?![\d])")


def _money_forms(value: Decimal) -> list[str]:
    """Every way an amount is written: the product's half-up formatter (rules/money.py),
    Python's half-even formatting and the float of JSON."""
    return sorted({f"{value:.2f}", f"{value:,.2f}", repr(float(value)), format_money(value),
                   format_money(value, grouping=False)})


def _duration_forms(seconds: int) -> list[str]:
    return [str(seconds), format_duration(seconds)]


def _secret(world: SweepWorld, label: str, texts: list[str], allowed: set[str],
            number: bool = True) -> None:
    patterns = [_number(t) if number else re.compile(re.escape(t)) for t in texts]
    world.secrets.append(Secret(f"{label} {texts}", patterns, set(allowed)))


def _build(world: SweepWorld) -> None:
    world.ok("init")
    for kind, name, parent, budget, hours in ENTITIES:
        args = [kind, "add", name]
        if parent:
            args += ["--customer" if kind == "project" else "--project", parent]
        if budget:
            args += ["--budget", budget]
        if hours:
            args += ["--time-budget", f"{hours}:00"]
        world.ok(*args)
    for name, (role, _) in USERS.items():
        hourly, internal = PROFILE_RATES[name]
        bound = ["--customer", "Globex"] if role == "ROLE_CUSTOMER" else []
        world.ok("user", "add", name, "--role", role, "--email", f"zq-mail-{name}@example.org",
                 "--staff-number", f"zq-staff-{name}", "--hourly-rate", str(hourly),
                 "--internal-rate", str(internal), *bound)
    for project, price in PRICES.items():
        world.ok("rate", "add", "--project", project, "--rate", price, "--internal-rate",
                 INTERNAL_PRICES[project])
    for team, (lead, assigned) in TEAMS.items():
        members = [word for name, (_, in_team) in USERS.items() if in_team == team
                   and name != lead for word in ("--member", name)]
        world.ok("team", "add", team, "--lead", lead, *members, *assigned)
    world.ok("tag", "add", "zq-ahead-of-use")  # a tag on no record: everyone may see it
    for k, (owner, project, activity) in enumerate(RECORDS):
        begin = f"2025-{1 + k // 3:02d}-{1 + 10 * (k % 3):02d} 08:00"
        world.ok("add", "--user", owner, "--project", project, "--activity", activity,
                 "--begin", begin, "--duration", str(100 * 3600 + 2 ** k),
                 "--description", marker("desc", k, owner),
                 "--tags", f"{marker('tag', k, owner)},shared")
    for k, (owner, project, activity) in enumerate(RUNNING):
        world.ok("--as", owner, "start", "--project", project, "--activity", activity,
                 "--description", marker("run", k, owner))
    world.records = json.loads(world.ok("--json", "list", "--all-users", "--limit", "500"))


def _record_visible(role: str, record: dict) -> bool:
    if role in SEES_CUSTOMERS:
        return record["customer"] in SEES_CUSTOMERS[role]
    return record["user"] in SEES_RECORDS_OF[role]


def _collect_secrets(world: SweepWorld) -> None:
    roles = set(USERS)
    # Records: descriptions and tags, and (rates) their amounts.
    for record in world.records:
        seen = {r for r in roles if _record_visible(r, record)}
        _secret(world, f"description of #{record['id']}", [record["description"]], seen,
                number=False)
        for tag in record["tags"]:
            if tag != "shared":
                _secret(world, f"tag of #{record['id']}", [tag], seen, number=False)
        if not record["running"]:
            rated = seen & SEES_RATES
            _secret(world, f"amount of #{record['id']}",
                    _money_forms(Decimal(str(record["rate"]))), rated)
            _secret(world, f"internal amount of #{record['id']}",
                    _money_forms(Decimal(str(record["internal_rate"]))), rated)
    for project, price in PRICES.items():
        on_it = [r for r in world.records if r["project"] == project]
        rated = {r for r in SEES_RATES if any(_record_visible(r, rec) for rec in on_it)}
        _secret(world, f"price of {project}", [price], rated)
    # Profiles: e-mail, staff number, rates.
    for name in USERS:
        _secret(world, f"e-mail of {name}", [f"zq-mail-{name}"], {name} | SUPER_ADMINS,
                number=False)
        _secret(world, f"staff number of {name}", [f"zq-staff-{name}"], {name} | SUPER_ADMINS,
                number=False)
        own = {name} & OWN_PROFILE_RATES
        for label, value in zip(("hourly rate", "internal rate"), PROFILE_RATES[name]):
            _secret(world, f"{label} of {name}", _money_forms(value), own | SUPER_ADMINS)
    # Budgets: the configured figures, only with a budget permission on that entity.
    for kind, name, _, budget, hours in ENTITIES:
        allowed = {r for r in roles if name in SEES_BUDGETS.get(r, ())}
        if budget:
            _secret(world, f"money budget of {name}", _money_forms(Decimal(budget)), allowed)
        if hours:
            _secret(world, f"time budget of {name}", _duration_forms(hours * 3600), allowed)
    # Totals over every stopped record of an entity (and of everything): for those who see
    # all of those records (amounts: and their rates), or have a budget permission on it.
    stopped = [r for r in world.records if not r["running"]]
    groups = {("everything", "all"): stopped}
    for kind in ("customer", "project", "activity"):
        for record in stopped:
            groups.setdefault((kind, record[kind]), []).append(record)
    for (kind, name), group in groups.items():
        sees_all = {r for r in roles if all(_record_visible(r, rec) for rec in group)}
        budget = {r for r in roles if name in SEES_BUDGETS.get(r, ())}
        _secret(world, f"total time of {kind} {name}",
                _duration_forms(sum(r["duration"] for r in group)), sees_all | budget)
        amount = sum((Decimal(str(r["rate"])) for r in group), Decimal(0))
        _secret(world, f"total amount of {kind} {name}", _money_forms(amount),
                (sees_all & SEES_RATES) | budget)


@pytest.fixture(scope="module")
def sweep_world(tmp_path_factory) -> SweepWorld:
    folder: Path = tmp_path_factory.mktemp("sweep")
    config = folder / "kimai.yaml"
    config.write_text(CONFIG, encoding="utf-8")
    world = SweepWorld(["--config", str(config), "--database",
                        "sqlite:///" + str(folder / "k.sqlite")])
    _build(world)
    _collect_secrets(world)
    return world


__all__ = ["RECORDS", "RUNNING", "SEES_CUSTOMERS", "SEES_RECORDS_OF", "USERS", "Secret",
           "SweepWorld", "marker", "sweep_world"]
