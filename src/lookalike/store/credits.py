"""The credit ledger: grants and debits as rows; ``accounts.balance`` is their cached sum.

Every change writes a ledger row and updates the cached balance in the same transaction. Callers
that debit first take the account lock with :func:`locked_balance` (``SELECT ... FOR UPDATE`` on
PostgreSQL; on SQLite the store's ``BEGIN IMMEDIATE`` already holds the one writer lock), so
concurrent requests can never overdraw an account or lose a debit.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

import sqlalchemy as sa

from lookalike.errors import InsufficientCreditsError, InvalidRequestError, NotFoundError
from lookalike.store.schema import accounts, ledger

GRANT = "grant"
DEBIT = "debit"


@dataclass(frozen=True, slots=True)
class CreditTotals:
    """An account's credits: everything granted, what was spent and what is left."""

    total: int
    used: int
    remaining: int


# Hot statements are built once; their values are bound at execution.
_BALANCE = sa.select(accounts.c.balance).where(accounts.c.account_id == sa.bindparam("account"))
_BALANCE_FOR_UPDATE = _BALANCE.with_for_update()
_SET_BALANCE = (
    sa.update(accounts)
    .where(accounts.c.account_id == sa.bindparam("account"))
    .values(balance=sa.bindparam("new_balance"))
)
_INSERT_ENTRY = sa.insert(ledger)


def locked_balance(conn: sa.Connection, account_id: int) -> int:
    """The account balance, locked against concurrent debits until the transaction ends."""
    query = _BALANCE_FOR_UPDATE if conn.dialect.name == "postgresql" else _BALANCE
    balance = conn.execute(query, {"account": account_id}).scalar()
    if balance is None:
        raise NotFoundError(f"Account {account_id} does not exist.")
    return int(balance)


def current_balance(conn: sa.Connection, account_id: int) -> int:
    """The account balance without locking (for a pre-check; decide under the lock)."""
    balance = conn.execute(_BALANCE, {"account": account_id}).scalar()
    return int(balance or 0)


def grant_credits_in(
    conn: sa.Connection, account_id: int, amount: int, key_id: int | None = None
) -> int:
    """Record a grant of ``amount`` credits inside the caller's transaction; returns the balance."""
    if amount <= 0:
        raise InvalidRequestError(f"A credit grant must be positive, not {amount}.")
    balance = locked_balance(conn, account_id)
    _record(conn, account_id, key_id, GRANT, amount, None)
    return _set_balance(conn, account_id, balance + amount)


def debit_credits_in(
    conn: sa.Connection, account_id: int, key_id: int, amount: int, session_id: str | None
) -> int:
    """Record a debit inside the caller's locked transaction; returns the new balance."""
    balance = locked_balance(conn, account_id)
    return debit_from_locked_balance(conn, account_id, key_id, amount, session_id, balance)


def debit_from_locked_balance(
    conn: sa.Connection,
    account_id: int,
    key_id: int,
    amount: int,
    session_id: str | None,
    balance: int,
) -> int:
    """Record a debit when this transaction already read ``balance`` with :func:`locked_balance`.

    Saves reading the balance twice; returns the new balance.
    """
    if amount > balance:
        raise InsufficientCreditsError(
            f"The account has {balance} credits left, fewer than the {amount} this needs. "
            "Ask the operator to grant more credits."
        )
    if amount == 0:
        return balance
    _record(conn, account_id, key_id, DEBIT, -amount, session_id)
    return _set_balance(conn, account_id, balance - amount)


def _record(
    conn: sa.Connection,
    account_id: int,
    key_id: int | None,
    kind: str,
    amount: int,
    session_id: str | None,
) -> None:
    conn.execute(
        _INSERT_ENTRY,
        {
            "account_id": account_id,
            "key_id": key_id,
            "kind": kind,
            "amount": amount,
            "session_id": session_id,
            "created_at": datetime.now(UTC),
        },
    )


def _set_balance(conn: sa.Connection, account_id: int, balance: int) -> int:
    conn.execute(_SET_BALANCE, {"account": account_id, "new_balance": balance})
    return balance


def credit_totals(conn: sa.Connection, account_id: int) -> CreditTotals:
    """Granted, used and remaining credits of one account, from the ledger."""
    granted = sa.func.coalesce(
        sa.func.sum(sa.case((ledger.c.kind == GRANT, ledger.c.amount), else_=0)), 0
    )
    spent = sa.func.coalesce(
        sa.func.sum(sa.case((ledger.c.kind == DEBIT, -ledger.c.amount), else_=0)), 0
    )
    row = conn.execute(sa.select(granted, spent).where(ledger.c.account_id == account_id)).one()
    total, used = int(row[0]), int(row[1])
    return CreditTotals(total=total, used=used, remaining=total - used)


def ledger_sum(conn: sa.Connection, account_id: int) -> int:
    """The sum of every ledger row of an account: what its balance must equal."""
    value = conn.execute(
        sa.select(sa.func.coalesce(sa.func.sum(ledger.c.amount), 0)).where(
            ledger.c.account_id == account_id
        )
    ).scalar_one()
    return int(value)


def used_credits_by_account(conn: sa.Connection) -> dict[int, int]:
    """Credits spent so far, per account id."""
    rows = conn.execute(
        sa.select(ledger.c.account_id, sa.func.sum(-ledger.c.amount))
        .where(ledger.c.kind == DEBIT)
        .group_by(ledger.c.account_id)
    )
    return {int(account_id): int(used or 0) for account_id, used in rows}
