"""``POST /v3/contacts/lookalike`` and ``POST /v3/companies/lookalike`` (the V3 Lookalike API),
and the legacy paths ``/v3/lookalike/contacts`` and ``/v3/lookalike/companies`` as aliases."""

from __future__ import annotations

from anyio import to_thread
from fastapi import APIRouter, Request, Response

from lookalike.api.callers import Caller
from lookalike.api.deps import LimitedCallerDep, page_service, services_of
from lookalike.api.lookalike_schemas import (
    CompanyLookalikesRequest,
    CompanyLookalikesResponse,
    ContactLookalikesRequest,
    ContactLookalikesResponse,
    LookalikesRequest,
)
from lookalike.api.lookalike_service import LookalikeService, request_kind
from lookalike.api.routes.recommendations import IdempotencyKey, page_response
from lookalike.api.routes.responses import error_responses

router = APIRouter(prefix="/v3", tags=["lookalikes (V3)"])
_ERRORS = error_responses(400, 401, 402, 403, 404, 409, 410, 413, 429, 500, 503)


@router.post("/contacts/lookalike", response_model=ContactLookalikesResponse, responses=_ERRORS)
async def contact_lookalikes(
    body: ContactLookalikesRequest,
    caller: LimitedCallerDep,
    request: Request,
    idempotency_key: IdempotencyKey = None,
) -> Response:
    """Contacts like 5 to 100 seed contacts (by id, email, LinkedIn URL or name and company);
    `dedupeSessionId` continues a session that never returns a contact twice."""
    return await serve_lookalikes(request, caller, body, idempotency_key)


@router.post("/companies/lookalike", response_model=CompanyLookalikesResponse, responses=_ERRORS)
async def company_lookalikes(
    body: CompanyLookalikesRequest,
    caller: LimitedCallerDep,
    request: Request,
    idempotency_key: IdempotencyKey = None,
) -> Response:
    """Companies like 5 to 100 seed companies (by id, domain or LinkedIn URL);
    `dedupeSessionId` continues a session that never returns a company twice."""
    return await serve_lookalikes(request, caller, body, idempotency_key)


router.add_api_route(
    "/lookalike/contacts",
    contact_lookalikes,
    methods=["POST"],
    response_model=ContactLookalikesResponse,
    responses=_ERRORS,
    deprecated=True,
    summary="Contact Lookalikes (legacy path)",
)
router.add_api_route(
    "/lookalike/companies",
    company_lookalikes,
    methods=["POST"],
    response_model=CompanyLookalikesResponse,
    responses=_ERRORS,
    deprecated=True,
    summary="Company Lookalikes (legacy path)",
)


async def serve_lookalikes(
    request: Request, caller: Caller, body: LookalikesRequest, idempotency_key: str | None
) -> Response:
    """Run the (blocking) service on one of the app's request threads, then answer with JSON."""
    service = LookalikeService(page_service(request))
    page = await to_thread.run_sync(
        service.lookalikes,
        caller,
        request_kind(body),
        body,
        idempotency_key,
        limiter=services_of(request).request_threads,
    )
    return page_response(page)
