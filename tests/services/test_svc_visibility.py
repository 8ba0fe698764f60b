"""Who sees and touches whose records (rules.md §Roles and permissions, §Visibility).
Denials reveal nothing: another user's record behaves exactly like a missing one."""

from __future__ import annotations

import pytest

from kimai_tui.data import users as users_repo
from kimai_tui.queries import RecordFilter
from kimai_tui.rules.errors import NotFound, PermissionDenied
from kimai_tui.services import access, timesheets
from kimai_tui.services.record_save import RecordChanges


def ids(records) -> set[int]:
    return {r.id for r in records}


def visible(world, user: str, **kw) -> set[int]:
    return ids(timesheets.listing(world.ctx(user), RecordFilter(), limit=500, all_users=True,
                                  **kw))


def test_plain_user_cannot_see_or_touch_another_users_record(world):
    bobs = world.add("bob", description="secret")
    missing = bobs.id + 1000
    before = world.snapshot()
    ctx = world.ctx("alice")
    for call in (lambda i: timesheets.get(ctx, i),
                 lambda i: timesheets.update(ctx, i, RecordChanges(description="x")),
                 lambda i: timesheets.delete(ctx, i),
                 lambda i: timesheets.stop(ctx, record_id=i),
                 lambda i: timesheets.restart(ctx, i),
                 lambda i: timesheets.duplicate(ctx, i)):
        with pytest.raises(NotFound) as real:
            call(bobs.id)
        with pytest.raises(NotFound) as fake:
            call(missing)
        # Same error type and the same message shape: nothing tells "exists" from "missing".
        assert real.value.message.replace(str(bobs.id), "N") == \
            fake.value.message.replace(str(missing), "N")
        assert "secret" not in real.value.message and "bob" not in real.value.message
    assert world.snapshot() == before


def test_plain_user_listing_shows_only_own_records(world):
    mine = world.add("alice")
    world.add("bob")
    assert visible(world, "alice") == {mine.id}
    flt = RecordFilter(user_ids=[world.user("bob").id])
    assert timesheets.listing(world.ctx("alice"), flt) == []


def test_plain_user_cannot_create_records_for_another_user(world):
    with pytest.raises((NotFound, PermissionDenied)):
        world.add("alice", user_id=world.user("bob").id)
    assert world.count() == 0


def test_plain_user_cannot_move_own_record_to_another_user(world):
    record = world.add("alice")
    before = world.snapshot()
    with pytest.raises((NotFound, PermissionDenied)):
        timesheets.update(world.ctx("alice"), record.id,
                          RecordChanges(user_id=world.user("bob").id))
    assert world.snapshot() == before


def test_team_lead_sees_members_of_led_teams_and_users_in_no_team(world):
    world.add_user("dave")   # member of a team the lead does not lead
    world.add_user("erin")   # in no team at all
    world.team("Red", leads=["lead"], members=["alice"])
    world.team("Blue", leads=["admin"], members=["bob", "dave"])
    records = {name: world.add(name) for name in ("alice", "bob", "dave", "erin", "lead")}
    seen = visible(world, "lead")
    assert seen == {records["alice"].id, records["erin"].id, records["lead"].id}
    assert timesheets.get(world.ctx("lead"), records["alice"].id).username == "alice"
    with pytest.raises(NotFound):
        timesheets.get(world.ctx("lead"), records["bob"].id)


def test_team_lead_may_edit_team_members_records_but_not_others(world):
    world.team("Red", leads=["lead"], members=["alice"])
    world.team("Blue", leads=["admin"], members=["bob"])
    alices = world.add("alice")
    bobs = world.add("bob")
    edited = timesheets.update(world.ctx("lead"), alices.id, RecordChanges(description="ok"))
    assert edited.description == "ok"
    before = world.snapshot()
    with pytest.raises(NotFound):
        timesheets.update(world.ctx("lead"), bobs.id, RecordChanges(description="no"))
    assert world.snapshot() == before


def test_team_lead_may_see_rates_but_not_edit_them(world):
    from decimal import Decimal

    world.team("Red", leads=["lead"], members=["alice"])
    record = world.add("alice")
    ctx = world.ctx("lead")
    assert access.may_view_rates(ctx, record.user_id)
    with pytest.raises(PermissionDenied):
        timesheets.update(ctx, record.id, RecordChanges(hourly_rate=Decimal("5")))
    assert not access.may_view_rates(world.ctx("alice"), record.user_id)


def test_plain_team_members_see_nothing_of_each_other(world):
    world.team("Red", leads=["lead"], members=["alice", "bob"])
    bobs = world.add("bob")
    world.add("alice")
    assert bobs.id not in visible(world, "alice")


def test_admin_sees_everyone(world):
    world.team("Red", leads=["lead"], members=["alice"])
    made = {world.add(name).id for name in ("alice", "bob", "lead")}
    assert visible(world, "admin") == made


def test_customer_account_sees_only_its_customers_records(world):
    viewer = world.add_user("client", "ROLE_CUSTOMER")
    users_repo.set_customer_access(viewer.id, [world.customer2])
    world.add("alice")
    globex_a = world.add("alice", begin="2026-11-02 03:00", project_id=world.project2,
                         activity_id=world.activity2)
    globex_b = world.add("bob", project_id=world.project2, activity_id=world.activity2)
    ctx = world.ctx("client")
    flt = RecordFilter()
    assert ids(timesheets.listing(ctx, flt, limit=100)) == {globex_a.id, globex_b.id}
    # Asking for the other customer explicitly still yields nothing.
    assert timesheets.listing(ctx, RecordFilter(customer_ids=[world.customer])) == []
    assert not access.may_view_rates(ctx, world.user("alice").id)


def test_customer_account_is_read_only(world):
    viewer = world.add_user("client", "ROLE_CUSTOMER")
    users_repo.set_customer_access(viewer.id, [world.customer])
    record = world.add("alice")
    ctx = world.ctx("client")
    assert timesheets.get(ctx, record.id).id == record.id
    before = world.snapshot()
    for call in (lambda: timesheets.update(ctx, record.id, RecordChanges(description="x")),
                 lambda: timesheets.delete(ctx, record.id),
                 lambda: timesheets.start(ctx, RecordChanges(project_id=world.project,
                                                             activity_id=world.activity))):
        with pytest.raises((PermissionDenied, NotFound)):
            call()
    assert world.snapshot() == before


def test_team_restricted_project_usable_only_by_its_team(world):
    from kimai_tui.data.models import TeamProject
    from kimai_tui.rules.errors import ValidationError

    team = world.team("Red", leads=["lead"], members=["alice"])
    TeamProject.insert(team=team, project=world.project2).execute()
    assert world.add("alice", project_id=world.project2, activity_id=world.activity2)
    with pytest.raises(ValidationError):
        world.add("bob", project_id=world.project2, activity_id=world.activity2)
    assert world.add("admin", project_id=world.project2, activity_id=world.activity2)
