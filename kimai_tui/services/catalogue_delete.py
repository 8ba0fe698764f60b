"""Deleting customers, projects and activities (rules.md §Deleting): nothing by accident.

Unused: deleted. Used: refused with statistics, unless a replacement takes over what hangs on it
or the caller explicitly asks for a cascade that deletes the records too.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from kimai_tui.data import catalogue as catalogue_repo
from kimai_tui.data import timesheets as records_repo
from kimai_tui.data.db import write_transaction
from kimai_tui.rules.errors import PermissionDenied, RuleRefused, ValidationError
from kimai_tui.rules.durations import format_duration
from kimai_tui.services import catalogue
from kimai_tui.services.context import Context
from kimai_tui.rules.money import format_money


@dataclass(frozen=True)
class Usage:
    records: int
    duration: int
    amount: Decimal
    children: int  # projects of a customer, activities of a project

    @property
    def used(self) -> bool:
        return self.records > 0 or self.children > 0

    def describe(self, kind: str, currency: str = "") -> str:
        child = {"customer": ("project", "projects"), "project": ("activity", "activities"),
                 "activity": None}[kind]
        amount = f"amount {format_money(self.amount)}" + (f" {currency}" if currency else "")
        parts = [_count(self.records, "record", "records"),
                 f"{format_duration(self.duration)} hours", amount]
        if child:
            parts.append(_count(self.children, *child))
        return ", ".join(parts)


def _count(number: int, one: str, many: str) -> str:
    return f"{number} {one if number == 1 else many}"


def usage(ctx: Context, kind: str, entity_id: int) -> Usage:
    """What deleting would touch: every record of the entry, whoever's, so only for users
    who may delete it (PermissionDenied otherwise: company-wide figures are not for others,
    rules.md §Roles and permissions); NotFound as catalogue.get."""
    _require_delete(ctx, kind)
    catalogue.get(ctx, kind, entity_id)
    count, duration, amount = records_repo.statistics(kind, entity_id)
    children = catalogue_repo.child_count(kind, entity_id)
    return Usage(count, duration, amount, children)


def _require_delete(ctx: Context, kind: str) -> None:
    if not ctx.can(f"delete_{kind}"):
        raise PermissionDenied(f"you may not delete {'activities' if kind == 'activity' else kind + 's'}", kind)


def delete(ctx: Context, kind: str, entity_id: int, replacement_id: int | None = None,
           cascade: bool = False) -> Usage:
    """Delete an entity. Returns what it had. Raises RuleRefused when used and no choice made."""
    _require_delete(ctx, kind)
    with write_transaction(ctx.database):
        entity = catalogue.get(ctx, kind, entity_id)
        found = usage(ctx, kind, entity_id)
        if found.used and replacement_id is None and not cascade:
            raise RuleRefused(
                f"{kind} {entity.name!r} is used ({found.describe(kind)}); give a replacement "
                f"to move them to, or delete them too with --cascade --yes. Hiding it "
                f"(--visible no) is usually the better answer", kind)
        if replacement_id is not None:
            if replacement_id == entity_id:
                raise ValidationError(field="replace-with",
                                      message="the replacement is the entry being deleted")
            replacement = catalogue.get(ctx, kind, replacement_id)
            _check_replacement(kind, entity, replacement)
            catalogue_repo.reassign(kind, entity_id, replacement_id)
        elif cascade:
            if records_repo.has_exported(kind, entity_id) and not ctx.can(
                    "edit_exported_timesheet"):
                raise RuleRefused("some of its records are exported and locked", kind)
            catalogue_repo.delete_cascade(kind, entity_id)
        catalogue_repo.delete(kind, entity_id)
    return found


def currency_conflict(entity, replacement) -> str | None:
    """rules.md §Deleting, Decision: a customer replaced by one with another currency would
    turn its stored amounts into the other currency (1000 PHP into 1000 AUD). The refusal,
    naming both currencies, or None when they agree."""
    if entity.currency.upper() == replacement.currency.upper():
        return None
    return (f"the replacement {replacement.name!r} bills in {replacement.currency}, "
            f"{entity.name!r} in {entity.currency}: its amounts would change currency; "
            f"choose a customer in {entity.currency}")


def _check_replacement(kind: str, entity, replacement) -> None:
    if kind == "customer":
        conflict = currency_conflict(entity, replacement)
        if conflict:
            raise ValidationError(field="replace-with", message=conflict)
    if kind == "project" and replacement.customer_id != entity.customer_id:
        raise ValidationError(field="replace-with",
                              message="the replacement project must belong to the same customer")
    if kind == "activity":
        if replacement.project_id is not None and replacement.project_id != entity.project_id:
            raise ValidationError(
                field="replace-with",
                message="the replacement must be a global activity or one of the same project")
        if entity.project_id is None and replacement.project_id is not None:
            raise ValidationError(
                field="replace-with",
                message="a global activity can only be replaced by another global activity")
