"""How the TUI runs a service call: in a worker thread, answering with a typed message.

`ServiceRunner` is a part of the app (KimaiApp mixes it in). A call never raises into Textual:
a refusal, a database failure and a bug all come back as `ServiceFailed` (the form keeps its
text; a bug is logged privately and said in one line; the app carries on). `ServiceDone` says
which revision the write made, so the revision poll knows it for the app's own, and what it
changed, so each screen reloads only what it shows (issue 13).
"""

from __future__ import annotations

from itertools import count
from typing import Callable

from textual import work

from kimai_tui.messages import (Change, DataChanged, ServiceDone, ServiceFailed, change_of,
                                running_after)
from kimai_tui.rules.errors import KimaiError
from kimai_tui.textsafe import inert

CONFIRM_AFTER = 0.15  # seconds: the read that confirms the bar waits for the rows' frame


class ServiceRunner:
    """Mixed into the App: `call_service`, its messages' handlers, and `announce`."""

    def init_runner(self) -> None:
        self.data_serial = 0  # DataChanged messages posted so far (screens compare)
        self._tokens = count(1)
        self._pending: dict[int, tuple] = {}  # service calls in flight: token -> callbacks
        self._after_writes: list[Callable[[], None]] = []  # keys waiting for those calls

    # -- writes -----------------------------------------------------------------------------

    def call_service(self, fn: Callable[[], object], done: str | None = None,
                     on_success: Callable[[object], None] | None = None,
                     on_error: Callable[[KimaiError], None] | None = None,
                     deletes: bool = False) -> None:
        """Run one service call off the UI thread. It answers with ServiceDone or
        ServiceFailed; then DONE is notified and ON_SUCCESS gets the result, or ON_ERROR the
        error (else a notification), and the screens hear what changed. DELETES: the records
        the call returns are gone (not running any more)."""
        token = next(self._tokens)
        self._pending[token] = (done, on_success, on_error, deletes)
        reads = [read for screen in self.screen_stack
                 for read in getattr(screen, "reads_after_write", list)()]
        self._run_service(fn, token, reads)

    @work(thread=True, group="write", exit_on_error=False)
    def _run_service(self, fn, token: int, reads=()) -> None:
        """Never raises: a refusal, a database failure and a bug all become ServiceFailed (a
        failed save keeps the form with its text). After a write, the same worker runs the
        READS the screens asked for (the table's window, the bar's estimates): their results
        are there when ServiceDone arrives, so the bar and the rows show the write in one
        frame, with no reload started after it (issue 18: a frame in between put off the
        rows' frame by 17-33 ms, Textual's frame pacing)."""
        from kimai_tui.services import database
        from kimai_tui.services.failures import classify

        database.forget_write_revision()
        try:
            result = fn()
        except KimaiError as exc:
            self.post_message(ServiceFailed(token, exc))
            return
        except Exception as exc:  # noqa: BLE001 - classified below, never swallowed
            failure = classify(exc)
            if failure is not None:
                self.post_message(ServiceFailed(token, _not_saved(failure), failure=failure))
            else:
                self.post_message(ServiceFailed(token, KimaiError(
                    "not saved: an unexpected error (see the error log)", "general"), bug=exc))
            return
        revision = database.last_write_revision()
        _read_after(reads, result)
        self.post_message(ServiceDone(token, result, revision))

    def writes_pending(self) -> bool:
        """Whether a service call is still on its way."""
        return bool(self._pending)

    def after_writes(self, callback: Callable[[], None]) -> None:
        """Run CALLBACK once the service calls in flight are done and the app shows what
        they left: a key pressed while the write of the key before is on its way (`z z`,
        `r x`) then acts on what that write left, not on what was shown before it."""
        self._after_writes.append(callback)

    def _run_after_writes(self) -> None:
        while self._after_writes and not self._pending:
            self._after_writes.pop(0)()

    def on_service_failed(self, message: ServiceFailed) -> None:
        _done, _on_success, on_error, _ = self._pending.pop(message.token,
                                                             (None, None, None, False))
        if message.failure is not None:
            self.database_failed(message.failure)
        if message.bug is not None:
            self.worker_failed(message.bug)
        if on_error is not None:
            on_error(message.error)
        else:
            self.notify(inert("; ".join(m for _, m in message.error.lines())),
                        severity="error", markup=False, timeout=6)
        self._after_writes.clear()  # keys typed on after a refusal would act on a guess

    def on_service_done(self, message: ServiceDone) -> None:
        done, on_success, _on_error, deletes = self._pending.pop(message.token,
                                                                 (None, None, None, False))
        # The bar first, from the records the write returned (no read in between: issue 18);
        # a read confirms it once the rows are drawn (a call may not return every record it
        # stopped: the editor's create returns the new record only).
        running = running_after(self.running, message.result, self.ctx.user.id, deletes)
        if running is not None:
            self._set_running(running)
        if message.revision is not None and self._revision is not None:
            self._revision = max(self._revision, message.revision)  # ours: not "elsewhere"
        if done:
            self.notify(inert(done), markup=False, timeout=3)
        for warning in _stop_warnings(message.result):
            # A stop saved against a budget or the long-running rule (rules.md "Decision
            # (no trapped timers)"): said, and the record is tagged for review.
            self.notify(inert(warning), severity="warning", markup=False, timeout=10)
        if on_success is not None:
            on_success(message.result)
        self.announce(change_of(message.result))
        if running is None:
            self.refresh_running()
        else:
            self.set_timer(CONFIRM_AFTER, self.refresh_running)
        self._run_after_writes()

    def announce(self, change: Change) -> None:
        """Tell the screens of the current mode what changed; screens of other modes see
        `data_serial` moved when they are shown again, and reload then."""
        self.data_serial += 1
        for screen in self.screen_stack:
            screen.post_message(DataChanged(change, self.data_serial))


def _read_after(reads, result) -> None:
    """Run each read for the change RESULT stands for. A read that fails is only skipped:
    its widget reads again itself, as it would without it."""
    change = change_of(result)
    for read in reads:
        try:
            read(change, result)
        except Exception:  # noqa: BLE001 - the widget's own read follows and reports it
            pass


def _not_saved(failure) -> KimaiError:
    """The error a form shows when the database failed under its save."""
    from kimai_tui.rules.errors import EnvironmentFailure

    return EnvironmentFailure(f"not saved: {failure.message}; try again when the database "
                              "is back", "general")


def _stop_warnings(result) -> list[str]:
    """The warnings of the records a service call returned (a record, or lists and tuples
    of them, as start, stop and switch return)."""
    from kimai_tui import domain

    if isinstance(result, domain.Record):
        return list(result.warnings)
    if isinstance(result, (list, tuple)):
        return [w for item in result for w in _stop_warnings(item)]
    return []
