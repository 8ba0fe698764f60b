"""Peewee model of the interrupt stack (created by the "interruptions" schema migration in
data/db.py): the records a person interrupted, to continue when they return."""

from __future__ import annotations

from peewee import BigIntegerField, ForeignKeyField, IntegerField

from kimai_tui.data.models import BaseModel, Timesheet, User


class Interruption(BaseModel):
    """One level of a person's stack: `record` was stopped for an interruption begun at
    `at_ts` (UTC epoch seconds); `depth` 1 is the bottom."""

    user = ForeignKeyField(User, on_delete="CASCADE", index=False)
    record = ForeignKeyField(Timesheet, on_delete="CASCADE", index=False)
    depth = IntegerField()
    at_ts = BigIntegerField()

    class Meta:
        indexes = ((("user", "depth"), True),)


INTERRUPT_MODELS = (Interruption,)
