"""How Kimai 2's stored values map onto ours (issue 19, "Bring your Kimai").

Pure functions: no database, no driver. The meaning of each Kimai column is the one described
for Kimai 2.63-2.66 (kimai2_* tables): DATETIME columns hold UTC wall-clock time, durations are
seconds, money is a DOUBLE in the customer's currency, roles are a PHP-serialised array,
preferences and meta values are strings. Amounts and durations are taken as Kimai stored them,
never recomputed; money is kept to 4 decimals (our money unit).
"""

from __future__ import annotations

import hashlib
import re
from datetime import date, datetime, timezone
from decimal import ROUND_HALF_EVEN, Decimal
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from kimai_tui.rules.currencies import ISO_4217
from kimai_tui.rules.permissions import ROLES, ROLE_USER

NO_COLOR = "#d2d6de"  # Kimai: this colour means "none" (ours inherits then)
_PHP_STRING = re.compile(rb's:(\d+):"')
_QUANT = Decimal("0.0001")


def php_roles(serialized: str | None) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Kimai's `kimai2_users.roles` (PHP serialize() of a list, e.g.
    `a:2:{i:0;s:16:"ROLE_SUPER_ADMIN";i:1;s:10:"ROLE_ADMIN";}`) -> (our roles, unknown names).

    ROLE_USER is implied in Kimai and never stored; an empty list is a plain user, returned as
    ("ROLE_USER",). `s:N` counts UTF-8 bytes, which is how the string is cut. Role names we do
    not have (custom roles from kimai2_roles) come back in the second tuple, upper case."""
    raw = (serialized or "").encode("utf-8")
    names = [raw[m.end():m.end() + int(m.group(1))].decode("utf-8", "replace").strip().upper()
             for m in _PHP_STRING.finditer(raw)]
    known = tuple(dict.fromkeys(n for n in names if n in ROLES and n != ROLE_USER))
    unknown = tuple(dict.fromkeys(n for n in names if n not in ROLES and n != ROLE_USER))
    return (known or (ROLE_USER,)), unknown


# Locales whose clock is 12-hour (CLDR short time `h:mm a`): where Kimai holds no explicit
# 24-hour preference, the user's locale decides, as it does in Kimai's own forms.
_TWELVE_HOUR_LOCALES = frozenset({"en_us", "en_ca", "en_au", "en_nz", "en_ph", "en_in", "fil",
                                  "fil_ph", "hi", "hi_in", "ko", "ko_kr", "zh_tw", "ar"})


def time_format(preferences: dict[str, str | None]) -> str:
    """'12h' or '24h' from a Kimai user's preferences: `hours_24` ('0' = 12-hour) where set,
    else the `locale` (falling back to `language`) when it is one with a 12-hour clock."""
    explicit = preferences.get("hours_24")
    if explicit is not None and str(explicit).strip() != "":
        return "12h" if str(explicit).strip() in ("0", "false") else "24h"
    locale = (preferences.get("locale") or preferences.get("language") or "").strip().lower()
    return "12h" if locale.replace("-", "_") in _TWELVE_HOUR_LOCALES else "24h"


def money(value) -> Decimal | None:
    """A Kimai DOUBLE amount (float, Decimal or None) -> Decimal with 4 places, half-even on
    the decimal digits of the float as MySQL prints it (repr), never on its binary tail."""
    if value is None:
        return None
    return Decimal(repr(value) if isinstance(value, float) else str(value)).quantize(
        _QUANT, rounding=ROUND_HALF_EVEN)


def ticks(value) -> int | None:
    """A Kimai DOUBLE amount -> integer ten-thousandths (our stored money unit), the same
    value `money` gives: a float within a billionth of a 4-decimal value (what Kimai stores)
    takes the fast path, anything else the decimal one."""
    if value is None:
        return None
    if isinstance(value, float):
        scaled = value * 10000
        near = round(scaled)
        if abs(scaled - near) < 1e-6:
            return int(near)
    return int(money(value).scaleb(4))


def budget_money(value) -> Decimal | None:
    """Kimai's budget column: 0 means "no budget" (ours: None)."""
    amount = money(value)
    return None if amount is None or amount == 0 else amount


def budget_seconds(value) -> int | None:
    """Kimai's time_budget (seconds): 0 means "no time budget" (ours: None)."""
    return int(value) if value else None


def budget_type(value: str | None) -> str:
    """Kimai's budget_type: NULL = lifetime, 'month' = every calendar month."""
    return "month" if (value or "").strip().lower() == "month" else "lifetime"


def color(value: str | None) -> str | None:
    """`#rrggbb`; Kimai's #d2d6de and anything that is not a colour mean "none"."""
    text = (value or "").strip().lower()
    if not re.fullmatch(r"#[0-9a-f]{6}", text) or text == NO_COLOR:
        return None
    return text


def flag(value, default: bool = True) -> bool:
    """A TINYINT(1) that may be NULL (timesheet.billable, tags.visible): NULL -> DEFAULT."""
    return default if value is None else bool(int(value))


@lru_cache(maxsize=512)
def zone(name: str | None) -> ZoneInfo | None:
    """The IANA zone, or None for a name this machine does not know."""
    try:
        return ZoneInfo((name or "").strip()) if (name or "").strip() else None
    except (ZoneInfoNotFoundError, ValueError):
        return None


def epoch(value: datetime | None) -> int | None:
    """A naive DATETIME read from Kimai (UTC wall-clock) -> epoch seconds."""
    if value is None:
        return None
    return int(value.replace(tzinfo=timezone.utc).timestamp())


def local_day(epoch_seconds: int, tz: ZoneInfo) -> int:
    """yyyymmdd of the instant in the record's zone (our `day`; Kimai's date_tz)."""
    moment = datetime.fromtimestamp(epoch_seconds, tz)
    return moment.year * 10000 + moment.month * 100 + moment.day


def local_date(value: datetime | None, tz_name: str | None) -> date | None:
    """Kimai's project start/end (UTC DATETIME entered in the project's zone) -> local date.
    No zone: the UTC date."""
    if value is None:
        return None
    tz = zone(tz_name) or timezone.utc
    return value.replace(tzinfo=timezone.utc).astimezone(tz).date()


def known_currency(code: str | None) -> bool:
    """Is CODE an ISO 4217 code we know?"""
    return (code or "").strip().upper() in ISO_4217


def address(row: dict) -> str:
    """Kimai's customer address: the structured lines (2.41+) when any is set, else the old
    free-text `address`."""
    lines = [row.get("address_line1"), row.get("address_line2"), row.get("address_line3"),
             " ".join(p for p in (row.get("postcode"), row.get("city")) if p)]
    structured = "\n".join(line.strip() for line in lines if line and line.strip())
    return structured or (row.get("address") or "").strip()


def digest(*values) -> str:
    """A short fingerprint of the mapped values: a re-run changes a row only when it
    differs."""
    text = "\x1f".join("" if v is None else str(v) for v in values)
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=12).hexdigest()


def fingerprint(values: tuple) -> str:
    """`digest` for a tuple of plain values (ints, strings, None, tuples of them): their repr,
    which is cheaper at a million records."""
    return hashlib.blake2b(repr(values).encode("utf-8", "surrogatepass"),
                           digest_size=12).hexdigest()


def meta_name(name: str) -> str:
    """Kimai compares custom-field names case-insensitively and lower-cases them."""
    return (name or "").strip().lower()


# kimai2_configuration rows that we have a kimai.yaml key for: Kimai's name -> our path.
_CONFIG_KEYS = {
    "timesheet.mode": ("timesheet", "mode"),
    "timesheet.default_begin": ("timesheet", "default_begin"),
    "timesheet.markdown_content": ("timesheet", "markdown_content"),
    "timesheet.active_entries.hard_limit": ("timesheet", "active_entries", "hard_limit"),
    "timesheet.active_entries.soft_limit": ("timesheet", "active_entries", "soft_limit"),
    "timesheet.rounding.default.mode": ("timesheet", "rounding", "default", "mode"),
    "timesheet.rounding.default.begin": ("timesheet", "rounding", "default", "begin"),
    "timesheet.rounding.default.end": ("timesheet", "rounding", "default", "end"),
    "timesheet.rounding.default.duration": ("timesheet", "rounding", "default", "duration"),
    "timesheet.rounding.default.days": ("timesheet", "rounding", "default", "days"),
    "timesheet.rules.allow_future_times": ("timesheet", "rules", "allow_future_times"),
    "timesheet.rules.allow_zero_duration": ("timesheet", "rules", "allow_zero_duration"),
    "timesheet.rules.allow_overlapping_records": ("timesheet", "rules",
                                                  "allow_overlapping_records"),
    "timesheet.rules.allow_overbooking_budget": ("timesheet", "rules",
                                                 "allow_overbooking_budget"),
    "timesheet.rules.long_running_duration": ("timesheet", "rules", "long_running_duration"),
    "timesheet.rules.lockdown_period_start": ("timesheet", "rules", "lockdown_period_start"),
    "timesheet.rules.lockdown_period_end": ("timesheet", "rules", "lockdown_period_end"),
    "timesheet.rules.lockdown_grace_period": ("timesheet", "rules", "lockdown_grace_period"),
    "timesheet.rules.lockdown_period_timezone": ("timesheet", "rules",
                                                 "lockdown_period_timezone"),
    "defaults.customer.currency": ("defaults", "customer", "currency"),
    "defaults.customer.timezone": ("defaults", "customer", "timezone"),
    "defaults.user.timezone": ("defaults", "user", "timezone"),
}
_BOOLEAN_KEYS = {"allow_future_times", "allow_zero_duration", "allow_overlapping_records",
                 "allow_overbooking_budget", "markdown_content"}
_INTEGER_KEYS = {"hard_limit", "soft_limit", "begin", "end", "duration",
                 "long_running_duration"}


def config_snippet(rows: dict[str, str | None]) -> tuple[str, list[str]]:
    """Kimai's stored settings (kimai2_configuration name -> value) as a `kimai:` section of
    kimai.yaml for the admin to review, and the names we have no key for. Only rows Kimai
    stored are shown (a missing row is Kimai's default, which is ours too). Never applied."""
    tree: dict = {}
    unmapped = []
    for name in sorted(rows):
        path = _CONFIG_KEYS.get(name)
        if path is None:
            if name.startswith(("timesheet.", "defaults.")):
                unmapped.append(name)
            continue
        value = rows[name]
        leaf = path[-1]
        node = tree
        for part in path[:-1]:
            node = node.setdefault(part, {})
        node[leaf] = _config_value(leaf, value)
    if not tree:
        return "", unmapped
    lines = ["kimai:"]
    _yaml_lines(tree, 1, lines)
    return "\n".join(lines) + "\n", unmapped


def _config_value(leaf: str, value: str | None):
    if value is None or value == "":
        return None
    if leaf in _BOOLEAN_KEYS:
        return value.strip() in ("1", "true")
    if leaf in _INTEGER_KEYS:
        try:
            return int(float(value))
        except ValueError:
            return value
    if leaf == "days":
        return [d.strip() for d in value.split(",") if d.strip()]
    return value


def _yaml_lines(node: dict, depth: int, lines: list[str]) -> None:
    for key, value in node.items():
        pad = "  " * depth
        if isinstance(value, dict):
            lines.append(f"{pad}{key}:")
            _yaml_lines(value, depth + 1, lines)
        else:
            lines.append(f"{pad}{key}: {_yaml_scalar(value)}")


def _yaml_scalar(value) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, list):
        return "[" + ", ".join(_yaml_scalar(v) for v in value) + "]"
    escaped = str(value).replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"'


def field_declarations(missing: dict[str, set[str]]) -> str:
    """`custom_fields:` lines for kimai.yaml declaring the meta names Kimai holds that the
    config does not declare (kind -> names). Kimai keeps the definitions in plug-ins, so the
    type is string unless the admin changes it."""
    if not any(missing.values()):
        return ""
    lines = ["custom_fields:"]
    for kind in ("timesheet", "customer", "project", "activity"):
        names = sorted(missing.get(kind, ()))
        if not names:
            continue
        lines.append(f"  {kind}:")
        for name in names:
            label = name.replace("_", " ").capitalize()
            lines.append(f"    {name}: {{type: string, label: {_yaml_scalar(label)}}}")
    return "\n".join(lines) + "\n"
