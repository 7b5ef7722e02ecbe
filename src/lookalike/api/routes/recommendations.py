"""``POST /api/recommendations/contacts`` and ``POST /api/recommendations/companies``."""

from __future__ import annotations

from typing import Annotated

from anyio import to_thread
from fastapi import APIRouter, Header, Request, Response
from pydantic import BaseModel

from lookalike.api.callers import Caller
from lookalike.api.deps import LimitedCallerDep, page_service, services_of
from lookalike.api.recommendation_service import RecommendationService, RecommendationsRequest
from lookalike.api.routes.responses import error_responses
from lookalike.api.schemas import (
    CompaniesRequest,
    CompaniesResponse,
    ContactsRequest,
    ContactsResponse,
)
from lookalike.contract import IDEMPOTENCY_KEY_MAX_LENGTH
from lookalike.domain import EntityKind

router = APIRouter(prefix="/api/recommendations", tags=["recommendations"])
_ERRORS = error_responses(400, 401, 402, 403, 404, 409, 413, 429, 500, 503)


IdempotencyKey = Annotated[
    str | None,
    Header(
        alias="Idempotency-Key",
        max_length=IDEMPOTENCY_KEY_MAX_LENGTH,
        description="Retrying with the same key and body within 24 h replays the first response "
        "without a second charge.",
    ),
]


@router.post("/contacts", response_model=ContactsResponse, responses=_ERRORS)
async def recommend_contacts(
    body: ContactsRequest,
    caller: LimitedCallerDep,
    request: Request,
    idempotency_key: IdempotencyKey = None,
) -> Response:
    """Lookalike contacts for 1 to 100 seed contacts; `requestId` continues a session."""
    return await serve_page(request, caller, EntityKind.CONTACTS, body, idempotency_key)


@router.post("/companies", response_model=CompaniesResponse, responses=_ERRORS)
async def recommend_companies(
    body: CompaniesRequest,
    caller: LimitedCallerDep,
    request: Request,
    idempotency_key: IdempotencyKey = None,
) -> Response:
    """Lookalike companies for 1 to 100 seed companies (by id or domain)."""
    return await serve_page(request, caller, EntityKind.COMPANIES, body, idempotency_key)


async def serve_page(
    request: Request,
    caller: Caller,
    kind: EntityKind,
    body: RecommendationsRequest,
    idempotency_key: str | None,
) -> Response:
    """Run the (blocking) service on one of the app's request threads, then answer with JSON."""
    service = RecommendationService(page_service(request))
    threads = services_of(request).request_threads
    page = await to_thread.run_sync(
        service.recommend, caller, kind, body, idempotency_key, limiter=threads
    )
    return page_response(page)


def page_response(body: BaseModel) -> Response:
    """The page's response model as JSON.

    The service builds the declared ``response_model`` itself; handing FastAPI the serialised
    model skips its second validation of the same 25 items.
    """
    return Response(body.model_dump_json(by_alias=True), media_type="application/json")
