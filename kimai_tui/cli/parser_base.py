"""The pieces every part of the argparse tree uses: the parser class whose errors are
UsageError (exit 2, never argparse's exit), the shared options and the argument types."""

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
