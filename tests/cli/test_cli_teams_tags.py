"""`team` and `tag` commands: create, change, list, show, delete,
and who may do it."""

import pytest


@pytest.mark.subprocess_cli  # smoke: a real process
def test_team_lifecycle_and_lead_visibility(cli):
    cli.seed()
    for name, role in (("lead", "ROLE_TEAMLEAD"), ("alice", "ROLE_USER"), ("bob", "ROLE_USER")):
        cli.ok("user", "add", name, "--role", role)
    team = cli.ok("team", "add", "Support", "--lead", "lead", "--member", "alice", "--json")
    assert team["leads"] == ["lead"] and team["members"] == ["alice"]
    cli.fails(1, "team", "add", "Empty")  # a team needs a lead
    cli.fails(1, "team", "add", "support", "--lead", "lead")  # names are unique, any case
    changed = cli.ok("team", "edit", "Support", "--member", "bob", "--json")
    assert changed["members"] == ["bob"] and changed["leads"] == ["lead"]
    assert [t["name"] for t in cli.ok("team", "list", "--json")] == ["Support"]
    assert cli.ok("team", "show", "support", "--json")["members"] == ["bob"]
    # A plain member may not manage teams.
    cli.fails(3, "--as", "alice", "team", "add", "Mine", "--lead", "alice")
    cli.ok("team", "delete", "Support")
    assert cli.ok("team", "list", "--json") == []


def test_tags_add_list_delete(cli):
    cli.seed()
    cli.ok("tag", "add", "onsite")
    cli.ok("add", "--project", "Web", "--activity", "Dev", "--begin", "2025-03-03 08:00",
           "--duration", "1h", "--tags", "Onsite,Überstunden")
    cli.ok("add", "--project", "Web", "--activity", "Dev", "--begin", "2025-03-04 08:00",
           "--duration", "1h", "--tags", "überstunden")
    tags = {t["name"]: t["records"] for t in cli.ok("tag", "list", "--json")}
    assert tags == {"onsite": 1, "Überstunden": 2}  # matched whatever the case
    cli.fails(2, "tag", "delete", "nosuchtag")
    cli.ok("tag", "delete", "onsite")
    # Deleting a tag removes it from every record.
    assert [r["tags"] for r in cli.ok("list", "--json")] == [["Überstunden"], ["Überstunden"]]
