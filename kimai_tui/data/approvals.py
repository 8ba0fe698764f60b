"""Week approval rows (data/approval_models.py): read and write the state of a user's week
and its history. No rules here: services/approvals.py decides who may do what."""

from __future__ import annotations

from typing import Sequence

from kimai_tui.data.approval_models import ApprovalHistory, WeekApproval
from kimai_tui.data.models import User


def state(user_id: int, week: int) -> tuple[int, str, int] | None:
    """(id, status, version) of USER_ID's week (Monday yyyymmdd), None when never submitted."""
    row = (WeekApproval.select(WeekApproval.id, WeekApproval.status, WeekApproval.version)
           .where((WeekApproval.user == user_id) & (WeekApproval.week == week)).tuples()
           .first())
    return tuple(row) if row else None


def states(user_ids: Sequence[int] | None, weeks: Sequence[int]) -> dict[tuple[int, int], str]:
    """(user id, week) -> status of these users' (None: everyone's) weeks."""
    query = WeekApproval.select(WeekApproval.user, WeekApproval.week, WeekApproval.status).where(
        WeekApproval.week.in_(list(weeks)))
    if user_ids is not None:
        query = query.where(WeekApproval.user.in_(list(user_ids)))
    return {(user, week): status for user, week, status in query.tuples()}


def locked_weeks(user_id: int, weeks: Sequence[int]) -> dict[int, str]:
    """week -> status for those of USER_ID's WEEKS that are submitted or approved."""
    query = (WeekApproval.select(WeekApproval.week, WeekApproval.status)
             .where((WeekApproval.user == user_id) & WeekApproval.week.in_(list(weeks))
                    & WeekApproval.status.in_(["submitted", "approved"])))
    return dict(query.tuples())


def set_state(user_id: int, week: int, status: str, actor_id: int, at_ts: int,
              comment: str) -> None:
    """Record a transition: the week's state becomes STATUS (a row is created on first
    submission) and the history gains a line."""
    current = state(user_id, week)
    if current is None:
        approval_id = WeekApproval.insert(user=user_id, week=week, status=status).execute()
    else:
        approval_id = current[0]
        (WeekApproval.update(status=status, version=WeekApproval.version + 1)
         .where(WeekApproval.id == approval_id).execute())
    ApprovalHistory.insert(approval=approval_id, status=status, actor=actor_id, at_ts=at_ts,
                           comment=comment).execute()


def history(user_id: int, week: int) -> list[tuple[str, str, int, str]]:
    """[(status, actor username, at_ts, comment)] of USER_ID's week, oldest first."""
    query = (ApprovalHistory.select(ApprovalHistory.status, User.username,
                                    ApprovalHistory.at_ts, ApprovalHistory.comment)
             .join(WeekApproval, on=(ApprovalHistory.approval == WeekApproval.id))
             .join(User, on=(ApprovalHistory.actor == User.id))
             .where((WeekApproval.user == user_id) & (WeekApproval.week == week))
             .order_by(ApprovalHistory.at_ts, ApprovalHistory.id))
    return [tuple(row) for row in query.tuples()]


__all__ = ["history", "locked_weeks", "set_state", "state", "states"]
