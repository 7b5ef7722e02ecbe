"""The wire contract's numbers, in one place: lengths, counts, limits and sizes.

The API schemas, the import validators (row and columnar), the store's column sizes, the error
hints and the CLI all read them from here, so a bound changes everywhere at once.
"""

from __future__ import annotations

ID_MAX_LENGTH = 128
"""personId, companyId and every other entity id."""
DOMAIN_MAX_LENGTH = 255
LINKEDIN_URL_MAX_LENGTH = 255
EMAIL_MAX_LENGTH = 320
COUNTRY_MAX_LENGTH = 100
STATE_MAX_LENGTH = 100
CITY_MAX_LENGTH = 200
FILTER_TEXT_MAX_LENGTH = 200
REQUEST_ID_MAX_LENGTH = 64
IDEMPOTENCY_KEY_MAX_LENGTH = 255

MAX_SEEDS = 100
"""Seeds of one Recommendations API request (at least one)."""
MAX_EXCLUDE = 500
"""Exclusions of one request, in both APIs."""
MAX_LIMIT = 25
"""Results per Recommendations API page (also the default)."""

MIN_LOOKALIKE_SEEDS = 5
"""Unique seed identifiers of a first V3 lookalike call (at most MAX_SEEDS)."""
LOOKALIKE_DEFAULT_LIMIT = 25
MAX_CONTACT_LOOKALIKES = 50
MAX_COMPANY_LOOKALIKES = 100

DEFAULT_MAX_BODY_BYTES = 1_000_000
