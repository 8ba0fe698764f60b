"""Budget bars: "used of total" with a small bar, for money and time budgets.

`budget_fields` (services.catalogue) gives BudgetStatus values; these helpers only draw them.
"""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from kimai_tui.rules.budgets import format_budget_value

BAR = 8


def bar(percent, width: int = BAR) -> Text:
    """A bar of `width` cells: green, yellow from 80 %, red above 100 %."""
    value = float(percent)
    filled = min(width, max(0, round(value / 100 * width)))
    style = "red" if value > 100 else "yellow" if value >= 80 else "green"
    text = Text("█" * filled, style=style)
    text.append("░" * (width - filled), style="dim")
    return text


def status_text(status, width: int = BAR) -> Text:
    """▕████░░░░▏ 12:00 of 20:00 (60%)."""
    text = bar(status.percent, width)
    text.append(f" {format_budget_value(status.kind, status.used)} of "
                f"{format_budget_value(status.kind, status.total)}")
    return text


def usage_text(usage: dict, budget_type: str, width: int = BAR) -> Text:
    """Both budgets of an entity on one line; empty when it has none."""
    text = Text()
    for key in ("budget_status", "time_budget_status"):
        status = usage.get(key)
        if status is None:
            continue
        if text:
            text.append("  ")
        text.append_text(status_text(status, width))
    if text and budget_type == "month":
        text.append(" this month", style="dim")
    return text


class BudgetBars(Static):
    """The budget usage of one entity (detail view): one line per budget, with percentages."""

    DEFAULT_CSS = "BudgetBars { height: auto; }"

    def show(self, usage: dict, budget_type: str) -> None:
        lines = Text()
        for key, label in (("budget_status", "Money"), ("time_budget_status", "Time")):
            status = usage.get(key)
            if status is None:
                continue
            if lines:
                lines.append("\n")
            lines.append(f"{label:<6}")
            lines.append_text(status_text(status, 20))
            lines.append(f"  {status.percent}%", style="bold")
            lines.append(f"  free {format_budget_value(status.kind, status.free)}", style="dim")
        if lines and budget_type == "month":
            lines.append(f"\n(monthly budget: {usage.get('budget_month', 'this month')})",
                         style="dim")
        history = usage.get("budget_history") or []
        if lines and history:
            lines.append("\n" + ("Per month" if budget_type == "month"
                                 else "Used up to the end of each month"), style="bold")
            for month in history:
                lines.append("\n")
                lines.append_text(history_line(month))
        self.update(lines if lines else Text("No budget.", style="dim"))


def history_line(month: dict, width: int = 12) -> Text:
    """One month of services.budget_history: "2026-11 ███░░ 48:10 of 20:00 (240.83%)", both
    budgets when the entry has both."""
    text = Text(month["month"])
    for key in ("time_budget_status", "budget_status"):
        status = month.get(key)
        if status is not None:
            text.append("  ")
            text.append_text(status_text(status, width))
            text.append(f" ({status.percent}%)", style="dim")
    return text
