"""Compact tool results: the few fields of an API page an assistant reads, as typed dicts.

The MCP tools return these rather than the API's bodies: one line of name, title and company per
result, the score, the reasons as short phrases, and the ``dedupeSessionId`` that asks for more.
(``typing_extensions.TypedDict``: pydantic needs it below Python 3.12 to derive output schemas.)
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from typing_extensions import TypedDict

# A reason value longer than this (an O*NET occupation can be 90 characters) is cut with "...".
REASON_VALUE_CHARS = 60


class ContactResult(TypedDict):
    """One lookalike contact."""

    id: str
    name: str
    title: str
    company: str
    companyId: str
    domain: str
    score: float
    reasons: list[str]
    nearestSeed: str


class CompanyResult(TypedDict):
    """One lookalike company."""

    id: str
    name: str
    domain: str
    industry: str
    employees: int | None
    country: str
    score: float
    reasons: list[str]
    nearestSeed: str


class PageHead(TypedDict):
    """What every page says: its session (to ask for the next page), size, more, cost."""

    dedupeSessionId: str
    returned: int
    hasMore: bool
    creditsCharged: int


class ContactPage(PageHead):
    """A page of lookalike contacts and how to get the next one."""

    unresolvedSeeds: list[str]
    contacts: list[ContactResult]


class CompanyPage(PageHead):
    """A page of lookalike companies and how to get the next one."""

    unresolvedSeeds: list[str]
    companies: list[CompanyResult]


class LookalikePage(PageHead):
    """A next page of either kind: the one list of the session's kind is filled."""

    kind: str
    contacts: list[ContactResult]
    companies: list[CompanyResult]


class EntityMatch(TypedDict):
    """A contact or company found by a search, with the id to use as a seed; ``title`` is a
    contact's job title or a company's industry."""

    id: str
    name: str
    title: str
    company: str
    companyId: str
    domain: str


class EntityMatches(TypedDict):
    """What an entity search found."""

    kind: str
    query: str
    count: int
    matches: list[EntityMatch]


class Usage(TypedDict):
    """The account's credits, rate-limit windows and price per result."""

    creditsTotal: int
    creditsUsed: int
    creditsRemaining: int
    creditsPerContact: int
    creditsPerCompany: int
    plan: str
    rateLimits: dict[str, dict[str, Any]]


def reason_phrases(reasons: Sequence[Mapping[str, Any]]) -> list[str]:
    """Reasons as short phrases: ``"title: Sales Managers (3 seeds)"``."""
    phrases = []
    for reason in reasons:
        value = str(reason.get("value", ""))
        if len(value) > REASON_VALUE_CHARS:
            value = value[: REASON_VALUE_CHARS - 3].rstrip() + "..."
        seeds = int(reason.get("seeds", 0))
        shared = f" ({seeds} seed{'' if seeds == 1 else 's'})" if seeds else ""
        phrases.append(f"{reason.get('type', 'trait')}: {value}{shared}")
    return phrases


def contact_result(item: Mapping[str, Any]) -> ContactResult:
    """A V3 contact result, compact."""
    company = item.get("company") or {}
    job = item.get("jobTitle") or {}
    name = " ".join(part for part in (item.get("firstName"), item.get("lastName")) if part)
    return {
        "id": str(item.get("id", "")),
        "name": name,
        "title": str(job.get("title", "") if isinstance(job, Mapping) else job),
        "company": str(company.get("name") or ""),
        "companyId": str(company.get("id") or ""),
        "domain": str(company.get("domain") or ""),
        "score": float(item.get("score", 0.0)),
        "reasons": reason_phrases(item.get("reasons") or []),
        "nearestSeed": str(item.get("nearestSeed") or ""),
    }


def company_result(item: Mapping[str, Any]) -> CompanyResult:
    """A V3 company result, compact."""
    employees = (item.get("employeeCount") or {}).get("exact")
    return {
        "id": str(item.get("id", "")),
        "name": str(item.get("name") or ""),
        "domain": str(item.get("domain") or ""),
        "industry": str(item.get("industry") or ""),
        "employees": int(employees) if employees is not None else None,
        "country": str((item.get("location") or {}).get("country") or ""),
        "score": float(item.get("score", 0.0)),
        "reasons": reason_phrases(item.get("reasons") or []),
        "nearestSeed": str(item.get("nearestSeed") or ""),
    }


def _page_head(body: Mapping[str, Any]) -> PageHead:
    meta = body.get("meta") or {}
    return {
        "dedupeSessionId": str(body.get("dedupeSessionId", "")),
        "returned": int(meta.get("returned", 0)),
        "hasMore": bool(meta.get("hasMore", False)),
        "creditsCharged": int((body.get("billing") or {}).get("creditsCharged", 0)),
    }


def contact_page(body: Mapping[str, Any]) -> ContactPage:
    """A ``POST /v3/contacts/lookalike`` body, compact."""
    return {
        **_page_head(body),
        "unresolvedSeeds": [str(seed) for seed in body.get("unresolvedSeeds") or []],
        "contacts": [contact_result(item) for item in body.get("results") or []],
    }


def company_page(body: Mapping[str, Any]) -> CompanyPage:
    """A ``POST /v3/companies/lookalike`` body, compact."""
    return {
        **_page_head(body),
        "unresolvedSeeds": [str(seed) for seed in body.get("unresolvedSeeds") or []],
        "companies": [company_result(item) for item in body.get("results") or []],
    }


def next_page(kind: str, body: Mapping[str, Any]) -> LookalikePage:
    """A continued session's body, compact, with the list of its ``kind`` filled."""
    results = body.get("results") or []
    return {
        "kind": kind,
        **_page_head(body),
        "contacts": [contact_result(item) for item in results] if kind == "contacts" else [],
        "companies": [company_result(item) for item in results] if kind == "companies" else [],
    }


def entity_matches(body: Mapping[str, Any]) -> EntityMatches:
    """A ``GET /api/entities/search`` body, compact."""
    matches = [entity_match(card) for card in body.get("results") or []]
    return {
        "kind": str(body.get("kind", "")),
        "query": str(body.get("query", "")),
        "count": len(matches),
        "matches": matches,
    }


def entity_match(card: Mapping[str, Any]) -> EntityMatch:
    """One search card: a contact's title and employer, or a company's industry."""
    return {
        "id": str(card.get("id", "")),
        "name": str(card.get("name") or ""),
        "title": str(card.get("title") or ""),
        "company": str(card.get("companyName") or ""),
        "companyId": str(card.get("companyId") or ""),
        "domain": str(card.get("domain") or ""),
    }


def usage(body: Mapping[str, Any]) -> Usage:
    """A ``GET /v3/account/usage`` body, flattened."""
    credits = body.get("credits") or {}
    pricing = body.get("pricing") or {}
    return {
        "creditsTotal": int(credits.get("total", 0)),
        "creditsUsed": int(credits.get("used", 0)),
        "creditsRemaining": int(credits.get("remaining", 0)),
        "creditsPerContact": int((pricing.get("lookalikeContact") or {}).get("credits", 1)),
        "creditsPerCompany": int((pricing.get("lookalikeCompany") or {}).get("credits", 1)),
        "plan": str((body.get("plan") or {}).get("category", "")),
        "rateLimits": dict(body.get("rateLimits") or {}),
    }
