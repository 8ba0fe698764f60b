"""Running-record limits (rules.md §Running records, kimai.timesheet.active_entries).

hard_limit 1: starting stops the running record in the same transaction. The Decision for
hard_limit above 1 (seed 003): once reached, a new start is refused, naming what runs. The
service must make this decision inside the transaction that inserts, so that two concurrent
starts cannot both pass.
"""

from __future__ import annotations

from collections.abc import Sequence

from kimai_tui.rules.errors import RuleRefused

START = "start"
STOP_RUNNING = "stop_running"


def refuse_message(running_descriptions: Sequence[str], hard_limit: int) -> str:
    running = "; ".join(running_descriptions) if running_descriptions else "unknown records"
    return (f"You already have {len(running_descriptions) or hard_limit} running records, the "
            f"limit is {hard_limit}. Stop one first. Running: {running}")


def decide_start(running_count: int, hard_limit: int,
                 running_descriptions: Sequence[str] = ()) -> str:
    """START when under the limit, STOP_RUNNING with a limit of 1, else raise RuleRefused.

    With a limit of 1 and (after a config change) several running, STOP_RUNNING means stop
    them all.
    """
    if running_count < max(hard_limit, 1):
        return START
    if hard_limit <= 1:
        return STOP_RUNNING
    raise RuleRefused(refuse_message(running_descriptions, hard_limit), "limit")


def soft_limit_reached(running_count: int, soft_limit: int) -> bool:
    """The UI warns while at least soft_limit records run (0 turns the warning off)."""
    return soft_limit > 0 and running_count >= soft_limit


__all__ = ["START", "STOP_RUNNING", "decide_start", "refuse_message", "soft_limit_reached"]


def long_record_seconds(long_record: int, long_running_minutes: int) -> int:
    """Seconds after which a record counts as long (the review queue flags it, a running one
    looks forgotten): `review.long_record` (seconds), or Kimai's
    `timesheet.rules.long_running_duration` (minutes, 0 = off) when that is set and
    shorter."""
    rule = long_running_minutes * 60
    return min(long_record, rule) if rule else long_record
