"""Writes for `kimai-tui demo`: the seed catalogue, demo users and a team, bulk records."""

from __future__ import annotations

import random
from decimal import Decimal

from peewee import chunked, fn

from kimai_tui.data import users as users_repo
from kimai_tui.data.models import (
    Activity,
    Customer,
    MetaValue,
    PriceRule,
    Project,
    Tag,
    Timesheet,
    TimesheetTag,
    User,
)
from kimai_tui.rules.rates import PriceRule as RulePrice

BATCH = 500


def _get_or_create(model, where, values) -> tuple[object, bool]:
    row = model.get_or_none(where)
    if row is not None:
        return row, False
    return model.get_by_id(model.insert(**values).execute()), True


def ensure_catalogue(entries, currency: str, timezone: str, budget_project: str,
                     budget_seconds: int) -> list[dict]:
    """Create what is missing; return one dict per activity with what pricing needs."""
    out = []
    for customer_name, project_name, comment, activity_name, billable, price, visible in entries:
        customer, _ = _get_or_create(Customer, fn.LOWER(Customer.name) == customer_name.lower(),
                                     {"name": customer_name, "currency": currency,
                                      "timezone": timezone})
        project_values = {"name": project_name, "customer": customer.id,
                          "comment": comment or ""}
        if project_name == budget_project:
            project_values.update(time_budget=budget_seconds, budget_type="month")
        project, _ = _get_or_create(
            Project, (fn.LOWER(Project.name) == project_name.lower())
            & (Project.customer == customer.id), project_values)
        activity, created = _get_or_create(
            Activity, (fn.LOWER(Activity.name) == activity_name.lower())
            & (Activity.project == project.id),
            {"name": activity_name, "project": project.id, "billable": billable,
             "visible": visible})
        if created and price is not None:
            PriceRule.insert(activity=activity.id, user=None, rate=price).execute()
        rule = PriceRule.get_or_none((PriceRule.activity == activity.id)
                                     & PriceRule.user.is_null())
        out.append({
            "id": activity.id, "name": activity.name, "project_id": project.id,
            "customer_id": customer.id, "billable": activity.billable and project.billable
            and customer.billable, "visible": activity.visible,
            "rule": None if rule is None else RulePrice(price=rule.rate,
                                                        internal_price=rule.internal_rate,
                                                        fixed=rule.fixed),
        })
    return out


def ensure_users(usernames: list[str], timezone: str, rng: random.Random) -> list[dict]:
    """Demo users (the first one leads the "Support" team) with hourly rates in PHP."""
    people = []
    for index, name in enumerate(usernames):
        role = "ROLE_TEAMLEAD" if index == 0 else "ROLE_USER"
        hourly = Decimal(rng.choice((350, 400, 450, 500)))
        user, _ = _get_or_create(User, fn.LOWER(User.username) == name,
                                 {"username": name, "alias": name.capitalize(),
                                  "email": f"{name}@polaris.example", "timezone": timezone,
                                  "roles": role, "hourly_rate": hourly,
                                  "internal_rate": hourly * Decimal("0.6"),
                                  "staff_number": f"P{1000 + index}"})
        people.append({"id": user.id, "hourly_rate": user.hourly_rate,
                       "internal_rate": user.internal_rate})
    team_id = users_repo.team_by_name("Support")
    if team_id is None and people:
        ids = [p["id"] for p in people]
        users_repo.team_save(None, "Support", [ids[0]], ids[1:], None, None, None)
    return people


def insert_records(rows: list[dict], tag_names: list[str], custom_fields) -> None:
    """Bulk insert; tags and custom-field values go in after, by the ids SQLite assigned."""
    tag_ids = {}
    for name in tag_names:
        tag, _ = _get_or_create(Tag, fn.LOWER(Tag.name) == name.lower(), {"name": name})
        tag_ids[name] = tag.id
    fields = {f.name for f in custom_fields.timesheet}
    start_id = (Timesheet.select(fn.MAX(Timesheet.id)).scalar() or 0) + 1
    columns = [k for k in rows[0] if not k.startswith("_")] if rows else []
    for batch in chunked(rows, BATCH):
        Timesheet.insert_many([{k: row[k] for k in columns} for row in batch]).execute()
    # Rows were inserted in order into an otherwise idle table (one write transaction).
    ids = [rid for (rid,) in Timesheet.select(Timesheet.id).where(Timesheet.id >= start_id)
           .order_by(Timesheet.id).tuples()]
    links, metas = [], []
    for rid, row in zip(ids, rows):
        links.extend({"timesheet": rid, "tag": tag_ids[t]} for t in row["_tags"])
        if "location" in fields:
            metas.append({"kind": "timesheet", "owner_id": rid, "name": "location",
                          "value": row["_location"]})
        if "ticket" in fields:
            metas.append({"kind": "timesheet", "owner_id": rid, "name": "ticket",
                          "value": row["_ticket"]})
    for batch in chunked(links, BATCH):
        TimesheetTag.insert_many(batch).execute()
    for batch in chunked(metas, BATCH):
        MetaValue.insert_many(batch).execute()
