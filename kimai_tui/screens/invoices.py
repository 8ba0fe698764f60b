"""The Invoices mode (team leads and admins): choose a customer and a month (it opens on the
current one), see the lines and totals the invoice would have, create it (optionally locking
its records), and work through
the archive: mark invoices paid or cancelled, save their documents. Every rule is in
services/invoices.py; the screen only shows and asks."""

from __future__ import annotations

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import DataTable, Select, Static

from kimai_tui.rules.errors import KimaiError
from kimai_tui.screens.base import ModeScreen
from kimai_tui.screens.pickers import Confirm
from kimai_tui.services import catalogue, invoices, periods
from kimai_tui.services.context import Context
from kimai_tui.textsafe import inert
from kimai_tui.rules.money import format_money
from kimai_tui.wording import counted


class InvoiceScreen(ModeScreen):
    # What a mode switch focuses (Textual would take the first focusable widget, the
    # search box, and keys typed right after the switch would land in it).
    AUTO_FOCUS = "#invoice-table"
    BINDINGS = [
        Binding("left_square_bracket", "shift(-1)", "Prev month", id="invoice.previous"),
        Binding("right_square_bracket", "shift(1)", "Next month", id="invoice.next"),
        Binding("c", "create", "Create", id="invoice.create"),
        Binding("b", "option('non_billable')", "Non-billable", id="invoice.non_billable"),
        Binding("e", "option('exported')", "Exported", id="invoice.exported"),
        Binding("l", "option('lock')", "Lock records", id="invoice.lock"),
        Binding("A", "toggle_archive", "Archive/New", id="invoice.archive"),
        Binding("P", "status('paid')", "Paid", id="invoice.paid"),
        Binding("K", "status('cancelled')", "Cancel invoice", id="invoice.cancel"),
        Binding("D", "document", "Document", id="invoice.document"),
    ]
    DEFAULT_CSS = """
    InvoiceScreen #invoice-form { height: auto; padding: 0 1; }
    InvoiceScreen #invoice-form Select { width: 1fr; }
    InvoiceScreen #invoice-options { height: 1; padding: 0 1; color: $text-muted; }
    InvoiceScreen #invoice-title { padding: 0 1; text-style: bold; }
    InvoiceScreen #invoice-table { height: 1fr; }
    InvoiceScreen #invoice-totals { padding: 0 1; height: auto; }
    """

    def __init__(self, ctx: Context):
        super().__init__(ctx)
        today = ctx.now().astimezone(ctx.tz).date()
        self.period = periods.period_of("month", today)
        self.options = {"non_billable": False, "exported": False, "lock": True}
        self.archive = False
        self.draft: invoices.Draft | None = None
        self.shown: list = []  # archive rows

    def compose_body(self) -> ComposeResult:
        with Vertical():
            with Horizontal(id="invoice-form"):
                yield Select([], prompt="customer", id="customer", compact=True)
                yield Select([], prompt="template", id="template", compact=True)
            yield Static(id="invoice-options")
            yield Static(id="invoice-title")
            yield DataTable(id="invoice-table", cursor_type="row", zebra_stripes=True)
            yield Static(id="invoice-totals")

    def on_mount(self) -> None:
        self._load_choices()

    @work(thread=True, exclusive=True, group="invoice-choices")
    def _load_choices(self) -> None:
        customers = [(inert(c.name), c.id) for c in catalogue.listing(self.ctx, "customer",
                                                                      "both")]
        templates = [(inert(t.name), t.id) for t in invoices.templates(self.ctx)]
        self.app.call_from_thread(self._choices, customers, templates)

    def _choices(self, customers, templates) -> None:
        self.query_one("#customer", Select).set_options(customers)
        self.query_one("#template", Select).set_options(templates)
        if customers:
            self.query_one("#customer", Select).value = customers[0][1]
        if len(templates) == 1:
            self.query_one("#template", Select).value = templates[0][1]
        self.reload()

    # -- what is shown ----------------------------------------------------------------------

    @on(Select.Changed)
    def _changed(self) -> None:
        self.reload()

    def _show_options(self) -> None:
        o = self.options
        self.query_one("#invoice-options", Static).update(Text(
            ("billable and non-billable" if o["non_billable"] else "billable only") + " (b) · "
            + ("exported too" if o["exported"] else "not yet exported") + " (e) · "
            + ("locks its records" if o["lock"] else "does not lock its records") + " (l)"))

    def reload(self) -> None:
        self._show_options()
        if self.archive:
            self._load_archive()
            return
        customer = self.query_one("#customer", Select).value
        if not isinstance(customer, int):
            self._title("Choose a customer (there are none yet: create one in Customers)")
            return
        template = self.query_one("#template", Select).value
        begin, end = self.period.bounds(self.ctx.tz)
        request = invoices.InvoiceRequest(
            customer_id=customer, begin=begin, end=end,
            template_id=template if isinstance(template, int) else None,
            include_non_billable=self.options["non_billable"],
            include_exported=self.options["exported"])
        self._title(f"{self.period.label()} · loading…")
        self._preview(request)

    @work(thread=True, exclusive=True, group="invoice-preview")
    def _preview(self, request: invoices.InvoiceRequest) -> None:
        try:
            draft = invoices.preview(self.ctx, request)
        except KimaiError as exc:
            self.app.call_from_thread(self._title, "; ".join(m for _, m in exc.lines()))
            return
        self.app.call_from_thread(self._show_draft, draft)

    def _show_draft(self, draft: invoices.Draft) -> None:
        self.draft = draft
        table = self.query_one("#invoice-table", DataTable)
        table.clear(columns=True)
        table.add_columns("Date", "Description", "Hours", "Rate", "Amount")
        for line in draft.lines:
            table.add_row(line.day.isoformat() if line.day else "", Text(inert(
                line.description)), str(line.hours),
                format_money(line.rate) if line.rate is not None else "",
                format_money(line.amount))
        currency = inert(draft.currency)
        self._title(f"{self.period.label()} · {inert(draft.customer.name)} · "
                    f"{counted(len(draft.versions), 'record')} · "
                    f"template {inert(draft.template.name)}")
        t = draft.totals
        self.query_one("#invoice-totals", Static).update(Text(
            f"Subtotal {format_money(t.subtotal, currency)} · tax "
            f"{draft.template.tax_rate.normalize():f}"
            f" % {format_money(t.tax)} · total {format_money(t.total)} {currency}"))

    def _title(self, text: str) -> None:
        self.query_one("#invoice-title", Static).update(Text(text))

    # -- the archive ------------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="invoice-archive")
    def _load_archive(self) -> None:
        try:
            found = invoices.listing(self.ctx)
        except KimaiError as exc:
            self.app.call_from_thread(self._title, "; ".join(m for _, m in exc.lines()))
            return
        self.app.call_from_thread(self._show_archive, found)

    def _show_archive(self, found) -> None:
        self.shown = found
        table = self.query_one("#invoice-table", DataTable)
        table.clear(columns=True)
        table.add_columns("Number", "Date", "Customer", "Records", "Total", "Status")
        for invoice in found:
            table.add_row(Text(inert(invoice.number)),
                          invoice.created.astimezone(self.ctx.tz).date().isoformat(),
                          Text(inert(invoice.customer)), str(invoice.records),
                          format_money(invoice.total, inert(invoice.currency)), invoice.status)
        self._title(f"Archive · {len(found)} invoice{'' if len(found) == 1 else 's'}")
        self.query_one("#invoice-totals", Static).update(
            "P paid · K cancelled · D save the document · A back to a new invoice")

    def selected(self):
        if not self.archive or not self.shown:
            return None
        row = self.query_one("#invoice-table", DataTable).cursor_row
        return self.shown[row] if 0 <= row < len(self.shown) else None

    # -- actions ----------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple) -> bool | None:
        if action in ("shift", "create", "option"):
            return not self.archive
        if action in ("status", "document"):
            return self.archive
        return super().check_action(action, parameters)

    def action_shift(self, steps: int) -> None:
        self.period = periods.shift(self.period, steps)
        self.reload()

    def action_option(self, name: str) -> None:
        self.options[name] = not self.options[name]
        self.reload()

    def action_toggle_archive(self) -> None:
        self.archive = not self.archive
        self.refresh_bindings()
        self.reload()

    def action_create(self) -> None:
        draft = self.draft
        if draft is None or not draft.lines:
            self.notify("Nothing to invoice for this customer and month.", severity="warning")
            return
        lock = self.options["lock"]
        request = draft.request

        def confirmed(yes: bool | None) -> None:
            if yes:
                self.app.call_service(lambda: invoices.create(self.ctx, request, lock),
                                      None, on_success=self._created)

        self.app.push_screen(Confirm(
            f"Create the invoice for {draft.customer.name}: "
            f"{counted(len(draft.versions), 'record')}, "
            f"total {format_money(draft.totals.total)} {draft.currency}"
            + (" (its records are locked)?" if lock else "?"), "Create"), confirmed)

    def _created(self, invoice) -> None:
        self.notify(inert(f"Invoice {invoice.number} created"), markup=False)
        self.archive = True
        self.refresh_bindings()
        self.reload()

    def action_status(self, status: str) -> None:
        invoice = self.selected()
        if invoice is not None:
            self.app.call_service(lambda: invoices.set_status(self.ctx, invoice.number, status),
                                  inert(f"Invoice {invoice.number}: {status}"))

    def action_document(self) -> None:
        invoice = self.selected()
        if invoice is not None:
            from kimai_tui.screens.invoice_document import DocumentDialog

            self.app.push_screen(DocumentDialog(self.ctx, invoice))
