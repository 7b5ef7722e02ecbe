"""Outages of the services the API depends on: told apart from faults, logged once, recovered.

A database that cannot be reached (refused, dropped or timed-out connections, SQLite's lock
wait running out) is not a bug of this service: the request gets a 503 with ``Retry-After`` that
names the database, and the outage is logged once, not once per request. The first request that
succeeds afterwards logs the recovery; nothing needs restarting.
"""

from __future__ import annotations

import logging
import threading

import sqlalchemy.exc as sa_exc
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from lookalike.errors import DependencyUnavailableError

logger = logging.getLogger("lookalike.api")

DATABASE_RETRY_SECONDS = 2
# Errors that mean "the database could not answer now", as opposed to a wrong statement.
_UNREACHABLE = (
    sa_exc.OperationalError,
    sa_exc.InterfaceError,
    sa_exc.DisconnectionError,
    sa_exc.TimeoutError,
)


class OutageLog:
    """Which dependencies are down now; logs each outage when it starts and when it ends."""

    def __init__(self) -> None:
        self._down: dict[str, str] = {}
        self._lock = threading.Lock()

    def failed(self, dependency: str, detail: str) -> None:
        """Note a failure of ``dependency``; logged only if it was not already down."""
        with self._lock:
            if dependency in self._down:
                return
            self._down[dependency] = detail
        logger.warning("%s unavailable: %s", dependency, detail)

    def succeeded(self) -> None:
        """Note a request served: every dependency that was down is back."""
        if not self._down:
            return
        with self._lock:
            recovered, self._down = list(self._down), {}
        for dependency in recovered:
            logger.warning("%s available again", dependency)


def is_database_outage(error: BaseException) -> bool:
    """True when ``error`` means the database could not answer (not a bug in a statement)."""
    return isinstance(error, _UNREACHABLE) and not _is_missing_schema(error)


def _is_missing_schema(error: BaseException) -> bool:
    # SQLite reports a missing table as an OperationalError; that is a setup fault, not an outage.
    return "no such table" in str(error) or "no such column" in str(error)


def database_unavailable(error: BaseException) -> DependencyUnavailableError:
    """The 503 for a database outage, without the driver's text (it may name hosts or SQL)."""
    busy = "database is locked" in str(error)
    reason = "is busy with a long write" if busy else "cannot be reached"
    return DependencyUnavailableError(
        f"The database {reason}. Retry in {DATABASE_RETRY_SECONDS} seconds (a retry with "
        "the same Idempotency-Key is never charged twice); if it persists, tell the operator.",
        dependency="database",
        retry_after=DATABASE_RETRY_SECONDS,
    )


class OutageRecoveryMiddleware:
    """Tell the :class:`OutageLog` when a request was served without a server error."""

    def __init__(self, app: ASGIApp, outages: OutageLog) -> None:
        self.app = app
        self.outages = outages

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_noting_success(message: Message) -> None:
            if message["type"] == "http.response.start" and message["status"] < 500:
                self.outages.succeeded()
            await send(message)

        await self.app(scope, receive, send_noting_success)
