"""The review queue of team leads (issue "For team leads", item 1): for a team and a period,
every record or day that needs a look before billing.

What is flagged, each an `Item` (rules.md and kimai.yaml `review:`):
- overlap: a record that begins before an earlier record of the same user ended;
- long: a record longer than `review.long_record` (or `long_running_duration` when shorter);
- running: a timer still running after `review.workday_end` of the day it began;
- no_time / short: a working day (`review.working_days`) up to yesterday with no time, or
  with less than `review.target`;
- no_description: a stopped record without a description;
- lockdown: records of the current lockdown period not yet exported, while they can still be
  corrected (one item per user, rules.md §Validation "lockdown");
- approval: a week submitted for approval that the viewer may approve or reject;
- budget: a customer, project or activity whose budget is overbooked (rules.md §Budgets, the
  "no trapped timers" decision: a stop is saved and its overbooking listed here); only for
  viewers who may see that budget.
Nothing is stored: the queue is computed from the records, so fixing a record removes its item.
Visibility is the listing's (services/timesheet_reads.scoped_filter).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone

from kimai_tui.data import review_rows
from kimai_tui.data import timesheets as records_repo
from kimai_tui.data import users as users_repo
from kimai_tui.data.timesheets import RecordFilter
from kimai_tui.rules import budgets as budget_rules
from kimai_tui.rules import lockdown
from kimai_tui.rules.durations import format_duration
from kimai_tui.rules.errors import NotFound, PermissionDenied
from kimai_tui.rules.limits import long_record_seconds
from kimai_tui.services import access, approvals, catalogue, periods, teams
from kimai_tui.services.context import Context, zone
from kimai_tui.services.timesheet_reads import scoped_filter

KINDS = ("approval", "overlap", "long", "running", "no_time", "short", "no_description",
         "lockdown", "budget")
LABELS = {"overlap": "overlap", "long": "long record", "running": "still running",
          "no_time": "no time", "short": "short day", "no_description": "no description",
          "lockdown": "lockdown", "budget": "over budget", "approval": "to approve"}


@dataclass(frozen=True)
class Item:
    """One thing to look at. `day`: the user's local day it concerns; `record_id`: the record
    to open (None for a day without time); `text`: what is wrong, in words."""

    kind: str
    day: date
    user_id: int
    username: str
    record_id: int | None
    text: str

    @property
    def label(self) -> str:
        return LABELS[self.kind]


@dataclass(frozen=True)
class Queue:
    """The items of a period, ordered by day, user and kind; `users`: how many users' days
    were checked; `first`/`last`: the period's days (inclusive)."""

    first: date
    last: date
    users: int
    items: tuple[Item, ...]


def queue(ctx: Context, first: date, last: date, team: str | None = None) -> Queue:
    """The review queue of FIRST..LAST (days, inclusive; a record's day is its own local
    begin day, as in budgets and reports) for TEAM (a name; None:
    every team the viewer leads, or everyone for admins). PermissionDenied for users who may
    not see others' records; NotFound for a team they may not see."""
    if not ctx.can("view_other_timesheet"):
        raise PermissionDenied("you may not review other users' records", "team")
    day_users = reviewed_users(ctx, team)
    everyone = team is None and access.is_admin(ctx)  # admins: every record, days of members
    # Days are each record's own (its zone), as budgets and reports count them: the query
    # reaches a day further each way and the rows are cut by their local day.
    begin, _ = periods.period_of("day", first - timedelta(days=1)).bounds(ctx.tz)
    _, end = periods.period_of("day", last + timedelta(days=1)).bounds(ctx.tz)
    flt = scoped_filter(ctx, RecordFilter(user_ids=None if everyone else day_users,
                                          begin_from=begin, begin_to=end), all_users=True)
    ids = sorted(set(flt.user_ids)) if flt.user_ids is not None else None
    nobody = ids is not None and not ids
    rows = [] if nobody else review_rows.period_rows(flt, _key(first), _key(last))
    running = [] if nobody else review_rows.running_rows(ids)
    names = {} if nobody else {u.id: u for u in users_repo.listing(ids)}
    now = ctx.now()
    items: list[Item] = []
    items += _record_items(ctx, rows, running, names, now)
    checked = {uid: names[uid] for uid in day_users if uid in names}
    items += _day_items(ctx, rows, checked, first, min(last, _yesterday(ctx)))
    items += _lockdown_items(ctx, rows, names, now)
    items += _budget_items(ctx, rows, names)
    items += _approval_items(ctx, checked, first, last)
    order = {k: i for i, k in enumerate(KINDS)}
    items.sort(key=lambda i: (i.day, i.username.lower(), order[i.kind], i.record_id or 0))
    return Queue(first, last, len(checked), tuple(items))


def reviewed_users(ctx: Context, team: str | None) -> list[int]:
    """Whose days are checked: the team's leads and members; else the members of the teams
    the viewer leads (and the viewer); for admins, every enabled member of any team."""
    if team is not None:
        found = teams.find(ctx, team)
        usernames = set(found["leads"]) | set(found["members"])
        return [u.id for u in users_repo.listing() if u.username in usernames and u.enabled]
    if access.is_admin(ctx):  # everyone who tracks time: team members (not the admin account)
        in_team = {uid for uid, _, member in users_repo.person_facts() if member}
        return [u.id for u in users_repo.listing(sorted(in_team)) if u.enabled]
    return sorted(users_repo.led_team_member_ids(ctx.user.id) | {ctx.user.id})


def _key(day: date) -> int:
    return day.year * 10000 + day.month * 100 + day.day


def _yesterday(ctx: Context) -> date:
    return ctx.now().astimezone(ctx.tz).date() - timedelta(days=1)


def _local(ts: int, tz_name: str) -> datetime:
    return datetime.fromtimestamp(ts, timezone.utc).astimezone(zone(tz_name))


def _day(yyyymmdd: int) -> date:
    return date(yyyymmdd // 10000, yyyymmdd // 100 % 100, yyyymmdd % 100)


def long_limit(ctx: Context) -> int:
    """Seconds after which a record counts as long: review.long_record, or
    long_running_duration when that is set and shorter."""
    return long_record_seconds(ctx.settings.review.long_record,
                               ctx.settings.kimai.timesheet.rules.long_running_duration)


def _record_items(ctx: Context, rows, running, names, now: datetime) -> list[Item]:
    """Overlaps, long records, records without a description, timers running after the
    workday."""
    items: list[Item] = []
    limit = long_limit(ctx)
    end_h, end_m = (int(p) for p in ctx.settings.review.workday_end.split(":"))
    now_ts = int(now.timestamp())
    last_end: dict[int, tuple[int, int]] = {}  # user -> (end_ts, record id) reached so far

    def item(kind, row, text):
        user = names.get(row[1])
        return Item(kind, _day(row[6]), row[1], user.username if user else str(row[1]), row[0],
                    text)

    for row in rows:
        record_id, user_id, begin_ts, end_ts, duration = row[:5]
        end_or_now = end_ts if end_ts is not None else now_ts
        previous = last_end.get(user_id)
        if previous is not None and begin_ts < previous[0]:
            item_text = (f"begins {_local(begin_ts, row[7]):%H:%M}, before #{previous[1]} "
                         f"ended ({_local(previous[0], row[7]):%H:%M})")
            items.append(item("overlap", row, item_text))
        if previous is None or end_or_now > previous[0]:
            last_end[user_id] = (end_or_now, record_id)
        if end_ts is not None and duration > limit:
            items.append(item("long", row, f"{format_duration(duration)} long (over "
                                           f"{format_duration(limit)})"))
        if end_ts is not None and not (row[5] or "").strip():
            items.append(item("no_description", row, "no description"))
    for row in running:
        begun = _local(row[2], row[7])
        workday_end = datetime.combine(begun.date(), time(end_h, end_m), begun.tzinfo)
        if now_ts > int(workday_end.timestamp()) and begun < workday_end:
            items.append(item("running", row, f"running since {begun:%a %H:%M} "
                                              f"({format_duration(now_ts - row[2])}), past "
                                              f"the workday's end {workday_end:%H:%M}"))
    return items


def _day_items(ctx: Context, rows, names, first: date, last: date) -> list[Item]:
    """Working days up to yesterday with no time, or less than the target."""
    review = ctx.settings.review
    seconds: dict[tuple[int, int], int] = {}
    for row in rows:
        if row[3] is not None:
            key = (row[1], row[6])
            seconds[key] = seconds.get(key, 0) + row[4]
    items: list[Item] = []
    day = first
    while day <= last:
        if day.weekday() in review.working_days:
            key_day = _key(day)
            for user in names.values():
                recorded = seconds.get((user.id, key_day))
                if recorded is None:
                    items.append(Item("no_time", day, user.id, user.username, None,
                                      "no time recorded on a working day"))
                elif review.target and recorded < review.target:
                    items.append(Item("short", day, user.id, user.username, None,
                                      f"{format_duration(recorded)} of "
                                      f"{format_duration(review.target)}"))
        day += timedelta(days=1)
    return items


def _lockdown_items(ctx: Context, rows, names, now: datetime) -> list[Item]:
    """Per user: records of the current lockdown period that are not exported while they
    can still be corrected by everyone (before the grace period ends)."""
    rules = ctx.settings.kimai.timesheet.rules
    if not lockdown.lockdown_active(rules):
        return []
    periods_by_zone: dict[str, tuple | None] = {}
    found: dict[int, list] = {}
    for row in rows:
        if row[11] or row[3] is None:
            continue
        if row[7] not in periods_by_zone:
            periods_by_zone[row[7]] = lockdown.lockdown_period(rules, now, zone(row[7]))
        period = periods_by_zone[row[7]]
        if period is None:
            continue
        start, end, grace = (int(t.timestamp()) for t in period)
        if start <= row[2] <= end and int(now.timestamp()) <= grace:
            found.setdefault(row[1], []).append((row, grace))
    items = []
    for user_id, hits in found.items():
        row, grace = hits[0]
        user = names.get(user_id)
        closes = _local(grace, row[7])
        items.append(Item("lockdown", _day(row[6]), user_id,
                          user.username if user else str(user_id), row[0],
                          f"{len(hits)} record{'s' if len(hits) != 1 else ''} of the lockdown "
                          f"period not exported; they lock after {closes:%Y-%m-%d %H:%M}"))
    return items


def _budget_items(ctx: Context, rows, names) -> list[Item]:
    """Entries whose budget is overbooked (month budgets: in a month of the period's records;
    lifetime: in all), for viewers who may see that budget; the item opens the newest record
    that counts there."""
    newest: dict[tuple[str, int, int], tuple] = {}  # (kind, id, yyyymm) -> latest row
    for row in rows:
        if row[3] is None:
            continue
        month = row[6] // 100
        for kind, entity_id in (("customer", row[8]), ("project", row[9]), ("activity", row[10])):
            key = (kind, entity_id, month)
            if key not in newest or row[2] >= newest[key][2]:
                newest[key] = row
    entities: dict[tuple[str, int], object | None] = {}
    items = []
    lifetime_done: set[tuple[str, int]] = set()
    for (kind, entity_id, month), row in sorted(newest.items()):
        if (kind, entity_id) not in entities:
            entities[(kind, entity_id)] = _budgeted(ctx, kind, entity_id)
        entity = entities[(kind, entity_id)]
        if entity is None:
            continue
        budgets = entity.budgets
        if budgets.budget_type == "month":
            label, span = f"{month // 100:04d}-{month % 100:02d}", budget_rules.month_bounds(
                month // 100, month % 100)
        else:
            if (kind, entity_id) in lifetime_done:
                continue
            lifetime_done.add((kind, entity_id))
            row = max((r for (k, e, _), r in newest.items() if (k, e) == (kind, entity_id)),
                      key=lambda r: r[2])
            label, span = "in all", (None, None)
        used_time, used_money = records_repo.usage_sums(kind, entity_id, *span)
        over = []
        if budgets.time_budget and used_time > budgets.time_budget:
            over.append(f"{format_duration(used_time)} of {format_duration(budgets.time_budget)}")
        if budgets.budget and used_money > budgets.budget:
            over.append(f"{used_money:,.2f} of {budgets.budget:,.2f}")
        if over:
            user = names.get(row[1])
            items.append(Item("budget", _day(row[6]), row[1],
                              user.username if user else str(row[1]), row[0],
                              f"{kind} {entity.name} over its budget ({label}): "
                              f"{', '.join(over)}"))
    return items


def _approval_items(ctx: Context, users, first: date, last: date) -> list[Item]:
    """Weeks of the period submitted for approval, for those who may decide on them (not
    one's own, services/approvals.py)."""
    if not ctx.can("edit_other_timesheet"):
        return []
    mondays, week = [], approvals.monday(first)
    while week <= last:
        mondays.append(week)
        week += timedelta(days=7)
    deciders = [uid for uid in users if uid != ctx.user.id or access.is_admin(ctx)]
    return [Item("approval", s.week, s.user_id, s.username, None,
                 "week submitted for approval: open it, then A approves, R rejects")
            for s in approvals.overview(ctx, deciders, mondays) if s.status == approvals.SUBMITTED]


def _budgeted(ctx: Context, kind: str, entity_id: int):
    """The entry when it has a budget the viewer may see, else None."""
    try:
        entity = catalogue.get(ctx, kind, entity_id)
    except NotFound:
        return None
    budgets = entity.budgets
    if not (budgets.budget or budgets.time_budget):
        return None
    return entity if catalogue.budget_fields(ctx, kind, entity) else None


__all__ = ["Item", "KINDS", "LABELS", "Queue", "long_limit", "queue", "reviewed_users"]
