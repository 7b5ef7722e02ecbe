"""The asynchronous client (the same methods as LookalikeClient, awaited): the I/O of
:class:`~lookalike.client._base.BaseClient` on ``httpx.AsyncClient``."""

from __future__ import annotations

from collections.abc import AsyncIterator, Coroutine
from typing import Any, Self

import httpx
from tenacity import AsyncRetrying

from lookalike.client._base import BaseClient
from lookalike.client._requests import Body, Call, Session, checked_json, reaching, request_args


class AsyncLookalikeClient(
    BaseClient[httpx.AsyncBaseTransport, Coroutine[Any, Any, Body], AsyncIterator[Body]]
):
    """A client of a lookalike (or Lusha) Recommendations API and V3 Lookalike API, with
    optional retry on 429, for asyncio: each call returns a coroutine, each session an async
    iterator of pages."""

    _http: httpx.AsyncClient

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        """Close the connection pool."""
        await self._http.aclose()

    def _connect(
        self, base_url: str, timeout: float, transport: httpx.AsyncBaseTransport | None
    ) -> None:
        self._http = httpx.AsyncClient(base_url=base_url, timeout=timeout, transport=transport)

    async def _send(self, call: Call) -> Body:
        body: Body = await AsyncRetrying(**self._retry_policy)(self._send_once, call)
        return body

    async def _send_once(self, call: Call) -> Body:
        with reaching(self._http.base_url):
            response = await self._http.request(**request_args(self._api_key, call))
        return checked_json(response)

    async def _pages(self, session: Session) -> AsyncIterator[Body]:
        while session.next_call is not None:
            page = await self._send(session.next_call)
            yield page
            session.advance(page)
