"""Serving one page of a recommendation session: engine, display fields, atomic debit, record.

Both wire dialects (the Recommendations API's ``requestId`` pages and the V3 Lookalike API's
``dedupeSessionId`` pages) plan a page their own way and shape its body their own way (a
:class:`PageShape`: typed items and a typed response model); this module does what they share.
The engine runs outside any transaction, and the reads around it (display fields) use the
autocommit ``reader``, outside the write lock. The debit, the record of returned ids, the session
insert or update and the stored idempotent response then happen in one short unit of write work
holding the account lock, where the balance and the session's returned ids are read again, so
concurrent requests can neither overdraw the account nor charge one entity twice in a session.
Concurrent requests' units share transactions (``lookalike.store.grouped_writes``), each in its
own savepoint.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import timedelta
from typing import Any, Generic, TypeVar

import sqlalchemy as sa
from pydantic import BaseModel

from lookalike.api.callers import Caller
from lookalike.api.metrics import record_page
from lookalike.api.recommenders import RecommenderProvider
from lookalike.api.results import Presenter
from lookalike.api.schemas import FiltersIn
from lookalike.domain import EntityKind, Filters, Range, RecommendationQuery
from lookalike.errors import ForbiddenError, InsufficientCreditsError
from lookalike.settings import Settings
from lookalike.store.credits import debit_from_locked_balance, locked_balance
from lookalike.store.grouped_writes import grouped_writes
from lookalike.store.idempotency import StoredResponse, store_response, stored_response_or_none
from lookalike.store.sessions import (
    SessionState,
    insert_session,
    record_returned,
    returned_among,
    touch_session,
)

Item = TypeVar("Item", bound=BaseModel)  # the response model of one result
Body = TypeVar("Body", bound=BaseModel)  # the response model of a page


@dataclass(frozen=True, slots=True)
class PageShape(Generic[Item, Body]):
    """How an endpoint answers: its items, its body, and the body's model (for replays)."""

    present: Presenter[Item]
    # (session, items charged, has more, credits per result) -> response body
    build: Callable[[SessionState, list[tuple[str, Item]], bool, int], Body]
    response_type: type[Body]


@dataclass(frozen=True, slots=True)
class PagePlan:
    """A page to serve: the session it continues or starts, and how many results it may hold."""

    session: SessionState
    is_new: bool
    limit: int


@dataclass(frozen=True, slots=True)
class Idempotency:
    """The ``Idempotency-Key`` of a request and the fingerprint of its body ("" when none)."""

    key: str | None = None
    fingerprint: str = ""


class PageService:
    """Serves planned pages for authenticated callers (see the module docstring)."""

    def __init__(
        self,
        settings: Settings,
        store: sa.Engine,
        recommenders: RecommenderProvider,
        reader: sa.Engine | None = None,
    ):
        self.settings = settings
        self.store = store
        self.reader = reader or store
        self._recommenders = recommenders
        self.session_ttl = timedelta(days=settings.session_ttl_days)
        self.exclusion_cap = settings.bounds.max_session_exclusions
        self._idempotency_ttl = timedelta(hours=settings.idempotency_ttl_hours)

    @staticmethod
    def check_plan(caller: Caller) -> None:
        """403 unless the caller's plan includes recommendations."""
        if not caller.plan.recommendations:
            raise ForbiddenError(
                f"The {caller.plan_name!r} plan of this API key does not include recommendations. "
                "Ask the operator to move the account to a plan that does."
            )

    def answer(
        self,
        caller: Caller,
        kind: EntityKind,
        shape: PageShape[Item, Body],
        idempotency: Idempotency,
        plan_page: Callable[[], PagePlan],
    ) -> Body:
        """The stored response of an idempotent retry, else the page ``plan_page()`` plans."""
        replay = self.replay_or_none(caller, idempotency, shape.response_type)
        if replay is not None:
            return replay
        return self.serve(caller, kind, plan_page(), shape, idempotency)

    def replay_or_none(
        self, caller: Caller, idempotency: Idempotency, response_type: type[Body]
    ) -> Body | None:
        """The stored response of an earlier request with the same key and body, if any."""
        if not idempotency.key:
            return None
        with self.reader.connect() as conn:
            stored = stored_response_or_none(
                conn, caller.key_id, idempotency.key, idempotency.fingerprint, self._idempotency_ttl
            )
        return response_type.model_validate(stored.body) if stored is not None else None

    def affordable_limit(self, caller: Caller, balance: int, wanted: int) -> int:
        """How many of ``wanted`` results the balance pays for; 402 when not even one."""
        affordable = _affordable(caller, balance, wanted)
        if affordable == 0:
            raise no_credits(balance)
        return affordable

    def serve(
        self,
        caller: Caller,
        kind: EntityKind,
        plan: PagePlan,
        shape: PageShape[Item, Body],
        idempotency: Idempotency,
    ) -> Body:
        """Fetch, present, charge and record the page ``plan`` describes; return its body."""
        session = plan.session
        query = RecommendationQuery(
            kind=kind,
            seed_ids=tuple(session.seeds["resolved"]),
            exclude_ids=frozenset(
                session.returned_ids | set(session.seeds["resolved"]) | set(session.exclude)
            ),
            filters=filters_from_wire(session.filters),
            limit=plan.limit,
            session_key=session.session_id,
        )
        page = self._recommenders.get().recommend(query)
        if page.unindexed_seeds:
            session = _with_unindexed_seeds(session, page.unindexed_seeds)
            plan = replace(plan, session=session)
        with self.reader.connect() as conn:
            items = shape.present(conn, page.items)

        def charge_and_record(conn: sa.Connection) -> tuple[Body, int]:
            # Lock first: later reads in this transaction then see every committed page.
            balance = locked_balance(conn, caller.account_id)
            if idempotency.key:
                stored = stored_response_or_none(
                    conn,
                    caller.key_id,
                    idempotency.key,
                    idempotency.fingerprint,
                    self._idempotency_ttl,
                )
                if stored is not None:
                    return shape.response_type.model_validate(stored.body), -1
            charged, has_more = _charge(conn, caller, plan, items, page.has_more, balance)
            body = shape.build(session, charged, has_more, caller.plan.credits_per_result)
            if idempotency.key:
                response = StoredResponse(200, body.model_dump(mode="json", by_alias=True))
                store_response(
                    conn, caller.key_id, idempotency.key, idempotency.fingerprint, response
                )
            return body, len(charged)

        body, charged = grouped_writes(self.store).run(charge_and_record, caller.account_id)
        if charged < 0:  # an earlier request with the same key and body: its stored response
            return body
        record_page(kind.value, charged, charged * caller.plan.credits_per_result)
        return body


NOT_FOUND_REASON = "not in the data universe"
NOT_INDEXED_REASON = (
    "imported after the recommendation index was built; it counts once `lookalike index build` "
    "has run"
)


def _with_unindexed_seeds(session: SessionState, unindexed: Sequence[str]) -> SessionState:
    """The session with seeds the index does not hold yet reported as unresolved, with why."""
    unresolved = list(dict.fromkeys([*session.seeds["unresolved"], *unindexed]))
    reasons = {**session.seeds.get("reasons", {}), **dict.fromkeys(unindexed, NOT_INDEXED_REASON)}
    return replace(session, seeds={**session.seeds, "unresolved": unresolved, "reasons": reasons})


def unresolved_reasons(session: SessionState) -> dict[str, str]:
    """Why each unresolved seed of the session is unresolved (the ``unresolvedReasons`` field)."""
    known = session.seeds.get("reasons", {})
    return {seed: known.get(seed, NOT_FOUND_REASON) for seed in session.seeds["unresolved"]}


def _affordable(caller: Caller, balance: int, wanted: int) -> int:
    price = caller.plan.credits_per_result
    return wanted if price == 0 else max(0, min(wanted, balance // price))


def _charge(
    conn: sa.Connection,
    caller: Caller,
    plan: PagePlan,
    items: list[tuple[str, Item]],
    has_more: bool,
    balance: int,
) -> tuple[list[tuple[str, Item]], bool]:
    """Under the account lock: drop ids the session already has, cut to what the balance
    covers, debit, and record the returned ids and the session."""
    session = plan.session
    if not plan.is_new:
        already = returned_among(conn, session.session_id, [entity_id for entity_id, _ in items])
        items = [(entity_id, item) for entity_id, item in items if entity_id not in already]
    affordable = _affordable(caller, balance, len(items))
    if items and affordable == 0:
        raise no_credits(balance)
    has_more = has_more or affordable < len(items)
    items = items[:affordable]
    price = caller.plan.credits_per_result
    debit_from_locked_balance(
        conn, caller.account_id, caller.key_id, price * len(items), session.session_id, balance
    )
    # A new session's id is fresh, so it is inserted; a continued one exists (it was read).
    if plan.is_new or not touch_session(conn, session):
        insert_session(conn, session)
    record_returned(conn, session.session_id, [entity_id for entity_id, _ in items], price)
    return items, has_more


def no_credits(balance: int) -> InsufficientCreditsError:
    """The 402 for an account whose balance does not pay for one result."""
    return InsufficientCreditsError(
        f"The account has {balance} credits left, not enough for one result. "
        "Ask the operator to grant more credits (lookalike keys grant)."
    )


def filters_json(filters: FiltersIn) -> dict[str, Any]:
    """A request's filters in the stored wire form."""
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
