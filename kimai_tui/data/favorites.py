"""Favourite rows (data/favorite_models.py). No rules: services/favorites.py decides."""

from __future__ import annotations

import json

from peewee import fn

from kimai_tui.data.favorite_models import Favorite

# (id, name, project id, activity id, description, tags, meta, position)
Row = tuple


def _row(f: Favorite) -> Row:
    return (f.id, f.name, f.project_id, f.activity_id, f.description, tuple(json.loads(f.tags)),
            dict(json.loads(f.meta)), f.position)


def listing(user_id: int) -> list[Row]:
    """USER_ID's favourites in their order."""
    return [_row(f) for f in Favorite.select().where(Favorite.user == user_id)
            .order_by(Favorite.position, Favorite.id)]


def by_name(user_id: int, name: str) -> Row | None:
    """The favourite of that name, case folded like every name lookup."""
    found = (Favorite.select().where((Favorite.user == user_id)
                                     & (fn.LOWER(Favorite.name) == name.lower())).first())
    return _row(found) if found else None


def add(user_id: int, name: str, project_id: int, activity_id: int, description: str,
        tags: tuple[str, ...], meta: dict[str, str], created_ts: int) -> int:
    """A new favourite at the end of the user's list; returns its id."""
    last = (Favorite.select(fn.MAX(Favorite.position)).where(Favorite.user == user_id)
            .scalar())
    return Favorite.insert(user=user_id, name=name, project=project_id, activity=activity_id,
                           description=description, tags=json.dumps(list(tags)),
                           meta=json.dumps(meta, sort_keys=True),
                           position=(last or 0) + 1, created_ts=created_ts).execute()


def delete(favorite_id: int) -> None:
    Favorite.delete().where(Favorite.id == favorite_id).execute()


__all__ = ["add", "by_name", "delete", "listing"]
