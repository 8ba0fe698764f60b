"""Billing in the benchmark (issue "Billing"): every Kimai report over a month as the team lead
(her team: the demo's 100 users at 1M records), her review queue of that month, and an invoice
of at least 10,000 records created and rendered to PDF. In-process, so the numbers are the
service's own time.

    python bench/billing_probe.py DATABASE_URL CONFIG USER REPEAT   -> JSON on stdout
"""

from __future__ import annotations

import json
import sys
import time
from datetime import date, timedelta


def timed(fn, repeat: int) -> dict:
    runs, result = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        result = fn()
        runs.append(time.perf_counter() - started)
    return {"median_s": sorted(runs)[len(runs) // 2], "max_s": max(runs), "runs": runs,
            "result": result}


def main() -> int:
    url, config_path, username, repeat = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
    from kimai_tui import config
    from kimai_tui.data import db
    from kimai_tui.queries import RecordFilter
    from kimai_tui.services import catalogue, identity, invoice_documents, invoices
    from kimai_tui.services import report_kinds, reports, review

    settings = config.load_settings(config_path)
    ctx = identity.acting_context(db.connect(url), settings, username)
    month = (date.today().replace(day=1) - timedelta(days=1)).replace(day=1)
    span = report_kinds.span("month", month)
    project = catalogue.find(ctx, "project", "Kaesim SLA IT Support")[0]
    customer = catalogue.find(ctx, "customer", "Kaesim Cybersecurity")[0]

    def projects_report():
        flt = RecordFilter(state="stopped")
        flt.begin_from, flt.begin_to = reports.month_range(ctx, month.year, month.month)
        return reports.by_project(ctx, flt, all_users=True).count

    out = {"month": f"{month:%Y-%m}", "reports": {
        "projects (team)": timed(projects_report, repeat),
        "users (team)": timed(lambda: len(report_kinds.users_report(ctx, span).rows), repeat),
        "user (own, by project)": timed(
            lambda: len(report_kinds.user_report(ctx, span).rows), repeat),
        "user year (own)": timed(lambda: len(report_kinds.user_report(
            ctx, report_kinds.span("year", month)).rows), repeat),
        "project details": timed(
            lambda: len(report_kinds.project_details(ctx, project.id).months), repeat),
        "customer details": timed(
            lambda: len(report_kinds.customer_details(ctx, customer.id).projects), repeat),
    }}
    # The team lead's review queue (issue "For team leads"): her teams over the month, and an
    # admin's view of everyone. Target <= 200 ms for a team-month.
    first, last = span.first, span.last
    out["review"] = {
        "team month (lead)": timed(lambda: len(review.queue(ctx, first, last).items), repeat),
    }
    # An invoice of >= 10,000 records: the customer's billable records of enough months.
    months, draft = 1, None
    while months <= 36:
        begin = report_kinds.span("month", month - timedelta(days=31 * (months - 1))).first
        start, _ = report_kinds._bounds(ctx, report_kinds.span("month", begin))
        _, end = report_kinds._bounds(ctx, span)
        request = invoices.InvoiceRequest(customer_id=customer.id, begin=start, end=end,
                                          include_exported=True)
        draft = invoices.preview(ctx, request)
        if len(draft.versions) >= 10_000:
            break
        months += 1
    started = time.perf_counter()
    invoice = invoices.create(ctx, request)
    created = time.perf_counter() - started
    rendered = timed(lambda: len(invoice_documents.render(settings, invoice, "pdf").data), 1)
    out["invoice"] = {"records": invoice.records, "lines": len(invoice.lines),
                      "months": months, "create_s": created,
                      "pdf_s": rendered["median_s"], "pdf_bytes": rendered["result"]}
    print(json.dumps(out, default=str))
    return 0


if __name__ == "__main__":
    sys.exit(main())
