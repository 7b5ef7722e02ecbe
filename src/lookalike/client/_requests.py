"""What the sync and async clients share: request bodies, retry delays and response checks.

Two dialects: the Recommendations API (``requestId`` pages of ``contacts``/``companies`` seed
lists) and the V3 Lookalike API (``dedupeSessionId`` pages of identifier-list objects).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import httpx

from lookalike.client._errors import error_from_response
from lookalike.errors import RateLimitedError

Seed = str | Mapping[str, str]
Body = dict[str, Any]
# A V3 identifier-list object: {"ids": [...], "emails": [...], "linkedinUrls": [...], ...}
Identifiers = Mapping[str, Sequence[Any]]
DEFAULT_TIMEOUT = 30.0
MAX_RETRY_WAIT = 60.0


RECOMMENDATION_PATHS = {
    "contacts": "/api/recommendations/contacts",
    "companies": "/api/recommendations/companies",
}


LOOKALIKE_PATHS = {
    "contacts": "/v3/contacts/lookalike",
    "companies": "/v3/companies/lookalike",
}
LOOKALIKE_USAGE_PATH = "/v3/account/usage"
DEFAULT_LOOKALIKE_LIMIT = 25


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


def lookalike_body(
    seeds: Identifiers,
    *,
    exclude: Identifiers | None,
    limit: int,
    filters: Mapping[str, Any] | None,
    dedupe_session_id: str | None,
) -> Body:
    """The body of a V3 lookalike request; empty identifier lists are left out, and ``seeds``
    altogether when none is given (a continued session reuses its own)."""
    body: Body = {}
    if dedupe_session_id is not None:
        body["dedupeSessionId"] = dedupe_session_id
    if seed_lists := identifier_lists(seeds):
        body["seeds"] = seed_lists
    if exclude and (excluded := identifier_lists(exclude)):
        body["exclude"] = excluded
    body["limit"] = limit
    if filters:
        body["filters"] = dict(filters)
    return body


def identifier_lists(identifiers: Identifiers) -> dict[str, list[Any]]:
    """The non-empty lists of ``identifiers`` under their wire names (``linkedin_urls`` becomes
    ``linkedinUrls``); a bare string instead of a list is a TypeError, not a list of letters."""
    lists: dict[str, list[Any]] = {}
    for name, values in identifiers.items():
        if isinstance(values, str):
            raise TypeError(
                f"The identifiers {name!r} are the string {values!r}; pass a list such as "
                f"[{values!r}]."
            )
        if values:
            lists[_camel(name)] = [dict(v) if isinstance(v, Mapping) else v for v in values]
    return lists


def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part.capitalize() for part in rest)


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


def has_more_lookalikes(page: Body) -> bool:
    """True when a V3 page says its session has more results."""
    meta = page.get("meta") or {}
    return bool(meta.get("hasMore")) and int(meta.get("returned", 0)) > 0
