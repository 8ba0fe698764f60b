"""One TUI measurement run in its own process (cold imports, a fresh page cache of the app).

Prints one JSON object on stdout. Times are seconds. Started by bench/run.py; by hand:
  python bench/tui_probe.py --database sqlite:////abs/kimai.sqlite --config bench/kimai.yaml \
      --user maria --repeat 5 [--trace-sql] [--tracemalloc]

A step's time runs from the action (a key's action method, a posted message) to the end of the
first frame in which the widget draws the result: the rows on screen are real rows of the new
source (FrameWatch). Between steps the probe waits, untimed, until every worker is done.
`peak_rss_mb` is ru_maxrss; `rss_mb_along` is ru_maxrss after each phase.
"""

from __future__ import annotations

import time

PROCESS_T0 = time.perf_counter()
WALL_T0 = time.time()

import argparse  # noqa: E402
import asyncio  # noqa: E402
import json  # noqa: E402
import resource  # noqa: E402
import statistics  # noqa: E402
import sys  # noqa: E402
from pathlib import Path  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def trace_sql(threshold: float = 0.02) -> None:
    """Log statements slower than `threshold` seconds (to the first row) to stderr."""
    import peewee

    original = peewee.Database.execute_sql

    def execute_sql(self, sql, params=None, *rest, **kw):
        started = time.perf_counter()
        cursor = original(self, sql, params, *rest, **kw)
        elapsed = time.perf_counter() - started
        if elapsed > threshold:
            print(f"  SQL {elapsed * 1000:8.1f} ms {sql[:300]}", file=sys.stderr, flush=True)
        return cursor
    peewee.Database.execute_sql = execute_sql


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _median(values):
    return statistics.median(values) if values else None


async def settle_table(app, pilot, table, rounds: int = 200) -> None:
    """Until the rows under the cursor are loaded and painted (nothing left pending).
    Only between timed steps (never inside a timing): it waits for every worker, background
    counts and totals included, so each step starts from a quiet app."""
    for _ in range(rounds):
        await pilot.pause()
        await _wait_workers(app)
        if table.total == 0 and not any(w.is_running for w in app.workers):
            if table.generation and not table._pending:
                break
        busy = any(w.is_running for w in app.workers)
        if table.row_at(table.cursor_row) is not None and not busy:
            break
    await pilot.pause()


async def _wait_workers(app) -> None:
    from textual.worker import WorkerCancelled

    try:
        await app.workers.wait_for_complete()
    except WorkerCancelled:
        pass


async def settle(app, pilot) -> None:
    for _ in range(3):
        await _wait_workers(app)
        await pilot.pause()


class FrameWatch:
    """Notes the first frame, after an action, in which a widget draws what was asked for.

    The widget classes' `render_line` is wrapped: the compositor calls it while it renders a
    frame, so "ready() held during render_line" means the frame being drawn holds the new
    rows. The timed coroutine resumes right after that frame, so a step's time is from the
    action to the end of the frame that shows its result: no polling loop, no idle wait.
    """

    def __init__(self) -> None:
        self.ready = None
        self.event: asyncio.Event | None = None

    def install(self, widget_class) -> None:
        original = widget_class.render_line
        watch = self

        def render_line(widget, y):
            strip = original(widget, y)
            if watch.ready is not None and not watch.event.is_set() and watch.ready(widget):
                watch.event.set()
            return strip
        widget_class.render_line = render_line

    async def time(self, action, ready, repaint=None, timeout: float = 60.0) -> float:
        """`repaint`: a widget to refresh after the action, so an action that changes nothing
        (page down on the last page) still ends with a frame."""
        self.event = asyncio.Event()
        self.ready = ready
        started = time.perf_counter()
        try:
            action()
            if repaint is not None:
                repaint.refresh()
            await asyncio.wait_for(self.event.wait(), timeout)
            return time.perf_counter() - started
        finally:
            self.ready = None


def install_generation_note(table_class) -> None:
    """For a RecordTable without `window_loaded()` (the version before it): note whose rows
    the table holds, from the Loaded message that carried the count (it replaced the pages)."""
    if hasattr(table_class, "window_loaded"):
        return
    original = table_class.on_record_table_loaded

    def on_record_table_loaded(table, message):
        fresh = message.generation == table.generation and message.total is not None
        original(table, message)
        if fresh:
            table._probe_rows_generation = message.generation
    table_class.on_record_table_loaded = on_record_table_loaded


def window_loaded(table) -> bool:
    """The rows on screen are real rows of the table's current source, cursor in view."""
    if hasattr(table, "window_loaded"):
        return table.window_loaded()
    if getattr(table, "_probe_rows_generation", None) != table.generation:
        return False
    top = table.scroll_offset.y
    visible = max(table.size.height - 1, 1)
    if table.total and not top <= table.cursor_row < top + visible:
        return False
    return all(table.row_at(i) is not None
               for i in range(top, min(top + visible, table.total)))


async def measure(args) -> dict:
    t_import = time.perf_counter()
    from kimai_tui import config
    from kimai_tui.app import make_app
    from kimai_tui.data import db
    from kimai_tui.queries import RecordFilter
    from kimai_tui.rules.search import parse_search
    from kimai_tui.services import identity
    from kimai_tui.services.record_save import RecordChanges
    from kimai_tui.services.record_view import RecordSource
    from kimai_tui.services import timesheets as timesheet_service
    from kimai_tui.widgets.record_table import RecordTable
    from kimai_tui.widgets.filter_bar import FilterBar
    from textual.widgets import Input, Select
    imports = time.perf_counter() - t_import

    out: dict = {"imports_s": imports}
    rss_along: dict[str, float] = {"imports": rss_mb()}
    out["rss_mb_along"] = rss_along
    t_ctx = time.perf_counter()
    settings = config.load_settings(Path(args.config))
    database = db.connect(args.database)
    ctx = identity.acting_context(database, settings, args.user)
    out["context_s"] = time.perf_counter() - t_ctx

    watch = FrameWatch()
    watch.install(RecordTable)
    install_generation_note(RecordTable)

    first_rows_frame: list[float] = []

    def note_first_rows(widget) -> bool:
        if not first_rows_frame and widget.total and window_loaded(widget):
            first_rows_frame.append(time.perf_counter())
        return False
    watch.ready = note_first_rows  # until the first timed step
    watch.event = asyncio.Event()
    t_app = time.perf_counter()
    app = make_app(ctx)
    async with app.run_test(size=(180, 50)) as pilot:
        screen = app.screen
        table = screen.query_one(RecordTable)
        for _ in range(2000):
            await pilot.pause()
            if table.total and table.row_at(table.scroll_offset.y) is not None:
                break
        await pilot.pause()  # the frame with the rows
        out["first_paint_s"] = time.perf_counter() - t_app
        # The frame that drew the first rows (first_paint_s also counts the idle waits of
        # the pilot's pause loop above, ~0.3 s; kept as it was for comparison).
        out["first_rows_frame_s"] = first_rows_frame[0] - t_app if first_rows_frame else None
        out["first_paint_from_process_start_s"] = time.perf_counter() - PROCESS_T0
        out["first_paint_wall"] = time.time()
        out["first_rows"] = table.total
        print(f"first paint {out['first_paint_s']:.3f}s", file=sys.stderr, flush=True)
        await settle(app, pilot)
        rss_along["first_paint"] = rss_mb()

        def table_ready(widget) -> bool:
            return widget is table and window_loaded(table)

        async def timed(action, ready=table_ready, quiet=None, repaint=None) -> float:
            """From the action to the end of the first frame that shows its result; then,
            untimed, until background work (counts, totals) is done, so steps don't overlap."""
            elapsed = await watch.time(action, ready, repaint)
            print(f"  {elapsed * 1000:9.1f} ms", file=sys.stderr, flush=True)
            await (quiet or (lambda: settle_table(app, pilot, table)))()
            return elapsed

        def cursor_at(row: int):
            """Ready when the cursor is on `row` (a move may wait for its rows) and the rows
            around it are drawn."""
            return lambda widget: table.cursor_row == row and table_ready(widget)

        def page_target(direction: int) -> int:
            step = direction * max(table.size.height - 2, 1)
            return min(max(table.cursor_row + step, 0), table.total - 1)

        async def moved(action, target: int) -> float:
            """A cursor move. One that changes nothing (page down on the last page) repaints
            the table, so it still ends with a frame."""
            still = target == table.cursor_row
            return await timed(action, cursor_at(target), repaint=table if still else None)

        # The timesheet screen: previous periods (uncached weeks), then a month.
        out["period_shift_s"] = [await timed(lambda: screen.action_shift(-1))
                                 for _ in range(args.repeat)]
        screen.action_today()
        await settle_table(app, pilot, table)
        # Filter change: a customer, then none (the debounce is skipped: Changed is posted
        # as FilterBar does after 0.15 s of quiet).
        bar = screen.query_one(FilterBar)
        customer = bar.query_one("#customer", Select)
        options = [value for _, value in customer._options if value is not Select.NULL]
        filter_times = []
        for index in range(args.repeat):
            with bar.prevent(Select.Changed):
                customer.value = options[index % len(options)] if index % 2 == 0 \
                    else Select.NULL
            await pilot.pause()  # the Select's own frame: drawn during the debounce
            filter_times.append(await timed(lambda: screen.post_message(FilterBar.Changed())))
        out["filter_change_s"] = filter_times
        search = bar.query_one("#search", Input)
        search_times = []
        for term in ["vpn", "printer", "Ticket", "!reset", "location:office"][:args.repeat]:
            with bar.prevent(Input.Changed):
                search.value = term
            await pilot.pause()  # the Input's own frame: drawn during the debounce
            search_times.append(await timed(lambda: screen.post_message(FilterBar.Changed())))
        with bar.prevent(Input.Changed):
            search.value = ""
        screen.post_message(FilterBar.Changed())
        await settle_table(app, pilot, table)
        out["search_s"] = search_times
        # Month period on the timesheet (p: week -> month) and its page down.
        out["month_period_s"] = await timed(lambda: screen.action_period())
        out["page_down_month_s"] = [await moved(lambda: table.action_page(1), page_target(1))
                                    for _ in range(args.repeat)]
        rss_along["timesheet"] = rss_mb()

        # Start and stop from the TUI: the service write in its worker, and until the UI
        # shows the result (app.running changed, the table's reloaded rows drawn).
        activity = ctx.database.execute_sql(
            "SELECT a.id, a.project_id FROM activity a WHERE a.name = ?",
            ("Kaesim SLA User Setup",)).fetchone()
        write_times, ui_times = [], []
        for index in range(args.repeat * 2):
            starting = index % 2 == 0
            if starting:
                call = (lambda: timesheet_service.start(ctx, RecordChanges(
                    project_id=activity[1], activity_id=activity[0], description="bench")))
            else:
                call = (lambda: timesheet_service.stop(ctx, all_running=True))

            def wrapped(call=call):
                started = time.perf_counter()
                result = call()
                write_times.append(time.perf_counter() - started)
                return result

            def shown(widget, starting=starting) -> bool:
                return bool(app.running) == starting and table_ready(widget)
            ui_times.append(await timed(lambda: app.call_service(wrapped), shown,
                                        lambda: settle(app, pilot)))
        out["tui_start_stop_write_s"] = write_times
        out["tui_start_stop_ui_s"] = ui_times

        # Calendar month view (when the calendar mode exists).
        try:
            import kimai_tui.screens.calendar  # noqa: F401
            has_calendar = True
        except ImportError:
            has_calendar = False
        if has_calendar and "calendar" in [spec.name for spec in app.mode_specs]:
            from kimai_tui.widgets.calendar_grid import WeekGrid
            from kimai_tui.widgets.calendar_month import MonthGrid

            watch.install(WeekGrid)
            watch.install(MonthGrid)

            def calendar_ready(grid_class):
                def ready(widget) -> bool:
                    calendar = widget.screen
                    return (isinstance(widget, grid_class)
                            and calendar.loaded_days == calendar.visible_days())
                return ready
            quiet = (lambda: settle(app, pilot))
            out["calendar_open_s"] = await timed(lambda: app.switch_mode("calendar"),
                                                 calendar_ready(WeekGrid), quiet)
            calendar = app.screen
            out["calendar_month_view_s"] = await timed(lambda: calendar.action_toggle_view(),
                                                       calendar_ready(MonthGrid), quiet)
            out["calendar_month_shift_s"] = [
                await timed(lambda: calendar.action_shift(-1), calendar_ready(MonthGrid), quiet)
                for _ in range(args.repeat)]
            app.switch_mode("timesheet")
            await settle(app, pilot)
        else:
            out["calendar"] = "skipped: kimai_tui/screens/calendar.py not present"
        rss_along["calendar"] = rss_mb()

        # The windowed table over every record the user may see (a team lead: the team).
        team = RecordSource(ctx, RecordFilter(), all_users=True)
        out["team_table_first_paint_s"] = await timed(
            lambda: table.set_source(team, keep_cursor=False))
        out["team_rows"] = table.total
        out["team_page_down_s"] = [await moved(lambda: table.action_page(1), page_target(1))
                                   for _ in range(args.repeat * 4)]
        out["team_jump_end_s"] = await moved(lambda: table.action_jump(-1), table.total - 1)
        out["team_page_up_after_end_s"] = [await moved(lambda: table.action_page(-1),
                                                       page_target(-1))
                                           for _ in range(args.repeat)]
        middle = table.total // 2

        def to_middle():  # the table's own move if it has one (it may wait for the rows)
            if hasattr(table, "go_to"):
                table.go_to(middle)
            else:
                table.cursor_row = middle
        out["team_jump_middle_s"] = await moved(to_middle, middle)
        out["team_jump_home_s"] = await moved(lambda: table.action_jump(0), 0)
        rss_along["team"] = rss_mb()
        searches = []
        for term in ("vpn", "printer offline", "location:homeoffice")[:max(args.repeat, 1)]:
            source = RecordSource(ctx, RecordFilter(search=parse_search(term)), all_users=True)
            searches.append(await timed(lambda: table.set_source(source, keep_cursor=False)))
        out["team_search_s"] = searches
        out["team_search_rows"] = table.total
        await settle(app, pilot)
        rss_along["team_search"] = rss_mb()
    out["peak_rss_mb"] = rss_mb()
    if args.tracemalloc:
        report_tracemalloc()
    database.close()
    return out


def report_tracemalloc(limit: int = 25) -> None:
    """The Python allocations still held and the peak, by file (stderr)."""
    import tracemalloc

    current, peak = tracemalloc.get_traced_memory()
    print(f"tracemalloc: current {current / 2**20:.1f} MB, peak {peak / 2**20:.1f} MB",
          file=sys.stderr)
    for stat in tracemalloc.take_snapshot().statistics("filename")[:limit]:
        print(f"  {stat.size / 2**20:7.2f} MB {stat.count:8d} {stat.traceback[0].filename}",
              file=sys.stderr)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--database", required=True)
    parser.add_argument("--config", required=True)
    parser.add_argument("--user", default="maria")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--trace-sql", action="store_true")
    parser.add_argument("--tracemalloc", action="store_true",
                        help="trace Python allocations (slow) and list them by file at the end")
    parser.add_argument("--proposed", action="store_true",
                        help="apply the proposed product fixes in-process (bench/proposed.py)")
    args = parser.parse_args()
    if args.trace_sql:
        trace_sql()
    if args.tracemalloc:
        import tracemalloc

        tracemalloc.start()
    if args.proposed:
        import proposed

        proposed.apply()
    result = asyncio.run(measure(args))
    print(json.dumps(result))


if __name__ == "__main__":
    main()
