"""The Recommendations API use case: a ``requestId`` session planned from a request, one page.

A ``requestId`` session is fixed by its first request: its seeds, filters and exclusions; a
later request may repeat them unchanged or leave them out, and adds exclusions. Serving the page
(engine, atomic debit, record) is ``lookalike.api.page_service``'s.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa

from lookalike.api.callers import Caller
from lookalike.api.page_service import (
    Idempotency,
    PagePlan,
    PageService,
    PageShape,
    filters_json,
    unresolved_reasons,
)
from lookalike.api.results import company_item, contact_item, presenter
from lookalike.api.schemas import (
    CompaniesRequest,
    CompaniesResponse,
    CompanyOut,
    CompanySeed,
    ContactOut,
    ContactSeed,
    ContactsRequest,
    ContactsResponse,
)
from lookalike.api.seeds import resolve_exclusions, resolve_seeds, seed_tokens
from lookalike.domain import EntityKind
from lookalike.errors import InvalidRequestError, NotFoundError
from lookalike.store.credits import current_balance
from lookalike.store.idempotency import request_fingerprint
from lookalike.store.sessions import (
    SessionState,
    merged_exclusions,
    new_session_id,
    session_or_none,
)

RecommendationsRequest = ContactsRequest | CompaniesRequest
RecommendationsResponse = ContactsResponse | CompaniesResponse
SeedList = Sequence[ContactSeed] | Sequence[CompanySeed]


class RecommendationService:
    """Serves Recommendations API pages for authenticated callers."""

    def __init__(self, pages: PageService):
        self._pages = pages

    def recommend(
        self,
        caller: Caller,
        kind: EntityKind,
        request: RecommendationsRequest,
        idempotency_key: str | None = None,
    ) -> RecommendationsResponse:
        """One page of recommendations as the wire body; replays an idempotent retry."""
        self._pages.check_plan(caller)
        idempotency = Idempotency()
        if idempotency_key:
            fingerprint = request_fingerprint(kind.value, request.model_dump(mode="json"))
            idempotency = Idempotency(idempotency_key, fingerprint)

        def plan_page() -> PagePlan:
            return self._plan_page(caller, kind, request)

        if kind is EntityKind.CONTACTS:
            return self._pages.answer(caller, kind, CONTACTS_PAGE, idempotency, plan_page)
        return self._pages.answer(caller, kind, COMPANIES_PAGE, idempotency, plan_page)

    def _plan_page(
        self, caller: Caller, kind: EntityKind, request: RecommendationsRequest
    ) -> PagePlan:
        seeds = request.contacts if isinstance(request, ContactsRequest) else request.companies
        with self._pages.reader.connect() as conn:
            exclude = resolve_exclusions(conn, request.exclude)
            if request.request_id is not None:
                session = self._continued_session(conn, caller, kind, request, seeds)
                session = replace(session, exclude=self._exclusions(session, exclude))
                is_new = False
            else:
                session = self._new_session(conn, caller, kind, request, seeds or [], exclude)
                is_new = True
            balance = current_balance(conn, caller.account_id)
        limit = self._pages.affordable_limit(caller, balance, request.limit)
        return PagePlan(session=session, is_new=is_new, limit=limit)

    def _exclusions(self, session: SessionState | None, added: set[str]) -> tuple[str, ...]:
        """The session's exclusions with ``added``; 400 past the cap per session."""
        return merged_exclusions(session, added, self._pages.exclusion_cap, "requestId")

    def _continued_session(
        self,
        conn: sa.Connection,
        caller: Caller,
        kind: EntityKind,
        request: RecommendationsRequest,
        seeds: SeedList | None,
    ) -> SessionState:
        request_id = request.request_id or ""
        ttl = self._pages.session_ttl
        session = session_or_none(conn, request_id, caller.account_id, ttl)
        if session is None or session.kind != kind.value:
            raise NotFoundError(
                f"No {kind.value} recommendation session has requestId {request_id!r} for this "
                f"API key (sessions expire {ttl.days} days after their last use). "
                "Send the seeds without a requestId to start a new one."
            )
        if seeds is not None and list(seed_tokens(seeds)) != session.seeds["given"]:
            raise InvalidRequestError(
                f"The '{kind.value}' seeds differ from those of requestId {request_id!r}. Repeat "
                "the original seeds unchanged or leave them out, or drop requestId to start anew."
            )
        if request.filters is not None and filters_json(request.filters) != session.filters:
            raise InvalidRequestError(
                f"The 'filters' differ from those of requestId {request_id!r}. Repeat the original "
                "filters or leave them out, or drop requestId to start a new session."
            )
        return session

    def _new_session(
        self,
        conn: sa.Connection,
        caller: Caller,
        kind: EntityKind,
        request: RecommendationsRequest,
        seeds: SeedList,
        exclude: set[str],
    ) -> SessionState:
        resolved = resolve_seeds(conn, kind, seeds)
        if not resolved.resolved:
            names = ", ".join(repr(name) for name in resolved.unresolved[:10])
            singular = "contact" if kind is EntityKind.CONTACTS else "company"
            raise NotFoundError(
                f"No seed {singular} is in the data universe: {names}. Check the ids or "
                f"domains, or import those {kind.value} first."
            )
        return SessionState(
            session_id=new_session_id(),
            account_id=caller.account_id,
            key_id=caller.key_id,
            kind=kind.value,
            seeds={
                "given": list(resolved.given),
                "resolved": list(resolved.resolved),
                "unresolved": list(resolved.unresolved),
            },
            exclude=self._exclusions(None, exclude),
            filters=filters_json(request.filters) if request.filters else {},
            last_used_at=datetime.now(UTC),
        )


def _contacts_body(
    session: SessionState, items: list[tuple[str, ContactOut]], has_more: bool, price: int
) -> ContactsResponse:
    return ContactsResponse(
        contacts=[item for _, item in items], **_page_fields(session, len(items), has_more, price)
    )


def _companies_body(
    session: SessionState, items: list[tuple[str, CompanyOut]], has_more: bool, price: int
) -> CompaniesResponse:
    return CompaniesResponse(
        companies=[item for _, item in items], **_page_fields(session, len(items), has_more, price)
    )


def _page_fields(session: SessionState, count: int, has_more: bool, price: int) -> dict[str, Any]:
    return {
        "request_id": session.session_id,
        "count": count,
        "credits_charged": price * count,
        "has_more": has_more,
        "unresolved_seeds": list(session.seeds["unresolved"]),
        "unresolved_reasons": unresolved_reasons(session),
    }


CONTACTS_PAGE = PageShape(
    presenter(EntityKind.CONTACTS, contact_item), _contacts_body, ContactsResponse
)
COMPANIES_PAGE = PageShape(
    presenter(EntityKind.COMPANIES, company_item), _companies_body, CompaniesResponse
)
