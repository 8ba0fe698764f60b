"""What every service call needs: settings, the open database, the clock and the acting user."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any, Callable

from kimai_tui import domain
from kimai_tui.rules import permissions, timeutil
from kimai_tui.settings import Settings

Clock = Callable[[], datetime]


def system_clock() -> datetime:
    """Now, in UTC, to the whole second (records keep whole seconds)."""
    return datetime.now(timezone.utc).replace(microsecond=0)


zone = timeutil.zone  # faces import it from here

@dataclass
class Context:
    """One session's view of the world. `restricted`: a restricted session (cli.md
    "Restricted sessions"): no file at a path the user chose, no browser, pager or shell."""

    settings: Settings
    database: Any  # a peewee Database; typed loosely so faces need not import peewee
    user: domain.User
    clock: Clock = system_clock
    permissions: frozenset[str] = field(default=frozenset())
    restricted: bool = False

    def __post_init__(self) -> None:
        if not self.permissions:
            self.permissions = permissions.permissions_for(
                self.user.roles, self.settings.kimai.permissions.as_mapping())

    def now(self) -> datetime:
        return self.clock().astimezone(timezone.utc).replace(microsecond=0)

    def can(self, permission: str) -> bool:
        return permission in self.permissions

    @property
    def tz(self):
        return zone(self.user.timezone)

    def as_user(self, user: domain.User) -> "Context":
        """The same session acting as another user (used by `--as` after the check)."""
        return Context(self.settings, self.database, user, self.clock,
                       restricted=self.restricted)
