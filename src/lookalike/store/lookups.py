"""Existence checks for the request path, as statements built once.

``lookalike.store.entities`` reads whole entities; resolving a request's seeds only needs to know
which ids exist, which one narrow, prepared statement answers.
"""

from __future__ import annotations

from collections.abc import Iterable

import sqlalchemy as sa

from lookalike.store.schema import contacts

_CHUNK = 500  # ids per statement: keeps SQLite under its bound-parameter limit

_KNOWN_CONTACTS = sa.select(contacts.c.person_id).where(
    contacts.c.person_id.in_(sa.bindparam("ids", expanding=True))
)


def existing_contact_ids(conn: sa.Connection, ids: Iterable[str]) -> set[str]:
    """The subset of ``ids`` that name stored contacts."""
    wanted = list(dict.fromkeys(ids))
    found: set[str] = set()
    for start in range(0, len(wanted), _CHUNK):
        chunk = wanted[start : start + _CHUNK]
        found.update(conn.execute(_KNOWN_CONTACTS, {"ids": chunk}).scalars())
    return found
