"""Catalogue entries and the acting user: which entries they may use or name, and whose budget
figures they may see (rules.md §Roles and permissions, §Budgets; the decisions are in
rules/visibility.py). One EntityAccess reads each fact (parents, team assignments, led teams)
at most once, so a listing asks the database a fixed number of times whatever its length.
"""

from __future__ import annotations

from dataclasses import replace

from kimai_tui import domain
from kimai_tui.data import catalogue as catalogue_repo
from kimai_tui.data import users as users_repo
from kimai_tui.rules import visibility
from kimai_tui.services import access
from kimai_tui.services.context import Context


class EntityAccess:
    """For one acting user and one moment: `visible(kind, entity)`, `sees_budget(kind,
    entity)` and `shown(kind, entity)` (the entity as they may see it)."""

    def __init__(self, ctx: Context):
        self.ctx = ctx
        self.viewer = access.viewer(ctx)
        self._project_customers: dict[int, int] | None = None
        self._restrictions: dict[str, dict[int, set[int]]] | None = None

    @property
    def restrictions(self) -> dict[str, dict[int, set[int]]]:
        """kind -> entity id -> the teams it is assigned to."""
        if self._restrictions is None:
            self._restrictions = users_repo.team_restrictions()
        return self._restrictions

    def customer_id(self, kind: str, entity) -> int | None:
        """The customer an entry belongs to (None for a global activity)."""
        if kind == "customer":
            return entity.id
        if kind == "project":
            return entity.customer_id
        if entity.project_id is None:
            return None
        if self._project_customers is None:
            self._project_customers = catalogue_repo.project_customers()
        return self._project_customers.get(entity.project_id)

    def visible(self, kind: str, entity) -> bool:
        """Customer accounts: entries of their customers. Others: entries not restricted to
        teams they are not in (admins: all)."""
        if self.viewer.is_customer_account:
            return self.customer_id(kind, entity) in self.viewer.customer_ids
        if access.is_admin(self.ctx):
            return True
        return access.entity_usable(self.ctx, kind, entity.id, self.restrictions)

    def teams(self, kind: str, entity) -> set[int]:
        """The teams the entry and its parents are assigned to."""
        chain = [(kind, entity.id)]
        if kind == "activity" and entity.project_id is not None:
            chain.append(("project", entity.project_id))
        customer_id = self.customer_id(kind, entity)
        if kind != "customer" and customer_id is not None:
            chain.append(("customer", customer_id))
        return set().union(*(self.restrictions.get(k, {}).get(i, set()) for k, i in chain))

    def sees_budget(self, kind: str, entity) -> bool:
        """Budget figures (totals, usage) of this entry need a budget permission on it."""
        seen_by = self.viewer
        if not visibility.may_see_some_budgets(seen_by, kind):
            return False
        teams = self.teams(kind, entity) if seen_by.led_team_ids else ()
        return visibility.may_see_budget(seen_by, kind, self.customer_id(kind, entity), teams)

    def shown(self, kind: str, entity):
        """The entry as the acting user may see it: without its budgets unless permitted."""
        if entity.budgets == domain.Budgets() or self.sees_budget(kind, entity):
            return entity
        return replace(entity, budgets=domain.Budgets())


__all__ = ["EntityAccess"]
