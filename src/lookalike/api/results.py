"""Turning engine results into wire items, with display fields read from the store."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa

from lookalike.domain import (
    Company,
    Contact,
    EntityKind,
    Recommendation,
    revenue_range_or_none,
    size_band_or_none,
)
from lookalike.store.entities import companies_by_ids, contacts_by_ids

WireItem = dict[str, Any]


def present_items(
    conn: sa.Connection, kind: EntityKind, items: Sequence[Recommendation]
) -> list[tuple[str, WireItem]]:
    """``(entity_id, wire item)`` for each result still in the store, in the engine's order."""
    ids = [item.entity_id for item in items]
    if kind is EntityKind.CONTACTS:
        people = contacts_by_ids(conn, ids)
        employers = companies_by_ids(conn, {p.company_id for p in people.values()})
        return [
            (item.entity_id, contact_item(people[item.entity_id], employers, item))
            for item in items
            if item.entity_id in people
        ]
    firms = companies_by_ids(conn, ids)
    return [
        (item.entity_id, company_item(firms[item.entity_id], item))
        for item in items
        if item.entity_id in firms
    ]


def _scored(result: Recommendation) -> WireItem:
    return {
        "score": round(float(result.score), 4),
        "reasons": [
            {"type": reason.type, "value": reason.value, "seeds": reason.seeds}
            for reason in result.reasons
        ],
        "nearestSeed": result.nearest_seed,
    }


def contact_item(
    contact: Contact, employers: dict[str, Company], result: Recommendation
) -> WireItem:
    """A contact as the contacts endpoint returns it."""
    employer = employers.get(contact.company_id)
    return {
        "personId": contact.person_id,
        "companyId": contact.company_id,
        "name": contact.name,
        "jobTitle": contact.job_title,
        "companyName": employer.name if employer else None,
        "seniority": {"id": int(contact.seniority), "name": contact.seniority.label},
        "departments": [department.value for department in contact.departments],
        "companyDomain": employer.domain if employer else None,
        "location": {"country": contact.country, "city": contact.city},
        **_scored(result),
    }


def company_item(company: Company, result: Recommendation) -> WireItem:
    """A company as the companies endpoint returns it."""
    band = size_band_or_none(company.employees)
    revenue = revenue_range_or_none(company.revenue)
    return {
        "companyId": company.company_id,
        "name": company.name,
        "fqdn": company.domain,
        "description": company.description,
        "industry": company.industry,
        "employees": company.employees,
        "sizeRange": band.label if band else None,
        "revenueRange": {"min": revenue[0], "max": revenue[1]} if revenue else None,
        "location": {"country": company.country, "city": company.city},
        "foundedYear": company.founded_year,
        **_scored(result),
    }
