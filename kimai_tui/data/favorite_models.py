"""Peewee model of favourites (created by the "favorites" schema migration in data/db.py): a
user's named template of a record to start again with one key."""

from __future__ import annotations

from peewee import SQL, BigIntegerField, CharField, ForeignKeyField, IntegerField, TextField

from kimai_tui.data.models import Activity, BaseModel, Project, User


class Favorite(BaseModel):
    """`tags`: JSON list of names; `meta`: JSON object of custom-field values; `position`:
    the order the user sees them in (its digit key)."""

    user = ForeignKeyField(User, on_delete="CASCADE", index=False)
    name = CharField(max_length=60)
    project = ForeignKeyField(Project, on_delete="CASCADE", index=False)
    activity = ForeignKeyField(Activity, on_delete="CASCADE", index=False)
    description = TextField(default="")
    tags = TextField(default="[]")
    meta = TextField(default="{}")
    position = IntegerField(default=0)
    created_ts = BigIntegerField()
    version = IntegerField(default=1, constraints=[SQL("DEFAULT 1")])

    class Meta:
        indexes = ((("user", "name"), True), (("user", "position"), False))


FAVORITE_MODELS = (Favorite,)
