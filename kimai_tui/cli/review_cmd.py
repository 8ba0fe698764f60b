"""`kimai-tui review`: the team leads' review queue (services/review.py) as a table or JSON,
for a look in the morning or a cron job."""

from __future__ import annotations

from datetime import timedelta

from kimai_tui.cli import output
from kimai_tui.rules.errors import UsageError
from kimai_tui.services import inputs
from kimai_tui.services import review as review_queue


def review(session) -> int:
    """Print the queue of --from..--to (default: the last seven days and today) for --team."""
    ctx, args = session.context(), session.args
    today = ctx.now().astimezone(ctx.tz).date()
    first = inputs.parse_date(args.date_from, "from") if args.date_from else today - timedelta(
        days=7)
    last = inputs.parse_date(args.date_to, "to") if args.date_to else today
    if last < first:
        raise UsageError("--to is before --from", "to")
    if (last - first).days > 366:
        raise UsageError("review at most a year at a time", "from")
    queue = review_queue.queue(ctx, first, last, args.team)
    if getattr(args, "json", False):
        output.print_json({"from": first.isoformat(), "to": last.isoformat(),
                           "users": queue.users,
                           "items": [{"kind": i.kind, "label": i.label, "day": i.day.isoformat(),
                                      "user": i.username, "record_id": i.record_id,
                                      "text": i.text} for i in queue.items]})
        return 0
    print(f"Review {first:%Y-%m-%d} – {last:%Y-%m-%d}: {len(queue.items)} to look at, "
          f"{queue.users} people")
    if queue.items:
        output.print_table(["day", "user", "what", "record", "details"],
                           [(f"{i.day:%a %Y-%m-%d}", i.username, i.label,
                             f"#{i.record_id}" if i.record_id else "", i.text)
                            for i in queue.items], max_width=90)
    return 0
