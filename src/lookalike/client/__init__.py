"""A small httpx client for the Recommendations API, sync and async.

>>> with LookalikeClient(api_key, "http://127.0.0.1:8000") as client:
...     page = client.recommend_contacts(["p-1", "p-2"], limit=10)
"""

from lookalike.client._async import AsyncLookalikeClient
from lookalike.client._errors import ServerError
from lookalike.client._sync import LookalikeClient
from lookalike.errors import (
    AuthenticationError,
    ConflictError,
    ForbiddenError,
    InsufficientCreditsError,
    InvalidRequestError,
    LookalikeError,
    MethodNotAllowedError,
    NotFoundError,
    PayloadTooLargeError,
    RateLimitedError,
)

__all__ = [
    "AsyncLookalikeClient",
    "AuthenticationError",
    "ConflictError",
    "ForbiddenError",
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
