"""Database reads in a Textual worker thread: on a connection that is closed afterwards.

Thread workers run on a pool whose threads outlive the work, and Peewee keeps one connection
per thread. A worker that counted a million rows left that connection with a full page cache
(32 MB, db.py) in its pool thread, one per thread: the probe's peak RSS grew by ~15 MB per
such worker. The scanned pages are in the OS cache anyway, and a connection opens in 0.3 ms.
While it reads, a worker's SQLite connection keeps a small page cache: a scan over a million
rows gains nothing from 32 MB (the table is 400 MB), and two scans at once held 64 MB.
"""

from __future__ import annotations

import threading
from contextlib import contextmanager
from typing import Iterator

from peewee import Database, SqliteDatabase

WORKER_CACHE_KIB = 4096


@contextmanager
def worker_reads(database: Database) -> Iterator[None]:
    """Run reads, then close this thread's connection (never the UI thread's, never inside a
    transaction: the caller's own connection stays as it was)."""
    in_worker = threading.current_thread() is not threading.main_thread()
    if in_worker and isinstance(database, SqliteDatabase) and not database.in_transaction():
        database.connect(reuse_if_open=True)
        database.execute_sql(f"PRAGMA cache_size = -{WORKER_CACHE_KIB}")
    try:
        yield
    finally:
        if in_worker and not database.is_closed() and not database.in_transaction():
            database.close()
