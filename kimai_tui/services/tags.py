"""Tags: listed for completion, added ahead of use, deleted (removed from every record).

A tag list shows what the record listing would show the same user (rules.md §Roles and
permissions): the tags of the records they may see, counted over those, and the tags on no
record yet (added ahead of use, they reveal no one's records).
"""

from __future__ import annotations

from kimai_tui.data import timesheets as records_repo
from kimai_tui.data.db import write_transaction
from kimai_tui.queries import RecordFilter
from kimai_tui.rules import validation
from kimai_tui.rules.errors import NotFound, PermissionDenied, ValidationError
from kimai_tui.services.context import Context
from kimai_tui.services.inputs import parse_tags
from kimai_tui.services.timesheet_reads import scoped_filter


def _scope(ctx: Context) -> RecordFilter | None:
    """The records whose tags the acting user may see; None: every record."""
    scoped = scoped_filter(ctx, RecordFilter(), all_users=True)
    return None if scoped.user_ids is None and scoped.customer_ids is None else scoped


def listing(ctx: Context) -> list[dict]:
    """[{"name", "records"}] by name, scoped as above."""
    return [{"name": name, "records": count}
            for name, count in records_repo.tag_counts(_scope(ctx))]


def names(ctx: Context) -> list[str]:
    """The tag names the acting user may see (the pickers' completion)."""
    return records_repo.tag_names(_scope(ctx))


def add(ctx: Context, name: str) -> None:
    """Add a tag ahead of use. PermissionDenied for users who may not tag records of their
    own (customer accounts are read-only); ValidationError for a bad name."""
    if not ctx.can("create_own_timesheet"):
        raise PermissionDenied("you may not add tags", "tag")
    parsed = parse_tags(name)
    if len(parsed) != 1:
        raise ValidationError(field="name", message="a tag name is 1 to 100 characters, no comma")
    errors = validation.check_text("name", parsed[0], label="a tag")
    if errors:
        raise ValidationError(errors)
    with write_transaction(ctx.database):
        records_repo.ensure_tags(parsed)


def delete(ctx: Context, name: str) -> None:
    """Removing a tag touches records of everyone: admins only."""
    if not ctx.can("view_all_data"):
        raise PermissionDenied("you may not delete tags", "tag")
    with write_transaction(ctx.database):
        if not records_repo.delete_tag(name):
            raise NotFound(f"no tag named {name!r}", "tag")
