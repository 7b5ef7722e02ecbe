"""The OpenAPI document: FastAPI's, without its unused 422 and with the rate-limit headers."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi

_WINDOWS = ("daily", "hourly", "minute")
RATE_LIMIT_HEADERS: dict[str, dict[str, Any]] = {
    name: {"description": description, "schema": {"type": "integer"}}
    for window in _WINDOWS
    for name, description in (
        (f"x-rate-limit-{window}", f"Calls allowed per {window} window."),
        (f"x-{window}-requests-left", f"Calls left in the current {window} window."),
        (f"x-{window}-usage", f"Calls made in the current {window} window."),
    )
}
RETRY_AFTER = {
    "description": "Seconds until the call may be retried.",
    "schema": {"type": "integer"},
}
_UNAUTHENTICATED = {"401"}


def install_openapi(app: FastAPI) -> None:
    """Make ``app.openapi()`` return the document described in this module, built once."""

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            app.openapi_schema = build_openapi(app)
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]


def build_openapi(app: FastAPI) -> dict[str, Any]:
    """FastAPI's document, with every operation's responses tidied up."""
    spec = get_openapi(
        title=app.title, version=app.version, description=app.description, routes=app.routes
    )
    for item in spec.get("paths", {}).values():
        for operation in item.values():
            if "operations" not in operation.get("tags", ()):  # /livez ...: no key, no limits
                _tidy_responses(operation["responses"])
    schemas = spec.get("components", {}).get("schemas", {})
    for unused in ("HTTPValidationError", "ValidationError"):
        schemas.pop(unused, None)
    return spec


def _tidy_responses(responses: dict[str, Any]) -> None:
    # The API answers validation errors with 400 and the error envelope, never 422.
    responses.pop("422", None)
    for status, response in responses.items():
        if status in _UNAUTHENTICATED:
            continue
        headers = dict(RATE_LIMIT_HEADERS)
        if status == "429":
            headers["Retry-After"] = RETRY_AFTER
        response.setdefault("headers", {}).update(headers)
