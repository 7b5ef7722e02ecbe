"""Typed dependencies: the app's services, the store, the authenticated caller and rate limits."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

import sqlalchemy as sa
from fastapi import Depends, Request, Security
from fastapi.security import APIKeyHeader

from lookalike.api.middleware import RATE_LIMIT_HEADERS_STATE
from lookalike.api.services import AppServices
from lookalike.errors import AuthenticationError, ForbiddenError, RateLimitedError
from lookalike.limits import rate_limit_headers
from lookalike.settings import PlanSettings
from lookalike.store.accounts import find_key_or_none

api_key_header = APIKeyHeader(
    name="api_key",
    auto_error=False,
    description="Your API key, as issued by `lookalike keys create`.",
)


@dataclass(frozen=True, slots=True)
class Caller:
    """The authenticated API key making a request, with its account and plan."""

    key_id: int
    account_id: int
    identity: str  # stable, non-secret rate-limit identity (the key's hash)
    plan_name: str
    plan: PlanSettings


def get_services(request: Request) -> AppServices:
    """The services ``create_app`` attached to the app."""
    services: AppServices = request.app.state.services
    return services


ServicesDep = Annotated[AppServices, Depends(get_services)]


def get_store(services: ServicesDep) -> sa.Engine:
    """The store engine."""
    return services.store


StoreDep = Annotated[sa.Engine, Depends(get_store)]


def authenticate(
    services: ServicesDep, api_key: Annotated[str | None, Security(api_key_header)]
) -> Caller:
    """The caller named by the ``api_key`` header; 401 when missing or unknown, 403 when revoked."""
    if not api_key:
        raise AuthenticationError(
            "The api_key header is missing. Send your API key in the api_key request header."
        )
    with services.store.connect() as conn:
        record = find_key_or_none(conn, api_key.strip())
    if record is None:
        raise AuthenticationError(
            "The API key in the api_key header is not valid. Check it, or ask the operator for one."
        )
    if record.revoked_at is not None:
        raise ForbiddenError(
            "The API key in the api_key header was revoked. Ask the operator for a new key."
        )
    plan = services.settings.plans.get(record.plan)
    if plan is None:
        raise ForbiddenError(
            f"The plan {record.plan!r} of this API key is no longer offered. "
            "Ask the operator to move the account to another plan."
        )
    return Caller(record.key_id, record.account_id, record.key_hash, record.plan, plan)


CallerDep = Annotated[Caller, Depends(authenticate)]


def rate_limited_caller(request: Request, services: ServicesDep, caller: CallerDep) -> Caller:
    """The caller, after counting this call against the limits of its plan (429 when full)."""
    try:
        usages = services.limiter.hit(caller.identity, caller.plan, request.url.path)
    except RateLimitedError:
        _remember_headers(request, services, caller)
        raise
    setattr(request.state, RATE_LIMIT_HEADERS_STATE, rate_limit_headers(usages))
    return caller


def usage_limited_caller(request: Request, services: ServicesDep, caller: CallerDep) -> Caller:
    """The caller, after counting this call against the usage endpoint's own minute limit."""
    _remember_headers(request, services, caller)
    services.limiter.hit_usage_endpoint(caller.identity, caller.plan)
    return caller


def _remember_headers(request: Request, services: ServicesDep, caller: Caller) -> None:
    usages = services.limiter.usage(caller.identity, caller.plan)
    setattr(request.state, RATE_LIMIT_HEADERS_STATE, rate_limit_headers(usages))


LimitedCallerDep = Annotated[Caller, Depends(rate_limited_caller)]
UsageCallerDep = Annotated[Caller, Depends(usage_limited_caller)]
