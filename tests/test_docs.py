"""The project carries its own documentation, and it cannot drift from the program:
docs/cli.md against the argument parser, docs/configuration.md against the config schema,
docs/keys.md against every key binding; nothing points outside the repository."""

from __future__ import annotations

import argparse
import importlib
import pkgutil
import re
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
DOCS = REPO / "docs"
OPTION = re.compile(r"(?<![\w-])--[a-z][a-z0-9-]*")


def _commands():
    """(command words, parser) for every command and sub-command that takes options."""
    from kimai_tui.cli.parser import build_parser

    def walk(parser, words):
        subs = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
        if words and not subs:
            yield words, parser
        for action in subs:
            for name, child in action.choices.items():
                yield from walk(child, words + (name,))

    return list(walk(build_parser(), ()))


def _options(parser) -> set[str]:
    return {s for a in parser._actions for s in a.option_strings
            if s.startswith("--") and s != "--help"}


def _section(text: str, heading: str) -> str:
    match = re.search(rf"^### `{re.escape(heading)}`\n(.*?)(?=^#)", text + "\n#",
                      re.S | re.M)
    assert match, f"docs/cli.md has no section ### `{heading}`"
    return match.group(1)


@pytest.mark.parametrize("words, parser", _commands(), ids=lambda v: " ".join(v)
                         if isinstance(v, tuple) else "")
def test_every_command_and_option_is_documented(words, parser):
    section = _section((DOCS / "cli.md").read_text(), " ".join(words))
    documented = set(OPTION.findall(section))
    assert _options(parser) - documented == set(), "options missing from docs/cli.md"
    assert documented - _options(parser) == set(), "docs/cli.md names options that do not exist"


def test_the_global_options_are_documented():
    from kimai_tui.cli.parser import build_parser

    text = (DOCS / "cli.md").read_text()
    table = text.split("## Global options", 1)[1].split("\n## ", 1)[0]
    assert _options(build_parser()) == set(OPTION.findall(table))


def _config_keys() -> set[str]:
    """Every key the config schema knows, found by building settings from the example file
    (which has a rule of each named kind) and recording each section's known keys."""
    from kimai_tui import config_schema
    from kimai_tui.config import load_settings

    known: set[str] = set()
    original = config_schema.Section.__init__

    def recording(self, problems, node, key, line, known_keys):
        known.update(known_keys)
        original(self, problems, node, key, line, known_keys)

    config_schema.Section.__init__ = recording
    try:
        load_settings(REPO / "kimai.yaml")
        config_schema.build_settings({}, None)
    finally:
        config_schema.Section.__init__ = original
    return known


def test_every_config_key_is_documented():
    text = (DOCS / "configuration.md").read_text()
    missing = sorted(k for k in _config_keys() if f"`{k}" not in text and f".{k}`" not in text)
    assert missing == []


def _binding_ids() -> set[str]:
    import kimai_tui
    from textual.binding import Binding

    ids = set()
    names = ["kimai_tui.app"] + [m.name for m in pkgutil.walk_packages(
        kimai_tui.__path__, "kimai_tui.") if m.name.startswith(("kimai_tui.screens.",
                                                                 "kimai_tui.widgets."))]
    for name in names:
        module = importlib.import_module(name)
        for value in vars(module).values():
            for binding in getattr(value, "BINDINGS", None) or ():
                if isinstance(binding, Binding) and binding.id:
                    ids.add(binding.id)
    return ids


def test_every_key_binding_is_documented():
    text = (DOCS / "keys.md").read_text()
    ids = _binding_ids()
    assert len(ids) > 50
    assert sorted(i for i in ids if f"`{i}`" not in text) == []


@pytest.mark.parametrize("path", ["README.md", *sorted(
    str(p.relative_to(REPO)) for p in DOCS.glob("*.md"))])
def test_no_document_points_outside_the_repository(path):
    text = (REPO / path).read_text()
    assert "../shared" not in text
    for target in re.findall(r"\]\(([^)#]+)\)", text):
        if "://" not in target:
            assert (REPO / path).parent.joinpath(target).exists(), f"{path}: {target}"


def test_version():
    import contextlib
    import io

    from kimai_tui import __version__
    from kimai_tui.cli.main import run

    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert run(["--version"], {}) == 0
    assert out.getvalue() == f"kimai-tui {__version__}\n"


def test_demo_help_describes_every_option():
    from kimai_tui.cli.parser import build_parser

    demo = next(p for words, p in _commands() if words == ("demo",))
    for action in demo._actions:
        if action.option_strings and action.dest not in ("help", "json"):
            assert action.help, f"demo {action.option_strings[0]} has no help"
    assert build_parser("demo") is not None


def test_demo_refuses_to_mix_into_a_database_with_data(tmp_path):
    import contextlib
    import io

    from kimai_tui.cli.main import run

    url = "sqlite:///" + str(tmp_path / "k.sqlite")

    def cli(*args):
        err = io.StringIO()
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(err):
            return run(["--database", url, *args], {}), err.getvalue()

    assert cli("customer", "add", "Real customer") == (0, "")
    code, err = cli("demo", "--records", "10")
    assert code == 1 and "holds data already (1 customers, 0 records)" in err
    import sqlite3

    with contextlib.closing(sqlite3.connect(tmp_path / "k.sqlite")) as conn:
        assert conn.execute("SELECT COUNT(*) FROM timesheet").fetchone() == (0,)
    assert cli("demo", "--records", "10", "--force")[0] == 0
