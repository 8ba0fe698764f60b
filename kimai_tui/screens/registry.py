"""Which modes (top-level sections) a user gets. A mode a role may not use is not registered,
so no key, palette entry or `switch_mode` reaches it; the services check again regardless."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from textual.screen import Screen

from kimai_tui.services.context import Context


@dataclass(frozen=True)
class ModeSpec:
    name: str
    key: str
    title: str
    factory: Callable[[Context], Callable[[], Screen]]


def _timesheet(ctx: Context):
    from kimai_tui.screens.timesheet import TimesheetScreen

    return lambda: TimesheetScreen(ctx)


def _calendar(ctx: Context):
    from kimai_tui.screens.calendar import CalendarScreen

    return lambda: CalendarScreen(ctx)


ALL_MODES = (
    ModeSpec("timesheet", "1", "Timesheet", _timesheet),
    ModeSpec("calendar", "2", "Calendar", _calendar),
)


def modes_for(ctx: Context) -> list[ModeSpec]:
    return list(ALL_MODES)
