"""Optimistic concurrency: an editor saves only over the version it opened (issue "faults
lose nothing and hide nothing": two editors on one record, the last save silently won).

Every record, catalogue entry, user and team carries a `version` that grows with each change
(data layer). An editor remembers the version it loaded and passes it as `expected_version`;
the service compares it inside its write transaction, under the write lock.
"""

from __future__ import annotations

from dataclasses import fields, is_dataclass

from kimai_tui.rules.errors import Conflict

# Fields that change as a side effect of every save, not something a person changed.
_NOT_CHANGES = {"version", "rate", "internal_rate", "duration", "color", "username",
                "customer", "project", "activity", "currency"}


def check_version(what: str, current, expected_version: int | None) -> None:
    """Raise Conflict (carrying CURRENT) when CURRENT's version is not EXPECTED_VERSION.
    None means the caller read and writes in this same transaction: nothing to check."""
    if expected_version is not None and current.version != expected_version:
        raise Conflict(f"this {what} was changed by someone else after you opened it; "
                       "reload to see the change, or overwrite it", current=current)


def changed_fields(opened, current) -> list[str]:
    """The names of the fields a person changed between OPENED and CURRENT (two versions of
    one dataclass), for saying what the other change was."""
    if not (is_dataclass(opened) and is_dataclass(current)):
        return []
    return [f.name for f in fields(opened) if f.name not in _NOT_CHANGES
            and getattr(opened, f.name) != getattr(current, f.name)]
