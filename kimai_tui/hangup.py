"""The TUI ends when its terminal goes away (part of the TUI face).

When an SSH connection drops, the kernel sends SIGHUP to the processes of the terminal; an app
that ignores it, or whose input loop only sees end-of-file, would stay behind holding the
database (found on the shared server: 30-50 % CPU for ever). On SIGHUP we ask the app to exit
and, should it not have ended within GRACE_SECONDS (a worker stuck in a long query, say), we
remove any half-written export and end the process. Database writes are transactions, so an
abrupt end loses nothing that was committed and leaves nothing half-written.
"""

from __future__ import annotations

import contextlib
import os
import signal
import threading
from collections.abc import Iterator

GRACE_SECONDS = 3.0
EXIT_HANGUP = 129  # 128 + SIGHUP, as a shell reports a hung-up command


def _force_exit() -> None:
    from kimai_tui.services.export_files import discard_partial_files

    discard_partial_files()
    os._exit(EXIT_HANGUP)


@contextlib.contextmanager
def install(app) -> Iterator[None]:
    """While the block runs APP, a SIGHUP exits it (status 129) within GRACE_SECONDS."""
    if threading.current_thread() is not threading.main_thread():
        yield  # signals can only be handled in the main thread (tests run apps elsewhere)
        return

    def on_hangup(signum, frame) -> None:
        timer = threading.Timer(GRACE_SECONDS, _force_exit)
        timer.daemon = True
        timer.start()
        loop = getattr(app, "_loop", None)
        try:
            if loop is not None and loop.is_running():
                loop.call_soon_threadsafe(app.exit, None, EXIT_HANGUP)
            else:
                _force_exit()
        except RuntimeError:  # the loop closed meanwhile
            _force_exit()

    previous = signal.signal(signal.SIGHUP, on_hangup)
    try:
        yield
    finally:
        signal.signal(signal.SIGHUP, previous)
