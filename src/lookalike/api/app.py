"""The app factory: one FastAPI app over a store, a rate limiter and a recommender."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import timedelta

import sqlalchemy as sa
from anyio import CapacityLimiter
from fastapi import FastAPI

from lookalike import __version__
from lookalike.api.callers import DEFAULT_TTL_SECONDS, CallerCache
from lookalike.api.docs_assets import install_docs
from lookalike.api.errors import install_error_handlers
from lookalike.api.lenient_requests import LenientRequestMiddleware
from lookalike.api.metrics import MeteredRecommenderProvider
from lookalike.api.middleware import BodySizeLimitMiddleware, RateLimitHeadersMiddleware
from lookalike.api.openapi import install_openapi
from lookalike.api.outages import OutageRecoveryMiddleware
from lookalike.api.recommenders import RecommenderLike
from lookalike.api.request_log import RequestLogMiddleware
from lookalike.api.routes import entities, health, lookalikes, recommendations, usage
from lookalike.api.routes.workbench import install_workbench
from lookalike.api.services import AppServices
from lookalike.limits import LimitStorage, PlanLimiter, open_limit_storage
from lookalike.settings import Settings, load_settings
from lookalike.store.database import open_store
from lookalike.store.idempotency import delete_expired_responses
from lookalike.store.readers import create_read_engine
from lookalike.store.sessions import delete_expired_sessions

DEFAULT_REQUEST_THREADS = 4
DESCRIPTION = (
    "Lookalike contacts and companies from your own B2B data, on the wire contract of Lusha's "
    "Recommendations API, and of its successor, the V3 Lookalike API. Authenticate with the "
    "`api_key` header (or `Authorization: Bearer <key>`). Every error has the body "
    '`{"error": {"code": <status>, "message": "..."}, "statusCode": <status>, "message": "..."}`, '
    'plus `"errors": [...]`, one sentence per invalid field, on a 400.'
)


def purge_expired(store: sa.Engine, settings: Settings) -> None:
    """Forget sessions and idempotent responses that can no longer be used."""
    with store.begin() as conn:
        delete_expired_sessions(conn, timedelta(days=settings.session_ttl_days))
        delete_expired_responses(conn, timedelta(hours=settings.idempotency_ttl_hours))


def create_app(
    settings: Settings,
    recommender: RecommenderLike | None = None,
    *,
    limit_storage: LimitStorage | None = None,
    rate_limit_prefix: str = "lookalike",
    key_cache_seconds: float = DEFAULT_TTL_SECONDS,
    request_threads: int = DEFAULT_REQUEST_THREADS,
) -> FastAPI:
    """Open and migrate the store, then build the app (the recommender opens on first use).

    A valid API key is looked up at most once per ``key_cache_seconds`` per worker, so a revoked
    key is refused at most that long after ``lookalike keys revoke`` (0 looks up every call).
    At most ``request_threads`` recommendation requests run at once; more would only contend
    for the interpreter lock and the store's writer lock, so the others queue in arrival order.
    """
    store = open_store(settings)
    services = _services(
        settings,
        store,
        recommender,
        limit_storage,
        rate_limit_prefix,
        key_cache_seconds,
        request_threads,
    )

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        purge_expired(store, settings)
        yield
        store.dispose()

    app = FastAPI(
        title="lookalike Recommendations API",
        version=__version__,
        description=DESCRIPTION,
        lifespan=lifespan,
        docs_url=None,
        redoc_url=None,
    )
    app.state.services = services
    install_error_handlers(app)
    install_openapi(app)
    _install_middleware(app, settings, services)
    install_docs(app)
    app.include_router(health.router)
    app.include_router(recommendations.router)
    app.include_router(lookalikes.router)
    app.include_router(usage.router)
    app.include_router(entities.router)
    install_workbench(app)
    return app


def _services(
    settings: Settings,
    store: sa.Engine,
    recommender: RecommenderLike | None,
    limit_storage: LimitStorage | None,
    rate_limit_prefix: str,
    key_cache_seconds: float,
    request_threads: int,
) -> AppServices:
    return AppServices(
        settings=settings,
        store=store,
        reader=create_read_engine(store),
        limiter=PlanLimiter(
            limit_storage or open_limit_storage(settings),
            rate_limit_prefix,
            on_store_error=settings.limits.on_store_error,
        ),
        recommenders=MeteredRecommenderProvider(settings, recommender),
        callers=CallerCache(key_cache_seconds),
        request_threads=CapacityLimiter(request_threads),
    )


def _install_middleware(app: FastAPI, settings: Settings, services: AppServices) -> None:
    """The middleware stack, innermost first (the request log is outermost)."""
    app.add_middleware(RateLimitHeadersMiddleware)
    app.add_middleware(OutageRecoveryMiddleware, outages=services.outages)
    app.add_middleware(LenientRequestMiddleware)
    app.add_middleware(
        BodySizeLimitMiddleware,
        max_bytes=settings.max_body_bytes,
        timeout_seconds=settings.bounds.body_timeout_seconds,
    )
    app.add_middleware(RequestLogMiddleware)


def app_from_environment() -> FastAPI:
    """An app from ``LOOKALIKE_*`` settings: the factory for multi-worker servers.

    ``uvicorn --factory lookalike.api.app:app_from_environment --workers 4``
    """
    return create_app(load_settings())
