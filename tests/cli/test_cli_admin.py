"""Identity, setup checks, catalogue, rate and user commands of cli.md."""

from __future__ import annotations

import pytest

ADD = ("add", "--project", "Web", "--activity", "Dev")


# --- identity ------------------------------------------------------------------------------

@pytest.mark.subprocess_cli  # smoke: a real process
def test_first_use_bootstraps_the_os_login_as_super_admin(cli):
    import pwd
    import os

    login = pwd.getpwuid(os.getuid()).pw_name
    data = cli.ok("whoami", "--json")
    assert data["username"] == login
    assert data["roles"] == ["ROLE_SUPER_ADMIN"]
    assert data["database"] == cli.database
    assert "timezone" in data and data["teams"] == []
    table = cli.ok("whoami").out
    assert login in table and "ROLE_SUPER_ADMIN" in table


@pytest.mark.subprocess_cli  # smoke: a real process
def test_user_env_vars_do_not_change_identity(cli):
    cli.ok("user", "add", "alice")
    cli.env.update(USER="alice", LOGNAME="alice")
    assert cli.ok("whoami", "--json")["username"] != "alice"


def test_as_by_super_admin(cli):
    cli.ok("user", "add", "alice", "--role", "ROLE_USER", "--alias", "Alice A")
    data = cli.ok("--as", "alice", "whoami", "--json")
    assert data["username"] == "alice" and data["roles"] == ["ROLE_USER"]


def test_unknown_os_account_gets_exit_3_with_instructions(cli):
    cli.ok("init", "--admin", "someoneelse")
    result = cli.fails(3, "whoami")
    assert "user add" in result.err


def test_as_by_a_non_trusted_account_is_exit_3(cli):
    cli.ok("init", "--admin", "someoneelse")
    result = cli.fails(3, "--as", "someoneelse", "whoami")
    assert "trusted" in result.err
    assert result.out == ""


def test_trusted_operator_from_config_may_use_as(cli):
    import os
    import pwd

    login = pwd.getpwuid(os.getuid()).pw_name
    cli.ok("init", "--admin", "someoneelse")
    cli.write_config(f"kimai:\n  timesheet:\n    rounding: {{}}\nsecurity:\n"
                     f"  trusted_operators: [{login}]\n")
    assert cli.ok("--as", "someoneelse", "whoami", "--json")["username"] == "someoneelse"


def test_as_unknown_user_is_exit_3(cli):
    cli.ok("whoami")
    cli.fails(3, "--as", "ghost", "whoami")


def test_disabled_user_cannot_act(cli):
    cli.ok("user", "add", "alice")
    cli.ok("user", "edit", "alice", "--disable")
    cli.fails(3, "--as", "alice", "status")
    cli.ok("user", "edit", "alice", "--enable")
    assert cli.ok("--as", "alice", "status", "--json") == []


# --- config check --------------------------------------------------------------------------

def test_config_check_good_file(cli):
    result = cli.ok("config", "check")
    assert "OK" in result.out and "rounding" in result.out
    assert str(cli.config) in result.out


@pytest.mark.subprocess_cli  # smoke: a real process
def test_config_check_bad_file_names_file_and_line(cli):
    cli.write_config("kimai:\n  timesheet:\n    roundng: {}\n")
    result = cli.run("config", "check")
    assert result.code == 1
    assert f"{cli.config}:3:" in result.err
    assert "rounding" in result.err  # the nearest known key


def test_config_check_wrong_type(cli):
    cli.write_config("kimai:\n  timesheet:\n    active_entries: {hard_limit: many}\n")
    result = cli.run("config", "check")
    assert result.code == 1 and f"{cli.config}:3:" in result.err


@pytest.mark.subprocess_cli  # smoke: a real process
def test_repository_kimai_yaml_is_not_picked_up_without_config(cli):
    """With no --config, no ./kimai.yaml and empty XDG dirs: built-in defaults."""
    cli.config.unlink()
    result = cli.run("config", "check", config=False)
    assert result.code == 0, result
    assert "built-in defaults" in result.out
    assert "PHP" not in result.out


def test_missing_config_file_is_an_error(cli):
    cli.config.unlink()
    result = cli.run("status")
    assert result.code != 0 and result.err.startswith("error: ")


# --- catalogue -----------------------------------------------------------------------------

def test_customer_add_list_show_edit(cli):
    data = cli.ok("customer", "add", "Acme", "--number", "C-1", "--currency", "usd",
                  "--color", "#AABBCC", "--budget", "1000", "--time-budget", "20:00",
                  "--budget-type", "month", "--vat-id", "V1", "--json")
    assert data["currency"] == "USD" and data["color"] == "#aabbcc"
    assert data["budget"] == 1000.0 and data["time_budget"] == 72000
    assert data["budget_type"] == "month" and data["vat_id"] == "V1"
    [listed] = cli.ok("customer", "list", "--json")
    assert listed["id"] == data["id"] and listed["budget_used"] == 0.0
    edited = cli.ok("customer", "edit", "acme", "--name", "Acme Ltd", "--visible", "no",
                    "--json")
    assert edited["name"] == "Acme Ltd" and edited["visible"] is False
    assert cli.ok("customer", "list", "--json") == []
    assert [c["name"] for c in cli.ok("customer", "list", "--visible", "both", "--json")] == [
        "Acme Ltd"]
    shown = cli.ok("customer", "show", "#1", "--json")
    assert shown["records"] == 0 and shown["name"] == "Acme Ltd"


@pytest.mark.parametrize("args, code", [
    (("customer", "add", "X", "--currency", "euro"), (1, 2)),
    (("customer", "add", "X", "--color", "red"), (1, 2)),
    (("customer", "add", "X", "--budget", "lots"), (1, 2)),
    (("customer", "add", "X", "--timezone", "Mars/Olympus"), (1, 2)),
    (("project", "add", "P"), 2),
    (("project", "add", "P", "--customer", "Nobody"), 2),
    (("project", "add", "P", "--customer", "Acme", "--start", "2026-02-30"), (1, 2)),
    (("activity", "add", "A", "--project", "Nowhere"), 2),
    (("customer", "add", "Acme"), 1),
])
def test_catalogue_bad_input_writes_nothing(cli, args, code):
    cli.ok("customer", "add", "Acme")
    cli.fails(code, *args)


def test_project_and_activity_commands(cli):
    cli.seed()
    project = cli.ok("project", "add", "Mobile", "--customer", "Acme", "--start", "2026-01-01",
                     "--end", "2026-12-31", "--global-activities", "no", "--json")
    assert project["start_date"] == "2026-01-01" and project["global_activities"] is False
    assert {p["name"] for p in cli.ok("project", "list", "--json")} == {"Web", "Mobile"}
    assert [p["name"] for p in cli.ok("project", "list", "--customer", "Acme", "--search",
                                      "mob", "--json")] == ["Mobile"]
    glob = cli.ok("activity", "add", "Meeting", "--json")
    assert glob["project_id"] is None
    assert {a["name"] for a in cli.ok("activity", "list", "--json")} == {"Dev", "Meeting"}
    assert [a["name"] for a in cli.ok("activity", "list", "--project", "Web", "--json")] == [
        "Dev"]
    edited = cli.ok("activity", "edit", "Meeting", "--comment", "weekly", "--json")
    assert edited["comment"] == "weekly"
    cli.ok(*ADD, "--begin", "2025-03-03 08:00", "--duration", "1:30")
    shown = cli.ok("project", "show", "Web", "--json")
    assert shown["records"] == 1 and shown["duration"] == 5400


def test_delete_unused_used_replace_and_cascade(cli):
    cli.seed()
    cli.ok("activity", "add", "Spare", "--project", "Web")
    cli.ok("activity", "add", "Unused")
    assert cli.ok("activity", "delete", "Unused", "--json")["deleted"]
    cli.ok(*ADD, "--begin", "2025-03-03 08:00", "--duration", "1h")
    refused = cli.fails(1, "activity", "delete", "Dev")
    assert "1 record," in refused.err and "1:00" in refused.err
    cli.fails(2, "customer", "delete", "Acme", "--cascade")  # needs --yes
    moved = cli.ok("activity", "delete", "Dev", "--replace-with", "Spare", "--json")
    assert moved["records"] == 1
    assert cli.ok("list", "--json")[0]["activity"] == "Spare"
    cli.ok("customer", "delete", "Acme", "--cascade", "--yes")
    assert cli.count() == 0
    assert cli.ok("project", "list", "--visible", "both", "--json") == []


def test_rate_add_list_delete(cli):
    cli.seed()
    cli.ok("user", "add", "alice")
    rules = cli.ok("rate", "add", "--project", "Web", "--rate", "100", "--json")
    assert [(r["user"], r["rate"], r["fixed"]) for r in rules] == [(None, 100.0, False)]
    rules = cli.ok("rate", "add", "--project", "Web", "--user", "alice", "--rate", "80",
                   "--internal-rate", "50", "--json")
    assert {(r["user"], r["rate"]) for r in rules} == {(None, 100.0), ("alice", 80.0)}
    rules = cli.ok("rate", "add", "--project", "Web", "--rate", "120", "--fixed", "--json")
    assert len(rules) == 2 and {r["rate"] for r in rules} == {120.0, 80.0}
    assert len(cli.ok("rate", "list", "--project", "Web", "--json")) == 2
    alice = cli.ok("--as", "alice", *ADD, "--begin", "2025-03-03 08:00", "--duration", "2h",
                   "--json")
    root = cli.ok(*ADD, "--begin", "2025-03-03 08:00", "--duration", "2h", "--json")
    assert root["rate"] == 120.0  # the fixed catch-all
    assert cli.ok("show", str(alice["id"]), "--json")["rate"] == 160.0  # alice's own rule
    rules = cli.ok("rate", "delete", "--project", "Web", "--user", "alice", "--json")
    assert [r["user"] for r in rules] == [None]
    cli.fails(1, "rate", "delete", "--project", "Web", "--user", "alice")
    cli.fails(2, "rate", "add", "--project", "Web")  # --rate is required
    cli.fails(3, "--as", "alice", "rate", "add", "--project", "Web", "--rate", "1")


def test_user_commands(cli):
    data = cli.ok("user", "add", "alice", "--alias", "Alice", "--email", "a@x.org",
                  "--role", "teamlead", "--timezone", "Asia/Manila", "--hourly-rate", "75",
                  "--staff-number", "7", "--json")
    assert data["roles"] == ["ROLE_TEAMLEAD"] and data["timezone"] == "Asia/Manila"
    assert data["hourly_rate"] == 75.0 and data["staff_number"] == "7"
    assert {u["username"] for u in cli.ok("user", "list", "--json")} >= {"alice"}
    assert cli.ok("user", "show", "alice", "--json")["email"] == "a@x.org"
    edited = cli.ok("user", "edit", "alice", "--alias", "Al", "--role", "ROLE_ADMIN", "--json")
    assert edited["alias"] == "Al" and edited["roles"] == ["ROLE_ADMIN"]
    cli.fails(1, "user", "add", "alice")
    cli.fails((1, 2), "user", "add", "bob", "--role", "ROLE_KING")
    cli.fails((1, 2), "user", "add", "bad name")
    cli.fails(2, "user", "show", "ghost")
    cli.ok("user", "add", "bob")
    cli.fails(3, "--as", "bob", "user", "add", "carol")
    # A record begun in alice's zone shows her offset.
    cli.seed()
    rec = cli.ok("--as", "alice", *ADD, "--begin", "2025-03-03 08:00", "--duration", "1h",
                 "--json")
    assert rec["begin"] == "2025-03-03T08:00:00+08:00" and rec["timezone"] == "Asia/Manila"


def test_plain_user_may_not_manage_the_catalogue(cli):
    cli.seed()
    cli.ok("user", "add", "alice")
    cli.fails(3, "--as", "alice", "customer", "add", "Mine")
    cli.fails(3, "--as", "alice", "project", "edit", "Web", "--comment", "x")
    cli.fails(3, "--as", "alice", "activity", "delete", "Dev")


def test_currency_and_email_are_checked_by_the_standards(cli):
    """Issue #15 item 10: XYZ is no ISO 4217 code, not-an-email no address; nothing saved."""
    bad = cli.run("customer", "add", "Acme", "--currency", "XYZ")
    assert bad.code != 0 and "ISO 4217" in bad.err, bad
    bad = cli.run("customer", "add", "Acme", "--currency", "EUR", "--email", "not-an-email")
    assert bad.code != 0 and "not an e-mail address" in bad.err, bad
    bad = cli.run("user", "add", "ana", "--email", "not-an-email")
    assert bad.code != 0 and "not an e-mail address" in bad.err, bad
    assert "Acme" not in cli.ok("customer", "list").out
    cli.ok("customer", "add", "Acme", "--currency", "chf", "--email", "billing@acme.example")
    assert "CHF" in cli.ok("customer", "list").out
