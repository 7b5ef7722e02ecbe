"""Redis-backed rate-limit counters, shared by every worker and host pointing at one Redis."""

from __future__ import annotations

from lookalike.errors import ConfigurationError
from lookalike.limits.counters import LimitStorage

REDIS_TIMEOUT_SECONDS = 1.0


def redis_storage(url: str) -> LimitStorage:
    """Counters in the Redis at ``url``; fails with a clear message when Redis is unusable."""
    try:
        import redis  # noqa: F401 - only to give a helpful error when it is missing
    except ImportError as exc:  # pragma: no cover - depends on the install
        raise ConfigurationError(
            "LOOKALIKE_REDIS_URL is set but the redis client is missing: "
            "pip install 'lookalike[redis]'."
        ) from exc
    from limits.storage import RedisStorage

    # Bounded waits: a Redis that stops answering fails a call in a second (a 503, or an
    # uncounted call when limits fail open), never hangs it.
    storage: LimitStorage = RedisStorage(
        url, socket_timeout=REDIS_TIMEOUT_SECONDS, socket_connect_timeout=REDIS_TIMEOUT_SECONDS
    )
    if not storage.check():
        raise ConfigurationError(
            f"Redis at {_without_password(url)} does not answer. Start it, or unset "
            "LOOKALIKE_REDIS_URL to keep rate limits in memory."
        )
    return storage


def _without_password(url: str) -> str:
    scheme, _, rest = url.partition("://")
    return f"{scheme}://{rest.rpartition('@')[2]}"
