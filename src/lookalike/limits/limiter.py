"""Per-key limits of a plan: per second per endpoint, per minute, hour and day (fixed windows).

A request is counted in every window in one atomic increment each and refused when any count is
past its limit, which then takes the counts back: concurrent requests cannot overshoot a limit,
and a refused request uses up nothing. The status of the minute, hour and day windows becomes the
nine ``x-rate-limit-*`` / ``x-*-requests-left`` / ``x-*-usage`` headers of every authenticated
response.
"""

from __future__ import annotations

import logging
import math
import threading
import time
from dataclasses import dataclass
from datetime import UTC, datetime

from cachetools import LRUCache
from limits.storage import MemoryStorage

from limits import (
    RateLimitItem,
    RateLimitItemPerDay,
    RateLimitItemPerHour,
    RateLimitItemPerMinute,
    RateLimitItemPerSecond,
)
from lookalike.errors import DependencyUnavailableError, RateLimitedError
from lookalike.limits.counters import LimitStorage
from lookalike.limits.memory import MemoryCounters
from lookalike.settings import PlanSettings

REPORTED_WINDOWS = ("daily", "hourly", "minute")
STORE_RETRY_SECONDS = 1
logger = logging.getLogger("lookalike.limits")
_UNITS = {"second": "second", "minute": "minute", "hourly": "hour", "daily": "day"}
_TITLES = {"second": "Per-second", "minute": "Minute", "hourly": "Hourly", "daily": "Daily"}


@dataclass(frozen=True, slots=True)
class WindowUsage:
    """One window of a key's limits: its size, calls used and left, and when it resets."""

    window: str
    limit: int
    used: int
    remaining: int
    resets_at: datetime


@dataclass(frozen=True, slots=True)
class _Window:
    name: str
    item: RateLimitItem
    counter: str  # the storage key: the item's key for (prefix, identity, scope)
    expiry: int


# The storage keys of one identity on one endpoint under one plan's limits.
_WindowsKey = tuple[str, str, tuple[int, int, int, int]]
_MAX_CACHED = 10_000  # (key, endpoint, limits) entries; the least recently used one goes first


class PlanLimiter:
    """Applies a plan's limits to API keys over one :class:`LimitStorage`.

    It counts with the fixed-window algorithm of ``limits``' ``FixedWindowRateLimiter`` (same
    storage keys, so counters stay shared with it), talking to the storage directly so that the
    window items and their keys are built once per key and endpoint, not on every call. They
    are kept in a ``cachetools.LRUCache`` of at most 10,000 entries behind a lock: request threads
    share it, and every lookup reorders it.
    """

    def __init__(
        self, storage: LimitStorage, prefix: str = "lookalike", on_store_error: str = "deny"
    ) -> None:
        self._storage = storage
        self._prefix = prefix
        self._windows: LRUCache[_WindowsKey, list[_Window]] = LRUCache(maxsize=_MAX_CACHED)
        self._windows_lock = threading.Lock()
        self._fail_open = on_store_error == "allow"
        # What the storage raises when it cannot be reached (nothing, for memory counters).
        self._store_errors: tuple[type[Exception], ...] = _as_tuple(
            getattr(storage, "base_exceptions", ())
        )
        self._failing_open = False

    @property
    def is_local(self) -> bool:
        """True when the counters live in this process (calls never block on I/O)."""
        return isinstance(self._storage, MemoryCounters | MemoryStorage)

    def store_reachable(self) -> bool:
        """Whether the counters' storage answers (``/readyz``); in-process counters always do."""
        return bool(self._storage.check())

    def hit(self, identity: str, plan: PlanSettings, endpoint: str) -> list[WindowUsage]:
        """Count one call of ``endpoint``; raise :class:`RateLimitedError` when a window is full.

        When the storage cannot be reached this raises :class:`DependencyUnavailableError`, or,
        set to fail open (``on_store_error="allow"``), lets the call through uncounted.
        """
        try:
            usages = self._hit(identity, plan, endpoint)
        except self._store_errors as error:
            self._store_failed(error)
            return []
        self._store_answered()
        return usages

    def _hit(self, identity: str, plan: PlanSettings, endpoint: str) -> list[WindowUsage]:
        # Count first, then look: each increment is atomic in the storage, so of N calls racing
        # for the last K slots exactly K see a count within the limit. A refused call takes its
        # counts back, so it uses up nothing.
        windows = self._windows_of(identity, plan, endpoint)
        counted = self._count(windows)
        full = [w for w, (count, _) in zip(windows, counted, strict=True) if count > w.item.amount]
        if full:
            for window in windows:
                self._storage.incr(window.counter, window.expiry, amount=-1)
            longest = max((self._stats(w) for w in full), key=lambda u: u.resets_at)
            raise _limited_error(longest, title=_TITLES[longest.window])
        return [
            self._usage(window, count, ends if ends is not None else self._ends(window))
            for window, (count, ends) in zip(windows, counted, strict=True)
            if window.name in REPORTED_WINDOWS
        ]

    def _count(self, windows: list[_Window]) -> list[tuple[int, float | None]]:
        """Count one call in every window: (new count, when the window ends, if read with it).

        Storages with ``incr_all`` (memory and Redis counters) do it in one step (one round trip
        to Redis); others one increment per window.
        """
        incr_all = getattr(self._storage, "incr_all", None)
        if incr_all is not None:
            found: list[tuple[int, float]] = incr_all([(w.counter, w.expiry) for w in windows])
            return [(count, ends) for count, ends in found]
        return [(self._storage.incr(w.counter, w.expiry), None) for w in windows]

    def _ends(self, window: _Window) -> float:
        return self._storage.get_expiry(window.counter)

    def hit_usage_endpoint(self, identity: str, plan: PlanSettings) -> None:
        """Count one call of the usage endpoint against its own per-minute limit."""
        item = RateLimitItemPerMinute(plan.usage_per_minute)
        window = self._window("minute", item, identity, scope="usage")
        try:
            count = self._storage.incr(window.counter, window.expiry)
        except self._store_errors as error:
            self._store_failed(error)
            return
        if count > window.item.amount:
            raise _limited_error(self._stats(window), title="Usage")

    def usage(self, identity: str, plan: PlanSettings) -> list[WindowUsage]:
        """The daily, hourly and minute windows of a key, without counting a call (a 503 when
        the storage cannot be reached, whether or not limits fail open: there is nothing to
        report)."""
        try:
            return [
                self._stats(w)
                for w in self._windows_of(identity, plan, "")
                if w.name in REPORTED_WINDOWS
            ]
        except self._store_errors as error:
            raise _store_unavailable(error) from error

    def _store_failed(self, error: Exception) -> None:
        if not self._fail_open:
            raise _store_unavailable(error) from error
        if not self._failing_open:
            self._failing_open = True
            logger.warning("rate-limit store unavailable, limits fail open: %s", error)

    def _store_answered(self) -> None:
        if self._failing_open:
            self._failing_open = False
            logger.warning("rate-limit store available again, limits apply")

    def _windows_of(self, identity: str, plan: PlanSettings, endpoint: str) -> list[_Window]:
        """The per-second window of ``endpoint`` (unless it is "") and the key's own windows."""
        limits = (plan.per_second, plan.per_day, plan.per_hour, plan.per_minute)
        cache_key = (identity, endpoint, limits)
        with self._windows_lock:
            windows = self._windows.get(cache_key)
            if windows is None:
                windows = self._windows[cache_key] = self._new_windows(identity, plan, endpoint)
        return windows

    def _new_windows(self, identity: str, plan: PlanSettings, endpoint: str) -> list[_Window]:
        windows = [self._window(name, item, identity) for name, item in _key_items(plan)]
        if endpoint:
            second = RateLimitItemPerSecond(plan.per_second)
            windows.insert(0, self._window("second", second, identity, endpoint))
        return windows

    def _window(self, name: str, item: RateLimitItem, identity: str, scope: str = "key") -> _Window:
        # scope: "key" (shared by every endpoint) or the endpoint's own name
        return _Window(name, item, item.key_for(self._prefix, identity, scope), item.get_expiry())

    def _stats(self, window: _Window) -> WindowUsage:
        used = self._storage.get(window.counter)
        return self._usage(window, used, self._storage.get_expiry(window.counter))

    @staticmethod
    def _usage(window: _Window, count: int, expires_at: float) -> WindowUsage:
        limit = window.item.amount
        remaining = max(0, limit - count)
        now = time.time()
        unused = remaining >= limit or expires_at <= now
        reset = now + window.expiry if unused else expires_at
        return WindowUsage(
            window=window.name,
            limit=limit,
            used=limit - remaining,
            remaining=remaining,
            resets_at=datetime.fromtimestamp(reset, UTC),
        )


def _as_tuple(errors: object) -> tuple[type[Exception], ...]:
    if isinstance(errors, tuple):
        return errors
    return (errors,) if isinstance(errors, type) else ()


def _store_unavailable(error: Exception) -> DependencyUnavailableError:
    return DependencyUnavailableError(
        "The rate-limit store (Redis) cannot be reached, so calls cannot be counted. Retry in "
        f"{STORE_RETRY_SECONDS} seconds; if it persists, tell the operator.",
        dependency="rate-limit store (Redis)",
        retry_after=STORE_RETRY_SECONDS,
    )


def _key_items(plan: PlanSettings) -> list[tuple[str, RateLimitItem]]:
    return [
        ("daily", RateLimitItemPerDay(plan.per_day)),
        ("hourly", RateLimitItemPerHour(plan.per_hour)),
        ("minute", RateLimitItemPerMinute(plan.per_minute)),
    ]


def seconds_until(moment: datetime) -> int:
    """Whole seconds from now until ``moment``, at least 1 (a Retry-After value)."""
    return max(1, math.ceil((moment - datetime.now(UTC)).total_seconds()))


def _limited_error(usage: WindowUsage, title: str) -> RateLimitedError:
    wait = seconds_until(usage.resets_at)
    return RateLimitedError(
        f"{title} API rate limit exceeded. Limit: {usage.limit} calls per "
        f"{_UNITS[usage.window]}. Reset in {wait} seconds",
        retry_after=wait,
    )


def rate_limit_headers(usages: list[WindowUsage]) -> dict[str, str]:
    """The nine rate-limit headers Lusha sends, from the daily, hourly and minute windows."""
    headers: dict[str, str] = {}
    for usage in usages:
        headers[f"x-rate-limit-{usage.window}"] = str(usage.limit)
        headers[f"x-{usage.window}-requests-left"] = str(usage.remaining)
        headers[f"x-{usage.window}-usage"] = str(usage.used)
    return headers
