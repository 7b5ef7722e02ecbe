"""The V3 Lookalike API use case: a ``dedupeSessionId`` session, one page per call.

Unlike a ``requestId``, a ``dedupeSessionId`` does not fix the query: each call may name its own
seeds (or none, to reuse the session's last ones), adds its exclusions and may change its
filters; what the session guarantees is that no entity it returned comes back, and none is
charged twice. A V3 session is kept apart from the Recommendations API's (its stored kind is
``v3:contacts`` or ``v3:companies``), and lives 30 days from its last use like them. Serving the
page (engine, atomic debit, record) is ``lookalike.api.page_service``'s.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa

from lookalike.api.callers import Caller
from lookalike.api.lookalike_results import lookalike_company, lookalike_contact
from lookalike.api.lookalike_schemas import (
    BillingOut,
    CompanyLookalikesResponse,
    ContactLookalikesRequest,
    ContactLookalikesResponse,
    LookalikeCompanyOut,
    LookalikeContactOut,
    LookalikesRequest,
    LookalikesResponse,
    MetaOut,
)
from lookalike.api.lookalike_seeds import resolve_identifiers
from lookalike.api.page_service import (
    Idempotency,
    PagePlan,
    PageService,
    PageShape,
    unresolved_reasons,
)
from lookalike.api.page_service import filters_json as _filters_json
from lookalike.api.results import presenter
from lookalike.api.seeds import ResolvedSeeds
from lookalike.domain import EntityKind
from lookalike.errors import GoneError, NotFoundError
from lookalike.store.credits import current_balance
from lookalike.store.idempotency import request_fingerprint
from lookalike.store.sessions import (
    SessionState,
    merged_exclusions,
    new_session_id,
    session_or_none,
)


def session_kind(kind: EntityKind) -> str:
    """The stored kind of a V3 session of ``kind``."""
    return f"v3:{kind.value}"


class LookalikeService:
    """Serves V3 lookalike pages for authenticated callers."""

    def __init__(self, pages: PageService):
        self._pages = pages

    def lookalikes(
        self,
        caller: Caller,
        kind: EntityKind,
        request: LookalikesRequest,
        idempotency_key: str | None = None,
    ) -> LookalikesResponse:
        """One page of lookalikes as the V3 body; replays an idempotent retry."""
        self._pages.check_plan(caller)
        idempotency = Idempotency()
        if idempotency_key:
            fingerprint = request_fingerprint(session_kind(kind), request.model_dump(mode="json"))
            idempotency = Idempotency(idempotency_key, fingerprint)

        def plan_page() -> PagePlan:
            return self._plan_page(caller, kind, request)

        if kind is EntityKind.CONTACTS:
            return self._pages.answer(caller, kind, CONTACT_LOOKALIKES, idempotency, plan_page)
        return self._pages.answer(caller, kind, COMPANY_LOOKALIKES, idempotency, plan_page)

    def _plan_page(self, caller: Caller, kind: EntityKind, request: LookalikesRequest) -> PagePlan:
        with self._pages.reader.connect() as conn:
            seeds = resolve_identifiers(conn, request.seeds)
            exclude = set(resolve_identifiers(conn, request.exclude).resolved)
            if seeds.given and not seeds.resolved:
                raise _no_seed_known(kind, seeds)
            if request.dedupe_session_id is not None:
                session = self._continued_session(conn, caller, kind, request, seeds, exclude)
            else:
                session = _new_session(
                    caller, kind, request, seeds, self._exclusions(None, exclude)
                )
            balance = current_balance(conn, caller.account_id)
        limit = self._pages.affordable_limit(caller, balance, request.limit)
        return PagePlan(session, request.dedupe_session_id is None, limit)

    def _exclusions(self, session: SessionState | None, added: set[str]) -> tuple[str, ...]:
        """The session's exclusions with ``added``; 400 past the cap per session."""
        return merged_exclusions(session, added, self._pages.exclusion_cap, "dedupeSessionId")

    def _continued_session(
        self,
        conn: sa.Connection,
        caller: Caller,
        kind: EntityKind,
        request: LookalikesRequest,
        seeds: ResolvedSeeds,
        exclude: set[str],
    ) -> SessionState:
        session_id = request.dedupe_session_id or ""
        session = session_or_none(conn, session_id, caller.account_id, self._pages.session_ttl)
        if session is None or session.kind != session_kind(kind):
            raise GoneError(
                f"The dedupeSessionId {session_id!r} is invalid or expired for this API key "
                f"(sessions expire {self._pages.session_ttl.days} days after their last use). "
                "Send the request without a dedupeSessionId to start a new session."
            )
        # Earlier seeds stay excluded: a seed of the session is never one of its results.
        earlier_seeds = set(session.seeds["resolved"])
        return replace(
            session,
            seeds=_seeds_json(seeds) if seeds.given else session.seeds,
            exclude=self._exclusions(session, exclude | earlier_seeds),
            filters=_filters_json(request.filters) if request.filters else session.filters,
        )


def _new_session(
    caller: Caller,
    kind: EntityKind,
    request: LookalikesRequest,
    seeds: ResolvedSeeds,
    exclude: tuple[str, ...],
) -> SessionState:
    return SessionState(
        session_id=new_session_id(),
        account_id=caller.account_id,
        key_id=caller.key_id,
        kind=session_kind(kind),
        seeds=_seeds_json(seeds),
        exclude=exclude,
        filters=_filters_json(request.filters) if request.filters else {},
        last_used_at=datetime.now(UTC),
    )


def _seeds_json(seeds: ResolvedSeeds) -> dict[str, list[str]]:
    return {
        "given": list(seeds.given),
        "resolved": list(seeds.resolved),
        "unresolved": list(seeds.unresolved),
    }


_IDENTIFIERS = {
    EntityKind.CONTACTS: "ids, emails, LinkedIn URLs or names",
    EntityKind.COMPANIES: "ids, domains or LinkedIn URLs",
}


def _no_seed_known(kind: EntityKind, seeds: ResolvedSeeds) -> NotFoundError:
    names = ", ".join(repr(name) for name in seeds.unresolved[:10])
    singular = "contact" if kind is EntityKind.CONTACTS else "company"
    return NotFoundError(
        f"No seed {singular} is in the data universe: {names}. Check the identifiers, or "
        f"import those {kind.value} (with their {_IDENTIFIERS[kind]}) first."
    )


def _contacts_body(
    session: SessionState,
    items: list[tuple[str, LookalikeContactOut]],
    has_more: bool,
    price: int,
) -> ContactLookalikesResponse:
    return ContactLookalikesResponse(
        results=[item for _, item in items], **_page_fields(session, len(items), has_more, price)
    )


def _companies_body(
    session: SessionState,
    items: list[tuple[str, LookalikeCompanyOut]],
    has_more: bool,
    price: int,
) -> CompanyLookalikesResponse:
    return CompanyLookalikesResponse(
        results=[item for _, item in items], **_page_fields(session, len(items), has_more, price)
    )


def _page_fields(session: SessionState, count: int, has_more: bool, price: int) -> dict[str, Any]:
    """The fields of a V3 page besides its results."""
    return {
        "dedupe_session_id": session.session_id,
        "meta": MetaOut(returned=count, has_more=has_more),
        "billing": BillingOut(credits_charged=price * count, results_returned=count),
        "unresolved_seeds": list(session.seeds["unresolved"]),
        "unresolved_reasons": unresolved_reasons(session),
    }


CONTACT_LOOKALIKES = PageShape(
    presenter(EntityKind.CONTACTS, lookalike_contact), _contacts_body, ContactLookalikesResponse
)
COMPANY_LOOKALIKES = PageShape(
    presenter(EntityKind.COMPANIES, lookalike_company), _companies_body, CompanyLookalikesResponse
)


def request_kind(request: LookalikesRequest) -> EntityKind:
    """The entity kind a V3 request asks for."""
    if isinstance(request, ContactLookalikesRequest):
        return EntityKind.CONTACTS
    return EntityKind.COMPANIES
