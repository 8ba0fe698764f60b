"""`import csv` / `import xlsx`: Kimai's timesheet export (CSV, and XLSX with its totals row
and formula guard) and the importer add-on's customer, project and timesheet files."""

from __future__ import annotations

import calendar
from datetime import datetime, timedelta
from decimal import Decimal

import pytest

from kimport_support import ours
from kimai_tui.data import models
from kimai_tui.rules.errors import PermissionDenied, UsageError, ValidationError
from kimai_tui.services import file_import

HEADER = ("Date,From,To,Duration,Currency,Price,\"Internal price\",\"Hourly price\","
          "\"Fixed price\",Name,User,E-mail,\"Staff number\",Customer,Project,Activity,"
          "Description,Billable,Tags,Type,category,Account,\"Project number\",VAT-ID,"
          "\"Order number\",Location\n")
EXPORT = HEADER + (
    "2024-03-04,09:00,12:30,3:30,EUR,280,175,80,0,\"Anna Admin\",anna,anna@example.com,E-001,"
    "\"Acme Corp\",\"Website Relaunch\",Design,\"Wireframes home page\",1,frontend,timesheet,"
    "work,C-0001,P-0001,DE987654321,PO-2024-117,office\n"
    "2024-03-06,10:00,10:20,0:20,GBP,25,10,0,25,\"Ben Lead\",ben,ben@example.com,E-002,"
    "\"Globex Ltd\",\"Support Retainer\",Hotline,\"' =HYPERLINK()\",1,\"urgent, backend\","
    "timesheet,work,C-0002,P-0003,,,\n"
    "2024-03-08,22:30,01:00,2:30,EUR,162.5,0,65,0,\"Ben Lead\",ben,ben@example.com,E-002,"
    "\"Acme Corp\",\"Website Relaunch\",Design,\"Late fix\",0,,timesheet,work,C-0001,P-0001,"
    "DE987654321,PO-2024-117,\n")


@pytest.fixture
def here(tmp_path):
    database, ctx = ours(tmp_path)
    yield tmp_path, database, ctx
    database.close()


def _records():
    return list(models.Timesheet.select().order_by(models.Timesheet.begin_ts))


def test_kimai_export_csv_comes_in_with_amounts_as_written(here):
    tmp, _, ctx = here
    path = tmp / "export.csv"
    path.write_text(EXPORT)
    report = file_import.import_files(ctx, [str(path)], "csv", timezone_name="Europe/Berlin")
    assert report.counts["timesheet"].new == 3 and report.counts["user"].new == 2
    first, second, third = _records()
    assert first.begin_ts == calendar.timegm((2024, 3, 4, 8, 0, 0))  # 09:00 Berlin, UTC 08:00
    assert first.duration == 12600 and first.rate == Decimal("280")
    assert first.hourly_rate == Decimal("80") and first.fixed_rate is None
    assert second.fixed_rate == Decimal("25") and second.description == "=HYPERLINK()"
    assert third.end_ts - third.begin_ts == 9000 and third.billable is False  # past midnight
    assert models.Customer.get(models.Customer.name == "Globex Ltd").currency == "GBP"
    meta = models.MetaValue.get(models.MetaValue.owner_id == first.id)
    assert (meta.name, meta.value) == ("location", "office")
    assert ("export.csv: Location", "custom field location") in report.mapping
    again = file_import.import_files(ctx, [str(path)], "csv", timezone_name="Europe/Berlin")
    assert again.written == 0 and len(_records()) == 3


def test_kimai_export_xlsx_drops_the_totals_row(here):
    from openpyxl import Workbook

    tmp, _, ctx = here
    book = Workbook()
    sheet = book.active
    import csv
    import io

    rows = list(csv.reader(io.StringIO(EXPORT)))
    sheet.append(rows[0])
    for row in rows[1:]:
        cells = list(row)
        cells[0] = datetime.strptime(row[0], "%Y-%m-%d")
        h, m = row[3].split(":")
        cells[3] = timedelta(hours=int(h), minutes=int(m))
        cells[5:9] = [float(v) for v in row[5:9]]
        cells[17] = row[17] == "1"
        sheet.append(cells)
    sheet.append([None, None, None, "=SUBTOTAL(9,D2:D4)", None, "=SUBTOTAL(9,F2:F4)"])
    path = tmp / "export.xlsx"
    book.save(path)
    report = file_import.import_files(ctx, [str(path)], "xlsx", timezone_name="Europe/Berlin")
    assert report.counts["timesheet"].new == 3
    assert sum(r.duration for r in _records()) == 12600 + 1200 + 9000
    assert sum(r.rate for r in _records()) == Decimal("467.5")


def test_importer_add_on_files_customers_projects_timesheets(here):
    tmp, _, ctx = here
    (tmp / "c.csv").write_text("Customer,Account,Currency,Timezone,Budget,TimeBudget,"
                               "BudgetType,Visible,meta.crm_id\n"
                               "\"Customer LLC\",K-1,USD,America/New_York,1000,36000,month,1,"
                               "X9\n")
    (tmp / "p.csv").write_text("Project,Customer,ProjectNumber,OrderNumber,StartDate\n"
                               "\"My project\",\"Customer LLC\",P-7,PO-1,2020-01-01\n")
    (tmp / "t.csv").write_text(
        "Date,From,To,Duration,Rate,User,Email,Customer,Project,Activity,Description,"
        "Exported,Tags,HourlyRate\n"
        "2020-05-04,15:50:00,17:51:00,7260,231.92,jdoe,jdoe@example.com,\"Customer LLC\","
        "\"My project\",Testing,\"some work has been done\",1,\"foo,bar\",115.00\n")
    report = file_import.import_files(ctx, [str(tmp / n) for n in ("c.csv", "p.csv", "t.csv")],
                                      "csv", timezone_name="UTC")
    customer = models.Customer.get(models.Customer.name == "Customer LLC")
    assert customer.currency == "USD" and customer.budget == Decimal("1000")
    assert customer.time_budget == 36000 and customer.budget_type == "month"
    project = models.Project.get(models.Project.name == "My project")
    assert project.customer_id == customer.id and str(project.start_date) == "2020-01-01"
    record = _records()[0]
    assert record.duration == 7260 and record.rate == Decimal("231.92")
    assert record.exported is True and record.project_id == project.id
    assert report.counts["timesheet"].new == 1 and report.counts["activity"].new == 1
    assert report.counts["tag"].new == 2


def test_a_bad_cell_writes_nothing_and_says_where(here):
    tmp, _, ctx = here
    path = tmp / "bad.csv"
    path.write_text(EXPORT.replace("2024-03-08,22:30", "2024-03-08,25:99"))
    with pytest.raises(ValidationError, match=r"bad.csv:4: .*HH:MM"):
        file_import.import_files(ctx, [str(path)], "csv")
    assert _records() == [] and models.Customer.select().count() == 0


def test_an_unknown_header_is_refused(here):
    tmp, _, ctx = here
    path = tmp / "x.csv"
    path.write_text("foo,bar\n1,2\n")
    with pytest.raises(UsageError, match="neither Kimai's timesheet export"):
        file_import.import_files(ctx, [str(path)], "csv")


def test_dry_run_writes_nothing_and_only_super_admins_import(here):
    tmp, database, ctx = here
    path = tmp / "export.csv"
    path.write_text(EXPORT)
    dry = file_import.import_files(ctx, [str(path)], "csv", dry_run=True)
    assert dry.counts["timesheet"].new == 3 and _records() == []
    from kimai_tui.data import users as users_repo
    from kimai_tui.services.context import Context

    uid = users_repo.create({"username": "boss", "roles": "ROLE_ADMIN"})
    with pytest.raises(PermissionDenied):
        file_import.import_files(Context(ctx.settings, database, users_repo.get(uid)),
                                 [str(path)], "csv")


def test_semicolons_and_a_byte_order_mark_are_read_too(here):
    tmp, _, ctx = here
    path = tmp / "semi.csv"
    rows = list(__import__("csv").reader(__import__("io").StringIO(EXPORT)))
    text = "\n".join(";".join(f'"{c}"' if ("," in c or " " in c) else c for c in row)
                     for row in rows) + "\n"
    path.write_text("\ufeff" + text, encoding="utf-8")
    report = file_import.import_files(ctx, [str(path)], "csv", timezone_name="UTC")
    assert report.counts["timesheet"].new == 3
    assert sorted(t.name for t in models.Tag.select()) == ["backend", "frontend", "urgent"]
