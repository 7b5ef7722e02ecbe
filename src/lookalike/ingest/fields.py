"""Parsing of single import fields: text, integers, lists, domains, e-mail addresses, LinkedIn URLs,
NAICS codes and countries.

Each parser takes a raw value (a CSV string, or a JSON/Parquet native value) and returns the clean
value, or raises :class:`FieldError` with a reason a user can act on.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

import orjson

from lookalike.contract import DOMAIN_MAX_LENGTH, EMAIL_MAX_LENGTH, LINKEDIN_URL_MAX_LENGTH
from lookalike.identifiers import (
    LINKEDIN_COMPANY_KINDS,
    LINKEDIN_PROFILE_KINDS,
    linkedin_kind,
    normalize_email,
    normalize_linkedin_url,
)
from lookalike.taxonomy.geography import normalize_country


class FieldError(ValueError):
    """A field value is unusable; ``str(error)`` is the reason shown to the user."""


_NAICS = re.compile(r"\d{2,6}")
EMAIL_LIMIT = EMAIL_MAX_LENGTH
LINKEDIN_URL_LIMIT = LINKEDIN_URL_MAX_LENGTH
_DOMAIN = re.compile(r"[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)+")


def text_or_none(value: Any, limit: int | None = None) -> str | None:
    """Stripped text, None when empty; raises when longer than ``limit`` characters."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise FieldError(f"must be text, not {type(value).__name__}")
    text = value.strip() if isinstance(value, str) else _number_text(value)
    if not text:
        return None
    if limit is not None and len(text) > limit:
        raise FieldError(f"is {len(text)} characters long; the limit is {limit}")
    return text


def _number_text(value: int | float) -> str:
    return str(int(value)) if isinstance(value, float) and value.is_integer() else str(value)


def int_or_none(value: Any, minimum: int = 0, maximum: int | None = None) -> int | None:
    """A whole number within bounds, None when empty."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise FieldError(f"must be a whole number, not {value!r}")
    if isinstance(value, float) and value.is_integer():
        number = int(value)
    elif isinstance(value, int):
        number = value
    elif isinstance(value, str) and value.strip().lstrip("-").isdigit():
        number = int(value.strip())
    else:
        raise FieldError(f"must be a whole number, not {value!r}")
    if number < minimum or (maximum is not None and number > maximum):
        upper = "" if maximum is None else f" and at most {maximum}"
        raise FieldError(f"must be at least {minimum}{upper}, not {number}")
    return number


def naics_or_none(value: Any) -> str | None:
    """A NAICS code of 2 to 6 digits, None when empty."""
    text = text_or_none(value)
    if text is None:
        return None
    if not _NAICS.fullmatch(text):
        raise FieldError(f"must be a NAICS code of 2 to 6 digits, not {text!r}")
    return text


def domain_or_none(value: Any) -> str | None:
    """A lower-case host name without scheme, ``www.``, port or path; None when empty."""
    text = text_or_none(value)
    if text is None:
        return None
    host = text.lower().split("://", 1)[-1].split("/", 1)[0].split("?", 1)[0].split(":", 1)[0]
    host = host.removeprefix("www.").strip(".")
    if len(host) > DOMAIN_MAX_LENGTH or not _DOMAIN.fullmatch(host):
        raise FieldError(f"must be a domain name such as example.com, not {text!r}")
    return host


def email_or_none(value: Any) -> str | None:
    """A trimmed, lower-cased e-mail address (:func:`lookalike.identifiers.normalize_email`); None
    when empty."""
    text = text_or_none(value, EMAIL_LIMIT)
    if text is None:
        return None
    address = normalize_email(text)
    if address is None:
        raise FieldError(f"must be an e-mail address such as jane@example.com, not {text!r}")
    return address


def linkedin_profile_or_none(value: Any) -> str | None:
    """A person's LinkedIn URL in its canonical form ``linkedin.com/in/<slug>``; None when empty."""
    return _linkedin_or_none(value, LINKEDIN_PROFILE_KINDS, "a profile", "in/jane-doe")


def linkedin_company_or_none(value: Any) -> str | None:
    """An organisation's LinkedIn URL, canonical as ``linkedin.com/company/<slug>`` (or
    ``/school/``, ``/showcase/``); None when empty."""
    return _linkedin_or_none(value, LINKEDIN_COMPANY_KINDS, "a company page", "company/acme")


def _linkedin_or_none(value: Any, kinds: frozenset[str], what: str, example: str) -> str | None:
    text = text_or_none(value)
    if text is None:
        return None
    url = normalize_linkedin_url(text)
    if url is None or linkedin_kind(url) not in kinds:
        raise FieldError(
            f"must be the LinkedIn URL of {what} such as linkedin.com/{example}, not {text!r}"
        )
    if len(url) > LINKEDIN_URL_LIMIT:
        raise FieldError(
            f"is {len(url)} characters long once normalised; the limit is {LINKEDIN_URL_LIMIT}"
        )
    return url


def list_or_empty(value: Any) -> tuple[str, ...]:
    """A list of text values from a JSON array, a ``|``-separated string or a native list."""
    if value is None or value == "":
        return ()
    if isinstance(value, str):
        stripped = value.strip()
        if stripped.startswith("["):
            try:
                value = orjson.loads(stripped)
            except orjson.JSONDecodeError as error:
                raise FieldError(f"is not a valid JSON array ({error.msg})") from error
        else:
            value = stripped.split("|")
    if not isinstance(value, list | tuple):
        raise FieldError(f"must be a list (JSON array or |-separated), not {value!r}")
    items: list[str] = []
    for item in value:
        if not isinstance(item, str):
            raise FieldError(f"must hold text items, not {item!r}")
        cleaned = item.replace("|", "/").strip()
        if cleaned and cleaned not in items:
            items.append(cleaned)
    return tuple(items)


@cache
def normalized_country(text: str) -> str:
    """The canonical English country name of ``text``, or ``text`` itself when unknown."""
    return normalize_country(text) or text
