"""What the timesheet and the team review share: period navigation, and the confirmed
"mark exported" action on the selected record."""

from __future__ import annotations

from textual.binding import Binding

from kimai_tui import domain
from kimai_tui.screens.confirm import Confirm
from kimai_tui.services import periods
from kimai_tui.services import timesheets as timesheet_service


# One set of ids for both screens, so a `tui.keymap` entry remaps them everywhere.
PERIOD_BINDINGS = [
    Binding("left_square_bracket", "shift(-1)", "Prev", id="period.previous"),
    Binding("right_square_bracket", "shift(1)", "Next", id="period.next"),
    Binding("t", "today", "Today", id="period.today"),
    Binding("p", "period", "Day/Week/Month", id="period.unit"),
]


class PeriodNavigation:
    """`[` `]` `t` `p` for a screen with `self.period`, `self.ctx` and `self.load()`;
    the screen adds PERIOD_BINDINGS to its BINDINGS.

    The day looked at (today at first) moves with `[` `]` and `t`; `p` opens the next unit
    on that day, so day -> week -> month -> day comes back to it (issue #15 item 5)."""

    @property
    def looked_at(self):
        day = getattr(self, "_looked_at", None)
        if day is None or not (self.period.first <= day <= self.period.last):
            today = self.ctx.now().astimezone(self.ctx.tz).date()
            day = today if self.period.first <= today <= self.period.last else \
                self.period.first
        return day

    def action_shift(self, steps: int) -> None:
        self._looked_at = periods.shift_day(self.period.unit, self.looked_at, steps)
        self.period = periods.shift(self.period, steps)
        self.load(keep_cursor=False)

    def action_today(self) -> None:
        today = self.ctx.now().astimezone(self.ctx.tz).date()
        self._looked_at = today
        self.period = periods.period_of(self.period.unit, today)
        self.load(keep_cursor=False)

    def action_period(self) -> None:
        day = self.looked_at
        self._looked_at = day
        self.period = periods.period_of(periods.next_unit(self.period.unit), day)
        self.load(keep_cursor=False)


def confirm_mark_exported(screen, record: domain.Record | None, whose: str = "") -> None:
    """Ask, then lock the record as exported (a service call in a worker)."""
    if record is None:
        return

    def confirmed(yes: bool | None) -> None:
        if yes:
            screen.app.call_service(
                lambda: timesheet_service.mark_exported(screen.ctx, [record.id]),
                f"Record #{record.id} marked exported")

    screen.app.push_screen(Confirm(
        f"Mark record #{record.id}{whose} as exported? It will be locked against changes.",
        "Mark exported"), confirmed)


def show_form_errors(screen, general: list[str], any_errors: bool) -> None:
    """The editors' shared tail: messages with no field of their own, and a notification."""
    from rich.text import Text
    from textual.widgets import Label

    from kimai_tui.textsafe import inert

    label = screen.query_one("#general-error", Label)
    label.update(Text(inert("  ".join(general))))
    label.set_class(bool(general), "-shown")
    if any_errors:
        screen.notify("Not saved: see the messages next to the fields.", severity="error",
                      markup=False)
