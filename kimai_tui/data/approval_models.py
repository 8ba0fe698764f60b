"""Peewee models of week approval (Kimai's approval add-on; created by the "approvals" schema
migration in data/db.py): one row per user and week with its current state, and every
transition with who, when and the comment."""

from __future__ import annotations

from peewee import SQL, BigIntegerField, CharField, ForeignKeyField, IntegerField, TextField

from kimai_tui.data.models import BaseModel, User


class WeekApproval(BaseModel):
    """A user's week (`week`: its Monday as yyyymmdd, in the user's own days) and its state:
    submitted, approved or rejected."""

    user = ForeignKeyField(User, on_delete="CASCADE", index=False)
    week = IntegerField()
    status = CharField(max_length=10)
    version = IntegerField(default=1, constraints=[SQL("DEFAULT 1")])

    class Meta:
        indexes = ((("user", "week"), True), (("week", "status"), False))


class ApprovalHistory(BaseModel):
    """One transition: submitted, approved, rejected or reopened, by whom (`actor`), when
    (UTC epoch seconds) and why (`comment`)."""

    approval = ForeignKeyField(WeekApproval, on_delete="CASCADE", index=False)
    status = CharField(max_length=10)
    actor = ForeignKeyField(User, on_delete="RESTRICT", index=False)
    at_ts = BigIntegerField()
    comment = TextField(default="")

    class Meta:
        indexes = ((("approval", "at_ts"), False),)


APPROVAL_MODELS = (WeekApproval, ApprovalHistory)
