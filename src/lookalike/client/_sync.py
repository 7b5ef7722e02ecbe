"""The synchronous client."""

from __future__ import annotations

import time
from collections.abc import Iterator, Mapping, Sequence
from types import TracebackType
from typing import Any

import httpx

from lookalike.client._errors import unreachable_error
from lookalike.client._requests import (
    DEFAULT_TIMEOUT,
    RECOMMENDATION_PATHS,
    Body,
    Seed,
    checked_json,
    has_next_page,
    headers_for,
    recommendation_body,
    retry_delay,
)
from lookalike.errors import RateLimitedError


class LookalikeClient:
    """A client of a lookalike (or Lusha) Recommendations API, with optional retry on 429."""

    def __init__(
        self,
        api_key: str,
        base_url: str = "http://127.0.0.1:8000",
        *,
        max_retries: int = 0,
        backoff: float = 1.0,
        timeout: float = DEFAULT_TIMEOUT,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        self._api_key = api_key
        self._max_retries = max_retries
        self._backoff = backoff
        self._http = httpx.Client(base_url=base_url, timeout=timeout, transport=transport)

    def __enter__(self) -> LookalikeClient:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        """Close the connection pool."""
        self._http.close()

    def recommend_contacts(
        self,
        contacts: Sequence[Seed] | None = None,
        *,
        limit: int | None = None,
        exclude: Sequence[Seed] | None = None,
        filters: Mapping[str, Any] | None = None,
        request_id: str | None = None,
        idempotency_key: str | None = None,
    ) -> Body:
        """One page of lookalike contacts (``contacts`` are person ids or seed objects)."""
        body = recommendation_body(
            "contacts",
            contacts,
            limit=limit,
            exclude=exclude,
            filters=filters,
            request_id=request_id,
        )
        return self._request("POST", RECOMMENDATION_PATHS["contacts"], body, idempotency_key)

    def recommend_companies(
        self,
        companies: Sequence[Seed] | None = None,
        *,
        limit: int | None = None,
        exclude: Sequence[Seed] | None = None,
        filters: Mapping[str, Any] | None = None,
        request_id: str | None = None,
        idempotency_key: str | None = None,
    ) -> Body:
        """One page of lookalike companies (``companies``: ids or ``{"domain": ...}`` objects)."""
        body = recommendation_body(
            "companies",
            companies,
            limit=limit,
            exclude=exclude,
            filters=filters,
            request_id=request_id,
        )
        return self._request("POST", RECOMMENDATION_PATHS["companies"], body, idempotency_key)

    def iter_pages(
        self,
        kind: str,
        seeds: Sequence[Seed],
        *,
        limit: int | None = None,
        exclude: Sequence[Seed] | None = None,
        filters: Mapping[str, Any] | None = None,
        max_pages: int | None = None,
    ) -> Iterator[Body]:
        """Pages of one session (``kind`` is "contacts" or "companies") until none are left."""
        fetch = self.recommend_contacts if kind == "contacts" else self.recommend_companies
        page = fetch(seeds, limit=limit, exclude=exclude, filters=filters)
        pages = 1
        yield page
        while has_next_page(page) and (max_pages is None or pages < max_pages):
            page = fetch(limit=limit, request_id=page["requestId"])
            pages += 1
            yield page

    def usage(self) -> Body:
        """Credits and rate-limit windows of the key's account."""
        return self._request("GET", "/account/usage", None, None)

    def _request(
        self, method: str, path: str, body: Body | None, idempotency_key: str | None
    ) -> Body:
        headers = headers_for(self._api_key, idempotency_key)
        attempt = 0
        while True:
            try:
                response = self._http.request(method, path, json=body, headers=headers)
            except httpx.TransportError as error:
                raise unreachable_error(self._http.base_url, error) from error
            try:
                return checked_json(response)
            except RateLimitedError as error:
                if attempt >= self._max_retries:
                    raise
                time.sleep(retry_delay(error, attempt, self._backoff))
                attempt += 1
