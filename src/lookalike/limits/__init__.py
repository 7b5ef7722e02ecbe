"""Rate limits per API key and plan: in-process counters, or Redis when workers share limits."""

from lookalike.limits.counters import LimitStorage
from lookalike.limits.limiter import PlanLimiter, WindowUsage, rate_limit_headers
from lookalike.limits.storage import memory_storage, open_limit_storage

__all__ = [
    "LimitStorage",
    "PlanLimiter",
    "WindowUsage",
    "memory_storage",
    "open_limit_storage",
    "rate_limit_headers",
]
