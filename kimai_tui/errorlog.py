"""Unexpected errors: one line for the person, the details in a private log file.

A traceback on screen shows code and, in Textual's rendering, local variables such as the
database URL with its password (issue "the shared server is safe", finding 8). So the faces
print one line and `record` writes the traceback, without local variables and with every
password masked (kimai_tui.redact), to `$XDG_STATE_HOME/kimai-tui/errors.log` (usually
~/.local/state/kimai-tui/errors.log): directory 0700, file 0600, appended, never followed
through a symlink.
"""

from __future__ import annotations

import os
import traceback
from datetime import datetime, timezone
from pathlib import Path

from kimai_tui.redact import redact

EXIT_INTERNAL = 5  # cli.md exit statuses 0-3 are the contract's; 4 environment, 5 a bug
MAX_LOG_BYTES = 1 << 20  # beyond this the log starts again (it is for the latest errors)


def log_path(environ=None) -> Path:
    """Where errors are logged for this user."""
    env = os.environ if environ is None else environ
    base = env.get("XDG_STATE_HOME", "")
    if not os.path.isabs(base):
        base = os.path.join(os.path.expanduser("~"), ".local", "state")
    return Path(base) / "kimai-tui" / "errors.log"


def record(exc: BaseException, where: str = "", environ=None) -> Path | None:
    """Append EXC's traceback (redacted, no locals) to the log; its path, or None when it
    could not be written (a read-only home must not turn one error into two)."""
    path = log_path(environ)
    text = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
    stamp = datetime.now(timezone.utc).isoformat(timespec="seconds")
    entry = f"--- {stamp} {where}\n{redact(text)}\n"
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        flags = os.O_WRONLY | os.O_CREAT | os.O_APPEND | getattr(os, "O_NOFOLLOW", 0)
        try:
            if path.stat().st_size > MAX_LOG_BYTES:
                flags |= os.O_TRUNC
                flags &= ~os.O_APPEND
        except FileNotFoundError:
            pass
        fd = os.open(path, flags, 0o600)
        try:
            os.fchmod(fd, 0o600)
            os.write(fd, entry.encode("utf-8", "replace"))
        finally:
            os.close(fd)
    except OSError:
        return None
    return path


def one_line(exc: BaseException, path: Path | None) -> str:
    """What the person sees: the kind of error, its message (redacted), where the details are."""
    message = redact(str(exc).strip().splitlines()[0] if str(exc).strip() else "")
    text = f"unexpected error ({type(exc).__name__}{': ' + message if message else ''})"
    if path is not None:
        return f"{text}; details in {path}"
    return text
