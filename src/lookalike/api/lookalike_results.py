"""Engine results as V3 lookalike items, from the same display cards as the Recommendations API.

Items are plain dicts in the field order of ``LookalikeContactOut`` / ``LookalikeCompanyOut``.
Text fields are ``""`` when unknown; LinkedIn URLs, stored as ``linkedin.com/in/<slug>``, are
given back as full ``https://www.linkedin.com/...`` URLs, as Lusha writes them.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa

from lookalike.api.results import WireItem, present_with, reasons_of
from lookalike.domain import Department, EntityKind, Recommendation, Seniority


def present_lookalikes(
    conn: sa.Connection, kind: EntityKind, items: Sequence[Recommendation]
) -> list[tuple[str, WireItem]]:
    """``(entity_id, V3 item)`` for each result still in the store, in the engine's order."""
    return present_with(conn, kind, items, lookalike_contact, lookalike_company)


def linkedin_link(stored: str | None) -> str | None:
    """The full URL of a LinkedIn URL in its stored form; None when there is none."""
    return f"https://www.{stored}" if stored else None


def lookalike_contact(card: Any, result: Recommendation) -> WireItem:
    """A contact (a ``lookalike.store.display.contact_cards`` row) as a V3 lookalike result."""
    departments = card.departments or ""
    return {
        "id": card.person_id,
        "firstName": card.first_name or "",
        "lastName": card.last_name or "",
        "jobTitle": {
            "title": card.job_title or "",
            "departments": [Department(name).value for name in departments.split("|") if name],
            "seniority": Seniority(card.seniority).label,
        },
        "company": {
            "id": card.company_id,
            "name": card.company_name or "",
            "domain": card.company_domain or "",
            "industry": card.company_industry or "",
        },
        "location": {"country": card.country, "state": card.state, "city": card.city},
        "socialLinks": {"linkedin": linkedin_link(card.linkedin_url)},
        "score": round(float(result.score), 4),
        "reasons": reasons_of(result),
        "nearestSeed": str(result.nearest_seed),
    }


def lookalike_company(card: Any, result: Recommendation) -> WireItem:
    """A company (a ``lookalike.store.display.company_cards`` row) as a V3 lookalike result."""
    return {
        "id": card.company_id,
        "name": card.name or "",
        "domain": card.domain or "",
        "employeeCount": {"exact": card.employees},
        "industry": card.industry or "",
        "location": {"country": card.country, "state": card.state, "city": card.city},
        "socialLinks": {"linkedin": linkedin_link(card.linkedin_url)},
        "score": round(float(result.score), 4),
        "reasons": reasons_of(result),
        "nearestSeed": str(result.nearest_seed),
    }
