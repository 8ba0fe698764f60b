"""Week approval (Kimai's approval add-on; issue "For team leads", item 2).

A user submits a week; a team lead (or an admin) approves it or rejects it with a comment; an
admin may reopen an approved week. Every transition is kept with who, when and the comment.
A week is the user's own Monday-to-Sunday (their records' local days).

Locks (services/record_save.py and timesheets.delete ask `check_open`):
- a submitted week is closed to its owner (a rejection opens it again); the lead may still
  correct it before approving;
- an approved week is closed like exported records: only holders of edit_exported_timesheet
  (admins) change it, and an admin's reopen opens it for everyone.
Who may approve: whoever may edit the user's records (edit_other_timesheet and the listing's
visibility, rules.md §Roles and permissions), never for their own week unless they see all
data (admins).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from typing import Iterable

from kimai_tui.data import approvals as approvals_repo
from kimai_tui.data import users as users_repo
from kimai_tui.rules import validation
from kimai_tui.rules.errors import NotFound, PermissionDenied, RuleRefused, ValidationError
from kimai_tui.services import access
from kimai_tui.services.context import Context

SUBMITTED, APPROVED, REJECTED, REOPENED = "submitted", "approved", "rejected", "reopened"
NOT_SUBMITTED = "not submitted"


def monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def _key(day: date) -> int:
    return day.year * 10000 + day.month * 100 + day.day


def _from_key(key: int) -> date:
    return date(key // 10000, key // 100 % 100, key % 100)


@dataclass(frozen=True)
class WeekStatus:
    """One user's week: `status` is submitted, approved, rejected, reopened or "not
    submitted"; `history`: [(status, actor username, UTC datetime, comment)], oldest first."""

    user_id: int
    username: str
    week: date
    status: str
    history: tuple = ()


def status_of(ctx: Context, user_id: int, day: date) -> WeekStatus:
    """The state and history of USER_ID's week containing DAY. NotFound for a user whose
    records the acting user may not see."""
    user = _visible_user(ctx, user_id)
    week = monday(day)
    current = approvals_repo.state(user_id, _key(week))
    history = tuple((s, who, datetime.fromtimestamp(ts, timezone.utc), comment)
                    for s, who, ts, comment in approvals_repo.history(user_id, _key(week)))
    return WeekStatus(user_id, user.username, week, current[1] if current else NOT_SUBMITTED,
                      history)


def describe(state: WeekStatus) -> str:
    """The state in words with the last step's who and why: "rejected by maria: Tue is
    short" (what a member needs to see to fix a rejected week)."""
    if not state.history:
        return state.status
    status, who, at, comment = state.history[-1]
    text = f"{state.status} by {who} on {at:%Y-%m-%d}"
    return f"{text}: {comment}" if comment else text


def overview(ctx: Context, user_ids: Iterable[int], weeks: Iterable[date]) -> list[WeekStatus]:
    """The state of each of these users' weeks (a lead: who has submitted, approved or not
    yet), users the acting user may not see left out."""
    weeks = sorted({monday(w) for w in weeks})
    visible = [uid for uid in user_ids if uid == ctx.user.id or access.can_see_user(ctx, uid)]
    names = {u.id: u.username for u in users_repo.listing(visible)}
    found = approvals_repo.states(visible, [_key(w) for w in weeks])
    return [WeekStatus(uid, names[uid], week, found.get((uid, _key(week)), NOT_SUBMITTED))
            for week in weeks for uid in sorted(visible, key=lambda u: names[u].lower())
            if uid in names]


def submit(ctx: Context, day: date, comment: str = "") -> WeekStatus:
    """Submit one's own week containing DAY for approval. RuleRefused when it is submitted or
    approved already, or while a timer of that week runs (a closed week would trap it)."""
    _refuse_running(ctx.user.id, day)
    return _move(ctx, ctx.user.id, day, SUBMITTED, comment, (None, REJECTED, REOPENED),
                 lambda: ctx.can("edit_own_timesheet"))


def approve(ctx: Context, user_id: int, day: date, comment: str = "") -> WeekStatus:
    """Approve USER_ID's submitted week containing DAY; it closes (see the module).
    RuleRefused while a timer of that week runs."""
    _refuse_running(user_id, day)
    return _move(ctx, user_id, day, APPROVED, comment, (SUBMITTED,),
                 lambda: _may_decide(ctx, user_id))


def _refuse_running(user_id: int, day: date) -> None:
    """A week closes only when none of its records runs (rules.md "no trapped timers": a
    timer must stay stoppable)."""
    from kimai_tui.data import timesheets as records_repo
    from kimai_tui.services.context import zone

    week = monday(day)
    for record in records_repo.running(user_id):
        begun = record.begin.astimezone(zone(record.timezone)).date()
        if week <= begun < week + timedelta(days=7):
            raise RuleRefused(f"record #{record.id} of this week is still running: stop it "
                              "first", "approval")


def reject(ctx: Context, user_id: int, day: date, comment: str) -> WeekStatus:
    """Send USER_ID's submitted week back with COMMENT (required): it opens again."""
    if not comment.strip():
        raise ValidationError(field="comment", message="say why the week is rejected")
    return _move(ctx, user_id, day, REJECTED, comment, (SUBMITTED,),
                 lambda: _may_decide(ctx, user_id))


def reopen(ctx: Context, user_id: int, day: date, comment: str = "") -> WeekStatus:
    """An admin opens an approved (or submitted) week again."""
    return _move(ctx, user_id, day, REOPENED, comment, (SUBMITTED, APPROVED),
                 lambda: ctx.can("edit_exported_timesheet") and access.is_admin(ctx))


def check_open(ctx: Context, user_id: int, days: Iterable[int]) -> None:
    """RuleRefused when a record of USER_ID on one of DAYS (yyyymmdd) may not change now
    (see the module's locks). Called by every record write."""
    weeks = {_key(monday(_from_key(d))) for d in days}
    locked = approvals_repo.locked_weeks(user_id, sorted(weeks))
    for week, status in sorted(locked.items()):
        if status == APPROVED and not ctx.can("edit_exported_timesheet"):
            raise RuleRefused(f"the week of {_from_key(week):%a %d %b %Y} is approved and "
                              "locked; an admin can reopen it", "approval")
        if status == SUBMITTED and user_id == ctx.user.id and not access.is_admin(ctx):
            raise RuleRefused(f"the week of {_from_key(week):%a %d %b %Y} is submitted for "
                              "approval; your team lead can send it back to you",
                              "approval")


def _visible_user(ctx: Context, user_id: int):
    user = ctx.user if user_id == ctx.user.id else users_repo.get(user_id)
    if user is None or (user_id != ctx.user.id and not access.can_see_user(ctx, user_id)):
        raise NotFound(f"no user #{user_id}", "user")
    return user


def _may_decide(ctx: Context, user_id: int) -> bool:
    if user_id == ctx.user.id and not access.is_admin(ctx):
        return False  # nobody approves their own week, except admins
    return ctx.can("edit_other_timesheet") and access.can_see_user(ctx, user_id)


def _move(ctx: Context, user_id: int, day: date, target: str, comment: str, allowed_from,
          permitted) -> WeekStatus:
    from kimai_tui.data.db import write_transaction

    _visible_user(ctx, user_id)
    comment = comment.strip()
    errors = validation.check_new_texts({"comment": comment}, None, multiline=("comment",))
    if errors:
        raise ValidationError(errors)
    if not permitted():
        raise PermissionDenied(f"you may not mark this week {target}", "approval")
    week = monday(day)
    with write_transaction(ctx.database, lock_user_id=user_id):
        current = approvals_repo.state(user_id, _key(week))
        status = current[1] if current else None
        if status not in allowed_from:
            raise RuleRefused(f"the week of {week:%a %d %b %Y} is "
                              f"{status or NOT_SUBMITTED}; it cannot become {target}",
                              "approval")
        approvals_repo.set_state(user_id, _key(week), target, ctx.user.id,
                                 int(ctx.now().timestamp()), comment)
    return status_of(ctx, user_id, week)


__all__ = ["APPROVED", "NOT_SUBMITTED", "REJECTED", "REOPENED", "SUBMITTED", "WeekStatus",
           "approve", "check_open", "describe", "monday", "overview", "reject", "reopen", "status_of",
           "submit"]
