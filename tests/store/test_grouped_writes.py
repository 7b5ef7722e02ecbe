from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
import sqlalchemy as sa
from store_accounts import account_with_key

from lookalike.errors import InsufficientCreditsError
from lookalike.store.credits import (
    current_balance,
    debit_from_locked_balance,
    ledger_sum,
    locked_balance,
)
from lookalike.store.grouped_writes import GroupedWrites

WAIT = 30.0  # seconds a test waits for other threads to queue before it fails


def _debit(account_id: int, key_id: int, amount: int):  # type: ignore[no-untyped-def]
    def work(conn: sa.Connection) -> int:
        balance = locked_balance(conn, account_id)
        return debit_from_locked_balance(conn, account_id, key_id, amount, "s", balance)

    return work


def _queue_behind_a_held_batch(writes: GroupedWrites, units: list, queued: int) -> list[object]:  # type: ignore[type-arg]
    """Run ``units`` on threads while the first one holds its batch until ``queued`` others wait.

    Returns each unit's result or raised exception, in order.
    """
    release = threading.Event()

    def holder(conn: sa.Connection) -> str:
        deadline = time.monotonic() + WAIT
        while len(writes._pending) < queued:
            if time.monotonic() > deadline:
                raise AssertionError("the other units never queued")
            release.wait(0.001)
        return "held"

    def call(unit):  # type: ignore[no-untyped-def]
        try:
            return writes.run(unit)
        except Exception as exc:
            return exc

    with ThreadPoolExecutor(max_workers=len(units) + 1) as pool:
        first = pool.submit(writes.run, holder)
        while not writes._leading:
            release.wait(0.001)
        others = [pool.submit(call, unit) for unit in units]
        assert first.result(timeout=WAIT) == "held"
        return [future.result(timeout=WAIT) for future in others]


def test_units_queued_behind_a_batch_commit_together_in_one_transaction(
    store_engine: sa.Engine,
) -> None:
    account_id, key_id = account_with_key(store_engine, 100)
    writes = GroupedWrites(store_engine)
    results = _queue_behind_a_held_batch(writes, [_debit(account_id, key_id, 3)] * 10, 10)
    assert sorted(results) == list(range(70, 100, 3))  # type: ignore[type-var]
    assert writes.transactions == 2  # the held batch, then all ten queued units at once
    with store_engine.connect() as conn:
        assert current_balance(conn, account_id) == ledger_sum(conn, account_id) == 70


def test_a_unit_that_raises_is_rolled_back_alone_and_its_caller_gets_the_error(
    store_engine: sa.Engine,
) -> None:
    account_id, key_id = account_with_key(store_engine, 10)
    writes = GroupedWrites(store_engine)
    units = [_debit(account_id, key_id, 4), _debit(account_id, key_id, 4)]
    units += [_debit(account_id, key_id, 4)]  # the third finds 2 credits left
    results = _queue_behind_a_held_batch(writes, units, 3)
    errors = [r for r in results if isinstance(r, Exception)]
    assert len(errors) == 1 and isinstance(errors[0], InsufficientCreditsError)
    assert sorted(r for r in results if isinstance(r, int)) == [2, 6]
    with store_engine.connect() as conn:
        assert current_balance(conn, account_id) == ledger_sum(conn, account_id) == 2


def test_when_the_shared_commit_fails_each_unit_runs_again_alone(store_engine: sa.Engine) -> None:
    """A deferred constraint fails only at commit: the other units' writes must still land."""
    with store_engine.begin() as conn:
        conn.execute(sa.text("CREATE TABLE probe_parent (id INTEGER PRIMARY KEY)"))
        conn.execute(
            sa.text(
                "CREATE TABLE probe_child (parent INTEGER REFERENCES probe_parent (id) "
                "DEFERRABLE INITIALLY DEFERRED)"
            )
        )
    account_id, key_id = account_with_key(store_engine, 10)

    def orphan(conn: sa.Connection) -> str:
        conn.execute(sa.text("INSERT INTO probe_child (parent) VALUES (42)"))
        return "inserted"

    writes = GroupedWrites(store_engine)
    results = _queue_behind_a_held_batch(
        writes, [_debit(account_id, key_id, 1), orphan, _debit(account_id, key_id, 1)], 3
    )
    assert sorted(r for r in results if isinstance(r, int)) == [8, 9]
    assert isinstance(results[1], sa.exc.IntegrityError)
    with store_engine.connect() as conn:
        assert current_balance(conn, account_id) == ledger_sum(conn, account_id) == 8
        assert conn.execute(sa.text("SELECT count(*) FROM probe_child")).scalar() == 0


def test_many_threads_never_overdraw_and_the_ledger_matches(store_engine: sa.Engine) -> None:
    account_id, key_id = account_with_key(store_engine, 50)
    writes = GroupedWrites(store_engine)

    def attempt(_: int) -> int:
        try:
            writes.run(_debit(account_id, key_id, 2), account_id)
            return 2
        except InsufficientCreditsError:
            return 0

    with ThreadPoolExecutor(max_workers=16) as pool:
        spent = sum(pool.map(attempt, range(40)))
    assert spent == 50
    with store_engine.connect() as conn:
        assert current_balance(conn, account_id) == ledger_sum(conn, account_id) == 0


def test_a_batch_limit_below_one_is_refused(store_engine: sa.Engine) -> None:
    with pytest.raises(ValueError, match="at least 1"):
        GroupedWrites(store_engine, max_batch=0)
