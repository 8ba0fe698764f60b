"""Peewee models: one table per entity of rules.md §Entities.

Design choices, each for the million-record case:
- Instants are stored as integer UTC epoch seconds (`begin_ts`, `end_ts`): compact, indexable and
  identical on SQLite and PostgreSQL. `day` is the record's local calendar day of its begin as an
  int yyyymmdd, so month budgets and day/week/month periods are plain range scans.
- Money is stored as integer ten-thousandths (MoneyField), so sums in SQL are exact.
- `Timesheet.customer` repeats the project's customer so per-customer reports and filters need
  no join; the services keep it in step when a project moves.
- `actual_begin_ts`/`actual_end_ts` keep what the clock said beside the rounded, billed
  `begin_ts`/`end_ts` (migration 6); overlap, future and long-running rules use them.
- `version` (records, catalogue entries, users, teams) grows by one with every change: an
  editor saves only over the version it opened (optimistic concurrency), and an export locks
  only the versions it wrote.
"""

from __future__ import annotations

from decimal import Decimal

from peewee import (
    BigIntegerField,
    BooleanField,
    CharField,
    CompositeKey,
    DatabaseProxy,
    DateField,
    ForeignKeyField,
    IntegerField,
    Model,
    TextField,
    SQL,
)

database_proxy = DatabaseProxy()

_MONEY_SCALE = 10_000


class MoneyField(BigIntegerField):
    """A Decimal with 4 places, stored exactly as an integer count of 1/10000."""

    def db_value(self, value):
        if value is None:
            return None
        return int((Decimal(value) * _MONEY_SCALE).to_integral_value())

    def python_value(self, value):
        if value is None:
            return None
        return (Decimal(int(value)) / _MONEY_SCALE).quantize(Decimal("0.0001"))


class BaseModel(Model):
    class Meta:
        database = database_proxy
        legacy_table_names = False


class SchemaVersion(BaseModel):
    version = IntegerField()


class Revision(BaseModel):
    """One row whose counter every write transaction bumps: sessions poll it (one indexed
    read) to learn that something changed, instead of re-querying their views."""

    counter = BigIntegerField(default=0)


class User(BaseModel):
    username = CharField(max_length=180, unique=True)
    alias = CharField(max_length=180, default="")
    email = CharField(max_length=180, default="")
    staff_number = CharField(max_length=60, default="")
    timezone = CharField(max_length=64, default="UTC")
    roles = CharField(max_length=255, default="ROLE_USER")  # comma-separated
    hourly_rate = MoneyField(null=True)
    internal_rate = MoneyField(null=True)
    enabled = BooleanField(default=True)
    time_format = CharField(max_length=3, default="24h")  # 24h | 12h (display only)
    # Durations shown as decimal hours (2.62) instead of H:MM (migration 6).
    decimal_hours = BooleanField(default=False, constraints=[SQL("DEFAULT FALSE")])
    version = IntegerField(default=1, constraints=[SQL("DEFAULT 1")])


class _CatalogueEntry(BaseModel):
    name = CharField(max_length=150)
    number = CharField(max_length=50, default="")
    comment = TextField(default="")
    color = CharField(max_length=7, null=True)
    visible = BooleanField(default=True, index=True)
    billable = BooleanField(default=True)
    budget = MoneyField(null=True)
    time_budget = BigIntegerField(null=True)
    budget_type = CharField(max_length=10, default="lifetime")
    version = IntegerField(default=1, constraints=[SQL("DEFAULT 1")])


class Customer(_CatalogueEntry):
    company = CharField(max_length=255, default="")
    vat_id = CharField(max_length=50, default="")
    contact = CharField(max_length=255, default="")
    email = CharField(max_length=255, default="")
    phone = CharField(max_length=50, default="")
    address = TextField(default="")
    timezone = CharField(max_length=64, default="UTC")
    currency = CharField(max_length=3, default="EUR")


class Project(_CatalogueEntry):
    customer = ForeignKeyField(Customer, backref="projects", on_delete="RESTRICT")
    order_number = CharField(max_length=50, default="")
    start_date = DateField(null=True)
    end_date = DateField(null=True)
    global_activities = BooleanField(default=True)


class Activity(_CatalogueEntry):
    project = ForeignKeyField(Project, null=True, backref="activities", on_delete="RESTRICT")


class Team(BaseModel):
    name = CharField(max_length=100, unique=True)
    version = IntegerField(default=1, constraints=[SQL("DEFAULT 1")])


class TeamMember(BaseModel):
    team = ForeignKeyField(Team, backref="members", on_delete="CASCADE")
    user = ForeignKeyField(User, backref="memberships", on_delete="CASCADE")
    lead = BooleanField(default=False)

    class Meta:
        primary_key = CompositeKey("team", "user")


class TeamCustomer(BaseModel):
    team = ForeignKeyField(Team, on_delete="CASCADE")
    customer = ForeignKeyField(Customer, on_delete="CASCADE")

    class Meta:
        primary_key = CompositeKey("team", "customer")


class TeamProject(BaseModel):
    team = ForeignKeyField(Team, on_delete="CASCADE")
    project = ForeignKeyField(Project, on_delete="CASCADE")

    class Meta:
        primary_key = CompositeKey("team", "project")


class TeamActivity(BaseModel):
    team = ForeignKeyField(Team, on_delete="CASCADE")
    activity = ForeignKeyField(Activity, on_delete="CASCADE")

    class Meta:
        primary_key = CompositeKey("team", "activity")


class CustomerAccess(BaseModel):
    """Which customers a ROLE_CUSTOMER account may see (seed 000's customer accounts)."""

    user = ForeignKeyField(User, on_delete="CASCADE")
    customer = ForeignKeyField(Customer, on_delete="CASCADE")

    class Meta:
        primary_key = CompositeKey("user", "customer")


class PriceRule(BaseModel):
    """A price on exactly one of customer, project or activity; user None = the catch-all."""

    customer = ForeignKeyField(Customer, null=True, on_delete="CASCADE")
    project = ForeignKeyField(Project, null=True, on_delete="CASCADE")
    activity = ForeignKeyField(Activity, null=True, on_delete="CASCADE")
    user = ForeignKeyField(User, null=True, on_delete="CASCADE")
    rate = MoneyField()
    internal_rate = MoneyField(null=True)
    fixed = BooleanField(default=False)


class Tag(BaseModel):
    name = CharField(max_length=100, unique=True)


class Timesheet(BaseModel):
    # No single-column indexes on the references: the composite ones below lead with them.
    user = ForeignKeyField(User, backref="timesheets", on_delete="RESTRICT", index=False)
    customer = ForeignKeyField(Customer, on_delete="RESTRICT", index=False)
    project = ForeignKeyField(Project, on_delete="RESTRICT", index=False)
    activity = ForeignKeyField(Activity, on_delete="RESTRICT", index=False)
    begin_ts = BigIntegerField()  # rounded (billed) begin
    end_ts = BigIntegerField(null=True)  # rounded (billed) end; None = running
    # Actual begin/end (rules.md "Decision (actual and billed times)"): what the clock or the
    # user said, before rounding. NULL = the same as the rounded value (rows written by bulk
    # loads); migration 6 filled them for the records before it.
    actual_begin_ts = BigIntegerField(null=True)
    actual_end_ts = BigIntegerField(null=True)
    # Kimai 2's break: seconds of pause inside begin..end, not part of the duration; and when
    # a running record was paused (UTC epoch seconds; null: not paused).
    break_seconds = IntegerField(default=0, constraints=[SQL("DEFAULT 0")])
    paused_ts = BigIntegerField(null=True)
    day = IntegerField()  # local yyyymmdd of begin in `timezone`
    timezone = CharField(max_length=64)
    duration = BigIntegerField(default=0)
    description = TextField(default="")
    billable = BooleanField(default=True)
    exported = BooleanField(default=False)
    hourly_rate = MoneyField(null=True)
    fixed_rate = MoneyField(null=True)
    rate = MoneyField(default=0)
    internal_rate = MoneyField(default=0)
    created_ts = BigIntegerField()
    modified_ts = BigIntegerField()
    version = IntegerField(default=1, constraints=[SQL("DEFAULT 1")])

    class Meta:
        indexes = (
            (("user", "begin_ts"), False),
            (("project", "begin_ts"), False),
            (("activity", "begin_ts"), False),
            (("customer", "begin_ts"), False),
            (("begin_ts",), False),
            (("project", "day"), False),
            (("customer", "day"), False),
            (("activity", "day"), False),
            (("day", "customer", "project"), False),  # month reports over everyone
        )


class TimesheetTag(BaseModel):
    timesheet = ForeignKeyField(Timesheet, on_delete="CASCADE", index=False)
    tag = ForeignKeyField(Tag, on_delete="CASCADE", index=False)

    class Meta:
        primary_key = CompositeKey("timesheet", "tag")
        indexes = ((("tag", "timesheet"), False),)


class MetaValue(BaseModel):
    """A custom-field value. `kind` is timesheet, customer, project or activity."""

    kind = CharField(max_length=10)
    owner_id = BigIntegerField()
    name = CharField(max_length=64)
    value = TextField(default="")

    class Meta:
        indexes = (
            (("kind", "owner_id", "name"), True),
            (("kind", "name"), False),
        )


ALL_MODELS = (
    SchemaVersion,
    Revision,
    User,
    Customer,
    Project,
    Activity,
    Team,
    TeamMember,
    TeamCustomer,
    TeamProject,
    TeamActivity,
    CustomerAccess,
    PriceRule,
    Tag,
    Timesheet,
    TimesheetTag,
    MetaValue,
)


def first_version() -> int:
    """The version a new record or catalogue entry starts at: one more than the write counter.
    SQLite gives a new row the id of a deleted newest one; starting above every version that
    row could have had, an editor still open on the deleted one meets a conflict instead of
    overwriting the new one (services/concurrency.py)."""
    row = Revision.select(Revision.counter).where(Revision.id == 1).tuples().first()
    return (row[0] if row else 0) + 1
