"""Checks on save (rules.md §Validation). Each returns {field: [messages]}; empty = fine.

The service collects them and raises one ValidationError, so the user sees every problem of a
form at once and nothing is written.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Mapping
from datetime import date, datetime

from kimai_tui.rules.durations import MAX_DURATION, format_duration
from kimai_tui.rules.timeutil import seconds_between, utc
from kimai_tui.settings import TimesheetRules
from kimai_tui.textsafe import describe, unsafe_characters

Errors = dict[str, list[str]]


def _add(errors: Errors, field: str, message: str) -> None:
    errors.setdefault(field, []).append(message)


def merge(*parts: Errors) -> Errors:
    """All messages of several checks, per field, in order."""
    out: Errors = {}
    for part in parts:
        for field, messages in part.items():
            out.setdefault(field, []).extend(messages)
    return out


def validate_times(begin: datetime | None, end: datetime | None, now: datetime,
                   rules: TimesheetRules, is_new_or_running: bool = True, *,
                   duration: int | None = None, future_tolerance: int = 0,
                   check_length: bool = True) -> Errors:
    """Begin/end/duration rules of kimai.timesheet.rules.

    begin, end: the ACTUAL times (rules.md "Decision (actual and billed times)"): the future
    and long-running rules look at them. duration: the record's rounded, billed duration when
    it differs from end - begin; only the zero-duration rule looks at it.
    future_tolerance: seconds end may lie past now (0 with actual times). The checks are the
    same for new, running and stopped records; is_new_or_running is accepted so all checks
    share one call shape. check_length False leaves out the long-running rule (a stop:
    see check_length_rule).
    """
    errors: Errors = {}
    if begin is None:
        _add(errors, "begin", "Begin is required.")
        return errors
    if not rules.allow_future_times:
        if seconds_between(now, begin) > future_tolerance:
            _add(errors, "begin", "Begin may not be in the future.")
        if end is not None and seconds_between(now, end) > future_tolerance:
            _add(errors, "end", "End may not be in the future.")
    if end is None:
        return errors
    if seconds_between(begin, end) < 0:
        _add(errors, "end", "End may not be before begin.")
        return errors
    seconds = seconds_between(begin, end)
    billed = seconds if duration is None else duration
    if not rules.allow_zero_duration and billed == 0:
        _add(errors, "duration", "A duration of zero is not allowed.")
    if check_length:
        return merge(errors, check_length_rule(seconds, rules))
    return errors


def check_length_rule(seconds: int, rules: TimesheetRules) -> Errors:
    """The long-running rule on an actual length in seconds: long_running_duration (minutes,
    0 = off) and never more than one year. A stop is not refused by it (rules.md "Decision
    (no trapped timers)"): the service then reports these messages as warnings."""
    if seconds > MAX_DURATION:
        return {"duration": ["A record may not be longer than one year."]}
    if rules.long_running_duration > 0 and seconds > rules.long_running_duration * 60:
        limit = format_duration(rules.long_running_duration * 60)
        return {"duration": [f"A record may not be longer than {limit}."]}
    return {}


def _overlaps(begin: datetime, end: datetime | None, other_begin: datetime,
              other_end: datetime | None) -> bool:
    # Half-open intervals: touching (one ends when the other begins) is not overlapping.
    # A running record extends without end.
    begin, other_begin = utc(begin), utc(other_begin)
    end = utc(end) if end is not None else None
    other_end = utc(other_end) if other_end is not None else None
    before_other_ends = other_end is None or begin < other_end
    after_other_begins = end is None or other_begin < end
    return before_other_ends and after_other_begins


def validate_overlap(begin: datetime, end: datetime | None,
                     others: Iterable[tuple[datetime, datetime | None]]) -> Errors:
    """Call only when allow_overlapping_records is false; others = the user's other records."""
    for other_begin, other_end in others:
        if _overlaps(begin, end, other_begin, other_end):
            return {"begin": ["You already have a record in this time range."]}
    return {}


def check_hidden(is_new_or_running: bool, customer_visible: bool, project_visible: bool,
                 activity_visible: bool) -> Errors:
    """Nothing new or running on hidden entities; a stopped record on them stays editable."""
    errors: Errors = {}
    if not is_new_or_running:
        return errors
    if not customer_visible:
        _add(errors, "customer", "Cannot start a disabled customer.")
    if not project_visible:
        _add(errors, "project", "Cannot start a disabled project.")
    if not activity_visible:
        _add(errors, "activity", "Cannot start a disabled activity.")
    return errors


def check_required(project_id: int | None, activity_id: int | None) -> Errors:
    errors: Errors = {}
    if project_id is None:
        _add(errors, "project", "A project is required.")
    if activity_id is None:
        _add(errors, "activity", "An activity is required.")
    return errors


def check_activity_matches(project_id: int | None, activity_project_id: int | None,
                           project_allows_global: bool) -> Errors:
    """A project activity must belong to the project; a global one needs a project allowing it.

    activity_project_id None means a global activity.
    """
    if activity_project_id is None:
        if not project_allows_global:
            return {"activity": ["This project does not allow global activities."]}
        return {}
    if activity_project_id != project_id:
        return {"activity": ["This activity does not belong to the selected project."]}
    return {}


def check_project_dates(begin: datetime | None, end: datetime | None,
                        project_start: date | None, project_end: date | None) -> Errors:
    """The record must lie within the project's dates, compared as the record's local days."""
    errors: Errors = {}
    if begin is None:
        return errors
    if project_start is not None and begin.date() < project_start:
        _add(errors, "begin", f"The project starts on {project_start.isoformat()}.")
    last = end if end is not None else begin
    if project_end is not None and last.date() > project_end:
        _add(errors, "end" if end is not None else "begin",
             f"The project ended on {project_end.isoformat()}.")
    return errors


def check_text(field: str, text: str, multiline: bool = False, label: str | None = None
               ) -> Errors:
    """New or changed text holds no control or invisible formatting character (rules.md
    §Markdown and display; the characters are textsafe's unsafe ones).

    A multi-line field (a description, comment or address) may hold tabs and line breaks (LF,
    CRLF or CR); a one-line field (a name, tag, custom field, alias, e-mail …) neither. Returns
    {field: [one line naming the first such character and where it is]}, or {} when the
    text is fine. `label` names the field in the message (default: the field)."""
    found = unsafe_characters(text, multiline)
    if not found:
        return {}
    index, char = found[0]
    more = f" (and {len(found) - 1} more)" if len(found) > 1 else ""
    allowed = "; tabs and line breaks are" if multiline else ""
    return {field: [f"{label or field} contains {describe(char)} at character {index + 1}"
                    f"{more}: control and invisible formatting characters are not accepted"
                    f"{allowed}"]}


def check_new_texts(values: Mapping[str, object], stored: object = None, *,
                    multiline: Collection[str] = (),
                    field: Callable[[str], str] = lambda key: key) -> Errors:
    """`check_text` for every text value that is new: each str of `values` that differs from
    the same key of `stored`, the saved values (a mapping, or an object such as an entity or
    a user that holds them as attributes; None for something new). A value saved before is
    not checked again, so saving a form that was only opened never fails on it.

    Keys in `multiline` are multi-line fields; `field(key)` is the error's field (the message
    names the key, with spaces for underscores). A new non-empty `email` must be an e-mail
    address and a new `currency` an ISO 4217 code (kimai_tui/codes.py)."""
    from kimai_tui import codes

    if stored is not None and not isinstance(stored, Mapping):
        stored = {key: getattr(stored, key, None) for key in values}
    errors: Errors = {}
    for key, value in values.items():
        if isinstance(value, str) and (stored is None or stored.get(key) != value):
            text_errors = check_text(field(key), value, key in multiline,
                                     label=key.replace("_", " "))
            errors = merge(errors, text_errors)
            problem = None
            if not text_errors and key == "email" and value.strip():
                problem = codes.email_problem(value)
            elif not text_errors and key == "currency":
                problem = codes.currency_problem(value)
            if problem:
                errors = merge(errors, {field(key): [problem]})
    return errors


__all__ = ["Errors", "merge", "validate_times", "check_length_rule", "validate_overlap",
           "check_hidden",
           "check_required", "check_activity_matches", "check_project_dates", "check_text",
           "check_new_texts"]
