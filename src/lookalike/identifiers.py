"""Canonical forms of the identifiers that name a contact or a company: e-mail addresses, LinkedIn
URLs and domains.

Imports store these forms and seed lookups normalise what a request gives the same way, so that
``Jane@Example.com`` finds ``jane@example.com`` and ``https://uk.linkedin.com/in/Jane-Doe/?trk=x``
finds ``linkedin.com/in/jane-doe`` with a plain indexed equality. Every function here is pure and
takes text as a caller received it; absence (None) means the text is not such an identifier.
"""

from __future__ import annotations

import re

LINKEDIN_PROFILE_KINDS = frozenset({"in"})
"""Path kinds of a LinkedIn URL that name a person."""
LINKEDIN_COMPANY_KINDS = frozenset({"company", "school", "showcase"})
"""Path kinds of a LinkedIn URL that name an organisation."""

# linkedin.com itself or one subdomain label: www, a country (uk, de, ...) or m (mobile).
_LINKEDIN_HOST = re.compile(r"(?:[a-z0-9-]+\.)?linkedin\.com")
_WHITESPACE = re.compile(r"\s")


def normalize_email(text: str) -> str | None:
    """``" Jane.Doe@Example.COM "`` -> ``"jane.doe@example.com"``; None unless the text has exactly
    one ``@`` with text on both sides, no spaces, and a dot inside the domain part."""
    address = text.strip().lower()
    local, at, domain = address.partition("@")
    if not at or not local or "@" in domain or _WHITESPACE.search(address):
        return None
    if "." not in domain.strip("."):
        return None
    return address


def normalize_linkedin_url(text: str) -> str | None:
    """``"https://uk.linkedin.com/in/Jane-Doe/?trk=x"`` -> ``"linkedin.com/in/jane-doe"``.

    The canonical form is ``linkedin.com/<kind>/<slug>`` for the kinds ``in``, ``company``,
    ``school`` and ``showcase``: scheme, ``www.`` or a country subdomain, port, query string,
    fragment, trailing slash and any sub-page after the slug (``/about``) are dropped and the
    rest lower-cased. None when the text is not a linkedin.com URL with such a path.
    """
    url = text.strip().lower().split("#", 1)[0].split("?", 1)[0]
    url = url.split("://", 1)[1] if "://" in url else url.removeprefix("//")
    host, _, path = url.partition("/")
    if not _LINKEDIN_HOST.fullmatch(host.split(":", 1)[0]):
        return None
    parts = [part for part in path.split("/") if part]
    if len(parts) < 2 or parts[0] not in LINKEDIN_PROFILE_KINDS | LINKEDIN_COMPANY_KINDS:
        return None
    kind, slug = parts[0], parts[1]
    if _WHITESPACE.search(slug):
        return None
    return f"linkedin.com/{kind}/{slug}"


def linkedin_kind(url: str) -> str:
    """The path kind (``in``, ``company`` ...) of a URL in the form :func:`normalize_linkedin_url`
    returns."""
    return url.split("/", 2)[1]


def normalize_domain(text: str) -> str:
    """``"https://www.Acme.com/about"`` -> ``"acme.com"``: the host, lower-cased, without scheme,
    path, port or ``www.`` (the form company seeds are looked up by; no validation)."""
    host = text.strip().lower().split("://", 1)[-1].split("/", 1)[0].split(":", 1)[0]
    return host.removeprefix("www.")
