"""The windowed record table over many rows: fetches at any offset return the rows a full
listing has there (keyset pages, jumps by position, from either end), moves that wait for
their rows land on the right row, and results of a superseded source never show."""

import threading
from datetime import timedelta

import pytest
from rich.text import Text
from textual.app import App, ComposeResult

from kimai_tui.data import convert
from kimai_tui.data import timesheets as records_repo
from kimai_tui.queries import PageKey, RecordFilter
from kimai_tui.services import record_positions, record_view
from kimai_tui.services.record_view import RecordSource
from kimai_tui.widgets.record_table import PAGE, Column, RecordTable

from tui_support import NOW, app_for, settle

RECORDS = 700


def bulk_records(world, count: int = RECORDS) -> list[int]:
    """`count` stopped records of the user in the week of NOW, newest first; every third
    shares its begin with the one before, so (begin, id) decides their order."""
    ids, user, customer = world["ids"], world["ids"]["user"], world["ids"]["koruna"]
    begin = NOW - timedelta(minutes=1)
    for index in range(count):
        if index % 3:
            begin -= timedelta(minutes=1)
        ts = convert.to_ts(begin)
        records_repo.insert({
            "user": user, "customer": customer, "project": ids["sla"],
            "activity": ids["support"], "begin_ts": ts, "end_ts": ts + 60, "duration": 60,
            "day": int(begin.strftime("%Y%m%d")), "timezone": "UTC",
            "description": f"record {index}", "created_ts": ts, "modified_ts": ts})
    return [r.id for r in records_repo.page(RecordFilter(), count + 10)]


@pytest.fixture
def small_buckets(monkeypatch):
    """Positions measured from 100 records on, in 16 buckets: jumps land inside buckets."""
    monkeypatch.setattr(record_view, "POSITIONS_FROM", 100)
    monkeypatch.setattr(record_positions, "BUCKETS", 16)


def ids_of(rows):
    return [r.id for r in rows]


def test_keyset_pages_walk_ties_in_both_orders(world):
    newest = bulk_records(world, 100)
    for newest_first, expected in ((True, newest), (False, newest[::-1])):
        walked, after = [], None
        while True:
            rows = records_repo.page(RecordFilter(), 7, after, newest_first=newest_first)
            walked += ids_of(rows)
            if len(rows) < 7:
                break
            after = PageKey(convert.to_ts(rows[-1].begin), rows[-1].id)
        assert walked == expected


@pytest.mark.parametrize("with_positions", [True, False])
def test_fetch_at_any_offset_matches_the_full_listing(world, small_buckets, with_positions):
    expected = bulk_records(world)
    source = RecordSource(world["ctx"], RecordFilter())
    assert source.count() == RECORDS
    if with_positions:
        source.prepare_jumps()
        assert source._positions is not None and source._positions.total == RECORDS
    for offset in (0, 1, 49, 50, 333, 349, 351, 600, 650, 699):
        assert ids_of(source.fetch(offset, PAGE)) == expected[offset:offset + PAGE], offset


def test_positions_skip_at_most_one_bucket(world, small_buckets):
    bulk_records(world)
    positions = record_positions.measure(RecordFilter())
    assert positions.total == RECORDS
    for offset in range(0, RECORDS, 37):
        key, skip = positions.locate(offset)
        index = positions.starts.index(offset - skip)
        following = positions.starts[index + 1] if index + 1 < len(positions.starts) \
            else RECORDS
        assert 0 <= skip < following - positions.starts[index]
        assert key is None or key.id == 0


async def test_jumps_land_on_the_right_rows(world, small_buckets):
    expected = bulk_records(world)
    app = app_for(world["ctx"])
    async with app.run_test(size=(140, 45)) as pilot:
        await settle(app, pilot)
        await pilot.press("t")  # from recent work to this week's 700 records
        await settle(app, pilot)
        table = app.screen.query_one(RecordTable)
        assert table.total_known and table.total == RECORDS
        middle = RECORDS // 2
        table.go_to(middle)
        await settle(app, pilot)
        assert table.cursor_row == middle and table.current.id == expected[middle]
        assert table.window_loaded()
        top = table.scroll_offset.y
        assert [table.row_at(i).id for i in range(top, top + 10)] == expected[top:top + 10]
        await pilot.press("end")
        await settle(app, pilot)
        assert table.current.id == expected[-1]
        await pilot.press("pageup")
        await settle(app, pilot)
        assert table.current.id == expected[table.cursor_row]
        await pilot.press("home")
        await settle(app, pilot)
        assert table.cursor_row == 0 and table.current.id == expected[0]


async def test_end_before_the_count_waits_for_it(world):
    expected = bulk_records(world)
    app = app_for(world["ctx"])
    async with app.run_test(size=(140, 45)) as pilot:
        await settle(app, pilot)
        table = app.screen.query_one(RecordTable)
        table.set_source(RecordSource(world["ctx"], RecordFilter()), keep_cursor=False)
        table.action_jump(-1)  # before the new source's count is known
        await settle(app, pilot)
        assert table.total == RECORDS and table.cursor_row == RECORDS - 1
        assert table.current.id == expected[-1]


class ListSource:
    """Rows from a list; `gate` (if set) holds every fetch until it is opened."""

    def __init__(self, rows, gate: threading.Event | None = None):
        self.rows, self.gate = rows, gate

    def count(self):
        return len(self.rows)

    def fetch(self, offset, limit):
        if self.gate is not None:
            self.gate.wait(5)
        return self.rows[offset:offset + limit]


class TableApp(App):
    def compose(self) -> ComposeResult:
        yield RecordTable([Column("name", "Name")], lambda row: [Text(row)])


async def test_a_superseded_source_never_shows():
    app = TableApp()
    async with app.run_test(size=(60, 20)) as pilot:
        table = app.query_one(RecordTable)
        gate = threading.Event()
        table.set_source(ListSource([f"old {i}" for i in range(300)], gate))
        table.set_source(ListSource([f"new {i}" for i in range(3)]))
        await settle(app, pilot, 1)
        gate.set()  # the old source's fetch returns now, after the new one
        await settle(app, pilot)
        assert table.loaded_rows() == ["new 0", "new 1", "new 2"] and table.total == 3
        old = table.generation - 1
        table.post_message(RecordTable.Loaded(old, 300, 0, ["stale"]))
        await settle(app, pilot)
        assert table.loaded_rows() == ["new 0", "new 1", "new 2"] and table.total == 3


async def test_rows_show_before_the_count():
    app = TableApp()
    async with app.run_test(size=(60, 20)) as pilot:
        table = app.query_one(RecordTable)
        counted = threading.Event()

        class SlowCount(ListSource):
            def count(self):
                counted.wait(5)
                return super().count()

        table.set_source(SlowCount([f"row {i}" for i in range(1000)]))
        for _ in range(50):
            await pilot.pause()
            if table.window_loaded():
                break
        assert table.window_loaded() and not table.total_known  # drawn, count pending
        assert table.row_at(0) == "row 0"
        counted.set()
        await settle(app, pilot)
        assert table.total_known and table.total == 1000
