"""Idempotency keys: a retried request with the same key and body gets the first response again.

Responses are stored in the same transaction as the debit they paid for, so a replay never charges
twice; the same key with a different body is a :class:`ConflictError`.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import sqlalchemy as sa

from lookalike.errors import ConflictError
from lookalike.store.schema import idempotency

_THIS_KEY = (
    idempotency.c.key_id == sa.bindparam("key"),
    idempotency.c.idempotency_key == sa.bindparam("wanted"),
)
_STORED = sa.select(idempotency).where(*_THIS_KEY)
_FORGET = sa.delete(idempotency).where(*_THIS_KEY)
_STORE = sa.insert(idempotency)


@dataclass(frozen=True, slots=True)
class StoredResponse:
    """A response kept for replay: its status code and JSON body."""

    status_code: int
    body: dict[str, Any]


def request_fingerprint(route: str, body: Any) -> str:
    """A stable hash of a route and its parsed JSON body (key order and spacing do not matter)."""
    canonical = json.dumps([route, body], sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def stored_response_or_none(
    conn: sa.Connection, key_id: int, idempotency_key: str, fingerprint: str, ttl: timedelta
) -> StoredResponse | None:
    """The live response stored under ``idempotency_key``; raises ConflictError on another body."""
    row = conn.execute(_STORED, {"key": key_id, "wanted": idempotency_key}).first()
    if row is None or _aware(row.created_at) + ttl < datetime.now(UTC):
        return None
    if row.request_hash != fingerprint:
        raise ConflictError(
            f"The Idempotency-Key {idempotency_key!r} was already used with a different request "
            "body. Send a new Idempotency-Key for a new request."
        )
    return StoredResponse(status_code=int(row.status_code), body=json.loads(row.response))


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def store_response(
    conn: sa.Connection,
    key_id: int,
    idempotency_key: str,
    fingerprint: str,
    response: StoredResponse,
) -> None:
    """Keep ``response`` for replay under ``idempotency_key`` (replacing an expired entry)."""
    conn.execute(_FORGET, {"key": key_id, "wanted": idempotency_key})
    conn.execute(
        _STORE,
        {
            "key_id": key_id,
            "idempotency_key": idempotency_key,
            "request_hash": fingerprint,
            "status_code": response.status_code,
            "response": json.dumps(response.body),
            "created_at": datetime.now(UTC),
        },
    )


def delete_expired_responses(conn: sa.Connection, ttl: timedelta) -> int:
    """Remove stored responses older than ``ttl``; returns how many."""
    cutoff = datetime.now(UTC) - ttl
    return int(
        conn.execute(sa.delete(idempotency).where(idempotency.c.created_at < cutoff)).rowcount
    )
