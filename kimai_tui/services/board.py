"""The team board: who is running what since when, for leads and admins."""

from __future__ import annotations

from kimai_tui import domain
from kimai_tui.data import timesheets as records_repo
from kimai_tui.queries import RecordFilter
from kimai_tui.rules.errors import PermissionDenied
from kimai_tui.services import access
from kimai_tui.services.context import Context


def running_records(ctx: Context, limit: int = 500) -> list[domain.Record]:
    """Every running record the acting user may see (their own and their teams')."""
    if not ctx.can("view_other_timesheet"):
        raise PermissionDenied("you may not see other users' records", "board")
    scope = access.record_scope(ctx)
    flt = RecordFilter(state="running")
    if scope.user_ids is not None:
        flt.user_ids = sorted(scope.user_ids)
    return records_repo.page(flt, limit)


def last_activity(ctx: Context, user_id: int) -> domain.Record | None:
    """The user's newest stopped record: what a forgotten timer is usually replaced with."""
    if not access.can_see_user(ctx, user_id):
        return None
    found = records_repo.page(RecordFilter(user_ids=[user_id], state="stopped"), 1)
    return found[0] if found else None
