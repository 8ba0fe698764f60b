"""The report screen: a month (or week, or day) summed per customer and project, for billing.

The sums come from one GROUP BY (services/reports.py) in a worker thread. `u` switches between
one's own records and everyone one may see (team leads, admins); `X` exports the records behind
the report. Amounts appear only for viewers who may see those rates.
"""

from __future__ import annotations

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import DataTable, Sparkline, Static

from kimai_tui.queries import RecordFilter
from kimai_tui.rules.display import format_hours
from kimai_tui.rules.durations import format_duration
from kimai_tui.rules.errors import KimaiError
from kimai_tui.screens.base import ModeScreen
from kimai_tui.screens.export_dialog import ExportDialog
from kimai_tui.screens.record_actions import PERIOD_BINDINGS, PeriodNavigation
from kimai_tui.services import periods, report_kinds, reports
from kimai_tui.services.capabilities import Capabilities
from kimai_tui.services.context import Context
from kimai_tui.textsafe import inert
from kimai_tui.rules.money import format_money
from kimai_tui.widgets.cut_names import distinct_cuts
from kimai_tui.wording import counted


def fit_names(available: int, names: list[int], fixed: list[int], padding: int = 2
              ) -> list[int | None]:
    """Widths for the name columns (natural widths `names`, in cells) so that they and the
    `fixed` columns (numbers, always whole) fit in `available` cells; each column takes
    `padding` more. None: the name column keeps its natural width (it fits)."""
    spare = available - sum(fixed) - padding * (len(fixed) + len(names))
    if sum(names) <= spare:
        return [None] * len(names)
    spare = max(spare, 6 * len(names))
    widths = [max(6, spare * n // sum(names)) for n in names]
    return widths


def money(amount, currency: str) -> str:
    """`1,234.50 EUR`; the currency code is stored text, so it is shown inert."""
    return f"{format_money(amount)} {inert(currency)}"


class ReportScreen(PeriodNavigation, ModeScreen):
    # What a mode switch focuses (Textual would take the first focusable widget, the
    # search box, and keys typed right after the switch would land in it).
    AUTO_FOCUS = "#report-table"
    BINDINGS = PERIOD_BINDINGS + [
        Binding("u", "toggle_scope", "Mine/All", id="report.scope"),
        Binding("k", "toggle_kind", "Projects/Days", id="report.kind"),
        Binding("X", "export", "Export", id="report.export"),
    ]
    DEFAULT_CSS = """
    ReportScreen #report-title { padding: 0 1; text-style: bold; }
    ReportScreen #report-table { height: 1fr; }
    ReportScreen #report-totals { padding: 0 1; height: auto; }
    ReportScreen #report-chart { height: 2; margin: 0 1; display: none; }
    ReportScreen.-days #report-chart { display: block; }
    """

    def __init__(self, ctx: Context):
        super().__init__(ctx)
        self.caps = Capabilities(ctx)
        today = ctx.now().astimezone(ctx.tz).date()
        self.period = periods.period_of("month", today)
        self.all_users = False
        self.kind = "projects"  # or "days": Kimai's user / all-users report, days as columns
        self.filter: RecordFilter | None = None
        self.result: reports.ProjectReport | None = None

    def compose_body(self) -> ComposeResult:
        with Vertical():
            yield Static(id="report-title")
            yield DataTable(id="report-table", cursor_type="row", zebra_stripes=True)
            yield Sparkline([], id="report-chart")
            yield Static(id="report-totals")

    def on_mount(self) -> None:
        self.load()

    def may_see_everyone(self) -> bool:
        return self.caps.team_records and not self.caps.customer_account

    def scope_label(self) -> str:
        if self.caps.customer_account:
            return "your customers' records"
        return "everyone you may see" if self.all_users else "your records"

    # -- loading ----------------------------------------------------------------------------

    def load(self, keep_cursor: bool = True) -> None:
        flt = RecordFilter(state="stopped")
        flt.begin_from, flt.begin_to = self.period.bounds(self.ctx.tz)
        self.filter = flt
        self.query_one("#report-title", Static).update(
            Text(f"{self.period.label()} · {self.scope_label()} · loading…"))
        self.set_class(self.kind == "days", "-days")
        if self.kind == "days":
            self._load_days(flt, self.all_users)
        else:
            self._load(flt, self.all_users)

    def _hours(self, seconds: int) -> str:
        """H:MM, or decimal hours when the user prefers them."""
        return format_hours(seconds, self.ctx.user.decimal_hours)

    def reload(self) -> None:
        if self.filter is not None:
            self.load()

    @work(thread=True, exclusive=True, group="report")
    def _load(self, flt: RecordFilter, all_users: bool) -> None:
        try:
            result = reports.by_project(self.ctx, flt, all_users=all_users)
        except KimaiError as exc:
            self.app.call_from_thread(self._failed, flt, str(exc))
            return
        self.app.call_from_thread(self._show, flt, result)

    @work(thread=True, exclusive=True, group="report")
    def _load_days(self, flt: RecordFilter, all_users: bool) -> None:
        span = report_kinds.Span(self.period.unit, self.period.first, self.period.last)
        try:
            grid = (report_kinds.users_report(self.ctx, span) if all_users
                    else report_kinds.user_report(self.ctx, span))
        except KimaiError as exc:
            self.app.call_from_thread(self._failed, flt, str(exc))
            return
        self.app.call_from_thread(self._show_days, flt, grid)

    def _show_days(self, flt: RecordFilter, grid: report_kinds.Grid) -> None:
        """Kimai's user and all-users reports: a row per project (or per user), days as
        columns, and the hours per day as a chart."""
        if flt is not self.filter or not self.is_attached:
            return
        self.query_one("#report-title", Static).update(
            Text(f"{self.period.label()} · {self.scope_label()} · per day"))
        table = self.query_one("#report-table", DataTable)
        table.clear(columns=True)
        table.add_column("User" if self.all_users else "Customer / project", key="label")
        for key, label in grid.columns:
            table.add_column(Text(label, justify="right"), key=str(key))
        table.add_column(Text("Total", justify="right"), key="total")
        for row in grid.rows:
            table.add_row(Text(inert(row.label)), *[
                Text(self._hours(row.cells[k]) if row.cells.get(k) else "", justify="right")
                for k, _ in grid.columns], Text(self._hours(row.seconds), justify="right"))
        totals = grid.column_totals()
        self.query_one("#report-chart", Sparkline).data = [
            totals.get(k, 0) / 3600 for k, _ in grid.columns]
        text = Text("Total ", style="bold")
        text.append(self._hours(grid.seconds))
        for currency, amount in grid.amounts().items():
            text.append(f" · {money(amount, currency)}")
        if not grid.rows:
            text = Text("No stopped records in this period.", style="dim")
        self.query_one("#report-totals", Static).update(text)

    def _failed(self, flt: RecordFilter, message: str) -> None:
        if flt is self.filter and self.is_attached:
            self.query_one("#report-title", Static).update(Text(inert(message)))

    def _show(self, flt: RecordFilter, result: reports.ProjectReport) -> None:
        if flt is not self.filter or not self.is_attached:
            return  # a newer period or scope was asked for meanwhile
        self.result = result
        self.query_one("#report-title", Static).update(
            Text(f"{self.period.label()} · {self.scope_label()}"))
        table = self.query_one("#report-table", DataTable)
        table.clear(columns=True)
        names = [max([len("Customer")] + [len(line.customer) for line in result.lines]),
                 max([len("Project")] + [len(line.project) for line in result.lines])]
        fixed = [len("Records"), len("Duration")]
        if result.with_amounts:
            fixed += [max([len("Billable")] + [len(money(line.amount, line.currency))
                                               for line in result.lines]),
                      max([len("Billable")] + [len(money(line.billable_amount, line.currency))
                                               for line in result.lines])]
        widths = fit_names(self._table_width(table), names, fixed)
        table.add_column("Customer", key="customer", width=widths[0])
        table.add_column("Project", key="project", width=widths[1])
        table.add_column(Text("Records", justify="right"), key="records")
        table.add_column(Text("Duration", justify="right"), key="duration")
        if result.with_amounts:
            table.add_column(Text("Amount", justify="right"), key="amount")
            table.add_column(Text("Billable", justify="right"), key="billable")
        # Names too long for their column are cut where they differ, with an ellipsis.
        cuts = [distinct_cuts([inert(getattr(line, key)) for line in result.lines], width)
                if width else {} for key, width in zip(("customer", "project"), widths)]
        for line in result.lines:
            customer, project = inert(line.customer), inert(line.project)
            cells = [Text(cuts[0].get(customer, customer)), Text(cuts[1].get(project, project)),
                     Text(str(line.count), justify="right"),
                     Text(self._hours(line.seconds), justify="right")]
            if result.with_amounts:
                cells += [Text(money(line.amount, line.currency), justify="right"),
                          Text(money(line.billable_amount, line.currency), justify="right")]
            table.add_row(*cells)
        self.query_one("#report-totals", Static).update(self.totals_text(result))

    def _table_width(self, table: DataTable) -> int:
        """The cells the table can show without scrolling sideways: its width less the
        vertical scrollbar and each column's padding (one cell either side)."""
        width = table.size.width or self.app.size.width
        return width - 2

    def totals_text(self, result: reports.ProjectReport) -> Text:
        if not result.lines:
            return Text("No stopped records in this period.", style="dim")
        text = Text("Total ", style="bold")
        text.append(f"{counted(result.count, 'record')} · {self._hours(result.seconds)}")
        for currency, (amount, billable) in result.amounts().items():
            text.append(f" · {money(amount, currency)} (billable {money(billable, currency)})")
        return text

    # -- actions ----------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple) -> bool | None:
        if action == "toggle_scope":
            return self.may_see_everyone()
        if action == "export":
            return self.caps.export_report
        return super().check_action(action, parameters)

    @on(DataTable.RowSelected, "#report-table")
    def _row_selected(self) -> None:
        self.action_details()

    def action_details(self) -> None:
        """A project's budget, months and breakdowns (the selected row; Enter)."""
        if self.kind != "projects" or self.result is None or not self.result.lines:
            return
        row = self.query_one("#report-table", DataTable).cursor_row
        if 0 <= row < len(self.result.lines):
            from kimai_tui.screens.report_details import ProjectDetails

            self.app.push_screen(ProjectDetails(self.ctx, self.result.lines[row].project_id))

    def action_toggle_kind(self) -> None:
        self.kind = "days" if self.kind == "projects" else "projects"
        self.load()

    def action_toggle_scope(self) -> None:
        self.all_users = not self.all_users
        self.load()

    def action_export(self) -> None:
        if self.filter is not None:
            self.app.push_screen(ExportDialog(self.ctx, self.filter, all_users=self.all_users,
                                              what=f"{self.period.label()}, stopped records"))
