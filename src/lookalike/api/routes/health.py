"""``/livez``, ``/readyz``, ``/version``, ``/metrics``: no key, never rate-limited or charged."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import JSONResponse, Response

from lookalike.api.deps import ServicesDep
from lookalike.api.health import (
    LiveResponse,
    ReadyResponse,
    VersionResponse,
    generation_of_or_none,
    readiness,
    version_info,
)
from lookalike.api.metrics import CONTENT_TYPE, observe_index, scrape
from lookalike.errors import LookalikeError

OPERATIONS_TAG = "operations"
router = APIRouter(tags=[OPERATIONS_TAG])


@router.get("/livez", response_model=LiveResponse)
async def get_livez() -> LiveResponse:
    """200 while the process serves HTTP; says nothing about its dependencies."""
    return LiveResponse()


@router.get(
    "/readyz",
    response_model=ReadyResponse,
    responses={503: {"model": ReadyResponse, "description": "A check failed."}},
)
def get_readyz(services: ServicesDep) -> JSONResponse:
    """200 when the database, the rate-limit store and an up-to-date index are all there;
    503 naming the failed checks otherwise."""
    result = readiness(services)
    status = 200 if result.status == "ready" else 503
    return JSONResponse(result.model_dump(mode="json", by_alias=True), status_code=status)


@router.get("/version", response_model=VersionResponse, response_model_by_alias=True)
def get_version(services: ServicesDep) -> VersionResponse:
    """The package version, the store's schema revision and the loaded index generation."""
    return version_info(services)


@router.get(
    "/metrics",
    response_class=Response,
    responses={200: {"content": {CONTENT_TYPE: {}}, "description": "Prometheus text format."}},
)
def get_metrics(services: ServicesDep) -> Response:
    """Request, engine, credit and index metrics in the Prometheus text format."""
    try:
        generation = generation_of_or_none(services.recommenders.get())
    except LookalikeError:
        generation = None
    if generation is not None:
        observe_index(generation.manifest)
    return Response(scrape(), media_type=CONTENT_TYPE)
