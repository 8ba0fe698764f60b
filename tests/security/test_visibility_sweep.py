"""Issue #11: one visibility policy for every output, proved by a sweep.

Every role runs every read command of the command line, as a table and as JSON, and no output
(stdout or stderr) may hold a value that role must not see: other users' descriptions, tags,
e-mails, staff numbers and rates, rates and amounts of records, budget figures without a
budget permission, and totals over records the role does not see (rules.md §Roles and
permissions, §Budgets). The world and what each role may see: sweep_support.py.
"""

from __future__ import annotations

import json

import pytest

from sweep_support import RECORDS, RUNNING, USERS, SweepWorld, marker

# Module-scoped fixtures build one world: its tests share one pytest-xdist worker.
pytestmark = pytest.mark.xdist_group("test_visibility_sweep")

ENTITIES = {"customer": ["Acme", "Globex"], "project": ["Web", "Intranet", "App"],
            "activity": ["Dev", "Wiki", "Design", "Support"]}
YEAR = ["--from", "2025-01-01", "--to", "2026-12-31"]


def read_commands(world: SweepWorld) -> list[list[str]]:
    """Every read command, with every record, entity, user and team it can name."""
    commands = [["status"], ["list"], ["list", "--all-users", "--limit", "500"],
                ["list", "--all-users", "--search", "zq"], ["report"], ["report", *YEAR],
                ["report", *YEAR, "--all-users"], ["tag", "list"], ["user", "list"],
                ["team", "list"], ["whoami"], ["review", *YEAR], ["review", *YEAR, "--team", "Red"],
                ["review", *YEAR, "--team", "Blue"], ["week", "status"], ["week"]]
    for fmt in ("csv", "json"):
        commands += [["export", "--format", fmt], ["export", "--format", fmt, "--all-users"]]
    commands += [["show", str(record["id"])] for record in world.records]
    for kind, names in ENTITIES.items():
        commands.append([kind, "list", "--visible", "both"])
        for name in names:
            commands += [[kind, "show", name], ["rate", "list", f"--{kind}", name]]
    commands += [["user", "show", name] for name in USERS]
    commands += [["week", "--user", name] for name in USERS]
    commands += [["team", "show", team] for team in ("Red", "Blue")]
    return commands


def test_every_role_every_read_command_both_formats_leaks_nothing(sweep_world):
    world = sweep_world
    commands = read_commands(world)
    leaks, runs, seen_by = [], 0, {role: "" for role in USERS}
    missing_code = {}
    for role in USERS:
        missing_code[role] = world.run("--as", role, "show", "999999")[0]
        for command in commands:
            for form in ([], ["--json"]):
                code, out, err = world.run("--as", role, *form, *command)
                runs += 1
                assert code in (0, 2, 3), (role, command, code, err)
                if code == 0 and form and out.strip():
                    json.loads(out)  # JSON stays JSON
                text = out + err
                seen_by[role] += text
                for secret in world.secrets:
                    if role not in secret.allowed and secret.found_in(text):
                        leaks.append(f"{role} {' '.join(form + command)}: {secret.label}")
                if command[0] == "show" and code != 0:
                    # A record one may not see behaves like one that does not exist.
                    assert code == missing_code[role], (role, command, err)
    print(f"\nvisibility sweep: {len(USERS)} roles x {len(commands)} commands x 2 formats "
          f"= {runs} runs, {len(world.secrets)} secrets, {len(leaks)} leaks")
    assert not leaks, "\n".join(leaks[:50])
    # The sweep proves something only if every secret does show up for a role allowed to see
    # it, so the searches would have found it anywhere else.
    never_shown = [s.label for s in world.secrets
                   if not any(s.found_in(seen_by[role]) for role in s.allowed)]
    assert not never_shown, never_shown


def test_each_role_sees_exactly_the_records_rules_md_gives_it(sweep_world):
    """The other side of "no leaks": nothing a role may see is hidden from it either."""
    from sweep_support import SEES_CUSTOMERS, SEES_RECORDS_OF

    world = sweep_world
    every = [(marker("desc", k, owner), owner, project) for k, (owner, project, _)
             in enumerate(RECORDS)]
    every += [(marker("run", k, owner), owner, project) for k, (owner, project, _)
              in enumerate(RUNNING)]
    customer_of = {"Web": "Acme", "Intranet": "Acme", "App": "Globex"}
    for role in USERS:
        listed = {r["description"] for r in json.loads(world.ok(
            "--as", role, "--json", "list", "--all-users", "--limit", "500"))}
        if role in SEES_CUSTOMERS:
            expected = {m for m, _, p in every if customer_of[p] in SEES_CUSTOMERS[role]}
        else:
            expected = {m for m, owner, _ in every if owner in SEES_RECORDS_OF[role]}
        assert listed == expected, role
