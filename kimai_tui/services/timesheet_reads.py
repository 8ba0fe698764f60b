"""Timesheet reads: one record, the running ones, pages and streams of a filter, always
narrowed to what the acting user may see. Kept apart from the writing use cases
(services/timesheets.py) so read-only commands start without the rules engine."""

from __future__ import annotations

from typing import Iterable

from kimai_tui import domain
from kimai_tui.data import timesheets as records_repo
from kimai_tui.queries import PageKey, RecordFilter
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
    """Narrow a filter (changed in place and returned) to the records the acting user may
    see: their own unless `all_users`, else everyone's in their scope; the users and
    customers it names are kept only where the scope allows (rules.md §Roles and
    permissions)."""
    scope = access.record_scope(ctx)
    if flt.user_ids is not None:
        flt.user_ids = [u for u in flt.user_ids
                        if scope.user_ids is None or u in scope.user_ids]
    elif not all_users and not access.is_customer_account(ctx):
        flt.user_ids = [ctx.user.id]
    elif scope.user_ids is not None:
        flt.user_ids = sorted(scope.user_ids)
    if scope.customer_ids is not None:
        wanted = scope.customer_ids if flt.customer_ids is None else flt.customer_ids
        flt.customer_ids = sorted(c for c in wanted if c in scope.customer_ids)
    return flt


def listing(ctx: Context, flt: RecordFilter, limit: int = 50, after: PageKey | None = None,
            all_users: bool = False) -> list[domain.Record]:
    return records_repo.page(scoped_filter(ctx, flt, all_users), limit, after)


def iterate(ctx: Context, flt: RecordFilter, all_users: bool = False
            ) -> Iterable[domain.Record]:
    return records_repo.iterate(scoped_filter(ctx, flt, all_users))
