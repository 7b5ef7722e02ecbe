from __future__ import annotations

import sqlalchemy as sa

from lookalike.store.accounts import (
    KEY_PREFIX,
    create_account_with_key,
    create_key,
    find_key_or_none,
    grant_credits,
    hash_key,
    list_keys,
    revoke_key,
)
from lookalike.store.credits import credit_totals, ledger_sum
from lookalike.store.schema import api_keys


def test_a_new_key_is_long_prefixed_and_stored_only_as_its_hash(store_engine: sa.Engine) -> None:
    _, plain_key = create_account_with_key(store_engine, "Acme", "basic", 100)
    assert plain_key.startswith(KEY_PREFIX) and len(plain_key) >= 40
    with store_engine.connect() as conn:
        stored = conn.execute(sa.select(api_keys)).one()
    assert plain_key not in [str(value) for value in stored]
    assert stored.key_hash == hash_key(plain_key)


def test_a_key_is_found_by_its_plain_value_and_not_by_a_near_miss(store_engine: sa.Engine) -> None:
    account_id, plain_key = create_account_with_key(store_engine, "Acme", "pro", 5)
    with store_engine.connect() as conn:
        record = find_key_or_none(conn, plain_key)
        assert record is not None
        assert (record.account_id, record.plan, record.revoked_at) == (account_id, "pro", None)
        assert find_key_or_none(conn, plain_key[:-1] + "x") is None
        assert find_key_or_none(conn, "") is None


def test_the_starting_grant_is_recorded_in_the_ledger(store_engine: sa.Engine) -> None:
    account_id, _ = create_account_with_key(store_engine, "Acme", "basic", 250)
    assert grant_credits(store_engine, account_id, 50) == 300
    with store_engine.connect() as conn:
        assert ledger_sum(conn, account_id) == 300
        assert credit_totals(conn, account_id).total == 300


def test_keys_list_shows_balance_and_prefix_but_never_the_key(store_engine: sa.Engine) -> None:
    account_id, plain_key = create_account_with_key(store_engine, "Acme", "basic", 40)
    create_key(store_engine, account_id, "second key")
    summaries = list_keys(store_engine)
    assert [s.balance for s in summaries] == [40, 40]
    assert summaries[0].prefix == plain_key[: len(summaries[0].prefix)]
    assert all(plain_key not in repr(summary) for summary in summaries)


def test_a_revoked_key_is_still_found_but_marked_revoked(store_engine: sa.Engine) -> None:
    _, plain_key = create_account_with_key(store_engine, "Acme", "basic", 1)
    summary = revoke_key(store_engine, plain_key[:11])
    assert summary.revoked_at is not None
    with store_engine.connect() as conn:
        record = find_key_or_none(conn, plain_key)
    assert record is not None and record.revoked_at is not None
