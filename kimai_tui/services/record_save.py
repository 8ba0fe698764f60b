"""Turning a requested change of a timesheet record into the values to write.

One function, `prepare`, runs the whole save pipeline of rules.md inside the caller's
transaction: permissions on the fields touched, references, tracking mode, times and rounding,
validation, billable, rates and budgets. It raises before anything is written.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from kimai_tui import domain
from kimai_tui.data import catalogue as catalogue_repo
from kimai_tui.data import convert
from kimai_tui.data import timesheets as records_repo
from kimai_tui.data import users as users_repo
from kimai_tui.rules import billable as billable_rules
from kimai_tui.rules import budgets as budget_rules
from kimai_tui.rules import lockdown, modes, rounding, validation
from kimai_tui.rules.errors import NotFound, PermissionDenied, RuleRefused, ValidationError
from kimai_tui.services import access, approvals, pricing, record_fields
from kimai_tui.services.context import Context, zone
from kimai_tui.services.entity_access import EntityAccess
from kimai_tui.services.record_times import mode_begin


class _Unset:
    def __repr__(self) -> str:
        return "UNSET"

    def __bool__(self) -> bool:
        return False


UNSET: Any = _Unset()


@dataclass
class RecordChanges:
    """The fields a caller wants to set. UNSET fields keep their value (or their default)."""

    user_id: Any = UNSET
    project_id: Any = UNSET
    activity_id: Any = UNSET
    begin: Any = UNSET  # aware datetime
    end: Any = UNSET  # aware datetime, or None for a running record
    duration: Any = UNSET  # seconds, or None for a running record
    description: Any = UNSET
    tags: Any = UNSET  # tuple of names
    billable: Any = UNSET  # auto | yes | no
    hourly_rate: Any = UNSET  # Decimal or None
    fixed_rate: Any = UNSET  # Decimal or None
    exported: Any = UNSET  # bool
    meta: Any = UNSET  # dict name -> value
    break_seconds: Any = UNSET  # Kimai 2's break: seconds of pause, off the duration

    def given(self, name: str) -> bool:
        return getattr(self, name) is not UNSET

    def any_given(self) -> bool:
        return any(self.given(f.name) for f in fields(self))


@dataclass
class Prepared:
    values: dict
    tags: tuple[str, ...] | None
    meta: dict[str, str] | None = field(default=None)
    # A stop is saved even when it overbooks a budget or runs too long (rules.md "Decision
    # (no trapped timers)"): what it broke, one line each, for the face to report.
    warnings: list[str] = field(default_factory=list)


# The tags a stop adds to a record it saved against a rule, so it is listed for review
# (`list --tag overbooked`, the Timesheet's tag filter).
REVIEW_TAGS = {"budget": "overbooked", "duration": "long-running"}


def _day(moment: datetime, tz) -> int:
    local = moment.astimezone(tz)
    return local.year * 10000 + local.month * 100 + local.day


def _check_fields_permitted(ctx: Context, ch: RecordChanges, user_id: int, own: bool,
                            is_new: bool) -> None:
    if (ch.given("hourly_rate") or ch.given("fixed_rate")) and not access.may(
            ctx, "edit_rate_own_timesheet", "edit_rate_other_timesheet", user_id):
        raise PermissionDenied("you may not set rates", "rate")
    if ch.given("billable") and ch.billable != "auto" and not access.may(
            ctx, "edit_billable_own_timesheet", "edit_billable_other_timesheet", user_id):
        raise PermissionDenied("you may not set billable", "billable")
    if ch.given("exported") and not access.may(
            ctx, "edit_export_own_timesheet", "edit_export_other_timesheet", user_id):
        raise PermissionDenied("you may not set the exported flag", "exported")
    mode = modes.normalize_mode(ctx.settings.kimai.timesheet.mode)
    times_given = ch.given("begin") or ch.given("end") or ch.given("duration")
    if mode == "punch" and times_given and not ctx.can("edit_other_timesheet"):
        raise PermissionDenied("in punch mode (time clock) records are only started and "
                               "stopped now; begin, end and duration cannot be set", "begin")


def _load_refs(ctx: Context, project_id: int, activity_id: int):
    project = catalogue_repo.get("project", project_id)
    if project is None or not access.entity_usable(ctx, "project", project_id):
        raise ValidationError(field="project", message=f"no project #{project_id}")
    activity = catalogue_repo.get("activity", activity_id)
    if activity is None or not access.entity_usable(ctx, "activity", activity_id):
        raise ValidationError(field="activity", message=f"no activity #{activity_id}")
    customer = catalogue_repo.get("customer", project.customer_id)
    if not access.entity_usable(ctx, "customer", customer.id):
        raise ValidationError(field="project", message=f"no project #{project_id}")
    return customer, project, activity


def _resolve_times(ctx: Context, ch: RecordChanges, existing: domain.Record | None, tz
                   ) -> tuple[datetime, datetime | None]:
    """Actual begin and end (UTC) after the change, before rounding: the given ones, else the
    record's actual ones (rules.md "Decision (actual and billed times)"). Only the fields
    given change (cli.md `edit`): a new begin keeps a stopped record's end. A duration
    given is worked time: the end comes after it and the record's break."""
    begin = ch.begin if ch.given("begin") else (existing.actual_begin if existing else None)
    if begin is None:
        raise ValidationError(field="begin", message="begin is required")
    if ch.given("begin"):
        begin = mode_begin(ctx, begin, tz)
    if ch.given("duration"):
        if ch.duration is None:
            end = None
        else:
            taken = ch.break_seconds if ch.given("break_seconds") else (
                existing.break_seconds if existing is not None else 0)
            end = begin + timedelta(seconds=ch.duration + int(taken or 0))
    elif ch.given("end"):
        end = ch.end
    elif existing is not None and existing.end is not None:
        end = existing.actual_end
    else:
        end = None
    return begin.astimezone(convert.UTC), None if end is None else end.astimezone(convert.UTC)


def prepare(ctx: Context, ch: RecordChanges, existing: domain.Record | None,
            stopping: bool = False) -> Prepared:
    """Validate the change and compute every stored value. Raises, writing nothing.

    STOPPING (the stop action, also the automatic one of a start or switch): the budget and
    the long-running rules do not refuse; what they would say is in Prepared.warnings and the
    record gets the REVIEW_TAGS (rules.md "Decision (no trapped timers)")."""
    settings = ctx.settings.kimai.timesheet
    is_new = existing is None
    user_id = ch.user_id if ch.given("user_id") else (existing.user_id if existing
                                                        else ctx.user.id)
    owner = ctx.user if user_id == ctx.user.id else users_repo.get(user_id)
    if owner is None or not access.can_see_user(ctx, user_id):
        raise NotFound(f"no user #{user_id}", "user")
    if is_new:
        access.require(ctx, "edit_own_timesheet", "edit_other_timesheet", user_id,
                       "create records for this user")
    else:
        access.require(ctx, "edit_own_timesheet", "edit_other_timesheet", existing.user_id,
                       "edit this record")
        if ch.given("user_id") and ch.user_id != existing.user_id:
            access.require(ctx, "edit_own_timesheet", "edit_other_timesheet", user_id,
                           "move records to this user")
        _check_not_exported(ctx, existing)
    _check_fields_permitted(ctx, ch, user_id, user_id == ctx.user.id, is_new)

    project_id = ch.project_id if ch.given("project_id") else (existing.project_id
                                                                 if existing else None)
    activity_id = ch.activity_id if ch.given("activity_id") else (existing.activity_id
                                                                    if existing else None)
    tags, meta, errors = record_fields.checked(ctx, ch)  # one door for every face
    _merge(errors, _text_errors(ch, existing))  # reported with a missing project or activity
    if project_id is None:
        errors.setdefault("project", []).append("project is required")
    if activity_id is None:
        errors.setdefault("activity", []).append("activity is required")
    if errors:
        raise ValidationError(errors)
    customer, project, activity = _load_refs(ctx, project_id, activity_id)

    tz_name = existing.timezone if existing else owner.timezone
    tz = zone(tz_name)
    # Actual times (what the clock or the user said) and the rounded, billed ones (rules.md
    # "Decision (actual and billed times)"): a running record is never rounded.
    actual_begin, actual_end = _resolve_times(ctx, ch, existing, tz)
    begin, end, duration = actual_begin, actual_end, 0
    break_seconds = _break(ch, existing, actual_begin, actual_end)
    if actual_end is not None and actual_end >= actual_begin:
        begin_local, end_local, duration = rounding.apply_rounding(
            actual_begin.astimezone(tz), actual_end.astimezone(tz), settings.rounding,
            break_seconds)
        begin, end = begin_local.astimezone(convert.UTC), end_local.astimezone(convert.UTC)
    running = end is None
    is_new_or_running = is_new or running

    errors = {}
    _merge(errors, validation.check_activity_matches(
        project.id, activity.project_id, project.global_activities))
    _merge(errors, validation.check_hidden(
        is_new_or_running, customer.visible, project.visible, activity.visible))
    _merge(errors, validation.check_project_dates(
        actual_begin.astimezone(tz), actual_end.astimezone(tz) if actual_end else None,
        project.start_date, project.end_date))
    # Future, long-running and overlap rules on the actual times; zero duration on the
    # billed one.
    _merge(errors, validation.validate_times(actual_begin, actual_end, ctx.now(),
                                             settings.rules, is_new_or_running,
                                             duration=None if end is None else duration,
                                             check_length=not stopping))
    warnings: list[str] = []
    review: list[str] = []
    if stopping and actual_end is not None and actual_end >= actual_begin:
        length = validation.check_length_rule(
            int((actual_end - actual_begin).total_seconds()), settings.rules)
        for message in length.get("duration", []):
            warnings.append(f"duration: {message}")
            review.append(REVIEW_TAGS["duration"])
    if not settings.rules.allow_overlapping_records:
        slack = sum(rule.begin for rule in settings.rounding) * 60
        others = records_repo.overlapping(user_id, convert.to_ts(actual_begin),
                                          None if actual_end is None
                                          else convert.to_ts(actual_end),
                                          existing.id if existing else None, slack=slack)
        _merge(errors, validation.validate_overlap(
            actual_begin, actual_end,
            [(convert.from_ts(b), convert.from_ts(e)) for _, b, e in others]))
    if errors:
        raise ValidationError(errors)
    _check_lockdown(ctx, begin, tz, existing)
    approvals.check_open(ctx, user_id, [_day(begin, tz)])  # week approval locks
    if existing is not None:
        approvals.check_open(ctx, existing.user_id,
                             [_day(existing.begin, zone(existing.timezone))])

    # Billable: re-apply "auto" when the project, activity or user changes.
    refs_changed = existing is not None and (
        project.id != existing.project_id or activity.id != existing.activity_id
        or user_id != existing.user_id)
    if ch.given("billable"):
        billable = billable_rules.resolve_billable(
            ch.billable, customer.billable, project.billable, activity.billable)
    elif existing is None or refs_changed:
        billable = billable_rules.resolve_billable(
            "auto", customer.billable, project.billable, activity.billable)
    else:
        billable = existing.billable

    hourly, fixed, rate, internal = _rates(ctx, ch, existing, refs_changed, owner, customer,
                                           project, activity, duration, end, tz)
    values = {
        "user": user_id, "customer": customer.id, "project": project.id,
        "activity": activity.id, "begin_ts": convert.to_ts(begin),
        "end_ts": None if end is None else convert.to_ts(end), "day": _day(begin, tz),
        "actual_begin_ts": convert.to_ts(actual_begin),
        "actual_end_ts": None if actual_end is None else convert.to_ts(actual_end),
        "timezone": tz_name, "duration": duration, "billable": billable,
        "hourly_rate": hourly, "fixed_rate": fixed, "rate": rate, "internal_rate": internal,
        "modified_ts": convert.to_ts(ctx.now()),
        "break_seconds": break_seconds,
    }
    if end is not None:
        values["paused_ts"] = None  # a stopped record is not paused
    if ch.given("description"):
        values["description"] = ch.description
    if ch.given("exported"):
        values["exported"] = bool(ch.exported)
    if is_new:
        values["created_ts"] = values["modified_ts"]
        values.setdefault("description", "")
    if not settings.rules.allow_overbooking_budget and billable:
        if running and (existing is None or existing.end is not None):
            _check_start_budgets(ctx, owner, customer, project, activity, values, tz)
        elif not running:
            problems = _check_budgets(ctx, existing, customer, project, activity, values, tz)
            if problems and not stopping:
                raise RuleRefused("; ".join(problems), "budget")
            if problems:
                warnings.extend(f"budget: {problem}" for problem in problems)
                review.append(REVIEW_TAGS["budget"])
    if review:
        kept = tags if tags is not None else (existing.tags if existing else ())
        tags = tuple(kept) + tuple(t for t in review
                                   if t.casefold() not in {k.casefold() for k in kept})
    return Prepared(values=values, tags=tags, meta=meta, warnings=warnings)


def _break(ch: RecordChanges, existing: domain.Record | None, begin: datetime,
           end: datetime | None) -> int:
    """The record's break in seconds: the one given, else the stored one. ValidationError
    when negative or, for a stopped record, not shorter than the record (rules.md
    §Durations: a break is inside begin..end)."""
    value = ch.break_seconds if ch.given("break_seconds") else (
        existing.break_seconds if existing is not None else 0)
    value = int(value or 0)
    if value < 0:
        raise ValidationError(field="break", message="a break is not negative")
    if end is not None and value and value >= int((end - begin).total_seconds()):
        raise ValidationError(field="break", message="the break is as long as the record or "
                                                     "longer")
    return value


def _text_errors(ch: RecordChanges, existing: domain.Record | None) -> dict[str, list[str]]:
    """rules.validation.check_text on the description, tags and custom fields the change
    brings in; what the record already holds is not new (a form saved unchanged passes)."""
    errors: dict[str, list[str]] = {}
    if ch.given("description"):
        _merge(errors, validation.check_new_texts(
            {"description": ch.description},
            {"description": existing.description} if existing else None,
            multiline=("description",)))
    if ch.given("tags"):
        kept = set(existing.tags) if existing else set()
        for tag in ch.tags:
            if tag not in kept:
                _merge(errors, validation.check_text("tags", tag, label="a tag"))
    if ch.given("meta"):
        _merge(errors, validation.check_new_texts(
            ch.meta, existing.meta if existing else None, field=lambda _: "meta"))
    return errors


def _merge(errors: dict[str, list[str]], more: dict[str, list[str]]) -> None:
    for key, messages in (more or {}).items():
        errors.setdefault(key, []).extend(messages)


def _check_not_exported(ctx: Context, existing: domain.Record) -> None:
    if existing.exported and not ctx.can("edit_exported_timesheet"):
        raise RuleRefused(f"record #{existing.id} is exported and locked; editing it needs "
                          "the edit_exported_timesheet permission", "exported")


def edit_refusal(ctx: Context, existing: domain.Record) -> str | None:
    """Why the acting user may not change this record at all, or None when they may: the
    checks `prepare` makes before looking at any change (the edit permission, the exported
    lock, the lockdown of its period; rules.md "Permissions", "Export lock", "Lockdown"), so
    a form can open read-only with the reason instead of failing on save."""
    from kimai_tui.rules.errors import KimaiError

    try:
        access.require(ctx, "edit_own_timesheet", "edit_other_timesheet", existing.user_id,
                       "edit this record")
        _check_not_exported(ctx, existing)
        _check_lockdown(ctx, existing.begin, zone(existing.timezone), existing)
    except KimaiError as exc:
        return str(exc)
    return None


def _check_lockdown(ctx: Context, begin: datetime, tz, existing: domain.Record | None) -> None:
    rules_ = ctx.settings.kimai.timesheet.rules
    if not rules_.lockdown_period_start or ctx.can("lockdown_override_timesheet"):
        return
    lock_tz = zone(rules_.lockdown_period_timezone) if rules_.lockdown_period_timezone else tz
    moments = [begin] + ([existing.begin] if existing is not None else [])
    for moment in moments:
        state = lockdown.lockdown_state(moment, ctx.now(), rules_, lock_tz)
        if state == "locked" or (state == "grace" and not ctx.can("lockdown_grace_timesheet")):
            raise RuleRefused("this period is locked (lockdown); records in it cannot be "
                              "changed", "begin")


def _rates(ctx, ch, existing, refs_changed, owner, customer, project, activity, duration, end,
           tz):
    """(hourly_rate, fixed_rate, rate, internal_rate) per rules.md §Rates."""
    typed = ch.given("hourly_rate") or ch.given("fixed_rate")
    if typed:
        record_hourly = ch.hourly_rate if ch.given("hourly_rate") else (
            existing.hourly_rate if existing and not ch.given("fixed_rate") else None)
        record_fixed = ch.fixed_rate if ch.given("fixed_rate") else (
            existing.fixed_rate if existing and not ch.given("hourly_rate") else None)
    elif existing is not None and not refs_changed:
        record_hourly, record_fixed = existing.hourly_rate, existing.fixed_rate
    else:
        record_hourly = record_fixed = None  # computed from scratch
    zero = Decimal("0.0000")
    if end is None:
        # A running record stores rate 0; a typed rate is kept for when it stops.
        return record_hourly, record_fixed, zero, zero
    result = pricing.record_rates(ctx, owner, customer.id, project.id, activity.id,
                                  duration=duration, end_weekday=end.astimezone(tz).weekday(),
                                  record_hourly_rate=record_hourly,
                                  record_fixed_rate=record_fixed)
    return result.hourly_rate, result.fixed_rate, result.rate, result.internal_rate


def _check_start_budgets(ctx, owner, customer, project, activity, values, tz) -> None:
    """Refuse a start (a new running record) that would draw on a budget with nothing free
    (rules.md "Decision (no trapped timers)"). A money budget is drawn on only when the record
    would have a price (its rate for an hour is not 0)."""
    problems = []
    checker = EntityAccess(ctx)
    sees_rates = access.may_view_rates(ctx, values["user"])
    priced = None
    for level, entity in (("customer", customer), ("project", project), ("activity", activity)):
        budgets = entity.budgets
        if not budgets.budget and not budgets.time_budget:
            continue
        day_from = day_to = None
        if budgets.budget_type == "month":
            day = values["day"]
            day_from, day_to = budget_rules.month_bounds(day // 10000, day // 100 % 100)
        used_time, used_money = records_repo.usage_sums(level, entity.id, day_from, day_to)
        sees_budget = checker.sees_budget(level, entity)
        for kind, total, used in (("money", budgets.budget, used_money),
                                  ("time", budgets.time_budget, used_time)):
            if kind == "money" and total:
                if priced is None:
                    priced = _hour_price(ctx, values, owner, customer, project, activity, tz)
                if not priced:
                    continue
            message = budget_rules.check_nothing_free(
                level, entity.name, kind, total, used,
                with_figures=sees_budget and (kind == "time" or sees_rates))
            if message:
                problems.append(message)
    if problems:
        raise RuleRefused("; ".join(problems), "budget")


def _hour_price(ctx, values, owner, customer, project, activity, tz) -> bool:
    """True when an hour of this record would cost something (its rates, as a stop would
    find them)."""
    begin = convert.from_ts(values["begin_ts"])
    result = pricing.record_rates(ctx, owner, customer.id, project.id, activity.id,
                                  duration=3600, end_weekday=begin.astimezone(tz).weekday(),
                                  record_hourly_rate=values["hourly_rate"],
                                  record_fixed_rate=values["fixed_rate"])
    return bool(result.rate)


def _check_budgets(ctx, existing, customer, project, activity, values, tz) -> list[str]:
    """What keeps a save from pushing any level over its budget (allow_overbooking_budget
    false): one message per level and kind, empty when it fits. The figures are given only
    to an actor with a budget permission on that level and, for money, the right to see the
    record's rates (rules.md §Budgets)."""
    problems = []
    day = values["day"]
    checker = EntityAccess(ctx)
    sees_rates = access.may_view_rates(ctx, values["user"])
    for level, entity in (("customer", customer), ("project", project), ("activity", activity)):
        budgets = entity.budgets
        if not budgets.budget and not budgets.time_budget:
            continue
        sees_budget = checker.sees_budget(level, entity)
        day_from = day_to = None
        if budgets.budget_type == "month":
            day_from, day_to = budget_rules.month_bounds(day // 10000, day // 100 % 100)
        used_time, used_money = records_repo.usage_sums(
            level, entity.id, day_from, day_to, existing.id if existing else None)
        old_time, old_money = _old_contribution(existing, level, entity.id, day_from, day_to)
        for kind, total, used, new, old in (
                ("money", budgets.budget, used_money, values["rate"], old_money),
                ("time", budgets.time_budget, used_time, values["duration"], old_time)):
            if not total or new <= old:  # an edit counts only its change
                continue
            message = budget_rules.check_budget(
                level, entity.name, kind, total, used, new,
                with_figures=sees_budget and (kind == "time" or sees_rates))
            if message:
                problems.append(message)
    return problems


def _old_contribution(existing, level, entity_id, day_from, day_to):
    """What the record counted before the edit in the same budget bucket (0 if elsewhere)."""
    if existing is None or existing.end is None or not existing.billable:
        return 0, Decimal(0)
    if getattr(existing, f"{level}_id") != entity_id:
        return 0, Decimal(0)
    if day_from is not None:
        old_day = _day(existing.begin, zone(existing.timezone))
        if not day_from <= old_day <= day_to:
            return 0, Decimal(0)
    return existing.duration, existing.rate
