"""kimai.yaml: lookup, loading, validation and description (../shared/spec/config.md)."""

from __future__ import annotations

import dataclasses
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from kimai_tui.config import (ConfigError, ConfigErrors, describe_settings, find_config_path,
                              load_settings)
from kimai_tui.settings import (ALL_DAYS, CustomField, RateFactor, RoundingRule, Settings)

REPO = Path(__file__).resolve().parent.parent


def write(tmp_path: Path, text: str, name: str = "kimai.yaml") -> Path:
    path = tmp_path / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def load(tmp_path: Path, text: str) -> Settings:
    return load_settings(write(tmp_path, text))


def errors(tmp_path: Path, text: str) -> list[ConfigError]:
    with pytest.raises(ConfigErrors) as info:
        load(tmp_path, text)
    assert info.value.errors, "ConfigErrors without errors"
    return info.value.errors


def one_error(tmp_path: Path, text: str) -> ConfigError:
    errs = errors(tmp_path, text)
    assert len(errs) == 1, [str(e) for e in errs]
    return errs[0]


# --- defaults ------------------------------------------------------------------------------------

def test_no_path_gives_the_built_in_defaults():
    s = load_settings(None)
    assert s == Settings()
    assert s.database is None and s.source is None
    assert s.kimai.timesheet.rounding == (RoundingRule(),)
    assert s.kimai.timesheet.rounding[0].days == ALL_DAYS
    assert s.kimai.timesheet.rates == ()
    assert s.kimai.defaults.customer.currency == "EUR"
    assert s.tui.refresh_seconds == 1.0


@pytest.mark.parametrize("text", ["", "\n\n", "# only a comment\n  # and another\n", "---\n"])
def test_empty_or_comment_only_file_gives_defaults(tmp_path, text):
    s = load(tmp_path, text)
    assert dataclasses.replace(s, source=None) == Settings()
    assert s.source == str(tmp_path / "kimai.yaml")


def test_null_sections_mean_defaults(tmp_path):
    s = load(tmp_path, "security:\nkimai:\n  timesheet:\n    rounding:\ntui:\n")
    assert dataclasses.replace(s, source=None) == Settings()


# --- every key -----------------------------------------------------------------------------------

FULL = """\
    database: postgresql://kimai@db.example/kimai
    security:
      trusted_operators: [kimai, svc]
    kimai:
      defaults:
        customer: {currency: AUD, timezone: Australia/Sydney, color: "#1D70b8"}
        user: {timezone: Asia/Manila, hourly_rate: 445.5, time_format: 12h}
      timesheet:
        mode: duration_only
        default_begin: "7:30"
        markdown_content: true
        active_entries: {soft_limit: 2, hard_limit: 3}
        rounding:
          weekend: {days: [Saturday, SUNDAY], begin: 0, end: 0, duration: 60, mode: closest}
          quarter: {days: [monday], begin: 15, end: 15, duration: 0, mode: ceil}
        rates:
          weekend: {days: [saturday, sunday], factor: 1.5}
          sunday: {days: [sunday], factor: 2}
        rules:
          allow_future_times: false
          allow_zero_duration: false
          allow_overlapping_records: false
          allow_overbooking_budget: false
          long_running_duration: 480
          lockdown_period_start: first day of last month
          lockdown_period_end: last day of last month 23:59:59
          lockdown_grace_period: +5 days
          lockdown_period_timezone: Europe/Berlin
    custom_fields:
      timesheet:
        location: {type: string, label: Location}
        _ticket2: {}
      customer:
        expired: {type: checkbox, label: Contract expired}
      project:
        budget_code: {type: integer}
      activity:
        url: {type: url, label: Link}
    tui:
      theme: nord
      keymap: {timer.start: "s,f5", quit: ctrl+q}
      refresh_seconds: 0.5
    """


def test_every_key_is_parsed(tmp_path):
    s = load(tmp_path, FULL)
    assert s.database == "postgresql://kimai@db.example/kimai"
    assert s.security.trusted_operators == ("kimai", "svc")
    c, u = s.kimai.defaults.customer, s.kimai.defaults.user
    assert (c.currency, c.timezone, c.color) == ("AUD", "Australia/Sydney", "#1D70b8")
    assert (u.timezone, u.hourly_rate, u.time_format) == ("Asia/Manila", "445.5", "12h")
    ts = s.kimai.timesheet
    assert (ts.mode, ts.default_begin, ts.markdown_content) == ("duration_only", "07:30", True)
    assert (ts.active_entries.soft_limit, ts.active_entries.hard_limit) == (2, 3)
    assert ts.rounding == (
        RoundingRule("weekend", frozenset({5, 6}), 0, 0, 60, "closest"),
        RoundingRule("quarter", frozenset({0}), 15, 15, 0, "ceil"),
    )
    assert ts.rates == (RateFactor("weekend", frozenset({5, 6}), "1.5"),
                        RateFactor("sunday", frozenset({6}), "2"))
    r = ts.rules
    assert not (r.allow_future_times or r.allow_zero_duration or r.allow_overlapping_records
                or r.allow_overbooking_budget)
    assert r.long_running_duration == 480
    assert r.lockdown_period_start == "first day of last month"
    assert r.lockdown_period_end == "last day of last month 23:59:59"
    assert r.lockdown_grace_period == "+5 days"
    assert r.lockdown_period_timezone == "Europe/Berlin"
    cf = s.custom_fields
    assert cf.timesheet == (CustomField("location", "string", "Location"),
                            CustomField("_ticket2", "string", ""))
    assert cf.for_kind("customer") == (CustomField("expired", "checkbox", "Contract expired"),)
    assert cf.project == (CustomField("budget_code", "integer", ""),)
    assert cf.activity == (CustomField("url", "url", "Link"),)
    assert s.tui.theme == "nord"
    assert s.tui.keymap == (("timer.start", "s,f5"), ("quit", "ctrl+q"))
    assert s.tui.refresh_seconds == 0.5
    assert all(type(x) is str for x in (c.currency, c.timezone, s.tui.theme, ts.mode))


def test_sqlite_database_url(tmp_path):
    s = load(tmp_path, "database: sqlite:////var/lib/kimai-tui/kimai.sqlite\n")
    assert s.database == "sqlite:////var/lib/kimai-tui/kimai.sqlite"
    assert load(tmp_path, "database: null\n").database is None


def test_given_rounding_replaces_the_default_rule(tmp_path):
    s = load(tmp_path, "kimai: {timesheet: {rounding: {weekend: {days: [saturday]}}}}\n")
    assert s.kimai.timesheet.rounding == (RoundingRule("weekend", frozenset({5})),)


def test_empty_rounding_mapping_means_no_rounding(tmp_path):
    assert load(tmp_path, "kimai: {timesheet: {rounding: {}}}\n").kimai.timesheet.rounding == ()


@pytest.mark.parametrize("alias, mode", [("time_clock", "punch"),
                                         ("duration_fixed_start", "duration_fixed_begin"),
                                         ("punch", "punch"), ("default", "default")])
def test_tracking_mode_aliases_are_normalised(tmp_path, alias, mode):
    assert load(tmp_path, f"kimai: {{timesheet: {{mode: {alias}}}}}\n").kimai.timesheet.mode == mode


def test_factor_and_hourly_rate_are_decimal_strings(tmp_path):
    s = load(tmp_path, """\
        kimai:
          defaults: {user: {hourly_rate: 75}}
          timesheet: {rates: {a: {days: [monday], factor: 1.50}, b: {days: [friday], factor: 1e1}}}
        """)
    assert s.kimai.defaults.user.hourly_rate == "75"
    assert [r.factor for r in s.kimai.timesheet.rates] == ["1.5", "10"]


# --- the example ---------------------------------------------------------------------------------

def test_the_example_kimai_yaml_loads():
    s = load_settings(REPO / "kimai.yaml")
    assert s.database is None  # commented out: the XDG data dir is used
    assert s.kimai.defaults.customer.currency == "PHP"
    assert s.kimai.defaults.customer.timezone == "Asia/Manila"
    weekend = [r for r in s.kimai.timesheet.rounding if r.name == "weekend"]
    assert weekend == [RoundingRule("weekend", frozenset({5, 6}), 1, 1, 60, "closest")]
    assert [f.name for f in s.custom_fields.timesheet] == ["location", "ticket"]
    assert s.custom_fields.customer == (CustomField("expired", "checkbox", "Contract expired"),)


def test_the_example_names_every_key_of_the_spec():
    text = (REPO / "kimai.yaml").read_text()
    for key in ("database:", "trusted_operators:", "currency:", "timezone:", "color:",
                "hourly_rate:", "time_format:", "mode:", "default_begin:", "markdown_content:",
                "soft_limit:", "hard_limit:", "rounding:", "rates:", "allow_future_times:",
                "allow_zero_duration:", "allow_overlapping_records:", "allow_overbooking_budget:",
                "long_running_duration:", "lockdown_period_start:", "lockdown_period_end:",
                "lockdown_grace_period:", "lockdown_period_timezone:", "custom_fields:",
                "theme:", "keymap:", "refresh_seconds:"):
        assert key in text, key


# --- unknown keys --------------------------------------------------------------------------------

def test_unknown_key_names_file_line_key_and_suggestion(tmp_path):
    err = one_error(tmp_path, """\
        kimai:
          defaults:
            customer:
              currency: PHP
              timezon: Asia/Manila
        """)
    assert err.path == str(tmp_path / "kimai.yaml")
    assert err.line == 5
    assert err.key == "kimai.defaults.customer.timezon"
    assert 'did you mean "timezone"' in err.message
    assert str(err) == f"{err.path}:5: kimai.defaults.customer.timezon: {err.message}"


def test_unknown_top_level_key_and_nested_rule_key(tmp_path):
    errs = errors(tmp_path, """\
        databse: null
        kimai:
          timesheet:
            rounding:
              weekend: {days: [saturday], durration: 60}
        """)
    assert [(e.line, e.key) for e in errs] == [
        (1, "databse"), (5, "kimai.timesheet.rounding.weekend.durration")]
    assert 'did you mean "database"' in errs[0].message
    assert 'did you mean "duration"' in errs[1].message


def test_unknown_key_without_near_match_lists_known_keys(tmp_path):
    err = one_error(tmp_path, "tui:\n  zzzzqqq: 1\n")
    assert err.line == 2 and "theme, keymap, refresh_seconds" in err.message


def test_every_problem_is_reported_one_per_line(tmp_path):
    with pytest.raises(ConfigErrors) as info:
        load(tmp_path, "tui:\n  theme: 3\n  refresh_seconds: 0\nsecurity: {trusted_operators: x}\n")
    lines = str(info.value).splitlines()
    assert len(lines) == 3 and len(info.value) == 3
    assert [e.line for e in info.value] == [2, 3, 4]
    assert all(line.startswith(str(tmp_path / "kimai.yaml") + ":") for line in lines)


# --- wrong types ---------------------------------------------------------------------------------

@pytest.mark.parametrize("text, line, key, expected", [
    ("kimai: {timesheet: {markdown_content: yes}}", 1, "kimai.timesheet.markdown_content",
     "expected a boolean (true or false)"),
    ("kimai:\n  timesheet:\n    rules:\n      allow_future_times: 1\n", 4,
     "kimai.timesheet.rules.allow_future_times", "expected a boolean"),
    ("kimai: {timesheet: {active_entries: {hard_limit: true}}}", 1,
     "kimai.timesheet.active_entries.hard_limit", "expected an integer >= 1"),
    ("kimai: {timesheet: {active_entries: {soft_limit: 0}}}", 1,
     "kimai.timesheet.active_entries.soft_limit", "expected an integer >= 1"),
    ("kimai: {timesheet: {active_entries: {soft_limit: 3, hard_limit: 2}}}", 1,
     "kimai.timesheet.active_entries.soft_limit", "greater than hard_limit"),
    ("kimai:\n  timesheet:\n    rounding:\n      weekend:\n        mode: round\n", 5,
     "kimai.timesheet.rounding.weekend.mode", "expected one of default, floor, ceil, closest"),
    ("kimai: {timesheet: {rounding: {w: {begin: -5}}}}", 1,
     "kimai.timesheet.rounding.w.begin", "expected an integer >= 0"),
    ("kimai: {timesheet: {rounding: {w: {duration: 1.5}}}}", 1,
     "kimai.timesheet.rounding.w.duration", "expected an integer >= 0"),
    ("kimai: {timesheet: {rounding: [default]}}", 1, "kimai.timesheet.rounding",
     "expected a mapping of names to rules"),
    ("kimai: {timesheet: {rates: {w: {days: [monday], factor: 0}}}}", 1,
     "kimai.timesheet.rates.w.factor", "expected a number > 0"),
    ("kimai: {timesheet: {rates: {w: {days: [monday], factor: '1.5'}}}}", 1,
     "kimai.timesheet.rates.w.factor", "expected a number > 0"),
    ("kimai: {timesheet: {rates: {w: {days: [monday]}}}}", 1,
     "kimai.timesheet.rates.w.factor", "missing"),
    ("kimai: {timesheet: {mode: stopwatch}}", 1, "kimai.timesheet.mode", "expected one of"),
    ("kimai: {timesheet: {default_begin: '25:00'}}", 1, "kimai.timesheet.default_begin",
     'expected "now" or a time HH:MM'),
    ("kimai: {timesheet: {rules: {long_running_duration: '8h'}}}", 1,
     "kimai.timesheet.rules.long_running_duration", "expected an integer >= 0"),
    ("kimai: {timesheet: {rules: {lockdown_period_start: 5}}}", 1,
     "kimai.timesheet.rules.lockdown_period_start", "expected a string"),
    ("kimai: {defaults: {user: {time_format: 24}}}", 1, "kimai.defaults.user.time_format",
     "expected a string"),
    ("kimai: {defaults: {user: {time_format: 25h}}}", 1, "kimai.defaults.user.time_format",
     "expected one of 24h, 12h"),
    ("kimai: {defaults: {user: {hourly_rate: -1}}}", 1, "kimai.defaults.user.hourly_rate",
     "expected a number >= 0"),
    ("kimai: {defaults: {customer: {currency: Peso}}}", 1, "kimai.defaults.customer.currency",
     "ISO 4217"),
    ("kimai: {defaults: {customer: {color: red}}}", 1, "kimai.defaults.customer.color",
     "#RRGGBB"),
    ("kimai: {defaults: [customer]}", 1, "kimai.defaults", "expected a mapping, got a list"),
    ("security:\n  trusted_operators: [kimai, 7]\n", 2, "security.trusted_operators",
     "expected a non-empty string"),
    ("tui: {theme: ''}", 1, "tui.theme", "non-empty string"),
    ("tui: {keymap: [a, b]}", 1, "tui.keymap", "expected a mapping of binding id to keys"),
    ("tui:\n  keymap:\n    timer.start: 5\n", 3, "tui.keymap.timer.start",
     "non-empty string of keys"),
    ("tui: {refresh_seconds: 0}", 1, "tui.refresh_seconds", "> 0 and <= 3600"),
    ("tui: {refresh_seconds: 3601}", 1, "tui.refresh_seconds", "> 0 and <= 3600"),
    ("tui: {refresh_seconds: .inf}", 1, "tui.refresh_seconds", "> 0 and <= 3600"),
    ("tui: {refresh_seconds: fast}", 1, "tui.refresh_seconds", 'got a string "fast"'),
    ("custom_fields: {timesheet: {location: {type: varchar}}}", 1,
     "custom_fields.timesheet.location.type", "expected one of string, text"),
    ("custom_fields: {invoice: {}}", 1, "custom_fields.invoice", "unknown key"),
    ("custom_fields:\n  timesheet:\n    'bad name': {}\n", 3,
     "custom_fields.timesheet.bad name", "custom field name"),
    ("custom_fields: {timesheet: {'1st': {}}}", 1, "custom_fields.timesheet.1st",
     "custom field name"),
    ("custom_fields: {timesheet: {Location: {}, location: {}}}", 1,
     "custom_fields.timesheet.location", "same name"),
])
def test_wrong_values_name_the_expected_type(tmp_path, text, line, key, expected):
    err = one_error(tmp_path, text + "\n")
    assert (err.line, err.key) == (line, key), str(err)
    assert expected in err.message, str(err)


def test_too_long_custom_field_name(tmp_path):
    ok = "a" * 64
    assert load(tmp_path, f"custom_fields: {{timesheet: {{{ok}: {{}}}}}}\n")
    err = one_error(tmp_path, f"custom_fields: {{timesheet: {{{ok}b: {{}}}}}}\n")
    assert "custom field name" in err.message


@pytest.mark.parametrize("url", ["sqlite:///:memory:", "sqlite:///relative/kimai.sqlite",
                                 "mysql://kimai@db/kimai", "kimai.sqlite", "postgresql://"])
def test_bad_database_urls(tmp_path, url):
    err = one_error(tmp_path, f"database: '{url}'\n")
    assert (err.line, err.key) == (1, "database")


def test_bad_weekday_points_at_the_list_item(tmp_path):
    err = one_error(tmp_path, """\
        kimai:
          timesheet:
            rates:
              weekend:
                days:
                  - saturday
                  - sundy
                factor: 1.5
        """)
    assert (err.line, err.key) == (7, "kimai.timesheet.rates.weekend.days")
    assert '"sundy" is not an English weekday name; did you mean "sunday"?' in err.message


@pytest.mark.parametrize("days, expected", [
    ("saturday", "expected a list of weekday names"),
    ("[]", "at least one weekday"),
    ("[sat]", 'did you mean "saturday"'),
    ("[1]", "not an English weekday name"),
])
def test_bad_weekdays(tmp_path, days, expected):
    err = one_error(tmp_path, f"kimai: {{timesheet: {{rounding: {{w: {{days: {days}}}}}}}}}\n")
    assert err.key == "kimai.timesheet.rounding.w.days" and expected in err.message


@pytest.mark.parametrize("zone, hint", [("Asia/Manilla", 'did you mean "Asia/Manila"'),
                                        ("asia/manila", 'did you mean "Asia/Manila"'),
                                        ("Mars/Olympus", ""), ("/etc/passwd", ""),
                                        ("../../etc/passwd", "")])
def test_bad_timezone(tmp_path, zone, hint):
    errs = errors(tmp_path, f"""\
        kimai:
          defaults:
            user: {{timezone: "{zone}"}}
            customer:
              timezone: UTC
          timesheet: {{rules: {{lockdown_period_timezone: "{zone}"}}}}
        """)
    assert [(e.line, e.key) for e in errs] == [
        (3, "kimai.defaults.user.timezone"), (6, "kimai.timesheet.rules.lockdown_period_timezone")]
    assert all("IANA timezone" in e.message and hint in e.message for e in errs)


# --- broken files --------------------------------------------------------------------------------

def test_syntax_error_reports_ruamels_line(tmp_path):
    err = one_error(tmp_path, "kimai:\n  timesheet:\n    mode: [punch\n  rules: {}\n")
    assert err.line is not None and 3 <= err.line <= 5
    assert "YAML syntax error" in err.message
    assert str(err).startswith(str(tmp_path / "kimai.yaml") + f":{err.line}: ")


def test_bad_indentation_is_a_config_error(tmp_path):
    err = one_error(tmp_path, "tui:\n  theme: nord\n    refresh_seconds: 2\n")
    assert err.line == 3


def test_duplicate_keys_are_an_error(tmp_path):
    err = one_error(tmp_path, "tui:\n  theme: nord\n  theme: dracula\n")
    assert err.line == 3 and "duplicate key" in err.message and "theme" in err.message


@pytest.mark.parametrize("text", ["- a\n- b\n", "just a string\n", "42\n"])
def test_top_level_must_be_a_mapping(tmp_path, text):
    err = one_error(tmp_path, text)
    assert err.line == 1 and "top level must be a mapping" in err.message


def test_unreadable_and_non_utf8_files(tmp_path):
    with pytest.raises(ConfigErrors) as info:
        load_settings(tmp_path / "missing.yaml")
    assert "cannot read" in str(info.value)
    bad = tmp_path / "latin1.yaml"
    bad.write_bytes(b"tui: {theme: \xe9t\xe9}\n")
    with pytest.raises(ConfigErrors) as info:
        load_settings(bad)
    assert "UTF-8" in str(info.value)


def test_python_tags_are_not_constructed(tmp_path):
    err = one_error(tmp_path, "tui: {theme: !!python/object/apply:os.system ['true']}\n")
    assert err.key == "tui.theme" or "YAML" in err.message


# --- describe ------------------------------------------------------------------------------------

def test_describe_lists_every_key_with_defaults():
    text = describe_settings(Settings())
    for key in ("database: null", "trusted_operators: []", "currency: EUR", "timezone: UTC",
                "color: null", "hourly_rate: 0", 'time_format: "24h"', "mode: default",
                "default_begin: now", "markdown_content: false", "soft_limit: 1",
                "hard_limit: 1", "rounding:", "days: [monday, tuesday, wednesday, thursday, "
                "friday, saturday, sunday]", "rates: {}", "allow_future_times: true",
                "long_running_duration: 0", "lockdown_period_timezone: null",
                "custom_fields:", "theme: textual-dark", "keymap: {}", "refresh_seconds: 1.0"):
        assert key in text, key
    assert text == describe_settings(Settings())


@pytest.mark.parametrize("source", ["full", "example", "defaults", "no rounding"])
def test_describe_reads_back_to_the_same_settings(tmp_path, source):
    if source == "full":
        s = load(tmp_path, FULL)
    elif source == "example":
        s = load_settings(REPO / "kimai.yaml")
    elif source == "no rounding":
        s = load(tmp_path, "kimai: {timesheet: {rounding: {}}}\n")
    else:
        s = Settings()
    again = load_settings(write(tmp_path, describe_settings(s), "described.yaml"))
    assert dataclasses.replace(again, source=s.source) == s


# --- lookup order --------------------------------------------------------------------------------

@pytest.fixture
def places(tmp_path):
    cwd, xdg, home = tmp_path / "cwd", tmp_path / "xdg", tmp_path / "home"
    for d in (cwd, xdg / "kimai-tui", home / ".config" / "kimai-tui"):
        d.mkdir(parents=True)
    return cwd, xdg, home


def test_lookup_order(places, tmp_path):
    cwd, xdg, home = places
    explicit = write(tmp_path, "", "explicit.yaml")
    from_env = write(tmp_path, "", "env.yaml")
    write(cwd, "")  # ./kimai.yaml: never looked at (cli.md, "Global options")
    user = write(xdg / "kimai-tui", "")
    (tmp_path / "etc").mkdir()
    system = write(tmp_path / "etc", "")
    env = {"KIMAI_TUI_CONFIG": str(from_env), "XDG_CONFIG_HOME": str(xdg), "HOME": str(home)}
    assert find_config_path(str(explicit), env, cwd, system) == explicit
    assert find_config_path(None, env, cwd, system) == from_env
    del env["KIMAI_TUI_CONFIG"]
    assert find_config_path(None, env, cwd, system) == user
    user.unlink()
    assert find_config_path(None, env, cwd, system) == system
    system.unlink()
    assert find_config_path(None, env, cwd, system) is None


def test_a_kimai_yaml_in_the_current_directory_is_never_used(places, tmp_path):
    """Finding 4: a file planted in a shared directory redirected another user's records."""
    cwd, xdg, home = places
    write(cwd, "database: sqlite:////tmp/planted.sqlite\n")
    env = {"XDG_CONFIG_HOME": str(xdg), "HOME": str(home)}
    assert find_config_path(None, env, cwd, tmp_path / "no-etc.yaml") is None


@pytest.mark.parametrize("what, mode", [("file", 0o666), ("file", 0o620),
                                        ("directory", 0o777), ("directory", 0o775)])
def test_a_config_others_may_write_is_refused(tmp_path, what, mode):
    folder = tmp_path / "conf"
    folder.mkdir()
    path = write(folder, "kimai: {}\n")
    os.chmod(path if what == "file" else folder, mode)
    with pytest.raises(ConfigError) as info:
        find_config_path(str(path), {}, tmp_path)
    assert "refused" in str(info.value) and "others may write" in str(info.value)


def test_a_sticky_shared_directory_is_accepted_for_ones_own_file(tmp_path):
    folder = tmp_path / "tmp-like"
    folder.mkdir()
    os.chmod(folder, 0o1777)
    path = write(folder, "kimai: {}\n")
    os.chmod(path, 0o644)
    assert find_config_path(str(path), {}, tmp_path) == path


def test_a_config_owned_by_another_account_is_refused(tmp_path):
    if os.geteuid() != 0:
        pytest.skip("needs root to give the file to another account (chown)")
    path = write(tmp_path, "kimai: {}\n")
    os.chmod(path, 0o644)
    os.chown(path, 4242, -1)
    with pytest.raises(ConfigError) as info:
        find_config_path(str(path), {}, tmp_path)
    assert "belongs to another account (uid 4242)" in str(info.value)


def test_xdg_config_home_defaults_to_home_dot_config(places):
    cwd, _, home = places
    user = write(home / ".config" / "kimai-tui", "")
    assert find_config_path(None, {"HOME": str(home)}, cwd) == user
    # empty or relative XDG_CONFIG_HOME is ignored, as the XDG spec says
    assert find_config_path(None, {"HOME": str(home), "XDG_CONFIG_HOME": ""}, cwd) == user
    assert find_config_path(None, {"HOME": str(home), "XDG_CONFIG_HOME": "rel"}, cwd) == user


def test_relative_explicit_path_is_taken_from_cwd(places):
    cwd, _, home = places
    mine = write(cwd, "", "mine.yaml")
    assert find_config_path("mine.yaml", {"HOME": str(home)}, cwd) == mine


@pytest.mark.parametrize("how", ["explicit", "env"])
def test_missing_named_config_is_an_error(places, how):
    cwd, _, home = places
    write(cwd, "")  # a ./kimai.yaml must not be used instead
    env = {"HOME": str(home)}
    if how == "env":
        env["KIMAI_TUI_CONFIG"] = str(cwd / "nope.yaml")
    with pytest.raises(ConfigError) as info:
        find_config_path(str(cwd / "nope.yaml") if how == "explicit" else None, env, cwd)
    assert info.value.key == ("--config" if how == "explicit" else "KIMAI_TUI_CONFIG")
    assert "no such file" in str(info.value) and info.value.errors == [info.value]


def test_directory_as_config_is_an_error(places):
    cwd, _, home = places
    with pytest.raises(ConfigError):
        find_config_path(str(cwd), {"HOME": str(home)}, cwd)


# --- start-up cost -------------------------------------------------------------------------------

def test_importing_config_does_not_import_ruamel():
    code = ("import sys, kimai_tui.config; "
            "print(sorted(m for m in sys.modules if m.startswith(('ruamel', 'dateutil'))))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         cwd=REPO, check=True).stdout
    assert out.strip() == "[]"


# --- limits and secrets (issue: the shared server is safe, findings 8 and 9) -----------------

def test_an_alias_bomb_is_refused_quickly(tmp_path):
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    for i in range(1, 12):  # 10**12 values once expanded
        lines.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i-1}"] * 10) + "]")
    lines.append("kimai: {defaults: {user: {timezone: *a11}}}")
    path = write(tmp_path, "\n".join(lines) + "\n")
    with pytest.raises(ConfigErrors) as info:
        load_settings(path)
    assert "alias bomb" in str(info.value)


def test_a_huge_config_file_is_refused(tmp_path):
    path = write(tmp_path, "# " + "x" * (1 << 20) + "\nkimai: {}\n")
    with pytest.raises(ConfigErrors) as info:
        load_settings(path)
    assert "at most 1,048,576" in str(info.value)


def test_a_few_ordinary_aliases_still_load(tmp_path):
    path = write(tmp_path, textwrap.dedent("""\
        kimai:
          timesheet:
            rounding:
              weekdays: {days: &work [monday, tuesday, wednesday, thursday, friday], begin: 15}
            rates:
              late: {days: *work, factor: 1.25}
        """))
    settings = load_settings(path)
    assert settings.kimai.timesheet.rates[0].days == frozenset(range(5))


def test_describe_masks_the_database_password(tmp_path):
    path = write(tmp_path, "database: postgresql://kimai:s3cr%40t@db.example:5432/kimai\n")
    text = describe_settings(load_settings(path))
    assert "s3cr" not in text and "postgresql://kimai:***@db.example:5432/kimai" in text


@pytest.mark.parametrize("text, expected", [
    ("postgresql://u:pw@h/db", "postgresql://u:***@h/db"),
    ("cannot connect to postgresql://u:p@ss:w@h:5/db: refused", "cannot connect to "
     "postgresql://u:***@h:5/db: refused"),
    ("dbname=k user=u password=hunter2 host=h", "dbname=k user=u password=*** host=h"),
    ("PGPASSWORD='a b' psql", "PGPASSWORD=*** psql"),
    ("sqlite:////var/lib/kimai.sqlite", "sqlite:////var/lib/kimai.sqlite"),
])
def test_redact(text, expected):
    from kimai_tui.redact import redact

    assert redact(text) == expected
