"""Engine results as V3 lookalike items, from the same display cards as the Recommendations API.

Items are the response models ``LookalikeContactOut`` / ``LookalikeCompanyOut``.
Text fields are ``""`` when unknown; LinkedIn URLs, stored as ``linkedin.com/in/<slug>``, are
given back as full ``https://www.linkedin.com/...`` URLs, as Lusha writes them.
"""

from __future__ import annotations

from typing import Any

from lookalike.api.lookalike_schemas import (
    ContactCompanyOut,
    EmployeeCountOut,
    JobTitleOut,
    LookalikeCompanyOut,
    LookalikeContactOut,
    PlaceOut,
    SocialLinksOut,
)
from lookalike.api.results import reasons_of
from lookalike.domain import Department, Recommendation, Seniority


def linkedin_link(stored: str | None) -> str | None:
    """The full URL of a LinkedIn URL in its stored form; None when there is none."""
    return f"https://www.{stored}" if stored else None


def lookalike_contact(card: Any, result: Recommendation) -> LookalikeContactOut:
    """A contact (a ``lookalike.store.display.contact_cards`` row) as a V3 lookalike result."""
    departments = card.departments or ""
    return LookalikeContactOut(
        id=card.person_id,
        first_name=card.first_name or "",
        last_name=card.last_name or "",
        job_title=JobTitleOut(
            title=card.job_title or "",
            departments=[Department(name).value for name in departments.split("|") if name],
            seniority=Seniority(card.seniority).label,
        ),
        company=ContactCompanyOut(
            id=card.company_id,
            name=card.company_name or "",
            domain=card.company_domain or "",
            industry=card.company_industry or "",
        ),
        location=PlaceOut(country=card.country, state=card.state, city=card.city),
        social_links=SocialLinksOut(linkedin=linkedin_link(card.linkedin_url)),
        score=round(float(result.score), 4),
        reasons=reasons_of(result),
        nearest_seed=str(result.nearest_seed),
    )


def lookalike_company(card: Any, result: Recommendation) -> LookalikeCompanyOut:
    """A company (a ``lookalike.store.display.company_cards`` row) as a V3 lookalike result."""
    return LookalikeCompanyOut(
        id=card.company_id,
        name=card.name or "",
        domain=card.domain or "",
        employee_count=EmployeeCountOut(exact=card.employees),
        industry=card.industry or "",
        location=PlaceOut(country=card.country, state=card.state, city=card.city),
        social_links=SocialLinksOut(linkedin=linkedin_link(card.linkedin_url)),
        score=round(float(result.score), 4),
        reasons=reasons_of(result),
        nearest_seed=str(result.nearest_seed),
    )
