"""Favourites (issue "For support staff", item 1): a person's named templates of a record
(project, activity, description, tags, custom fields) to start again with one command or
key. Each person has their own; they come first in the recent list, with a digit key each.

Starting a favourite is an ordinary start (services/timesheets.start), so every rule of a
start applies; a favourite whose project or activity was hidden or removed refuses to start
with the reason.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from kimai_tui import domain
from kimai_tui.data import favorites as favorites_repo
from kimai_tui.data.db import write_transaction
from kimai_tui.rules import validation
from kimai_tui.rules.errors import NotFound, PermissionDenied, ValidationError
from kimai_tui.services import catalogue, timesheet_reads, timesheets
from kimai_tui.services.context import Context
from kimai_tui.services.record_save import UNSET, RecordChanges

MAX_NAME = 60


@dataclass(frozen=True)
class Favorite:
    """A favourite as its owner sees it; `label` "customer / project / activity" (empty
    names when an entry is no longer visible to them); `key`: its digit (1-9) or None."""

    id: int
    name: str
    project_id: int
    activity_id: int
    description: str
    tags: tuple[str, ...]
    meta: dict[str, str] = field(default_factory=dict)
    label: str = ""
    key: int | None = None


def listing(ctx: Context) -> list[Favorite]:
    """The acting user's favourites in their order, the first nine with a digit key."""
    out = []
    for index, (fid, name, project_id, activity_id, description, tags, meta, _) in enumerate(
            favorites_repo.listing(ctx.user.id)):
        out.append(Favorite(fid, name, project_id, activity_id, description, tags, meta,
                            _label(ctx, project_id, activity_id), index + 1 if index < 9 else None))
    return out


def _label(ctx: Context, project_id: int, activity_id: int) -> str:
    try:
        project = catalogue.get(ctx, "project", project_id)
        customer = catalogue.get(ctx, "customer", project.customer_id)
        activity = catalogue.get(ctx, "activity", activity_id)
    except NotFound:
        return ""
    return f"{customer.name} / {project.name} / {activity.name}"


def add(ctx: Context, name: str, project_id: int, activity_id: int, description: str = "",
        tags: tuple[str, ...] = (), meta: dict[str, str] | None = None) -> Favorite:
    """A new favourite NAME (1-60 characters, unique per person, case folded). The project and
    activity must be usable by the acting user (rules.md §Roles and permissions) and match
    (§Validation). ValidationError names the field; nothing is written on an error."""
    if not ctx.can("start_own_timesheet"):
        raise PermissionDenied("you may not start records", "favorite")
    name = name.strip()
    errors: dict[str, list[str]] = {}
    if not name or len(name) > MAX_NAME:
        errors["name"] = [f"a favourite's name is 1 to {MAX_NAME} characters"]
    texts = validation.check_new_texts({"name": name, "description": description}, None,
                                       multiline=("description",))
    for key, messages in texts.items():
        errors.setdefault(key, []).extend(messages)
    if errors:
        raise ValidationError(errors)
    try:
        project = catalogue.get(ctx, "project", project_id)
        activity = catalogue.get(ctx, "activity", activity_id)
    except NotFound as exc:
        raise ValidationError(field=exc.field or "project", message=str(exc)) from None
    problems = validation.check_activity_matches(project.id, activity.project_id,
                                                 project.global_activities)
    if problems:
        raise ValidationError(problems)
    with write_transaction(ctx.database, lock_user_id=ctx.user.id):
        if favorites_repo.by_name(ctx.user.id, name) is not None:
            raise ValidationError(field="name", message=f"you have a favourite named {name!r}")
        favorites_repo.add(ctx.user.id, name, project.id, activity.id, description,
                           tuple(tags), dict(meta or {}), int(ctx.now().timestamp()))
    return get(ctx, name)


def add_from_record(ctx: Context, name: str, record_id: int) -> Favorite:
    """Star a record one may see: its project, activity, description, tags and fields."""
    record = timesheet_reads.get(ctx, record_id)
    return add(ctx, name, record.project_id, record.activity_id, record.description,
               record.tags, dict(record.meta))


def get(ctx: Context, name: str) -> Favorite:
    """The acting user's favourite NAME (case folded); NotFound listing theirs."""
    for favorite in listing(ctx):
        if favorite.name.lower() == name.strip().lower():
            return favorite
    known = ", ".join(f.name for f in listing(ctx)) or "none yet"
    raise NotFound(f"no favourite named {name.strip()[:60]!r} (yours: {known})", "favorite")


def delete(ctx: Context, name: str) -> Favorite:
    favorite = get(ctx, name)
    with write_transaction(ctx.database, lock_user_id=ctx.user.id):
        favorites_repo.delete(favorite.id)
    return favorite


def changes(favorite: Favorite) -> RecordChanges:
    """What a start from this favourite sets."""
    return RecordChanges(project_id=favorite.project_id, activity_id=favorite.activity_id,
                         description=favorite.description, tags=favorite.tags,
                         meta=dict(favorite.meta) if favorite.meta else UNSET)


def start(ctx: Context, name: str, at: datetime | None = None
          ) -> tuple[domain.Record, list[domain.Record]]:
    """Start the favourite NAME now (or at AT), as timesheets.start does."""
    return timesheets.start(ctx, changes(get(ctx, name)), at=at)


__all__ = ["Favorite", "MAX_NAME", "add", "add_from_record", "changes", "delete", "get",
           "listing", "start"]
