"""The documented error responses of each route (all share the error envelope)."""

from __future__ import annotations

from typing import Any

from lookalike.api.schemas import ErrorResponse

_DESCRIPTIONS = {
    400: "Malformed JSON or an invalid field; the message names the field and the fix.",
    401: "The api_key header (or Authorization: Bearer) is missing or not a valid key.",
    402: "The account has no credits left.",
    403: "The key is revoked, or its plan does not include recommendations.",
    404: "Unknown, expired or foreign requestId, or none of the seeds is known.",
    409: "The Idempotency-Key was already used with another body.",
    410: "The dedupeSessionId is unknown, expired or another account's.",
    413: "The request body is over the size limit.",
    429: "A rate limit of the key's plan is exhausted; see Retry-After.",
    500: "The server failed; the body never holds a trace.",
    503: "The recommendation index is not built yet.",
}


def error_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """``responses=`` entries for the given statuses, each with the error body schema."""
    return {
        status: {"model": ErrorResponse, "description": _DESCRIPTIONS[status]}
        for status in statuses
    }
