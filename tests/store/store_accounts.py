"""An account with credits and the id of its key, made through the store's own functions."""

from __future__ import annotations

import sqlalchemy as sa

from lookalike.store.accounts import create_account_with_key, find_key_or_none


def account_with_key(engine: sa.Engine, credits: int) -> tuple[int, int]:
    """A new account holding ``credits``: its id and its API key's id."""
    account_id, plain_key = create_account_with_key(engine, "Acme", "basic", credits)
    with engine.connect() as conn:
        record = find_key_or_none(conn, plain_key)
    assert record is not None
    return account_id, record.key_id
