"""Favourites (issue "For support staff", item 1; services/favorites.py): add (from fields or
a record), names unique per person, start one like any start, delete; each person's own."""

from __future__ import annotations

import pytest

from kimai_tui.rules.errors import NotFound, ValidationError
from kimai_tui.services import favorites, timesheets


def test_add_list_start_and_delete(world):
    alice = world.ctx("alice")
    first = favorites.add(alice, "Support", world.project, world.activity, "tickets",
                          ("phone",), {"location": "office"})
    assert (first.key, first.label) == (1, "Acme / Web / Dev")
    record = world.add("alice", begin="2026-11-02 07:00", minutes=30, description="vpn",
                       tags=("remote",))
    second = favorites.add_from_record(alice, "VPN", record.id)
    assert (second.key, second.description, second.tags) == (2, "vpn", ("remote",))
    started, _ = favorites.start(alice, "support")  # names are case folded
    assert started.running and started.description == "tickets"
    assert started.tags == ("phone",) and started.meta == {"location": "office"}
    favorites.delete(alice, "Support")
    assert [f.name for f in favorites.listing(alice)] == ["VPN"]
    assert favorites.listing(world.ctx("bob")) == []  # each person's own


def test_bad_names_and_entries_write_nothing(world):
    alice = world.ctx("alice")
    favorites.add(alice, "Support", world.project, world.activity)
    for name in ("", "x" * 61, "support"):
        with pytest.raises(ValidationError) as info:
            favorites.add(alice, name, world.project, world.activity)
        assert info.value.lines()[0][0] == "name"
    with pytest.raises(ValidationError):  # an activity of another project
        favorites.add(alice, "Design", world.project, world.activity2)
    with pytest.raises(NotFound, match="yours: Support"):
        favorites.start(alice, "nope")
    assert [f.name for f in favorites.listing(alice)] == ["Support"]


def test_a_favourite_of_a_hidden_project_refuses_to_start_with_the_reason(world):
    alice = world.ctx("alice")
    favorites.add(alice, "Support", world.project, world.activity)
    world.edit("project", world.project, visible=False)
    with pytest.raises(ValidationError):
        favorites.start(alice, "Support")
    assert timesheets.running(alice) == []
