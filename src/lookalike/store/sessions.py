"""Recommendation sessions: what a ``requestId`` names, scoped to the account that created it.

A session keeps its seeds, exclusions, filters and every id already returned, so the next page
never repeats one and no entity is charged twice. It lives ``ttl`` from its last use. Its
exclusions are bounded (``merged_exclusions``) and stored as one compact JSON list.
"""

from __future__ import annotations

import functools
import json
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import sqlalchemy as sa

from lookalike.errors import InvalidRequestError
from lookalike.store.schema import session_items, sessions

_CHUNK = 500

# Hot statements are built once; their values are bound at execution.
_SESSION = sa.select(sessions).where(
    sessions.c.session_id == sa.bindparam("wanted"),
    sessions.c.account_id == sa.bindparam("account"),
)
_RETURNED = sa.select(session_items.c.entity_id).where(
    session_items.c.session_id == sa.bindparam("wanted")
)
_RETURNED_AMONG = _RETURNED.where(
    session_items.c.entity_id.in_(sa.bindparam("among", expanding=True))
)
_INSERT_SESSION = sa.insert(sessions)
# The columns to set come from the parameters: seeds, exclude, filters and last_used_at.
_TOUCH = sa.update(sessions).where(sessions.c.session_id == sa.bindparam("wanted"))


@dataclass(frozen=True, slots=True)
class SessionState:
    """A recommendation session as stored (``seeds``: the request's seeds and their resolution)."""

    session_id: str
    account_id: int
    key_id: int
    kind: str
    seeds: dict[str, Any]
    exclude: tuple[str, ...]
    filters: dict[str, Any]
    last_used_at: datetime
    returned_ids: frozenset[str] = field(default_factory=frozenset)


def new_session_id() -> str:
    """A fresh, unguessable request id (a UUID, as Lusha's are)."""
    return str(uuid.uuid4())


def session_or_none(
    conn: sa.Connection, session_id: str, account_id: int, ttl: timedelta
) -> SessionState | None:
    """The live session ``session_id`` of ``account_id``; None when unknown, expired or foreign."""
    row = conn.execute(_SESSION, {"wanted": session_id, "account": account_id}).first()
    if row is None or _aware(row.last_used_at) + ttl < datetime.now(UTC):
        return None
    return SessionState(
        session_id=row.session_id,
        account_id=int(row.account_id),
        key_id=int(row.key_id),
        kind=row.kind,
        seeds=json.loads(row.seeds),
        exclude=tuple(json.loads(row.exclude)),
        filters=json.loads(row.filters),
        last_used_at=_aware(row.last_used_at),
        returned_ids=frozenset(returned_ids(conn, session_id)),
    )


def _aware(moment: datetime) -> datetime:
    # SQLite hands back naive datetimes; everything stored is UTC.
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def returned_ids(conn: sa.Connection, session_id: str) -> set[str]:
    """Every entity id already returned in the session."""
    return set(conn.execute(_RETURNED, {"wanted": session_id}).scalars())


def returned_among(conn: sa.Connection, session_id: str, entity_ids: Sequence[str]) -> set[str]:
    """Which of ``entity_ids`` (a page, at most a few hundred) the session returned already."""
    if not entity_ids:
        return set()
    found = conn.execute(_RETURNED_AMONG, {"wanted": session_id, "among": list(entity_ids)})
    return set(found.scalars())


def save_session(conn: sa.Connection, state: SessionState) -> None:
    """Insert a new session or update an existing one's seeds, exclusions and last use (now)."""
    if not touch_session(conn, state):
        insert_session(conn, state)


def touch_session(conn: sa.Connection, state: SessionState) -> bool:
    """Update a stored session's seeds, exclusions, filters and last use (now); False when it
    is not stored. (A Recommendations API session keeps its seeds and filters; a V3 session
    takes each call's.)"""
    updated = conn.execute(
        _TOUCH,
        {
            "seeds": json.dumps(state.seeds, sort_keys=True),
            "exclude": _exclude_json(state),
            "filters": json.dumps(state.filters, sort_keys=True),
            "last_used_at": datetime.now(UTC),
            "wanted": state.session_id,
        },
    ).rowcount
    return bool(updated)


def insert_session(conn: sa.Connection, state: SessionState) -> None:
    """Store a session that is not stored yet (its id is new), last used now."""
    now = datetime.now(UTC)
    conn.execute(
        _INSERT_SESSION,
        {
            "session_id": state.session_id,
            "account_id": state.account_id,
            "key_id": state.key_id,
            "kind": state.kind,
            "seeds": json.dumps(state.seeds, sort_keys=True),
            "exclude": _exclude_json(state),
            "filters": json.dumps(state.filters, sort_keys=True),
            "created_at": now,
            "last_used_at": now,
        },
    )


def _exclude_json(state: SessionState) -> str:
    return json.dumps(sorted(state.exclude), separators=(",", ":"))


def merged_exclusions(
    session: SessionState | None, added: Iterable[str], cap: int, session_field: str
) -> tuple[str, ...]:
    """The exclusions to store: ``session``'s (None: a new session's) and ``added``, sorted.

    Ids the session returned are dropped: they are excluded anyway. A request that would grow
    the exclusions past ``cap`` is refused (400), saying how to start a new session: drop
    ``session_field`` (the wire name of the session id).
    """
    stored = session.exclude if session is not None else ()
    returned = session.returned_ids if session is not None else frozenset()
    merged = (set(stored) | set(added)) - returned
    if len(merged) > cap and len(merged) > len(stored):
        raise InvalidRequestError(_over_cap_message(session, len(merged), cap, session_field))
    return tuple(sorted(merged))


def _over_cap_message(
    session: SessionState | None, count: int, cap: int, session_field: str
) -> str:
    if session is None:
        return (
            f"The request excludes {count} ids; a session excludes at most {cap}. "
            f"Send at most {cap} exclusions."
        )
    return (
        f"This request would make the session {session_field} {session.session_id!r} exclude "
        f"{count} ids; a session excludes at most {cap}. Start a new session: send the request "
        f"without '{session_field}', excluding only the ids that still matter."
    )


def record_returned(
    conn: sa.Connection, session_id: str, entity_ids: Iterable[str], charged_each: int
) -> None:
    """Remember that ``entity_ids`` were returned (and charged ``charged_each``) in the session."""
    rows = [
        {"session_id": session_id, "entity_id": entity_id, "charged": charged_each}
        for entity_id in entity_ids
    ]
    if not rows:
        return
    # Up to 25 rows on every page: hand them to the driver's executemany directly rather than
    # have SQLAlchemy process each row's parameters.
    sql, positions = _insert_item_sql(conn.dialect)
    if positions is None:
        conn.exec_driver_sql(sql, rows)
    else:
        conn.exec_driver_sql(sql, [tuple(row[name] for name in positions) for row in rows])


@functools.cache
def _insert_item_sql(dialect: sa.Dialect) -> tuple[str, tuple[str, ...] | None]:
    """The dialect's INSERT of one session item, and its parameter order when positional."""
    compiled = sa.insert(session_items).compile(
        dialect=dialect, column_keys=["session_id", "entity_id", "charged"]
    )
    positions = compiled.positiontup
    return str(compiled), tuple(positions) if positions is not None else None


def delete_expired_sessions(conn: sa.Connection, ttl: timedelta) -> int:
    """Remove sessions unused for longer than ``ttl`` and their items; returns how many."""
    cutoff = datetime.now(UTC) - ttl
    expired = sa.select(sessions.c.session_id).where(sessions.c.last_used_at < cutoff)
    conn.execute(sa.delete(session_items).where(session_items.c.session_id.in_(expired)))
    return int(conn.execute(sa.delete(sessions).where(sessions.c.last_used_at < cutoff)).rowcount)
