"""Request ids, one access record per request, and the log format (text, or JSON lines).

:class:`RequestLogMiddleware` is the outermost middleware: it takes the caller's ``X-Request-Id``
(when it is 1 to 128 letters, digits or ``._:-``) or makes one, echoes it in the response, times
the request, counts it in :mod:`lookalike.api.metrics` and logs one ``lookalike.access`` record.
Every record logged while the request runs carries its request id. An exception no handler
answered is logged once, in that record with its traceback, and answered with the usual 500.

With ``LOOKALIKE_LOG_FORMAT=json``, :func:`log_config` formats every record as one JSON object per
line; API keys are never logged (the account id is, when the key was recognised).
"""

from __future__ import annotations

import contextvars
import logging
import re
import time
import uuid
from datetime import UTC, datetime
from typing import Any

import orjson
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from lookalike.api import metrics
from lookalike.api.errors import SERVER_FAULT_MESSAGE, error_response
from lookalike.api.middleware import RawHeader, adding_headers
from lookalike.store.accounts import hash_key

REQUEST_ID_HEADER = "x-request-id"
_SAFE_REQUEST_ID = re.compile(r"[A-Za-z0-9._:-]{1,128}")
_request_id: contextvars.ContextVar[str | None] = contextvars.ContextVar(
    "lookalike_request_id", default=None
)
access_logger = logging.getLogger("lookalike.access")
_NOT_STARTED = 0  # the status until the response starts
# Fields of the access record, copied from the LogRecord into the JSON object when present.
_FIELDS = ("method", "route", "path", "status", "latency_ms", "account_id")


def current_request_id_or_none() -> str | None:
    """The id of the request being served in this context, if any."""
    return _request_id.get()


def request_id_of(scope: Scope) -> str:
    """The caller's ``X-Request-Id`` when it is safe to echo and log, else a fresh one."""
    for name, value in scope.get("headers", []):
        if name == b"x-request-id":
            text: str = value.decode("latin-1").strip()
            if _SAFE_REQUEST_ID.fullmatch(text):
                return text
    return uuid.uuid4().hex


class RequestLogMiddleware:
    """Request id, timing, metrics and the access record of every HTTP request."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request_id = request_id_of(scope)
        token = _request_id.set(request_id)
        started = time.perf_counter()
        status = _NOT_STARTED
        header = (b"x-request-id", request_id.encode("latin-1"))

        def id_header(start: Message) -> list[RawHeader]:
            nonlocal status
            status = start["status"]  # for the access record
            return [header]

        send_with_id = adding_headers(send, id_header)
        try:
            await self.app(scope, receive, send_with_id)
        except Exception as error:
            _finish(scope, 500, started, error)
            if status != _NOT_STARTED:
                raise  # the response began: only the server can end the connection now
            response = error_response(500, SERVER_FAULT_MESSAGE)
            await response(scope, receive, send_with_id)
        else:
            _finish(scope, 500 if status == _NOT_STARTED else status, started, None)
        finally:
            _request_id.reset(token)


def _finish(scope: Scope, status: int, started: float, error: Exception | None) -> None:
    seconds = time.perf_counter() - started
    route = route_template(scope, status)
    metrics.observe_request(scope["method"], route, status, seconds)
    fields = {
        "request_id": current_request_id_or_none(),
        "method": scope["method"],
        "route": route,
        "path": scope["path"],
        "status": status,
        "latency_ms": round(seconds * 1000, 3),
        "account_id": _account_id_or_none(scope),
    }
    message = f"{scope['method']} {scope['path']} {status} {fields['latency_ms']}ms"
    if error is not None:
        access_logger.error(message, extra=fields, exc_info=error)
    else:
        access_logger.info(message, extra=fields)


def route_template(scope: Scope, status: int) -> str:
    """The matched route's template (``/v3/contacts/lookalike``), never the raw path, so that
    metrics stay few; ``unmatched`` when no route matched."""
    route = scope.get("route")
    path = getattr(route, "path", None)
    if isinstance(path, str):
        return path
    if status != 404 and scope.get("endpoint") is not None and scope.get("root_path"):
        return f"{scope['root_path']}/{{path}}"  # a mounted app: the docs assets
    return "unmatched"


def _account_id_or_none(scope: Scope) -> int | None:
    """The account of the request's API key, when the key was recognised (its caller cached)."""
    key = _api_key_or_none(scope)
    app = scope.get("app")
    if key is None or app is None:
        return None
    services = getattr(app.state, "services", None)
    caller = services.callers.get_or_none(hash_key(key)) if services is not None else None
    return caller.account_id if caller is not None else None


def _api_key_or_none(scope: Scope) -> str | None:
    for name, value in scope.get("headers", []):
        text: str = value.decode("latin-1")
        if name == b"api_key":
            return text.strip() or None
        if name == b"authorization":
            scheme, _, credentials = text.partition(" ")
            if scheme.lower() == "bearer" and credentials.strip():
                return credentials.strip()
    return None


class RequestIdFilter(logging.Filter):
    """Give every record the id of the request being served (``request_id``, None outside)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not hasattr(record, "request_id"):
            record.request_id = current_request_id_or_none()
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object per record: timestamp, level, logger, message, request id, the access
    fields when present, and the traceback of an exception."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "timestamp": datetime.fromtimestamp(record.created, UTC).isoformat(),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", current_request_id_or_none()),
        }
        for name in _FIELDS:
            if hasattr(record, name):
                entry[name] = getattr(record, name)
        if record.exc_info:
            entry["traceback"] = self.formatException(record.exc_info)
        return orjson.dumps(entry, default=str).decode("utf-8")


def log_config(log_format: str) -> dict[str, Any]:
    """A ``logging.config.dictConfig`` for the server (uvicorn's ``log_config``, applied in every
    worker): JSON lines for ``"json"``, plain lines for ``"text"``."""
    formatter: dict[str, Any] = (
        {"()": JsonFormatter}
        if log_format == "json"
        else {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"}
    )
    handler = {
        "class": "logging.StreamHandler",
        "formatter": "default",
        "filters": ["request_id"],
        "stream": "ext://sys.stderr",
    }
    quiet = {"handlers": [], "propagate": False}  # the access record replaces uvicorn's
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"request_id": {"()": RequestIdFilter}},
        "formatters": {"default": formatter},
        "handlers": {"default": handler},
        "root": {"handlers": ["default"], "level": "INFO"},
        "loggers": {
            "uvicorn": {"handlers": [], "propagate": True},
            "uvicorn.error": {"handlers": [], "propagate": True},
            "uvicorn.access": quiet,
        },
    }
