"""The proposed product fixes, applied in-process so the benchmark can show their effect
(`run.py --proposed`). Each mirrors a change listed in README.md; none edits product files."""

from __future__ import annotations


def apply() -> None:
    from kimai_tui.data import meta
    from kimai_tui.data.models import MetaValue

    def values_for(kind, owner_ids):
        # No ORDER BY name: with it SQLite walks the whole (kind, name) index (2M rows at 1M
        # records) instead of the (kind, owner_id, name) one. Sort the few rows in Python.
        if not owner_ids:
            return {}
        out = {}
        rows = (MetaValue.select(MetaValue.owner_id, MetaValue.name, MetaValue.value)
                .where((MetaValue.kind == kind) & MetaValue.owner_id.in_(list(owner_ids)))
                .tuples())
        for owner_id, name, value in sorted(rows, key=lambda row: row[1]):
            out.setdefault(owner_id, {})[name] = value
        return out

    meta.values_for = values_for

    from dataclasses import replace

    from kimai_tui.data import timesheets
    from kimai_tui.data.models import Timesheet

    original_where = timesheets._where

    def _where(query, flt):
        # Many users (a team lead's or admin's view): `+user_id` keeps SQLite from choosing a
        # user index and sorting the whole set; it walks the begin_ts index in page order.
        if flt.user_ids is not None and len(flt.user_ids) > 8:
            query = query.where((Timesheet.user + 0).in_(list(flt.user_ids)))
            flt = replace(flt, user_ids=None)
        return original_where(query, flt)

    timesheets._where = _where
