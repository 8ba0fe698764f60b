"""A project's details (modal, from the Reports mode: Enter on a project): its budget and
what is left, the hours per month for a year with the budget burn as a chart, and the hours by
activity and by user (services/report_kinds.project_details)."""

from __future__ import annotations

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import DataTable, Label, Sparkline

from kimai_tui.rules.durations import format_duration
from kimai_tui.rules.errors import KimaiError
from kimai_tui.services import report_kinds
from kimai_tui.textsafe import inert
from kimai_tui.rules.money import format_money


class ProjectDetails(ModalScreen[None]):
    BINDINGS = [Binding("escape", "dismiss(None)", "Close", id="details.close")]
    DEFAULT_CSS = """
    ProjectDetails { align: center middle; }
    ProjectDetails > Vertical { width: 95%; max-width: 120; height: 90%; padding: 0 1;
        border: thick $primary; background: $surface; }
    ProjectDetails Label { width: 1fr; }
    ProjectDetails #details-chart { height: 3; margin: 1 0; }
    ProjectDetails #details-months { height: 1fr; }
    ProjectDetails Horizontal { height: 1fr; }
    ProjectDetails Horizontal DataTable { width: 1fr; }
    """

    def __init__(self, ctx, project_id: int):
        super().__init__()
        self.ctx = ctx
        self.project_id = project_id

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label("Loading…", id="details-title")
            yield Label("", id="details-budget")
            yield Sparkline([], id="details-chart")
            yield DataTable(id="details-months", cursor_type="row")
            with Horizontal():
                yield DataTable(id="details-activity", cursor_type="row")
                yield DataTable(id="details-user", cursor_type="row")
            yield Label("Esc close", classes="help")

    def on_mount(self) -> None:
        self._load()

    @work(thread=True, exclusive=True, group="details")
    def _load(self) -> None:
        try:
            details = report_kinds.project_details(self.ctx, self.project_id)
        except KimaiError as exc:
            self.app.call_from_thread(self._failed, "; ".join(m for _, m in exc.lines()))
            return
        self.app.call_from_thread(self._show, details)

    def _failed(self, message: str) -> None:
        self.query_one("#details-title", Label).update(Text(inert(message)))

    def _show(self, details: report_kinds.Details) -> None:
        last = details.last_day.isoformat() if details.last_day else "none"
        self.query_one("#details-title", Label).update(Text(
            f"{inert(details.name)} · last record {last}", style="bold"))
        self.query_one("#details-budget", Label).update(Text(_budget_text(details)))
        self.query_one("#details-chart", Sparkline).data = [
            seconds / 3600 for _, _, seconds, _ in details.months]
        months = self.query_one("#details-months", DataTable)
        months.add_columns("Month", "Hours", "Amount")
        for _, label, seconds, amount in details.months:
            months.add_row(label, format_duration(seconds),
                           f"{format_money(amount)} {inert(details.currency)}" if amount is not None
                           else "")
        for kind in ("activity", "user"):
            table = self.query_one(f"#details-{kind}", DataTable)
            table.add_columns(kind.capitalize(), "Hours")
            for row in details.by[kind].rows:
                table.add_row(Text(inert(row.label)), format_duration(row.seconds))


def _budget_text(details: report_kinds.Details) -> str:
    budget = details.budget
    if not budget:
        return "Budget: not shown to you, or none set"
    month = " this month" if budget.get("budget_type") == "month" else ""
    if budget.get("time_budget"):
        used = budget.get("time_budget_used", 0)
        left = max(budget["time_budget"] - used, 0)
        return (f"Time budget{month}: {format_duration(used)} of "
                f"{format_duration(budget['time_budget'])} used, {format_duration(left)} left")
    if budget.get("budget") is not None:
        used = budget.get("budget_used", 0)
        return (f"Budget{month}: {format_money(used)} of {format_money(budget['budget'])} "
                f"{inert(details.currency)} used, "
                f"{format_money(max(budget['budget'] - used, 0))} left")
    return "No budget"
