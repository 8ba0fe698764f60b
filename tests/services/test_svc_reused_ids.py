"""A deleted newest record's id is given again by SQLite: an editor still open on the deleted
record must meet a conflict, not overwrite the new record that took its id (found by a
newcomer's test: "EDITED IN TUI" landed on a brand new record)."""

from __future__ import annotations

import pytest

from kimai_tui.rules.errors import Conflict
from kimai_tui.services import catalogue, catalogue_delete, timesheets
from kimai_tui.services.record_save import RecordChanges


def test_an_editor_open_on_a_deleted_record_does_not_overwrite_its_successor(world):
    old = world.add("alice", begin="2026-11-02 07:00", minutes=30, description="original A")
    opened_version = old.version
    timesheets.delete(world.ctx("alice"), old.id)
    new = world.add("alice", begin="2026-11-02 08:00", minutes=30, description="brand new B")
    if new.id != old.id:
        pytest.skip("this database never gives an id again (PostgreSQL: sequences)")
    with pytest.raises(Conflict):
        timesheets.update(world.ctx("alice"), old.id, RecordChanges(description="EDITED"),
                          expected_version=opened_version)
    assert timesheets.get(world.ctx("alice"), new.id).description == "brand new B"


def test_the_same_for_catalogue_entries(world):
    ctx = world.ctx("admin")
    old = catalogue.create(ctx, "activity", {"name": "Temp", "project_id": None})
    catalogue_delete.delete(ctx, "activity", old.id)
    new = catalogue.create(ctx, "activity", {"name": "Fresh", "project_id": None})
    if new.id != old.id:
        pytest.skip("this database never gives an id again (PostgreSQL: sequences)")
    with pytest.raises(Conflict):
        catalogue.update(ctx, "activity", old.id, {"name": "Edited"},
                         expected_version=old.version)
    assert catalogue.get(ctx, "activity", new.id).name == "Fresh"
