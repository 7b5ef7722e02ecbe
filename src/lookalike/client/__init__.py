"""A small httpx client for the Recommendations API and the V3 Lookalike API, sync and async.

>>> with LookalikeClient(api_key, "http://127.0.0.1:8000") as client:
...     page = client.recommend_contacts(["p-1", "p-2"], limit=10)
...     v3 = client.company_lookalikes(domains=["sap.com", "ibm.com", ...], limit=10)
...     more = client.company_lookalikes(dedupe_session_id=v3["dedupeSessionId"], limit=10)
"""

from lookalike.client._async import AsyncLookalikeClient
from lookalike.client._sync import LookalikeClient
from lookalike.errors import (
    AuthenticationError,
    ConflictError,
    ForbiddenError,
    GoneError,
    InsufficientCreditsError,
    InvalidRequestError,
    LookalikeError,
    MethodNotAllowedError,
    NotFoundError,
    PayloadTooLargeError,
    RateLimitedError,
    ServerError,
)

__all__ = [
    "AsyncLookalikeClient",
    "AuthenticationError",
    "ConflictError",
    "ForbiddenError",
    "GoneError",
    "InsufficientCreditsError",
    "InvalidRequestError",
    "LookalikeClient",
    "LookalikeError",
    "MethodNotAllowedError",
    "NotFoundError",
    "PayloadTooLargeError",
    "RateLimitedError",
    "ServerError",
]
