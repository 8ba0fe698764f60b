"""Who may see what of whom: one policy for every output (rules.md §Roles and permissions).

Every listing, statistic, budget, tag list, error message, report and export asks here, so a
value a user may not see never leaks through another door. Pure decisions over plain facts:
`services/access.py` loads the facts (the viewer's led teams, the other user's roles and
teams, an entity's teams) and applies these functions to real data.

- Records: own always; admins (`view_all_data`) everyone's; a team lead the records of the
  teams they lead and of users in no team, but never an admin's or super admin's (nor a
  customer account's: read-only, it has none); plain users nobody else's. A customer account (ROLE_CUSTOMER) sees records by customer, never by user.
- Profiles: whoever may see a user's records sees their name; e-mail, staff number, roles and
  teams only their owner and `view_user`; hourly and internal rates only their owner with
  `hourly-rate_own_profile` and others with `hourly-rate_other_profile` (Kimai's defaults).
- Rates of records need `view_rate_own_timesheet` / `view_rate_other_timesheet`; a customer
  account never sees them.
- Budget figures need a budget permission on that entity: `budget_<kind>` (admins), or
  `budget_team_<kind>` when the entity (or a parent) is assigned to a team the viewer leads,
  or a customer account for its assigned customers.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

from kimai_tui.rules.permissions import ROLE_ADMIN, ROLE_CUSTOMER, ROLE_SUPER_ADMIN

CUSTOMER_ACCOUNT = "view_customer_account_data"
ADMIN_ROLES = frozenset({ROLE_ADMIN, ROLE_SUPER_ADMIN})

PUBLIC_PROFILE = frozenset({"id", "username", "alias", "timezone", "enabled", "time_format"})
ACCOUNT_PROFILE = frozenset({"email", "staff_number", "roles", "teams", "customer_ids",
                             "decimal_hours"})
RATE_PROFILE = frozenset({"hourly_rate", "internal_rate"})


@dataclass(frozen=True)
class Viewer:
    """The acting user: id, permissions, the teams they lead and those teams' members and
    leads, and (customer accounts) the customers assigned to them."""

    id: int
    permissions: frozenset[str]
    led_team_ids: frozenset[int] = frozenset()
    led_member_ids: frozenset[int] = frozenset()
    customer_ids: frozenset[int] = frozenset()

    def can(self, permission: str) -> bool:
        return permission in self.permissions

    @property
    def is_customer_account(self) -> bool:
        return self.can(CUSTOMER_ACCOUNT)

    @property
    def sees_all_records(self) -> bool:
        """Kimai's canSeeAllData: every user's records (admins)."""
        return not self.is_customer_account and self.can("view_all_data") and self.can(
            "view_other_timesheet")


@dataclass(frozen=True)
class Person:
    """A user whose records or profile are in question: id, roles, whether in any team."""

    id: int
    roles: tuple[str, ...] = ()
    in_any_team: bool = False

    @property
    def is_admin(self) -> bool:
        return bool(ADMIN_ROLES.intersection(self.roles))

    @property
    def is_customer_account(self) -> bool:
        return ROLE_CUSTOMER in self.roles


@dataclass(frozen=True)
class Scope:
    """Which records a viewer may see: None in a field means "no restriction by it"."""

    user_ids: frozenset[int] | None
    customer_ids: frozenset[int] | None

    def contains(self, user_id: int, customer_id: int) -> bool:
        """Whether a record of that user on that customer is in the scope."""
        return ((self.user_ids is None or user_id in self.user_ids)
                and (self.customer_ids is None or customer_id in self.customer_ids))


def can_see_user_records(viewer: Viewer, person: Person) -> bool:
    """May the viewer see this user's records at all? (A customer account: never by user.)"""
    if viewer.is_customer_account:
        return False
    if viewer.id == person.id:
        return True
    if not viewer.can("view_other_timesheet"):
        return False
    if viewer.sees_all_records:
        return True
    if person.is_admin:  # Decision: a lead could otherwise rewrite an admin's timesheet
        return False
    if person.is_customer_account:  # read-only, in no team: not one of a lead's people
        return False
    return person.id in viewer.led_member_ids or not person.in_any_team


def can_see_record(viewer: Viewer, owner: Person, customer_id: int) -> bool:
    """A record of `owner` on customer `customer_id`."""
    if viewer.is_customer_account:
        return customer_id in viewer.customer_ids
    return can_see_user_records(viewer, owner)


def needs_people(viewer: Viewer) -> bool:
    """Whether `record_scope` depends on the other users (only a team lead's does)."""
    return (not viewer.is_customer_account and not viewer.sees_all_records
            and viewer.can("view_other_timesheet"))


def record_scope(viewer: Viewer, people: Iterable[Person] = ()) -> Scope:
    """The records a viewer may see, as user and customer restrictions. `people` (every
    user) is only read when `needs_people(viewer)`."""
    if viewer.is_customer_account:
        return Scope(None, frozenset(viewer.customer_ids))
    if viewer.sees_all_records:
        return Scope(None, None)
    if not needs_people(viewer):
        return Scope(frozenset({viewer.id}), None)
    seen = {p.id for p in people if can_see_user_records(viewer, p)}
    return Scope(frozenset(seen | {viewer.id}), None)


def may_see_record_rates(viewer: Viewer, owner_id: int) -> bool:
    """Rates and amounts of one user's records (the record itself must be visible too)."""
    if viewer.is_customer_account:
        return False
    own = owner_id == viewer.id
    return viewer.can("view_rate_own_timesheet" if own else "view_rate_other_timesheet")


def may_see_amounts(viewer: Viewer, user_ids: Iterable[int] | None) -> bool:
    """Sums over the records of several users (None: anyone's): only for a viewer who may see
    the rates of every user counted, so a total never reveals a rate."""
    if viewer.is_customer_account:
        return False
    needed = {"view_rate_own_timesheet"}
    if user_ids is None or set(user_ids) - {viewer.id}:
        needed.add("view_rate_other_timesheet")
    return needed <= viewer.permissions


def profile_fields(viewer: Viewer, person: Person) -> frozenset[str]:
    """The fields of `person`'s profile (domain.User field names, and "teams") the viewer may
    see; empty: the user stays unknown to them. Customer accounts see only themselves."""
    if viewer.id == person.id:
        fields = PUBLIC_PROFILE | ACCOUNT_PROFILE
        return fields | RATE_PROFILE if viewer.can("hourly-rate_own_profile") else fields
    if viewer.can("view_user"):
        fields = PUBLIC_PROFILE | ACCOUNT_PROFILE
        return fields | RATE_PROFILE if viewer.can("hourly-rate_other_profile") else fields
    if can_see_user_records(viewer, person):
        return PUBLIC_PROFILE
    return frozenset()


def may_see_budget(viewer: Viewer, kind: str, customer_id: int | None,
                   team_ids: Iterable[int]) -> bool:
    """Budget figures of a customer, project or activity. `customer_id` is the entity's
    customer (None for a global activity); `team_ids` the teams the entity and its parents
    are assigned to."""
    if viewer.is_customer_account:
        return customer_id is not None and customer_id in viewer.customer_ids
    if viewer.can(f"budget_{kind}"):
        return True
    return viewer.can(f"budget_team_{kind}") and not viewer.led_team_ids.isdisjoint(team_ids)


def may_see_some_budgets(viewer: Viewer, kind: str) -> bool:
    """Whether any entity of this kind may show budgets to the viewer (a listing's column)."""
    return (viewer.is_customer_account or viewer.can(f"budget_{kind}")
            or (viewer.can(f"budget_team_{kind}") and bool(viewer.led_team_ids)))


__all__ = ["ACCOUNT_PROFILE", "ADMIN_ROLES", "CUSTOMER_ACCOUNT", "PUBLIC_PROFILE",
           "RATE_PROFILE", "Person", "Scope", "Viewer", "can_see_record",
           "can_see_user_records", "may_see_amounts", "may_see_budget", "may_see_record_rates",
           "may_see_some_budgets", "needs_people", "profile_fields", "record_scope"]
