"""The synchronous client: the I/O of :class:`~lookalike.client._base.BaseClient` on
``httpx.Client``."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Self

import httpx
from tenacity import Retrying

from lookalike.client._base import BaseClient
from lookalike.client._requests import Body, Call, Session, checked_json, reaching, request_args


class LookalikeClient(BaseClient[httpx.BaseTransport, Body, Iterator[Body]]):
    """A client of a lookalike (or Lusha) Recommendations API and V3 Lookalike API, with
    optional retry on 429."""

    _http: httpx.Client

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        """Close the connection pool."""
        self._http.close()

    def _connect(
        self, base_url: str, timeout: float, transport: httpx.BaseTransport | None
    ) -> None:
        self._http = httpx.Client(base_url=base_url, timeout=timeout, transport=transport)

    def _send(self, call: Call) -> Body:
        return Retrying(**self._retry_policy)(self._send_once, call)

    def _send_once(self, call: Call) -> Body:
        with reaching(self._http.base_url):
            response = self._http.request(**request_args(self._api_key, call))
        return checked_json(response)

    def _pages(self, session: Session) -> Iterator[Body]:
        while session.next_call is not None:
            page = self._send(session.next_call)
            yield page
            session.advance(page)
