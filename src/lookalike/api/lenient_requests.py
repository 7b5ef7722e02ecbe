"""ASGI middleware: read requests the way existing Lusha integrations send them.

- A path with a trailing slash reaches the route without it (no redirect).
- A recommendations POST with an empty body takes its fields from the query string, in the
  bracketed form of ``lookalike.api.bracket_form`` (Pipedream's Lusha actions send that).
- A body in that bracketed form with ``Content-Type: application/x-www-form-urlencoded`` is read
  the same way; any other body is read as JSON, whatever its ``Content-Type`` says.
- A body that is not UTF-8 or not JSON, nested too deeply or holding a number too large to read
  is a 400 saying which, and where (line and column).

The routes then validate the resulting JSON as usual, so every field keeps its validation and its
error message. It runs inside the body-size limit, so the body it reads is already bounded.
"""

from __future__ import annotations

from urllib.parse import parse_qsl

import orjson
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from lookalike.api.bracket_form import nested_fields
from lookalike.api.errors import error_response

LENIENT_PREFIXES = ("/api/recommendations/", "/v3/")
_FORM = b"application/x-www-form-urlencoded"


class LenientRequestMiddleware:
    """Normalise the path, and turn query-string or form fields into a JSON body (see module)."""

    def __init__(self, app: ASGIApp, prefixes: tuple[str, ...] = LENIENT_PREFIXES) -> None:
        self.app = app
        self.prefixes = prefixes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        scope = without_trailing_slash(scope)
        if scope["method"] != "POST" or not scope["path"].startswith(self.prefixes):
            await self.app(scope, receive, send)
            return
        messages: list[Message] = []
        body = b""
        while True:
            message = await receive()
            messages.append(message)
            if message["type"] != "http.request":
                break
            body += message.get("body", b"")
            if not message.get("more_body", False):
                break
        json_body = json_body_or_none(body, _header(scope, b"content-type"), scope["query_string"])
        unreadable = unreadable_json_or_none(json_body if json_body is not None else body)
        if unreadable is not None:
            await error_response(400, unreadable)(scope, receive, send)
            return
        if json_body is not None:
            scope = _with_json_headers(scope, len(json_body))
            messages = [{"type": "http.request", "body": json_body, "more_body": False}]

        async def replay() -> Message:
            return messages.pop(0) if messages else await receive()

        await self.app(scope, replay, send)


def without_trailing_slash(scope: Scope) -> Scope:
    """``scope`` for the same path without trailing slashes (``/`` stays)."""
    path: str = scope["path"]
    if len(path) <= 1 or not path.endswith("/"):
        return scope
    stripped = path.rstrip("/") or "/"
    raw: bytes = scope.get("raw_path") or path.encode()
    return {**scope, "path": stripped, "raw_path": raw.rstrip(b"/") or b"/"}


def json_body_or_none(body: bytes, content_type: bytes, query: bytes) -> bytes | None:
    """The JSON body to hand the route instead of ``body``, or None to keep ``body`` as it is.

    An empty body becomes the query string's fields (None when there is no query either, so the
    route reports the missing body); a bracketed form body becomes its fields; any other body is
    kept, and is read as JSON because the headers are rewritten.
    """
    if not body.strip():
        if not query:
            return None
        return orjson.dumps(nested_fields(_pairs(query)))
    if content_type.split(b";", 1)[0].strip().lower() == _FORM and body.lstrip()[:1] not in (
        b"{",
        b"[",
    ):
        return orjson.dumps(nested_fields(_pairs(body)))
    if content_type.split(b";", 1)[0].strip().lower() == b"application/json":
        return None
    return body


def unreadable_json_or_none(body: bytes) -> str | None:
    """Why ``body`` cannot be read as JSON, in a sentence naming where; None when it can (or
    is empty, which the route reports as a missing body)."""
    if not body.strip():
        return None
    try:
        body.decode("utf-8")
    except UnicodeDecodeError as error:
        return (
            f"The request body is not UTF-8 text: byte 0x{body[error.start]:02x} at position "
            f"{error.start} is not valid UTF-8. Send JSON encoded as UTF-8."
        )
    try:
        orjson.loads(body)
    except orjson.JSONDecodeError as error:
        reason = str(error).split(": line ", 1)[0]
        where = f"line {error.lineno}, column {error.colno}"
        if reason.startswith("depth limit"):
            return (
                f"The request body is nested too deeply (more than 1024 levels, at {where}). "
                "Send one JSON object with the fields in /docs."
            )
        if "number" in reason:
            return (
                f"The request body has a number too large to read at {where} ({reason}). "
                "Send whole numbers within the bounds in /docs."
            )
        return f"The request body is not valid JSON: {reason} at {where}. Send one JSON object."
    return None


def _pairs(encoded: bytes) -> list[tuple[str, str]]:
    return parse_qsl(encoded.decode("latin-1"), keep_blank_values=True, encoding="utf-8")


def _header(scope: Scope, name: bytes) -> bytes:
    for key, value in scope.get("headers", []):
        if key == name:
            return bytes(value)
    return b""


def _with_json_headers(scope: Scope, length: int) -> Scope:
    headers = [
        (key, value)
        for key, value in scope.get("headers", [])
        if key not in (b"content-type", b"content-length")
    ]
    headers += [(b"content-type", b"application/json"), (b"content-length", str(length).encode())]
    return {**scope, "headers": headers}
