"""The timesheet commands of cli.md, run as a user would: exit codes, errors, JSON."""

from __future__ import annotations

import json
import subprocess

import pytest

ADD = ("add", "--project", "Web", "--activity", "Dev")


def test_add_with_overflowing_duration_and_rounding_off(seeded):
    data = seeded.ok(*ADD, "--begin", "2025-03-03 08:00", "--duration", "3:143:13", "--json")
    assert data["duration"] == 19393
    assert data["running"] is False
    assert data["begin"] == "2025-03-03T08:00:00+00:00"
    assert data["end"] == "2025-03-03T13:23:13+00:00"
    assert seeded.count() == 1


def test_stopped_record_carries_rounding_and_amount(seeded):
    seeded.write_config("kimai:\n  timesheet:\n    rounding:\n      q: {begin: 15, end: 15, "
                        "duration: 0, mode: default}\n")
    seeded.ok("rate", "add", "--project", "Web", "--rate", "100")
    data = seeded.ok(*ADD, "--begin", "2025-03-03 08:07", "--end", "2025-03-03 09:52",
                     "--json")
    assert data["begin"] == "2025-03-03T08:00:00+00:00"
    assert data["end"] == "2025-03-03T10:00:00+00:00"
    assert data["duration"] == 7200
    assert data["rate"] == 200.0 and data["hourly_rate"] == 100.0
    assert data["currency"] == "EUR"


def test_json_before_or_after_the_command(seeded):
    before = seeded.run("--json", "status")
    after = seeded.run("status", "--json")
    assert before.code == after.code == 0
    assert before.json == after.json == []


@pytest.mark.parametrize("args, field", [
    (("--begin", "2025-03-03 08:00", "--duration", "2x"), "duration"),
    (("--begin", "2025-03-03 08:00", "--duration", "2h3h"), "duration"),
    (("--begin", "2025-03-03 08:00", "--duration=-2h"), "duration"),
    (("--begin", "not a time", "--duration", "1h"), "begin"),
    (("--begin", "2025-03-03 08:00", "--end", "yesterday-ish"), "end"),
])
def test_bad_input_is_one_error_line_and_writes_nothing(seeded, args, field):
    result = seeded.fails((1, 2), *ADD, *args)
    assert result.err.startswith(f"error: {field}: ")
    assert result.out == ""


def test_bad_duration_message_lists_the_formats(seeded):
    result = seeded.fails((1, 2), *ADD, "--begin", "2025-03-03 08:00", "--duration", "foo")
    assert "2:30" in result.err and "2h30m" in result.err


def test_unknown_project_is_exit_2(seeded):
    result = seeded.fails(2, "add", "--project", "Nope", "--activity", "Dev",
                          "--begin", "2025-03-03 08:00", "--duration", "1h")
    assert result.err.startswith("error: project: ")
    assert "Nope" in result.err


def test_ambiguous_project_lists_candidates_with_ids(seeded):
    seeded.ok("customer", "add", "Other")
    seeded.ok("project", "add", "Web", "--customer", "Other")
    result = seeded.fails(2, *ADD, "--begin", "2025-03-03 08:00", "--duration", "1h")
    assert "#1" in result.err and "#2" in result.err
    # --customer or #ID disambiguates.
    data = seeded.ok("add", "--project", "Web", "--customer", "Acme", "--activity", "Dev",
                     "--begin", "2025-03-03 08:00", "--duration", "1h", "--json")
    assert data["customer"] == "Acme"
    data = seeded.ok("add", "--project", "#1", "--activity", "Dev",
                     "--begin", "2025-03-04 08:00", "--duration", "1h", "--json")
    assert data["project_id"] == 1


@pytest.mark.subprocess_cli  # smoke: a real process
def test_unknown_option_is_exit_2(seeded):
    seeded.fails(2, "status", "--bogus")
    seeded.fails(2, "frobnicate")


def test_status_and_stop_when_nothing_runs(seeded):
    assert seeded.ok("status", "--json") == []
    result = seeded.fails(1, "stop")
    assert "nothing is running" in result.err
    assert seeded.run("stop", "--all").code == 0


@pytest.mark.subprocess_cli  # smoke: a real process
def test_start_status_stop(seeded):
    started = seeded.ok("start", "--project", "Web", "--activity", "Dev", "--at=-30m",
                        "--description", "on it", "--tags", "a,b", "--json")
    assert started["running"] is True and started["end"] is None
    assert 1790 <= started["duration"] <= 1900  # elapsed so far
    assert started["tags"] == ["a", "b"]
    [running] = seeded.ok("status", "--json")
    assert running["id"] == started["id"]
    stopped = seeded.ok("stop", "--json")
    assert stopped["id"] == started["id"] and stopped["running"] is False
    assert seeded.ok("status", "--json") == []


def test_relative_time_may_follow_the_option_as_its_own_word(seeded):
    # cli.md: --at accepts relative times such as -20m; users type `--at -20m`.
    data = seeded.ok("start", "--project", "Web", "--activity", "Dev", "--at", "-20m", "--json")
    assert 1190 <= data["duration"] <= 1300
    data = seeded.ok(*ADD, "--begin", "-1h30m", "--end", "-1h", "--json")
    assert data["duration"] == 1800


def test_start_with_hard_limit_1_stops_the_running_one(seeded):
    first = seeded.ok("start", "--project", "Web", "--activity", "Dev", "--at=-1h",
                      "--json")
    second = seeded.ok("start", "--project", "Web", "--activity", "Dev", "--json")
    [running] = seeded.ok("status", "--json")
    assert running["id"] == second["id"]
    shown = seeded.ok("show", str(first["id"]), "--json")
    assert shown["running"] is False and shown["end"] is not None


def test_several_running_and_no_id_is_exit_2_listing_them(seeded):
    seeded.write_config("kimai:\n  timesheet:\n    rounding: {}\n    active_entries: "
                        "{hard_limit: 3}\n")
    a = seeded.ok("start", "--project", "Web", "--activity", "Dev", "--json")
    b = seeded.ok("start", "--project", "Web", "--activity", "Dev", "--json")
    result = seeded.fails(2, "stop")
    assert f"#{a['id']}" in result.err and f"#{b['id']}" in result.err
    assert seeded.ok("stop", str(a["id"]), "--json")["running"] is False
    assert [r["id"] for r in seeded.ok("status", "--json")] == [b["id"]]
    assert len(seeded.ok("stop", "--all", "--json")) == 1


def test_show_edit_restart_delete(seeded):
    made = seeded.ok(*ADD, "--begin", "2025-03-03 08:00", "--duration", "1h",
                     "--description", "first", "--tags", "x", "--json")
    rid = str(made["id"])
    assert seeded.ok("show", rid, "--json") == made
    edited = seeded.ok("edit", rid, "--description", "second", "--json")
    assert edited["description"] == "second" and edited["tags"] == ["x"]
    assert edited["duration"] == 3600  # only the options given change
    restarted = seeded.ok("restart", rid, "--json")
    assert restarted["running"] and restarted["description"] == "second"
    assert restarted["tags"] == ["x"] and restarted["id"] != made["id"]
    assert seeded.ok("delete", rid, "--json") == {"deleted": made["id"]}
    seeded.fails(2, "show", rid)
    assert seeded.count() == 1


def test_show_of_a_missing_record_reveals_nothing(seeded):
    result = seeded.fails((2, 3), "show", "4242")
    assert "4242" in result.err


def test_edit_to_an_invalid_state_writes_nothing(seeded):
    made = seeded.ok(*ADD, "--begin", "2025-03-03 08:00", "--duration", "1h", "--json")
    seeded.fails(1, "edit", str(made["id"]), "--end", "2025-03-03 07:00")


def test_list_filters(seeded):
    seeded.ok("customer", "add", "Globex")
    seeded.ok("project", "add", "App", "--customer", "Globex")
    seeded.ok("activity", "add", "Design", "--project", "App")
    a = seeded.ok(*ADD, "--begin", "2025-03-01 08:00", "--duration", "1h",
                  "--description", "alpha report", "--tags", "red", "--json")["id"]
    b = seeded.ok(*ADD, "--begin", "2025-03-02 08:00", "--duration", "1h",
                  "--description", "beta", "--tags", "blue", "--meta", "location=home",
                  "--json")["id"]
    c = seeded.ok("add", "--project", "App", "--activity", "Design", "--begin",
                  "2025-03-03 08:00", "--duration", "1h", "--description", "gamma report",
                  "--json")["id"]
    d = seeded.ok("start", "--project", "App", "--activity", "Design", "--json")["id"]

    def ids(*args):
        return [r["id"] for r in seeded.ok("list", *args, "--json")]

    assert ids() == [d, c, b, a]  # newest first
    assert ids("--from", "2025-03-02", "--to", "2025-03-02") == [b]
    assert ids("--from", "2025-03-02") == [d, c, b]
    assert ids("--to", "2025-03-02") == [b, a]
    assert ids("--customer", "Globex") == [d, c]
    assert ids("--project", "Web") == [b, a]
    assert ids("--tag", "red") == [a]
    assert ids("--state", "running") == [d]
    assert ids("--state", "stopped") == [c, b, a]
    assert ids("--search", "report") == [c, a]
    assert ids("--search", "location:home") == [b]
    assert ids("--limit", "2") == [d, c]
    seeded.ok("user", "add", "alice")
    e = seeded.ok("--as", "alice", *ADD, "--begin", "2025-03-05 08:00", "--duration", "1h",
                  "--json")["id"]
    assert e not in ids()
    assert e in ids("--all-users")
    assert ids("--user", "alice") == [e]
    seeded.fails(2, "list", "--limit", "0")
    seeded.fails(2, "list", "--customer", "Nobody")


def test_plain_user_sees_no_rates_and_not_others_records(seeded):
    seeded.ok("rate", "add", "--project", "Web", "--rate", "100")
    seeded.ok("user", "add", "alice")
    mine = seeded.ok(*ADD, "--begin", "2025-03-03 08:00", "--duration", "1h", "--json")
    theirs = seeded.ok("--as", "alice", *ADD, "--begin", "2025-03-03 08:00", "--duration",
                       "1h", "--json")
    assert "rate" not in theirs and "currency" not in theirs
    assert seeded.ok("--as", "alice", "list", "--all-users", "--json") == [theirs]
    seeded.fails((2, 3), "--as", "alice", "show", str(mine["id"]))
    seeded.fails((2, 3), "--as", "alice", "delete", str(mine["id"]))
    result = seeded.fails(3, "--as", "alice", *ADD, "--begin", "2025-03-04 08:00",
                          "--duration", "1h", "--hourly-rate", "999")
    assert result.err.startswith("error: ")


@pytest.mark.subprocess_cli  # smoke: a real process
def test_control_sequences_and_markup_are_inert_in_tables(seeded):
    nasty = "[bold]B[/bold] \x1b[31mRED\x1b[0m \x9b2J \x1b]8;;http://evil\x07link\x1b]8;;\x07"
    record = ("--begin", "2025-03-03 08:00", "--duration", "1h")
    error = seeded.fails(1, *ADD, *record, "--description", nasty).err  # new text: refused
    assert error.startswith("error: description: description contains ESC (\\x1b)"), error
    seeded.ok(*ADD, *record, "--description", "plain", "--tags", "[red]t[/red]")
    # What older or imported records may hold: shown inert all the same.
    seeded.sql("UPDATE timesheet SET description = ? WHERE id = 1", nasty)
    for args in (("list",), ("show", "1"), ("status",), ("list", "--json"), ("show", "1",
                                                                            "--json")):
        result = seeded.run(*args)
        assert result.code == 0, result
        out = result.out
        assert "\x1b" not in out and "\x07" not in out and "\x9b" not in out, args
    table = seeded.ok("list").out
    assert "[bold]B[/bold]" in table and "[red]t[/red]" in table  # shown as typed text
    assert seeded.ok("show", "1", "--json")["description"] == nasty  # JSON keeps the data


@pytest.mark.subprocess_cli  # smoke: a real process
def test_export_csv_and_mark_exported(seeded):
    seeded.ok("user", "add", "alice")
    rid = seeded.ok("--as", "alice", *ADD, "--begin", "2025-03-03 08:00", "--duration", "1h",
                    "--description", "=1+1", "--json")["id"]
    out = seeded.ok("export", "--all-users", "--mark-exported").out
    header, row = out.strip().splitlines()
    assert header.startswith("Date,From,To,Duration,Currency,Price,")
    assert "' =1+1" in row
    assert seeded.ok("show", str(rid), "--json")["exported"] is True
    seeded.fails(1, "--as", "alice", "edit", str(rid), "--description", "late")
    seeded.fails(1, "--as", "alice", "delete", str(rid))
    plain = seeded.ok("--as", "alice", "export").out.splitlines()[0]
    assert plain.startswith("Date,From,To,Duration,Name,User,")


def test_hostile_search_is_data(seeded):
    seeded.ok(*ADD, "--begin", "2025-03-03 08:00", "--duration", "1h", "--description", "100%")
    seeded.ok(*ADD, "--begin", "2025-03-04 08:00", "--duration", "1h", "--description", "plain")

    def found(text):
        result = seeded.run("list", "--search", text, "--json")
        assert result.code == 0, result
        return [r["description"] for r in result.json]

    for text in ("'; DROP TABLE timesheet; --", "_", "location:'", "') OR 1=1 --"):
        assert found(text) == [], text
    assert found("%") == found("0%") == ["100%"]
    assert found("x--:~") == ["plain", "100%"]  # no such field: missing everywhere
    assert found("x'--:~") == []  # not a field name: a plain term
    assert seeded.count() == 2


@pytest.mark.parametrize("args", [
    ("show", "abc"), ("edit", "99", "--description", "x"), ("delete", "99"), ("restart", "99"),
    ("stop", "99"),
])
def test_bad_or_missing_record_ids(seeded, args):
    result = seeded.fails((2, 3), *args)
    assert result.out == ""


def test_relative_sqlite_path_is_refused(seeded):
    result = seeded.run("--database", "sqlite:///relative.sqlite", "status")
    assert result.code == 2 and result.err.startswith("error: database: ")


def test_start_after_a_rounded_stop_is_no_overlap(seeded):
    """Issue 14 item 2, replayed through the CLI: with one-minute rounding and no
    overlapping records, a stop billed until 12:33 does not block a start at 12:32:40."""
    seeded.write_config("kimai:\n  timesheet:\n    rounding:\n      m: {begin: 1, end: 1, "
                        "duration: 0, mode: default}\n    rules:\n"
                        "      allow_overlapping_records: false\n"
                        "      allow_future_times: false\n")
    seeded.ok("start", "--project", "Web", "--activity", "Dev", "--at", "2025-03-03 12:00:10")
    stopped = seeded.ok("stop", "--at", "2025-03-03 12:32:20", "--json")
    [stopped] = stopped if isinstance(stopped, list) else [stopped]
    assert stopped["end"] == "2025-03-03T12:33:00+00:00"
    assert stopped["actual_end"] == "2025-03-03T12:32:20+00:00"
    again = seeded.ok("start", "--project", "Web", "--activity", "Dev", "--at",
                      "2025-03-03 12:32:40", "--json")
    assert again["begin"] == "2025-03-03T12:32:40+00:00" and again["running"]
    seeded.ok("stop", "--at", "2025-03-03 12:35:05")
    # The real clock: start, stop, start within the minute.
    seeded.ok("start", "--project", "Web", "--activity", "Dev")
    seeded.ok("stop")
    seeded.ok("start", "--project", "Web", "--activity", "Dev")
    assert seeded.count() == 4


def test_a_stop_is_saved_with_a_warning_past_the_long_running_limit(seeded):
    """Issue 14 item 5: a stop is never refused by the long-running rule; it is said on
    stderr and the record is tagged for review."""
    seeded.write_config("kimai:\n  timesheet:\n    rounding: {}\n    rules:\n"
                        "      long_running_duration: 60\n")
    seeded.ok("start", "--project", "Web", "--activity", "Dev", "--at", "-2h")
    result = seeded.run("stop", "--json")
    assert result.code == 0, result
    assert result.err.startswith("warning: record #1: duration: A record may not be longer")
    assert "long-running" in result.json["tags"]


def test_a_customer_is_not_replaced_across_currencies(seeded):
    seeded.ok("customer", "edit", "Acme", "--currency", "PHP")
    seeded.ok("customer", "add", "Down Under", "--currency", "AUD")
    seeded.ok(*ADD, "--begin", "2025-03-03 08:00", "--duration", "1h")
    result = seeded.fails(1, "customer", "delete", "Acme", "--replace-with", "Down Under")
    assert "PHP" in result.err and "AUD" in result.err
    assert seeded.count() == 1


def test_a_bare_end_time_is_on_the_begin_day(seeded):
    """`--end 17:00` belongs to the record's day, as in the TUI's editor: not today's 17:00
    (a record begun last March would otherwise last for months)."""
    data = seeded.ok(*ADD, "--begin", "2025-03-03 09:00", "--end", "17:00", "--json")
    assert data["end"] == "2025-03-03T17:00:00+00:00"
    assert data["duration"] == 8 * 3600
    night = seeded.ok(*ADD, "--begin", "2025-03-04 22:00", "--end", "02:00", "--json")
    assert night["end"] == "2025-03-05T02:00:00+00:00"  # before the begin: the next day


def test_edit_with_a_bare_end_time_keeps_the_stored_day(seeded):
    data = seeded.ok(*ADD, "--begin", "2025-03-03 09:00", "--end", "10:00", "--json")
    edited = seeded.ok("edit", str(data["id"]), "--end", "12:30", "--json")
    assert edited["begin"] == "2025-03-03T09:00:00+00:00"
    assert edited["end"] == "2025-03-03T12:30:00+00:00"
    moved = seeded.ok("edit", str(data["id"]), "--begin", "2025-03-05 08:00", "--end", "9:15",
                      "--json")
    assert moved["end"] == "2025-03-05T09:15:00+00:00"


@pytest.mark.subprocess_cli  # a real process: main() ends it without the interpreter's teardown
def test_what_a_command_prints_arrives_whole_through_a_pipe_and_into_a_file(cli):
    """The process ends right after a command (issue 18: no teardown); what it printed must
    all be there first, with Python's own block buffering (PYTHONUNBUFFERED, set on some
    machines, would hide a lost buffer): a short table, JSON of 3,000 records through the
    pipe, and the same records as CSV on standard output redirected into a file."""
    cli.ok("demo", "--records", "3000", "--users", "3")
    env = {k: v for k, v in cli.env.items() if k != "PYTHONUNBUFFERED"}

    def run(*args, **kw):
        return subprocess.run(cli.argv(*args), cwd=cli.dir, env=env, timeout=120, **kw)

    short = run("whoami", capture_output=True, text=True)
    assert short.returncode == 0 and "username" in short.stdout and "database" in short.stdout
    listed = run("list", "--all-users", "--from", "2000-01-01", "--limit", "5000", "--json",
                 capture_output=True, text=True)
    assert listed.returncode == 0 and len(json.loads(listed.stdout)) == 3000
    target = cli.dir / "records.csv"
    with open(target, "wb") as handle:
        assert run("export", "--all-users", "--from", "2000-01-01", stdout=handle).returncode == 0
    lines = target.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 3001 and lines[-1].count(",") == lines[0].count(",")


def test_a_bare_end_far_before_the_begin_asks_for_the_date(seeded):
    """12:20 to 12:00 is a slip, not 23:40 of work: refused, naming the next day's date; a
    night shift (22:00 to 02:00) still ends the next day (see above)."""
    data = seeded.ok(*ADD, "--begin", "2025-03-03 12:20", "--end", "13:00", "--json")
    result = seeded.fails(2, "edit", str(data["id"]), "--end", "12:00")
    assert "before the begin" in result.err and "2025-03-04 12:00" in result.err
    assert seeded.ok("show", str(data["id"]), "--json")["end"] == "2025-03-03T13:00:00+00:00"
