"""Hand-written SQL for the one shape Peewee makes slow: `x IN (<a page of ids>)`.

Building a Peewee expression for 2,000 ids costs more than running the query; this formats
the placeholders directly. Table and column names here are constants, never user input;
every value is a bound parameter.
"""

from __future__ import annotations

from typing import Sequence

from peewee import fn

from kimai_tui.data.models import database_proxy


def contains_folded(column, term: str):
    """`column` contains `term`, ignoring case in every alphabet (rules.md §Search and
    §Markdown and display: `übergabe` finds `Übergabe`, `тест` finds `Тест`).

    SQLite's LIKE ignores the case of ASCII letters only, so a term with other letters is
    compared lower-cased on both sides (LOWER is Python's str.lower on SQLite, see db.connect;
    PostgreSQL's with a UTF-8 database). An ASCII term keeps the plain LIKE / ILIKE, which
    gives the same answer without a function call per row (a million descriptions: 0.14 s
    instead of 1.6 s on SQLite)."""
    if term.isascii():
        return column.contains(term)
    return fn.LOWER(column).contains(term.lower())


def select_in(template: str, ids: Sequence[int], *leading: object) -> list[tuple]:
    """Run `template` with `{ids}` replaced by one placeholder per id and `{param}` by one
    placeholder for each `leading` value (bound before the ids)."""
    param = database_proxy.param
    sql = template.format(ids=",".join([param] * len(ids)), param=param)
    return database_proxy.execute_sql(sql, [*leading, *(int(i) for i in ids)]).fetchall()
