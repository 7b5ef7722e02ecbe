"""ASGI middleware: a body-size and body-time limit (declared and streamed), rate-limit headers,
and :func:`adding_headers`, which the middlewares that add response headers share."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import partial

import anyio
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from lookalike.api.errors import error_response

RATE_LIMIT_HEADERS_STATE = "rate_limit_headers"
RawHeader = tuple[bytes, bytes]  # (name, value) as ASGI sends them
# An answer sent before the whole body was read ends the connection: the rest of the body
# would otherwise keep it open, byte by byte.
_CLOSE = {"Connection": "close"}


class _BodyTooLargeError(Exception):
    """The streamed body passed the limit."""


class BodySizeLimitMiddleware:
    """Read each request body before the app runs: a 413 past ``max_bytes`` (by Content-Length
    and by the bytes streamed), a 408 when it is not complete within ``timeout_seconds``."""

    def __init__(self, app: ASGIApp, max_bytes: int, timeout_seconds: float | None = None) -> None:
        self.app = app
        self.max_bytes = max_bytes
        self.timeout_seconds = timeout_seconds

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if self._declared_size(scope) > self.max_bytes:
            await self._refuse(scope, receive, send)
            return
        try:
            with anyio.fail_after(self.timeout_seconds):
                buffered = await self._read_body(receive)
        except _BodyTooLargeError:
            await self._refuse(scope, receive, send)
            return
        except TimeoutError:
            await self._time_out(scope, receive, send)
            return

        async def replay() -> Message:
            return buffered.pop(0) if buffered else await receive()

        await self.app(scope, replay, send)

    async def _read_body(self, receive: Receive) -> list[Message]:
        buffered: list[Message] = []
        size = 0
        while True:
            message = await receive()
            buffered.append(message)
            if message["type"] != "http.request":
                return buffered
            size += len(message.get("body", b""))
            if size > self.max_bytes:
                raise _BodyTooLargeError
            if not message.get("more_body", False):
                return buffered

    @staticmethod
    def _declared_size(scope: Scope) -> int:
        for name, value in scope.get("headers", []):
            if name == b"content-length":
                text = value.decode("latin-1").strip()
                return int(text) if text.isdigit() else 0
        return 0

    async def _refuse(self, scope: Scope, receive: Receive, send: Send) -> None:
        response = error_response(
            413,
            f"The request body is larger than the limit of {self.max_bytes} bytes. "
            "Send fewer seeds or exclusions per request.",
            headers=_CLOSE,
        )
        await response(scope, receive, send)

    async def _time_out(self, scope: Scope, receive: Receive, send: Send) -> None:
        response = error_response(
            408,
            f"The request body was not complete within the limit of {self.timeout_seconds:g} s "
            "after its headers. Send the whole body at once, with a Content-Length that matches.",
            headers=_CLOSE,
        )
        await response(scope, receive, send)


class RateLimitHeadersMiddleware:
    """Add the rate-limit headers a dependency left in the request state to the response."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        await self.app(scope, receive, adding_headers(send, partial(_rate_limit_headers, scope)))


def _rate_limit_headers(scope: Scope, start: Message) -> list[RawHeader]:
    """The rate-limit headers of the request state that the response does not set itself."""
    extra = scope.get("state", {}).get(RATE_LIMIT_HEADERS_STATE) or {}
    existing = {name.lower() for name, _ in start.get("headers", [])}
    return [
        (name.encode("latin-1"), value.encode("latin-1"))
        for name, value in extra.items()
        if name.encode("latin-1") not in existing
    ]


def adding_headers(send: Send, headers_for: Callable[[Message], Iterable[RawHeader]]) -> Send:
    """``send``, appending ``headers_for(start)`` to the headers of the response's start message
    (the one place a middleware can still add headers to a response it did not build)."""

    async def send_with_headers(message: Message) -> None:
        if message["type"] == "http.response.start":
            extra = list(headers_for(message))
            message = {**message, "headers": [*message.get("headers", []), *extra]}
        await send(message)

    return send_with_headers
