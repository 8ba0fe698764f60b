"""Messages between the app, its service workers and its screens. Kept apart from `app.py` so
that screens can import them without importing the app (which imports the screens).

A service call runs in a worker and answers with `ServiceDone` or `ServiceFailed` (typed
messages, never a callback from the thread). A write becomes a `DataChanged` that says what
changed (`Change`), so a screen reloads only what it shows.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message

from kimai_tui import domain
from kimai_tui.rules.errors import KimaiError


@dataclass(frozen=True)
class Change:
    """What a write changed. KIND: records | catalogue | people | invoices | all (unknown, or
    someone else's write: every view reloads). USER_IDS: whose records (records only).
    ENTITY and ENTITY_ID: which customer, project or activity (catalogue only)."""

    kind: str = "all"
    user_ids: frozenset[int] = frozenset()
    entity: str | None = None
    entity_id: int | None = None


EVERYTHING = Change()


def change_of(result: object) -> Change:
    """The Change a service call's RESULT stands for: records (a Record, a list of them, or
    a (record, stopped records) pair), a catalogue entry, a user or team, an invoice."""
    items = result if isinstance(result, (list, tuple)) else [result]
    flat: list = []
    for item in items:
        flat.extend(item if isinstance(item, list) else [item])
    if flat and all(isinstance(item, domain.Record) for item in flat):
        return Change("records", frozenset(item.user_id for item in flat))
    kinds = {domain.Customer: "customer", domain.Project: "project",
             domain.Activity: "activity"}
    if isinstance(result, tuple(kinds)):
        return Change("catalogue", entity=kinds[type(result)], entity_id=result.id)
    if isinstance(result, domain.User):
        return Change("people")
    if isinstance(result, (domain.Invoice, domain.InvoiceTemplate)):
        return Change("invoices")
    return EVERYTHING


def records_of(result: object) -> list[domain.Record]:
    """The records a service call returned: a Record, or lists and tuples of them (start:
    the new record and those it stopped; stop: the stopped records)."""
    if isinstance(result, domain.Record):
        return [result]
    if isinstance(result, (list, tuple)):
        return [record for item in result for record in records_of(item)]
    return []


def running_after(running: list[domain.Record], result: object, user_id: int,
                  deleted: bool = False) -> list[domain.Record] | None:
    """USER_ID's running records after a write that returned RESULT: RUNNING with the records
    the write returned put in (or taken out when they ended or were DELETED), newest first as
    the service lists them. None when the write returned no record (then ask the service).
    No rule is decided here: each record comes back from the service as it was stored."""
    records = records_of(result)
    if not records:
        return None
    returned = {record.id for record in records}
    after = [record for record in running if record.id not in returned]
    if not deleted:
        after += [record for record in records
                  if record.user_id == user_id and record.running]
    after.sort(key=lambda record: (record.begin, record.id), reverse=True)
    return after


class RunningChanged(Message):
    """The running records were (re)loaded; screens and the active bar redraw."""

    def __init__(self, running: list[domain.Record]):
        super().__init__()
        self.running = running


class DataChanged(Message):
    """Something was written (here or elsewhere): views that show it reload. SERIAL counts
    the app's changes, so a screen shown again later knows it missed some."""

    def __init__(self, change: Change = EVERYTHING, serial: int = 0):
        super().__init__()
        self.change = change
        self.serial = serial


class ServiceDone(Message):
    """A service call returned RESULT; REVISION: the write counter its write left (None if it
    wrote nothing), so the revision poll does not take the app's own write for a foreign one."""

    def __init__(self, token: int, result: object, revision: int | None):
        super().__init__()
        self.token = token
        self.result = result
        self.revision = revision


class ServiceFailed(Message):
    """A service call raised. ERROR: what the form or a notification says. FAILURE: the
    environment failure behind it (database gone, locked, full), for the banner. BUG: an
    unexpected exception, logged privately; the app carries on."""

    def __init__(self, token: int, error: KimaiError, failure=None,
                 bug: BaseException | None = None):
        super().__init__()
        self.token = token
        self.error = error
        self.failure = failure
        self.bug = bug
