"""kimai.permissions.roles: a company changes what each role may do (issue: permissions a
company can set; docs/permissions.md). The config check, the effective permissions of every
configurable role x every permission, the services enforcing the result, and the docs table."""

from __future__ import annotations

import re
import textwrap
from dataclasses import replace
from pathlib import Path

import pytest

from kimai_tui import domain
from kimai_tui.config import ConfigErrors, load_settings
from kimai_tui.permission_table import (
    ALL_PERMISSIONS, CONFIGURABLE_PERMISSIONS, CONFIGURABLE_ROLES, ROLE_PERMISSIONS, ROLES,
)
from kimai_tui.rules.errors import PermissionDenied
from kimai_tui.services import catalogue, timesheets
from kimai_tui.services.context import Context
from kimai_tui.settings import PermissionSettings, Settings

DOCS = Path(__file__).resolve().parents[2] / "docs"


def settings_with(**roles) -> Settings:
    base = Settings()
    granted = PermissionSettings(roles=tuple((r, tuple(e)) for r, e in roles.items()))
    return replace(base, kimai=replace(base.kimai, permissions=granted))


def ctx_for(role: str, settings: Settings) -> Context:
    return Context(settings, None, domain.User(id=1, username="u", roles=(role,)))


def config_errors(tmp_path, text: str) -> list[str]:
    path = tmp_path / "kimai.yaml"
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    with pytest.raises(ConfigErrors) as info:
        load_settings(path)
    return [str(e) for e in info.value.errors]


# --- the config ----------------------------------------------------------------------------

def test_grants_and_revocations_load_in_order(tmp_path):
    path = tmp_path / "kimai.yaml"
    path.write_text(textwrap.dedent("""\
        kimai:
          permissions:
            roles:
              ROLE_TEAMLEAD: [create_customer, create_project, "!delete_other_timesheet"]
              ROLE_USER: ["!delete_own_timesheet"]
        """), encoding="utf-8")
    roles = load_settings(path).kimai.permissions.as_mapping()
    assert roles == {"ROLE_TEAMLEAD": ("create_customer", "create_project",
                                       "!delete_other_timesheet"),
                     "ROLE_USER": ("!delete_own_timesheet",)}


@pytest.mark.parametrize("roles, expected", [
    ("ROLE_TEAMLEAD: [create_projct]",
     'kimai.permissions.roles.ROLE_TEAMLEAD: unknown permission "create_projct"; '
     'did you mean "create_project"?'),
    ('ROLE_TEAMLEAD: ["!delete_other_timeshet"]',
     'unknown permission "delete_other_timeshet"; did you mean "delete_other_timesheet"?'),
    ("teamlead: [create_customer]", 'unknown role "teamlead"; did you mean "ROLE_TEAMLEAD"?'),
    ("ROLE_SUPER_ADMIN: ['!create_user']", "a super admin keeps every permission"),
    ("ROLE_CUSTOMER: [view_customer]", "a customer account stays read-only"),
    ("ROLE_USER: [view_customer_account_data]", 'unknown permission "view_customer_account_data"'),
    ("ROLE_USER: create_customer", "expected a list of permission names"),
    ("ROLE_USER: [12]", "expected a permission name"),
    ('ROLE_USER: [create_customer, "!create_customer"]', "both granted and taken away"),
])
def test_config_check_names_the_problem_and_the_nearest_name(tmp_path, roles, expected):
    errors = config_errors(tmp_path, f"""\
        kimai:
          permissions:
            roles:
              {roles}
        """)
    assert len(errors) == 1 and expected in errors[0], errors
    assert ":4:" in errors[0]  # the line of the entry


def test_config_check_command_refuses_an_unknown_permission(tmp_path):
    from kimai_tui.cli.main import run
    import contextlib
    import io

    path = tmp_path / "kimai.yaml"
    path.write_text("kimai:\n  permissions:\n    roles:\n      ROLE_TEAMLEAD: [create_custmer]\n")
    err = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        code = run(["--config", str(path), "config", "check"], {})
    assert code != 0
    assert 'did you mean "create_customer"?' in err.getvalue()


# --- the sweep: every configurable role x every permission ---------------------------------

def test_every_role_and_permission_can_be_granted_and_revoked():
    for role in CONFIGURABLE_ROLES:
        for permission in sorted(CONFIGURABLE_PERMISSIONS):
            granted = ctx_for(role, settings_with(**{role: [permission]}))
            revoked = ctx_for(role, settings_with(**{role: ["!" + permission]}))
            assert granted.can(permission), (role, permission)
            assert not revoked.can(permission), (role, permission)
            # nothing else moves
            default = ROLE_PERMISSIONS[role]
            assert granted.permissions - {permission} == default - {permission}
            assert revoked.permissions == default - {permission}


def test_a_change_to_one_role_leaves_the_others_and_the_super_admin_alone():
    settings = settings_with(ROLE_USER=["!delete_own_timesheet"],
                             ROLE_TEAMLEAD=["create_customer"])
    assert not ctx_for("ROLE_USER", settings).can("delete_own_timesheet")
    lead = ctx_for("ROLE_TEAMLEAD", settings)
    assert lead.can("delete_own_timesheet") and lead.can("create_customer")
    assert not ctx_for("ROLE_USER", settings).can("create_customer")
    assert ctx_for("ROLE_SUPER_ADMIN", settings).permissions == ROLE_PERMISSIONS["ROLE_SUPER_ADMIN"]
    both = Context(settings, None, domain.User(id=1, username="u",
                                               roles=("ROLE_USER", "ROLE_TEAMLEAD")))
    assert both.can("delete_own_timesheet")  # what any of the roles grants


# --- the services enforce the result -------------------------------------------------------

def test_a_lead_creates_customers_and_projects_once_the_company_allows_it(world):
    with pytest.raises(PermissionDenied):
        catalogue.create(world.ctx("lead"), "customer", {"name": "Nope", "currency": "EUR"})
    settings = replace(world.settings, kimai=replace(world.settings.kimai, permissions=(
        PermissionSettings(roles=(("ROLE_TEAMLEAD", ("create_customer", "create_project")),)))))
    lead = world.ctx("lead", settings)
    customer = catalogue.create(lead, "customer", {"name": "Wayne", "currency": "EUR"})
    project = catalogue.create(lead, "project", {"name": "Tower", "customer_id": customer.id})
    assert catalogue.get(lead, "project", project.id).name == "Tower"
    with pytest.raises(PermissionDenied):  # editing was not granted
        catalogue.update(lead, "customer", customer.id, {"name": "Bruce"})
    with pytest.raises(PermissionDenied):
        catalogue.create(world.ctx("alice", settings), "customer", {"name": "No", "currency": "EUR"})


def test_a_revoked_delete_is_refused_and_the_record_stays(world):
    record = world.add("alice")
    settings = replace(world.settings, kimai=replace(world.settings.kimai, permissions=(
        PermissionSettings(roles=(("ROLE_USER", ("!delete_own_timesheet",)),)))))
    before = world.snapshot()
    with pytest.raises(PermissionDenied):
        timesheets.delete(world.ctx("alice", settings), record.id)
    assert world.snapshot() == before
    timesheets.delete(world.ctx("alice"), record.id)  # the default allows it
    assert world.count() == 0


# --- the documentation ---------------------------------------------------------------------

def test_docs_permissions_table_is_the_default_table():
    rows = re.findall(r"^\| `([^`]+)` \|(.*)\|[^|]*\|$", (DOCS / "permissions.md").read_text(),
                      re.M)
    table = {name: [cell.strip() == "✓" for cell in cells.split("|")] for name, cells in rows}
    assert set(table) == set(ALL_PERMISSIONS)
    for name, marks in table.items():
        assert marks == [name in ROLE_PERMISSIONS[role] for role in ROLES], name
