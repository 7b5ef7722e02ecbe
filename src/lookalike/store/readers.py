"""A read-only sibling of the store engine, for reads that need no transaction.

The store engine begins every transaction with ``BEGIN IMMEDIATE`` on SQLite, so a plain
``engine.connect()`` read holds the single writer lock until the connection closes, and on
PostgreSQL each read connection pays a ``BEGIN`` and a ``ROLLBACK`` round trip. Request handlers
read keys, seeds, sessions and display fields many times a second and decide nothing on those
reads alone (debits re-read under the lock), so they read in autocommit mode instead: every
statement sees the latest committed data, and readers never wait for writers (SQLite WAL).
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from lookalike.store.database import is_sqlite


def create_read_engine(store: sa.Engine) -> sa.Engine:
    """An engine over the same database whose connections read in autocommit mode.

    It is disposed together with ``store``.
    """
    if not is_sqlite(store):
        # Shares the store's pool; connections switch to autocommit while checked out.
        return store.execution_options(isolation_level="AUTOCOMMIT")
    database = store.url.database
    if not database or database == ":memory:":
        return store  # a private in-memory database cannot be opened twice
    reader = sa.create_engine(store.url, connect_args={"timeout": 30, "check_same_thread": False})
    sa.event.listen(reader, "connect", _read_only_sqlite)
    sa.event.listen(store, "engine_disposed", lambda _engine: reader.dispose())
    return reader


def _read_only_sqlite(dbapi_connection: Any, _record: Any) -> None:
    # No BEGIN at all: each SELECT is its own implicit read transaction on a WAL snapshot.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.execute("PRAGMA query_only=ON")
    cursor.close()
