"""The schema of kimai.yaml: turns the parsed YAML tree into `Settings`, collecting problems.

A helper of `kimai_tui.config`. It walks ruamel.yaml round-trip nodes (dict/list subclasses that
carry 0-based line numbers in `.lc`) but never imports ruamel itself. Every problem of the file is
collected as (1-based line or None, dotted key, message); nothing is raised, so `config check`
can report them all at once. A value that fails its check falls back to its default.
"""

from __future__ import annotations

import math
import os
import re
from decimal import Decimal
from functools import lru_cache
from typing import Any, Callable, Iterable, Iterator

from kimai_tui.permission_table import (
    CONFIGURABLE_PERMISSIONS, CONFIGURABLE_ROLES, ROLE_CUSTOMER, ROLE_SUPER_ADMIN,
)
from kimai_tui.settings import (
    CUSTOM_FIELD_KINDS, CUSTOM_FIELD_TYPES, ROUNDING_MODES, TRACKING_MODE_ALIASES, TRACKING_MODES,
    WEEKDAYS, ActiveEntries, CustomerDefaults, CustomField, CustomFields, Defaults, KimaiSettings,
    InvoiceSettings, PermissionSettings, RateFactor, ReviewSettings, RoundingRule, SecuritySettings, Settings, TimesheetRules,
    TimesheetSettings, TuiSettings, UserDefaults,
)

Problem = tuple["int | None", str, str]  # (1-based line or None, dotted key, message)

CUSTOM_FIELD_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,63}")
_HHMM = re.compile(r"([01]?[0-9]|2[0-3]):([0-5][0-9])")
_COLOR = re.compile(r"#[0-9A-Fa-f]{6}")
_CURRENCY = re.compile(r"[A-Z]{3}")
_MISSING = object()


class Bad(Exception):
    """A value that does not fit; `line` points at a list item or nested key when known."""

    def __init__(self, message: str, line: int | None = None, key: str = "") -> None:
        super().__init__(message)
        self.message, self.line, self.key = message, line, key


def node_line(node: Any) -> int | None:
    try:
        return node.lc.line + 1
    except (AttributeError, TypeError):
        return None


def key_line(mapping: Any, key: Any) -> int | None:
    try:
        return mapping.lc.key(key)[0] + 1
    except (AttributeError, KeyError, TypeError, IndexError):
        return node_line(mapping)


def item_line(seq: Any, index: int) -> int | None:
    try:
        return seq.lc.item(index)[0] + 1
    except (AttributeError, KeyError, TypeError, IndexError):
        return node_line(seq)


def kind_of(value: Any) -> str:
    """How a value reads in a message: 'a string "yes"', 'a list', 'null'."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return f"a boolean ({'true' if value else 'false'})"
    if isinstance(value, int):
        return f"an integer ({int(value)})"
    if isinstance(value, float):
        return f"a number ({float(value)})"
    if isinstance(value, str):
        return f'a string "{value}"' if len(value) <= 40 else "a string"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return f"a {type(value).__name__}"


def suggest(word: str, known: Iterable[str]) -> str | None:
    known = list(known)
    for candidate in known:
        if candidate.lower() == word.lower():
            return candidate
    prefixed = [k for k in known if word and k.lower().startswith(word.lower())]
    if len(prefixed) == 1:
        return prefixed[0]
    import difflib  # only for a typo's suggestion

    close = difflib.get_close_matches(word, known, n=1, cutoff=0.6)
    return close[0] if close else None


def _unknown(word: str, known: Iterable[str], what: str) -> str:
    known = list(known)
    near = suggest(word, known)
    if near is not None:
        return f'unknown {what} "{word}"; did you mean "{near}"?'
    return f'unknown {what} "{word}" (expected one of: {", ".join(known)})'


# --- value checks: each returns the converted value or raises Bad --------------------------------

def check_bool(v: Any) -> bool:
    if not isinstance(v, bool):
        raise Bad(f"expected a boolean (true or false), got {kind_of(v)}")
    return bool(v)


def check_int(minimum: int) -> Callable[[Any], int]:
    def check(v: Any) -> int:
        if isinstance(v, bool) or not isinstance(v, int):
            raise Bad(f"expected an integer >= {minimum}, got {kind_of(v)}")
        if v < minimum:
            raise Bad(f"expected an integer >= {minimum}, got {int(v)}")
        return int(v)
    return check


check_minutes = check_int(0)


def _finite_number(v: Any, expected: str) -> float | int:
    if isinstance(v, bool) or not isinstance(v, (int, float)):
        raise Bad(f"expected {expected}, got {kind_of(v)}")
    if isinstance(v, float) and not math.isfinite(v):
        raise Bad(f"expected {expected}, got {float(v)}")
    return v


def check_decimal(positive: bool) -> Callable[[Any], str]:
    """A number kept as a decimal string ("1.5"): money and factors are never floats."""
    expected = "a number > 0" if positive else "a number >= 0"

    def check(v: Any) -> str:
        n = _finite_number(v, expected)
        if n < 0 or (positive and n == 0):
            raise Bad(f"expected {expected}, got {n}")
        d = Decimal(int(n)) if isinstance(n, int) else Decimal(repr(float(n)))
        return format(d.normalize(), "f")
    return check


def check_refresh(v: Any) -> float:
    n = _finite_number(v, "a number of seconds > 0 and <= 3600")
    if not 0 < n <= 3600:
        raise Bad(f"expected a number of seconds > 0 and <= 3600, got {n}")
    return float(n)


def check_str(v: Any) -> str:
    if not isinstance(v, str):
        raise Bad(f"expected a string, got {kind_of(v)}")
    return str(v)


def check_word(v: Any) -> str:
    s = check_str(v).strip()
    if not s:
        raise Bad("expected a non-empty string")
    return s


def optional(check: Callable[[Any], Any]) -> Callable[[Any], Any]:
    return lambda v: None if v is None else check(v)


def check_choice(options: tuple[str, ...], aliases: dict[str, str] | None = None) -> Callable:
    aliases = aliases or {}

    def check(v: Any) -> str:
        s = check_str(v)
        if s in options:
            return s
        if s in aliases:
            return aliases[s]
        known = list(options) + list(aliases)
        near = suggest(s, known)
        hint = f'; did you mean "{near}"?' if near else ""
        raise Bad(f'expected one of {", ".join(known)}, got "{s}"{hint}')
    return check


def check_default_begin(v: Any) -> str:
    s = check_str(v).strip()
    if s == "now":
        return s
    m = _HHMM.fullmatch(s)
    if not m:
        raise Bad(f'expected "now" or a time HH:MM such as "07:30", got {kind_of(v)}')
    return f"{int(m.group(1)):02d}:{m.group(2)}"


def check_hhmm(v: Any) -> str:
    """A time of day "HH:MM" (24-hour)."""
    m = _HHMM.fullmatch(check_str(v).strip())
    if not m:
        raise Bad(f'expected a time of day HH:MM such as "18:00", got {kind_of(v)}')
    return f"{int(m.group(1)):02d}:{m.group(2)}"


_HOURS = re.compile(r"(\d{1,3}):([0-5]\d)")


def check_hours(v: Any) -> int:
    """A length as "H:MM" or decimal hours (8, 7.5), in seconds; up to 999:59."""
    if isinstance(v, (int, float)) and not isinstance(v, bool) and 0 <= v < 1000:
        return round(v * 3600)
    m = _HOURS.fullmatch(v.strip()) if isinstance(v, str) else None
    if not m:
        raise Bad(f'expected a length as H:MM such as "8:00" or hours such as 7.5, got {kind_of(v)}')
    return int(m.group(1)) * 3600 + int(m.group(2)) * 60


def check_currency(v: Any) -> str:
    s = check_str(v)
    if not _CURRENCY.fullmatch(s):
        raise Bad(f'expected an ISO 4217 currency code of 3 capital letters such as "EUR", got "{s}"')
    return s


def check_color(v: Any) -> str:
    s = check_str(v)
    if not _COLOR.fullmatch(s):
        raise Bad(f'expected a colour "#RRGGBB" (quoted: a bare # starts a comment), got "{s}"')
    return s


@lru_cache(maxsize=1)
def _known_zones() -> frozenset[str]:
    try:  # the tzdata package lists its zones in one file (importlib.resources costs ~10 ms)
        import tzdata
        with open(os.path.join(os.path.dirname(tzdata.__file__), "zones"), encoding="utf-8") as f:
            return frozenset(f.read().split())
    except (ImportError, OSError):
        import zoneinfo
        return frozenset(zoneinfo.available_timezones())


@lru_cache(maxsize=32)
def _zone_loads(name: str) -> bool:
    import zoneinfo

    try:
        zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, OSError):
        return False
    return True


def check_timezone(v: Any) -> str:
    s = check_str(v)
    if s in _known_zones() and _zone_loads(s):
        return s
    near = suggest(s, sorted(_known_zones()))
    hint = f'; did you mean "{near}"?' if near else ""
    raise Bad(f'expected an IANA timezone such as "Europe/Berlin", got "{s}"{hint}')


def check_database(v: Any) -> str | None:
    if v is None:
        return None
    s = check_str(v).strip()
    if s.startswith("sqlite:///"):
        rest = s[len("sqlite:///"):]
        if rest == ":memory:" or rest.startswith(":"):
            raise Bad("an in-memory database would lose every record; give a file path")
        if not rest.startswith("/") or rest == "/":
            raise Bad(f'expected an absolute path after sqlite:/// (sqlite:////abs/path), got "{s}"')
        return s
    if s.startswith("postgresql://") and len(s) > len("postgresql://"):
        return s
    raise Bad(f'expected sqlite:////abs/path/kimai.sqlite or postgresql://user@host/db, got "{s}"')


def check_weekdays(v: Any) -> frozenset[int]:
    if not isinstance(v, list):
        raise Bad(f"expected a list of weekday names such as [saturday, sunday], got {kind_of(v)}")
    if not v:
        raise Bad("expected at least one weekday")
    days = set()
    for i, item in enumerate(v):
        name = item.strip().lower() if isinstance(item, str) else None
        if name not in WEEKDAYS:
            near = suggest(str(item), WEEKDAYS)
            hint = f'; did you mean "{near}"?' if near else ""
            raise Bad(f"{kind_of(item)} is not an English weekday name{hint}", item_line(v, i))
        days.add(WEEKDAYS.index(name))
    return frozenset(days)


def check_absolute_dir(v: Any) -> str | None:
    """An absolute directory path (it need not exist yet: an export into it says so)."""
    if v is None:
        return None
    s = check_str(v).strip()
    if not s.startswith("/") or "\x00" in s:
        raise Bad(f'expected an absolute directory path such as /srv/kimai-exports, got "{s}"')
    return s


def check_number_format(v: Any) -> str:
    """An invoice number format: text with a brace pair, such as "{Y}/{cy,3}". Its
    placeholders are checked where invoice templates are saved (rules/invoices.py): the
    config floor stays below the rules."""
    text = check_str(v).strip()
    if "{" not in text or "}" not in text:
        raise Bad(f'expected a number format with placeholders such as "{{Y}}/{{cy,3}}", '
                  f'got "{text}"')
    return text


def check_absolute_dirs(v: Any) -> tuple[str, ...]:
    return tuple(check_absolute_dir(item) for item in check_str_list(v))


def check_absolute_file(v: Any) -> str:
    s = check_str(v).strip()
    if not s.startswith("/") or "\x00" in s:
        raise Bad(f'expected an absolute file path such as /usr/share/fonts/DejaVuSans.ttf, '
                  f'got "{s}"')
    return s


def check_str_list(v: Any) -> tuple[str, ...]:
    if v is None:
        return ()
    if not isinstance(v, list):
        raise Bad(f"expected a list of strings, got {kind_of(v)}")
    out = []
    for i, item in enumerate(v):
        if not isinstance(item, str) or not item.strip():
            raise Bad(f"expected a non-empty string, got {kind_of(item)}", item_line(v, i))
        out.append(str(item).strip())
    return tuple(out)


def check_keymap(v: Any) -> tuple[tuple[str, str], ...]:
    if v is None:
        return ()
    if not isinstance(v, dict):
        raise Bad(f'expected a mapping of binding id to keys such as {{timer.start: "s,f5"}}, '
                  f"got {kind_of(v)}")
    pairs = []
    for k, keys in v.items():
        if not isinstance(k, str) or not k.strip():
            raise Bad(f"a binding id must be a non-empty string, got {kind_of(k)}", key_line(v, k))
        if not isinstance(keys, str) or not keys.strip():
            raise Bad(f"expected a non-empty string of keys, got {kind_of(keys)}",
                      key_line(v, k), str(k))
        pairs.append((str(k), str(keys).strip()))
    return tuple(pairs)


def check_role_permissions(v: Any) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """`kimai.permissions.roles`: role -> list of permission names, "!name" revokes. Roles and
    names are Kimai's (permission_table.py); a typo gets the nearest known name."""
    if v is None:
        return ()
    if not isinstance(v, dict):
        raise Bad("expected a mapping of role to a list of permission names, such as "
                  f"{{ROLE_TEAMLEAD: [create_customer, create_project]}}, got {kind_of(v)}")
    pairs = []
    for role, entries in v.items():
        line = key_line(v, role)
        if role in (ROLE_SUPER_ADMIN, ROLE_CUSTOMER):
            why = ("a super admin keeps every permission" if role == ROLE_SUPER_ADMIN
                   else "a customer account stays read-only")
            raise Bad(f"{role} cannot be changed ({why}); roles that can: "
                      f"{', '.join(CONFIGURABLE_ROLES)}", line, str(role))
        if not isinstance(role, str) or role not in CONFIGURABLE_ROLES:
            spelled = "ROLE_" + str(role).upper().removeprefix("ROLE_")  # "teamlead" -> ROLE_…
            hint = f'; did you mean "{spelled}"?' if spelled in CONFIGURABLE_ROLES else ""
            raise Bad((f'unknown role "{role}"{hint}' if hint else
                       _unknown(str(role), CONFIGURABLE_ROLES, "role")), line, str(role))
        if not isinstance(entries, list):
            raise Bad(f"expected a list of permission names, got {kind_of(entries)}", line,
                      role)
        names = []
        for index, entry in enumerate(entries):
            name = entry[1:] if isinstance(entry, str) and entry.startswith("!") else entry
            if not isinstance(name, str) or name not in CONFIGURABLE_PERMISSIONS:
                message = (_unknown(str(name), sorted(CONFIGURABLE_PERMISSIONS), "permission")
                           if isinstance(name, str) else
                           f"expected a permission name, got {kind_of(entry)}")
                raise Bad(message, item_line(entries, index), role)
            opposite = entry[1:] if entry.startswith("!") else "!" + entry
            if opposite in names:
                raise Bad(f'{name} is both granted and taken away; keep one of "{name}" and '
                          f'"!{name}"', item_line(entries, index), role)
            names.append(entry)
        pairs.append((role, tuple(names)))
    return tuple(pairs)


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
