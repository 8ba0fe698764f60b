"""The free-text search syntax (rules.md §Search).

`hello world` = every term must appear (case-insensitive substring); `!term` excludes;
`field:value` = custom field contains value; `field:` or `field:""` = empty or missing;
`field:~` = missing; `field:*` = any non-empty value; `field:!value` = does not contain.
Double quotes group words ("a b") and make a value literal (`f:"~"` looks for a tilde).
Field names are returned as data; the repository binds them as parameters, never as SQL.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

CONTAINS, EMPTY, MISSING, ANY = "contains", "empty", "missing", "any"
_FIELD = re.compile(r"([A-Za-z_][A-Za-z0-9_.-]*):(.*)", re.ASCII | re.DOTALL)


@dataclass(frozen=True)
class FieldTerm:
    name: str
    op: str  # CONTAINS | EMPTY (f: or f:"") | MISSING (f:~) | ANY (f:*)
    value: str
    negate: bool = False


@dataclass(frozen=True)
class SearchQuery:
    terms: tuple[str, ...] = ()
    excluded: tuple[str, ...] = ()
    fields: tuple[FieldTerm, ...] = ()

    @property
    def empty(self) -> bool:
        return not (self.terms or self.excluded or self.fields)


def _tokens(text: str) -> list[str]:
    """Split on whitespace outside double quotes, keeping the quotes (an open quote runs on)."""
    tokens, current, quoted, started = [], [], False, False
    for char in text:
        if char == '"':
            quoted = not quoted
        elif char.isspace() and not quoted:
            if started:
                tokens.append("".join(current))
            current, started = [], False
            continue
        current.append(char)
        started = True
    if started:
        tokens.append("".join(current))
    return tokens


def _unquote(raw: str) -> str:
    return raw.replace('"', "")


def _field_term(name: str, raw: str) -> FieldTerm:
    negate = raw.startswith("!")
    if negate:
        raw = raw[1:]
    value = _unquote(raw)
    if value == "":
        return FieldTerm(name, EMPTY, "", negate)
    if raw == "~":  # quoted "~" is a literal tilde
        return FieldTerm(name, MISSING, "", negate)
    if raw == "*":
        return FieldTerm(name, ANY, "", negate)
    return FieldTerm(name, CONTAINS, value, negate)


def parse_search(text: str) -> SearchQuery:
    """The query a search box text means. Never raises."""
    terms: list[str] = []
    excluded: list[str] = []
    fields: list[FieldTerm] = []
    for raw in _tokens(text):
        m = _FIELD.fullmatch(raw)
        if m:
            fields.append(_field_term(m.group(1), m.group(2)))
        elif raw.startswith("!"):
            value = _unquote(raw[1:])
            if value:
                excluded.append(value)
        else:
            value = _unquote(raw)
            if value:
                terms.append(value)
    return SearchQuery(tuple(terms), tuple(excluded), tuple(fields))


def _quoted(text: str, always: bool = False) -> str:
    """TEXT as one token: in double quotes when it holds whitespace or would read as syntax."""
    if always or not text or any(c.isspace() for c in text) or ":" in text \
            or text.startswith("!") or text in ("~", "*"):
        return f'"{text}"'
    return text


def format_search(query: SearchQuery) -> str:
    """The search text that `parse_search` reads back as QUERY (used to show a filter as a
    command line). Values holding a double quote cannot be written; they never come out of
    `parse_search` either."""
    parts = [_quoted(t) for t in query.terms]
    parts += ["!" + _quoted(t) for t in query.excluded]
    for f in query.fields:
        bang = "!" if f.negate else ""
        if f.op == EMPTY:
            parts.append(f'{f.name}:{bang}""' if bang else f"{f.name}:")
        elif f.op == MISSING:
            parts.append(f"{f.name}:{bang}~")
        elif f.op == ANY:
            parts.append(f"{f.name}:{bang}*")
        else:
            parts.append(f"{f.name}:{bang}{_quoted(f.value)}")
    return " ".join(parts)


def escape_like(value: str) -> str:
    """value for a LIKE pattern written with ESCAPE '\\': backslash, % and _ match literally."""
    return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


__all__ = ["CONTAINS", "EMPTY", "MISSING", "ANY", "FieldTerm", "SearchQuery", "parse_search",
           "format_search", "escape_like"]
