"""Budget history (issue "For team leads", item 6): twelve months of a budget's use in
`statistics` (the TUI detail) and `show --json`, only for viewers with a budget permission."""

from __future__ import annotations

import json
from decimal import Decimal

from kimai_tui.services import catalogue


def months(stats):
    return {m["month"]: m for m in stats["budget_history"]}


def test_month_budget_counts_each_month_against_the_budget(world):
    world.edit("project", world.project, time_budget=10 * 3600, budget_type="month",
               budget=Decimal("500"))
    world.price("project", world.project, "100")
    world.add("alice", begin="2026-10-05 08:00", minutes=12 * 60)   # 12:00 in October
    world.add("bob", begin="2026-11-02 07:00", minutes=90)          # 1:30 in November
    world.add("alice", begin="2025-11-28 08:00", minutes=60)        # 12 months ago: left out
    world.add("lead", begin="2026-09-01 08:00", minutes=60, billable="no")  # not counted
    stats = catalogue.statistics(world.ctx("admin"), "project", world.project)
    history = months(stats)
    assert list(history) == ["2025-12"] + [f"2026-{m:02d}" for m in range(1, 12)]
    october, november = history["2026-10"], history["2026-11"]
    assert october["duration"] == 12 * 3600 and october["amount"] == Decimal("1200")
    assert october["time_budget_status"].percent == Decimal("120.00")
    assert october["budget_status"].used == Decimal("1200")
    assert november["duration"] == 5400 and november["time_budget_status"].used == 5400
    assert history["2026-09"]["duration"] == 0


def test_lifetime_budget_shows_the_use_up_to_each_month(world):
    world.edit("project", world.project, time_budget=10 * 3600)
    world.add("alice", begin="2025-06-02 08:00", minutes=4 * 60)  # before the twelve months
    world.add("alice", begin="2026-10-05 08:00", minutes=3 * 60)
    world.add("alice", begin="2026-11-02 07:00", minutes=60)
    history = months(catalogue.statistics(world.ctx("admin"), "project", world.project))
    assert history["2025-12"]["time_budget_status"].used == 4 * 3600
    assert history["2026-10"]["duration"] == 3 * 3600  # the month's own use
    assert history["2026-10"]["time_budget_status"].used == 7 * 3600
    assert history["2026-11"]["time_budget_status"].used == 8 * 3600
    assert "amount" not in history["2026-11"]  # no money budget, no money figures


def test_no_history_without_a_budget_or_without_a_budget_permission(world):
    assert "budget_history" not in catalogue.statistics(world.ctx("admin"), "project",
                                                        world.project)
    world.edit("project", world.project, time_budget=3600, budget_type="month")
    world.add("alice", begin="2026-10-05 08:00", minutes=60)
    assert "budget_history" not in catalogue.statistics(world.ctx("alice"), "project",
                                                        world.project)


def test_show_json_carries_the_history_as_plain_values(world):
    from kimai_tui.cli.catalogue_cmds import entity_json

    world.edit("project", world.project, time_budget=10 * 3600, budget_type="month")
    world.add("alice", begin="2026-10-05 08:00", minutes=5 * 60)
    ctx = world.ctx("admin")
    data = entity_json(catalogue.get(ctx, "project", world.project),
                       catalogue.statistics(ctx, "project", world.project))
    october = [m for m in data["budget_history"] if m["month"] == "2026-10"][0]
    assert october == {"month": "2026-10", "duration": 18000, "time_budget_used": 18000,
                       "time_budget_percent": Decimal("50.00")}
    json.dumps(data["budget_history"], default=str)  # plain values only
