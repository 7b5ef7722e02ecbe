"""The interface of rate-limit counters, which memory and Redis storages both provide."""

from __future__ import annotations

from typing import Protocol, runtime_checkable


@runtime_checkable
class LimitStorage(Protocol):
    """Counters with expiry, as the fixed-window strategy of ``limits`` uses them."""

    def incr(self, key: str, expiry: int, amount: int = 1) -> int: ...

    def get(self, key: str) -> int: ...

    def get_expiry(self, key: str) -> float: ...

    def check(self) -> bool: ...
