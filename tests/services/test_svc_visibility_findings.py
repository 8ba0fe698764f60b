"""Issue #11, finding 6: what a user may not see never leaks through another door (rules.md
§Roles and permissions, §Budgets). One test per door; each failed before the visibility policy
was one module (rules/visibility.py applied by services/access.py)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from kimai_tui.data import users as users_repo
from kimai_tui.data.models import TeamProject
from kimai_tui.queries import RecordFilter
from kimai_tui.rules.errors import NotFound, PermissionDenied, RuleRefused
from kimai_tui.services import catalogue, catalogue_delete, reports, tags, teams, timesheets, users
from kimai_tui.services.record_save import RecordChanges
from svc_support import make_settings

SECRET_RATE = Decimal("987.65")


@pytest.fixture
def office(world):
    """alice and bob in team Red led by lead, an admin in Red too, the super admin ("admin")
    in no team, a customer account for Globex; secret contact details and rates on every
    user, a budget on both projects, and a record of everyone on Web."""
    world.add_user("adm", "ROLE_ADMIN")
    client = world.add_user("client", "ROLE_CUSTOMER")
    users_repo.set_customer_access(client.id, [world.customer2])
    world.team("Red", leads=["lead"], members=["alice", "bob", "adm"])
    for name in ("admin", "alice", "bob", "lead", "adm"):
        users_repo.update(world.user(name).id, {
            "email": f"{name}@secret.example", "staff_number": f"staff-{name}",
            "hourly_rate": SECRET_RATE, "internal_rate": Decimal("876.54")})
    world.price("project", world.project, "100")
    world.edit("project", world.project, budget=Decimal("5000"), time_budget=100 * 3600)
    world.edit("project", world.project2, budget=Decimal("7000"))
    world.records = {name: world.add(name, description=f"{name} secret work",
                                     tags=(f"{name}-tag",))
                     for name in ("admin", "alice", "bob", "lead", "adm")}
    return world


def _ids(records) -> set[int]:
    return {r.id for r in records}


# --- whose records a team lead sees ----------------------------------------------------------

def test_lead_never_sees_or_edits_admins_records_in_no_team_or_in_a_led_team(office):
    lead = office.ctx("lead")
    seen = _ids(timesheets.listing(lead, RecordFilter(), limit=100, all_users=True))
    records = office.records
    assert seen == {records["alice"].id, records["bob"].id, records["lead"].id}
    for name in ("admin", "adm"):  # the super admin in no team, the admin in the led team
        with pytest.raises(NotFound):
            timesheets.get(lead, records[name].id)
        with pytest.raises(NotFound):
            timesheets.update(lead, records[name].id, RecordChanges(description="rewritten"))
        with pytest.raises((NotFound, PermissionDenied)):
            office.add("lead", user_id=office.user(name).id)


def test_lead_report_counts_no_admin_record(office):
    report = reports.by_project(office.ctx("lead"), RecordFilter(), all_users=True)
    assert report.count == 3


# --- user lists -----------------------------------------------------------------------------

def test_customer_account_lists_no_user_but_itself(office):
    client = office.ctx("client")
    assert [u.username for u in users.listing(client)] == ["client"]
    assert users.find(client, "alice") is None
    with pytest.raises(NotFound):
        users.get(client, office.user("alice").id)


def test_lead_sees_members_names_but_no_rates_emails_roles_or_teams(office):
    lead = office.ctx("lead")
    listed = {u.username: u for u in users.listing(lead)}
    assert set(listed) == {"alice", "bob", "lead"}  # not the admins
    alice = listed["alice"]
    assert alice.email == "" and alice.hourly_rate is None and alice.internal_rate is None
    assert alice.staff_number == "" and alice.roles == ()
    assert set(users.profile(lead, alice)) == {"id", "username", "alias", "timezone",
                                               "enabled", "time_format"}
    # Own profile: e-mail, teams and (lead and up, Kimai's hourly-rate_own_profile) rates.
    own = users.profile(lead, users.find(lead, "lead"))
    assert own["email"] == "lead@secret.example" and own["hourly_rate"] == SECRET_RATE
    assert own["teams"] == ["Red"]


def test_plain_user_sees_own_profile_without_rates(office):
    alice = office.ctx("alice")
    assert [u.username for u in users.listing(alice)] == ["alice"]
    own = users.profile(alice, users.find(alice, "alice"))
    assert own["email"] == "alice@secret.example" and "hourly_rate" not in own


def test_only_super_admins_see_other_users_rates_and_emails(office):
    admin_view = {u.username: u for u in users.listing(office.ctx("adm"))}
    assert admin_view["alice"].email == "" and admin_view["alice"].hourly_rate is None
    super_view = {u.username: u for u in users.listing(office.ctx("admin"))}
    assert super_view["alice"].email == "alice@secret.example"
    assert super_view["alice"].hourly_rate == SECRET_RATE


# --- entity statistics and budgets ----------------------------------------------------------

def test_entity_statistics_count_only_the_viewers_records(office):
    mine = catalogue.statistics(office.ctx("alice"), "project", office.project)
    assert mine["records"] == 1 and mine["duration"] == 3600
    assert "amount" not in mine and "budget_used" not in mine and "budget" not in mine
    lead = catalogue.statistics(office.ctx("lead"), "customer", office.customer)
    assert lead["records"] == 3 and lead["amount"] == Decimal("300")  # no admin's record
    assert "budget_used" not in lead  # Web is not assigned to the lead's team
    full = catalogue.statistics(office.ctx("admin"), "project", office.project)
    assert full["records"] == 5 and full["budget_used"] == Decimal("500")


def test_budget_figures_only_on_entities_of_the_leads_teams(office):
    TeamProject.insert(team=users_repo.team_by_name("Red"), project=office.project).execute()
    lead = office.ctx("lead")
    web = catalogue.statistics(lead, "project", office.project)
    assert web["budget"] == Decimal("5000") and web["budget_used"] == Decimal("500")
    assert catalogue.budget_fields(lead, "project", catalogue.get(lead, "project",
                                                                  office.project2)) == {}
    # The entry itself comes without its budgets: a face cannot show them by mistake.
    app = catalogue.get(lead, "project", office.project2)
    assert app.budgets.budget is None
    assert catalogue.get(office.ctx("alice"), "project", office.project).budgets.budget is None


def test_customer_account_sees_budgets_of_its_customers_only(office):
    client = office.ctx("client")
    app = catalogue.get(client, "project", office.project2)
    assert catalogue.budget_fields(client, "project", app)["budget"] == Decimal("7000")
    with pytest.raises(NotFound):
        catalogue.get(client, "project", office.project)


def test_delete_statistics_are_for_those_who_may_delete(office):
    for name in ("lead", "alice", "client"):
        with pytest.raises(PermissionDenied):
            catalogue_delete.usage(office.ctx(name), "project", office.project)
    assert catalogue_delete.usage(office.ctx("admin"), "project", office.project).records == 5


# --- over-budget refusals -------------------------------------------------------------------

@pytest.mark.parametrize("budget", [{"time_budget": 5 * 3600 + 1800}, {"budget": Decimal("550")}])
def test_over_budget_refusal_tells_a_plain_user_only_that_it_is_used_up(office, budget):
    office.edit("project", office.project, budget=None, time_budget=None)
    office.edit("project", office.project, **budget)
    strict = make_settings(allow_overbooking_budget=False)
    with pytest.raises(RuleRefused) as refused:
        office.add("alice", begin="2026-11-02 03:00", minutes=60, settings=strict)
    kind = "time" if "time_budget" in budget else "money"
    assert refused.value.message == f'The {kind} budget of project "Web" is used up'
    # An admin is told the figures (used, budget, free, what the record needs).
    with pytest.raises(RuleRefused) as told:
        office.add("admin", begin="2026-11-02 03:00", minutes=60, settings=strict)
    assert "would be exceeded: used" in told.value.message


# --- tags -----------------------------------------------------------------------------------

def test_tag_list_shows_only_tags_of_visible_records_counted_over_them(office):
    office.add("bob", begin="2026-11-02 09:00", tags=("alice-tag",))
    tags.add(office.ctx("admin"), "ahead-of-use")
    listed = {t["name"]: t["records"] for t in tags.listing(office.ctx("alice"))}
    assert listed == {"alice-tag": 1, "ahead-of-use": 0}
    assert tags.names(office.ctx("alice")) == ["ahead-of-use", "alice-tag"]  # the pickers'
    lead = {t["name"]: t["records"] for t in tags.listing(office.ctx("lead"))}
    assert lead == {"alice-tag": 2, "bob-tag": 1, "lead-tag": 1, "ahead-of-use": 0}
    assert {t["name"] for t in tags.listing(office.ctx("client"))} == {"ahead-of-use"}
    assert len(tags.listing(office.ctx("admin"))) == 6
    # the pickers' names (EXISTS, no counting) are the listing's names for every viewer
    for who in ("alice", "bob", "lead", "client", "admin"):
        ctx = office.ctx(who)
        assert tags.names(ctx) == [t["name"] for t in tags.listing(ctx)], who


def test_customer_account_may_not_add_tags(office):
    with pytest.raises(PermissionDenied):
        tags.add(office.ctx("client"), "sneaky")
    assert "sneaky" not in {t["name"] for t in tags.listing(office.ctx("admin"))}


# --- exports and teams ----------------------------------------------------------------------

def test_export_shows_emails_only_where_the_profile_is_visible(office):
    import io

    from kimai_tui.services import export

    out = io.StringIO()
    export.export(office.ctx("lead"), RecordFilter(), "csv", out, all_users=True)
    text = out.getvalue()
    assert "alice secret work" in text and "alice@secret.example" not in text
    assert "staff-alice" not in text and "lead@secret.example" in text


def test_a_team_one_may_not_see_is_reported_like_a_missing_one(office):
    office.team("Blue", leads=["admin"], members=["bob"])
    alice = office.ctx("alice")
    with pytest.raises(NotFound) as hidden:
        teams.find(alice, "Blue")
    with pytest.raises(NotFound) as missing:
        teams.find(alice, "Nosuch")
    assert hidden.value.message.replace("Blue", "X") == missing.value.message.replace(
        "Nosuch", "X")
