"""edit_user / create_user given to team leads by kimai.permissions.roles (found by a
newcomer's test): the holder still cannot raise anyone above their own role, change their
own roles, edit someone ranked above them, or set rates without the rate permission."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest

from kimai_tui.rules.errors import PermissionDenied
from kimai_tui.services import users
from kimai_tui.settings import PermissionSettings


def lead_with(world, *grants):
    settings = replace(world.settings, kimai=replace(world.settings.kimai, permissions=(
        PermissionSettings(roles=(("ROLE_TEAMLEAD", grants),)))))
    return world.ctx("lead", settings)


@pytest.mark.parametrize("who, values, why", [
    ("lead", {"roles": "ROLE_SUPER_ADMIN"}, "your own roles"),
    ("alice", {"roles": "ROLE_ADMIN"}, "above your own"),
    ("alice", {"hourly_rate": Decimal("999")}, "rates"),
])
def test_a_lead_with_edit_user_stays_below_their_rank(world, who, values, why):
    lead = lead_with(world, "edit_user")
    before = users.get(world.ctx("admin"), world.user(who).id)
    with pytest.raises(PermissionDenied, match=why):
        users.update(lead, world.user(who).id, values)
    assert users.get(world.ctx("admin"), world.user(who).id) == before


def test_nor_edit_someone_ranked_above(world):
    from kimai_tui.rules.errors import NotFound

    lead = lead_with(world, "edit_user")
    with pytest.raises((PermissionDenied, NotFound)):
        users.update(lead, world.user("admin").id, {"alias": "boss"})
    assert users.get(world.ctx("admin"), world.user("admin").id).alias == ""


def test_what_a_lead_with_edit_user_may_do(world):
    lead = lead_with(world, "edit_user")
    users.update(lead, world.user("alice").id, {"alias": "Al", "roles": "ROLE_TEAMLEAD"})
    changed = users.get(world.ctx("admin"), world.user("alice").id)
    assert changed.alias == "Al" and changed.roles == ("ROLE_TEAMLEAD",)
    same = users.update(lead, world.user("bob").id, {"alias": "Bobby", "hourly_rate": None})
    assert same.alias == "Bobby"  # an unchanged rate is no rate change


def test_a_lead_with_create_user_creates_no_admins(world):
    lead = lead_with(world, "create_user")
    with pytest.raises(PermissionDenied, match="above your own"):
        users.create(lead, {"username": "eve", "roles": "ROLE_SUPER_ADMIN"})
    assert users.create(lead, {"username": "newbie", "roles": "ROLE_USER"}).username == "newbie"
