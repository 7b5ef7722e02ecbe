"""The one error tree of lookalike.

    LookalikeError
    ├── ConfigurationError        settings or environment are unusable
    ├── DataError                 the data universe or an import is at fault
    │   ├── ImportValidationError     an import file has bad rows (``problems`` lists them)
    │   └── IndexUnavailableError     no vector index is built yet
    ├── OperatorError             an operator command names nothing, or more than one thing
    └── RequestError              the caller's request cannot be served (carries an HTTP meaning)
        ├── InvalidRequestError           400: malformed or contradictory input
        ├── AuthenticationError           401: missing or unknown API key
        ├── InsufficientCreditsError      402: no credits left
        ├── ForbiddenError                403: key revoked or plan without recommendations
        ├── NotFoundError                 404: unknown route, session or seeds
        ├── MethodNotAllowedError         405
        ├── ConflictError                 409: an idempotency key reused with another body
        ├── GoneError                     410: a V3 dedupe session that is unknown or expired
        ├── PayloadTooLargeError          413
        ├── RateLimitedError              429: carries ``retry_after`` seconds
        └── ServerError                   5xx: the server failed (``status_code`` per instance)
            └── DependencyUnavailableError    503: the database or Redis cannot be reached

Each class declares the HTTP status it stands for in ``status_code`` (500 for errors that are not
the caller's); ``lookalike.api.errors`` turns errors into responses and ``lookalike.client``
turns responses back into errors from that one attribute. The CLI turns them into a one-line
message and a non-zero exit code.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


class LookalikeError(Exception):
    """Base of every error lookalike raises on purpose; its message is a sentence for the user."""

    status_code: int = 500
    # A stable name of the error that some clients read from a top-level "code" (None: none).
    wire_code: str | None = None

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class ConfigurationError(LookalikeError):
    """Settings or the environment make the requested operation impossible."""


class DataError(LookalikeError):
    """The data universe, an import file or the index is at fault."""


@dataclass(frozen=True, slots=True)
class RowProblem:
    """One bad row of an import file: 1-based line, the column at fault and why."""

    line: int
    column: str
    reason: str

    def __str__(self) -> str:
        return f"line {self.line}, column {self.column}: {self.reason}"


class ImportValidationError(DataError):
    """An import file has bad rows; nothing was changed. ``problems`` holds the first ones."""

    def __init__(self, path: str, problems: Sequence[RowProblem], total: int) -> None:
        super().__init__(
            f"{path}: {total} bad row(s); nothing was imported. "
            "Fix them, or pass --rejects FILE to load the good rows and write the bad ones to FILE."
        )
        self.problems = tuple(problems)
        self.total = total


class IndexUnavailableError(DataError):
    """No vector index exists yet for the data; ``lookalike index build`` makes one."""

    status_code = 503


class RequestError(LookalikeError):
    """The caller's request cannot be served; subclasses say why."""


class InvalidRequestError(RequestError):
    """Malformed, out-of-range or contradictory input (HTTP 400)."""

    status_code = 400


class AuthenticationError(RequestError):
    """The ``api_key`` header is missing or unknown (HTTP 401)."""

    status_code = 401


class InsufficientCreditsError(RequestError):
    """The account has no credits left (HTTP 402)."""

    status_code = 402


class ForbiddenError(RequestError):
    """The key is revoked or its plan does not include recommendations (HTTP 403)."""

    status_code = 403


class NotFoundError(RequestError):
    """An unknown route, an unknown/expired/foreign ``requestId``, or seeds that do not resolve."""

    status_code = 404


class MethodNotAllowedError(RequestError):
    """The route exists but not for this HTTP method (HTTP 405)."""

    status_code = 405


class ConflictError(RequestError):
    """An ``Idempotency-Key`` was reused with a different body (HTTP 409)."""

    status_code = 409


class GoneError(RequestError):
    """A session that existed once, or never did, can no longer be continued (HTTP 410)."""

    status_code = 410
    wire_code = "DEDUPE_SESSION_INVALID"


class PayloadTooLargeError(RequestError):
    """The request body is over the configured limit (HTTP 413)."""

    status_code = 413


class RateLimitedError(RequestError):
    """A rate limit of the key's plan is exhausted (HTTP 429); ``retry_after`` is in seconds."""

    status_code = 429

    def __init__(self, message: str, retry_after: int) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class ServerError(RequestError):
    """The server failed (5xx), or answered in a way a client does not understand.

    ``status_code`` is the status the server sent (0 when it could not be reached at all).
    """

    def __init__(self, message: str, status_code: int = 500) -> None:
        super().__init__(message)
        self.status_code = status_code


class DependencyUnavailableError(ServerError):
    """A service this one depends on (the database, the rate-limit store) cannot be reached
    or is busy (HTTP 503); ``dependency`` names it, ``retry_after`` is in seconds."""

    def __init__(self, message: str, dependency: str, retry_after: int = 1) -> None:
        super().__init__(message, status_code=503)
        self.dependency = dependency
        self.retry_after = retry_after


class OperatorError(LookalikeError):
    """An operator or CLI command got input it cannot use: a name that matches nothing or more
    than one thing (``lookalike keys revoke``), an unknown plan, a seed file over the limit.

    Never sent over HTTP: the CLI prints it as one line, saying how to be exact.
    """
