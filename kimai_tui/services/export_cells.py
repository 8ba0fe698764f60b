"""The text of CSV export cells, each distinct value worked out once.

A 100k-record export repeats a few users, customers, projects, rates, durations and start
minutes thousands of times; formatting each of them again per row (time-zone conversion,
strftime, Decimal formatting, a dict per row) was most of the export's time. The formatting
itself is unchanged: a cache miss runs exactly what a row used to run, so the bytes are the
same. The caches of values that are not bounded by the catalogue (instants, amounts,
durations) are emptied when full, so memory does not grow with the export's size.
"""

from __future__ import annotations

from datetime import tzinfo
from typing import Callable

from kimai_tui.data import convert
from kimai_tui.data import export_rows
from kimai_tui.rules.durations import format_duration
from kimai_tui.services.context import zone
from kimai_tui.services.serialize import local_iso
from kimai_tui.textsafe import UNSAFE, inert
from kimai_tui.rules.money import format_money

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# Distinct values kept per cache: a few MB at most. Exports run oldest first, so the values
# that repeat (the same start minute of many users, the same day) are close together and an
# emptied cache refills at once.
CACHE_LIMIT = 20_000


def neutralise(text: str) -> str:
    """The CSV cell of a text (rules.md §Export, §Markdown and display).

    A cell a spreadsheet would run as a formula gets the `' ` prefix. A carriage return
    becomes a newline: Python's csv quotes a cell with a newline but not one with a lone CR,
    which a spreadsheet would still read as the end of the row. Every other unsafe character
    (ESC, C1 controls, bidi and zero-width characters …) is written as its visible escape,
    `\\x1b`, as the CLI and the TUI show it: the file is `cat`-ed and written to a terminal
    (`export` without --output), where a raw one would act. Tabs and line breaks stay."""
    if text.startswith(_FORMULA_START):
        text = "' " + text
    if UNSAFE.search(text):  # a CR is one of them
        text = inert(text, keep_newlines=True)
    return text


def _money_text(value) -> str:
    return "" if value is None else format_money(value, grouping=False)


class LocalTimes:
    """`(date, HH:MM)` cells of an instant (UTC epoch seconds) in a record's time zone.

    Converted as a record's datetime always was (`astimezone(zone(name))`, DST and folds
    included), once per distinct zone and instant."""

    def __init__(self):
        self._zones: dict[str, tzinfo] = {}
        self._cache: dict[str, dict[int, tuple[str, str]]] = {}
        self._size = 0

    def of_zone(self, tz_name: str) -> dict[int, tuple[str, str]]:
        """The cache of one zone: look instants up with `.get`, fill misses with `cells`."""
        cache = self._cache.get(tz_name)
        if cache is None:
            cache = self._cache[tz_name] = {}
            self._zones[tz_name] = zone(tz_name)
        return cache

    def cells(self, tz_name: str, ts: int) -> tuple[str, str]:
        cache = self.of_zone(tz_name)
        if self._size >= CACHE_LIMIT:
            for each in self._cache.values():
                each.clear()
            self._size = 0
        local = convert.from_ts(ts).astimezone(self._zones[tz_name])
        text = local.strftime("%Y-%m-%d %H:%M")  # one strftime: "%H:%M" is the last 5
        cells = cache[ts] = (neutralise(text[:-6]), neutralise(text[-5:]))
        self._size += 1
        return cells


class Memo(dict):
    """A bounded cache of `compute(value)` by value: look values up with [value]."""

    def __init__(self, compute):
        super().__init__()
        self._compute = compute

    def __missing__(self, value):
        if len(self) >= CACHE_LIMIT:
            self.clear()
        result = self[value] = self._compute(value)
        return result


def local_iso_texts():
    """A function like `serialize.local_iso` that converts each distinct (instant, zone)
    once: the JSON export's begin and end."""
    texts = Memo(lambda key: local_iso(*key))
    return lambda moment, tz_name: texts[moment, tz_name]


def money_cells() -> Memo:
    """Stored money (integer ten-thousandths, or None) to its 2-place text ("" for None)."""
    return Memo(lambda stored: neutralise(_money_text(export_rows.money(stored))))


def duration_cells() -> Memo:
    return Memo(lambda seconds: neutralise(format_duration(seconds)))


_ID_COLUMN = {kind: export_rows.FIELDS.index(kind + "_id")
              for kind in ("user", "customer", "project", "activity")}


class Names:
    """The users, customers, projects and activities an export meets, read once each (the
    new ones of a page in one query per kind). `raw[kind][id]` holds what
    `export_rows.names` read (UserNames, CustomerNames, ...); the CSV cells made of them are:

    users: id -> [Name, User, E-mail, Staff number]
    customers: id -> (Customer, Account, VAT-ID, Currency)
    projects: id -> (Project, Project number, Order number)
    activities: id -> Activity

    `contact_shown(user_ids)` tells which of those users' e-mail and staff number the reader
    may see (None: all); the others' cells stay empty.
    """

    def __init__(self, contact_shown: Callable[[list[int]], set[int]] | None = None):
        self._contact_shown = contact_shown
        self.raw: dict[str, dict[int, tuple]] = {
            "user": {}, "customer": {}, "project": {}, "activity": {}}
        self.users: dict[int, list[str]] = {}
        self.customers: dict[int, tuple[str, str, str, str]] = {}
        self.projects: dict[int, tuple[str, str, str]] = {}
        self.activities: dict[int, str] = {}

    def load(self, page: list[tuple]) -> None:
        """Read the ones a page of `export_rows.pages` refers to and that were not met yet."""
        new_users = list(self._new("user", page))
        shown = None if self._contact_shown is None or not new_users else self._contact_shown(
            [user_id for user_id, _ in new_users])
        for user_id, (username, alias, email, staff_number) in new_users:
            if shown is not None and user_id not in shown:
                email = staff_number = ""
            # Name is the display name: the alias, or the username without one.
            self.users[user_id] = [_cell(alias or username), _cell(username), _cell(email),
                                   _cell(staff_number)]
        for customer_id, (name, number, vat_id, currency) in self._new("customer", page):
            self.customers[customer_id] = (_cell(name), _cell(number), _cell(vat_id),
                                           _cell(currency))
        for project_id, (name, number, order_number) in self._new("project", page):
            self.projects[project_id] = (_cell(name), _cell(number), _cell(order_number))
        for activity_id, (name,) in self._new("activity", page):
            self.activities[activity_id] = _cell(name)

    def _new(self, kind: str, page: list[tuple]):
        known = self.raw[kind]
        column = _ID_COLUMN[kind]
        missing = {row[column] for row in page}.difference(known)
        if not missing:
            return ()
        found = export_rows.names(kind, sorted(missing))
        known.update(found)
        return found.items()


def _cell(value) -> str:
    return neutralise(str(value))
