"""Timesheet reads: one record, the running ones, pages and streams of a filter, always
narrowed to what the acting user may see. Kept apart from the writing use cases
(services/timesheets.py) so read-only commands start without the rules engine."""

from __future__ import annotations

from typing import Iterable

from kimai_tui import domain
from kimai_tui.data import timesheets as records_repo
from kimai_tui.data.timesheets import PageKey, RecordFilter
from kimai_tui.services import access
from kimai_tui.services.context import Context


def get(ctx: Context, record_id: int) -> domain.Record:
    record = records_repo.get(record_id)
    return access.require_visible(ctx, record, record_id)


def running(ctx: Context, user_id: int | None = None) -> list[domain.Record]:
    user_id = ctx.user.id if user_id is None else user_id
    if not access.can_see_user(ctx, user_id):
        return []
    return records_repo.running(user_id)


def scoped_filter(ctx: Context, flt: RecordFilter, all_users: bool = False) -> RecordFilter:
    """Narrow a filter to what the acting user may see."""
    visible = access.visible_user_ids(ctx)
    if flt.user_ids is not None:
        flt.user_ids = [u for u in flt.user_ids if access.can_see_user(ctx, u)]
    elif not all_users and not access.is_customer_account(ctx):
        flt.user_ids = [ctx.user.id]
    elif visible is not None:
        flt.user_ids = sorted(visible)
    customers = access.visible_customer_ids(ctx)
    if customers is not None:
        flt.customer_ids = [c for c in (flt.customer_ids or customers) if c in customers]
    return flt


def listing(ctx: Context, flt: RecordFilter, limit: int = 50, after: PageKey | None = None,
            all_users: bool = False) -> list[domain.Record]:
    return records_repo.page(scoped_filter(ctx, flt, all_users), limit, after)


def iterate(ctx: Context, flt: RecordFilter, all_users: bool = False
            ) -> Iterable[domain.Record]:
    return records_repo.iterate(scoped_filter(ctx, flt, all_users))
