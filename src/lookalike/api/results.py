"""Turning engine results into wire items, with display fields read from the store.

Items are the response models of the Recommendations API (``ContactOut`` / ``CompanyOut``), built
once here and serialised by the route with pydantic's JSON serialiser.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, TypeVar

import sqlalchemy as sa
from pydantic import BaseModel

from lookalike.api.schemas import (
    CompanyOut,
    ContactOut,
    LocationOut,
    ReasonOut,
    RevenueRangeOut,
    SeniorityOut,
)
from lookalike.domain import (
    Department,
    EntityKind,
    Recommendation,
    Seniority,
    revenue_range_or_none,
    size_band_or_none,
)
from lookalike.store.display import company_cards, contact_cards

WireItem = TypeVar("WireItem", bound=BaseModel)
"""A result's response model: ``ContactOut``, ``CompanyOut`` or a V3 lookalike item."""
# (display card, engine result) -> wire item
ItemBuilder = Callable[[Any, Recommendation], WireItem]
# (reader connection, engine results) -> (entity id, item) for each result still stored
Presenter = Callable[[sa.Connection, Sequence[Recommendation]], list[tuple[str, WireItem]]]


def presenter(kind: EntityKind, build: ItemBuilder[WireItem]) -> Presenter[WireItem]:
    """A presenter of ``kind`` results as the items ``build`` makes (see :func:`present_with`)."""

    def present(conn: sa.Connection, items: Sequence[Recommendation]) -> list[tuple[str, WireItem]]:
        return present_with(conn, kind, items, build)

    return present


def present_with(
    conn: sa.Connection,
    kind: EntityKind,
    items: Sequence[Recommendation],
    build: ItemBuilder[WireItem],
) -> list[tuple[str, WireItem]]:
    """``(entity id, build(display card, result))`` for each result of ``kind`` still in the
    store, in the engine's order."""
    ids = [item.entity_id for item in items]
    cards = contact_cards(conn, ids) if kind is EntityKind.CONTACTS else company_cards(conn, ids)
    return [
        (item.entity_id, build(cards[item.entity_id], item))
        for item in items
        if item.entity_id in cards
    ]


def reasons_of(result: Recommendation) -> list[ReasonOut]:
    """The reasons of a result in their wire form."""
    return [
        ReasonOut(type=str(reason.type), value=str(reason.value), seeds=int(reason.seeds))
        for reason in result.reasons
    ]


def contact_item(card: Sequence[Any], result: Recommendation) -> ContactOut:
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
    return ContactOut(
        person_id=person_id,
        company_id=company_id,
        name=f"{first_name} {last_name}"
        if first_name and last_name
        else first_name or last_name or "",
        job_title=job_title,
        company_name=company_name or "",
        seniority=SeniorityOut(id=int(seniority), name=seniority.label),
        departments=[Department(name).value for name in departments.split("|") if name]
        if departments
        else [],
        company_domain=company_domain,
        location=LocationOut(country=country, city=city),
        score=round(float(result.score), 4),
        reasons=reasons_of(result),
        nearest_seed=str(result.nearest_seed),
    )


def company_item(card: sa.Row[Any], result: Recommendation) -> CompanyOut:
    """A company (a ``lookalike.store.display.company_cards`` row) as the companies endpoint
    returns it."""
    band = size_band_or_none(card.employees)
    revenue = revenue_range_or_none(card.revenue)
    return CompanyOut(
        company_id=card.company_id,
        name=card.name,
        fqdn=card.domain or "",
        description=card.description or "",
        industry=card.industry,
        employees=card.employees,
        size_range=band.label if band else None,
        revenue_range=RevenueRangeOut(min=revenue[0], max=revenue[1]) if revenue else None,
        location=LocationOut(country=card.country, city=card.city),
        founded_year=card.founded_year,
        score=round(float(result.score), 4),
        reasons=reasons_of(result),
        nearest_seed=str(result.nearest_seed),
    )
