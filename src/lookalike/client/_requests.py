"""What the sync and async clients share: request bodies, retry delays and response checks."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import httpx

from lookalike.client._errors import error_from_response
from lookalike.errors import RateLimitedError

Seed = str | Mapping[str, str]
Body = dict[str, Any]
DEFAULT_TIMEOUT = 30.0
MAX_RETRY_WAIT = 60.0


RECOMMENDATION_PATHS = {
    "contacts": "/api/recommendations/contacts",
    "companies": "/api/recommendations/companies",
}


def recommendation_body(
    kind: str,
    seeds: Sequence[Seed] | None,
    *,
    limit: int | None,
    exclude: Sequence[Seed] | None,
    filters: Mapping[str, Any] | None,
    request_id: str | None,
) -> Body:
    """The body of a recommendations request; bare strings become ``personId``/``companyId``."""
    body: Body = {}
    if seeds is not None:
        id_field = "personId" if kind == "contacts" else "companyId"
        body[kind] = [{id_field: seed} if isinstance(seed, str) else dict(seed) for seed in seeds]
    if limit is not None:
        body["limit"] = limit
    if exclude:
        body["exclude"] = [seed if isinstance(seed, str) else dict(seed) for seed in exclude]
    if filters:
        body["filters"] = dict(filters)
    if request_id is not None:
        body["requestId"] = request_id
    return body


def headers_for(api_key: str, idempotency_key: str | None = None) -> dict[str, str]:
    """Request headers: the key, and an Idempotency-Key when given."""
    headers = {"api_key": api_key, "accept": "application/json"}
    if idempotency_key:
        headers["Idempotency-Key"] = idempotency_key
    return headers


def checked_json(response: httpx.Response) -> Body:
    """The JSON body of a success, or the matching exception for an error status."""
    if response.is_success:
        body: Body = response.json()
        return body
    raise error_from_response(response)


def retry_delay(error: RateLimitedError, attempt: int, backoff: float) -> float:
    """Seconds to wait before retry ``attempt`` (0-based): Retry-After, growing exponentially."""
    return min(MAX_RETRY_WAIT, max(float(error.retry_after), backoff * 2.0**attempt))


def has_next_page(page: Body) -> bool:
    """True when a page says more results follow."""
    return bool(page.get("hasMore")) and int(page.get("count", 0)) > 0
