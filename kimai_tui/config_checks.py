"""The value checks of kimai.yaml (config_schema.py walks the file and calls them): each
returns the converted value or raises `Bad` with a message that says what is accepted, and
the helpers that say where in the file a value stands (1-based lines from ruamel's `.lc`)."""

from __future__ import annotations

import math
import os
import re
from decimal import Decimal
from functools import lru_cache
from typing import Any, Callable, Iterable

from kimai_tui.permission_table import (
    CONFIGURABLE_PERMISSIONS, CONFIGURABLE_ROLES, ROLE_CUSTOMER, ROLE_SUPER_ADMIN,
)
from kimai_tui.settings import WEEKDAYS

_HHMM = re.compile(r"([01]?[0-9]|2[0-3]):([0-5][0-9])")
_COLOR = re.compile(r"#[0-9A-Fa-f]{6}")
_CURRENCY = re.compile(r"[A-Z]{3}")


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
