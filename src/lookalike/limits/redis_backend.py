"""Redis-backed rate-limit counters, shared by every worker and host pointing at one Redis.

The counters are the ``limits`` package's ``RedisStorage`` (same keys, same increment-and-expire
script), plus :meth:`CountingRedisStorage.incr_all`: a request counts in four windows and reads
three expiries, which would be seven round trips to Redis; one Lua script does them all in one,
atomically.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from typing import Any

from lookalike.errors import ConfigurationError
from lookalike.limits.counters import LimitStorage

REDIS_TIMEOUT_SECONDS = 1.0

# For each key: add 1, start its window's expiry when the key is new (as limits' own
# increment script does), and return the count and the seconds left in the window.
INCR_ALL_SCRIPT = """
local found = {}
for i, key in ipairs(KEYS) do
    local count = redis.call('INCRBY', key, 1)
    if count == 1 then
        redis.call('EXPIRE', key, tonumber(ARGV[i]))
    end
    found[2 * i - 1] = count
    found[2 * i] = redis.call('TTL', key)
end
return found
"""


def redis_storage(url: str) -> LimitStorage:
    """Counters in the Redis at ``url``; fails with a clear message when Redis is unusable."""
    try:
        import redis  # noqa: F401 - only to give a helpful error when it is missing
    except ImportError as exc:  # pragma: no cover - depends on the install
        raise ConfigurationError(
            "LOOKALIKE_REDIS_URL is set but the redis client is missing: "
            "pip install 'lookalike[redis]'."
        ) from exc
    # Bounded waits: a Redis that stops answering fails a call in a second (a 503, or an
    # uncounted call when limits fail open), never hangs it.
    storage: LimitStorage = _counting_storage_class()(
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


def _counting_storage_class() -> type[Any]:
    """``RedisStorage`` with :meth:`incr_all` (defined here: ``limits`` imports redis lazily)."""
    from limits.storage import RedisStorage

    class CountingRedisStorage(RedisStorage):
        """``limits``' Redis counters, counting one call in several windows in one round trip."""

        def initialize_storage(self, uri: str) -> None:
            super().initialize_storage(uri)
            self.lua_incr_all = self.get_connection().register_script(INCR_ALL_SCRIPT.encode())

        def incr_all(self, windows: Sequence[tuple[str, int]]) -> list[tuple[int, float]]:
            """Add 1 to each ``(key, expiry)``; each key's new count and when its window ends."""
            keys = [self.prefixed_key(key) for key, _ in windows]
            found = self.lua_incr_all(keys, [expiry for _, expiry in windows])
            now = time.time()
            return [
                (int(found[2 * i]), max(int(found[2 * i + 1]), 0) + now) for i in range(len(keys))
            ]

    return CountingRedisStorage
