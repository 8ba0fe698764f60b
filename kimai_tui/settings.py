"""Typed, frozen settings: what kimai.yaml says, with every default of ../shared/spec/config.md.

This module only describes the settings; `kimai_tui.config` reads and validates the file.
It is the lowest floor: it imports nothing of the project.
"""

from __future__ import annotations

from dataclasses import dataclass, field

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
ALL_DAYS = frozenset(range(7))  # 0 = Monday, as datetime.weekday()

ROUNDING_MODES = ("default", "floor", "ceil", "closest")
TRACKING_MODES = ("default", "punch", "duration_only", "duration_fixed_begin")
# Kimai's alternative spellings, accepted in kimai.yaml and normalised on load.
TRACKING_MODE_ALIASES = {"time_clock": "punch", "duration_fixed_start": "duration_fixed_begin"}
CUSTOM_FIELD_TYPES = ("string", "text", "integer", "number", "checkbox", "date", "email", "url",
                      "choice")
CUSTOM_FIELD_KINDS = ("timesheet", "customer", "project", "activity")


@dataclass(frozen=True)
class RoundingRule:
    """One named rule of kimai.timesheet.rounding. Minutes; 0 = that field is not rounded."""

    name: str = "default"
    days: frozenset[int] = ALL_DAYS
    begin: int = 1
    end: int = 1
    duration: int = 0
    mode: str = "default"


@dataclass(frozen=True)
class RateFactor:
    """One named rule of kimai.timesheet.rates: a weekday factor for hourly amounts."""

    name: str
    days: frozenset[int]
    factor: str  # a decimal string such as "1.5": money is never a float


@dataclass(frozen=True)
class ActiveEntries:
    """`kimai.timesheet.active_entries`: running records one user may have (rules.md §Running
    records)."""

    soft_limit: int = 1
    hard_limit: int = 1


@dataclass(frozen=True)
class TimesheetRules:
    """`kimai.timesheet.rules`: Kimai's timesheet validation switches and the lockdown period
    (rules.md §Validation, §Lockdown)."""

    allow_future_times: bool = True
    allow_zero_duration: bool = True
    allow_overlapping_records: bool = True
    allow_overbooking_budget: bool = True
    long_running_duration: int = 0  # minutes, 0 = off
    lockdown_period_start: str | None = None
    lockdown_period_end: str | None = None
    lockdown_grace_period: str | None = None
    lockdown_period_timezone: str | None = None


@dataclass(frozen=True)
class TimesheetSettings:
    """`kimai.timesheet`: tracking mode, default begin, rounding rules and rate factors."""

    mode: str = "default"
    default_begin: str = "now"
    markdown_content: bool = False
    active_entries: ActiveEntries = field(default_factory=ActiveEntries)
    rounding: tuple[RoundingRule, ...] = (RoundingRule(),)
    rates: tuple[RateFactor, ...] = ()
    rules: TimesheetRules = field(default_factory=TimesheetRules)


@dataclass(frozen=True)
class CustomerDefaults:
    """`kimai.defaults.customer`: what a new customer starts with."""

    currency: str = "EUR"
    timezone: str = "UTC"
    color: str | None = None


@dataclass(frozen=True)
class UserDefaults:
    """`kimai.defaults.user`: what a new user starts with (hourly_rate a decimal string)."""

    timezone: str = "UTC"
    hourly_rate: str = "0"
    time_format: str = "24h"  # or 12h


@dataclass(frozen=True)
class Defaults:
    """`kimai.defaults`: the starting values of new customers and users."""

    customer: CustomerDefaults = field(default_factory=CustomerDefaults)
    user: UserDefaults = field(default_factory=UserDefaults)


@dataclass(frozen=True)
class InvoiceSettings:
    """`kimai.invoice`: Kimai's number format of new templates and the folders searched for
    invoice documents (before the built-in ones); `pdf_font`, our addition: a TrueType font
    file for PDF invoices (None: Helvetica, Latin-1 only)."""

    number_format: str = "{Y}/{cy,3}"
    documents: tuple[str, ...] = ()
    pdf_font: str | None = None


@dataclass(frozen=True)
class PermissionSettings:
    """`kimai.permissions.roles` (Kimai's `permissions.roles`): per role, permission names
    granted ("create_customer") or revoked ("!delete_other_timesheet") over the defaults of
    rules.md §Roles and permissions, as (role, entries) pairs in the file's order."""

    roles: tuple[tuple[str, tuple[str, ...]], ...] = ()

    def as_mapping(self) -> dict[str, tuple[str, ...]]:
        """{"ROLE_TEAMLEAD": ("create_customer", ...)} for rules.permissions.permissions_for."""
        return dict(self.roles)


@dataclass(frozen=True)
class KimaiSettings:
    """`kimai:`: the settings Kimai itself knows, under Kimai's names."""

    defaults: Defaults = field(default_factory=Defaults)
    timesheet: TimesheetSettings = field(default_factory=TimesheetSettings)
    invoice: InvoiceSettings = field(default_factory=InvoiceSettings)
    permissions: PermissionSettings = field(default_factory=PermissionSettings)


@dataclass(frozen=True)
class CustomField:
    """One custom field (Kimai's meta field) of a kind: its name, type and label."""

    name: str
    type: str = "string"
    label: str = ""


@dataclass(frozen=True)
class CustomFields:
    """`custom_fields:`: the custom fields declared per kind (timesheet, customer, project,
    activity)."""

    timesheet: tuple[CustomField, ...] = ()
    customer: tuple[CustomField, ...] = ()
    project: tuple[CustomField, ...] = ()
    activity: tuple[CustomField, ...] = ()

    def for_kind(self, kind: str) -> tuple[CustomField, ...]:
        return getattr(self, kind)


@dataclass(frozen=True)
class SecuritySettings:
    """`security:` of kimai.yaml (cli.md "Identity" and "Restricted sessions").

    trusted_operators: OS accounts that may use --as (SQLite; on PostgreSQL the database
    decides). restricted: every session is a restricted session. export_directory: an absolute
    directory on the server where a restricted session's TUI export writes new 0600 files;
    None = such sessions stream exports through `ssh HOST export ...` only.
    """

    trusted_operators: tuple[str, ...] = ()
    restricted: bool = False
    export_directory: str | None = None


@dataclass(frozen=True)
class ReviewSettings:
    """`review:` of kimai.yaml, our addition: what the team leads' review queue flags
    (services/review.py). Seconds for durations; weekdays 0 = Monday."""

    working_days: frozenset[int] = frozenset({0, 1, 2, 3, 4})
    workday_end: str = "18:00"  # a timer still running after this (local) time is flagged
    long_record: int = 10 * 3600  # records longer than this are flagged
    target: int = 0  # seconds a working day should hold; 0: flag only days with no time


@dataclass(frozen=True)
class TuiSettings:
    """`tui:`: the terminal UI's theme, key map and how often (seconds) it looks for changes."""

    theme: str = "textual-dark"
    keymap: tuple[tuple[str, str], ...] = ()  # (binding id, keys) pairs
    refresh_seconds: float = 1.0


@dataclass(frozen=True)
class Settings:
    """The whole of kimai.yaml, every key with its default (config.md)."""

    database: str | None = None  # None: $XDG_DATA_HOME/kimai-tui/kimai.sqlite
    security: SecuritySettings = field(default_factory=SecuritySettings)
    kimai: KimaiSettings = field(default_factory=KimaiSettings)
    custom_fields: CustomFields = field(default_factory=CustomFields)
    tui: TuiSettings = field(default_factory=TuiSettings)
    review: ReviewSettings = field(default_factory=ReviewSettings)
    source: str | None = None  # the file these settings came from, None for built-in defaults
