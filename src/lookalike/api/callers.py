"""Who is calling: API keys resolved to callers, remembered for a moment.

Every request names its key, and looking it up is a store round trip, so a valid key's caller is
kept for ``ttl`` seconds (1 s by default). That bounds how stale a cached caller can be: a key
revoked (or an account moved to another plan) is refused, or priced by its new plan, at most
``ttl`` seconds later, in every worker. Unknown and revoked keys are never cached, so they always
ask the store, and a new key works at once.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

import sqlalchemy as sa
from cachetools import TTLCache

from lookalike.errors import AuthenticationError, ForbiddenError
from lookalike.settings import PlanSettings, Settings
from lookalike.store.accounts import find_key_by_hash_or_none

DEFAULT_TTL_SECONDS = 1.0
_MAX_ENTRIES = 10_000


@dataclass(frozen=True, slots=True)
class Caller:
    """The authenticated API key making a request, with its account and plan."""

    key_id: int
    account_id: int
    identity: str  # stable, non-secret rate-limit identity (the key's hash)
    plan_name: str
    plan: PlanSettings


class CallerCache:
    """Valid callers by key hash, each kept for ``ttl`` seconds (0 turns the cache off).

    A ``cachetools.TTLCache`` of at most 10,000 callers behind a lock (request threads share it);
    ``timer`` is its clock (``time.monotonic``; tests pass their own).
    """

    def __init__(
        self, ttl: float = DEFAULT_TTL_SECONDS, timer: Callable[[], float] = time.monotonic
    ) -> None:
        self._entries: TTLCache[str, Caller] | None = (
            TTLCache(maxsize=_MAX_ENTRIES, ttl=ttl, timer=timer) if ttl > 0 else None
        )
        self._lock = threading.Lock()

    def get_or_none(self, key_hash: str) -> Caller | None:
        """The caller cached for ``key_hash`` if it is still fresh."""
        if self._entries is None:
            return None
        with self._lock:
            return self._entries.get(key_hash)

    def put(self, key_hash: str, caller: Caller) -> None:
        """Remember a valid caller for ``ttl`` seconds."""
        if self._entries is None:
            return
        with self._lock:
            self._entries[key_hash] = caller


def _aware(moment: datetime) -> datetime:
    # SQLite hands back naive datetimes; everything stored is UTC.
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def look_up_caller(reader: sa.Engine, settings: Settings, key_hash: str) -> Caller:
    """The caller whose key has ``key_hash``; 401 when unknown, 403 when revoked or off-plan."""
    with reader.connect() as conn:
        record = find_key_by_hash_or_none(conn, key_hash)
    if record is None:
        raise AuthenticationError(
            "The API key in the api_key header is not valid. Check it, or ask the operator for one."
        )
    if record.revoked_at is not None and _aware(record.revoked_at) <= datetime.now(UTC):
        raise ForbiddenError(
            "The API key in the api_key header was revoked. Ask the operator for a new key."
        )
    plan = settings.plans.get(record.plan)
    if plan is None:
        raise ForbiddenError(
            f"The plan {record.plan!r} of this API key is no longer offered. "
            "Ask the operator to move the account to another plan."
        )
    return Caller(record.key_id, record.account_id, record.key_hash, record.plan, plan)
