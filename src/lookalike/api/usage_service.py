"""The account usage use case: credits from the ledger and the key's rate-limit windows."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from lookalike.api.callers import Caller
from lookalike.limits import PlanLimiter
from lookalike.store.credits import credit_totals


def account_usage(store: sa.Engine, limiter: PlanLimiter, caller: Caller) -> dict[str, Any]:
    """The ``GET /account/usage`` body for the caller's own account."""
    with store.connect() as conn:
        credits = credit_totals(conn, caller.account_id)
    windows = {
        usage.window: {
            "limit": usage.limit,
            "used": usage.used,
            "remaining": usage.remaining,
            "resetsAt": usage.resets_at.isoformat(),
        }
        for usage in limiter.usage(caller.identity, caller.plan)
    }
    return {
        "usage": {
            "credits": {
                "total": credits.total,
                "used": credits.used,
                "remaining": credits.remaining,
            }
        },
        "rateLimits": windows,
    }
