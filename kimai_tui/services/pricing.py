"""The rates of one record from the price rules stored for its activity, project and customer.

One place builds `rules.rates.RateInput` from the database, so saving a record, the estimate
of a running one and the start's budget check price a record alike (rules.md §Rates).
"""

from __future__ import annotations

from decimal import Decimal

from kimai_tui import domain
from kimai_tui.data import catalogue as catalogue_repo
from kimai_tui.rules import rates
from kimai_tui.services.context import Context


def record_rates(ctx: Context, owner: domain.User, customer_id: int, project_id: int,
                 activity_id: int, *, duration: int, end_weekday: int,
                 record_hourly_rate: Decimal | None,
                 record_fixed_rate: Decimal | None) -> rates.RateResult:
    """The rates of a record of OWNER on these catalogue ids that lasts DURATION seconds and
    ends on END_WEEKDAY (0 = Monday, in the record's zone: the weekday factors of
    `kimai.timesheet.rates`). RECORD_HOURLY_RATE and RECORD_FIXED_RATE are rates typed on
    the record itself (None: from the rules). Money in Decimal, as `rates.calculate_rate`.
    Each level's rule is the owner's own, else the catch-all (Kimai's rate per user)."""
    return rates.calculate_rate(rates.RateInput(
        duration=duration, end_weekday=end_weekday,
        record_fixed_rate=record_fixed_rate, record_hourly_rate=record_hourly_rate,
        activity_rule=_rule("activity", activity_id, owner.id),
        project_rule=_rule("project", project_id, owner.id),
        customer_rule=_rule("customer", customer_id, owner.id),
        user_hourly_rate=owner.hourly_rate, user_internal_rate=owner.internal_rate,
        factors=ctx.settings.kimai.timesheet.rates))


def _rule(kind: str, entity_id: int, user_id: int):
    return rates.effective_rule(catalogue_repo.price_rules(kind, entity_id), user_id)
