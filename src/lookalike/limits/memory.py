"""Fixed-window counters in process memory, expired lazily instead of by a timer thread.

The ``limits`` package's ``MemoryStorage`` expires keys from a ``threading.Timer`` that it starts
again on a hit whenever the last one has finished (every 10 ms under load), so a busy server
started a new thread every few requests. These counters keep ``(count, expires_at)`` per key,
treat an expired entry as absent when it is read, and drop expired entries in a sweep at most
once a minute.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Sequence

_SWEEP_EVERY_SECONDS = 60.0


class MemoryCounters:
    """Counters with expiry for one process (the :class:`LimitStorage` protocol)."""

    def __init__(self) -> None:
        self._counts: dict[str, tuple[int, float]] = {}
        self._lock = threading.Lock()
        self._next_sweep = time.time() + _SWEEP_EVERY_SECONDS

    def incr(self, key: str, expiry: int, amount: int = 1) -> int:
        """Add ``amount`` to ``key``; a key that is absent or expired starts a new window."""
        now = time.time()
        with self._lock:
            count, expires_at = self._counts.get(key, (0, 0.0))
            if expires_at <= now:
                count, expires_at = 0, now + expiry
            count += amount
            self._counts[key] = (count, expires_at)
            if now >= self._next_sweep:
                self._sweep(now)
        return count

    def incr_all(self, windows: Sequence[tuple[str, int]]) -> list[tuple[int, float]]:
        """Add 1 to each ``(key, expiry)``; each key's new count and when its window ends."""
        now = time.time()
        found: list[tuple[int, float]] = []
        with self._lock:
            for key, expiry in windows:
                count, expires_at = self._counts.get(key, (0, 0.0))
                if expires_at <= now:
                    count, expires_at = 0, now + expiry
                self._counts[key] = (count + 1, expires_at)
                found.append((count + 1, expires_at))
            if now >= self._next_sweep:
                self._sweep(now)
        return found

    def get(self, key: str) -> int:
        """The count of ``key`` in its current window (0 when absent or expired)."""
        entry = self._counts.get(key)
        if entry is None or entry[1] <= time.time():
            return 0
        return entry[0]

    def get_expiry(self, key: str) -> float:
        """When the window of ``key`` ends (now when it is absent or expired)."""
        now = time.time()
        entry = self._counts.get(key)
        return entry[1] if entry is not None and entry[1] > now else now

    def check(self) -> bool:
        """Always usable."""
        return True

    def _sweep(self, now: float) -> None:
        self._counts = {key: entry for key, entry in self._counts.items() if entry[1] > now}
        self._next_sweep = now + _SWEEP_EVERY_SECONDS
