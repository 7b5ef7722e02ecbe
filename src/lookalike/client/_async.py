"""The asynchronous client (same methods as LookalikeClient, awaited)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping, Sequence
from types import TracebackType
from typing import Any

import httpx

from lookalike.client._errors import unreachable_error
from lookalike.client._requests import (
    DEFAULT_LOOKALIKE_LIMIT,
    DEFAULT_TIMEOUT,
    LOOKALIKE_PATHS,
    LOOKALIKE_USAGE_PATH,
    RECOMMENDATION_PATHS,
    Body,
    Identifiers,
    Seed,
    checked_json,
    has_more_lookalikes,
    has_next_page,
    headers_for,
    lookalike_body,
    recommendation_body,
    retry_delay,
)
from lookalike.errors import RateLimitedError


class AsyncLookalikeClient:
    """A client of a lookalike (or Lusha) Recommendations API and V3 Lookalike API, with
    optional retry on 429."""

    def __init__(
        self,
        api_key: str,
        base_url: str = "http://127.0.0.1:8000",
        *,
        max_retries: int = 0,
        backoff: float = 1.0,
        timeout: float = DEFAULT_TIMEOUT,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        self._api_key = api_key
        self._max_retries = max_retries
        self._backoff = backoff
        self._http = httpx.AsyncClient(base_url=base_url, timeout=timeout, transport=transport)

    async def __aenter__(self) -> AsyncLookalikeClient:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        """Close the connection pool."""
        await self._http.aclose()

    async def recommend_contacts(
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
        return await self._request("POST", RECOMMENDATION_PATHS["contacts"], body, idempotency_key)

    async def recommend_companies(
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
        return await self._request("POST", RECOMMENDATION_PATHS["companies"], body, idempotency_key)

    async def iter_pages(
        self,
        kind: str,
        seeds: Sequence[Seed],
        *,
        limit: int | None = None,
        exclude: Sequence[Seed] | None = None,
        filters: Mapping[str, Any] | None = None,
        max_pages: int | None = None,
    ) -> AsyncIterator[Body]:
        """Pages of one session (``kind`` is "contacts" or "companies") until none are left."""
        fetch = self.recommend_contacts if kind == "contacts" else self.recommend_companies
        page = await fetch(seeds, limit=limit, exclude=exclude, filters=filters)
        pages = 1
        yield page
        while has_next_page(page) and (max_pages is None or pages < max_pages):
            page = await fetch(limit=limit, request_id=page["requestId"])
            pages += 1
            yield page

    async def usage(self) -> Body:
        """Credits and rate-limit windows of the key's account."""
        return await self._request("GET", "/account/usage", None, None)

    async def contact_lookalikes(
        self,
        *,
        ids: Sequence[str] = (),
        emails: Sequence[str] = (),
        linkedin_urls: Sequence[str] = (),
        contacts: Sequence[Mapping[str, str]] = (),
        exclude: Identifiers | None = None,
        limit: int = DEFAULT_LOOKALIKE_LIMIT,
        filters: Mapping[str, Any] | None = None,
        dedupe_session_id: str | None = None,
        idempotency_key: str | None = None,
    ) -> Body:
        """One V3 page of contacts like the seeds (5 to 100 on a first call; ``contacts`` are
        ``{"firstName", "lastName", "companyDomain" or "companyName"}``); pass the page's
        ``dedupeSessionId`` to continue the session, with or without new seeds."""
        seeds = {"ids": ids, "emails": emails, "linkedinUrls": linkedin_urls, "contacts": contacts}
        body = lookalike_body(
            seeds,
            exclude=exclude,
            limit=limit,
            filters=filters,
            dedupe_session_id=dedupe_session_id,
        )
        return await self._request("POST", LOOKALIKE_PATHS["contacts"], body, idempotency_key)

    async def company_lookalikes(
        self,
        *,
        ids: Sequence[str] = (),
        domains: Sequence[str] = (),
        linkedin_urls: Sequence[str] = (),
        exclude: Identifiers | None = None,
        limit: int = DEFAULT_LOOKALIKE_LIMIT,
        filters: Mapping[str, Any] | None = None,
        dedupe_session_id: str | None = None,
        idempotency_key: str | None = None,
    ) -> Body:
        """One V3 page of companies like the seeds (5 to 100 on a first call); pass the page's
        ``dedupeSessionId`` to continue the session, with or without new seeds."""
        seeds = {"ids": ids, "domains": domains, "linkedinUrls": linkedin_urls}
        body = lookalike_body(
            seeds,
            exclude=exclude,
            limit=limit,
            filters=filters,
            dedupe_session_id=dedupe_session_id,
        )
        return await self._request("POST", LOOKALIKE_PATHS["companies"], body, idempotency_key)

    async def iter_contact_lookalikes(
        self,
        *,
        ids: Sequence[str] = (),
        emails: Sequence[str] = (),
        linkedin_urls: Sequence[str] = (),
        contacts: Sequence[Mapping[str, str]] = (),
        exclude: Identifiers | None = None,
        limit: int = DEFAULT_LOOKALIKE_LIMIT,
        filters: Mapping[str, Any] | None = None,
        max_pages: int | None = None,
    ) -> AsyncIterator[Body]:
        """V3 pages of one session, following its ``dedupeSessionId`` until ``meta.hasMore`` is
        false (or ``max_pages`` pages)."""
        first = await self.contact_lookalikes(
            ids=ids,
            emails=emails,
            linkedin_urls=linkedin_urls,
            contacts=contacts,
            exclude=exclude,
            limit=limit,
            filters=filters,
        )
        async for page in self._follow_session(self.contact_lookalikes, first, limit, max_pages):
            yield page

    async def iter_company_lookalikes(
        self,
        *,
        ids: Sequence[str] = (),
        domains: Sequence[str] = (),
        linkedin_urls: Sequence[str] = (),
        exclude: Identifiers | None = None,
        limit: int = DEFAULT_LOOKALIKE_LIMIT,
        filters: Mapping[str, Any] | None = None,
        max_pages: int | None = None,
    ) -> AsyncIterator[Body]:
        """V3 pages of one session, following its ``dedupeSessionId`` until ``meta.hasMore`` is
        false (or ``max_pages`` pages)."""
        first = await self.company_lookalikes(
            ids=ids,
            domains=domains,
            linkedin_urls=linkedin_urls,
            exclude=exclude,
            limit=limit,
            filters=filters,
        )
        async for page in self._follow_session(self.company_lookalikes, first, limit, max_pages):
            yield page

    async def lookalike_usage(self) -> Body:
        """The V3 account usage: credits, rate-limit windows, plan and prices."""
        return await self._request("GET", LOOKALIKE_USAGE_PATH, None, None)

    @staticmethod
    async def _follow_session(
        fetch: Callable[..., Awaitable[Body]], page: Body, limit: int, max_pages: int | None
    ) -> AsyncIterator[Body]:
        pages = 1
        yield page
        while has_more_lookalikes(page) and (max_pages is None or pages < max_pages):
            page = await fetch(limit=limit, dedupe_session_id=page["dedupeSessionId"])
            pages += 1
            yield page

    async def _request(
        self, method: str, path: str, body: Body | None, idempotency_key: str | None
    ) -> Body:
        headers = headers_for(self._api_key, idempotency_key)
        attempt = 0
        while True:
            try:
                response = await self._http.request(method, path, json=body, headers=headers)
            except httpx.TransportError as error:
                raise unreachable_error(self._http.base_url, error) from error
            try:
                return checked_json(response)
            except RateLimitedError as error:
                if attempt >= self._max_retries:
                    raise
                await asyncio.sleep(retry_delay(error, attempt, self._backoff))
                attempt += 1
