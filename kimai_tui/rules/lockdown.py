"""Lockdown periods (rules.md §Validation, kimai.timesheet.rules.lockdown_*).

Semantics of Kimai's LockdownService, with the period computed relative to `now`:

- a record that begins after the end of the period is open;
- a record that begins inside the period (the most recent lockdown) stays editable by everyone
  until the grace period is over (now <= end + grace, grace relative to the end, e.g.
  `+10 days`); after that it is in state GRACE: editable only with lockdown_grace_timesheet;
- a record that begins before the period (older lockdowns) is LOCKED: only
  lockdown_override_timesheet edits it.

A misconfigured period (end before start) locks nothing, as in Kimai.
"""

from __future__ import annotations

from datetime import datetime, tzinfo

from kimai_tui.rules.errors import ValidationError
from kimai_tui.rules.relative_dates import relative_date
from kimai_tui.rules.timeutil import find_zone, utc
from kimai_tui.settings import TimesheetRules

OPEN, GRACE, LOCKED = "open", "grace", "locked"
GRACE_PERMISSION = "lockdown_grace_timesheet"
OVERRIDE_PERMISSION = "lockdown_override_timesheet"


def lockdown_active(rules: TimesheetRules) -> bool:
    """Kimai turns lockdown on only when both period start and end are configured."""
    return bool(rules.lockdown_period_start and rules.lockdown_period_end)


def _zone(rules: TimesheetRules, tz: tzinfo) -> tzinfo:
    if not rules.lockdown_period_timezone:
        return tz
    zone = find_zone(rules.lockdown_period_timezone)
    if zone is None:
        raise ValidationError(field="lockdown_period_timezone",
                              message=f'unknown timezone "{rules.lockdown_period_timezone}"')
    return zone


def lockdown_period(rules: TimesheetRules, now: datetime,
                    tz: tzinfo) -> tuple[datetime, datetime, datetime] | None:
    """(start, end, end of grace) of the current lockdown, or None when lockdown is off."""
    if not lockdown_active(rules):
        return None
    local_now = now.astimezone(_zone(rules, tz))
    start = relative_date(rules.lockdown_period_start or "", local_now, "lockdown_period_start")
    end = relative_date(rules.lockdown_period_end or "", local_now, "lockdown_period_end")
    grace = end
    if rules.lockdown_grace_period:
        grace = relative_date(rules.lockdown_grace_period, end, "lockdown_grace_period")
    return start, end, grace


def lockdown_state(begin: datetime, now: datetime, rules: TimesheetRules, tz: tzinfo) -> str:
    """OPEN, GRACE or LOCKED for a record beginning at `begin` (see the module docstring).

    tz is the record's timezone; lockdown_period_timezone wins when configured.
    """
    period = lockdown_period(rules, now, tz)
    if period is None:
        return OPEN
    # Compare in UTC: datetimes sharing a tzinfo compare as wall times.
    start, end, grace = (utc(t) for t in period)
    begin, now = utc(begin), utc(now)
    if end < start or begin > end:
        return OPEN
    if begin >= start:
        return OPEN if now <= grace else GRACE
    return LOCKED


def may_edit(state: str, permissions: frozenset[str] | set[str]) -> bool:
    """Whether a user holding `permissions` may change a record in this lockdown state."""
    if state == OPEN or OVERRIDE_PERMISSION in permissions:
        return True
    return state == GRACE and GRACE_PERMISSION in permissions


def lockdown_message(state: str) -> str:
    if state == GRACE:
        return "This period is locked; its grace period is over."
    return "This period is locked."


__all__ = ["OPEN", "GRACE", "LOCKED", "lockdown_active", "lockdown_period", "lockdown_state",
           "may_edit", "lockdown_message"]
