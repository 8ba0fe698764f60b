"""The built-in PDF invoice (`default.pdf`), laid out in code with fpdf2's text primitives:
an invoice of ten thousand lines is written in about a second, where the HTML route
(`NAME.pdf.html`) takes minutes. Uses the render context of services/invoice_documents.py."""

from __future__ import annotations

LEFT, RIGHT, TOP, BOTTOM, LINE = 15.0, 195.0, 18.0, 282.0, 4.6
# column: (left edge, right edge, right-aligned)
COLUMNS = {"date": (LEFT, 37.0, False), "description": (38.0, 133.0, False),
           "hours": (134.0, 151.0, True), "rate": (152.0, 172.0, True),
           "amount": (173.0, RIGHT, True)}
HEADINGS = {"date": "Date", "description": "Description", "hours": "Hours", "rate": "Rate",
            "amount": "Amount"}


class _Writer:
    def __init__(self, font: str | None):
        from fpdf import FPDF

        self.pdf = FPDF(format="A4")
        self.pdf.set_auto_page_break(False)
        self.family = "helvetica"
        self.unicode = bool(font)
        if font:
            self.pdf.add_font("invoice", fname=font)
            self.pdf.add_font("invoice", style="B", fname=font)
            self.family = "invoice"
        self.y = TOP

    def text(self, value: str) -> str:
        return value if self.unicode else value.encode("latin-1", "replace").decode("latin-1")

    def font(self, size: float, bold: bool = False) -> None:
        self.pdf.set_font(self.family, "B" if bold else "", size)

    def put(self, x: float, value: str, right: float | None = None, width: float | None = None
            ) -> None:
        value = self.text(value)
        if width is not None and self.pdf.get_string_width(value) > width:
            while value and self.pdf.get_string_width(value + "...") > width:
                value = value[:-1]
            value += "..."
        if right is not None:
            x = right - self.pdf.get_string_width(value)
        self.pdf.text(x, self.y, value)

    def lines(self, text: str, x: float, size: float = 9) -> None:
        self.font(size)
        for part in (text or "").splitlines():
            self.put(x, part)
            self.y += LINE


def default_pdf(context: dict, font: str | None) -> bytes:
    """The invoice of CONTEXT as PDF bytes: issuer and customer, the lines (one table row
    each, descriptions cut to the column), totals, terms; pages break with the table head."""
    invoice, customer, template = context["invoice"], context["customer"], context["template"]
    w = _Writer(font)
    pdf = w.pdf
    pdf.add_page()
    w.font(18, bold=True)
    w.put(LEFT, f"{template['title']} {invoice['number']}")
    w.y += 9
    top = w.y
    w.font(9, bold=True)
    w.put(LEFT, template["company"])
    w.y += LINE
    w.lines(template["address"], LEFT)
    if template["vat_id"]:
        w.lines(f"VAT ID: {template['vat_id']}", LEFT)
    w.lines(template["contact"], LEFT)
    left_end, w.y = w.y, top
    meta = [("Date", invoice["date"]), ("Due", invoice["due_date"])]
    meta += [("Period", invoice["period"])] if invoice["period"] else []
    meta += [("Customer no.", customer["number"])] if customer["number"] else []
    w.font(9)
    for label, value in meta:
        w.put(130.0, label)
        w.put(160.0, value)
        w.y += LINE
    w.y = max(w.y, left_end) + 6
    w.font(10, bold=True)
    w.put(LEFT, customer["company"] or customer["name"])
    w.y += LINE
    if customer["contact"]:
        w.lines(customer["contact"], LEFT)
    w.lines(customer["address"], LEFT)
    if customer["vat_id"]:
        w.lines(f"VAT ID: {customer['vat_id']}", LEFT)
    w.y += 6
    _table_head(w)
    for line in context["lines"]:
        if w.y > BOTTOM:
            pdf.add_page()
            w.y = TOP
            _table_head(w)
        w.font(8.5)
        values = {"date": line["date"] or "", "description": line["description"],
                  "hours": line["hours"], "rate": line["rate"] + (" fix" if line["fixed"]
                                                                  else ""),
                  "amount": line["amount"]}
        for key, (left, right, align_right) in COLUMNS.items():
            if align_right:
                w.put(left, values[key], right=right)
            else:
                w.put(left, values[key], width=right - left - 1)
        w.y += LINE
    if w.y > BOTTOM - 30:
        pdf.add_page()
        w.y = TOP
    w.y += 3
    pdf.line(LEFT, w.y - 3.5, RIGHT, w.y - 3.5)
    currency = invoice["currency"]
    for label, value, bold in (("Subtotal", invoice["subtotal"], False),
                               (f"Tax {invoice['tax_rate']} %", invoice["tax"], False),
                               ("Total", invoice["total"], True)):
        w.font(10, bold=bold)
        w.put(120.0, label)
        w.put(0, f"{value} {currency}", right=RIGHT)
        w.y += LINE + 0.8
    w.y += 6
    for text in (invoice["comment"], template["payment_terms"], template["payment_details"]):
        if text:
            w.lines(text, LEFT)
    return bytes(pdf.output())


def _table_head(w: _Writer) -> None:
    w.font(9, bold=True)
    for key, (left, right, align_right) in COLUMNS.items():
        w.put(left, HEADINGS[key], right=right if align_right else None)
    w.pdf.line(LEFT, w.y + 1.2, RIGHT, w.y + 1.2)
    w.y += LINE + 1
