from __future__ import annotations

from datetime import UTC, datetime, timedelta

import sqlalchemy as sa

from lookalike.store.accounts import create_account_with_key, find_key_or_none
from lookalike.store.schema import sessions
from lookalike.store.sessions import (
    SessionState,
    delete_expired_sessions,
    new_session_id,
    record_returned,
    returned_among,
    save_session,
    session_or_none,
)

TTL = timedelta(days=30)


def _session(engine: sa.Engine) -> SessionState:
    account_id, plain_key = create_account_with_key(engine, "Acme", "basic", 10)
    with engine.connect() as conn:
        record = find_key_or_none(conn, plain_key)
    assert record is not None
    return SessionState(
        session_id=new_session_id(),
        account_id=account_id,
        key_id=record.key_id,
        kind="contacts",
        seeds={"given": ["person:p1"], "resolved": ["p1"], "unresolved": []},
        exclude=("p9",),
        filters={},
        last_used_at=datetime.now(UTC),
    )


def test_a_session_remembers_seeds_exclusions_and_returned_ids(store_engine: sa.Engine) -> None:
    state = _session(store_engine)
    with store_engine.begin() as conn:
        save_session(conn, state)
        record_returned(conn, state.session_id, ["p2", "p3"], 1)
    with store_engine.connect() as conn:
        loaded = session_or_none(conn, state.session_id, state.account_id, TTL)
    assert loaded is not None
    assert loaded.seeds == state.seeds and loaded.exclude == ("p9",)
    assert loaded.returned_ids == {"p2", "p3"}


def test_returned_among_names_only_the_asked_ids_the_session_returned(
    store_engine: sa.Engine,
) -> None:
    state = _session(store_engine)
    with store_engine.begin() as conn:
        save_session(conn, state)
        record_returned(conn, state.session_id, ["p2", "p3"], 1)
    with store_engine.connect() as conn:
        assert returned_among(conn, state.session_id, ["p3", "p4", "p9"]) == {"p3"}
        assert returned_among(conn, state.session_id, []) == set()
        assert returned_among(conn, new_session_id(), ["p2"]) == set()


def test_another_account_cannot_see_a_session(store_engine: sa.Engine) -> None:
    state = _session(store_engine)
    with store_engine.begin() as conn:
        save_session(conn, state)
    with store_engine.connect() as conn:
        assert session_or_none(conn, state.session_id, state.account_id + 1, TTL) is None


def test_a_session_expires_thirty_days_after_its_last_use(store_engine: sa.Engine) -> None:
    state = _session(store_engine)
    with store_engine.begin() as conn:
        save_session(conn, state)
        conn.execute(
            sa.update(sessions).values(last_used_at=datetime.now(UTC) - timedelta(days=31))
        )
    with store_engine.begin() as conn:
        assert session_or_none(conn, state.session_id, state.account_id, TTL) is None
        assert delete_expired_sessions(conn, TTL) == 1


def test_using_a_session_again_renews_it(store_engine: sa.Engine) -> None:
    state = _session(store_engine)
    with store_engine.begin() as conn:
        save_session(conn, state)
        conn.execute(
            sa.update(sessions).values(last_used_at=datetime.now(UTC) - timedelta(days=29))
        )
        save_session(conn, state)
    with store_engine.connect() as conn:
        loaded = session_or_none(conn, state.session_id, state.account_id, timedelta(days=1))
    assert loaded is not None
