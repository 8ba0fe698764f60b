"""Model rows to domain dataclasses, and instants to and from the integer columns."""

from __future__ import annotations

from datetime import datetime, timezone

from kimai_tui import domain
from kimai_tui.data import models

UTC = timezone.utc


def to_ts(moment: datetime) -> int:
    """An aware datetime to whole UTC epoch seconds (records keep whole seconds)."""
    return int(moment.timestamp() // 1)


def from_ts(ts: int | None) -> datetime | None:
    return None if ts is None else datetime.fromtimestamp(ts, tz=UTC)


def roles_of(text: str) -> tuple[str, ...]:
    return tuple(r for r in text.split(",") if r)


def user(row: models.User, customer_ids: tuple[int, ...] = ()) -> domain.User:
    return domain.User(
        id=row.id, username=row.username, alias=row.alias, email=row.email,
        staff_number=row.staff_number, timezone=row.timezone, roles=roles_of(row.roles),
        hourly_rate=row.hourly_rate, internal_rate=row.internal_rate, enabled=row.enabled,
        time_format=row.time_format, decimal_hours=bool(row.decimal_hours),
        customer_ids=customer_ids, version=row.version,
    )


def budgets(row) -> domain.Budgets:
    return domain.Budgets(budget=row.budget, time_budget=row.time_budget,
                          budget_type=row.budget_type or "lifetime")


def customer(row: models.Customer, meta: dict[str, str] | None = None) -> domain.Customer:
    return domain.Customer(
        id=row.id, name=row.name, number=row.number, comment=row.comment, company=row.company,
        vat_id=row.vat_id, contact=row.contact, email=row.email, phone=row.phone,
        address=row.address, timezone=row.timezone, currency=row.currency, color=row.color,
        visible=row.visible, billable=row.billable, budgets=budgets(row), meta=meta or {},
        version=row.version,
    )


def project(row: models.Project, meta: dict[str, str] | None = None) -> domain.Project:
    return domain.Project(
        id=row.id, customer_id=row.customer_id, name=row.name, number=row.number,
        order_number=row.order_number, comment=row.comment, color=row.color,
        visible=row.visible, billable=row.billable, start_date=row.start_date,
        end_date=row.end_date, global_activities=row.global_activities, budgets=budgets(row),
        meta=meta or {}, version=row.version,
    )


def activity(row: models.Activity, meta: dict[str, str] | None = None) -> domain.Activity:
    return domain.Activity(
        id=row.id, project_id=row.project_id, name=row.name, number=row.number,
        comment=row.comment, color=row.color, visible=row.visible, billable=row.billable,
        budgets=budgets(row), meta=meta or {}, version=row.version,
    )


DEFAULT_COLOR = "#d2d6de"


def inherited_color(*colors: str | None) -> str:
    """activity → project → customer → #d2d6de: the first colour that is set."""
    for color in colors:
        if color:
            return color
    return DEFAULT_COLOR
