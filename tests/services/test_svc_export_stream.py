"""The export at size: pages, progress, memory that does not grow, mark-exported, and the
cached local times (the byte-exact output itself: test_svc_export_bytes.py)."""

from __future__ import annotations

import io
import tracemalloc
from datetime import datetime, timezone

import pytest

import export_dataset
from kimai_tui.data import convert, export_rows
from kimai_tui.queries import RecordFilter
from kimai_tui.services import export, export_cells, timesheets
from kimai_tui.services.context import zone

START = int(datetime(2026, 6, 1, tzinfo=timezone.utc).timestamp())


def bulk_records(world, how_many: int, user: str = "alice") -> None:
    """Many stopped records, straight into the table (the services would take minutes)."""
    from kimai_tui.data.models import Timesheet

    rows = [dict(user=world.user(user).id, customer=world.customer, project=world.project,
                 activity=world.activity, begin_ts=START + 600 * i, end_ts=START + 600 * i + 540,
                 day=20260601, timezone="Europe/Berlin", duration=540,
                 description=f"record {i}", created_ts=START, modified_ts=START)
            for i in range(how_many)]
    for first in range(0, how_many, 500):
        Timesheet.insert_many(rows[first:first + 500]).execute()


class Discard(io.TextIOBase):
    def write(self, text: str) -> int:
        return len(text)


def test_progress_every_thousand_records(world):
    bulk_records(world, 2345)
    calls = []
    written = export.export(world.ctx("alice"), RecordFilter(), "csv", Discard(),
                            progress=calls.append)
    assert written == 2345 and calls == [1000, 2000]


def test_progress_counts_across_pages(world, monkeypatch):
    bulk_records(world, 22)
    monkeypatch.setattr(export_rows, "PAGE_SIZE", 3)
    monkeypatch.setattr(export, "PROGRESS_EVERY", 4)
    calls = []
    export.export(world.ctx("alice"), RecordFilter(), "json", Discard(), progress=calls.append)
    assert calls == [4, 8, 12, 16, 20]


def test_rows_are_written_while_pages_are_still_read(world, monkeypatch):
    bulk_records(world, 10)
    monkeypatch.setattr(export_rows, "PAGE_SIZE", 3)
    events = []
    read_pages = export_rows.pages

    def pages(*args, **kwargs):
        for page in read_pages(*args, **kwargs):
            events.append("page")
            yield page

    class Recording(Discard):
        def write(self, text: str) -> int:
            events.append("write")
            return len(text)

    monkeypatch.setattr(export_rows, "pages", pages)
    export.export(world.ctx("alice"), RecordFilter(), "csv", Recording())
    assert events.count("page") == 4
    assert events.index("write") < len(events) - 1 - events[::-1].index("page")


def _peak_bytes(world, fmt: str) -> int:
    tracemalloc.start()
    try:
        export.export(world.ctx("alice"), RecordFilter(), fmt, Discard())
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_memory_does_not_grow_with_the_export(world, monkeypatch, fmt):
    monkeypatch.setattr(export_rows, "PAGE_SIZE", 200)
    monkeypatch.setattr(export_cells, "CACHE_LIMIT", 200)
    bulk_records(world, 1000)
    _peak_bytes(world, fmt)  # first run: imports and caches of the libraries
    small = _peak_bytes(world, fmt)
    bulk_records(world, 4000)  # five times the records (their instants follow the others')
    large = _peak_bytes(world, fmt)
    assert large < small * 1.5, (small, large)


def test_mark_exported_locks_every_page_but_never_a_running_timer(world, monkeypatch):
    export_dataset.build(world)
    monkeypatch.setattr(export_rows, "PAGE_SIZE", 3)
    admin = world.ctx("admin")
    count = export.export(admin, RecordFilter(), "csv", Discard(), all_users=True,
                          mark_exported=True)
    records = list(timesheets.iterate(admin, RecordFilter(), all_users=True))
    assert count == len(records) == 21
    assert [r.id for r in records if not r.exported] == [r.id for r in records if r.running]
    assert len([r for r in records if r.running]) == 2


ZONES = ["Europe/Berlin", "America/New_York", "Australia/Lord_Howe", "Asia/Kolkata", "UTC",
         "Mars/Olympus_Mons"]
# Around the 2026 DST changes of Berlin, New York and Lord Howe (a 30-minute shift), every
# 7 minutes and 13 seconds so odd seconds are met too.
INSTANTS = [start + step for start in (1774746000, 1792890000, 1772953200, 1793512800,
                                       1775314800, 1791041400)
            for step in range(-4 * 3600, 4 * 3600, 433)]


@pytest.mark.parametrize("tz_name", ZONES)
def test_cached_local_times_are_the_records_local_times(tz_name):
    times = export_cells.LocalTimes()
    for ts in INSTANTS * 2:  # the second round is answered from the cache
        local = convert.from_ts(ts).astimezone(zone(tz_name))
        cells = times.of_zone(tz_name).get(ts) or times.cells(tz_name, ts)
        assert cells == (local.strftime("%Y-%m-%d"), local.strftime("%H:%M")), ts


@pytest.mark.parametrize("tz_name", ZONES)
def test_cached_iso_times_are_the_json_times(tz_name):
    from kimai_tui.services.serialize import local_iso

    cached = export_cells.local_iso_texts()
    for ts in INSTANTS * 2:
        moment = convert.from_ts(ts)
        assert cached(moment, tz_name) == local_iso(moment, tz_name), ts
    assert cached(None, tz_name) is None  # a running record's end


def test_pages_keep_the_filter_when_the_keyset_moves_its_start(world, monkeypatch):
    """From the second page on, the last row's begin is the lower bound (see pages()); the
    rest of the filter still applies and no row is skipped or repeated."""
    from kimai_tui.data import timesheets as records_repo

    bulk_records(world, 30)
    bulk_records(world, 30, user="bob")  # the same instants: ties broken by id
    flt = RecordFilter(user_ids=[world.user("alice").id, world.user("bob").id],
                       begin_from=convert.from_ts(START + 600 * 4 + 1),
                       begin_to=convert.from_ts(START + 600 * 25))
    expected = [r.id for r in records_repo.iterate(flt, batch=1000)]
    got = [row[0] for page in export_rows.pages(flt, size=3) for row in page]
    assert got == expected and len(got) == 2 * 20
