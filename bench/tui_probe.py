"""One TUI measurement run in its own process (cold imports, a fresh page cache of the app).

Prints one JSON object on stdout. Times are seconds. Started by bench/run.py; by hand:
  python bench/tui_probe.py --database sqlite:////abs/kimai.sqlite --config bench/kimai.yaml \
      --user maria --repeat 5 [--spawned-at EPOCH]
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
    """Until the rows under the cursor are loaded and painted (nothing left pending)."""
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


async def measure(args) -> dict:
    t_import = time.perf_counter()
    from kimai_tui import config
    from kimai_tui.app import make_app
    from kimai_tui.data import db
    from kimai_tui.data.timesheets import RecordFilter
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
    t_ctx = time.perf_counter()
    settings = config.load_settings(Path(args.config))
    database = db.connect(args.database)
    ctx = identity.acting_context(database, settings, args.user)
    out["context_s"] = time.perf_counter() - t_ctx

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
        out["first_paint_from_process_start_s"] = time.perf_counter() - PROCESS_T0
        out["first_paint_wall"] = time.time()
        out["first_rows"] = table.total
        print(f"first paint {out['first_paint_s']:.3f}s", file=sys.stderr, flush=True)
        await settle(app, pilot)

        async def timed(action, settle_fn=None) -> float:
            started = time.perf_counter()
            action()
            await (settle_fn or (lambda: settle_table(app, pilot, table)))()
            elapsed = time.perf_counter() - started
            print(f"  {elapsed * 1000:9.1f} ms", file=sys.stderr, flush=True)
            return elapsed

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
            filter_times.append(await timed(lambda: screen.post_message(FilterBar.Changed())))
        out["filter_change_s"] = filter_times
        search = bar.query_one("#search", Input)
        search_times = []
        for term in ["vpn", "printer", "Ticket", "!reset", "location:office"][:args.repeat]:
            with bar.prevent(Input.Changed):
                search.value = term
            search_times.append(await timed(lambda: screen.post_message(FilterBar.Changed())))
        with bar.prevent(Input.Changed):
            search.value = ""
        screen.post_message(FilterBar.Changed())
        await settle_table(app, pilot, table)
        out["search_s"] = search_times
        # Month period on the timesheet (p: week -> month) and its page down.
        out["month_period_s"] = await timed(lambda: screen.action_period())
        out["page_down_month_s"] = [await timed(lambda: table.action_page(1))
                                    for _ in range(args.repeat)]

        # Start and stop from the TUI: the service write in its worker, and until the UI
        # settled (running bar, table reload).
        activity = ctx.database.execute_sql(
            "SELECT a.id, a.project_id FROM activity a WHERE a.name = ?",
            ("Kaesim SLA User Setup",)).fetchone()
        write_times, ui_times = [], []
        for index in range(args.repeat * 2):
            if index % 2 == 0:
                call = (lambda: timesheet_service.start(ctx, RecordChanges(
                    project_id=activity[1], activity_id=activity[0], description="bench")))
            else:
                call = (lambda: timesheet_service.stop(ctx, all_running=True))

            def wrapped(call=call):
                started = time.perf_counter()
                result = call()
                write_times.append(time.perf_counter() - started)
                return result
            ui_times.append(await timed(lambda: app.call_service(wrapped),
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
            out["calendar_open_s"] = await timed(lambda: app.switch_mode("calendar"),
                                                 lambda: settle(app, pilot))
            calendar = app.screen
            out["calendar_month_view_s"] = await timed(lambda: calendar.action_toggle_view(),
                                                       lambda: settle(app, pilot))
            out["calendar_month_shift_s"] = [
                await timed(lambda: calendar.action_shift(-1), lambda: settle(app, pilot))
                for _ in range(args.repeat)]
            app.switch_mode("timesheet")
            await settle(app, pilot)
        else:
            out["calendar"] = "skipped: kimai_tui/screens/calendar.py not present"

        # The windowed table over every record the user may see (a team lead: the team).
        team = RecordSource(ctx, RecordFilter(), all_users=True)
        out["team_table_first_paint_s"] = await timed(
            lambda: table.set_source(team, keep_cursor=False))
        out["team_rows"] = table.total
        out["team_page_down_s"] = [await timed(lambda: table.action_page(1))
                                   for _ in range(args.repeat * 4)]
        out["team_jump_end_s"] = await timed(lambda: table.action_jump(-1))
        out["team_page_up_after_end_s"] = [await timed(lambda: table.action_page(-1))
                                           for _ in range(args.repeat)]
        middle = table.total // 2

        def to_middle():
            table.cursor_row = middle
        out["team_jump_middle_s"] = await timed(to_middle)
        out["team_jump_home_s"] = await timed(lambda: table.action_jump(0))
        searches = []
        for term in ("vpn", "printer offline", "location:homeoffice")[:max(args.repeat, 1)]:
            source = RecordSource(ctx, RecordFilter(search=parse_search(term)), all_users=True)
            searches.append(await timed(lambda: table.set_source(source, keep_cursor=False)))
        out["team_search_s"] = searches
        out["team_search_rows"] = table.total
        await settle(app, pilot)
    out["peak_rss_mb"] = rss_mb()
    database.close()
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--database", required=True)
    parser.add_argument("--config", required=True)
    parser.add_argument("--user", default="maria")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--trace-sql", action="store_true")
    parser.add_argument("--proposed", action="store_true",
                        help="apply the proposed product fixes in-process (bench/proposed.py)")
    args = parser.parse_args()
    if args.trace_sql:
        trace_sql()
    if args.proposed:
        import proposed

        proposed.apply()
    result = asyncio.run(measure(args))
    print(json.dumps(result))


if __name__ == "__main__":
    main()
