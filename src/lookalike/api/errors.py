"""The one place that turns errors into HTTP statuses and the ``{"error": {...}}`` body.

Domain errors (``lookalike.errors``), Starlette's HTTP errors (unknown route, wrong method),
FastAPI's validation errors (bad JSON, bad fields) and unexpected faults all end here. Messages are
sentences naming the field or value and the fix; a server fault never shows a trace or SQL.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from typing import Any

import sqlalchemy.exc as sa_exc
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from lookalike.api.outages import database_unavailable, is_database_outage
from lookalike.contract import (
    LOOKALIKE_DEFAULT_LIMIT,
    MAX_COMPANY_LOOKALIKES,
    MAX_CONTACT_LOOKALIKES,
    MAX_EXCLUDE,
    MAX_LIMIT,
    MAX_SEEDS,
    MIN_LOOKALIKE_SEEDS,
)
from lookalike.errors import DependencyUnavailableError, LookalikeError, RateLimitedError

logger = logging.getLogger("lookalike.api")

SERVER_FAULT_MESSAGE = (
    "The server failed to handle this request. Retry later; if it persists, tell the operator."
)
_FIELD_HINTS = {
    "contacts": f'send 1 to {MAX_SEEDS} seeds such as {{"personId": "p1", "companyId": "c1"}}',
    "companies": (
        f'send 1 to {MAX_SEEDS} seeds such as {{"companyId": "c1"}} or {{"domain": "acme.com"}}'
    ),
    "exclude": f"send at most {MAX_EXCLUDE} ids, as strings or objects",
    "limit": f"send a whole number from 1 to {MAX_LIMIT}, or leave it out for {MAX_LIMIT}",
    "requestId": "send the requestId of an earlier response",
    "filters": "see /docs for the filter fields",
}
_LOOKALIKE_FIELD_HINTS = {
    "seeds": (
        f"send an object of identifier lists naming {MIN_LOOKALIKE_SEEDS} to {MAX_SEEDS} "
        "unique seeds, such as "
        '{"ids": ["c1", "c2"], "emails": ["jane@acme.com"]} (contacts: ids, emails, '
        "linkedinUrls, contacts by name and company; companies: ids, domains, linkedinUrls)"
    ),
    "exclude": (
        f"send an object of identifier lists, like 'seeds', naming at most {MAX_EXCLUDE} in all"
    ),
    "limit": (
        f"send a whole number from 1 to {MAX_CONTACT_LOOKALIKES} for contacts or 1 to "
        f"{MAX_COMPANY_LOOKALIKES} for companies, or leave it out for {LOOKALIKE_DEFAULT_LIMIT}"
    ),
    "dedupeSessionId": "send the dedupeSessionId of an earlier response, or leave it out",
    "filters": "see /docs for the filter fields",
}


def status_for(error: LookalikeError) -> int:
    """The HTTP status that ``error`` means (500 for errors that are not the caller's)."""
    return error.status_code


def error_body(
    status: int,
    message: str,
    errors: Sequence[str] | None = None,
    wire_code: str | None = None,
) -> dict[str, Any]:
    """The error envelope every error response carries.

    ``error`` is the Recommendations API's envelope; the top-level ``statusCode``, ``message``
    and (on a 400) ``errors``, one sentence per invalid field, are what Lusha's current API and
    the clients written for it read. Both say the same. A ``wire_code`` (the V3 API's
    ``"DEDUPE_SESSION_INVALID"``) is added as a top-level ``code``.
    """
    body: dict[str, Any] = {
        "error": {"code": status, "message": message},
        "statusCode": status,
        "message": message,
    }
    if errors is not None:
        body["errors"] = list(errors)
    if wire_code is not None:
        body["code"] = wire_code
    return body


def error_response(
    status: int,
    message: str,
    headers: Mapping[str, str] | None = None,
    errors: Sequence[str] | None = None,
    wire_code: str | None = None,
) -> JSONResponse:
    """A JSON error response in the envelope."""
    body = error_body(status, message, errors, wire_code)
    return JSONResponse(body, status_code=status, headers=headers)


def response_for_error(error: LookalikeError) -> JSONResponse:
    """The response for a domain error; 429s carry ``Retry-After``."""
    status = status_for(error)
    if status == 500:
        logger.error("internal error: %s", error)
        return error_response(500, SERVER_FAULT_MESSAGE)
    retry_after = (
        error.retry_after
        if isinstance(error, RateLimitedError | DependencyUnavailableError)
        else None
    )
    headers = {"Retry-After": str(retry_after)} if retry_after is not None else None
    return error_response(status, error.message, headers, wire_code=error.wire_code)


async def _lookalike_error(request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, LookalikeError)
    if isinstance(error, DependencyUnavailableError):
        request.app.state.services.outages.failed(error.dependency, error.message)
    return response_for_error(error)


async def _database_error(request: Request, error: Exception) -> JSONResponse:
    if not is_database_outage(error):
        return await _server_fault(request, error)
    unavailable = database_unavailable(error)
    request.app.state.services.outages.failed("database", f"{type(error).__name__}: {error}")
    return response_for_error(unavailable)


async def _http_error(request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, StarletteHTTPException)
    route = f"{request.method} {request.url.path}"
    if error.status_code == 404:
        message = f"No route matches {route}. See /docs for the routes this API has."
    elif error.status_code == 405:
        allowed = {k.lower(): v for k, v in (error.headers or {}).items()}.get(
            "allow", "another method"
        )
        message = f"{route} is not allowed. {request.url.path} accepts {allowed}."
    else:
        message = str(error.detail)
    return error_response(error.status_code, message, error.headers)


async def _validation_error(request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, RequestValidationError)
    problems = error.errors()
    hints = _LOOKALIKE_FIELD_HINTS if request.url.path.startswith("/v3/") else _FIELD_HINTS
    return error_response(
        400, validation_message(problems, hints), errors=field_messages(problems, hints)
    )


async def _server_fault(_request: Request, error: Exception) -> JSONResponse:
    logger.exception("unhandled error", exc_info=error)
    return error_response(500, SERVER_FAULT_MESSAGE)


def validation_message(
    problems: Sequence[Mapping[str, Any]], hints: Mapping[str, str] = _FIELD_HINTS
) -> str:
    """One sentence for the first validation problem: the field, what is wrong and the fix
    (``hints``: the fix for each top-level field)."""
    if not problems:
        return "The request is not valid. See /docs for the request format."
    problem = _most_specific(problems)
    location = problem.get("loc", ())
    if location and location[0] == "header":
        header = str(location[1]) if len(location) > 1 else "a header"
        reason = str(problem.get("msg", "is not valid")).removeprefix("Value error, ")
        return f"The header '{header}' is not valid: {reason}. Fix it or leave it out."
    if problem.get("type") == "json_invalid":
        detail = (problem.get("ctx") or {}).get("error", "it cannot be parsed")
        return f"The request body is not valid JSON ({detail}). Send one JSON object."
    field = field_path(problem.get("loc", ()))
    reason = str(problem.get("msg", "is not valid")).removeprefix("Value error, ")
    if not field:
        if problem.get("type") == "missing":
            return "The request body is missing. Send a JSON object; see /docs for its fields."
        if problem.get("type") in ("model_attributes_type", "dict_type", "model_type"):
            return (
                "The request body is not a JSON object. Send one, with the header "
                "Content-Type: application/json."
            )
        return f"The request body is not valid: {reason}. See /docs for its fields."
    hint = hints.get(field.split("[", 1)[0].split(".", 1)[0], "see /docs for the format")
    if problem.get("type") == "missing":
        return f"The field '{field}' is missing. Fix: {hint}."
    return f"The field '{field}' is not valid: {reason}. Fix: {hint}."


def field_messages(
    problems: Sequence[Mapping[str, Any]], hints: Mapping[str, str] = _FIELD_HINTS
) -> list[str]:
    """One sentence per invalid field, in the order the problems came (the ``errors`` list)."""
    by_field: dict[str, list[Mapping[str, Any]]] = {}
    for problem in problems:
        by_field.setdefault(field_path(problem.get("loc", ())), []).append(problem)
    return [validation_message(group, hints) for group in by_field.values()]


def _most_specific(problems: Sequence[Mapping[str, Any]]) -> Mapping[str, Any]:
    # A value that fits no member of a union (an exclusion that is neither an id nor an object)
    # gets one problem per member; the deepest one about the same field says most.
    first = problems[0]
    field = field_path(first.get("loc", ()))
    related = [p for p in problems if field_path(p.get("loc", ())).startswith(field)]
    return max(related, key=lambda p: len(p.get("loc", ())))


def field_path(loc: Sequence[Any]) -> str:
    """``("body", "exclude", 3, "personId")`` -> ``"exclude[3].personId"`` (union tags dropped)."""
    path = ""
    for part in loc[1:] if loc and loc[0] in ("body", "query", "header") else loc:
        if isinstance(part, int):
            path += f"[{part}]"
        elif _is_type_tag(str(part)):
            continue
        else:
            path += f".{part}" if path else str(part)
    return path


def _is_type_tag(part: str) -> bool:
    # Pydantic names union members in error locations ("str", "ContactExclusion", "function-...").
    return part in ("str", "int") or part[:1].isupper() or "[" in part or "-" in part


def install_error_handlers(app: FastAPI) -> None:
    """Route every kind of error of ``app`` through this module."""
    app.add_exception_handler(LookalikeError, _lookalike_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(sa_exc.SQLAlchemyError, _database_error)
    app.add_exception_handler(Exception, _server_fault)
