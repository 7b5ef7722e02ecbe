"""Where rate-limit counters live: process memory by default, Redis when several workers share them.

Memory counters are :class:`~lookalike.limits.memory.MemoryCounters`; Redis counters are the
``limits`` package's ``RedisStorage``. :class:`LimitStorage` names the interface the limiter uses.
"""

from __future__ import annotations

from typing import Protocol, runtime_checkable

from lookalike.limits.memory import MemoryCounters
from lookalike.settings import Settings


@runtime_checkable
class LimitStorage(Protocol):
    """Counters with expiry, as the fixed-window strategy of ``limits`` uses them."""

    def incr(self, key: str, expiry: int, amount: int = 1) -> int: ...

    def get(self, key: str) -> int: ...

    def get_expiry(self, key: str) -> float: ...

    def check(self) -> bool: ...


def memory_storage() -> LimitStorage:
    """Counters in this process: right for one worker, lost on restart."""
    return MemoryCounters()


def open_limit_storage(settings: Settings) -> LimitStorage:
    """Redis storage when ``settings.redis_url`` is set, else memory storage."""
    if settings.redis_url is None:
        return memory_storage()
    from lookalike.limits.redis_backend import redis_storage

    return redis_storage(settings.redis_url.get_secret_value())
