"""Users: create, edit, list, show (super admins manage them; everyone sees themselves)."""

from __future__ import annotations

from typing import Any

from kimai_tui import domain
from kimai_tui.data import users as users_repo
from kimai_tui.data.db import write_transaction
from kimai_tui.rules import validation
from kimai_tui.rules.errors import NotFound, PermissionDenied, ValidationError
from kimai_tui.services import access
from kimai_tui.services.context import Context


def get(ctx: Context, user_id: int) -> domain.User:
    user = users_repo.get(user_id)
    if user is None or not (user.id == ctx.user.id or ctx.can("view_user")
                            or access.can_see_user(ctx, user.id)):
        raise NotFound(f"no user #{user_id}", "user")
    return user


def _check_texts(values: dict[str, Any], current: domain.User | None = None) -> None:
    """Refuse a new username, alias, e-mail, staff number … with control or invisible
    formatting characters (rules.validation.check_text); unchanged values pass."""
    errors = validation.check_new_texts(values, current)
    if errors:
        raise ValidationError(errors)


def create(ctx: Context, values: dict[str, Any], customer_ids: list[int] | None = None
           ) -> domain.User:
    if not ctx.can("create_user"):
        raise PermissionDenied("you may not create users", "user")
    _check_texts(values)
    with write_transaction(ctx.database):
        if users_repo.by_username(values["username"]) is not None:
            raise ValidationError(field="username",
                                  message=f"user {values['username']!r} exists")
        user_id = users_repo.create(values)
        if customer_ids:
            users_repo.set_customer_access(user_id, customer_ids)
    return users_repo.get(user_id)


def update(ctx: Context, user_id: int, values: dict[str, Any],
           customer_ids: list[int] | None = None) -> domain.User:
    if not ctx.can("edit_user"):
        raise PermissionDenied("you may not edit users", "user")
    with write_transaction(ctx.database):
        _check_texts(values, get(ctx, user_id))
        if "username" in values:
            other = users_repo.by_username(values["username"])
            if other is not None and other.id != user_id:
                raise ValidationError(field="username",
                                      message=f"user {values['username']!r} exists")
        users_repo.update(user_id, values)
        if customer_ids is not None:
            users_repo.set_customer_access(user_id, customer_ids)
    return users_repo.get(user_id)


def listing(ctx: Context) -> list[domain.User]:
    if ctx.can("view_user"):
        return users_repo.listing()
    visible = access.visible_user_ids(ctx)
    return users_repo.listing(sorted(visible) if visible is not None else None)


def find(ctx: Context, username: str) -> domain.User | None:
    user = users_repo.by_username(username)
    if user is None:
        return None
    if user.id == ctx.user.id or ctx.can("view_user") or access.can_see_user(ctx, user.id):
        return user
    return None


def teams_of(user_id: int) -> list[str]:
    return users_repo.team_names_of(user_id)
