"""What the sync and async clients share and is not I/O: calls, bodies, headers, the retry
policy, response checks and where a paged session stands.

Two dialects: the Recommendations API (``requestId`` pages of ``contacts``/``companies`` seed
lists) and the V3 Lookalike API (``dedupeSessionId`` pages of identifier-list objects).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, TypedDict

import httpx
from tenacity import RetryCallState, retry_if_exception_type, stop_after_attempt, wait_exponential
from tenacity.retry import retry_base
from tenacity.stop import stop_base

from lookalike.client._errors import error_from_response, unreachable_error
from lookalike.errors import RateLimitedError

Seed = str | Mapping[str, str]
Body = dict[str, Any]
# A V3 identifier-list object: {"ids": [...], "emails": [...], "linkedinUrls": [...], ...}
Identifiers = Mapping[str, Sequence[Any]]
DEFAULT_BASE_URL = "http://127.0.0.1:8000"
DEFAULT_TIMEOUT = 30.0
MAX_RETRY_WAIT = 60.0


RECOMMENDATION_PATHS = {
    "contacts": "/api/recommendations/contacts",
    "companies": "/api/recommendations/companies",
}
USAGE_PATH = "/account/usage"


LOOKALIKE_PATHS = {
    "contacts": "/v3/contacts/lookalike",
    "companies": "/v3/companies/lookalike",
}
LOOKALIKE_USAGE_PATH = "/v3/account/usage"
DEFAULT_LOOKALIKE_LIMIT = 25


@dataclass(frozen=True)
class Call:
    """One API call before it is sent: method, path, JSON body and Idempotency-Key."""

    method: str
    path: str
    body: Body | None = None
    idempotency_key: str | None = None


class RequestArgs(TypedDict):
    """The arguments of ``httpx.Client.request`` (and the async one's) for a call."""

    method: str
    url: str
    json: Body | None
    headers: dict[str, str]


def request_args(api_key: str, call: Call) -> RequestArgs:
    """What to pass the httpx client to send ``call`` with the key."""
    headers = headers_for(api_key, call.idempotency_key)
    return RequestArgs(method=call.method, url=call.path, json=call.body, headers=headers)


def recommendation_call(
    kind: str,
    seeds: Sequence[Seed] | None,
    *,
    limit: int | None,
    exclude: Sequence[Seed] | None = None,
    filters: Mapping[str, Any] | None = None,
    request_id: str | None = None,
    idempotency_key: str | None = None,
) -> Call:
    """A recommendations call (``kind`` is "contacts" or "companies")."""
    body = recommendation_body(
        kind, seeds, limit=limit, exclude=exclude, filters=filters, request_id=request_id
    )
    return Call("POST", RECOMMENDATION_PATHS[kind], body, idempotency_key)


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


def lookalike_call(
    kind: str,
    seeds: Identifiers,
    *,
    limit: int,
    exclude: Identifiers | None = None,
    filters: Mapping[str, Any] | None = None,
    dedupe_session_id: str | None = None,
    idempotency_key: str | None = None,
) -> Call:
    """A V3 lookalike call (``kind`` is "contacts" or "companies")."""
    body = lookalike_body(
        seeds,
        exclude=exclude,
        limit=limit,
        filters=filters,
        dedupe_session_id=dedupe_session_id,
    )
    return Call("POST", LOOKALIKE_PATHS[kind], body, idempotency_key)


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


@contextmanager
def reaching(base_url: httpx.URL) -> Iterator[None]:
    """Turn a transport failure inside the block into the ServerError of an unreachable API."""
    try:
        yield
    except httpx.TransportError as error:
        raise unreachable_error(base_url, error) from error


class RetryPolicy(TypedDict):
    """The options of ``tenacity.Retrying`` and ``tenacity.AsyncRetrying`` the clients share."""

    retry: retry_base
    stop: stop_base
    wait: Callable[[RetryCallState], float]
    reraise: bool


def retry_policy(max_retries: int, backoff: float) -> RetryPolicy:
    """Retry a 429 (only) up to ``max_retries`` times, then re-raise it. Before retry ``n``
    (0-based) wait its Retry-After or ``backoff * 2**n`` seconds, whichever is longer, and never
    more than MAX_RETRY_WAIT."""
    exponential = wait_exponential(multiplier=backoff, max=MAX_RETRY_WAIT)

    def wait(state: RetryCallState) -> float:
        return min(MAX_RETRY_WAIT, max(_retry_after(state), exponential(state)))

    return RetryPolicy(
        retry=retry_if_exception_type(RateLimitedError),
        stop=stop_after_attempt(max_retries + 1),
        wait=wait,
        reraise=True,
    )


def _retry_after(state: RetryCallState) -> float:
    error = state.outcome.exception() if state.outcome else None
    return float(error.retry_after) if isinstance(error, RateLimitedError) else 0.0


@dataclass
class Session:
    """Where a paged session stands: the call of its next page, or None once it is done (the
    last page said no more results follow, or ``max_pages`` pages were fetched)."""

    next_call: Call | None
    follow: Callable[[Body], Call | None]
    max_pages: int | None
    pages: int = 0

    def advance(self, page: Body) -> None:
        """Take in the page the next call fetched."""
        self.pages += 1
        allowed = self.max_pages is None or self.pages < self.max_pages
        self.next_call = self.follow(page) if allowed else None


def recommendation_session(
    kind: str, first: Call, limit: int | None, max_pages: int | None
) -> Session:
    """A recommendations session from its first call, followed by ``requestId``."""

    def follow(page: Body) -> Call | None:
        if not has_next_page(page):
            return None
        return recommendation_call(kind, None, limit=limit, request_id=page["requestId"])

    return Session(first, follow, max_pages)


def lookalike_session(kind: str, first: Call, limit: int, max_pages: int | None) -> Session:
    """A V3 session from its first call, followed by ``dedupeSessionId``."""

    def follow(page: Body) -> Call | None:
        if not has_more_lookalikes(page):
            return None
        return lookalike_call(kind, {}, limit=limit, dedupe_session_id=page["dedupeSessionId"])

    return Session(first, follow, max_pages)


def has_next_page(page: Body) -> bool:
    """True when a page says more results follow."""
    return bool(page.get("hasMore")) and int(page.get("count", 0)) > 0


def has_more_lookalikes(page: Body) -> bool:
    """True when a V3 page says its session has more results."""
    meta = page.get("meta") or {}
    return bool(meta.get("hasMore")) and int(meta.get("returned", 0)) > 0
