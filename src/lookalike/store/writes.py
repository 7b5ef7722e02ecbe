"""Write transactions that queue in the process instead of polling SQLite's lock.

SQLite has one writer at a time: ``BEGIN IMMEDIATE`` waits for the lock in SQLite's busy handler,
which sleeps between retries (up to 100 ms each), so under load a short transaction can wait far
longer than the work ahead of it. Threads of one process therefore take a per-engine lock first
and are handed the database in turn as soon as it is free; the busy handler then only arbitrates
between processes. PostgreSQL transactions need no such queue (rows are locked instead).
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Iterator
from contextlib import contextmanager

import sqlalchemy as sa

from lookalike.store.database import is_sqlite

_LOCKS: weakref.WeakKeyDictionary[sa.Engine, threading.Lock] = weakref.WeakKeyDictionary()
_LOCKS_GUARD = threading.Lock()


@contextmanager
def write_transaction(engine: sa.Engine) -> Iterator[sa.Connection]:
    """``engine.begin()``, queued behind this process's other writers on SQLite."""
    if not is_sqlite(engine):
        with engine.begin() as conn:
            yield conn
        return
    with _writer_lock(engine), engine.begin() as conn:
        yield conn


def _writer_lock(engine: sa.Engine) -> threading.Lock:
    lock = _LOCKS.get(engine)
    if lock is None:
        with _LOCKS_GUARD:
            lock = _LOCKS.setdefault(engine, threading.Lock())
    return lock
