"""``GET /account/usage`` and ``GET /v3/account/usage``: the caller's credits and rate limits."""

from __future__ import annotations

from fastapi import APIRouter

from lookalike.api.deps import ServicesDep, UsageCallerDep
from lookalike.api.routes.responses import error_responses
from lookalike.api.schemas import LookalikeUsageResponse, UsageResponse
from lookalike.api.usage_service import account_usage, lookalike_account_usage

router = APIRouter(tags=["account"])


@router.get(
    "/account/usage", response_model=UsageResponse, responses=error_responses(401, 403, 429, 500)
)
def get_usage(services: ServicesDep, caller: UsageCallerDep) -> UsageResponse:
    """Credits used and left, and the key's rate-limit windows (5 calls a minute)."""
    return account_usage(services.store, services.limiter, caller)


@router.get(
    "/v3/account/usage",
    response_model=LookalikeUsageResponse,
    responses=error_responses(401, 403, 429, 500),
)
def get_lookalike_usage(services: ServicesDep, caller: UsageCallerDep) -> LookalikeUsageResponse:
    """The V3 Lookalike API's account usage: credits, rate limits, plan and prices (5 calls a
    minute, shared with `/account/usage`)."""
    return lookalike_account_usage(services.store, services.limiter, caller)
