"""Only the named command's sub-parser is built; the result must equal the whole tree's."""

from __future__ import annotations

import pytest

from kimai_tui.cli.parser import COMMANDS, build_parser, command_of
from kimai_tui.rules.errors import UsageError


@pytest.mark.parametrize("argv, expected", [
    (["status"], "status"),
    (["--json", "list", "--limit", "5"], "list"),
    (["--config", "k.yaml", "--database", "sqlite:////x", "--as", "ana", "start"], "start"),
    (["--config=k.yaml", "--as=ana", "stop", "--all"], "stop"),
    (["start", "--help"], None),
    (["-h"], None),
    (["--conf", "k.yaml", "status"], None),  # an abbreviation: argparse decides
    (["--config", "status", "list"], "list"),  # "status" is the config file here
    (["nonsense"], None),
    ([], None),
])
def test_command_of(argv, expected):
    assert command_of(argv) == expected


ARGVS = [
    ["status", "--json"],
    ["--as", "ana", "start", "--project", "P", "--activity", "A", "--at=-20m", "--tags", "x,y"],
    ["stop", "#12", "--at", "17:00"],
    ["list", "--from", "2026-01-01", "--tag", "a", "--tag", "b", "--state", "running"],
    ["customer", "add", "ACME", "--currency", "EUR"],
    ["rate", "add", "--project", "P", "--rate", "10", "--fixed"],
    ["team", "edit", "Support", "--member", "ana", "--lead", "maria"],
    ["config", "check"],
]


@pytest.mark.parametrize("argv", ARGVS)
def test_the_lean_parser_reads_like_the_whole_tree(argv):
    lean = build_parser(command_of(argv)).parse_args(argv)
    whole = build_parser().parse_args(argv)
    assert vars(lean) == vars(whole)


@pytest.mark.parametrize("argv", [["start", "--project"], ["stop", "x1"],
                                  ["list", "--state", "maybe"]])
def test_the_lean_parser_rejects_what_the_whole_tree_rejects(argv):
    for only in (command_of(argv), None):
        with pytest.raises(UsageError):
            build_parser(only).parse_args(argv)


def test_help_lists_every_command(capsys):
    with pytest.raises(SystemExit):
        build_parser(command_of(["--help"])).parse_args(["--help"])
    text = capsys.readouterr().out
    assert all(name in text for name in COMMANDS)
