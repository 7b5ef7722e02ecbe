"""Write an import in a child process, so parsing and database writes use two cores.

Python's sqlite3 module takes the GIL back for every row of ``executemany``, so a writer *thread*
stalls behind the parsing thread; a child process with its own connection does not. The child
hands the batches it receives to the writer of :func:`lookalike.store.staging.open_store_writer`
(a staging file beside a SQLite store, one transaction on PostgreSQL) and commits them, bumping
the universe version, only when told to. If the parent dies or aborts before that, the child sees
the pipe close and discards the load: the earlier data stays intact either way.
"""

from __future__ import annotations

import gc
import multiprocessing
import sys
from collections.abc import Sequence
from multiprocessing.connection import Connection
from types import TracebackType
from typing import Any

import orjson

from lookalike.domain import EntityKind
from lookalike.errors import DataError

_COMMIT = b"commit"


class _AbortedError(Exception):
    """The parent went away or aborted: roll back."""


class WriterProcess:
    """A child process that writes row batches of one kind and commits them on :meth:`commit`."""

    def __init__(self, database_url: str, kind: EntityKind) -> None:
        # fork is instant; from 3.12 on Python warns about forking a threaded process (a progress
        # bar thread runs), so there the child comes from a fork server instead.
        if sys.version_info < (3, 12):
            context = multiprocessing.get_context("fork")
        else:
            context = multiprocessing.get_context("forkserver")
        self._pipe, child_end = context.Pipe()
        self._process = context.Process(
            target=_serve,
            args=(database_url, kind, child_end, self._pipe),
            name=f"lookalike-import-{kind.value}",
            daemon=True,
        )
        self._process.start()
        child_end.close()

    def __enter__(self) -> WriterProcess:
        return self

    def write(self, rows: Sequence[tuple[Any, ...]]) -> None:
        """Hand a batch to the child (blocks while it is still writing the previous one)."""
        if not rows:
            return
        try:
            # JSON is several times cheaper than pickle for millions of small tuples.
            self._pipe.send_bytes(orjson.dumps(rows))
        except (BrokenPipeError, EOFError, OSError):
            self._raise_child_error()

    def commit(self) -> tuple[int, int, int]:
        """Apply and commit everything sent; returns (inserted, updated, universe version)."""
        try:
            self._pipe.send_bytes(_COMMIT)
            outcome = self._pipe.recv()
        except (BrokenPipeError, EOFError, OSError):
            self._raise_child_error()
        if isinstance(outcome, str):
            raise DataError(f"The import failed while writing: {outcome}")
        inserted, updated, version = outcome
        return int(inserted), int(updated), int(version)

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self._pipe.close()  # an uncommitted child sees EOF and rolls back
        self._process.join(timeout=60)
        if self._process.is_alive():  # pragma: no cover - a stuck database
            self._process.kill()

    def _raise_child_error(self) -> None:
        message = "the writer process stopped"
        try:
            if self._pipe.poll(5):
                message = str(self._pipe.recv())
        except (EOFError, OSError):
            pass
        raise DataError(f"The import failed while writing: {message}")


def _serve(database_url: str, kind: EntityKind, pipe: Connection, parent_end: Connection) -> None:
    parent_end.close()
    gc.disable()  # millions of decoded rows, no cycles: the collector would only rescan them
    from lookalike.store.database import create_store_engine
    from lookalike.store.staging import open_store_writer

    engine = create_store_engine(database_url)
    try:
        with open_store_writer(engine, kind) as writer:
            while (message := _receive(pipe)) != _COMMIT:
                writer.write(orjson.loads(message))
            outcome = writer.commit()
        pipe.send(outcome)
    except _AbortedError:
        pass
    except Exception as error:
        pipe.send(f"{type(error).__name__}: {error}")
    finally:
        engine.dispose()
        pipe.close()


def _receive(pipe: Connection) -> bytes:
    try:
        return pipe.recv_bytes()
    except (EOFError, OSError) as error:
        raise _AbortedError from error
