"""Issue #6 item 4: hostile input. Hypothesis properties and fuzzing of durations, times,
search terms, kimai.yaml, custom fields, and every command-line option (in-process).

Examples per property: 150 by default, 2000 with KIMAI_RELIABILITY_FULL=1. Each test prints
how many inputs it tried and how many failures it found.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import sqlite3
import string
from datetime import datetime, timedelta, timezone

import pytest
from dateutil import tz as dateutil_tz
from hypothesis import HealthCheck, assume, given, settings, strategies as st

from kt_rel_support import FULL, figures

# Module-scoped fixtures build one world: its tests share one pytest-xdist worker.
pytestmark = pytest.mark.xdist_group("test_hostile_input")

N = 2000 if FULL else 150
FUZZ = settings(max_examples=N, deadline=None, derandomize=not FULL,
                suppress_health_check=list(HealthCheck))
NOW = datetime(2026, 11, 2, 9, 0, tzinfo=timezone.utc)
BERLIN = dateutil_tz.gettz("Europe/Berlin")
COUNTS: dict[str, int] = {}

# Text that hurts: controls, escapes, markup, bidi, SQL and LIKE metacharacters, huge numbers.
NASTY = ["\x1b[31m", "\x1b]8;;http://x\x07", "\x9b", "\x00", "[bold]", "[/]", "\u202e",
         "'", '"', "%", "_", "\\", ";--", "' OR 1=1 --", "9" * 40, "-", ":", "::", "~", "*",
         "!", "1e309", "nan", "inf", "\n", "\t", "\r", "２", "٣", "\u00a0", "𝟘"]
nasty_text = st.one_of(st.text(max_size=40),
                       st.lists(st.sampled_from(NASTY) | st.text(max_size=5),
                                max_size=6).map("".join))


def _tick(name: str) -> None:
    COUNTS[name] = COUNTS.get(name, 0) + 1


@pytest.fixture(scope="module", autouse=True)
def _print_counts():
    yield
    figures("hostile-input", **COUNTS)


# --- durations ----------------------------------------------------------------------------

@FUZZ
@given(st.one_of(nasty_text, st.from_regex(r"\A[0-9hms:.,\- ]{0,14}\Z")))
def test_durations_parse_or_refuse_cleanly(text):
    from kimai_tui.rules.durations import DurationError, parse_duration

    _tick("durations")
    try:
        seconds = parse_duration(text)
    except DurationError as exc:
        assert str(exc)
        return
    assert isinstance(seconds, int) and 0 <= seconds <= 366 * 86400


@FUZZ
@given(st.integers(0, 10_000), st.integers(0, 59), st.integers(0, 59))
def test_duration_formats_agree(h, m, s):
    from kimai_tui.rules.durations import parse_duration

    _tick("duration-formats")
    total = h * 3600 + m * 60 + s
    assume(total <= 365 * 86400)
    assert parse_duration(f"{h}:{m:02d}:{s:02d}") == total
    assert parse_duration(f"{h}h{m}m{s}s") == total
    assert parse_duration(str(total)) == total


# --- times ---------------------------------------------------------------------------------

@FUZZ
@given(nasty_text)
def test_times_parse_or_refuse_cleanly(text):
    from kimai_tui.rules.errors import KimaiError
    from kimai_tui.services.inputs import form_times, parse_end, parse_time

    _tick("times")
    try:
        value = parse_time(text, "begin", BERLIN, NOW)
        assert value.tzinfo is not None
    except KimaiError:
        pass
    try:
        end = parse_end(text, NOW, BERLIN, NOW)
        assert end.tzinfo is not None
    except KimaiError:
        pass
    times = form_times(text, text, text, True, BERLIN, NOW)
    assert isinstance(times.errors, dict)
    if not times.errors:
        assert times.begin.tzinfo is not None


@FUZZ
@given(st.datetimes(min_value=datetime(1971, 1, 1), max_value=datetime(2099, 12, 31)))
def test_typed_times_round_trip(moment):
    from kimai_tui.services.inputs import parse_time

    _tick("time-roundtrip")
    moment = moment.replace(microsecond=0)
    got = parse_time(moment.strftime("%Y-%m-%d %H:%M:%S"), "begin", BERLIN, NOW)
    # Wall-clock times in the DST gap move forward; everything else keeps its local time.
    if dateutil_tz.datetime_exists(moment, BERLIN):
        assert got.replace(tzinfo=None) == moment


# --- kimai.yaml ----------------------------------------------------------------------------

yaml_scalar = st.one_of(st.none(), st.booleans(), st.integers(-10**20, 10**20),
                        st.floats(allow_nan=True), nasty_text)
yaml_keys = st.sampled_from(["database", "security", "kimai", "custom_fields", "tui",
                             "timesheet", "rounding", "rates", "rules", "active_entries",
                             "trusted_operators", "timesheet", "defaults", "x", "mode"]) | nasty_text
yaml_doc = st.recursive(yaml_scalar, lambda children: st.lists(children, max_size=4)
                        | st.dictionaries(yaml_keys, children, max_size=4), max_leaves=12)


@FUZZ
@given(st.one_of(yaml_doc.map(lambda d: __import__("json").dumps(d, default=str)),
                 nasty_text,
                 st.sampled_from(["kimai: {timesheet: {rounding: {a: {days: [x]}}}}",
                                  "a: &x [*x]", "!!python/object:os.system {}",
                                  "kimai:\n  timesheet:\n    mode: ''\n", "- - - -",
                                  "custom_fields: {timesheet: {'a b': {type: string}}}",
                                  "tui: {keymap: {timer.start: '\x1b'}}"])))
def test_random_kimai_yaml_loads_or_reports(tmp_path_factory, text):
    from kimai_tui.config import ConfigError, ConfigErrors, load_settings

    _tick("yaml")
    path = tmp_path_factory.getbasetemp() / "fuzz.yaml"
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    try:
        load_settings(path)
    except (ConfigError, ConfigErrors) as exc:
        for problem in getattr(exc, "errors", [exc]):
            assert str(problem)


# --- search and custom fields against a real database -------------------------------------

@pytest.fixture(scope="module")
def search_db(tmp_path_factory):
    from kimai_tui.data import catalogue, db, users
    from kimai_tui.services import timesheets
    from kimai_tui.services.context import Context
    from kimai_tui.services.record_save import RecordChanges
    from kimai_tui.settings import CustomField, CustomFields, Settings
    from dataclasses import replace

    url = "sqlite:///" + str(tmp_path_factory.mktemp("search") / "k.sqlite")
    database = db.connect(url)
    uid = users.create({"username": "alice", "roles": "ROLE_SUPER_ADMIN", "timezone": "UTC"})
    c = catalogue.create("customer", {"name": "Acme"})
    p = catalogue.create("project", {"name": "Web", "customer": c})
    a = catalogue.create("activity", {"name": "Dev", "project": p})
    fields = ("location", "ticket")
    s = replace(Settings(), custom_fields=CustomFields(
        timesheet=tuple(CustomField(name=n, label=n) for n in fields)))
    ctx = Context(s, database, users.get(uid), lambda: NOW)
    descriptions = ["plain", "100% done", "under_score", "back\\slash", "quote ' and \"",
                    "UPPER lower", "x' OR '1'='1", "semi;colon", "ünïcödé", ""]
    for i, d in enumerate(descriptions):
        timesheets.create(ctx, RecordChanges(
            project_id=p, activity_id=a, begin=NOW - timedelta(days=i + 1), duration=600,
            description=d, meta={"location": d, "ticket": f"T-{i}%_"}))
    yield ctx, descriptions
    database.close()


@FUZZ
@given(nasty_text)
def test_search_terms_are_data_never_sql(search_db, text):
    from kimai_tui.queries import RecordFilter
    from kimai_tui.rules.search import parse_search
    from kimai_tui.services import timesheets

    _tick("search")
    ctx, _ = search_db
    before = sqlite3.connect(ctx.database.database).execute(
        "SELECT count(*) FROM timesheet").fetchone()
    timesheets.listing(ctx, RecordFilter(search=parse_search(text)), limit=100)
    # Field terms with any name, including names that are not declared.
    timesheets.listing(ctx, RecordFilter(search=parse_search(f"{text}:{text} loc:{text}")))
    after = sqlite3.connect(ctx.database.database).execute(
        "SELECT count(*) FROM timesheet").fetchone()
    assert before == after


@FUZZ
@given(st.text(alphabet=string.ascii_letters + string.digits + "%_\\'\";-", min_size=1,
               max_size=6))
def test_search_matches_a_substring_oracle(search_db, term):
    from kimai_tui.queries import RecordFilter
    from kimai_tui.rules.search import SearchQuery
    from kimai_tui.services import timesheets

    _tick("search-oracle")
    ctx, descriptions = search_db
    got = sorted(r.description for r in timesheets.listing(
        ctx, RecordFilter(search=SearchQuery((term,), (), ())), limit=100))
    want = sorted(d for d in descriptions if term.lower() in d.lower())
    assert got == want
    from kimai_tui.rules.search import FieldTerm, CONTAINS
    got = sorted(r.description for r in timesheets.listing(ctx, RecordFilter(
        search=SearchQuery((), (), (FieldTerm("location", CONTAINS, term, False),))), limit=100))
    assert got == want


@FUZZ
@given(st.lists(st.tuples(nasty_text, nasty_text), max_size=4))
def test_custom_field_names_and_values(search_db, pairs):
    from kimai_tui.rules.errors import KimaiError
    from kimai_tui.services.inputs import parse_meta

    _tick("custom-fields")
    ctx, _ = search_db
    items = [f"{k}={v}" for k, v in pairs]
    try:
        meta = parse_meta(items, ctx.settings.custom_fields.timesheet, "timesheet")
    except KimaiError:
        return
    assert set(meta) <= {"location", "ticket"}


# --- every command-line option, in-process ------------------------------------------------

def _option_table():
    """{(command, action): [option strings]} from the real parser."""
    from kimai_tui.cli.parser import build_parser

    table = {}

    def walk(parser, path):
        subs = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
        opts = [s for a in parser._actions for s in a.option_strings if s.startswith("--")
                and s != "--help"]
        if not subs:
            table[path] = opts
        for sub in subs:
            for name, child in sub.choices.items():
                walk(child, path + (name,))
    walk(build_parser(), ())
    return table


OPTIONS = _option_table()
VALUES = st.one_of(nasty_text, st.sampled_from(
    ["Web", "Dev", "Acme", "#1", "#999999", "alice", "2026-11-02 08:00", "now", "-20m", "2:30",
     "yes", "no", "auto", "ROLE_ADMIN", "ROLE_CUSTOMER", "Europe/Berlin", "EUR", "#ff0000",
     "1.5", "0", "-1", "csv", "json", "month", "lifetime", "location=x", "running", "1"]))


@st.composite
def argv_strategy(draw):
    path = draw(st.sampled_from(sorted(p for p in OPTIONS if p and p[0] != "demo")))
    argv = list(path)
    for _ in range(draw(st.integers(0, 5))):
        choice = draw(st.integers(0, 9))
        if choice == 0 or not OPTIONS[path]:
            argv.append(draw(VALUES))  # a positional (an ID, a name) or garbage
        else:
            argv.append(draw(st.sampled_from(OPTIONS[path])))
            if draw(st.integers(0, 5)):
                argv.append(draw(VALUES))
    if draw(st.booleans()):
        argv.insert(draw(st.integers(0, len(argv))), "--json")
    return argv


@pytest.fixture(scope="module")
def cli_home(tmp_path_factory):
    from kimai_tui.cli.main import run

    home = tmp_path_factory.mktemp("cli")
    config = home / "kimai.yaml"
    config.write_text("custom_fields:\n  timesheet:\n    location: {type: string}\n")
    url = "sqlite:///" + str(home / "k.sqlite")
    base = ["--config", str(config), "--database", url]
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        for args in (["customer", "add", "Acme"], ["project", "add", "Web", "--customer", "Acme"],
                     ["activity", "add", "Dev", "--project", "Web"],
                     ["user", "add", "alice"],
                     ["add", "--project", "Web", "--activity", "Dev", "--begin",
                      "2026-11-02 08:00", "--duration", "1:00"]):
            assert run(base + args) == 0, args
    return home, base


def _row_counts(db_file) -> dict:
    conn = sqlite3.connect(db_file)
    try:
        names = [r[0] for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type='table' ORDER BY name")]
        return {n: conn.execute(f'SELECT count(*) FROM "{n}"').fetchone()[0] for n in names}
    finally:
        conn.close()


@settings(max_examples=N * 4, deadline=None, derandomize=not FULL,
          suppress_health_check=list(HealthCheck))
@given(argv_strategy())
def test_every_cli_option_with_hostile_values(cli_home, monkeypatch_module, argv):
    from kimai_tui.cli.main import run

    _tick("cli-argv")
    home, base = cli_home
    argv = [a if a != "--output" else "--output" for a in argv]
    if "--output" in argv:  # never write outside the sandbox
        i = argv.index("--output")
        argv[i + 1:i + 2] = [str(home / "out.csv")]
    before = _row_counts(home / "k.sqlite")
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = run(base + argv)
        except SystemExit as exc:  # --help
            code = exc.code or 0
    stderr = err.getvalue()
    assert code in (0, 1, 2, 3), (argv, code, stderr)
    assert "Traceback" not in stderr and "Traceback" not in out.getvalue(), (argv, stderr)
    if code != 0:
        _tick("cli-argv-refused")
        lines = stderr.strip().splitlines()
        assert lines and all(line.startswith("error: ") for line in lines), (argv, stderr)
        assert _row_counts(home / "k.sqlite") == before, (argv, "a refused command wrote")


@pytest.fixture(scope="module")
def monkeypatch_module():
    """Keep the in-process CLI off the real terminal (no TUI, no colour)."""
    mp = pytest.MonkeyPatch()
    mp.setenv("NO_COLOR", "1")
    mp.delenv("KIMAI_TUI_CONFIG", raising=False)
    yield mp
    mp.undo()


@pytest.mark.parametrize("argv", [["rate", "delete", "--customer", ""],
                                  ["rate", "list", "--project", ""],
                                  ["rate", "add", "--activity", "", "--rate", "5"]])
def test_rate_with_an_empty_entity_name_is_a_usage_error(cli_home, argv):
    from kimai_tui.cli.main import run

    home, base = cli_home
    err = io.StringIO()
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(err):
        try:
            code = run(base + argv)
        except StopIteration:
            code = "StopIteration (a traceback)"
    assert code == 2, code
    assert err.getvalue().startswith("error: ")


def test_a_tag_with_a_non_ascii_capital_can_be_used_twice(cli_home):
    from kimai_tui.cli.main import run

    home, base = cli_home
    codes = []
    for _ in range(2):
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
            try:
                codes.append(run(base + ["add", "--project", "Web", "--activity", "Dev",
                                         "--begin", "2026-11-03 08:00", "--duration", "1:00",
                                         "--tags", "Überstunden"]))
            except Exception as exc:  # the bug: IntegrityError, a traceback for the user
                codes.append(f"{type(exc).__name__}")
    assert codes == [0, 0], codes
