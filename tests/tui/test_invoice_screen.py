"""The Invoices mode by keyboard (Pilot), and the Reports mode's per-day view: the keys a
lead or an admin presses, checked in the database and the files afterwards."""

from __future__ import annotations

import sys
from datetime import datetime, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "billing"))

from billing_support import Books  # noqa: E402

from kimai_tui.app import make_app  # noqa: E402
from kimai_tui.data import db  # noqa: E402
from kimai_tui.data import users as users_repo  # noqa: E402
from kimai_tui.services.context import Context  # noqa: E402
from kimai_tui.services.identity import os_login_name  # noqa: E402
from kimai_tui.settings import Settings, TuiSettings  # noqa: E402

NOVEMBER = datetime(2026, 11, 27, 9, 0, tzinfo=timezone.utc)  # the screen opens on November


def _app(books, username):
    database = db.connect(books.url)  # after every in-process CLI call (one database per process)
    ctx = Context(Settings(tui=TuiSettings(refresh_seconds=0.3)), database,
                  users_repo.by_username(username), lambda: NOVEMBER)
    return make_app(ctx), database


async def _settle(app, pilot, until=lambda: True, rounds=80):
    from textual.worker import WorkerCancelled

    for _ in range(rounds):
        try:
            await app.workers.wait_for_complete()
        except WorkerCancelled:  # an exclusive load replaced by a newer one
            pass
        await pilot.pause(0.05)
        if until():
            return


async def test_create_an_invoice_mark_it_paid_and_save_its_pdf(tmp_path):
    books = Books(tmp_path)
    books.ok("invoice", "template", "add", "Standard", "--tax-rate", "12")
    app, database = _app(books, os_login_name())
    try:
        async with app.run_test(size=(120, 34)) as pilot:
            await _settle(app, pilot)
            await pilot.press("9")
            await _settle(app, pilot, lambda: "records" in str(
                app.screen.query_one("#invoice-title").render()))
            title = str(app.screen.query_one("#invoice-title").render())
            assert "November 2026" in title and "Kaesim" in title and "4 records" in title
            assert "total" in str(app.screen.query_one("#invoice-totals").render())
            await pilot.press("c")
            await pilot.pause()
            await pilot.press("y")
            await _settle(app, pilot, lambda: app.screen.archive)
            assert books.sql("SELECT number, status FROM invoice") == [("2026/001", "new")]
            assert books.sql("SELECT COUNT(*) FROM timesheet WHERE exported = 1") == [(4,)]
            await _settle(app, pilot, lambda: app.screen.shown)
            await pilot.press("P")
            await _settle(app, pilot, lambda: books.sql(
                "SELECT status FROM invoice") == [("paid",)])
            assert books.sql("SELECT status FROM invoice") == [("paid",)]
            await pilot.press("D")
            await pilot.pause()
            dialog = app.screen
            target = tmp_path / "inv.pdf"
            dialog.query_one("#path").value = str(target)
            await pilot.press("ctrl+s")
            await _settle(app, pilot, lambda: target.exists())
    finally:
        database.close()
    assert target.read_bytes().startswith(b"%PDF")


async def test_a_plain_user_has_no_invoices_mode(tmp_path):
    books = Books(tmp_path)
    app, database = _app(books, "ana")
    try:
        async with app.run_test(size=(100, 30)) as pilot:
            await _settle(app, pilot)
            await pilot.press("9")
            await pilot.pause()
            assert app.current_mode != "invoices"
    finally:
        database.close()


async def test_reports_per_day_with_a_chart(tmp_path):
    books = Books(tmp_path)
    app, database = _app(books, "ana")
    app.ctx.clock = lambda: datetime(2026, 11, 4, 9, 0, tzinfo=timezone.utc)
    try:
        async with app.run_test(size=(160, 40)) as pilot:
            await _settle(app, pilot)
            await pilot.press("8")
            await _settle(app, pilot)
            await pilot.press("k")
            await _settle(app, pilot, lambda: "per day" in str(
                app.screen.query_one("#report-title").render()))
            table = app.screen.query_one("#report-table")
            labels = [str(table.get_row_at(i)[0]) for i in range(table.row_count)]
            assert labels == ["Kaesim / SLA", "Koruna / Care"]
            chart = app.screen.query_one("#report-chart")
            assert chart.display and max(chart.data) == 3.5  # 2 Nov: 1:30 + 2:00
    finally:
        database.close()


async def test_reports_project_details_with_budget_burn(tmp_path):
    books = Books(tmp_path)
    books.ok("project", "edit", "SLA", "--time-budget", "10:00", "--budget-type", "month")
    app, database = _app(books, os_login_name())
    app.ctx.clock = lambda: datetime(2026, 11, 20, 9, 0, tzinfo=timezone.utc)
    try:
        async with app.run_test(size=(140, 44)) as pilot:
            await _settle(app, pilot)
            await pilot.press("8")
            await _settle(app, pilot)
            await pilot.press("u")  # everyone's records
            await _settle(app, pilot, lambda: app.screen.result is not None
                          and app.screen.result.lines)
            lines = app.screen.result.lines
            row = next(i for i, line in enumerate(lines) if line.project == "SLA")
            app.screen.query_one("#report-table").move_cursor(row=row)
            await pilot.press("enter")
            await _settle(app, pilot, lambda: "last record" in str(
                app.screen.query_one("#details-title").render()))
            details = app.screen
            budget = str(details.query_one("#details-budget").render())
            # November's billable SLA records: 1:30 + 2:00 (jose's hour is not billable)
            assert "3:30 of 10:00 used, 6:30 left" in budget
            chart = details.query_one("#details-chart").data
            assert len(chart) == 12 and chart[-1] == 3.5 and chart[-2] == 1.0
    finally:
        database.close()
