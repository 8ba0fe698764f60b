"""What the pickers offer: every startable customer / project / activity, the recent ones, tags.

Hidden entries and team-restricted ones the user may not use are left out.
"""

from __future__ import annotations

from dataclasses import dataclass

from kimai_tui.data import timesheets as records_repo
from kimai_tui.services import catalogue
from kimai_tui.services import tags as tag_service
from kimai_tui.services.context import Context


@dataclass(frozen=True)
class Choice:
    customer_id: int
    customer: str
    project_id: int
    project: str
    activity_id: int
    activity: str
    color: str | None = None

    @property
    def label(self) -> str:
        return f"{self.customer} / {self.project} / {self.activity}"


def start_choices(ctx: Context) -> list[Choice]:
    customers = {c.id: c for c in catalogue.usable(ctx, "customer")}
    projects = [p for p in catalogue.usable(ctx, "project") if p.customer_id in customers]
    activities = catalogue.usable(ctx, "activity")
    by_project: dict[int | None, list] = {}
    for activity in activities:
        by_project.setdefault(activity.project_id, []).append(activity)
    out = []
    for project in projects:
        customer = customers[project.customer_id]
        offered = list(by_project.get(project.id, []))
        if project.global_activities:
            offered += by_project.get(None, [])
        for activity in offered:
            out.append(Choice(customer.id, customer.name, project.id, project.name, activity.id,
                              activity.name, activity.color or project.color or customer.color))
    return out


def recent_choices(ctx: Context, limit: int = 10) -> list[Choice]:
    """The user's recently used pairs that can still be started, newest first."""
    startable = {(c.project_id, c.activity_id): c for c in start_choices(ctx)}
    return [startable[pair] for pair in records_repo.recent_activities(ctx.user.id, limit * 2)
            if pair in startable][:limit]


def tags(ctx: Context) -> list[str]:
    """The tags the acting user may see (services.tags: what the record listing shows)."""
    return tag_service.names(ctx)


def rank(query: str, found: list[Choice]) -> list[Choice]:
    """Best matches first: every word of the query found in the label beats a fuzzy
    (letters in order) match; within each group, shorter labels and word starts first."""
    words = query.lower().split()
    if not words:
        return list(found)
    scored = []
    for choice in found:
        label = choice.label.lower()
        if all(word in label for word in words):
            starts = sum(1 for word in words if f" {word}" in f" {label}")
            scored.append((0, -starts, len(label), choice))
        elif _in_order("".join(words), label):
            scored.append((1, 0, len(label), choice))
    scored.sort(key=lambda item: item[:3])
    return [item[3] for item in scored]


def _in_order(letters: str, label: str) -> bool:
    position = 0
    for letter in letters:
        position = label.find(letter, position)
        if position < 0:
            return False
        position += 1
    return True
