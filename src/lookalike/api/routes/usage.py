"""``GET /account/usage``: the caller's credits and rate-limit windows."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from lookalike.api.deps import ServicesDep, UsageCallerDep
from lookalike.api.routes.responses import error_responses
from lookalike.api.schemas import UsageResponse
from lookalike.api.usage_service import account_usage

router = APIRouter(tags=["account"])


@router.get(
    "/account/usage", response_model=UsageResponse, responses=error_responses(401, 403, 429, 500)
)
def get_usage(services: ServicesDep, caller: UsageCallerDep) -> Any:
    """Credits used and left, and the key's rate-limit windows (5 calls a minute)."""
    return account_usage(services.store, services.limiter, caller)
