"""Which modes (top-level sections) a user gets. A mode a role may not use is not registered,
so no key, palette entry or `switch_mode` reaches it; the services check again regardless.

A mode's screen module is imported when the mode is first shown, not at start: the first
screen's paint waits for no other mode's imports (issue 18)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from textual.screen import Screen

from kimai_tui.services import catalogue
from kimai_tui.services.capabilities import Capabilities
from kimai_tui.services.context import Context


@dataclass(frozen=True)
class ModeSpec:
    name: str
    key: str
    title: str
    factory: Callable[[Context], Callable[[], Screen]]
    allowed: Callable[[Context], bool] = lambda ctx: True


def _timesheet(ctx: Context):
    def build() -> Screen:
        from kimai_tui.screens.timesheet import TimesheetScreen

        return TimesheetScreen(ctx)

    return build


def _calendar(ctx: Context):
    def build() -> Screen:
        from kimai_tui.screens.calendar import CalendarScreen

        return CalendarScreen(ctx)

    return build


def _team(ctx: Context):
    def build() -> Screen:
        from kimai_tui.screens.team import TeamScreen

        return TeamScreen(ctx)

    return build


def _catalogue(kind: str):
    def factory(ctx: Context):
        def build() -> Screen:
            from kimai_tui.screens.catalogue import CatalogueScreen

            return CatalogueScreen(ctx, kind)

        return build

    return factory


def _reports(ctx: Context):
    def build() -> Screen:
        from kimai_tui.screens.reports import ReportScreen

        return ReportScreen(ctx)

    return build


def _invoices(ctx: Context):
    def build() -> Screen:
        from kimai_tui.screens.invoices import InvoiceScreen

        return InvoiceScreen(ctx)

    return build


def _review(ctx: Context):
    def build() -> Screen:
        from kimai_tui.screens.review import ReviewScreen

        return ReviewScreen(ctx)

    return build


def _people(ctx: Context):
    def build() -> Screen:
        from kimai_tui.screens.people import PeopleScreen

        return PeopleScreen(ctx)

    return build


def _import(ctx: Context):
    def build() -> Screen:
        from kimai_tui.screens.importer import ImportScreen

        return ImportScreen(ctx)

    return build


def _may_list(kind: str) -> Callable[[Context], bool]:
    return lambda ctx: catalogue.may_view(ctx, kind)


ALL_MODES = (
    ModeSpec("timesheet", "1", "Timesheet", _timesheet),
    ModeSpec("calendar", "2", "Calendar", _calendar),
    ModeSpec("team", "3", "Team", _team, lambda ctx: Capabilities(ctx).team_records),
    ModeSpec("customers", "4", "Customers", _catalogue("customer"), _may_list("customer")),
    ModeSpec("projects", "5", "Projects", _catalogue("project"), _may_list("project")),
    ModeSpec("activities", "6", "Activities", _catalogue("activity"), _may_list("activity")),
    ModeSpec("people", "7", "People", _people, lambda ctx: Capabilities(ctx).people),
    ModeSpec("reports", "8", "Reports", _reports),
    ModeSpec("invoices", "9", "Invoices", _invoices, lambda ctx: Capabilities(ctx).invoices),
    ModeSpec("review", "0", "Review", _review, lambda ctx: ctx.can("view_other_timesheet")),
    ModeSpec("import", "I", "Import", _import,
             lambda ctx: ctx.can("importer") and not ctx.restricted),
)


def modes_for(ctx: Context) -> list[ModeSpec]:
    """The modes of this user: a ROLE_USER gets Timesheet, Calendar and Reports only."""
    if "ROLE_CUSTOMER" in ctx.user.roles:
        return [m for m in ALL_MODES if m.name in ("timesheet", "calendar", "reports")]
    return [m for m in ALL_MODES if m.allowed(ctx)]
