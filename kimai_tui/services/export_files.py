"""Export files: where an export may be written, and writing it so nothing half-done remains.

cli.md "Restricted sessions": a restricted session writes no file at a path the user chose. Its
TUI export goes into `security.export_directory` as a new file named after the user and the
time; everything else streams through `ssh HOST export ... > FILE`. Outside restricted
sessions the person names the file. Either way the file is created private (0600) beside its
target under a temporary name, flushed to disk, and only then put in place: `os.replace`
(which replaces a symlink itself, never what it points to) or, when replacing is not allowed,
`os.link` (which fails if the name exists). Records are marked exported only after that.
"""

from __future__ import annotations

import contextlib
import os
import re
import tempfile
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from kimai_tui.rules.errors import PermissionDenied, RuleRefused
from kimai_tui.services.context import Context

# Temporary files being written right now, removed by `discard_partial_files` when the
# process must end at once (the terminal hung up).
_PARTIAL: set[str] = set()
_PARTIAL_LOCK = threading.Lock()


@dataclass(frozen=True)
class ExportResult:
    """What an export to a file did: its absolute path, the number of records written, and
    with mark-exported, how many were locked and the ids that changed after they were
    written (left unlocked)."""

    path: str
    written: int
    marked: int = 0
    changed: tuple[int, ...] = ()


def restricted_file_name(ctx: Context, fmt: str) -> str:
    """`<username>-<YYYYmmdd-HHMMSS>.<fmt>` in the user's time zone; characters outside
    [A-Za-z0-9._-] of the username become '_' (it is data, never a path)."""
    stamp = ctx.now().astimezone(ctx.tz).strftime("%Y%m%d-%H%M%S")
    user = re.sub(r"[^A-Za-z0-9._-]", "_", ctx.user.username).lstrip(".") or "user"
    return f"{user}-{stamp}.{fmt}"


def target_path(ctx: Context, requested: str | None, fmt: str) -> tuple[Path, bool]:
    """Where an export goes, and whether an existing file there may be replaced.

    REQUESTED is the path the person typed (`~` expanded, relative to the working directory).
    A restricted session may not name one: PermissionDenied (exit 3). Its file goes into
    `security.export_directory` (RuleRefused when none is configured or it is missing) and is
    never replaced. Raises RuleRefused (field "path") for a folder or a missing folder."""
    if ctx.restricted:
        if requested:
            raise PermissionDenied(
                "a restricted session writes no file at a path you choose; the export is "
                "streamed instead: ssh <server> export [options] > FILE", "output")
        folder = ctx.settings.security.export_directory
        if not folder:
            raise RuleRefused("exports to a file on the server are not set up "
                              "(security.export_directory); stream it: ssh <server> export "
                              "[options] > FILE", "path")
        if not os.path.isdir(folder) or os.path.islink(folder):
            raise RuleRefused(f"the export directory {folder} does not exist", "path")
        return Path(folder) / restricted_file_name(ctx, fmt), False
    if not requested or not requested.strip():
        raise RuleRefused("a file name is required", "path")
    typed = requested.strip()
    path = Path(os.path.abspath(os.path.expanduser(typed)))
    if path.is_dir():
        raise RuleRefused(f"{typed} is a folder; add a file name", "path")
    if not path.parent.is_dir():
        raise RuleRefused(f"the folder {path.parent} does not exist", "path")
    return path, True


@contextlib.contextmanager
def private_file(path: Path, replace: bool, binary: bool = False) -> Iterator[TextIO]:
    """A text (or BINARY) stream whose content appears at PATH, mode 0600, only if the block
    succeeds.

    Written to a new temporary file in PATH's folder (O_EXCL, 0600), fsynced, then renamed
    over PATH (REPLACE) or hard-linked to it (not REPLACE: RuleRefused if PATH exists). A
    symlink at PATH is replaced, never followed. On any error the temporary file is removed
    and PATH is untouched. OSError becomes RuleRefused naming the path (field "path"), or
    EnvironmentFailure (exit 4) for a full or read-only disk."""
    folder = path.parent
    try:
        fd, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=folder)
    except OSError as exc:
        raise _cannot_write(path, exc) from None
    with _PARTIAL_LOCK:
        _PARTIAL.add(temp)
    try:
        with (os.fdopen(fd, "wb") if binary else
              os.fdopen(fd, "w", encoding="utf-8", newline="")) as stream:
            yield stream
            stream.flush()
            os.fsync(stream.fileno())
        if replace:
            os.replace(temp, path)
        else:
            try:
                os.link(temp, path, follow_symlinks=False)
            except FileExistsError:
                raise RuleRefused(f"{path} exists already; nothing was replaced",
                                  "path") from None
            os.unlink(temp)
        _fsync_folder(folder)
    except OSError as exc:
        raise _cannot_write(path, exc) from None
    finally:
        with _PARTIAL_LOCK:
            _PARTIAL.discard(temp)
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temp)


def _cannot_write(path: Path, exc: OSError):
    """A full or read-only disk is the environment's failure (exit 4); anything else (no
    permission, a folder in the way) is refused for this path (exit 1)."""
    from kimai_tui.rules.errors import EnvironmentFailure
    from kimai_tui.services.failures import classify

    failure = classify(exc)
    if failure is not None:
        refused = EnvironmentFailure(f"cannot write {path}: {failure.message}", "path")
        refused.kind = failure.kind
        return refused
    return RuleRefused(f"cannot write {path}: {exc.strerror or exc}", "path")


def _fsync_folder(folder: Path) -> None:
    """Make the rename durable: fsync the directory (not possible everywhere; then skip)."""
    try:
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def discard_partial_files() -> None:
    """Remove the temporary files of exports still being written (before a forced exit)."""
    with _PARTIAL_LOCK:
        for temp in list(_PARTIAL):
            with contextlib.suppress(OSError):
                os.unlink(temp)
        _PARTIAL.clear()


def write_document(ctx: Context, requested: str | None, data: bytes, suffix: str) -> str:
    """Save a rendered document (an invoice, a PDF timesheet) where `target_path` allows:
    REQUESTED, or in a restricted session the export directory. Returns the path."""
    path, replace = target_path(ctx, requested, suffix)
    with private_file(path, replace, binary=True) as stream:
        stream.write(data)
    return str(path)


def export_to_file(ctx: Context, flt, fmt: str, requested: str | None, all_users: bool = False,
                   mark_exported: bool = False,
                   progress: Callable[[int], None] | None = None) -> ExportResult:
    """Export the records of FLT (a RecordFilter) to a file chosen by `target_path`, then,
    once the complete file is in place, mark them exported (rules.md §Export). Raises
    PermissionDenied, RuleRefused (field "path") or the export's own errors; on any error no
    file appears and nothing is marked."""
    from kimai_tui.services import export as export_service

    path, replace = target_path(ctx, requested, fmt)
    with private_file(path, replace, binary=fmt in export_service.BINARY_FORMATS) as stream:
        written = export_service.write(ctx, flt, fmt, stream, all_users, collect=mark_exported,
                                       progress=progress)
    if mark_exported:
        export_service.mark(ctx, written)
    return ExportResult(str(path), written.count, written.marked, tuple(written.changed))
