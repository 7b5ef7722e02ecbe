"""The read-only engine: reads see committed data and never wait for an open write transaction."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from lookalike.store.accounts import create_account_with_key
from lookalike.store.credits import current_balance, locked_balance
from lookalike.store.display import contact_cards
from lookalike.store.entities import upsert_contacts
from lookalike.store.lookups import existing_contact_ids
from lookalike.store.readers import create_read_engine
from lookalike.store.schema import accounts
from lookalike.store.writes import write_transaction


def test_a_read_sees_the_last_commit_while_a_writer_holds_the_lock(
    store_engine: sa.Engine,
) -> None:
    account_id, _ = create_account_with_key(store_engine, "Acme", "basic", 10)
    reader = create_read_engine(store_engine)
    with write_transaction(store_engine) as writer:
        locked_balance(writer, account_id)
        writer.execute(sa.update(accounts).values(balance=99))
        with reader.connect() as conn:
            assert current_balance(conn, account_id) == 10
    with reader.connect() as conn:
        assert current_balance(conn, account_id) == 99


def test_the_sqlite_reader_refuses_to_write(store_engine: sa.Engine) -> None:
    if store_engine.dialect.name != "sqlite":
        pytest.skip("PostgreSQL readers share the store's pool in autocommit mode")
    reader = create_read_engine(store_engine)
    with pytest.raises(sa.exc.OperationalError), reader.connect() as conn:
        conn.execute(sa.update(accounts).values(balance=1))


def _contact(person_id: str, company_id: str) -> dict[str, object]:
    return {
        "person_id": person_id,
        "company_id": company_id,
        "first_name": "Ada",
        "last_name": None,
        "job_title": "CTO",
        "country": "Germany",
        "state": None,
        "city": "Berlin",
        "seniority": 8,
        "departments": "Engineering|Management",
        "composed": False,
    }


def test_contact_cards_carry_the_employer_or_none(store_engine: sa.Engine) -> None:
    with store_engine.begin() as conn:
        upsert_contacts(conn, [_contact("p1", "no-such-company")])
    with store_engine.connect() as conn:
        cards = contact_cards(conn, ["p1", "p2"])
        known = existing_contact_ids(conn, ["p1", "p2"])
    assert set(cards) == known == {"p1"}
    assert tuple(cards["p1"])[:2] == ("p1", "no-such-company")
    assert (cards["p1"].company_name, cards["p1"].company_domain) == (None, None)
