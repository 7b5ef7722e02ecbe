from __future__ import annotations

import sqlalchemy as sa

from lookalike.store.entities import (
    bump_universe_version,
    companies_by_ids,
    count_entities,
    universe_version,
    upsert_companies,
)
from lookalike.store.schema import metadata


def test_migrations_create_every_table_of_the_schema(store_engine: sa.Engine) -> None:
    tables = set(sa.inspect(store_engine).get_table_names())
    assert set(metadata.tables) <= tables


def test_reimporting_a_company_updates_it(store_engine: sa.Engine) -> None:
    row = {
        "company_id": "c1",
        "name": "Acme",
        "employees_estimated": False,
        "technologies": "",
        "keywords": "",
    }
    with store_engine.begin() as conn:
        upsert_companies(conn, [row])
        upsert_companies(conn, [{**row, "name": "Acme Corp", "technologies": "Python|Go"}])
    with store_engine.connect() as conn:
        company = companies_by_ids(conn, ["c1"])["c1"]
        assert (company.name, company.technologies) == ("Acme Corp", ("Python", "Go"))
        assert count_entities(conn) == (1, 0)


def test_universe_version_counts_imports(store_engine: sa.Engine) -> None:
    with store_engine.begin() as conn:
        assert universe_version(conn) == 0
        bump_universe_version(conn)
        assert bump_universe_version(conn) == 2
