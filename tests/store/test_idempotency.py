from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from lookalike.errors import ConflictError
from lookalike.store.idempotency import (
    StoredResponse,
    delete_expired_responses,
    request_fingerprint,
    store_response,
    stored_response_or_none,
)
from lookalike.store.schema import idempotency

TTL = timedelta(hours=24)


def test_the_same_body_in_another_key_order_has_the_same_fingerprint() -> None:
    first = request_fingerprint("contacts", {"limit": 5, "contacts": [{"personId": "p"}]})
    second = request_fingerprint("contacts", {"contacts": [{"personId": "p"}], "limit": 5})
    assert first == second != request_fingerprint("companies", {"limit": 5})


def test_a_stored_response_is_replayed_for_the_same_body(store_engine: sa.Engine) -> None:
    fingerprint = request_fingerprint("contacts", {"limit": 5})
    with store_engine.begin() as conn:
        store_response(conn, 1, "retry-1", fingerprint, StoredResponse(200, {"count": 5}))
    with store_engine.connect() as conn:
        stored = stored_response_or_none(conn, 1, "retry-1", fingerprint, TTL)
        assert stored == StoredResponse(200, {"count": 5})
        assert stored_response_or_none(conn, 2, "retry-1", fingerprint, TTL) is None


def test_the_same_key_with_another_body_is_a_conflict(store_engine: sa.Engine) -> None:
    with store_engine.begin() as conn:
        store_response(
            conn, 1, "k", request_fingerprint("contacts", {"limit": 5}), StoredResponse(200, {})
        )
    with (
        pytest.raises(ConflictError, match="different request body"),
        store_engine.connect() as conn,
    ):
        stored_response_or_none(conn, 1, "k", request_fingerprint("contacts", {"limit": 6}), TTL)


def test_a_response_older_than_a_day_is_not_replayed(store_engine: sa.Engine) -> None:
    fingerprint = request_fingerprint("contacts", {})
    with store_engine.begin() as conn:
        store_response(conn, 1, "old", fingerprint, StoredResponse(200, {}))
        conn.execute(
            sa.update(idempotency).values(created_at=datetime.now(UTC) - timedelta(hours=25))
        )
    with store_engine.connect() as conn:
        assert stored_response_or_none(conn, 1, "old", fingerprint, TTL) is None


def test_expired_responses_are_purged(store_engine: sa.Engine) -> None:
    with store_engine.begin() as conn:
        store_response(conn, 1, "old", "f", StoredResponse(200, {}))
        store_response(conn, 1, "new", "f", StoredResponse(200, {}))
        conn.execute(
            sa.update(idempotency)
            .where(idempotency.c.idempotency_key == "old")
            .values(created_at=datetime.now(UTC) - timedelta(hours=25))
        )
        assert delete_expired_responses(conn, TTL) == 1
