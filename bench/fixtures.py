"""The records the benchmark's probes need, made through the product's services, so no probe
depends on the weekday or on what the demo happened to generate for today.

The acting user gets FIXTURES stopped records early in her local today (and so in her current
week and in her recent work). They are made in the run's working copy of the cached database
(run.py copies it before every run), so the cached database never grows.

    python bench/fixtures.py DATABASE_URL CONFIG USER   -> JSON {"ids": [...], "day": ...}
"""

from __future__ import annotations

import json
import sys
import time
from datetime import datetime, timedelta

FIXTURES = 4
MARKER = "bench fixture"  # the description: found again, never made twice
PROJECT, ACTIVITY = "Kaesim SLA IT Support", "Kaesim SLA User Setup"


def ensure(ctx) -> list[int]:
    """The ids of the user's fixture records of today, made now when missing. Each lasts a
    minute, from local midnight on, in the first free minutes (a minute taken by another
    record is skipped: the overlap rule would refuse it)."""
    from kimai_tui.rules.errors import KimaiError
    from kimai_tui.services import catalogue
    from kimai_tui.services import timesheets as timesheet_service
    from kimai_tui.services.record_save import RecordChanges

    midnight = datetime.combine(ctx.now().astimezone(ctx.tz).date(), datetime.min.time(),
                                ctx.tz)
    ids = existing(ctx, midnight)
    if len(ids) >= FIXTURES:
        return ids
    # Right after midnight there is no room before now yet: wait (at most FIXTURES + 1
    # minutes, once a day) rather than write records in the future, which the rules refuse.
    ready_at = midnight + timedelta(minutes=FIXTURES + 1)
    while ctx.now() < ready_at:
        time.sleep(min((ready_at - ctx.now()).total_seconds(), 30) + 0.5)
    project = catalogue.find(ctx, "project", PROJECT)[0]
    activity = catalogue.find(ctx, "activity", ACTIVITY, project_id=project.id)[0]
    minute = 0
    while len(ids) < FIXTURES:
        begin = midnight + timedelta(minutes=minute)
        if begin + timedelta(minutes=1) > ctx.now():
            raise SystemExit(f"fixtures: no free minute left today before now for "
                             f"{ctx.user.username} (made {len(ids)} of {FIXTURES})")
        minute += 1
        try:
            record, _ = timesheet_service.create(ctx, RecordChanges(
                project_id=project.id, activity_id=activity.id, begin=begin,
                end=begin + timedelta(minutes=1), description=f"{MARKER} {len(ids) + 1}"))
        except KimaiError:
            continue  # that minute is taken (overlap): the next one
        ids.append(record.id)
    return ids


def existing(ctx, midnight: datetime) -> list[int]:
    """Fixture records of the user that begin today (local)."""
    rows = ctx.database.execute_sql(
        "SELECT id FROM timesheet WHERE user_id = ? AND begin_ts >= ? AND description LIKE ?"
        " ORDER BY id", (ctx.user.id, int(midnight.timestamp()), MARKER + " %")).fetchall()
    return [row[0] for row in rows]


def main() -> int:
    url, config_path, username = sys.argv[1:4]
    from kimai_tui import config
    from kimai_tui.data import db
    from kimai_tui.services import identity

    ctx = identity.acting_context(db.connect(url), config.load_settings(config_path), username)
    ids = ensure(ctx)
    print(json.dumps({"ids": ids, "day": ctx.now().astimezone(ctx.tz).date().isoformat()}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
