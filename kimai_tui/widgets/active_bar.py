"""The active-record toolbar: every running record with its live elapsed time, and for users
who may see rates the live amount and the budget left; the soft-limit warning."""

from __future__ import annotations

from typing import Callable

from rich.text import Text
from textual.widgets import Static

from kimai_tui import domain
from kimai_tui.rules.display import format_clock
from kimai_tui.rules.durations import format_duration
from kimai_tui.rules.limits import soft_limit_reached
from kimai_tui.services import live, pauses
from kimai_tui.services.context import Context, zone
from kimai_tui.textsafe import inert


def clock_text(seconds: int) -> str:
    """Elapsed time with seconds, for a ticking timer: 1:05:07."""
    seconds = max(seconds, 0)
    return f"{format_duration(seconds)}:{seconds % 60:02d}"


class ActiveBar(Static):
    DEFAULT_CSS = """
    ActiveBar { height: auto; min-height: 1; padding: 0 1; background: $boost; }
    ActiveBar.-warning { background: $warning 30%; }
    """

    def __init__(self, ctx: Context, **kwargs):
        super().__init__(**kwargs)
        self.ctx = ctx
        self.running: list[domain.Record] = []
        self.estimates: dict[int, live.Estimate] = {}
        self.interrupted: list[domain.Record] = []  # the interrupt stack, oldest first
        self._shown: Text | None = None  # the text on screen: the same text is not redrawn
        self._read_after_write: tuple | None = None  # ({(id, version): estimate}, stack)

    def on_mount(self) -> None:
        self.set_interval(1.0, self.tick)
        self.show(self.app.running)

    def show(self, running: list[domain.Record]) -> None:
        self.running = running
        self.estimates = {}
        done, self._read_after_write = self._read_after_write, None
        if done is not None and all((r.id, r.version) in done[0] for r in running):
            # Read by the write's worker: amounts and stack in the same frame as the bar.
            self._set_estimates({r.id: done[0][(r.id, r.version)] for r in running}, done[1])
            return
        self._estimate(running)
        self.tick()

    def read_after_write(self) -> Callable[[object, object], None]:
        """A read for the worker of a write (runner.py): the live amounts of the records
        running after it and the interrupt stack, which `show` then uses without a worker
        of its own. Made on the UI thread; the read only sets one attribute."""
        ctx, user_id, before = self.ctx, self.ctx.user.id, list(self.running)

        def read(_change, result) -> None:
            from kimai_tui.messages import running_after
            from kimai_tui.services import interrupts

            running = running_after(before, result, user_id)
            if running is None:
                return
            estimates = {(r.id, r.version): live.estimate(ctx, r) for r in running}
            self._read_after_write = (estimates, interrupts.stack(ctx))
        return read

    def _estimate(self, running: list[domain.Record]) -> None:
        """The live amounts and the interrupt stack, off the UI thread."""
        ctx = self.ctx

        def work():
            from kimai_tui.services import interrupts

            estimates = {r.id: live.estimate(ctx, r) for r in running}
            stack = interrupts.stack(ctx)
            self.app.call_from_thread(self._set_estimates, estimates, stack)

        self.run_worker(work, thread=True, exclusive=True, group="estimate")

    def _set_estimates(self, estimates: dict, stack: list | None = None) -> None:
        changed = [r.id for r in self.interrupted] != [r.id for r in stack or []]
        self.estimates = estimates
        self.interrupted = stack or []
        self.tick()
        if changed and self.is_attached:
            self.screen.refresh_bindings()  # `o` is offered only with something to go back to

    def tick(self) -> None:
        active = self.ctx.settings.kimai.timesheet.active_entries
        warn = bool(self.running) and soft_limit_reached(len(self.running), active.soft_limit) \
            and len(self.running) > 1
        self.set_class(warn, "-warning")
        if not self.running:
            text = Text("Nothing is running.  s start · a recent", style="dim")
            self._stack_line(text)
            self._update(text)
            return
        now = self.ctx.now()
        text = Text()
        for index, record in enumerate(self.running):
            if index:
                text.append("\n")
            elapsed = pauses.worked(record, now)  # minus its break and a pause going on
            if record.paused_at is not None:
                text.append("⏸ paused ", style="bold yellow")
            else:
                text.append("▶ ", style="bold green")
            text.append(inert(f"{record.customer} / {record.project} / {record.activity}"))
            if record.description:
                text.append("  " + inert(record.description.split("\n")[0][:60]), style="italic")
            text.append(f"  {clock_text(elapsed)}", style="bold")
            begin = format_clock(record.begin.astimezone(zone(record.timezone)),
                                 self.ctx.user.time_format)
            text.append(f"  since {begin}", style="dim")
            estimate = self.estimates.get(record.id)
            if estimate is not None:
                text.append(f"  {estimate.amount_at(elapsed):,.2f} {record.currency}")
                for line in estimate.budget_left(elapsed):
                    text.append(f"  {line}", style="dim")
        if warn:
            text.append(f"\n⚠ {len(self.running)} records are running "
                        f"(soft limit {active.soft_limit})", style="bold")
        self._stack_line(text)
        self._update(text)

    def _update(self, text: Text) -> None:
        """A new text only: an estimate that changed nothing (a stop: nothing runs) costs no
        layout and no frame."""
        if text != self._shown:
            # As many lines, none wrapped: no new layout of the screen, only a repaint.
            same_height = self._shown is not None and \
                self._lines(self._shown) == self._lines(text) is not None
            self._shown = text
            self.update(text, layout=not same_height)

    def _lines(self, text: Text) -> int | None:
        """The lines TEXT takes, or None when one may wrap."""
        width = self.content_region.width
        lines = text.split("\n", allow_blank=True)
        if not width or any(line.cell_len > width for line in lines):
            return None
        return len(lines)

    def _stack_line(self, text: Text) -> None:
        """The interrupt stack: what `o` goes back to, and how deep it is."""
        if not self.interrupted:
            return
        top = self.interrupted[-1]
        text.append("\n⤶ o back to ", style="bold yellow")
        text.append(inert(f"{top.activity}"))
        if top.description:
            text.append("  " + inert(top.description.split("\n")[0][:40]), style="italic")
        if len(self.interrupted) > 1:
            text.append(f"  (+{len(self.interrupted) - 1} below)", style="dim")
