"""Custom-field values (kimai.yaml `custom_fields`) of records, customers, projects, activities.

Field names and values are data: every condition here is built from bound parameters.
"""

from __future__ import annotations

from typing import Iterable, Mapping, Sequence

from kimai_tui.data.models import MetaValue
from kimai_tui.data.sql import contains_folded, select_in
from kimai_tui.rules.search import FieldTerm


def values_for(kind: str, owner_ids: Sequence[int]) -> dict[int, dict[str, str]]:
    if not owner_ids:
        return {}
    out: dict[int, dict[str, str]] = {}
    # No ORDER BY: it would make SQLite walk the (kind, name) index over every value of
    # every record (seconds at a million records) instead of the (kind, owner_id, name) one.
    rows = select_in("SELECT owner_id, name, value FROM meta_value "
                     "WHERE kind = {param} AND owner_id IN ({ids})", owner_ids, kind)
    for owner_id, name, value in sorted(rows, key=lambda row: row[1]):
        out.setdefault(owner_id, {})[name] = value
    return out


def set_values(kind: str, owner_id: int, values: Mapping[str, str]) -> None:
    """Set (or with an empty value, keep as empty) each named field of one owner."""
    for name, value in values.items():
        (MetaValue.insert(kind=kind, owner_id=owner_id, name=name, value=value)
         .on_conflict(conflict_target=[MetaValue.kind, MetaValue.owner_id, MetaValue.name],
                      update={MetaValue.value: value})
         .execute())


def delete_for(kind: str, owner_id: int) -> None:
    MetaValue.delete().where((MetaValue.kind == kind) & (MetaValue.owner_id == owner_id)).execute()


def _owners(kind: str, name: str):
    return MetaValue.select(MetaValue.owner_id).where(
        (MetaValue.kind == kind) & (MetaValue.name == name))


def field_conditions(kind: str, id_column, terms: Iterable[FieldTerm]) -> list:
    """One WHERE condition per `field:value` term of rules.md §Search."""
    conditions = []
    for term in terms:
        owners = _owners(kind, term.name)
        if term.op == "contains":
            condition = id_column.in_(owners.where(
                contains_folded(MetaValue.value, term.value)))
        elif term.op == "empty":  # empty or missing
            condition = id_column.not_in(owners.where(MetaValue.value != ""))
        elif term.op == "missing":
            condition = id_column.not_in(owners)
        elif term.op == "any":
            condition = id_column.in_(owners.where(MetaValue.value != ""))
        else:
            raise ValueError(f"unknown search operator {term.op!r}")
        conditions.append(~condition if term.negate else condition)
    return conditions
