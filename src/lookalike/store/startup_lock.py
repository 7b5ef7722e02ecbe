"""One host at a time through start-up: migrations and the first demo load.

Hosts started together on one empty database would otherwise race to create the same tables
(PostgreSQL: ``UniqueViolation ... pg_type_typname_nsp_index``) and load the demo twice. On
PostgreSQL a session advisory lock serialises them across hosts; on SQLite, whose store is a file
on one host, a lock file beside it does.
"""

from __future__ import annotations

import fcntl
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import sqlalchemy as sa

# An arbitrary 64-bit key that names "lookalike start-up" among the database's advisory locks.
ADVISORY_LOCK_KEY = 0x6C6F6F6B616C696B  # "lookalik"
LOCK_FILE = ".startup.lock"


@contextmanager
def startup_lock(engine: sa.Engine, data_dir: Path) -> Iterator[None]:
    """Hold the start-up lock of the store behind ``engine`` (waiting for another holder)."""
    if engine.dialect.name == "postgresql":
        with _advisory_lock(engine):
            yield
        return
    data_dir.mkdir(parents=True, exist_ok=True)
    with (data_dir / LOCK_FILE).open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


@contextmanager
def _advisory_lock(engine: sa.Engine) -> Iterator[None]:
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(sa.text("SELECT pg_advisory_lock(:key)"), {"key": ADVISORY_LOCK_KEY})
        try:
            yield
        finally:
            conn.execute(sa.text("SELECT pg_advisory_unlock(:key)"), {"key": ADVISORY_LOCK_KEY})
