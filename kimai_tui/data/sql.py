"""Hand-written SQL for the one shape Peewee makes slow: `x IN (<a page of ids>)`.

Building a Peewee expression for 2,000 ids costs more than running the query; this formats
the placeholders directly. Table and column names here are constants, never user input;
every value is a bound parameter.
"""

from __future__ import annotations

from typing import Sequence

from kimai_tui.data.models import database_proxy


def select_in(template: str, ids: Sequence[int], *leading: object) -> list[tuple]:
    """Run `template` with `{ids}` replaced by one placeholder per id and `{param}` by one
    placeholder for each `leading` value (bound before the ids)."""
    param = database_proxy.param
    sql = template.format(ids=",".join([param] * len(ids)), param=param)
    return database_proxy.execute_sql(sql, [*leading, *(int(i) for i in ids)]).fetchall()
