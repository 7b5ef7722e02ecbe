"""Errors the client raises: the ``lookalike.errors`` class that declares a response's status.

400 InvalidRequestError, 401 AuthenticationError, 402 InsufficientCreditsError, 403
ForbiddenError, 404 NotFoundError, 405 MethodNotAllowedError, 409 ConflictError, 410 GoneError,
413 PayloadTooLargeError, 429 RateLimitedError (``retry_after`` seconds); ServerError for 5xx and
anything unexpected (``status_code``).
"""

from __future__ import annotations

from typing import Any

import httpx

from lookalike.errors import LookalikeError, RateLimitedError, RequestError, ServerError


def _classes_with_a_status(root: type[LookalikeError]) -> dict[int, type[LookalikeError]]:
    found: dict[int, type[LookalikeError]] = {}
    for error_type in root.__subclasses__():
        if "status_code" in vars(error_type):
            found.setdefault(error_type.status_code, error_type)
        found.update(_classes_with_a_status(error_type))
    return found


# Derived from the error tree: each status's class is the one that declares it.
ERROR_BY_STATUS: dict[int, type[LookalikeError]] = {
    status: error_type
    for status, error_type in _classes_with_a_status(RequestError).items()
    if status < 500 and error_type is not RateLimitedError
}


def error_from_response(response: httpx.Response) -> LookalikeError:
    """The exception an error response stands for, carrying the server's message."""
    message = _message_of(response)
    status = response.status_code
    if status == 429:
        return RateLimitedError(message, retry_after=_retry_after(response))
    error_type = ERROR_BY_STATUS.get(status)
    if error_type is None:
        return ServerError(message, status)
    return error_type(message)


def _message_of(response: httpx.Response) -> str:
    try:
        body: Any = response.json()
        if isinstance(body, dict) and isinstance(body.get("message"), str):
            return str(body["message"])
        return str(body["error"]["message"])
    except (ValueError, KeyError, TypeError):
        return f"HTTP {response.status_code} from {response.request.url}: {response.text[:200]}"


def _retry_after(response: httpx.Response) -> int:
    text = response.headers.get("retry-after", "1")
    return int(text) if text.isdigit() else 1


def unreachable_error(base_url: httpx.URL, error: httpx.TransportError) -> ServerError:
    """The error for a server that cannot be reached at all (``status_code`` 0)."""
    return ServerError(
        f"Could not reach the API at {base_url} ({type(error).__name__}: {error}). "
        "Check the base URL and that the server is running.",
        status_code=0,
    )
