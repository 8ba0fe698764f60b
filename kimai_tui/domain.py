"""Plain dataclasses that cross the floors: the repository returns them, services and faces use them.

No Peewee here, so the faces can use these types without importing the data layer's models.
Instants are timezone-aware datetimes in UTC; `timezone` names the zone to show them in.
Money is Decimal with 4 places.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal


@dataclass(frozen=True)
class User:
    """A user as the faces see it; rates in Decimal, `timezone` an IANA name."""

    id: int
    username: str
    alias: str = ""
    email: str = ""
    staff_number: str = ""
    timezone: str = "UTC"
    roles: tuple[str, ...] = ("ROLE_USER",)
    hourly_rate: Decimal | None = None
    internal_rate: Decimal | None = None
    enabled: bool = True
    time_format: str = "24h"  # 24h | 12h: how times are shown to this user
    decimal_hours: bool = False  # durations shown as decimal hours (2.62), else H:MM
    customer_ids: tuple[int, ...] = ()  # ROLE_CUSTOMER accounts: the customers they may see
    version: int = 0  # grows with every change (optimistic concurrency)

    @property
    def display_name(self) -> str:
        return self.alias or self.username


@dataclass(frozen=True)
class Budgets:
    """A customer's, project's or activity's budgets: money, seconds, and per month or lifetime."""

    budget: Decimal | None = None  # money
    time_budget: int | None = None  # seconds
    budget_type: str = "lifetime"  # lifetime | month


@dataclass(frozen=True)
class Customer:
    """A customer with its contact data, currency, zone and budgets (Kimai's customer)."""

    id: int
    name: str
    number: str = ""
    comment: str = ""
    company: str = ""
    vat_id: str = ""
    contact: str = ""
    email: str = ""
    phone: str = ""
    address: str = ""
    timezone: str = "UTC"
    currency: str = "EUR"
    color: str | None = None
    visible: bool = True
    billable: bool = True
    budgets: Budgets = field(default_factory=Budgets)
    meta: dict[str, str] = field(default_factory=dict)
    version: int = 0  # grows with every change (optimistic concurrency)


@dataclass(frozen=True)
class Project:
    """A project of a customer, with its dates and budgets (Kimai's project)."""

    id: int
    customer_id: int
    name: str
    number: str = ""
    order_number: str = ""
    comment: str = ""
    color: str | None = None
    visible: bool = True
    billable: bool = True
    start_date: date | None = None
    end_date: date | None = None
    global_activities: bool = True
    budgets: Budgets = field(default_factory=Budgets)
    meta: dict[str, str] = field(default_factory=dict)
    version: int = 0  # grows with every change (optimistic concurrency)


@dataclass(frozen=True)
class Activity:
    """An activity of a project, or global when `project_id` is None (Kimai's activity)."""

    id: int
    project_id: int | None  # None = global activity
    name: str
    number: str = ""
    comment: str = ""
    color: str | None = None
    visible: bool = True
    billable: bool = True
    budgets: Budgets = field(default_factory=Budgets)
    meta: dict[str, str] = field(default_factory=dict)
    version: int = 0  # grows with every change (optimistic concurrency)


@dataclass(frozen=True)
class Record:
    """A timesheet record with the names a face needs to show it."""

    id: int
    user_id: int
    username: str
    customer_id: int
    customer: str
    project_id: int
    project: str
    activity_id: int
    activity: str
    begin: datetime
    end: datetime | None
    timezone: str
    duration: int
    description: str
    tags: tuple[str, ...]
    billable: bool
    exported: bool
    currency: str
    hourly_rate: Decimal | None
    fixed_rate: Decimal | None
    rate: Decimal
    internal_rate: Decimal
    meta: dict[str, str] = field(default_factory=dict)
    color: str = "#d2d6de"
    version: int = 0  # grows with every change (optimistic concurrency)
    # What the clock or the user said, before rounding (rules.md "Decision (actual and billed
    # times)"); `begin`/`end`/`duration` are the rounded, billed values. Left out (None) they
    # are the rounded ones.
    actual_begin: datetime | None = None
    actual_end: datetime | None = None
    break_seconds: int = 0  # Kimai 2's break: pause inside begin..end, not in the duration
    paused_at: datetime | None = None  # a running record paused since then (UTC)
    # What a stop saved against a rule ("budget: ...", "duration: ..."; rules.md "Decision
    # (no trapped timers)"): set on the records a stop returns, never stored.
    warnings: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if self.actual_begin is None:
            object.__setattr__(self, "actual_begin", self.begin)
        if self.actual_end is None and self.end is not None:
            object.__setattr__(self, "actual_end", self.end)

    @property
    def running(self) -> bool:
        return self.end is None

    @property
    def rounded_differs(self) -> bool:
        """True when rounding moved the begin or the end (editors then show both)."""
        return self.actual_begin != self.begin or self.actual_end != self.end


@dataclass(frozen=True)
class InvoiceTemplate:
    """Kimai's invoice template: the issuer, grouping, number format and document."""

    id: int
    name: str
    title: str = "Invoice"
    company: str = ""
    vat_id: str = ""
    address: str = ""
    contact: str = ""
    payment_terms: str = ""
    payment_details: str = ""
    due_days: int = 30
    tax_rate: Decimal = Decimal("0")  # percent
    grouping: str = "record"
    number_format: str = "{Y}/{cy,3}"
    document: str = "default.html"
    version: int = 0


@dataclass(frozen=True)
class Invoice:
    """An invoice of the archive. Money to the cent; `lines` and `header` are the snapshot
    taken when it was created (rendering uses only them)."""

    id: int
    number: str
    customer_id: int
    customer: str
    user_id: int
    created: datetime
    timezone: str
    period_from: datetime | None
    period_to: datetime | None
    currency: str
    subtotal: Decimal
    tax_rate: Decimal
    tax: Decimal
    total: Decimal
    seconds: int
    due_days: int
    status: str
    paid: datetime | None
    comment: str
    lines: list[dict]
    header: dict
    template_id: int | None = None
    records: int = 0
    version: int = 0
