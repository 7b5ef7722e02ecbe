from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest
import sqlalchemy as sa
from store_accounts import account_with_key

from lookalike.errors import InsufficientCreditsError
from lookalike.store.credits import (
    credit_totals,
    current_balance,
    debit_credits_in,
    ledger_sum,
    locked_balance,
)


def test_a_debit_lowers_the_balance_and_is_a_ledger_row(store_engine: sa.Engine) -> None:
    account_id, key_id = account_with_key(store_engine, 10)
    with store_engine.begin() as conn:
        assert debit_credits_in(conn, account_id, key_id, 4, "s1") == 6
    with store_engine.connect() as conn:
        assert current_balance(conn, account_id) == ledger_sum(conn, account_id) == 6
        totals = credit_totals(conn, account_id)
    assert (totals.total, totals.used, totals.remaining) == (10, 4, 6)


def test_a_debit_over_the_balance_changes_nothing(store_engine: sa.Engine) -> None:
    account_id, key_id = account_with_key(store_engine, 3)
    with pytest.raises(InsufficientCreditsError), store_engine.begin() as conn:
        debit_credits_in(conn, account_id, key_id, 4, None)
    with store_engine.connect() as conn:
        assert current_balance(conn, account_id) == ledger_sum(conn, account_id) == 3


def test_concurrent_debits_never_overdraw_theaccount_with_key(store_engine: sa.Engine) -> None:
    account_id, key_id = account_with_key(store_engine, 25)

    def debit_three() -> int:
        with store_engine.begin() as conn:
            balance = locked_balance(conn, account_id)
            amount = min(3, balance)
            debit_credits_in(conn, account_id, key_id, amount, None)
            return amount

    with ThreadPoolExecutor(max_workers=8) as pool:
        charged = list(pool.map(lambda _: debit_three(), range(20)))
    with store_engine.connect() as conn:
        assert current_balance(conn, account_id) == 0
        assert ledger_sum(conn, account_id) == 25 - sum(charged) == 0
