"""Companies and contacts: upserts for imports, reads for the engine and the API."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from datetime import UTC, datetime
from typing import Any, TypeVar, cast

import sqlalchemy as sa
from more_itertools import chunked
from sqlalchemy.dialects import postgresql, sqlite

from lookalike.domain import Company, Contact, Department, Seniority
from lookalike.store.schema import companies, contacts, universe_meta

_CHUNK = 500  # rows per statement: keeps SQLite under its bound-parameter limit
_Entity = TypeVar("_Entity", Company, Contact)
# Each entity's fields, named as the columns of its table (read once: rows are read by the million).
_FIELDS: dict[type, tuple[str, ...]] = {
    cls: tuple(field.name for field in dataclasses.fields(cls)) for cls in (Company, Contact)
}


def _upsert(
    conn: sa.Connection, table: sa.Table, key: str, rows: Sequence[Mapping[str, Any]]
) -> None:
    insert_fn = postgresql.insert if conn.dialect.name == "postgresql" else sqlite.insert
    for chunk in chunked(rows, _CHUNK):
        statement = insert_fn(table).values(chunk)
        updates = {c.name: statement.excluded[c.name] for c in table.columns if c.name != key}
        conn.execute(statement.on_conflict_do_update(index_elements=[key], set_=updates))


def upsert_companies(conn: sa.Connection, rows: Sequence[Mapping[str, Any]]) -> None:
    """Insert or update company rows (column names of ``schema.companies``)."""
    _upsert(conn, companies, "company_id", rows)


def upsert_contacts(conn: sa.Connection, rows: Sequence[Mapping[str, Any]]) -> None:
    """Insert or update contact rows (column names of ``schema.contacts``)."""
    _upsert(conn, contacts, "person_id", rows)


def bump_universe_version(conn: sa.Connection) -> int:
    """Mark the entity data as changed, so servers see their index is stale; return the version."""
    now = datetime.now(UTC)
    current = universe_version(conn)
    if current == 0:
        conn.execute(sa.insert(universe_meta).values(id=1, version=1, updated_at=now))
        return 1
    conn.execute(
        sa.update(universe_meta)
        .where(universe_meta.c.id == 1)
        .values(version=current + 1, updated_at=now)
    )
    return current + 1


def universe_version(conn: sa.Connection) -> int:
    """The version of the entity data (0 when nothing was ever imported)."""
    value = conn.execute(sa.select(universe_meta.c.version).where(universe_meta.c.id == 1)).scalar()
    return int(value or 0)


def count_entities(conn: sa.Connection) -> tuple[int, int]:
    """How many (companies, contacts) the store holds."""
    n_companies = conn.execute(sa.select(sa.func.count()).select_from(companies)).scalar_one()
    n_contacts = conn.execute(sa.select(sa.func.count()).select_from(contacts)).scalar_one()
    return int(n_companies), int(n_contacts)


def existing_company_ids(conn: sa.Connection, ids: Iterable[str]) -> set[str]:
    """The subset of ``ids`` that name stored companies."""
    wanted = list(dict.fromkeys(ids))
    found: set[str] = set()
    for chunk in chunked(wanted, _CHUNK):
        found.update(
            conn.execute(
                sa.select(companies.c.company_id).where(companies.c.company_id.in_(chunk))
            ).scalars()
        )
    return found


def company_ids_by_domains(conn: sa.Connection, domains: Iterable[str]) -> dict[str, str]:
    """Map each stored domain (lower case) among ``domains`` to its company id."""
    wanted = [d.lower() for d in domains]
    rows = conn.execute(
        sa.select(companies.c.domain, companies.c.company_id).where(
            sa.func.lower(companies.c.domain).in_(wanted)
        )
    )
    return {str(domain).lower(): str(company_id) for domain, company_id in rows}


def iter_company_rows(engine: sa.Engine, batch_size: int = 50_000) -> Iterator[list[sa.Row[Any]]]:
    """Every company row in primary-key order, in batches (for building the index)."""
    yield from _iter_rows(engine, companies, companies.c.company_id, batch_size)


def iter_contact_rows(engine: sa.Engine, batch_size: int = 50_000) -> Iterator[list[sa.Row[Any]]]:
    """Every contact row in primary-key order, in batches (for building the index)."""
    yield from _iter_rows(engine, contacts, contacts.c.person_id, batch_size)


ContactIndexRow = tuple[str, str, str, str | None, int, str]
"""(person_id, company_id, job_title, country, seniority, departments) as stored."""


def iter_contact_index_rows(
    engine: sa.Engine, batch_size: int = 100_000
) -> Iterator[list[ContactIndexRow]]:
    """The columns an index build reads of every contact (:data:`ContactIndexRow`), in batches
    in primary-key order: a universe of millions is never read whole."""
    table = contacts.c
    selected = (
        table.person_id,
        table.company_id,
        table.job_title,
        table.country,
        table.seniority,
        table.departments,
    )
    for batch in _iter_rows(engine, contacts, table.person_id, batch_size, selected):
        yield [cast(ContactIndexRow, tuple(row)) for row in batch]


def _iter_rows(
    engine: sa.Engine,
    table: sa.Table,
    key: sa.Column[Any],
    batch_size: int,
    columns: tuple[sa.Column[Any], ...] | None = None,
) -> Iterator[list[sa.Row[Any]]]:
    last: str | None = None
    while True:
        query = sa.select(*(columns or (table,))).order_by(key).limit(batch_size)
        if last is not None:
            query = query.where(key > last)
        with engine.connect() as conn:
            batch = list(conn.execute(query))
        if not batch:
            return
        yield batch
        last = batch[-1]._mapping[key.name]


def companies_by_ids(conn: sa.Connection, ids: Iterable[str]) -> dict[str, Company]:
    """The stored companies among ``ids``, keyed by id."""
    return _entities_by_ids(conn, companies, companies.c.company_id, ids, company_from_row)


def contacts_by_ids(conn: sa.Connection, ids: Iterable[str]) -> dict[str, Contact]:
    """The stored contacts among ``ids``, keyed by id."""
    return _entities_by_ids(conn, contacts, contacts.c.person_id, ids, contact_from_row)


def _entities_by_ids(
    conn: sa.Connection,
    table: sa.Table,
    key: sa.Column[Any],
    ids: Iterable[str],
    from_row: Callable[[Mapping[Any, Any]], _Entity],
) -> dict[str, _Entity]:
    wanted = list(dict.fromkeys(ids))
    result: dict[str, _Entity] = {}
    for chunk in chunked(wanted, _CHUNK):
        for row in conn.execute(sa.select(table).where(key.in_(chunk))):
            result[row._mapping[key.name]] = from_row(row._mapping)
    return result


def split_list(text: str | None) -> tuple[str, ...]:
    """Split a ``|``-joined column back into its values."""
    return tuple(part for part in (text or "").split("|") if part)


def company_from_row(row: Mapping[Any, Any]) -> Company:
    """A :class:`Company` from a ``companies`` row mapping."""
    return _entity_from_row(
        Company,
        row,
        employees_estimated=bool(row["employees_estimated"]),
        technologies=split_list(row["technologies"]),
        keywords=split_list(row["keywords"]),
    )


def contact_from_row(row: Mapping[Any, Any]) -> Contact:
    """A :class:`Contact` from a ``contacts`` row mapping."""
    return _entity_from_row(
        Contact,
        row,
        seniority=Seniority(row["seniority"]),
        departments=tuple(Department(d) for d in split_list(row["departments"])),
        composed=bool(row["composed"]),
    )


def _entity_from_row(cls: type[_Entity], row: Mapping[Any, Any], **converted: Any) -> _Entity:
    """A ``cls`` whose fields are the row's columns of the same names, except the ``converted``
    ones (stored in another form)."""
    same = {name: row[name] for name in _FIELDS[cls] if name not in converted}
    return cls(**same, **converted)
