"""The recommendations use case: seeds -> engine page -> atomic debit, session update and result.

The engine runs outside any transaction, and the reads before and after it (seeds, session,
balance pre-check, display fields) use the autocommit ``reader``, outside the write lock. The
debit, the record of returned ids, the session insert or update and the stored idempotent response
then happen in one short transaction holding the account lock, where the balance and the session's
returned ids are read again, so concurrent requests can neither overdraw the account nor charge one
entity twice in a session.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from typing import Any

import sqlalchemy as sa

from lookalike.api.callers import Caller
from lookalike.api.recommenders import RecommenderProvider
from lookalike.api.results import WireItem, present_items
from lookalike.api.schemas import (
    CompaniesRequest,
    CompanySeed,
    ContactSeed,
    ContactsRequest,
    FiltersIn,
)
from lookalike.api.seeds import resolve_exclusions, resolve_seeds, seed_tokens
from lookalike.domain import EntityKind, Filters, Range, RecommendationQuery
from lookalike.errors import (
    ForbiddenError,
    InsufficientCreditsError,
    InvalidRequestError,
    NotFoundError,
)
from lookalike.settings import Settings
from lookalike.store.credits import current_balance, debit_from_locked_balance, locked_balance
from lookalike.store.idempotency import (
    StoredResponse,
    request_fingerprint,
    store_response,
    stored_response_or_none,
)
from lookalike.store.sessions import (
    SessionState,
    insert_session,
    new_session_id,
    record_returned,
    returned_ids,
    session_or_none,
    touch_session,
)
from lookalike.store.writes import write_transaction

RecommendationsRequest = ContactsRequest | CompaniesRequest
SeedList = Sequence[ContactSeed] | Sequence[CompanySeed]
Body = dict[str, Any]


@dataclass(frozen=True, slots=True)
class _Plan:
    """A page to fetch: the session it continues or starts, and the query for the engine."""

    session: SessionState
    is_new: bool
    limit: int


class RecommendationService:
    """Serves recommendation pages for authenticated callers."""

    def __init__(
        self,
        settings: Settings,
        store: sa.Engine,
        recommenders: RecommenderProvider,
        reader: sa.Engine | None = None,
    ):
        self._settings = settings
        self._store = store
        self._reader = reader or store
        self._recommenders = recommenders
        self._session_ttl = timedelta(days=settings.session_ttl_days)
        self._idempotency_ttl = timedelta(hours=settings.idempotency_ttl_hours)

    def recommend(
        self,
        caller: Caller,
        kind: EntityKind,
        request: RecommendationsRequest,
        idempotency_key: str | None = None,
    ) -> Body:
        """One page of recommendations as the wire body; replays an idempotent retry."""
        if not caller.plan.recommendations:
            raise ForbiddenError(
                f"The {caller.plan_name!r} plan of this API key does not include recommendations. "
                "Ask the operator to move the account to a plan that does."
            )
        fingerprint = ""
        if idempotency_key:
            fingerprint = request_fingerprint(kind.value, request.model_dump(mode="json"))
            replay = self._replay_or_none(caller, idempotency_key, fingerprint)
            if replay is not None:
                return replay
        plan = self._plan_page(caller, kind, request)
        query = RecommendationQuery(
            kind=kind,
            seed_ids=tuple(plan.session.seeds["resolved"]),
            exclude_ids=frozenset(
                plan.session.returned_ids
                | set(plan.session.seeds["resolved"])
                | set(plan.session.exclude)
            ),
            filters=filters_from_wire(plan.session.filters),
            limit=plan.limit,
        )
        page = self._recommenders.get().recommend(query)
        with self._reader.connect() as conn:
            items = present_items(conn, kind, page.items)
        return self._commit_page(
            caller, kind, plan, items, page.has_more, idempotency_key, fingerprint
        )

    def _replay_or_none(self, caller: Caller, key: str, fingerprint: str) -> Body | None:
        with self._reader.connect() as conn:
            stored = stored_response_or_none(
                conn, caller.key_id, key, fingerprint, self._idempotency_ttl
            )
        return stored.body if stored is not None else None

    def _plan_page(
        self, caller: Caller, kind: EntityKind, request: RecommendationsRequest
    ) -> _Plan:
        seeds = request.contacts if isinstance(request, ContactsRequest) else request.companies
        with self._reader.connect() as conn:
            exclude = resolve_exclusions(conn, request.exclude)
            if request.request_id is not None:
                session = self._continued_session(conn, caller, kind, request, seeds)
                session = replace(session, exclude=tuple(sorted(set(session.exclude) | exclude)))
                is_new = False
            else:
                session = self._new_session(conn, caller, kind, request, seeds or [], exclude)
                is_new = True
            balance = current_balance(conn, caller.account_id)
        affordable = self._affordable(caller, balance, request.limit)
        if affordable == 0:
            raise _no_credits(balance)
        return _Plan(session=session, is_new=is_new, limit=min(request.limit, affordable))

    def _continued_session(
        self,
        conn: sa.Connection,
        caller: Caller,
        kind: EntityKind,
        request: RecommendationsRequest,
        seeds: SeedList | None,
    ) -> SessionState:
        request_id = request.request_id or ""
        session = session_or_none(conn, request_id, caller.account_id, self._session_ttl)
        if session is None or session.kind != kind.value:
            raise NotFoundError(
                f"No {kind.value} recommendation session has requestId {request_id!r} for this "
                f"API key (sessions expire {self._session_ttl.days} days after their last use). "
                "Send the seeds without a requestId to start a new one."
            )
        if seeds is not None and list(seed_tokens(seeds)) != session.seeds["given"]:
            raise InvalidRequestError(
                f"The '{kind.value}' seeds differ from those of requestId {request_id!r}. Repeat "
                "the original seeds unchanged or leave them out, or drop requestId to start anew."
            )
        if request.filters is not None and _filters_json(request.filters) != session.filters:
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
            exclude=tuple(sorted(exclude)),
            filters=_filters_json(request.filters) if request.filters else {},
            last_used_at=datetime.now(UTC),
        )

    @staticmethod
    def _affordable(caller: Caller, balance: int, wanted: int) -> int:
        price = caller.plan.credits_per_result
        return wanted if price == 0 else max(0, min(wanted, balance // price))

    def _commit_page(
        self,
        caller: Caller,
        kind: EntityKind,
        plan: _Plan,
        items: list[tuple[str, WireItem]],
        has_more: bool,
        idempotency_key: str | None,
        fingerprint: str,
    ) -> Body:
        session = plan.session
        with write_transaction(self._store) as conn:
            # Lock first: later reads in this transaction then see every committed page.
            balance = locked_balance(conn, caller.account_id)
            if idempotency_key:
                stored = stored_response_or_none(
                    conn, caller.key_id, idempotency_key, fingerprint, self._idempotency_ttl
                )
                if stored is not None:
                    return stored.body
            items, has_more = self._charge(conn, caller, plan, items, has_more, balance)
            body = _page_body(kind, session, items, has_more, caller.plan.credits_per_result)
            if idempotency_key:
                response = StoredResponse(200, body)
                store_response(conn, caller.key_id, idempotency_key, fingerprint, response)
        return body

    def _charge(
        self,
        conn: sa.Connection,
        caller: Caller,
        plan: _Plan,
        items: list[tuple[str, WireItem]],
        has_more: bool,
        balance: int,
    ) -> tuple[list[tuple[str, WireItem]], bool]:
        """Under the account lock: drop ids the session already has, cut to what the balance
        covers, debit, and record the returned ids and the session."""
        session = plan.session
        if not plan.is_new:
            already = returned_ids(conn, session.session_id)
            items = [(entity_id, item) for entity_id, item in items if entity_id not in already]
        affordable = self._affordable(caller, balance, len(items))
        if items and affordable == 0:
            raise _no_credits(balance)
        has_more = has_more or affordable < len(items)
        items = items[:affordable]
        price = caller.plan.credits_per_result
        cost = price * len(items)
        debit_from_locked_balance(
            conn, caller.account_id, caller.key_id, cost, session.session_id, balance
        )
        # A new session's id is fresh, so it is inserted; a continued one exists (it was read).
        if plan.is_new or not touch_session(conn, session):
            insert_session(conn, session)
        record_returned(conn, session.session_id, [entity_id for entity_id, _ in items], price)
        return items, has_more


def _page_body(
    kind: EntityKind,
    session: SessionState,
    items: list[tuple[str, WireItem]],
    has_more: bool,
    price: int,
) -> Body:
    return {
        "requestId": session.session_id,
        "count": len(items),
        "creditsCharged": price * len(items),
        "hasMore": has_more,
        "unresolvedSeeds": list(session.seeds["unresolved"]),
        kind.value: [item for _, item in items],
    }


def _no_credits(balance: int) -> InsufficientCreditsError:
    return InsufficientCreditsError(
        f"The account has {balance} credits left, not enough for one result. "
        "Ask the operator to grant more credits (lookalike keys grant)."
    )


def _filters_json(filters: FiltersIn) -> dict[str, Any]:
    return filters.model_dump(mode="json", by_alias=True)


def filters_from_wire(data: dict[str, Any]) -> Filters:
    """The engine's :class:`Filters` from the stored wire form of a request's filters."""
    if not data:
        return Filters()
    wire = FiltersIn.model_validate(data)
    return Filters(
        countries=tuple(wire.countries),
        industries=tuple(wire.industries),
        sizes=tuple(Range(r.min, r.max) for r in wire.sizes),
        revenues=tuple(Range(r.min, r.max) for r in wire.revenues),
        seniority=tuple(wire.seniority),
        departments=tuple(wire.departments),
        company_ids=tuple(wire.company_ids),
    )
