"""Typed dependencies: the app's services, the store, the authenticated caller and rate limits.

They are ``async`` so FastAPI runs them on the event loop instead of hopping to a worker thread
for each one; only what blocks (a key not yet cached, Redis counters) goes to the thread pool.
The rate-limited caller authenticates and counts in one dependency, as each dependency FastAPI
resolves costs time on every request.
"""

from __future__ import annotations

from typing import Annotated

import sqlalchemy as sa
from fastapi import Depends, Request, Security
from fastapi.security import APIKeyHeader, HTTPAuthorizationCredentials, HTTPBearer
from starlette.concurrency import run_in_threadpool

from lookalike.api.callers import Caller, look_up_caller
from lookalike.api.middleware import RATE_LIMIT_HEADERS_STATE
from lookalike.api.page_service import PageService
from lookalike.api.services import AppServices
from lookalike.errors import AuthenticationError, RateLimitedError
from lookalike.limits import WindowUsage, rate_limit_headers
from lookalike.store.accounts import hash_key

api_key_header = APIKeyHeader(
    name="api_key",
    auto_error=False,
    description="Your API key, as issued by `lookalike keys create`.",
)
bearer_header = HTTPBearer(
    auto_error=False,
    description="The same API key as `Authorization: Bearer <key>`, for clients that send it so.",
)


async def api_key_of(
    api_key: Annotated[str | None, Security(api_key_header)],
    bearer: Annotated[HTTPAuthorizationCredentials | None, Security(bearer_header)],
) -> str | None:
    """The key from the ``api_key`` header, else from ``Authorization: Bearer``."""
    if api_key:
        return api_key
    return bearer.credentials if bearer is not None else None


ApiKey = Annotated[str | None, Depends(api_key_of)]


# Paths that are another name of an endpoint count against that endpoint's limits.
ENDPOINT_ALIASES: dict[str, str] = {
    "/v3/lookalike/contacts": "/v3/contacts/lookalike",
    "/v3/lookalike/companies": "/v3/companies/lookalike",
}


def services_of(request: Request) -> AppServices:
    """The services ``create_app`` attached to the app serving ``request``."""
    services: AppServices = request.app.state.services
    return services


def page_service(request: Request) -> PageService:
    """The page service over the app's store, reader and recommender."""
    services = services_of(request)
    return PageService(services.settings, services.store, services.recommenders, services.reader)


async def get_services(request: Request) -> AppServices:
    """The services ``create_app`` attached to the app."""
    return services_of(request)


ServicesDep = Annotated[AppServices, Depends(get_services)]


async def get_store(services: ServicesDep) -> sa.Engine:
    """The store engine."""
    return services.store


StoreDep = Annotated[sa.Engine, Depends(get_store)]


async def caller_for(services: AppServices, api_key: str | None) -> Caller:
    """The caller named by an ``api_key`` header; 401 when missing or unknown, 403 when revoked."""
    if not api_key:
        raise AuthenticationError(
            "The api_key header is missing. Send your API key in the api_key request header "
            "(or as Authorization: Bearer <key>)."
        )
    key_hash = hash_key(api_key.strip())
    caller = services.callers.get_or_none(key_hash)
    if caller is None:
        caller = await run_in_threadpool(
            look_up_caller, services.reader, services.settings, key_hash
        )
        services.callers.put(key_hash, caller)
    return caller


async def authenticate(request: Request, api_key: ApiKey) -> Caller:
    """The caller named by the ``api_key`` header; 401 when missing or unknown, 403 when revoked."""
    return await caller_for(services_of(request), api_key)


CallerDep = Annotated[Caller, Depends(authenticate)]


async def rate_limited_caller(request: Request, api_key: ApiKey) -> Caller:
    """The authenticated caller, after counting this call against its plan's limits (429).

    A call refused with a 403 (a revoked key, a plan without recommendations) counts nothing.
    """
    services = services_of(request)
    caller = await caller_for(services, api_key)
    PageService.check_plan(caller)
    limiter = services.limiter
    path: str = request.scope["path"]
    endpoint = ENDPOINT_ALIASES.get(path, path)
    try:
        if limiter.is_local:
            usages = limiter.hit(caller.identity, caller.plan, endpoint)
        else:
            usages = await run_in_threadpool(limiter.hit, caller.identity, caller.plan, endpoint)
    except RateLimitedError:
        await _remember_headers(request, services, caller)
        raise
    _set_headers(request, usages)
    return caller


async def usage_limited_caller(request: Request, caller: CallerDep) -> Caller:
    """The caller, after counting this call against the usage endpoint's own minute limit."""
    services = services_of(request)
    await _remember_headers(request, services, caller)
    limiter = services.limiter
    if limiter.is_local:
        limiter.hit_usage_endpoint(caller.identity, caller.plan)
    else:
        await run_in_threadpool(limiter.hit_usage_endpoint, caller.identity, caller.plan)
    return caller


async def _remember_headers(request: Request, services: AppServices, caller: Caller) -> None:
    limiter = services.limiter
    if limiter.is_local:
        usages = limiter.usage(caller.identity, caller.plan)
    else:
        usages = await run_in_threadpool(limiter.usage, caller.identity, caller.plan)
    _set_headers(request, usages)


def _set_headers(request: Request, usages: list[WindowUsage]) -> None:
    setattr(request.state, RATE_LIMIT_HEADERS_STATE, rate_limit_headers(usages))


LimitedCallerDep = Annotated[Caller, Depends(rate_limited_caller)]
UsageCallerDep = Annotated[Caller, Depends(usage_limited_caller)]
