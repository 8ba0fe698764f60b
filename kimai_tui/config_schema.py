"""The schema of kimai.yaml: turns the parsed YAML tree into `Settings`, collecting problems.

A helper of `kimai_tui.config`. It walks ruamel.yaml round-trip nodes (dict/list subclasses that
carry 0-based line numbers in `.lc`) but never imports ruamel itself. Every problem of the file is
collected as (1-based line or None, dotted key, message); nothing is raised, so `config check`
can report them all at once. A value that fails its check falls back to its default.
"""

from __future__ import annotations

import re
from typing import Any, Callable, Iterable, Iterator

from kimai_tui.config_checks import (  # noqa: F401 - used here and by their callers
    check_minutes,
    Bad, _unknown, check_absolute_dir, check_absolute_dirs, check_absolute_file, check_bool, check_choice, check_color, check_currency, check_database, check_decimal, check_default_begin, check_hhmm, check_hours, check_int, check_keymap, check_number_format, check_refresh, check_role_permissions, check_str, check_str_list, check_timezone, check_weekdays, check_word, item_line, key_line, kind_of, node_line, optional, suggest,
)
from kimai_tui.settings import (
    CUSTOM_FIELD_KINDS, CUSTOM_FIELD_TYPES, ROUNDING_MODES, TRACKING_MODE_ALIASES, TRACKING_MODES,
    WEEKDAYS, ActiveEntries, CustomerDefaults, CustomField, CustomFields, Defaults, KimaiSettings,
    InvoiceSettings, PermissionSettings, RateFactor, ReviewSettings, RoundingRule, SecuritySettings, Settings, TimesheetRules,
    TimesheetSettings, TuiSettings, UserDefaults,
)

Problem = tuple["int | None", str, str]  # (1-based line or None, dotted key, message)

CUSTOM_FIELD_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,63}")
_MISSING = object()


# --- walking the tree ----------------------------------------------------------------------------

class Section:
    """One mapping of the file (or a missing one); typed getters that report and fall back."""

    def __init__(self, problems: list[Problem], node: Any, key: str, line: int | None,
                 known: Iterable[str]) -> None:
        self.problems, self.node, self.key, self.line = problems, node, key, line
        self.known = tuple(known)
        for k in (node or {}):
            if not isinstance(k, str) or k not in self.known:
                self.report(key_line(node, k), self.path(str(k)), _unknown(str(k), self.known, "key"))

    def path(self, name: str) -> str:
        return f"{self.key}.{name}" if self.key else name

    def report(self, line: int | None, key: str, message: str) -> None:
        self.problems.append((line, key, message))

    def has(self, name: str) -> bool:
        return self.node is not None and self.node.get(name) is not None

    def get(self, name: str, check: Callable[[Any], Any], default: Any = _MISSING) -> Any:
        """The checked value of key NAME; absent: DEFAULT, or a problem when there is none."""
        if self.node is None or name not in self.node:
            if default is _MISSING:
                self.report(self.line, self.path(name), "missing; this key is required")
                return None
            return default
        try:
            return check(self.node[name])
        except Bad as bad:
            line = bad.line if bad.line is not None else key_line(self.node, name)
            key = self.path(name) + (f".{bad.key}" if bad.key else "")
            self.report(line, key, bad.message)
            return None if default is _MISSING else default

    def child(self, name: str, known: Iterable[str]) -> Section:
        value = self.node.get(name) if self.node is not None else None
        line = key_line(self.node, name) if self.node is not None and name in self.node else self.line
        if value is not None and not isinstance(value, dict):
            self.report(line, self.path(name), f"expected a mapping, got {kind_of(value)}")
            value = None
        return Section(self.problems, value, self.path(name), line, known)

    def entries(self, name: str, known: Iterable[str]) -> Iterator[tuple[str, Section]]:
        """The NAME -> mapping entries of a named-rule section (rounding, rates, custom fields)."""
        value = self.node.get(name) if self.node is not None else None
        if value is None:
            return
        if not isinstance(value, dict):
            self.report(key_line(self.node, name), self.path(name),
                        f"expected a mapping of names to rules, got {kind_of(value)}")
            return
        for k, rule in value.items():
            line, key = key_line(value, k), f"{self.path(name)}.{k}"
            if not isinstance(k, str) or not k.strip():
                self.report(line, key, f"a name must be a non-empty string, got {kind_of(k)}")
                continue
            if rule is not None and not isinstance(rule, dict):
                self.report(line, key, f"expected a mapping, got {kind_of(rule)}")
                continue
            yield str(k), Section(self.problems, rule, key, line, known)



# --- the schema ----------------------------------------------------------------------------------

TOP_KEYS = ("database", "security", "kimai", "custom_fields", "tui", "review")
RULE_KEYS = ("days", "begin", "end", "duration", "mode")


def build_settings(root: dict | None, source: str | None = None) -> tuple[Settings, list[Problem]]:
    """Settings from the parsed top-level mapping (None: an empty file), and every problem."""
    problems: list[Problem] = []
    top = Section(problems, root, "", 1, TOP_KEYS)
    security = top.child("security", ("trusted_operators", "restricted", "export_directory"))
    tui = top.child("tui", ("theme", "keymap", "refresh_seconds"))
    d_tui = TuiSettings()
    settings = Settings(
        database=top.get("database", check_database, None),
        security=SecuritySettings(
            trusted_operators=security.get("trusted_operators", check_str_list, ()),
            restricted=security.get("restricted", check_bool, False),
            export_directory=security.get("export_directory", check_absolute_dir, None)),
        kimai=_kimai(top.child("kimai", ("defaults", "timesheet", "invoice", "permissions"))),
        custom_fields=_custom_fields(top.child("custom_fields", CUSTOM_FIELD_KINDS)),
        review=_review(top.child("review", ("working_days", "workday_end", "long_record",
                                            "target"))),
        tui=TuiSettings(theme=tui.get("theme", check_word, d_tui.theme),
                        keymap=tui.get("keymap", check_keymap, d_tui.keymap),
                        refresh_seconds=tui.get("refresh_seconds", check_refresh,
                                                d_tui.refresh_seconds)),
        source=source,
    )
    return settings, problems


def _review(review: Section) -> ReviewSettings:
    d = ReviewSettings()
    return ReviewSettings(
        working_days=review.get("working_days", check_weekdays, d.working_days),
        workday_end=review.get("workday_end", check_hhmm, d.workday_end),
        long_record=review.get("long_record", check_hours, d.long_record),
        target=review.get("target", check_hours, d.target))


def _kimai(kimai: Section) -> KimaiSettings:
    defaults = kimai.child("defaults", ("customer", "user"))
    invoice = kimai.child("invoice", ("number_format", "documents", "pdf_font"))
    di = InvoiceSettings()
    customer = defaults.child("customer", ("currency", "timezone", "color"))
    user = defaults.child("user", ("timezone", "hourly_rate", "time_format"))
    dc, du = CustomerDefaults(), UserDefaults()
    return KimaiSettings(
        defaults=Defaults(
            customer=CustomerDefaults(
                currency=customer.get("currency", check_currency, dc.currency),
                timezone=customer.get("timezone", check_timezone, dc.timezone),
                color=customer.get("color", optional(check_color), dc.color)),
            user=UserDefaults(
                timezone=user.get("timezone", check_timezone, du.timezone),
                hourly_rate=user.get("hourly_rate", check_decimal(positive=False), du.hourly_rate),
                time_format=user.get("time_format", check_choice(("24h", "12h")), du.time_format)),
        ),
        timesheet=_timesheet(kimai.child("timesheet", (
            "mode", "default_begin", "markdown_content", "active_entries", "rounding", "rates",
            "rules"))),
        invoice=InvoiceSettings(
            number_format=invoice.get("number_format", check_number_format, di.number_format),
            documents=invoice.get("documents", check_absolute_dirs, di.documents),
            pdf_font=invoice.get("pdf_font", optional(check_absolute_file), di.pdf_font)),
        permissions=PermissionSettings(roles=kimai.child("permissions", ("roles",)).get(
            "roles", check_role_permissions, ())),
    )


def _timesheet(ts: Section) -> TimesheetSettings:
    d = TimesheetSettings()
    active = ts.child("active_entries", ("soft_limit", "hard_limit"))
    soft = active.get("soft_limit", check_int(1), d.active_entries.soft_limit)
    hard = active.get("hard_limit", check_int(1), d.active_entries.hard_limit)
    if soft > hard:
        active.report(key_line(active.node, "soft_limit"), active.path("soft_limit"),
                      f"must not be greater than hard_limit ({hard})")
    r, dr = ts.child("rules", tuple(TimesheetRules.__dataclass_fields__)), TimesheetRules()
    rules = TimesheetRules(
        **{name: r.get(name, check_bool, getattr(dr, name)) for name in (
            "allow_future_times", "allow_zero_duration", "allow_overlapping_records",
            "allow_overbooking_budget")},
        long_running_duration=r.get("long_running_duration", check_minutes,
                                    dr.long_running_duration),
        **{name: r.get(name, optional(check_word), None) for name in (
            "lockdown_period_start", "lockdown_period_end", "lockdown_grace_period")},
        lockdown_period_timezone=r.get("lockdown_period_timezone", optional(check_timezone), None),
    )
    return TimesheetSettings(
        mode=ts.get("mode", check_choice(TRACKING_MODES, TRACKING_MODE_ALIASES), d.mode),
        default_begin=ts.get("default_begin", check_default_begin, d.default_begin),
        markdown_content=ts.get("markdown_content", check_bool, d.markdown_content),
        active_entries=ActiveEntries(soft_limit=soft, hard_limit=hard),
        rounding=_rounding(ts) if ts.has("rounding") else d.rounding,
        rates=tuple(_rates(ts)),
        rules=rules,
    )


def _rounding(ts: Section) -> tuple[RoundingRule, ...]:
    """Given rounding rules replace the default rule; an empty mapping means no rounding."""
    rules = []
    for name, rule in ts.entries("rounding", RULE_KEYS):
        d = RoundingRule()
        rules.append(RoundingRule(
            name=name,
            days=rule.get("days", check_weekdays, d.days),
            begin=rule.get("begin", check_minutes, d.begin),
            end=rule.get("end", check_minutes, d.end),
            duration=rule.get("duration", check_minutes, d.duration),
            mode=rule.get("mode", check_choice(ROUNDING_MODES), d.mode)))
    return tuple(rules)


def _rates(ts: Section) -> Iterator[RateFactor]:
    for name, rule in ts.entries("rates", ("days", "factor")):
        days = rule.get("days", check_weekdays)
        factor = rule.get("factor", check_decimal(positive=True))
        if days is not None and factor is not None:
            yield RateFactor(name=name, days=days, factor=factor)


def _custom_fields(section: Section) -> CustomFields:
    kinds = {}
    for kind in CUSTOM_FIELD_KINDS:
        fields, seen = [], {}
        for name, spec in section.entries(kind, ("type", "label")):
            key = spec.key
            if not CUSTOM_FIELD_NAME.fullmatch(name):
                spec.report(spec.line, key, "a custom field name must be a letter or _ followed by "
                            "up to 63 letters, digits or _ (it is used as name:value in searches)")
                continue
            if name.lower() in seen:
                spec.report(spec.line, key, f'same name as "{seen[name.lower()]}" (names are '
                            "matched without regard to case in searches)")
                continue
            seen[name.lower()] = name
            fields.append(CustomField(
                name=name,
                type=spec.get("type", check_choice(CUSTOM_FIELD_TYPES), "string"),
                label=spec.get("label", check_str, "")))
        kinds[kind] = tuple(fields)
    return CustomFields(**kinds)
