"""``GET /api/entities/search``: find seed contacts or companies by name, domain, title or id.

Free (no credits), authenticated and counted against the key's rate limits like any call.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from lookalike.api.deps import LimitedCallerDep, ServicesDep
from lookalike.api.routes.responses import error_responses
from lookalike.api.schemas import CamelModel
from lookalike.domain import EntityKind
from lookalike.errors import InvalidRequestError
from lookalike.store.entity_search import (
    MAX_QUERY_LENGTH,
    MAX_SEARCH_LIMIT,
    EntityCard,
    query_words,
    search_companies,
    search_contacts,
)

DEFAULT_SEARCH_LIMIT = 10
router = APIRouter(prefix="/api/entities", tags=["entities"])


class EntityCardOut(CamelModel):
    """A contact or company found by a search: enough to recognise it and send it as a seed."""

    id: str
    name: str
    title: str | None = None
    company_id: str | None = None
    company_name: str | None = None
    domain: str | None = None


class EntitySearchResponse(CamelModel):
    """Response of ``GET /api/entities/search``: best matches first."""

    kind: EntityKind
    query: str
    count: int
    results: list[EntityCardOut]


KindQuery = Annotated[EntityKind, Query(description="What to search: contacts or companies.")]
TextQuery = Annotated[
    str,
    Query(
        min_length=1,
        max_length=MAX_QUERY_LENGTH,
        description="A name, domain, job title or id; each word must start a word of the entity "
        "(companies: name, or the start of the domain; contacts: name, job title, company name, "
        "or the start of the e-mail address).",
    ),
]
LimitQuery = Annotated[int, Query(ge=1, le=MAX_SEARCH_LIMIT, description="Most cards to return.")]


@router.get(
    "/search",
    response_model=EntitySearchResponse,
    responses=error_responses(400, 401, 403, 429, 500, 503),
)
def search_entities(
    caller: LimitedCallerDep,
    services: ServicesDep,
    kind: KindQuery,
    q: TextQuery,
    limit: LimitQuery = DEFAULT_SEARCH_LIMIT,
) -> EntitySearchResponse:
    """Contacts or companies matching `q`, as small cards to pick seeds from (costs no credits)."""
    del caller  # authenticated and counted; searching is free
    if not query_words(q):
        raise InvalidRequestError(
            "The query 'q' is blank. Send a name, domain, job title or id of 1 to "
            f"{MAX_QUERY_LENGTH} characters."
        )
    search = search_contacts if kind is EntityKind.CONTACTS else search_companies
    with services.reader.connect() as conn:
        cards = search(conn, q, limit)
    return EntitySearchResponse(
        kind=kind, query=q, count=len(cards), results=[_card_out(card) for card in cards]
    )


def _card_out(card: EntityCard) -> EntityCardOut:
    return EntityCardOut(
        id=card.id,
        name=card.name,
        title=card.title,
        company_id=card.company_id,
        company_name=card.company_name,
        domain=card.domain,
    )
