"""Stage an import beside a SQLite store, then merge it in transactions too short to make paid
requests wait.

SQLite has one writer at a time, so an import written in one transaction holds the lock every
charged request needs for its debit for as long as it runs (a 3M-row load held it 45 s). Instead
the rows go to a staging file beside the database (``<database>-import``): nothing else reads it,
and writing it takes no lock of the store. Only once the whole file is validated and staged does
the import touch the store: ``INSERT ... SELECT ... ON CONFLICT DO UPDATE`` from the attached
staging file, one ``BEGIN IMMEDIATE`` transaction per chunk of rows sized to hold the lock about
0.1 s, with the lock left free for a moment after each so waiting writers get in. The last chunk
bumps the universe version in its transaction, so the index is stale (and rebuilt from the whole
import) only once every row is in. While the chunks go in, readers of the tables (seed lookups,
display fields) may already see the rows merged so far.

Before its first merge transaction the staging file is sealed: durably marked complete. An import
that stops before then changes nothing and its file is discarded by the next one. An import that
stops while merging is committed: the next import first merges its sealed file again from the
start (upserting the same rows twice gives the same rows) and bumps the version. Imports of one
store take turns through ``<database>-import.lock``. PostgreSQL (MVCC: a long import blocks no
debit) and in-memory SQLite (no other connection) load in one transaction instead.
"""

from __future__ import annotations

import fcntl
import logging
import sqlite3
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import IO, Any

import sqlalchemy as sa

from lookalike.domain import EntityKind
from lookalike.errors import DataError
from lookalike.store.bulk import TABLES, TransactionWriter, columns_of, conflict_clause
from lookalike.store.entities import bump_universe_version

MERGE_SECONDS = 0.1  # how long one merge transaction aims to hold the write lock
MERGE_PAUSE_SECONDS = 0.05  # the lock is left free at least this long after each: SQLite's busy
# waiters retry every 25 ms or less during their first ~130 ms of waiting, so they get in then
FIRST_MERGE_ROWS = 5_000
MIN_MERGE_ROWS = 500
MAX_MERGE_ROWS = 200_000
LOCK_WAIT_SECONDS = 30.0  # like SQLite's busy timeout: a second import waits this long, then fails
_STAGED = "staged"
logger = logging.getLogger("lookalike.ingest")


@dataclass(frozen=True, slots=True)
class MergeReport:
    """What merging a staging file did, and how long each of its transactions held the lock."""

    inserted: int
    updated: int
    universe_version: int
    lock_seconds: tuple[float, ...]


def staging_path(database: str | Path) -> Path:
    """Where an import into the SQLite file ``database`` stages its rows."""
    database = Path(database)
    return database.with_name(database.name + "-import")


def is_staged(engine: sa.Engine) -> bool:
    """Whether imports into ``engine`` are staged (a SQLite file) rather than one transaction."""
    return engine.dialect.name == "sqlite" and (engine.url.database or "") not in ("", ":memory:")


@contextmanager
def open_store_writer(
    engine: sa.Engine, kind: EntityKind
) -> Iterator[StagedWriter | TransactionWriter]:
    """The writer of an import into ``engine`` from this process: staged for a SQLite file, one
    transaction for PostgreSQL and in-memory SQLite. Nothing is visible before ``commit()``."""
    if not is_staged(engine):
        with engine.begin() as conn:
            yield TransactionWriter(conn, kind)
        return
    with StagedWriter(engine, kind) as writer:
        yield writer


class StagedWriter:
    """Stages rows of one kind in the staging file; :meth:`commit` seals and merges them.

    Opening it takes the import lock, finishes an import that stopped while merging and starts a
    fresh staging file; closing it uncommitted discards the file.
    """

    def __init__(self, engine: sa.Engine, kind: EntityKind) -> None:
        self._engine, self._kind = engine, kind
        self._path = staging_path(engine.url.database or "")
        self._lock = _take_lock(self._path.with_name(self._path.name + ".lock"))
        try:
            finish_interrupted_merge(engine, self._path)
            self._stage = _create_stage(self._path, kind)
        except BaseException:
            self._lock.close()
            raise
        self._insert = f"INSERT INTO {_STAGED} VALUES ({', '.join('?' * len(columns_of(kind)))})"
        self._staged = 0
        self._sealed = self._merged = False
        self.report: MergeReport | None = None

    def __enter__(self) -> StagedWriter:
        return self

    def write(self, rows: Sequence[Sequence[Any]]) -> None:
        """Add a batch of rows to the staging file (the store is not touched)."""
        if rows:
            self._stage.executemany(self._insert, rows)
            self._staged += len(rows)

    def commit(self) -> tuple[int, int, int]:
        """Seal the staged rows and merge them; returns (inserted, updated, universe version)."""
        version = _universe_version(self._engine)
        if not self._staged:
            return 0, 0, version
        _seal(self._stage, self._kind, version)
        self._sealed = True
        try:
            self.report = _merge_stage(self._engine, self._path, self._kind)
        except (sa.exc.DBAPIError, sqlite3.Error) as error:
            raise DataError(
                f"The import of {self._staged:,} {self._kind.value} was validated but stopped "
                f"while merging into the store ({error}). The next import finishes it first."
            ) from error
        self._merged = True
        return self.report.inserted, self.report.updated, self.report.universe_version

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self._stage.close()
        if self._merged or not self._sealed:  # a sealed, unmerged file is the next import's
            _remove(self._path)
        self._lock.close()


def finish_interrupted_merge(engine: sa.Engine, path: Path) -> MergeReport | None:
    """Merge a sealed staging file left by an import that stopped while merging, then remove it;
    a file never sealed is only removed. Call it holding the import lock."""
    if not path.exists():
        return None
    seal = _seal_or_none(path)
    report = None
    if seal is not None and _universe_version(engine) == seal[1]:  # the last chunk is not in
        logger.warning("Finishing the interrupted import of %s staged in %s first.", seal[0], path)
        report = _merge_stage(engine, path, seal[0])
    _remove(path)
    return report


def _merge_stage(engine: sa.Engine, path: Path, kind: EntityKind) -> MergeReport:
    """Upsert the rows staged in ``path`` into the store in short transactions, the last of which
    bumps the universe version."""
    table, key = TABLES[kind]
    names = ", ".join(columns_of(kind))
    sql = (
        f"INSERT INTO main.{table.name} ({names}) SELECT {names} FROM staging.{_STAGED} "
        "WHERE rowid > ? AND rowid <= ? ORDER BY rowid "
        + conflict_clause(table, key, postgres=False)
    )
    with engine.connect() as conn:
        raw = _driver_connection(conn)
        before = _scalar(raw, f"SELECT count(*) FROM main.{table.name}")
        with _merging_pragmas(raw):
            raw.execute("ATTACH DATABASE ? AS staging", (str(path),))
            try:
                staged = _scalar(raw, f"SELECT coalesce(max(rowid), 0) FROM staging.{_STAGED}")
                version, held = _merge_chunks(conn, sql, staged)
            finally:
                raw.execute("DETACH DATABASE staging")
        inserted = _scalar(raw, f"SELECT count(*) FROM main.{table.name}") - before
    return MergeReport(inserted, staged - inserted, version, held)


@contextmanager
def _merging_pragmas(raw: Any) -> Iterator[None]:
    """A big page cache (the indexes stay in memory), and no checkpoint inside ``COMMIT``: the
    merge checkpoints between its transactions instead, so the time it holds the lock is only its
    own writing."""
    cache = _scalar(raw, "PRAGMA main.cache_size")
    checkpoint = _scalar(raw, "PRAGMA main.wal_autocheckpoint")
    raw.execute("PRAGMA main.cache_size = -262144")
    raw.execute("PRAGMA main.wal_autocheckpoint = 0")
    try:
        yield
    finally:
        raw.execute(f"PRAGMA main.cache_size = {cache}")
        raw.execute(f"PRAGMA main.wal_autocheckpoint = {checkpoint}")


def _merge_chunks(conn: sa.Connection, sql: str, last: int) -> tuple[int, tuple[float, ...]]:
    """Run ``sql`` over staged rowids ``(done, upto]`` a chunk per transaction, sizing each to hold
    the lock about :data:`MERGE_SECONDS`; returns (new universe version, seconds each held it)."""
    done, size = 0, FIRST_MERGE_ROWS
    held: list[float] = []
    while True:
        upto = min(done + size, last)
        with conn.begin():  # BEGIN IMMEDIATE: waits for the lock, then holds it
            started = time.perf_counter()
            conn.exec_driver_sql(sql, (done, upto))
            version = bump_universe_version(conn) if upto == last else 0
        released = time.perf_counter()
        held.append(released - started)
        # Copy the chunk from the WAL into the database while the lock is free (PASSIVE blocks no
        # writer), so no debit's COMMIT has to.
        _driver_connection(conn).execute("PRAGMA main.wal_checkpoint(PASSIVE)").fetchall()
        if upto == last:
            return version, tuple(held)
        done = upto
        size = int(size * min(2.0, max(0.5, MERGE_SECONDS / max(held[-1], 1e-3))))
        size = min(MAX_MERGE_ROWS, max(MIN_MERGE_ROWS, size))
        time.sleep(max(0.0, MERGE_PAUSE_SECONDS - (time.perf_counter() - released)))


def _take_lock(path: Path) -> IO[bytes]:
    handle = path.open("ab")
    deadline = time.monotonic() + LOCK_WAIT_SECONDS
    while True:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return handle
        except BlockingIOError:
            if time.monotonic() >= deadline:
                handle.close()
                raise DataError(
                    f"Another import into this database is still running ({path} is locked). "
                    "Wait for it to finish, then import again."
                ) from None
            time.sleep(0.05)


def _create_stage(path: Path, kind: EntityKind) -> sqlite3.Connection:
    """A fresh staging file with an open transaction: no journal (a broken file is discarded)."""
    _remove(path)
    stage = sqlite3.connect(path, isolation_level=None)
    stage.execute("PRAGMA journal_mode = OFF")
    stage.execute("PRAGMA synchronous = NORMAL")  # one sync per commit: the rows, then the seal
    stage.execute(f"CREATE TABLE {_STAGED} ({', '.join(columns_of(kind))})")
    stage.execute("BEGIN")
    return stage


def _seal(stage: sqlite3.Connection, kind: EntityKind, version: int) -> None:
    """Commit the rows, then (separately, so a seal never covers rows still unwritten) record what
    they are and the universe version the merge starts from."""
    stage.execute("COMMIT")
    stage.execute("BEGIN")
    stage.execute("CREATE TABLE seal (kind TEXT NOT NULL, universe_version INTEGER NOT NULL)")
    stage.execute("INSERT INTO seal VALUES (?, ?)", (kind.value, version))
    stage.execute("COMMIT")


def _seal_or_none(path: Path) -> tuple[EntityKind, int] | None:
    stage = sqlite3.connect(path.resolve().as_uri() + "?mode=ro", uri=True)
    try:
        row = stage.execute("SELECT kind, universe_version FROM seal").fetchone()
    except sqlite3.DatabaseError:  # never sealed, or cut off mid-write
        return None
    finally:
        stage.close()
    return None if row is None else (EntityKind(row[0]), int(row[1]))


def _universe_version(engine: sa.Engine) -> int:
    with engine.connect() as conn:
        raw = _driver_connection(conn)
        row = raw.execute("SELECT version FROM universe_meta WHERE id = 1").fetchone()
    return 0 if row is None else int(row[0])


def _driver_connection(conn: sa.Connection) -> Any:
    """The sqlite3 connection under ``conn``: in autocommit mode, so its reads take no lock."""
    return conn.connection.driver_connection


def _scalar(raw: Any, sql: str) -> int:
    return int(raw.execute(sql).fetchone()[0])


def _remove(path: Path) -> None:
    path.unlink(missing_ok=True)
    path.with_name(path.name + "-journal").unlink(missing_ok=True)
