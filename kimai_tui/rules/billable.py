"""The billable flag on save (rules.md §Billable)."""

from __future__ import annotations

from kimai_tui.rules.errors import ValidationError

BILLABLE_MODES = ("auto", "yes", "no")


def resolve_billable(mode: str, customer: bool, project: bool, activity: bool) -> bool:
    """auto: billable unless the customer, project or activity is not; yes/no: as said."""
    if mode == "auto":
        return customer and project and activity
    if mode == "yes":
        return True
    if mode == "no":
        return False
    raise ValidationError(field="billable",
                          message=f'"{mode}" is not a billable mode (use auto, yes or no)')


__all__ = ["BILLABLE_MODES", "resolve_billable"]
