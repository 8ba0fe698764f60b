"""Support staff's commands through the command line, in-process (issue "For support
staff"): favourites (add, list, start --favorite, delete) and their errors."""

from __future__ import annotations

from inprocess_support import office  # noqa: F401  (the fixture)


def test_favourites_from_fields_and_from_a_record(office):
    office.ok("--as", "ana", "favorite", "add", "SLA", "--project", "SLA", "--activity",
              "Support", "--description", "tickets", "--tags", "phone")
    started = office.ok("--as", "ana", "start", "--favorite", "sla", "--json")
    assert (started["description"], started["tags"]) == ("tickets", ["phone"])
    office.ok("--as", "ana", "stop")
    kept = office.ok("--as", "ana", "favorite", "add", "again", "--record", str(started["id"]),
                     "--json")
    assert kept[0]["key"] == 2 and kept[0]["label"] == "Kaesim / SLA / Support"
    listed = office.ok("--as", "ana", "favorite", "list", "--json")
    assert [f["name"] for f in listed] == ["SLA", "again"]
    assert office.ok("--as", "maria", "favorite", "list", "--json") == []  # her own only
    office.ok("--as", "ana", "favorite", "delete", "SLA")
    assert [f["name"] for f in office.ok("--as", "ana", "favorite", "list", "--json")] == [
        "again"]


def test_favourite_errors_say_what_is_accepted(office):
    code, _, err = office.cli("--as", "ana", "start", "--favorite", "none")
    assert code == 2 and "no favourite named 'none'" in err
    code, _, err = office.cli("--as", "ana", "start")
    assert code == 2 and "--project is required (or --favorite NAME)" in err
    office.ok("--as", "ana", "favorite", "add", "SLA", "--project", "SLA", "--activity",
              "Support")
    code, _, err = office.cli("--as", "ana", "favorite", "add", "sla", "--project", "SLA",
                              "--activity", "Support")
    assert code == 1 and "name" in err
    code, _, err = office.cli("--as", "ana", "start", "--favorite", "SLA", "--project", "SLA")
    assert code == 2 and "drop --project" in err
    assert office.count() == 0


def test_days_by_name_on_the_command_line(office):
    record = office.ok("--as", "ana", "add", "--project", "SLA", "--activity", "Support",
                       "--begin", "yesterday 9:00", "--end", "yesterday 10:30", "--json")
    assert record["duration"] == 5400
    code, _, err = office.cli("--as", "ana", "start", "--project", "SLA", "--activity",
                              "Support", "--at", "someday 9:00")
    assert code in (1, 2) and "monday 9:00" in err and office.count() == 1


def test_a_status_line_for_a_status_bar(office):
    office.ok("user", "edit", "maria", "--hourly-rate", "120")
    assert office.ok("--as", "maria", "status", "--format", "{activity}", "--idle",
                     "no timer") == "no timer\n"
    office.ok("--as", "maria", "start", "--project", "SLA", "--activity", "Support",
              "--description", "printer", "--at", "-90m")
    line = office.ok("--as", "maria", "status", "--format",
                     "{activity}: {description} {elapsed} {amount} {currency}")
    # 90 minutes and the second or two the commands took, at 120 an hour
    assert line.startswith("Support: printer 1:30 180.0") and line.endswith(" PHP\n"), line
    office.ok("--as", "ana", "start", "--project", "SLA", "--activity", "Support",
              "--at", "-10m")
    assert office.ok("--as", "ana", "status", "--format", "{elapsed} [{amount}]") == \
        "0:10 []\n"  # ana may not see rates: no amount
    for bad in ("{activity.__class__}", "{nope}", "{activity!r}", "{elapsed:>10}", "{"):
        code, _, err = office.cli("--as", "ana", "status", "--format", bad)
        assert code == 2 and ("{activity}" in err or "braces" in err), (bad, err)


def test_interrupt_and_return_on_the_command_line(office):
    office.ok("--as", "ana", "start", "--project", "SLA", "--activity", "Support",
              "--description", "report", "--at", "-30m")
    call = office.ok("--as", "ana", "interrupt", "--project", "SLA", "--activity", "Support",
                     "--description", "phone", "--json")
    assert call["description"] == "phone" and call["end"] is None
    back = office.ok("--as", "ana", "return", "--json")
    assert back["description"] == "report" and back["end"] is None
    code, _, err = office.cli("--as", "ana", "return")
    assert code == 1 and "no interruption" in err
    assert office.count() == 3


def test_status_warns_of_a_forgotten_timer_on_stderr(office):
    office.ok("--as", "ana", "start", "--project", "SLA", "--activity", "Support", "--at",
              "yesterday 08:00")
    code, out, err = office.cli("--as", "ana", "status", "--json")
    assert code == 0 and len(__import__("json").loads(out)) == 1  # stdout stays JSON
    assert "looks forgotten" in err and "kimai-tui stop" in err


def test_pause_resume_and_a_typed_break_on_the_command_line(office):
    office.ok("--as", "ana", "start", "--project", "SLA", "--activity", "Support", "--at",
              "-60m")
    paused = office.ok("--as", "ana", "pause", "--json")
    assert paused["paused"] is True
    code, _, err = office.cli("--as", "ana", "pause")
    assert code == 1 and "paused already" in err
    resumed = office.ok("--as", "ana", "resume", "--json")
    assert "paused" not in resumed
    added = office.ok("--as", "ana", "add", "--project", "SLA", "--activity", "Support",
                      "--begin", "yesterday 9:00", "--end", "yesterday 12:00", "--break",
                      "0:45", "--json")
    assert added["duration"] == 8100 and added["break"] == 2700
    edited = office.ok("--as", "ana", "edit", str(added["id"]), "--break", "1:00", "--json")
    assert edited["duration"] == 7200
    code, _, err = office.cli("--as", "ana", "edit", str(added["id"]), "--break", "4:00")
    assert code == 1 and "break" in err


def test_a_paused_timer_looks_paused_outside_the_tui(office):
    office.ok("--as", "ana", "start", "--project", "SLA", "--activity", "Support", "--at",
              "-30m")
    office.ok("--as", "ana", "pause")
    assert "paused" in office.ok("--as", "ana", "status")
    assert office.ok("--as", "ana", "status", "--format", "{state}") == "paused\n"
