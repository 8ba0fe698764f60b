"""A per-user cache of a parsed kimai.yaml, so a command need not load ruamel.yaml each time.

Parsing the YAML (and importing the parser) costs a command-line call about as much as
Python's own start-up. A valid file's plain data (dicts, lists, strings, numbers) is kept as
JSON under `$XDG_CACHE_HOME/kimai-tui/config/`, keyed by the file's identity and times. The
settings are still built and validated from that data by the same code as from the YAML, so
the cache can only skip the parsing, never a check.

Safety:
- The key is (device, inode, size, mtime_ns, ctime_ns). Any write changes ctime, which no
  user can set back. A file changed within CACHE_SETTLE_SECONDS is not cached at all: file
  system clocks are coarse, so two writes in the same tick could share every time stamp (git
  calls this "racily clean").
- A cache file is used only if it and its directory belong to the current user and nobody
  else may write them: settings decide who is trusted to act as others.
- Every failure (unwritable home, corrupt or foreign cache) falls back to parsing the file.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
import time
from pathlib import Path
from typing import Any

FORMAT = 1
CACHE_SETTLE_SECONDS = 2.0


def cache_dir(environ=os.environ) -> Path:
    base = environ.get("XDG_CACHE_HOME", "")
    if not os.path.isabs(base):  # the XDG spec: a relative value is ignored
        base = os.path.join(environ.get("HOME") or str(Path.home()), ".cache")
    return Path(base) / "kimai-tui" / "config"


def _entry(path: Path) -> Path:
    digest = hashlib.sha256(str(path.resolve()).encode("utf-8", "surrogatepass")).hexdigest()
    return cache_dir() / f"{digest[:32]}.json"


def file_key(info: os.stat_result) -> list[int]:
    return [info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns, info.st_ctime_ns]


def _private(info: os.stat_result) -> bool:
    return info.st_uid == os.geteuid() and not info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


def read(path: Path) -> dict | None:
    """The cached plain data of the config file at PATH, or None (missing, stale, foreign)."""
    try:
        entry = _entry(path)
        with open(entry, "rb") as handle:
            if not (_private(os.fstat(handle.fileno())) and _private(os.stat(entry.parent))):
                return None
            cached = json.loads(handle.read())
        key = file_key(os.stat(path))
    except (OSError, ValueError):
        return None
    if not isinstance(cached, dict) or cached.get("format") != FORMAT \
            or cached.get("key") != key or cached.get("path") != str(path.resolve()):
        return None
    data = cached.get("data")
    return data if isinstance(data, dict) else None


def settled(info: os.stat_result, now: float | None = None) -> bool:
    """Whether the file's times are old enough that a later write must change them."""
    now = time.time() if now is None else now
    newest = max(info.st_mtime_ns, info.st_ctime_ns) / 1e9
    return now - newest >= CACHE_SETTLE_SECONDS


def plain(root: Any) -> Any:
    """The YAML tree as JSON-able plain data; raises TypeError for anything else (dates...)."""
    return json.loads(json.dumps(root, ensure_ascii=False, allow_nan=False))


def write(path: Path, info: os.stat_result, data: dict) -> None:
    """Remember DATA for the file whose stat (taken before reading it) was INFO."""
    if not settled(info):
        return
    try:
        entry = _entry(path)
        entry.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        if not _private(os.stat(entry.parent)):
            return
        text = json.dumps({"format": FORMAT, "path": str(path.resolve()),
                           "key": file_key(info), "data": data}, ensure_ascii=False)
        part = entry.with_name(f"{entry.name}.{os.getpid()}.part")
        fd = os.open(part, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.replace(part, entry)
    except (OSError, ValueError, TypeError):
        return
