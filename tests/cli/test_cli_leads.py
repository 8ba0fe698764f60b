"""The team leads' commands through the command line, in-process (issue "For team leads"):
review, week show/set and the approval steps, exit codes and JSON."""

from __future__ import annotations

from inprocess_support import office  # noqa: F401  (the fixture)


SET = ["week", "set", "--project", "SLA", "--activity", "Support", "--description", "tickets"]


def test_week_set_show_and_the_review_of_the_same_days(office):
    office.ok("--as", "ana", *SET, "--day", "2026-11-02", "--duration", "7:30")
    office.ok("--as", "maria", *SET, "--user", "ana", "--day", "2026-11-03", "--duration", "2:00")
    week = office.ok("--as", "ana", "week", "--week", "2026-W45", "--json")
    (row,) = week["rows"]
    assert row["days"][:3] == [27000, 7200, 0] and week["duration"] == 34200
    queue = office.ok("--as", "maria", "review", "--from", "2026-11-02", "--to", "2026-11-04",
                      "--json")
    found = {(i["user"], i["kind"], i["day"]) for i in queue["items"]}
    assert ("ana", "no_time", "2026-11-04") in found
    assert not any(u == "ana" and d in ("2026-11-02", "2026-11-03") for u, _, d in found)
    assert all(i["user"] in ("ana", "maria") for i in queue["items"])  # not olga's otto
    code, _, err = office.cli("--as", "ana", "review")
    assert code == 3 and "review" in err
    code, _, err = office.cli("--as", "maria", *SET, "--user", "otto", "--day", "2026-11-02",
                              "--duration", "1")
    assert code in (1, 2, 3) and office.count() == 2  # otto is olga's: nothing written


def test_approval_steps_and_the_lock(office):
    office.ok("--as", "ana", *SET, "--day", "2026-11-02", "--duration", "8h")
    submitted = office.ok("--as", "ana", "week", "submit", "--week", "2026-W45", "--json")
    assert submitted["status"] == "submitted"
    status = office.ok("--as", "maria", "week", "status", "--week", "2026-W45", "--json")
    assert {"user": "ana", "week": "2026-11-02", "status": "submitted"} in status
    code, _, err = office.cli("--as", "maria", "week", "reject", "--user", "ana", "--week",
                              "2026-W45")
    assert code != 0 and "comment" in err
    approved = office.ok("--as", "maria", "week", "approve", "--user", "ana", "--week",
                         "2026-W45", "--comment", "ok", "--json")
    assert [h["status"] for h in approved["history"]] == ["submitted", "approved"]
    code, _, err = office.cli("--as", "ana", *SET, "--day", "2026-11-03", "--duration", "1h")
    assert code == 1 and "approved and locked" in err and office.count() == 1
    code, _, _ = office.cli("--as", "maria", "week", "reopen", "--user", "ana", "--week",
                            "2026-W45")
    assert code == 3  # admins only
    office.ok("week", "reopen", "--user", "ana", "--week", "2026-W45")
    office.ok("--as", "ana", *SET, "--day", "2026-11-03", "--duration", "1h")
    assert office.count() == 2
