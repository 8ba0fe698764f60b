"""TUI measurements in their own process (cold imports, a fresh page cache of the app).

Prints one JSON object on stdout; times are seconds, each row a list of samples. Started by
bench/run.py; by hand (the database must hold the fixtures, bench/fixtures.py):
  python bench/tui_probe.py --database sqlite:////abs/kimai.sqlite --config bench/kimai.yaml \
      --user maria --repeat 5 [--first-paint-only] [--trace-sql] [--tracemalloc]

A step's time runs from the action (a key event posted as the terminal driver posts it, or
an action method) to the end of the first frame in which every widget the step affects draws
its result (FrameWatch). Between steps the probe waits, untimed, until every worker is done.
A step that cannot complete raises StepFailed with the reason: its row says so, it is never
reported as a time.

Product hooks, all in this file and nothing edited in kimai_tui/: `render_line` of the
watched widget classes is wrapped (FrameWatch); keys are posted to the app as events.Key.
"""

from __future__ import annotations

import time

PROCESS_T0 = time.perf_counter()
WALL_T0 = time.time()

import argparse  # noqa: E402
import asyncio  # noqa: E402
import json  # noqa: E402
import resource  # noqa: E402
import sys  # noqa: E402
from pathlib import Path  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

STEP_TIMEOUT = 15.0  # seconds: far above any expected step; past it the step failed
KEY_CHARS = {"enter": "\r", "escape": "\x1b", "ctrl+s": "\x13", "slash": "/"}


class StepFailed(Exception):
    """A step whose result never showed (or could not be started): the reason, not a time."""


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


def watch_gc(pauses: list) -> None:
    """Note every full (generation 2) collection's pause: a long one lands in whatever step
    runs then, and shows as that step's max."""
    import gc

    started = []

    def callback(phase, info):
        if info.get("generation") != 2:
            return
        if phase == "start":
            started[:] = [time.perf_counter()]
        elif started:
            pauses.append(time.perf_counter() - started.pop())
    gc.callbacks.append(callback)


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def press(app, key: str) -> None:
    """One key, posted to the app as the terminal driver posts a key it read (no pilot
    waits: the timing starts right before and ends with the frame that shows the result)."""
    from textual import events

    event = events.Key(key, KEY_CHARS.get(key, key if len(key) == 1 else None))
    event.set_sender(app)
    app.post_message(event)


async def _wait_workers(app) -> None:
    from textual.worker import WorkerCancelled

    try:
        await app.workers.wait_for_complete()
    except WorkerCancelled:
        pass


async def settle(app, pilot, rounds: int = 3) -> None:
    """Until every worker is done and the frames they asked for are drawn (untimed)."""
    for _ in range(rounds):
        await _wait_workers(app)
        await pilot.pause()


async def until(pilot, condition, reason: str, timeout: float = STEP_TIMEOUT) -> None:
    """Untimed: pause until `condition()` holds; StepFailed(reason) when it does not in
    `timeout` seconds (a dialog that never loaded, say)."""
    deadline = time.perf_counter() + timeout
    while not condition():
        if time.perf_counter() > deadline:
            raise StepFailed(reason)
        await pilot.pause(0.005)


class FrameWatch:
    """Notes the first frame, after an action, in which each watched widget draws what was
    asked for.

    The widget classes' `render_line` is wrapped: the compositor calls it while it renders a
    frame, so "ready(widget) held during render_line" means the frame being drawn shows it.
    A step names one condition per affected widget (the running bar, the table row); each is
    checked only while its own widget draws, so one widget's state never stands in for
    another's frame. The timed coroutine resumes right after the frame that satisfied the
    last of them: a step's time is from the action to the end of that frame.
    """

    def __init__(self) -> None:
        self.pending: dict = {}  # name -> ready(widget)
        self.seen: dict = {}  # name -> perf_counter when its widget drew it
        self.event: asyncio.Event | None = None
        self.installed: set = set()

    def install_frames(self, app) -> None:
        """Check the OnFrame conditions after each frame the app writes (`App._display`):
        for a mode switch, whose screen is composited whole and may draw no line anew."""
        if app in self.installed:
            return
        self.installed.add(app)
        original = app._display
        watch = self

        def display(screen, renderable):
            original(screen, renderable)
            if watch.pending:
                for name, ready in list(watch.pending.items()):
                    if isinstance(ready, OnFrame) and ready.holds(screen):
                        watch.seen[name] = time.perf_counter()
                        del watch.pending[name]
                if not watch.pending:
                    watch.event.set()
        app._display = display

    def install(self, widget_class) -> None:
        if widget_class in self.installed:
            return
        self.installed.add(widget_class)
        original = widget_class.render_line
        watch = self

        def render_line(widget, y):
            strip = original(widget, y)
            if watch.pending:
                for name, ready in list(watch.pending.items()):
                    if not isinstance(ready, OnFrame) and ready(widget):
                        watch.seen[name] = time.perf_counter()
                        del watch.pending[name]
                if not watch.pending:
                    watch.event.set()
            return strip
        widget_class.render_line = render_line

    async def time(self, action, ready, repaint=None, timeout: float = STEP_TIMEOUT):
        """(elapsed, {name: seconds to that widget's frame}). `ready` is one condition or
        {name: condition}. `repaint`: a widget to refresh after the action, so an action that
        changes nothing (page down on the last page) still ends with a frame."""
        conditions = ready if isinstance(ready, dict) else {"frame": ready}
        self.event = asyncio.Event()
        self.seen = {}
        self.pending = dict(conditions)
        started = time.perf_counter()
        try:
            action()
            if repaint is not None:
                repaint.refresh()
            try:
                await asyncio.wait_for(self.event.wait(), timeout)
            except asyncio.TimeoutError:
                raise StepFailed(f"not shown within {timeout:.0f} s: "
                                 f"{', '.join(self.pending)}") from None
            elapsed = time.perf_counter() - started
            return elapsed, {name: at - started for name, at in self.seen.items()}
        finally:
            self.pending = {}


class OnFrame:
    """A condition checked after each whole frame (`holds(screen)`: the screen drawn),
    not while a widget draws a line."""

    def __init__(self, condition) -> None:
        self.holds = condition


def window_loaded(table) -> bool:
    """The rows on screen are real rows of the table's current source, cursor in view."""
    return table.window_loaded()


def shown_rows(table) -> int:
    """How many rows the table shows: its own count where it has one (without the header and
    a horizontal scrollbar's line), else the height without the header."""
    own = getattr(table, "_visible_rows", None)
    return own() if own is not None else max(table.size.height - 1, 1)


def visible_rows(table) -> list:
    top = table.scroll_offset.y
    rows = (table.row_at(i) for i in range(top, min(top + shown_rows(table), table.total)))
    return [row for row in rows if row is not None]


class WriteTimer:
    """How long the service write itself took (in its worker thread), so a keypress row can
    say how much of it is the write and how much the screen. The timesheet service's
    functions are wrapped; the screens call them through the module, so they get these."""

    NAMES = ("start", "stop", "switch", "update")

    def __init__(self) -> None:
        self.last: float | None = None

    def install(self) -> None:
        from kimai_tui.services import timesheets

        for name in self.NAMES:
            original = getattr(timesheets, name)

            def timed(*args, _original=original, **kwargs):
                started = time.perf_counter()
                try:
                    return _original(*args, **kwargs)
                finally:
                    self.last = time.perf_counter() - started
            setattr(timesheets, name, timed)


class Samples:
    """Every row's samples, and the reason of a row that failed (kept, never a time)."""

    def __init__(self, out: dict) -> None:
        self.out = out

    def add(self, key: str, value: float) -> None:
        self.out.setdefault(key, []).append(value)

    def fail(self, key: str, reason: str) -> None:
        self.out.setdefault("failed", {})[key] = reason
        print(f"  FAILED {key}: {reason}", file=sys.stderr, flush=True)


async def first_paint(args, out: dict):
    """make_app + run_test until the frame that draws the first rows of the view the
    timesheet opens on. Returns (app, pilot context, table) with the app running."""
    from kimai_tui import config
    from kimai_tui.app import make_app
    from kimai_tui.data import db
    from kimai_tui.services import identity
    from kimai_tui.widgets.record_table import RecordTable

    out["imports_s"] = time.perf_counter() - PROCESS_T0
    settings = config.load_settings(Path(args.config))
    ctx = identity.acting_context(db.connect(args.database), settings, args.user)
    watch = FrameWatch()
    watch.install(RecordTable)
    watch.event = asyncio.Event()
    watch.pending = {"first rows": lambda w: w.total > 0 and window_loaded(w)}
    t_app = time.perf_counter()
    app = make_app(ctx)
    runner = app.run_test(size=(180, 50))
    pilot = await runner.__aenter__()
    try:
        await asyncio.wait_for(watch.event.wait(), 60)
    except asyncio.TimeoutError:
        table = app.screen.query_one(RecordTable)
        raise StepFailed(f"first paint: no record row drawn in 60 s (the table holds "
                         f"{table.total} rows; period {app.screen.period.label()!r}: "
                         "are the fixtures in the database?)") from None
    frame_end = time.perf_counter()
    watch.pending = {}
    out["first_paint_s"] = [frame_end - t_app]  # make_app -> end of the first rows' frame
    out["first_paint_from_process_start_s"] = [frame_end - PROCESS_T0]
    out["first_paint_wall"] = WALL_T0 + (frame_end - PROCESS_T0)
    table = app.screen.query_one(RecordTable)
    out["first_rows"] = table.total
    out["opens_on"] = app.screen.period.unit
    return ctx, app, runner, pilot, table, watch


async def measure(args) -> dict:
    out: dict = {"gc_full_pauses_s": []}
    watch_gc(out["gc_full_pauses_s"])
    rss_along: dict[str, float] = {}
    out["rss_mb_along"] = rss_along
    ctx, app, runner, pilot, table, watch = await first_paint(args, out)
    print(f"first paint {out['first_paint_s'][0]:.3f}s", file=sys.stderr, flush=True)
    try:
        if not args.first_paint_only:
            await settle(app, pilot)
            rss_along["first_paint"] = rss_mb()
            await Probe(args, ctx, app, pilot, table, watch, out).run()
    finally:
        await runner.__aexit__(None, None, None)
    out["peak_rss_mb"] = rss_mb()
    if args.tracemalloc:
        report_tracemalloc()
    ctx.database.close()
    return out


class Probe:
    """The timed steps after the first paint, in the order `run` lists them."""

    def __init__(self, args, ctx, app, pilot, table, watch, out) -> None:
        self.args, self.ctx, self.app, self.pilot = args, ctx, app, pilot
        self.table, self.watch, self.out = table, watch, out
        self.samples = Samples(out)
        self.screen = app.screen  # the timesheet
        self.repeat = max(args.repeat, 5)
        self.writes_timer = WriteTimer()
        self.writes_timer.install()

    async def run(self) -> None:
        for part in (self.navigation, self.filters, self.writes, self.editor_save,
                     self.mode_switch, self.calendar, self.team_table):
            name = part.__name__
            try:
                await part()
            except StepFailed as exc:
                self.samples.fail(name, str(exc))
                await settle(self.app, self.pilot)
            self.out["rss_mb_along"][name] = rss_mb()

    # -- helpers ----------------------------------------------------------------------------

    def table_ready(self, widget) -> bool:
        return widget is self.table and window_loaded(self.table)

    def on_timesheet(self, widget) -> bool:
        """The table drew while the timesheet is the screen on top (no dialog over it)."""
        return self.app.screen is self.screen and self.table_ready(widget)

    async def quiet(self) -> None:
        """Untimed, between steps: until the rows under the cursor are loaded and drawn and
        every worker (counts, totals) is done, so steps don't overlap."""
        for _ in range(200):
            await self.pilot.pause()
            await _wait_workers(self.app)
            busy = any(w.is_running for w in self.app.workers)
            if not busy and (self.table.total == 0 or
                             self.table.row_at(self.table.cursor_row) is not None):
                break
        await self.pilot.pause()

    async def timed(self, key: str, action, ready=None, repaint=None, quiet=None) -> float:
        """Time one sample of row `key`; untimed afterwards until the app is quiet."""
        self.writes_timer.last = None
        elapsed, parts = await self.watch.time(action, ready or self.table_ready, repaint)
        self.samples.add(key, elapsed)
        if self.writes_timer.last is not None:
            self.samples.add(f"{key}:write", self.writes_timer.last)
        for part, seconds in parts.items():
            if part != "frame":
                self.samples.add(f"{key}:{part}", seconds)
        print(f"  {key:32} {elapsed * 1000:9.1f} ms", file=sys.stderr, flush=True)
        await (quiet or self.quiet)()
        return elapsed

    async def to_unit(self, unit: str) -> None:
        """Press p (untimed) until the timesheet shows a `unit` period (p cycles day -> week
        -> month -> recent work)."""
        for _ in range(5):
            if self.screen.period.unit == unit:
                return
            self.screen.action_period()
            await self.quiet()
        raise StepFailed(f"p never led to the {unit} period")

    def cursor_at(self, row: int):
        return lambda widget: self.table.cursor_row == row and self.table_ready(widget)

    def page_target(self, direction: int) -> int:
        step = direction * max(shown_rows(self.table) - 1, 1)  # as the table pages
        return min(max(self.table.cursor_row + step, 0), self.table.total - 1)

    async def moved(self, key: str, action, target: int) -> float:
        """A cursor move; one that changes nothing (page down on the last page) repaints the
        table, so it still ends with a frame."""
        still = target == self.table.cursor_row
        return await self.timed(key, action, self.cursor_at(target),
                                repaint=self.table if still else None)

    # -- the steps --------------------------------------------------------------------------

    async def navigation(self) -> None:
        """Previous week ([ from this week: weeks not cached yet), the month (p from the
        week) and its page down."""
        from kimai_tui.services import periods

        await self.to_unit("week")
        for _ in range(self.repeat):
            await self.timed("period_shift_s", lambda: press(self.app, "left_square_bracket"))
        self.screen.action_today()
        await self.quiet()
        for _ in range(self.repeat):
            await self.to_unit("week")
            await self.timed("month_period_s", lambda: press(self.app, "p"))
            if self.screen.period.unit != "month":
                raise StepFailed(f"p from the week led to {self.screen.period.unit}")
        if self.table.total < 2:
            raise StepFailed(f"this month holds {self.table.total} rows: nothing to page")
        for _ in range(self.repeat):
            await self.moved("page_down_month_s", lambda: press(self.app, "pagedown"),
                             self.page_target(1))
        assert periods.RECENT  # the next parts start from recent work (what it opens on)
        await self.to_unit(periods.RECENT)

    async def filters(self) -> None:
        """Filter change as typed: / then words, Enter (applies at once and gives the keys
        back to the table); and a customer chosen in the Select (FilterBar.Changed posted as
        the bar does after its 0.15 s debounce, which is not counted)."""
        from textual.widgets import Input, Select

        from kimai_tui.widgets.filter_bar import FilterBar

        bar = self.screen.query_one(FilterBar)
        search = bar.query_one("#search", Input)
        terms = ["vpn", "printer", "!reset", "location:office", "setup", "fixture"]
        for index in range(self.repeat):
            press(self.app, "slash")
            await until(self.pilot, lambda: search.has_focus, "/ did not focus the search")
            with bar.prevent(Input.Changed):  # typed; its own frames are not the step
                search.value = terms[index % len(terms)] if index < self.repeat - 1 else ""
            await self.pilot.pause()
            await self.timed("filter_search_enter_s", lambda: press(self.app, "enter"))
            if search.has_focus:
                raise StepFailed("Enter in the search did not give the keys to the table")
        # The same change without Enter's move of the focus (FilterBar.Changed posted, as
        # after the debounce): the difference is what the focus move costs.
        for index in range(self.repeat):
            with bar.prevent(Input.Changed):
                search.value = terms[index % len(terms)] if index < self.repeat - 1 else ""
            await self.pilot.pause()
            await self.timed("filter_search_changed_s",
                             lambda: self.screen.post_message(FilterBar.Changed()))
        customer = bar.query_one("#customer", Select)
        await until(self.pilot, lambda: len(customer._options) > 1,
                    "the customer filter never got its names")
        options = [value for _, value in customer._options if value is not Select.NULL]
        for index in range(self.repeat + (self.repeat % 2)):  # ends on "any customer"
            with bar.prevent(Select.Changed):
                customer.value = options[index % len(options)] if index % 2 == 0 \
                    else Select.NULL
            await self.pilot.pause()  # the Select's own frame: drawn during the debounce
            await self.timed("filter_customer_s",
                             lambda: self.screen.post_message(FilterBar.Changed()))

    async def _stop_all(self) -> None:
        from kimai_tui.services import timesheets as timesheet_service

        if self.app.running:
            self.app.call_service(lambda: timesheet_service.stop(self.ctx, all_running=True))
            await settle(self.app, self.pilot)
            await until(self.pilot, lambda: not self.app.running, "could not stop the timer")
            await self.quiet()

    async def _picker(self, key: str, choice: int):
        """Open the start picker with KEY (s or w), untimed until its choices are in, and
        highlight choice number CHOICE (the recent ones first)."""
        from kimai_tui.screens.pickers import StartPicker

        def offered(screen) -> bool:
            return isinstance(screen, StartPicker) and bool(screen.shown)

        await self.timed(f"picker_open_{key}_s", lambda: press(self.app, key), OnFrame(offered),
                         quiet=lambda: settle(self.app, self.pilot))
        picker = self.app.screen
        for _ in range(choice):
            picker.action_move(1)
        await self.pilot.pause()
        return picker

    def write_shown(self, before: list[int], running: bool):
        """The conditions of a start / switch (running=True) or a stop: the running bar
        shows the new state, and the table draws the record's row as it is now."""
        from kimai_tui.widgets.active_bar import ActiveBar

        def bar(widget) -> bool:
            if not isinstance(widget, ActiveBar) or widget.screen is not self.screen:
                return False
            ids = [r.id for r in widget.running]
            return (bool(ids) and ids != before) if running else not ids

        def table(widget) -> bool:
            if not self.on_timesheet(widget):
                return False
            rows = [r for r in visible_rows(self.table) if hasattr(r, "running")]
            new = [r for r in rows if r.running and r.id not in before]
            if running:  # a switch also shows the record it stopped, stopped
                return bool(new) and not any(r.running for r in rows if r.id in before)
            return not any(r.running for r in rows) and any(r.id in before for r in rows)

        return {"bar": bar, "table": table}

    async def writes(self) -> None:
        """s (picker, Enter), w (picker, another choice, Enter), x: from the key that does
        the write to the frame where both the running bar and the table row show it."""
        from kimai_tui.widgets.active_bar import ActiveBar

        self.watch.install(ActiveBar)
        self.watch.install_frames(self.app)
        await self._stop_all()
        self.screen.query_one("#records").focus()
        for _ in range(self.repeat):
            await self._picker("s", 0)
            await self.timed("tui_start_s", lambda: press(self.app, "enter"),
                             self.write_shown([], True))
            before = [r.id for r in self.app.running]
            await self._picker("w", 1)
            await self.timed("tui_switch_s", lambda: press(self.app, "enter"),
                             self.write_shown(before, True))
            before = [r.id for r in self.app.running]
            if not before:
                raise StepFailed("nothing runs after the switch")
            await self.timed("tui_stop_s", lambda: press(self.app, "x"),
                             self.write_shown(before, False))

    async def editor_save(self) -> None:
        """e on a stopped record, a new description typed (untimed), Ctrl+S: until the
        editor is gone and the table draws the row with the new description."""
        from kimai_tui import domain
        from kimai_tui.screens.record_editor import RecordEditor

        for index in range(self.repeat):
            rows = [(i, self.table.row_at(i)) for i in range(min(self.table.total, 40))]
            # The fixtures (a minute each, early today) first: editing a record the start /
            # switch steps left (begun and ended within a second) tests other rules.
            stopped = sorted(((i, r) for i, r in rows if isinstance(r, domain.Record)
                              and r.end), key=lambda item: not item[1].description.startswith(
                                  ("bench fixture", "bench edit")))
            if not stopped:
                raise StepFailed("no stopped record of one's own in view to edit")
            row, record = stopped[0]
            self.table.go_to(row)
            await self.quiet()
            def opened(screen) -> bool:
                return isinstance(screen, RecordEditor) and bool(screen.choices)

            await self.timed("editor_open_s", lambda: press(self.app, "e"), OnFrame(opened),
                             quiet=lambda: settle(self.app, self.pilot))
            editor = self.app.screen
            text = f"bench edit {index} of #{record.id}"
            editor.query_one("#description").text = text
            await self.pilot.pause()

            def saved(widget, record_id=record.id, text=text) -> bool:
                return self.on_timesheet(widget) and any(
                    getattr(r, "id", None) == record_id and r.description == text
                    for r in visible_rows(self.table))
            await self.timed("editor_save_s", lambda: press(self.app, "ctrl+s"), saved)

    async def mode_switch(self) -> None:
        """2 (calendar) and back with 1; 8 (reports) and back with 1: until the frame in
        which the other mode's screen is drawn with its data (the first switch also builds
        the screen: it is the max). Whole frames are checked (OnFrame): a screen shown again
        is composited whole and may draw no line anew."""
        self.watch.install_frames(self.app)
        names = [spec.name for spec in self.app.mode_specs]

        def calendar_ready(screen) -> bool:
            return (self.app.current_mode == "calendar" and screen is self.app.screen
                    and screen.loaded_days == screen.visible_days())

        def reports_ready(screen) -> bool:
            from textual.widgets import DataTable

            return (self.app.current_mode == "reports" and screen is self.app.screen
                    and getattr(screen, "result", None) is not None
                    and screen.query_one(DataTable).row_count > 0)

        def timesheet_ready(screen) -> bool:
            return screen is self.screen and window_loaded(self.table)

        for key, name, ready in (("2", "calendar", calendar_ready),
                                 ("8", "reports", reports_ready)):
            if name not in names:
                self.samples.fail(f"mode_{name}_s", f"no {name} mode for "
                                  f"{self.ctx.user.username}")
                continue
            for _ in range(self.repeat):
                await self.timed(f"mode_{name}_s", lambda: press(self.app, key),
                                 OnFrame(ready), quiet=lambda: settle(self.app, self.pilot))
                await self.timed("mode_back_to_timesheet_s", lambda: press(self.app, "1"),
                                 OnFrame(timesheet_ready))

    async def calendar(self) -> None:
        """The calendar's month view (v) and previous months."""
        from kimai_tui.widgets.calendar_grid import WeekGrid
        from kimai_tui.widgets.calendar_month import MonthGrid

        if "calendar" not in [spec.name for spec in self.app.mode_specs]:
            raise StepFailed("no calendar mode")
        self.watch.install(WeekGrid)
        self.watch.install(MonthGrid)

        def ready(grid_class):
            def shown(widget) -> bool:
                calendar = widget.screen
                return (isinstance(widget, grid_class) and calendar is self.app.screen
                        and calendar.loaded_days == calendar.visible_days())
            return shown
        quiet = lambda: settle(self.app, self.pilot)  # noqa: E731
        self.app.switch_mode("calendar")
        await settle(self.app, self.pilot)
        calendar = self.app.screen
        for _ in range(self.repeat):
            await self.timed("calendar_month_view_s", calendar.action_toggle_view,
                             ready(MonthGrid), quiet=quiet)
            await self.timed("calendar_week_view_s", calendar.action_toggle_view,
                             ready(WeekGrid), quiet=quiet)
        calendar.action_toggle_view()
        await quiet()
        for _ in range(self.repeat):
            await self.timed("calendar_month_shift_s", lambda: calendar.action_shift(-1),
                             ready(MonthGrid), quiet=quiet)
        calendar.action_toggle_view()
        self.app.switch_mode("timesheet")
        await quiet()

    async def team_table(self) -> None:
        """The same RecordTable over every record the user may see (a team lead: the
        team): first paint, page down, jumps, search."""
        from kimai_tui.queries import RecordFilter
        from kimai_tui.rules.search import parse_search
        from kimai_tui.services.record_view import RecordSource

        table = self.table
        for _ in range(self.repeat):
            team = RecordSource(self.ctx, RecordFilter(), all_users=True)
            await self.timed("team_table_first_paint_s",
                             lambda: table.set_source(team, keep_cursor=False))
        self.out["team_rows"] = table.total
        for _ in range(self.repeat * 2):
            await self.moved("team_page_down_s", lambda: table.action_page(1),
                             self.page_target(1))
        for _ in range(self.repeat):
            await self.moved("team_jump_end_s", lambda: table.action_jump(-1), table.total - 1)
            await self.moved("team_page_up_after_end_s", lambda: table.action_page(-1),
                             self.page_target(-1))
            middle = table.total // 2 + _ * 997  # another middle each time: not cached
            await self.moved("team_jump_middle_s", lambda: table.go_to(middle), middle)
            await self.moved("team_jump_home_s", lambda: table.action_jump(0), 0)
        terms = ("vpn", "printer offline", "location:homeoffice", "!vpn setup", "reset")
        for index in range(self.repeat):
            source = RecordSource(self.ctx, RecordFilter(
                search=parse_search(terms[index % len(terms)])), all_users=True)
            await self.timed("team_search_s", lambda: table.set_source(source,
                                                                     keep_cursor=False))
        self.out["team_search_rows"] = table.total
        self.screen.load(keep_cursor=False)
        await self.quiet()


def report_tracemalloc(limit: int = 25) -> None:
    """The Python allocations still held and the peak, by file (stderr)."""
    import tracemalloc

    current, peak = tracemalloc.get_traced_memory()
    print(f"tracemalloc: current {current / 2**20:.1f} MB, peak {peak / 2**20:.1f} MB",
          file=sys.stderr)
    for stat in tracemalloc.take_snapshot().statistics("filename")[:limit]:
        print(f"  {stat.size / 2**20:7.2f} MB {stat.count:8d} {stat.traceback[0].filename}",
              file=sys.stderr)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--database", required=True)
    parser.add_argument("--config", required=True)
    parser.add_argument("--user", default="maria")
    parser.add_argument("--repeat", type=int, default=5, help="samples per row (at least 5)")
    parser.add_argument("--first-paint-only", action="store_true",
                        help="exit after the first rows' frame (one first-paint sample)")
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
    try:
        result = asyncio.run(measure(args))
    except StepFailed as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
