"""The argparse tree of cli.md. Parsing errors become UsageError (exit 2), never argparse's exit."""

from __future__ import annotations

import argparse

from kimai_tui.rules.errors import UsageError


class Parser(argparse.ArgumentParser):
    def error(self, message: str):  # noqa: D401 - argparse's hook
        raise UsageError(f"{message} (see kimai-tui {self._sub_name()}--help)", "usage")

    def _sub_name(self) -> str:
        parts = self.prog.split()[1:]
        return " ".join(parts) + " " if parts else ""


class _Once(argparse.Action):
    """An option that may be given once (cli.md: a second `--as` is exit 2, not "last wins",
    which would let text appended to a forced command choose the identity)."""

    def __call__(self, parser, namespace, values, option_string=None):
        if getattr(namespace, self.dest, None) is not None:
            raise UsageError(f"{option_string} may be given only once", "as")
        setattr(namespace, self.dest, values)


def _json_flag(parser: argparse.ArgumentParser) -> None:
    # --json may also stand after the command (cli.md); SUPPRESS keeps the global value.
    parser.add_argument("--json", action="store_true", default=argparse.SUPPRESS,
                        help="print JSON instead of a table")


def _record_options(p: argparse.ArgumentParser, required: bool) -> None:
    p.add_argument("--customer")
    p.add_argument("--project", required=required)
    p.add_argument("--activity", required=required)
    p.add_argument("--begin", required=required)
    p.add_argument("--end")
    p.add_argument("--duration")
    p.add_argument("--break", dest="break_time", metavar="DURATION",
                   help="a pause inside begin and end, off the duration (0:30)")
    p.add_argument("--description")
    p.add_argument("--tags")
    p.add_argument("--billable", choices=("auto", "yes", "no"))
    p.add_argument("--hourly-rate")
    p.add_argument("--fixed-rate")
    p.add_argument("--user")
    p.add_argument("--meta", action="append", default=[], metavar="K=V")


def _filters(p: argparse.ArgumentParser) -> None:
    p.add_argument("--from", dest="date_from")
    p.add_argument("--to", dest="date_to")
    who = p.add_mutually_exclusive_group()
    who.add_argument("--user")
    who.add_argument("--all-users", action="store_true")
    p.add_argument("--customer")
    p.add_argument("--project")
    p.add_argument("--activity")
    p.add_argument("--tag", action="append", default=[])
    p.add_argument("--state", choices=("running", "stopped", "all"), default="all")
    p.add_argument("--exported", choices=("yes", "no"))
    p.add_argument("--search")


def _catalogue_options(p: argparse.ArgumentParser, kind: str) -> None:
    p.add_argument("--number")
    p.add_argument("--color")
    p.add_argument("--billable", choices=("yes", "no"))
    p.add_argument("--visible", choices=("yes", "no"))
    p.add_argument("--budget")
    p.add_argument("--time-budget")
    p.add_argument("--budget-type", choices=("lifetime", "month"))
    p.add_argument("--comment")
    p.add_argument("--meta", action="append", default=[], metavar="K=V")
    if kind == "customer":
        for name in ("currency", "company", "vat-id", "contact", "email", "phone", "address",
                     "timezone"):
            p.add_argument(f"--{name}")
    elif kind == "project":
        p.add_argument("--customer")
        p.add_argument("--order-number")
        p.add_argument("--start")
        p.add_argument("--end")
        p.add_argument("--global-activities", choices=("yes", "no"))
    else:
        p.add_argument("--project")


def _catalogue(kind: str):
    def setup(parser: argparse.ArgumentParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True, parser_class=Parser)
        add = actions.add_parser("add")
        add.add_argument("name")
        _catalogue_options(add, kind)
        _json_flag(add)
        edit = actions.add_parser("edit")
        edit.add_argument("target")
        edit.add_argument("--name")
        _catalogue_options(edit, kind)
        _json_flag(edit)
        listing = actions.add_parser("list")
        listing.add_argument("--search")
        listing.add_argument("--visible", choices=("yes", "no", "both"), default="yes")
        if kind == "project":
            listing.add_argument("--customer")
        if kind == "activity":
            listing.add_argument("--project")
        _json_flag(listing)
        show = actions.add_parser("show")
        show.add_argument("target")
        _json_flag(show)
        delete = actions.add_parser("delete")
        delete.add_argument("target")
        delete.add_argument("--replace-with")
        delete.add_argument("--cascade", action="store_true")
        delete.add_argument("--yes", action="store_true")
        _json_flag(delete)
    return setup


def _status(p) -> None:
    p.add_argument("--format", dest="line_format", metavar="FMT",
                   help="one line for a status bar, e.g. '{activity} {elapsed} {amount}'")
    p.add_argument("--idle", default="", metavar="TEXT",
                   help="with --format: what to print when nothing runs (default: nothing)")
    _json_flag(p)


def _start(p) -> None:
    p.add_argument("--project", help="required unless --favorite")
    p.add_argument("--activity", help="required unless --favorite")
    p.add_argument("--favorite", metavar="NAME",
                   help="start one of your favourites (its project, activity, description, "
                        "tags and fields)")
    p.add_argument("--customer")
    p.add_argument("--description")
    p.add_argument("--tags")
    p.add_argument("--meta", action="append", default=[], metavar="K=V")
    p.add_argument("--at")
    _json_flag(p)


def _stop(p) -> None:
    p.add_argument("id", nargs="?", type=_record_id)
    p.add_argument("--all", action="store_true")
    p.add_argument("--at")
    _json_flag(p)


def _pause(p) -> None:
    p.add_argument("id", nargs="?", type=_record_id)
    _json_flag(p)


def _return(p) -> None:
    p.add_argument("--at")
    _json_flag(p)


def _restart(p) -> None:
    p.add_argument("id", type=_record_id)
    p.add_argument("--at")
    _json_flag(p)


def _add(p) -> None:
    _record_options(p, required=False)
    _json_flag(p)


def _edit(p) -> None:
    p.add_argument("id", type=_record_id)
    _record_options(p, required=False)
    p.add_argument("--exported", choices=("yes", "no"))
    _json_flag(p)


def _by_id(p) -> None:
    p.add_argument("id", type=_record_id)
    _json_flag(p)


def _list(p) -> None:
    _filters(p)
    p.add_argument("--limit", type=_positive_int, default=50)
    _json_flag(p)


def _export(p) -> None:
    _filters(p)
    p.add_argument("--format", choices=("csv", "json", "xlsx", "pdf"), default="csv")
    p.add_argument("--output")
    p.add_argument("--mark-exported", action="store_true")
    _json_flag(p)


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


def _rate(rate) -> None:
    rate_actions = rate.add_subparsers(dest="action", required=True, parser_class=Parser)
    for action in ("add", "list", "delete"):
        p = rate_actions.add_parser(action)
        target = p.add_mutually_exclusive_group(required=True)
        target.add_argument("--customer")
        target.add_argument("--project")
        target.add_argument("--activity")
        if action != "list":
            p.add_argument("--user")
        if action == "add":
            p.add_argument("--rate", required=True)
            p.add_argument("--internal-rate")
            p.add_argument("--fixed", action="store_true")
        _json_flag(p)


def _user(user) -> None:
    user_actions = user.add_subparsers(dest="action", required=True, parser_class=Parser)
    for action in ("add", "edit"):
        p = user_actions.add_parser(action)
        p.add_argument("username")
        if action == "edit":
            p.add_argument("--name", dest="new_username")
            state = p.add_mutually_exclusive_group()
            state.add_argument("--disable", action="store_true")
            state.add_argument("--enable", action="store_true")
        for name in ("alias", "email", "timezone", "hourly-rate", "internal-rate",
                     "staff-number", "time-format"):
            p.add_argument(f"--{name}")
        p.add_argument("--decimal-hours", choices=("yes", "no"))
        p.add_argument("--role", action="append", default=[])
        p.add_argument("--customer", action="append", default=[],
                       help="for ROLE_CUSTOMER accounts: a customer they may see")
        _json_flag(p)
    p = user_actions.add_parser("list")
    _json_flag(p)
    p = user_actions.add_parser("show")
    p.add_argument("username")
    _json_flag(p)


def _team(team) -> None:
    team_actions = team.add_subparsers(dest="action", required=True, parser_class=Parser)
    for action in ("add", "edit"):
        p = team_actions.add_parser(action)
        p.add_argument("name")
        if action == "edit":
            p.add_argument("--name", dest="new_name")
        for option in ("lead", "member", "customer", "project", "activity"):
            p.add_argument(f"--{option}", action="append", default=[])
        _json_flag(p)
    for action in ("show", "delete"):
        p = team_actions.add_parser(action)
        p.add_argument("name")
        _json_flag(p)
    _json_flag(team_actions.add_parser("list"))


def _favorite(favorite) -> None:
    actions = favorite.add_subparsers(dest="action", required=True, parser_class=Parser)
    _json_flag(actions.add_parser("list"))
    p = actions.add_parser("add")
    p.add_argument("name")
    p.add_argument("--record", type=_record_id, help="take everything from this record")
    p.add_argument("--project")
    p.add_argument("--customer")
    p.add_argument("--activity")
    p.add_argument("--description", default="")
    p.add_argument("--tags")
    p.add_argument("--meta", action="append", default=[], metavar="K=V")
    _json_flag(p)
    p = actions.add_parser("delete")
    p.add_argument("name")
    _json_flag(p)


def _tag(tag) -> None:
    tag_actions = tag.add_subparsers(dest="action", required=True, parser_class=Parser)
    _json_flag(tag_actions.add_parser("list"))
    for action in ("add", "delete"):
        p = tag_actions.add_parser(action)
        p.add_argument("name")
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


def _demo(p) -> None:
    p.description = ("Fill the database with realistic sample data: the customers, projects and "
                     "activities of a managed-services company, a support team with a lead, "
                     "and records over past months. Super admins only.")
    p.add_argument("--records", type=_count, default=2000,
                   help="how many records to create (default 2000)")
    p.add_argument("--users", type=_count, default=5,
                   help="how many people the records are spread over (default 5)")
    p.add_argument("--seed", type=_count, default=1,
                   help="the same seed gives the same data (default 1)")
    p.add_argument("--force", action="store_true",
                   help="add sample data to a database that already holds customers or "
                        "records (refused otherwise)")
    _json_flag(p)


FILE_SOURCES = ("csv", "xlsx")


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


def _init(p) -> None:
    p.add_argument("--admin")
    _json_flag(p)


def _config(config) -> None:
    config_actions = config.add_subparsers(dest="action", required=True, parser_class=Parser)
    config_actions.add_parser("check")


# command -> (help, what fills its parser), in the order `--help` lists them
COMMANDS = {
    "status": ("the running records", _status),
    "start": ("start a record", _start),
    "stop": ("stop a running record", _stop),
    "pause": ("pause the running record (resume continues it; the pause becomes its break)",
              _pause),
    "resume": ("resume a paused record", _pause),
    "interrupt": ("stop the running record and start an interruption (return continues it)",
                  _start),
    "return": ("stop the interruption and continue the record it interrupted", _return),
    "restart": ("start again like a record", _restart),
    "add": ("create a record", _add),
    "edit": ("change a record", _edit),
    "delete": ("delete a record", _by_id),
    "show": ("show a record", _by_id),
    "list": ("records, newest first", _list),
    "export": ("Kimai-compatible CSV or JSON", _export),
    "report": ("sums per customer and project, for billing", _report),
    "invoice": ("invoices: preview, create, render; templates", _invoice),
    "week": ("a week as Kimai's weekly hours grid, and setting one day's time", _week),
    "review": ("what needs a look before billing: overlaps, long or running records, days "
               "without time, budgets", _review),
    "customer": ("customers", _catalogue("customer")),
    "project": ("projects", _catalogue("project")),
    "activity": ("activities", _catalogue("activity")),
    "rate": ("price rules", _rate),
    "user": ("users", _user),
    "team": ("teams", _team),
    "tag": ("tags", _tag),
    "favorite": ("your favourites: named records to start again", _favorite),
    "import": ("bring a Kimai database or Kimai's export files over", _import),
    "demo": ("fill the database with realistic sample data", _demo),
    "init": ("create or upgrade the schema", _init),
    "config": ("kimai.yaml", _config),
    "whoami": ("the acting user", _json_flag),
}
GLOBAL_OPTIONS_WITH_VALUE = ("--config", "--database", "--as")


def build_parser(only: str | None = None) -> Parser:
    """The whole tree, or (ONLY) the global options and that one command: building all of
    argparse's sub-parsers costs a command-line call more than the command itself."""
    parser = Parser(prog="kimai-tui", description="A keyboard-driven time tracker with Kimai's "
                    "rules. Without a command it opens the terminal UI.")
    parser.add_argument("--config", help="the kimai.yaml to use")
    parser.add_argument("--database", help="sqlite:////abs/path or postgresql://...")
    parser.add_argument("--as", dest="as_user", metavar="USERNAME", action=_Once,
                        help="act as that user (trusted operators only; once)")
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    from kimai_tui import __version__

    parser.add_argument("--version", action="version", version=f"kimai-tui {__version__}")
    sub = parser.add_subparsers(dest="command", parser_class=Parser)
    for name, (help_text, setup) in COMMANDS.items():
        if only is None or name == only:
            setup(sub.add_parser(name, help=help_text))
    return parser


def command_of(argv: list[str]) -> str | None:
    """The command ARGV names, when it is certain without argparse: only exact global
    options come before it, and no help is asked for. Else None (build the whole tree)."""
    index = 0
    while index < len(argv):
        word = argv[index]
        if word in GLOBAL_OPTIONS_WITH_VALUE:
            index += 2
        elif word == "--json" or word.split("=", 1)[0] in GLOBAL_OPTIONS_WITH_VALUE \
                and "=" in word:
            index += 1
        elif word.startswith("-"):
            return None  # an abbreviation, help, or a mistake: argparse decides
        else:
            rest = argv[index + 1:]
            if word in COMMANDS and "-h" not in rest and "--help" not in rest:
                return word
            return None
    return None


def _record_id(text: str) -> int:
    value = text.lstrip("#")
    if not (value.isascii() and value.isdigit()) or len(value) > 18:
        raise argparse.ArgumentTypeError(f'"{text}" is not a record id')
    return int(value)


def _positive_int(text: str) -> int:
    if not (text.isascii() and text.isdigit()) or len(text) > 9 or int(text) < 1:
        raise argparse.ArgumentTypeError(f'"{text}" is not a positive whole number')
    return int(text)


def _count(text: str) -> int:
    if not (text.isascii() and text.isdigit()) or len(text) > 9:
        raise argparse.ArgumentTypeError(f'"{text}" is not a whole number')
    return int(text)
