"""The argparse trees of reports, invoices, the leads' review and week, and the Kimai
import (parser.py puts them into the command table)."""

from __future__ import annotations

from kimai_tui.cli.parser_base import Parser, _filters, _json_flag, _positive_int, _record_id  # noqa: F401

FILE_SOURCES = ("csv", "xlsx")  # what `import` reads besides a Kimai database


def _report(p) -> None:
    p.add_argument("kind", nargs="?", default="projects",
                   choices=("projects", "user", "users", "project", "customer"),
                   help="projects (sums per customer and project; the default), user (one "
                        "person's days), users (everyone's days), project or customer "
                        "(details, budgets and months)")
    _filters(p)
    p.add_argument("--month", help="YYYY-MM (default: this month, unless --from/--to)")
    p.add_argument("--week", help="YYYY-Www, e.g. 2026-W48 (user and users reports)")
    p.add_argument("--year", help="YYYY (user and users reports: months as columns)")
    p.add_argument("--by", choices=("customer", "project", "activity"), default="project",
                   help="the rows of a user report")
    p.add_argument("--decimal", action="store_true", help="hours as 2.50 instead of 2:30")
    p.set_defaults(state="stopped")  # a running record has no duration or price yet
    _json_flag(p)


def _review(p) -> None:
    p.add_argument("--team", help="one team (default: the teams you lead; admins: everyone)")
    p.add_argument("--from", dest="date_from", help="first day, YYYY-MM-DD (default: a week ago)")
    p.add_argument("--to", dest="date_to", help="last day, YYYY-MM-DD (default: today)")
    _json_flag(p)


def _week(p) -> None:
    p.add_argument("action", nargs="?", default="show",
                   choices=("show", "set", "submit", "approve", "reject", "reopen", "status"),
                   help="show the week (default); set one day's time of a row; submit your "
                        "week; approve or reject a member's (leads); reopen (admins); status: "
                        "who has submitted")
    p.add_argument("--week", help="YYYY-Www, e.g. 2026-W48 (default: this week; with set: "
                                  "the week of --day)")
    p.add_argument("--user", help="whose week (a team lead: a member's)")
    p.add_argument("--project", help="set: the row's project")
    p.add_argument("--customer", help="set: the project's customer, when names repeat")
    p.add_argument("--activity", help="set: the row's activity")
    p.add_argument("--description", default="", help="set: the row's description")
    p.add_argument("--day", help="set: the day, YYYY-MM-DD")
    p.add_argument("--duration", help="set: the day's time (2:30, 2.5, 2h30m; 0 deletes)")
    p.add_argument("--comment", default="", help="submit, approve, reject (required), reopen")
    p.add_argument("--team", help="status: one team (default: the teams you lead)")
    _json_flag(p)


def _invoice(invoice) -> None:
    actions = invoice.add_subparsers(dest="invoice_action", required=True, parser_class=Parser)
    for action in ("preview", "create"):
        p = actions.add_parser(action)
        p.add_argument("--customer", required=True)
        p.add_argument("--month", help="YYYY-MM")
        p.add_argument("--from", dest="date_from")
        p.add_argument("--to", dest="date_to")
        p.add_argument("--project", action="append", default=[])
        p.add_argument("--activity", action="append", default=[])
        p.add_argument("--template")
        p.add_argument("--include-non-billable", action="store_true")
        p.add_argument("--include-exported", action="store_true")
        if action == "create":
            p.add_argument("--comment")
            p.add_argument("--mark-exported", action="store_true")
            p.add_argument("--format", choices=("html", "pdf", "xlsx"))
            p.add_argument("--output")
        _json_flag(p)
    p = actions.add_parser("list")
    p.add_argument("--customer")
    p.add_argument("--status", choices=("new", "pending", "paid", "cancelled"))
    _json_flag(p)
    p = actions.add_parser("show")
    p.add_argument("number")
    _json_flag(p)
    p = actions.add_parser("render")
    p.add_argument("number")
    p.add_argument("--format", choices=("html", "pdf", "xlsx"))
    p.add_argument("--output")
    p = actions.add_parser("status")
    p.add_argument("number")
    p.add_argument("status", choices=("new", "pending", "paid", "cancelled"))
    _json_flag(p)
    template = actions.add_parser("template")
    template_actions = template.add_subparsers(dest="template_action", required=True,
                                               parser_class=Parser)
    for action in ("add", "edit"):
        p = template_actions.add_parser(action)
        p.add_argument("name")
        if action == "edit":
            p.add_argument("--name", dest="new_name")
        for option in ("title", "company", "vat-id", "address", "contact", "payment-terms",
                       "payment-details", "due-days", "tax-rate", "number-format", "document"):
            p.add_argument(f"--{option}")
        p.add_argument("--grouping", choices=("record", "activity", "project", "user", "date"))
        _json_flag(p)
    for action in ("show", "delete"):
        p = template_actions.add_parser(action)
        p.add_argument("name")
        _json_flag(p)
    _json_flag(template_actions.add_parser("list"))
    _json_flag(actions.add_parser("documents"))
    document = actions.add_parser("document")
    document_actions = document.add_subparsers(dest="document_action", required=True,
                                               parser_class=Parser)
    p = document_actions.add_parser("copy")
    p.add_argument("name")
    p.add_argument("destination")


def _import(imp) -> None:
    imp.description = ("Bring a Kimai 2 installation over: its database, or Kimai's export "
                       "files. Re-running brings only what is new or changed. Super admins only.")
    sources = imp.add_subparsers(dest="source", required=True, parser_class=Parser)
    kimai = sources.add_parser("kimai", help="read a Kimai database (MySQL/MariaDB), read-only")
    kimai.add_argument("--from", dest="url", required=True, metavar="URL",
                       help="mysql://USER@HOST[:PORT]/DATABASE; the password comes from "
                            "$KIMAI_MYSQL_PASSWORD, $MYSQL_PWD or ~/.my.cnf ([client] password)")
    kimai.add_argument("--defaults-file", metavar="PATH",
                       help="a MySQL option file to read the password from instead of ~/.my.cnf")
    kimai.add_argument("--dry-run", action="store_true",
                       help="show what would be imported; write nothing")
    _json_flag(kimai)
    for kind in FILE_SOURCES:
        files = sources.add_parser(kind, help=f"read Kimai's {kind.upper()} files: its timesheet "
                                   "export, or the importer's customer, project and timesheet "
                                   "files")
        files.add_argument("files", nargs="+", metavar="FILE")
        files.add_argument("--timezone", metavar="TZ",
                           help="the zone of the times in the file for users it creates "
                                "(default: each user's own zone)")
        files.add_argument("--dry-run", action="store_true",
                           help="show the mapping and what would be imported; write nothing")
        _json_flag(files)
