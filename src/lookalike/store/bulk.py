"""Fast bulk upserts of companies and contacts inside one transaction (the demo universe, imports
into PostgreSQL or an in-memory SQLite database).

``store.entities`` upserts a few hundred rows through SQLAlchemy statements; this module loads
millions inside one transaction: SQLite gets one prepared ``INSERT ... ON CONFLICT`` run by
``executemany`` (into an empty table with its secondary indexes built once at the end),
PostgreSQL gets ``COPY`` into a temporary table followed by one ``INSERT ... ON CONFLICT``. Rows are
tuples in the column order of :data:`COMPANY_COLUMNS` / :data:`CONTACT_COLUMNS`. The caller owns the
transaction, so a failed or killed import leaves the earlier data untouched. Imports into a SQLite
file do not hold its write lock that long: they go through :mod:`lookalike.store.staging`.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

import sqlalchemy as sa

from lookalike.domain import EntityKind
from lookalike.store.entities import bump_universe_version, universe_version
from lookalike.store.schema import companies, contacts

COMPANY_COLUMNS: tuple[str, ...] = tuple(column.name for column in companies.columns)
CONTACT_COLUMNS: tuple[str, ...] = tuple(column.name for column in contacts.columns)

TABLES: dict[EntityKind, tuple[sa.Table, str]] = {
    EntityKind.COMPANIES: (companies, "company_id"),
    EntityKind.CONTACTS: (contacts, "person_id"),
}


def columns_of(kind: EntityKind) -> tuple[str, ...]:
    """The column order the rows of ``kind`` must follow."""
    return COMPANY_COLUMNS if kind is EntityKind.COMPANIES else CONTACT_COLUMNS


class BulkUpserter:
    """Insert-or-update rows of one table in batches; call :meth:`finish` before committing."""

    def __init__(self, conn: sa.Connection, kind: EntityKind) -> None:
        self._conn = conn
        self._table, self._key = TABLES[kind]
        self._columns = columns_of(kind)
        self._postgres = conn.dialect.name == "postgresql"
        self._rows_before = _count(conn, self._table)
        self._written = 0
        self._deferred_indexes: list[str] = []
        if self._postgres:
            self._staging = f"_bulk_{self._table.name}"
            conn.exec_driver_sql(
                f"CREATE TEMP TABLE {self._staging} (LIKE {self._table.name} INCLUDING DEFAULTS) "
                "ON COMMIT DROP"
            )
        else:
            _tune_sqlite(conn)
            self._sql = self._upsert_sql()
            # Into an empty table, building the secondary indexes once at the end is cheaper than
            # updating them row by row; DDL is transactional in SQLite, so a kill undoes it too.
            self._deferred_indexes = (
                _drop_indexes(conn, self._table) if not self._rows_before else []
            )

    def write(self, rows: Sequence[Sequence[Any]]) -> None:
        """Stage (PostgreSQL) or upsert (SQLite) a batch of rows (tuples or lists)."""
        if not rows:
            return
        if self._postgres:
            self._copy(rows)
        else:
            raw: Any = self._conn.connection.dbapi_connection  # sqlite3, inside our transaction
            cursor = raw.cursor()
            cursor.executemany(self._sql, rows)
            cursor.close()
        self._written += len(rows)

    def finish(self) -> tuple[int, int]:
        """Apply what is staged; returns (rows inserted, rows updated)."""
        if self._postgres:
            names = ", ".join(self._columns)
            self._conn.exec_driver_sql(
                f"INSERT INTO {self._table.name} ({names}) SELECT {names} FROM {self._staging} "
                + conflict_clause(self._table, self._key, postgres=True)
            )
            self._conn.exec_driver_sql(f"DROP TABLE {self._staging}")
        else:
            for create in self._deferred_indexes:
                self._conn.exec_driver_sql(create)
            self._deferred_indexes = []
        inserted = _count(self._conn, self._table) - self._rows_before
        return inserted, self._written - inserted

    def _copy(self, rows: Sequence[Sequence[Any]]) -> None:
        raw: Any = self._conn.connection.dbapi_connection  # a psycopg connection
        names = ", ".join(self._columns)
        with (
            raw.cursor() as cursor,
            cursor.copy(f"COPY {self._staging} ({names}) FROM STDIN") as copy,
        ):
            for row in rows:
                copy.write_row(row)

    def _upsert_sql(self) -> str:
        names = ", ".join(self._columns)
        placeholders = ", ".join("?" for _ in self._columns)
        return f"INSERT INTO {self._table.name} ({names}) VALUES ({placeholders}) " + (
            conflict_clause(self._table, self._key, postgres=False)
        )


class TransactionWriter:
    """Writes an import's batches inside the caller's transaction (PostgreSQL, in-memory SQLite)."""

    def __init__(self, conn: sa.Connection, kind: EntityKind) -> None:
        self._conn = conn
        self._upserter = BulkUpserter(conn, kind)

    def write(self, rows: Sequence[Sequence[Any]]) -> None:
        """Upsert a batch now."""
        self._upserter.write(rows)

    def commit(self) -> tuple[int, int, int]:
        """Apply staged rows and bump the version; the transaction commits on leaving it."""
        inserted, updated = self._upserter.finish()
        changed = inserted + updated
        version = bump_universe_version(self._conn) if changed else universe_version(self._conn)
        return inserted, updated, version


def conflict_clause(table: sa.Table, key: str, *, postgres: bool) -> str:
    """The ``ON CONFLICT`` clause of an upsert into ``table`` from rows in column order."""
    others = [column.name for column in table.columns if column.name != key]
    updates = ", ".join(f"{column} = excluded.{column}" for column in others)
    stored = ", ".join(f"{table.name}.{column}" for column in others)
    incoming = ", ".join(f"excluded.{column}" for column in others)
    differs = "IS DISTINCT FROM" if postgres else "IS NOT"
    # Rows re-imported unchanged are left alone: no page writes, no index churn.
    return f"ON CONFLICT ({key}) DO UPDATE SET {updates} WHERE ({stored}) {differs} ({incoming})"


def _tune_sqlite(conn: sa.Connection) -> None:
    # A bigger page cache keeps the primary-key and company_id indexes in memory during the load.
    conn.exec_driver_sql("PRAGMA cache_size = -262144")


def _drop_indexes(conn: sa.Connection, table: sa.Table) -> list[str]:
    """Drop the explicit indexes of ``table`` (not its key); returns the SQL that recreates them."""
    found = conn.exec_driver_sql(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? "
        "AND sql IS NOT NULL",
        (table.name,),
    ).all()
    for name, _ in found:
        conn.exec_driver_sql(f'DROP INDEX "{name}"')
    return [str(sql) for _, sql in found]


def _count(conn: sa.Connection, table: sa.Table) -> int:
    return int(conn.execute(sa.select(sa.func.count()).select_from(table)).scalar_one())


def iter_company_ids(conn: sa.Connection, batch_size: int = 100_000) -> Iterator[str]:
    """Every stored company id (to check contacts' companies without one query per row)."""
    query = sa.select(companies.c.company_id).execution_options(yield_per=batch_size)
    result = conn.execute(query)
    for (company_id,) in result:
        yield str(company_id)
