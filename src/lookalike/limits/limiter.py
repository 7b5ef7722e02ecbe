"""Per-key limits of a plan: per second per endpoint, per minute, hour and day (fixed windows).

A request is first tested against every window and only then counted in all of them, so a refused
request uses up nothing. The status of the minute, hour and day windows becomes the nine
``x-rate-limit-*`` / ``x-*-requests-left`` / ``x-*-usage`` headers of every authenticated response.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass
from datetime import UTC, datetime

from limits.strategies import FixedWindowRateLimiter

from limits import (
    RateLimitItem,
    RateLimitItemPerDay,
    RateLimitItemPerHour,
    RateLimitItemPerMinute,
    RateLimitItemPerSecond,
)
from lookalike.errors import RateLimitedError
from lookalike.limits.storage import LimitStorage
from lookalike.settings import PlanSettings

REPORTED_WINDOWS = ("daily", "hourly", "minute")
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
    scope: str  # "key" (shared by every endpoint) or the endpoint's own name


class PlanLimiter:
    """Applies a plan's limits to API keys over one :class:`LimitStorage`."""

    def __init__(self, storage: LimitStorage, prefix: str = "lookalike") -> None:
        self._limiter = FixedWindowRateLimiter(storage)  # type: ignore[arg-type]
        self._prefix = prefix

    def hit(self, identity: str, plan: PlanSettings, endpoint: str) -> list[WindowUsage]:
        """Count one call of ``endpoint``; raise :class:`RateLimitedError` when a window is full."""
        windows = [_Window("second", RateLimitItemPerSecond(plan.per_second), endpoint)]
        windows += _key_windows(plan)
        self._hit_all(identity, windows)
        return self.usage(identity, plan)

    def hit_usage_endpoint(self, identity: str, plan: PlanSettings) -> None:
        """Count one call of the usage endpoint against its own per-minute limit."""
        item = RateLimitItemPerMinute(plan.usage_per_minute)
        window = _Window("minute", item, "usage")
        if not self._limiter.hit(item, *self._ids(identity, window)):
            raise _limited_error(self._stats(identity, window), title="Usage")

    def usage(self, identity: str, plan: PlanSettings) -> list[WindowUsage]:
        """The daily, hourly and minute windows of a key, without counting a call."""
        return [self._stats(identity, window) for window in _key_windows(plan)]

    def _hit_all(self, identity: str, windows: list[_Window]) -> None:
        full = [w for w in windows if not self._limiter.test(w.item, *self._ids(identity, w))]
        if full:
            longest = max((self._stats(identity, w) for w in full), key=lambda u: u.resets_at)
            raise _limited_error(longest, title=_TITLES[longest.window])
        for window in windows:
            self._limiter.hit(window.item, *self._ids(identity, window))

    def _stats(self, identity: str, window: _Window) -> WindowUsage:
        stats = self._limiter.get_window_stats(window.item, *self._ids(identity, window))
        limit = window.item.amount
        unused = stats.remaining >= limit or stats.reset_time <= time.time()
        reset = time.time() + window.item.get_expiry() if unused else stats.reset_time
        return WindowUsage(
            window=window.name,
            limit=limit,
            used=limit - stats.remaining,
            remaining=stats.remaining,
            resets_at=datetime.fromtimestamp(reset, UTC),
        )

    def _ids(self, identity: str, window: _Window) -> tuple[str, ...]:
        return (self._prefix, identity, window.scope)


def _key_windows(plan: PlanSettings) -> list[_Window]:
    return [
        _Window("daily", RateLimitItemPerDay(plan.per_day), "key"),
        _Window("hourly", RateLimitItemPerHour(plan.per_hour), "key"),
        _Window("minute", RateLimitItemPerMinute(plan.per_minute), "key"),
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
