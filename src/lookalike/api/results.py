"""Turning engine results into wire items, with display fields read from the store.

Items are plain dicts in the field order of ``ContactOut`` / ``CompanyOut``, with plain Python
values, so the route can serialise the page straight to JSON.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import sqlalchemy as sa

from lookalike.domain import (
    Department,
    EntityKind,
    Recommendation,
    Seniority,
    revenue_range_or_none,
    size_band_or_none,
)
from lookalike.store.display import company_cards, contact_cards

WireItem = dict[str, Any]


ItemBuilder = Callable[[Any, Recommendation], WireItem]


def present_items(
    conn: sa.Connection, kind: EntityKind, items: Sequence[Recommendation]
) -> list[tuple[str, WireItem]]:
    """``(entity_id, wire item)`` for each result still in the store, in the engine's order."""
    return present_with(conn, kind, items, contact_item, company_item)


def present_with(
    conn: sa.Connection,
    kind: EntityKind,
    items: Sequence[Recommendation],
    contact: ItemBuilder,
    company: ItemBuilder,
) -> list[tuple[str, WireItem]]:
    """Like :func:`present_items`, with the given builders of a contact's and a company's item
    from its display card."""
    ids = [item.entity_id for item in items]
    cards = contact_cards(conn, ids) if kind is EntityKind.CONTACTS else company_cards(conn, ids)
    build = contact if kind is EntityKind.CONTACTS else company
    return [
        (item.entity_id, build(cards[item.entity_id], item))
        for item in items
        if item.entity_id in cards
    ]


def reasons_of(result: Recommendation) -> list[WireItem]:
    """The reasons of a result in their wire form."""
    return [
        {"type": str(reason.type), "value": str(reason.value), "seeds": int(reason.seeds)}
        for reason in result.reasons
    ]


def contact_item(card: Sequence[Any], result: Recommendation) -> WireItem:
    """A contact (a ``lookalike.store.display.contact_cards`` row) as the contacts endpoint
    returns it."""
    (
        person_id,
        company_id,
        first_name,
        last_name,
        job_title,
        seniority_id,
        departments,
        country,
        city,
        company_name,
        company_domain,
        *_rest,
    ) = card
    seniority = Seniority(seniority_id)
    return {
        "personId": person_id,
        "companyId": company_id,
        "name": f"{first_name} {last_name}"
        if first_name and last_name
        else first_name or last_name or "",
        "jobTitle": job_title,
        "companyName": company_name or "",
        "seniority": {"id": int(seniority), "name": seniority.label},
        "departments": [Department(name).value for name in departments.split("|") if name]
        if departments
        else [],
        "companyDomain": company_domain,
        "location": {"country": country, "city": city},
        "score": round(float(result.score), 4),
        "reasons": reasons_of(result),
        "nearestSeed": str(result.nearest_seed),
    }


def company_item(card: sa.Row[Any], result: Recommendation) -> WireItem:
    """A company (a ``lookalike.store.display.company_cards`` row) as the companies endpoint
    returns it."""
    band = size_band_or_none(card.employees)
    revenue = revenue_range_or_none(card.revenue)
    return {
        "companyId": card.company_id,
        "name": card.name,
        "fqdn": card.domain or "",
        "description": card.description or "",
        "industry": card.industry,
        "employees": card.employees,
        "sizeRange": band.label if band else None,
        "revenueRange": {"min": revenue[0], "max": revenue[1]} if revenue else None,
        "location": {"country": card.country, "city": card.city},
        "foundedYear": card.founded_year,
        "score": round(float(result.score), 4),
        "reasons": reasons_of(result),
        "nearestSeed": str(result.nearest_seed),
    }
