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


def _catalogue(sub, kind: str) -> None:
    parser = sub.add_parser(kind, help=f"{kind}s")
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


def build_parser() -> Parser:
    parser = Parser(prog="kimai-tui", description="A keyboard-driven time tracker with Kimai's "
                    "rules. Without a command it opens the terminal UI.")
    parser.add_argument("--config", help="the kimai.yaml to use")
    parser.add_argument("--database", help="sqlite:////abs/path or postgresql://...")
    parser.add_argument("--as", dest="as_user", metavar="USERNAME",
                        help="act as that user (trusted operators only)")
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    sub = parser.add_subparsers(dest="command", parser_class=Parser)

    status = sub.add_parser("status", help="the running records")
    _json_flag(status)

    start = sub.add_parser("start", help="start a record")
    for name in ("--project", "--activity"):
        start.add_argument(name, required=True)
    start.add_argument("--customer")
    start.add_argument("--description")
    start.add_argument("--tags")
    start.add_argument("--meta", action="append", default=[], metavar="K=V")
    start.add_argument("--at")
    _json_flag(start)

    stop = sub.add_parser("stop", help="stop a running record")
    stop.add_argument("id", nargs="?", type=_record_id)
    stop.add_argument("--all", action="store_true")
    stop.add_argument("--at")
    _json_flag(stop)

    restart = sub.add_parser("restart", help="start again like a record")
    restart.add_argument("id", type=_record_id)
    restart.add_argument("--at")
    _json_flag(restart)

    add = sub.add_parser("add", help="create a record")
    _record_options(add, required=False)
    _json_flag(add)

    edit = sub.add_parser("edit", help="change a record")
    edit.add_argument("id", type=_record_id)
    _record_options(edit, required=False)
    edit.add_argument("--exported", choices=("yes", "no"))
    _json_flag(edit)

    for name in ("delete", "show"):
        p = sub.add_parser(name, help=f"{name} a record")
        p.add_argument("id", type=_record_id)
        _json_flag(p)

    listing = sub.add_parser("list", help="records, newest first")
    _filters(listing)
    listing.add_argument("--limit", type=_positive_int, default=50)
    _json_flag(listing)

    export = sub.add_parser("export", help="Kimai-compatible CSV or JSON")
    _filters(export)
    export.add_argument("--format", choices=("csv", "json"), default="csv")
    export.add_argument("--output")
    export.add_argument("--mark-exported", action="store_true")
    _json_flag(export)

    for kind in ("customer", "project", "activity"):
        _catalogue(sub, kind)

    rate = sub.add_parser("rate", help="price rules")
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

    user = sub.add_parser("user", help="users")
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
        p.add_argument("--role", action="append", default=[])
        p.add_argument("--customer", action="append", default=[],
                       help="for ROLE_CUSTOMER accounts: a customer they may see")
        _json_flag(p)
    p = user_actions.add_parser("list")
    _json_flag(p)
    p = user_actions.add_parser("show")
    p.add_argument("username")
    _json_flag(p)

    team = sub.add_parser("team", help="teams")
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

    tag = sub.add_parser("tag", help="tags")
    tag_actions = tag.add_subparsers(dest="action", required=True, parser_class=Parser)
    _json_flag(tag_actions.add_parser("list"))
    for action in ("add", "delete"):
        p = tag_actions.add_parser(action)
        p.add_argument("name")
        _json_flag(p)

    demo = sub.add_parser("demo", help="fill the database with realistic sample data")
    demo.add_argument("--records", type=_count, default=2000)
    demo.add_argument("--users", type=_count, default=5)
    demo.add_argument("--seed", type=_count, default=1)
    _json_flag(demo)

    init = sub.add_parser("init", help="create or upgrade the schema")
    init.add_argument("--admin")
    _json_flag(init)
    config = sub.add_parser("config", help="kimai.yaml")
    config_actions = config.add_subparsers(dest="action", required=True, parser_class=Parser)
    config_actions.add_parser("check")
    whoami = sub.add_parser("whoami", help="the acting user")
    _json_flag(whoami)
    return parser


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
