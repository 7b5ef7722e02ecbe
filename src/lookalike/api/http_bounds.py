"""The HTTP/1.1 protocol ``lookalike serve`` runs: uvicorn's httptools protocol, bounded.

Under httptools, uvicorn bounds neither the size nor the count of a request's headers (llhttp
buffers a 32 MB header and hands it on), nor the time a client takes to send them: a connection
that sends half a request line is held until the client gives up. This protocol answers, before
any application code runs, with the JSON error envelope and ``Connection: close``:

- 431 when a request's head (request line and headers) passes ``max_header_bytes``, or its
  headers pass ``max_header_count``;
- 408 when a request's head is not complete ``header_timeout_seconds`` after the connection
  opened or after the first byte of the head came (a connection that sent nothing is closed);
- 503 to the first request of a connection opened while ``max_connections`` were open.

A keep-alive connection idle for ``keep_alive_seconds`` is closed (uvicorn's own timer). The
body's time is bounded by :class:`~lookalike.api.middleware.BodySizeLimitMiddleware` (408),
which reads every body before the app runs. uvicorn's ``limit_concurrency`` is not used: it
answers in plain text, and counts the connection asking.
"""

from __future__ import annotations

import asyncio
import json
from dataclasses import dataclass
from http import HTTPStatus
from typing import Any

import httptools
from uvicorn.config import Config
from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol
from uvicorn.server import ServerState

from lookalike.api.errors import error_body
from lookalike.settings import BoundsSettings


class _HeadRefusedError(Exception):
    """Raised from a parser callback: stops parsing a request head that is answered here."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


class BoundedHttpToolsProtocol(HttpToolsProtocol):
    """uvicorn's httptools protocol with the bounds of :class:`BoundsSettings` on each head."""

    def __init__(
        self,
        config: Config,
        server_state: ServerState,
        app_state: dict[str, Any],
        _loop: asyncio.AbstractEventLoop | None = None,
        *,
        bounds: BoundsSettings,
    ) -> None:
        super().__init__(config, server_state, app_state, _loop)
        self.bounds = bounds
        # uvicorn arms this after each response; its own setting is whole seconds only.
        self.timeout_keep_alive = bounds.keep_alive_seconds  # type: ignore[assignment]
        self._head_open = True  # waiting for, or reading, a request head
        self._head_begun = False  # a byte of the current head has been parsed
        self._streamed_head_bytes = 0  # bytes received while the head is open
        self._parsed_head_bytes = 0  # URL and header bytes the parser handed on
        self._head_timer: asyncio.TimerHandle | None = None
        self._over_capacity = False

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        """Count the connection against ``max_connections`` and start the head clock."""
        super().connection_made(transport)
        self._over_capacity = len(self.connections) > self.bounds.max_connections
        self._start_head_timer()

    def connection_lost(self, exc: Exception | None) -> None:
        """Stop the head clock, then let uvicorn clean up."""
        self._cancel_head_timer()
        super().connection_lost(exc)

    def data_received(self, data: bytes) -> None:
        """Feed the parser, answering a head over its bounds (uvicorn's, plus the head's)."""
        self._unset_keepalive_if_required()
        if self._head_open:
            self._streamed_head_bytes += len(data)
        if self._head_open or self._answered_before_body_end():
            self._start_head_timer()
        try:
            self.parser.feed_data(data)
        except httptools.HttpParserCallbackError as error:
            self._parse_failed(error.__context__)
        except httptools.HttpParserError:
            self._parse_failed(None)
        except httptools.HttpParserUpgrade:
            if self._should_upgrade():
                self.handle_websocket_upgrade()
            else:
                self._unsupported_upgrade_warning()
        else:
            if self._head_open and self._streamed_head_bytes > self.bounds.max_header_bytes:
                self._refuse(*_too_large(self.bounds))

    # Parser callbacks
    def on_message_begin(self) -> None:
        """A request head begins."""
        super().on_message_begin()
        self._head_begun = True

    def on_url(self, url: bytes) -> None:
        """Count the URL into the head's size."""
        super().on_url(url)
        self._count_parsed(len(url))

    def on_header(self, name: bytes, value: bytes) -> None:
        """Count the header into the head's size and the header count."""
        super().on_header(name, value)
        self._count_parsed(len(name) + len(value) + 4)
        if len(self.headers) > self.bounds.max_header_count:
            raise _HeadRefusedError(
                431,
                f"The request has more than {self.bounds.max_header_count} headers, the limit. "
                "Send fewer headers.",
            )

    def on_headers_complete(self) -> None:
        """The head is complete: stop its clock; refuse it when over capacity, else run it."""
        self._cancel_head_timer()
        self._head_open = self._head_begun = False
        self._streamed_head_bytes = self._parsed_head_bytes = 0
        if self._over_capacity:
            raise _HeadRefusedError(
                503,
                f"The server has its limit of {self.bounds.max_connections} connections open. "
                "Retry in a few seconds.",
            )
        super().on_headers_complete()

    def on_message_complete(self) -> None:
        """The request is read: the next bytes begin a new head."""
        super().on_message_complete()
        self._head_open = True

    # Bounds
    def _count_parsed(self, size: int) -> None:
        self._parsed_head_bytes += size
        if self._parsed_head_bytes > self.bounds.max_header_bytes:
            raise _HeadRefusedError(*_too_large(self.bounds))

    def _answered_before_body_end(self) -> bool:
        # The rest of a body that was answered already: bounded by the head clock too, else
        # each byte would restart the keep-alive timer.
        return self.cycle is not None and self.cycle.response_complete

    def _start_head_timer(self) -> None:
        if self._head_timer is None:
            timeout = self.bounds.header_timeout_seconds
            self._head_timer = self.loop.call_later(timeout, self._head_timed_out)

    def _cancel_head_timer(self) -> None:
        if self._head_timer is not None:
            self._head_timer.cancel()
            self._head_timer = None

    def _head_timed_out(self) -> None:
        self._head_timer = None
        if self.cycle is not None and not self.cycle.response_complete:
            # A pipelined head waits for the response under way; the client is not at fault.
            self._start_head_timer()
        elif self._head_begun:
            seconds = self.bounds.header_timeout_seconds
            self._refuse(
                408,
                f"The request headers were not complete within the limit of {seconds:g} s. "
                "Send the whole request at once.",
            )
        elif not self.transport.is_closing():
            self.transport.close()  # nothing was asked: nothing to answer

    def _parse_failed(self, cause: BaseException | None) -> None:
        if isinstance(cause, _HeadRefusedError):
            self._refuse(cause.status, cause.message)
            return
        message = "Invalid HTTP request received."
        self.logger.warning(message)
        self.send_400_response(message)

    def _refuse(self, status: int, message: str) -> None:
        """Answer ``status`` with the error envelope, then close the connection."""
        self._cancel_head_timer()
        if self.transport.is_closing():
            return
        self.logger.warning("Refused a request with %d: %s", status, message)
        body = json.dumps(error_body(status, message)).encode()
        headers = [
            *self.server_state.default_headers,
            (b"content-type", b"application/json"),
            (b"content-length", str(len(body)).encode("ascii")),
            (b"connection", b"close"),
        ]
        if status == 503:
            headers.append((b"retry-after", b"1"))
        lines = [f"HTTP/1.1 {status} {HTTPStatus(status).phrase}".encode("ascii")]
        lines += [name + b": " + value for name, value in headers]
        self.transport.write(b"\r\n".join(lines) + b"\r\n\r\n" + body)
        self.transport.close()


def _too_large(bounds: BoundsSettings) -> tuple[int, str]:
    return (
        431,
        f"The request line and headers are larger than the limit of {bounds.max_header_bytes} "
        "bytes. Send shorter headers (or a shorter URL).",
    )


@dataclass(frozen=True)
class BoundedProtocolFactory:
    """Makes a :class:`BoundedHttpToolsProtocol` per connection, as uvicorn makes its own.

    uvicorn calls its ``http`` option like a protocol class; an instance of this (picklable)
    class carries the bounds to the worker processes ``--workers`` starts.
    """

    bounds: BoundsSettings

    def __call__(
        self,
        config: Config,
        server_state: ServerState,
        app_state: dict[str, Any],
        _loop: asyncio.AbstractEventLoop | None = None,
    ) -> BoundedHttpToolsProtocol:
        """A protocol for one new connection."""
        return BoundedHttpToolsProtocol(config, server_state, app_state, _loop, bounds=self.bounds)


def uvicorn_options(bounds: BoundsSettings) -> dict[str, Any]:
    """The ``uvicorn.run`` / ``uvicorn.Config`` options that hold ``bounds`` on every connection.

    The bounded protocol replaces uvicorn's ``http`` choice: httptools, what ``auto`` picks with
    ``uvicorn[standard]``, so the service parses requests as it did. It sets the keep-alive time
    itself (uvicorn's ``timeout_keep_alive`` takes whole seconds only).
    """
    return {"http": BoundedProtocolFactory(bounds)}
