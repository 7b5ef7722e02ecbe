"""The account usage use case: credits from the ledger and the key's rate-limit windows."""

from __future__ import annotations

import sqlalchemy as sa

from lookalike.api.callers import Caller
from lookalike.api.schemas import (
    CreditsOut,
    LookalikeUsageResponse,
    PlanOut,
    PriceOut,
    RateLimitsOut,
    RateWindowOut,
    UsageOut,
    UsageResponse,
)
from lookalike.limits import PlanLimiter
from lookalike.store.credits import credit_totals


def account_usage(store: sa.Engine, limiter: PlanLimiter, caller: Caller) -> UsageResponse:
    """The ``GET /account/usage`` body for the caller's own account.

    ``usage.credits`` is this service's; the flat ``usage.used``, ``usage.total`` and
    ``usage.remaining`` beside it are the Recommendations API's form of the same numbers.
    """
    credits = _credits(store, caller)
    usage = UsageOut(
        credits=credits, total=credits.total, used=credits.used, remaining=credits.remaining
    )
    return UsageResponse(usage=usage, rate_limits=_windows(limiter, caller))


def lookalike_account_usage(
    store: sa.Engine, limiter: PlanLimiter, caller: Caller
) -> LookalikeUsageResponse:
    """The ``GET /v3/account/usage`` body: credits, rate limits, plan and the price of results."""
    price = PriceOut(credits=caller.plan.credits_per_result, per_quantity=1)
    return LookalikeUsageResponse(
        credits=_credits(store, caller),
        rate_limits=_windows(limiter, caller),
        plan=PlanOut(category=caller.plan_name),
        pricing={"lookalikeContact": price, "lookalikeCompany": price},
    )


def _credits(store: sa.Engine, caller: Caller) -> CreditsOut:
    with store.connect() as conn:
        credits = credit_totals(conn, caller.account_id)
    return CreditsOut(total=credits.total, used=credits.used, remaining=credits.remaining)


def _windows(limiter: PlanLimiter, caller: Caller) -> RateLimitsOut:
    windows = {
        usage.window: RateWindowOut(
            limit=usage.limit,
            used=usage.used,
            remaining=usage.remaining,
            resets_at=usage.resets_at,
        )
        for usage in limiter.usage(caller.identity, caller.plan)
    }
    return RateLimitsOut(**windows)
