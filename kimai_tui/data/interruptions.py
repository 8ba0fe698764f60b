"""Interrupt stack rows (data/interrupt_models.py). No rules: services/interrupts.py."""

from __future__ import annotations

from peewee import fn

from kimai_tui.data.interrupt_models import Interruption


def stack(user_id: int) -> list[tuple[int, int, int, int]]:
    """[(row id, record id, depth, at_ts)] of USER_ID's stack, bottom first."""
    return [tuple(r) for r in Interruption.select(Interruption.id, Interruption.record,
                                                  Interruption.depth, Interruption.at_ts)
            .where(Interruption.user == user_id).order_by(Interruption.depth).tuples()]


def push(user_id: int, record_id: int, at_ts: int) -> None:
    top = Interruption.select(fn.MAX(Interruption.depth)).where(
        Interruption.user == user_id).scalar()
    Interruption.insert(user=user_id, record=record_id, depth=(top or 0) + 1,
                        at_ts=at_ts).execute()


def remove(row_id: int) -> None:
    Interruption.delete().where(Interruption.id == row_id).execute()


__all__ = ["push", "remove", "stack"]
