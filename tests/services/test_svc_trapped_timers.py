"""rules.md "Decision (no trapped timers)" (issue 14 items 5 and 6) and the currency of a
replacement (item 10): a start on a used-up budget is refused; a stop never is, for a budget
or the long-running rule, but says so and tags the record for review; a refused start names
the running record that blocks it; a customer is never replaced by one in another currency."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from svc_support import NOW, at, make_settings

from kimai_tui.rules.errors import RuleRefused, ValidationError
from kimai_tui.services import catalogue_delete, timesheets
from kimai_tui.services.record_save import RecordChanges

NO_OVERBOOK = make_settings(allow_overbooking_budget=False)


def used_up_money_budget(world):
    world.price("project", world.project, "100")
    world.edit("project", world.project, budget=Decimal("100"))
    world.add(begin="2026-11-02 06:00", minutes=60, settings=NO_OVERBOOK)  # 100 of 100


def test_start_on_a_used_up_money_budget_is_refused_with_the_save_message(world):
    used_up_money_budget(world)
    before = world.snapshot()
    with pytest.raises(RuleRefused) as refused:
        timesheets.start(world.ctx("admin", NO_OVERBOOK), world.changes())
    assert 'money budget of project "Web" is used up' in refused.value.message
    assert "100.00 of 100.00" in refused.value.message  # figures for a budget permission
    with pytest.raises(RuleRefused) as plain:
        timesheets.start(world.ctx("alice", NO_OVERBOOK), world.changes())
    assert plain.value.message.endswith("is used up")  # no figures without permission
    assert world.snapshot() == before


def test_a_price_of_zero_does_not_draw_on_a_money_budget(world):
    used_up_money_budget(world)
    world.price("activity", world.global_activity, "0")
    record, _ = timesheets.start(world.ctx("alice", NO_OVERBOOK), world.changes(
        activity_id=world.global_activity))
    assert record.running


def test_start_on_a_used_up_time_budget_is_refused(world):
    world.edit("project", world.project, time_budget=3600)
    world.add(begin="2026-11-02 06:00", minutes=60, settings=NO_OVERBOOK)
    with pytest.raises(RuleRefused) as refused:
        timesheets.start(world.ctx("alice", NO_OVERBOOK), world.changes())
    assert 'time budget of project "Web" is used up' in refused.value.message


def test_a_stop_over_budget_is_saved_warned_and_tagged_for_review(world):
    world.price("project", world.project, "100")
    world.edit("project", world.project, budget=Decimal("100"))
    ctx = world.ctx("alice", NO_OVERBOOK, clock=lambda: NOW)
    record, _ = timesheets.start(ctx, world.changes(), at=NOW - timedelta(hours=2))
    [stopped] = timesheets.stop(ctx)  # 200 on a budget of 100
    assert not stopped.running and stopped.rate == Decimal("200")
    assert any("budget" in w and "Web" in w for w in stopped.warnings)
    assert "overbooked" in stopped.tags
    # ... and starting something else is not blocked by it either.
    other, _ = timesheets.start(ctx, world.changes(project_id=world.project2,
                                                   activity_id=world.activity2))
    assert other.running


def test_the_automatic_stop_of_a_start_is_never_refused_for_a_budget(world):
    world.price("project", world.project, "100")
    world.edit("project", world.project, budget=Decimal("100"))
    ctx = world.ctx("alice", NO_OVERBOOK)
    first, _ = timesheets.start(ctx, world.changes(), at=NOW - timedelta(hours=3))
    new, [stopped] = timesheets.start(ctx, world.changes(project_id=world.project2,
                                                         activity_id=world.activity2))
    assert stopped.id == first.id and stopped.warnings and new.running


def test_a_stop_past_the_long_running_limit_is_saved_and_tagged(world):
    settings = make_settings(long_running_duration=60)
    ctx = world.ctx("alice", settings)
    timesheets.start(ctx, world.changes(tags=("vpn",)), at=NOW - timedelta(hours=2))
    [stopped] = timesheets.stop(ctx)
    assert stopped.duration == 7200
    assert any("longer than 1:00" in w for w in stopped.warnings)
    assert stopped.tags == ("long-running", "vpn")
    # A start stops a running record past the limit too (it used to refuse, unexplained).
    timesheets.start(ctx, world.changes(), at=NOW - timedelta(hours=3))
    new, [auto] = timesheets.start(ctx, world.changes(project_id=world.project2,
                                                      activity_id=world.activity2))
    assert new.running and auto.duration == 3 * 3600 and "long-running" in auto.tags
    # A stopped record typed too long is still refused: only the stop is spared.
    with pytest.raises(ValidationError):
        world.add(begin="2026-11-02 05:00", minutes=120, settings=settings)


def test_a_refused_start_names_the_running_record_that_blocks_it(world):
    ctx = world.ctx("alice")
    tomorrow, _ = timesheets.create(ctx, world.changes("2026-11-03 08:00", None))
    before = world.snapshot()
    with pytest.raises(RuleRefused) as refused:
        timesheets.start(ctx, world.changes(project_id=world.project2,
                                            activity_id=world.activity2))
    message = refused.value.message
    assert f"#{tomorrow.id} Acme / Web / Dev" in message
    assert "2026-11-03 08:00:00" in message and "End may not be before begin" in message
    assert "end:" not in message
    assert world.snapshot() == before


def test_a_customer_is_never_replaced_by_one_in_another_currency(world):
    from kimai_tui.services import catalogue_forms

    world.add(begin="2026-11-02 06:00", minutes=60)  # Acme (EUR) is used
    before = world.snapshot()
    with pytest.raises(ValidationError) as refused:
        catalogue_delete.delete(world.ctx("admin"), "customer", world.customer,
                                replacement_id=world.customer2)
    assert "USD" in refused.value.message and "EUR" in refused.value.message
    assert world.snapshot() == before
    from kimai_tui.services import catalogue

    acme = catalogue.get(world.ctx("admin"), "customer", world.customer)
    assert catalogue_forms.replacements(world.ctx("admin"), "customer", acme) == []
    same = world.entity("customer", "Acme Two", currency="EUR")
    assert catalogue_forms.replacements(world.ctx("admin"), "customer", acme) == [
        ("Acme Two", same)]
    catalogue_delete.delete(world.ctx("admin"), "customer", world.customer,
                            replacement_id=same)
