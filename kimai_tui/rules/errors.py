"""The typed errors every layer raises and every face maps to a message and an exit code.

Pure Python: the command line maps ValidationError/RuleRefused/Conflict to exit 1, UsageError
to 2, PermissionDenied/NotFound-for-others to 3, EnvironmentFailure to 4 (docs/cli.md).
"""

from __future__ import annotations


class KimaiError(Exception):
    """Base of every error a user can cause. Never carries a traceback to the user."""

    exit_code = 1

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field

    def lines(self) -> list[tuple[str | None, str]]:
        """(field, message) pairs, one per problem."""
        return [(self.field, self.message)]


class ValidationError(KimaiError):
    """One or more fields are invalid; nothing was written."""

    exit_code = 1

    def __init__(self, errors: dict[str, list[str]] | None = None, *, field: str | None = None,
                 message: str | None = None):
        errors = {k: list(v) for k, v in (errors or {}).items()}
        if field is not None and message is not None:
            errors.setdefault(field, []).append(message)
        self.errors = errors
        first_field = next(iter(errors), None)
        first = errors[first_field][0] if first_field else "invalid input"
        super().__init__(first, first_field)

    def lines(self) -> list[tuple[str | None, str]]:
        return [(f, m) for f, msgs in self.errors.items() for m in msgs]


class RuleRefused(KimaiError):
    """A business rule refused the action (limit, budget, lockdown, exported record)."""

    exit_code = 1


class UsageError(KimaiError):
    """Bad option value, unknown or ambiguous name."""

    exit_code = 2


class PermissionDenied(KimaiError):
    """The acting user may not do this. Reveals nothing about what they may not see."""

    exit_code = 3


class NotFound(KimaiError):
    """The thing does not exist, or the acting user may not see it (denials reveal nothing)."""

    exit_code = 2


class Conflict(RuleRefused):
    """Optimistic concurrency: the thing was changed by someone else since it was read.

    `current` holds the newer version (a domain object), `changed` the names of the fields
    that differ from what the editor had; nothing was written."""

    exit_code = 1

    def __init__(self, message: str, current=None, changed: tuple[str, ...] = (),
                 field: str | None = "version"):
        super().__init__(message, field)
        self.current = current
        self.changed = changed


class EnvironmentFailure(KimaiError):
    """The environment failed, not the input: the database is unreachable, locked, read-only
    or damaged, the disk is full. Nothing was written; trying again later may work.
    `kind`: damaged | full | read-only | unavailable | locked."""

    exit_code = 4
    kind = "unavailable"
