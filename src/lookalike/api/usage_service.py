"""The account usage use case: credits from the ledger and the key's rate-limit windows."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from lookalike.api.callers import Caller
from lookalike.limits import PlanLimiter
from lookalike.store.credits import credit_totals


def account_usage(store: sa.Engine, limiter: PlanLimiter, caller: Caller) -> dict[str, Any]:
    """The ``GET /account/usage`` body for the caller's own account.

    ``usage.credits`` is this service's; the flat ``usage.used``, ``usage.total`` and
    ``usage.remaining`` beside it are the Recommendations API's form of the same numbers.
    """
    credits = _credits(store, caller)
    return {
        "usage": {"credits": credits, **credits},
        "rateLimits": _windows(limiter, caller),
    }


def lookalike_account_usage(
    store: sa.Engine, limiter: PlanLimiter, caller: Caller
) -> dict[str, Any]:
    """The ``GET /v3/account/usage`` body: credits, rate limits, plan and the price of results."""
    price = {"credits": caller.plan.credits_per_result, "perQuantity": 1}
    return {
        "credits": _credits(store, caller),
        "rateLimits": _windows(limiter, caller),
        "plan": {"category": caller.plan_name},
        "pricing": {"lookalikeContact": price, "lookalikeCompany": dict(price)},
    }


def _credits(store: sa.Engine, caller: Caller) -> dict[str, int]:
    with store.connect() as conn:
        credits = credit_totals(conn, caller.account_id)
    return {"total": credits.total, "used": credits.used, "remaining": credits.remaining}


def _windows(limiter: PlanLimiter, caller: Caller) -> dict[str, dict[str, Any]]:
    return {
        usage.window: {
            "limit": usage.limit,
            "used": usage.used,
            "remaining": usage.remaining,
            "resetsAt": usage.resets_at.isoformat(),
        }
        for usage in limiter.usage(caller.identity, caller.plan)
    }
