"""What a newcomer is told when there is nothing to track yet (issue #15 item 12): the next
step for their role, where the empty table or picker would otherwise say nothing."""

from __future__ import annotations

from kimai_tui.services.context import Context


def nothing_to_track(ctx: Context) -> str:
    """One line for a user who sees no customer / project / activity to record time on."""
    if all(ctx.can(f"create_{kind}") for kind in ("customer", "project", "activity")):
        return ("Nothing to track yet: create a customer (4, then +), a project (5, +) and an "
                "activity (6, +); or try it with sample data: kimai-tui demo (in an empty "
                "database). ? lists the keys.")
    if ctx.can("create_activity"):
        return ("Nothing to track yet: no project is visible to you. Ask an administrator "
                "for customers and projects (or to add you to their team); then add "
                "activities with 6 and +.")
    return ("Nothing to track yet: no customer, project or activity is visible to you. Ask "
            "your team lead or an administrator to create them or to add you to a team; "
            "then press s to start a timer. ? lists the keys.")
