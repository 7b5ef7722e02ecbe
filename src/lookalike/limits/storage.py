"""Where rate-limit counters live: process memory by default, Redis when several workers share them.

Memory counters are :class:`~lookalike.limits.memory.MemoryCounters`; Redis counters are the
``limits`` package's ``RedisStorage``; both are a
:class:`~lookalike.limits.counters.LimitStorage`.
"""

from __future__ import annotations

from lookalike.limits.counters import LimitStorage
from lookalike.limits.memory import MemoryCounters
from lookalike.settings import Settings


def memory_storage() -> LimitStorage:
    """Counters in this process: right for one worker, lost on restart."""
    return MemoryCounters()


def open_limit_storage(settings: Settings) -> LimitStorage:
    """Redis storage when ``settings.redis_url`` is set, else memory storage."""
    if settings.redis_url is None:
        return memory_storage()
    from lookalike.limits.redis_backend import redis_storage

    return redis_storage(settings.redis_url.get_secret_value())
