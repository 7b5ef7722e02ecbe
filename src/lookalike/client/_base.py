"""The public methods of both clients, written once over three I/O methods each client has.

A method builds its :class:`~lookalike.client._requests.Call` (or paged ``Session``) and hands
it to ``_send`` (or ``_pages``): the sync client returns the body (an iterator of pages), the
async one a coroutine of it (an async iterator). Only the type parameters tell them apart.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Mapping, Sequence
from typing import Any, Generic, TypeVar

from lookalike.client._requests import (
    DEFAULT_BASE_URL,
    DEFAULT_LOOKALIKE_LIMIT,
    DEFAULT_TIMEOUT,
    LOOKALIKE_USAGE_PATH,
    USAGE_PATH,
    Call,
    Identifiers,
    Seed,
    Session,
    lookalike_call,
    lookalike_session,
    recommendation_call,
    recommendation_session,
    retry_policy,
)

TransportT = TypeVar("TransportT")
ResultT = TypeVar("ResultT")
PagesT = TypeVar("PagesT")


class BaseClient(ABC, Generic[TransportT, ResultT, PagesT]):
    """The client's methods for an httpx transport type (``TransportT``), what a call returns
    (``ResultT``) and what a session's pages come as (``PagesT``)."""

    def __init__(
        self,
        api_key: str,
        base_url: str = DEFAULT_BASE_URL,
        *,
        max_retries: int = 0,
        backoff: float = 1.0,
        timeout: float = DEFAULT_TIMEOUT,
        transport: TransportT | None = None,
    ) -> None:
        self._api_key = api_key
        self._retry_policy = retry_policy(max_retries, backoff)
        self._connect(base_url, timeout, transport)

    @abstractmethod
    def _connect(self, base_url: str, timeout: float, transport: TransportT | None) -> None:
        """Open the httpx client (``self._http``)."""

    @abstractmethod
    def _send(self, call: Call) -> ResultT:
        """Send a call, retrying a 429 by the retry policy: the body, or the error raised."""

    @abstractmethod
    def _pages(self, session: Session) -> PagesT:
        """The pages of a session, fetched as they are asked for."""

    def recommend_contacts(
        self,
        contacts: Sequence[Seed] | None = None,
        *,
        limit: int | None = None,
        exclude: Sequence[Seed] | None = None,
        filters: Mapping[str, Any] | None = None,
        request_id: str | None = None,
        idempotency_key: str | None = None,
    ) -> ResultT:
        """One page of lookalike contacts (``contacts`` are person ids or seed objects)."""
        return self._send(
            recommendation_call(
                "contacts",
                contacts,
                limit=limit,
                exclude=exclude,
                filters=filters,
                request_id=request_id,
                idempotency_key=idempotency_key,
            )
        )

    def recommend_companies(
        self,
        companies: Sequence[Seed] | None = None,
        *,
        limit: int | None = None,
        exclude: Sequence[Seed] | None = None,
        filters: Mapping[str, Any] | None = None,
        request_id: str | None = None,
        idempotency_key: str | None = None,
    ) -> ResultT:
        """One page of lookalike companies (``companies``: ids or ``{"domain": ...}`` objects)."""
        return self._send(
            recommendation_call(
                "companies",
                companies,
                limit=limit,
                exclude=exclude,
                filters=filters,
                request_id=request_id,
                idempotency_key=idempotency_key,
            )
        )

    def iter_pages(
        self,
        kind: str,
        seeds: Sequence[Seed],
        *,
        limit: int | None = None,
        exclude: Sequence[Seed] | None = None,
        filters: Mapping[str, Any] | None = None,
        max_pages: int | None = None,
    ) -> PagesT:
        """Pages of one session (``kind`` is "contacts" or "companies") until none are left."""
        kind = "contacts" if kind == "contacts" else "companies"
        first = recommendation_call(kind, seeds, limit=limit, exclude=exclude, filters=filters)
        return self._pages(recommendation_session(kind, first, limit, max_pages))

    def usage(self) -> ResultT:
        """Credits and rate-limit windows of the key's account."""
        return self._send(Call("GET", USAGE_PATH))

    def contact_lookalikes(
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
    ) -> ResultT:
        """One V3 page of contacts like the seeds (5 to 100 on a first call; ``contacts`` are
        ``{"firstName", "lastName", "companyDomain" or "companyName"}``); pass the page's
        ``dedupeSessionId`` to continue the session, with or without new seeds."""
        seeds = {"ids": ids, "emails": emails, "linkedinUrls": linkedin_urls, "contacts": contacts}
        return self._send(
            lookalike_call(
                "contacts",
                seeds,
                exclude=exclude,
                limit=limit,
                filters=filters,
                dedupe_session_id=dedupe_session_id,
                idempotency_key=idempotency_key,
            )
        )

    def company_lookalikes(
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
    ) -> ResultT:
        """One V3 page of companies like the seeds (5 to 100 on a first call); pass the page's
        ``dedupeSessionId`` to continue the session, with or without new seeds."""
        seeds = {"ids": ids, "domains": domains, "linkedinUrls": linkedin_urls}
        return self._send(
            lookalike_call(
                "companies",
                seeds,
                exclude=exclude,
                limit=limit,
                filters=filters,
                dedupe_session_id=dedupe_session_id,
                idempotency_key=idempotency_key,
            )
        )

    def iter_contact_lookalikes(
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
    ) -> PagesT:
        """V3 pages of one session, following its ``dedupeSessionId`` until ``meta.hasMore`` is
        false (or ``max_pages`` pages)."""
        seeds = {"ids": ids, "emails": emails, "linkedinUrls": linkedin_urls, "contacts": contacts}
        first = lookalike_call("contacts", seeds, exclude=exclude, limit=limit, filters=filters)
        return self._pages(lookalike_session("contacts", first, limit, max_pages))

    def iter_company_lookalikes(
        self,
        *,
        ids: Sequence[str] = (),
        domains: Sequence[str] = (),
        linkedin_urls: Sequence[str] = (),
        exclude: Identifiers | None = None,
        limit: int = DEFAULT_LOOKALIKE_LIMIT,
        filters: Mapping[str, Any] | None = None,
        max_pages: int | None = None,
    ) -> PagesT:
        """V3 pages of one session, following its ``dedupeSessionId`` until ``meta.hasMore`` is
        false (or ``max_pages`` pages)."""
        seeds = {"ids": ids, "domains": domains, "linkedinUrls": linkedin_urls}
        first = lookalike_call("companies", seeds, exclude=exclude, limit=limit, filters=filters)
        return self._pages(lookalike_session("companies", first, limit, max_pages))

    def lookalike_usage(self) -> ResultT:
        """The V3 account usage: credits, rate-limit windows, plan and prices."""
        return self._send(Call("GET", LOOKALIKE_USAGE_PATH))
