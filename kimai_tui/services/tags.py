"""Tags: listed for completion, added ahead of use, deleted (removed from every record)."""

from __future__ import annotations

from kimai_tui.data import timesheets as records_repo
from kimai_tui.data.db import write_transaction
from kimai_tui.rules import validation
from kimai_tui.rules.errors import NotFound, PermissionDenied, ValidationError
from kimai_tui.services.context import Context
from kimai_tui.services.inputs import parse_tags


def listing(ctx: Context) -> list[dict]:
    return [{"name": name, "records": count} for name, count in records_repo.tag_counts()]


def add(ctx: Context, name: str) -> None:
    names = parse_tags(name)
    if len(names) != 1:
        raise ValidationError(field="name", message="a tag name is 1 to 100 characters, no comma")
    errors = validation.check_text("name", names[0], label="a tag")
    if errors:
        raise ValidationError(errors)
    with write_transaction(ctx.database):
        records_repo.ensure_tags(names)


def delete(ctx: Context, name: str) -> None:
    """Removing a tag touches records of everyone: admins only."""
    if not ctx.can("view_all_data"):
        raise PermissionDenied("you may not delete tags", "tag")
    with write_transaction(ctx.database):
        if not records_repo.delete_tag(name):
            raise NotFound(f"no tag named {name!r}", "tag")
