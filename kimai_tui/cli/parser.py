"""The argparse tree of cli.md. Parsing errors become UsageError (exit 2), never argparse's exit."""

from __future__ import annotations

import argparse

from kimai_tui.cli.parser_base import (  # noqa: F401 - the tree's pieces, also for callers
    Parser, _Once, _count, _filters, _json_flag, _positive_int, _record_id,
)
from kimai_tui.cli.parser_reports import (  # noqa: F401
    FILE_SOURCES, _import, _invoice, _report, _review, _week,
)
from kimai_tui.rules.errors import UsageError


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


