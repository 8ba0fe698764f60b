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

from kimai_tui.messages import Change, DataChanged, ServiceDone, ServiceFailed, change_of
from kimai_tui.rules.errors import KimaiError
from kimai_tui.textsafe import inert


class ServiceRunner:
    """Mixed into the App: `call_service`, its messages' handlers, and `announce`."""

    def init_runner(self) -> None:
        self.data_serial = 0  # DataChanged messages posted so far (screens compare)
        self._tokens = count(1)
        self._pending: dict[int, tuple] = {}  # service calls in flight: token -> callbacks

    # -- writes -----------------------------------------------------------------------------

    def call_service(self, fn: Callable[[], object], done: str | None = None,
                     on_success: Callable[[object], None] | None = None,
                     on_error: Callable[[KimaiError], None] | None = None) -> None:
        """Run one service call off the UI thread. It answers with ServiceDone or
        ServiceFailed; then DONE is notified and ON_SUCCESS gets the result, or ON_ERROR the
        error (else a notification), and the screens hear what changed."""
        token = next(self._tokens)
        self._pending[token] = (done, on_success, on_error)
        self._run_service(fn, token)

    @work(thread=True, group="write", exit_on_error=False)
    def _run_service(self, fn, token: int) -> None:
        """Never raises: a refusal, a database failure and a bug all become ServiceFailed (a
        failed save keeps the form with its text)."""
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
        self.post_message(ServiceDone(token, result, database.last_write_revision()))

    def on_service_failed(self, message: ServiceFailed) -> None:
        _done, _on_success, on_error = self._pending.pop(message.token, (None, None, None))
        if message.failure is not None:
            self.database_failed(message.failure)
        if message.bug is not None:
            self.worker_failed(message.bug)
        if on_error is not None:
            on_error(message.error)
        else:
            self.notify(inert("; ".join(m for _, m in message.error.lines())),
                        severity="error", markup=False, timeout=6)

    def on_service_done(self, message: ServiceDone) -> None:
        done, on_success, _on_error = self._pending.pop(message.token, (None, None, None))
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
        self.refresh_running()
        self.announce(change_of(message.result))

    def announce(self, change: Change) -> None:
        """Tell the screens of the current mode what changed; screens of other modes see
        `data_serial` moved when they are shown again, and reload then."""
        self.data_serial += 1
        for screen in self.screen_stack:
            screen.post_message(DataChanged(change, self.data_serial))


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
