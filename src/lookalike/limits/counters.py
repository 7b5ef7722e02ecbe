"""The interface of rate-limit counters, which memory and Redis storages both provide."""

from __future__ import annotations

from typing import Protocol, runtime_checkable


@runtime_checkable
class LimitStorage(Protocol):
    """Counters with expiry, as the fixed-window strategy of ``limits`` uses them.

    A storage may also offer ``incr_all(windows)``: add 1 to each ``(key, expiry)`` and return
    each key's new count and when its window ends, in one step (the memory counters and the Redis
    counters do; :class:`lookalike.limits.limiter.PlanLimiter` uses it when it is there).
    """

    def incr(self, key: str, expiry: int, amount: int = 1) -> int: ...

    def get(self, key: str) -> int: ...

    def get_expiry(self, key: str) -> float: ...

    def check(self) -> bool: ...
