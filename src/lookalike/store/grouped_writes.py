"""Group commit: the write transactions of concurrent requests run as one, each in a savepoint.

Every served page ends in a short write transaction (lock the balance, debit, record the returned
ids and the session, store the idempotent response). One at a time, those transactions are what
limits a busy service: SQLite admits one writer, and each transaction pays its own ``BEGIN``,
commit and WAL frames, and waits for the interpreter between its statements. Here a thread that
finds another thread's batch running queues its work; when the batch ends, one waiting thread
leads the next batch and runs everything queued, in one transaction, one savepoint per unit of
work, then commits once and hands every unit its own result or exception.

Nothing any unit guarantees is weakened. Units run one after another in the transaction, so each
reads what the units before it wrote (the balance it debits, a session's returned ids, an
idempotent response just stored); a unit that raises is rolled back to its savepoint alone and
its caller gets the exception; when the commit itself fails, each unit of the batch runs again
alone in its own transaction, as it would have without grouping. Units are run in the order of
their ``lock_order`` (the account id), so two processes' batches take account locks in the same
order and never deadlock on PostgreSQL.
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Callable
from dataclasses import dataclass
from typing import Generic, TypeVar

import sqlalchemy as sa

from lookalike.store.writes import write_transaction

T = TypeVar("T")
Work = Callable[[sa.Connection], T]

MAX_BATCH = 64  # units of work in one transaction


@dataclass(eq=False)
class _Ticket(Generic[T]):
    work: Work[T]
    lock_order: int
    done: bool = False
    result: T | None = None
    error: BaseException | None = None

    def outcome(self) -> T:
        if self.error is not None:
            raise self.error
        return self.result  # type: ignore[return-value]


class GroupedWrites:
    """Runs units of write work for one store engine, grouped into shared transactions."""

    def __init__(self, engine: sa.Engine, max_batch: int = MAX_BATCH):
        if max_batch < 1:
            raise ValueError(f"max_batch must be at least 1, got {max_batch}")
        self._engine = engine
        self._max_batch = max_batch
        self._pending: list[_Ticket[object]] = []
        self._leading = False
        self._turn = threading.Condition()
        self.transactions = 0  # committed batch transactions (for tests and metrics)

    def run(self, work: Work[T], lock_order: int = 0) -> T:
        """Run ``work(conn)`` inside a shared write transaction and return what it returned.

        ``work`` must use only the connection it is given; its exception is raised here, and its
        writes are then rolled back (and only its own).
        """
        ticket: _Ticket[T] = _Ticket(work, lock_order)
        with self._turn:
            self._pending.append(ticket)  # type: ignore[arg-type]
            while self._leading and not ticket.done:
                self._turn.wait()
            if ticket.done:
                return ticket.outcome()
            self._leading = True
            batch = self._take(ticket)  # type: ignore[arg-type]
        try:
            self._run_batch(batch)
        finally:
            with self._turn:
                self._leading = False
                self._turn.notify_all()
        return ticket.outcome()

    def _take(self, own: _Ticket[object]) -> list[_Ticket[object]]:
        """The leader's own ticket and the oldest others, up to ``max_batch``, off the queue."""
        others = [t for t in self._pending if t is not own][: self._max_batch - 1]
        taken = {id(t) for t in others} | {id(own)}
        self._pending = [t for t in self._pending if id(t) not in taken]
        return sorted([own, *others], key=lambda t: t.lock_order)

    def _run_batch(self, batch: list[_Ticket[object]]) -> None:
        try:
            with write_transaction(self._engine) as conn:
                for ticket in batch:
                    _run_in_savepoint(conn, ticket)
            self.transactions += 1
        except Exception:  # the commit (or the transaction around the units) failed
            for ticket in batch:
                _run_alone(self._engine, ticket)
        for ticket in batch:
            ticket.done = True


def _run_in_savepoint(conn: sa.Connection, ticket: _Ticket[object]) -> None:
    ticket.result, ticket.error = None, None
    savepoint = conn.begin_nested()
    try:
        ticket.result = ticket.work(conn)
    except Exception as exc:
        savepoint.rollback()
        ticket.error = exc
    else:
        savepoint.commit()


def _run_alone(engine: sa.Engine, ticket: _Ticket[object]) -> None:
    ticket.result, ticket.error = None, None
    try:
        with write_transaction(engine) as conn:
            ticket.result = ticket.work(conn)
    except Exception as exc:
        ticket.error = exc


_GROUPS: weakref.WeakKeyDictionary[sa.Engine, GroupedWrites] = weakref.WeakKeyDictionary()
_GROUPS_GUARD = threading.Lock()


def grouped_writes(engine: sa.Engine) -> GroupedWrites:
    """The one :class:`GroupedWrites` of ``engine`` in this process."""
    with _GROUPS_GUARD:
        found = _GROUPS.get(engine)
        if found is None:
            found = _GROUPS[engine] = GroupedWrites(engine)
        return found
