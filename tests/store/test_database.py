from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from lookalike.store.database import alembic_config, create_store_engine, upgrade_database
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


# Beyond tables, columns, nullability, indexes and foreign keys: column types and server defaults,
# which both databases reflect faithfully for the types the schema uses.
_COMPARED = {"compare_type": True, "compare_server_default": True}


def _changes(engine: sa.Engine, target: sa.MetaData) -> set[tuple[str, str]]:
    """What Alembic's autogenerate would change in ``engine``'s database to match ``target``, as
    (operation, table or table.column or index): ``("add_column", "contacts.nickname")``."""
    with engine.connect() as conn:
        found = compare_metadata(MigrationContext.configure(conn, opts=_COMPARED), target)
    changes = [
        change for entry in found for change in (entry if isinstance(entry, list) else [entry])
    ]
    return {(change[0], _subject(change)) for change in changes}


def _subject(change: tuple[Any, ...]) -> str:
    operation, *where = change
    if operation.startswith("modify_"):  # (op, schema, table, column, ...)
        return f"{where[1]}.{where[2]}"
    item = where[-1]
    return f"{where[1]}.{item.name}" if isinstance(item, sa.Column) else str(item.name)


def test_migrations_create_exactly_the_schema(store_engine: sa.Engine) -> None:
    assert _changes(store_engine, metadata) == set()


def test_the_schema_comparison_sees_columns_types_nullability_and_indexes_migrations_lack(
    store_engine: sa.Engine,
) -> None:
    drifted = sa.MetaData()
    for table in metadata.tables.values():
        table.to_metadata(drifted)
    contacts = drifted.tables["contacts"]
    contacts.append_column(sa.Column("nickname", sa.Text))
    contacts.c.seniority.type = sa.Integer()
    contacts.c.job_title.nullable = True
    sa.Index("ix_contacts_city", contacts.c.city)
    assert _changes(store_engine, drifted) == {
        ("add_column", "contacts.nickname"),
        ("modify_type", "contacts.seniority"),
        ("modify_nullable", "contacts.job_title"),
        ("add_index", "ix_contacts_city"),
    }


def _migrate(engine: sa.Engine, revision: str, *, down: bool = False) -> None:
    config = alembic_config(engine.url.render_as_string(hide_password=False))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        (command.downgrade if down else command.upgrade)(config, revision)


def _columns(engine: sa.Engine, table: str) -> set[str]:
    return {column["name"] for column in sa.inspect(engine).get_columns(table)}


def _indexes(engine: sa.Engine, table: str) -> set[str]:
    return {str(index["name"]) for index in sa.inspect(engine).get_indexes(table)}


_ROWS_AT_0001 = (
    "INSERT INTO companies (company_id, name, domain, employees_estimated, technologies, "
    "keywords) VALUES ('c1', 'Acme', 'acme.com', false, 'Go', 'tools')",
    "INSERT INTO contacts (person_id, company_id, first_name, last_name, job_title, seniority, "
    "departments, composed) VALUES ('p1', 'c1', 'Ada', 'Lovelace', 'CTO', 9, 'Engineering', false)",
)


def _stored(engine: sa.Engine) -> tuple[list[tuple[object, ...]], list[tuple[object, ...]]]:
    with engine.connect() as conn:
        firms = conn.execute(sa.text("SELECT company_id, name, domain, keywords FROM companies"))
        people = conn.execute(sa.text("SELECT person_id, first_name, job_title FROM contacts"))
        return [tuple(row) for row in firms], [tuple(row) for row in people]


def test_upgrading_a_database_at_0001_keeps_its_rows_and_adds_the_identifiers(
    database_url: str,
) -> None:
    engine = create_store_engine(database_url)
    _migrate(engine, "0001")
    with engine.begin() as conn:
        for statement in _ROWS_AT_0001:
            conn.execute(sa.text(statement))
    before = _stored(engine)

    upgrade_database(engine)

    assert (
        _stored(engine) == before == ([("c1", "Acme", "acme.com", "tools")], [("p1", "Ada", "CTO")])
    )
    assert {"email", "linkedin_url"} <= _columns(engine, "contacts")
    assert "linkedin_url" in _columns(engine, "companies")
    assert {"ix_contacts_email", "ix_contacts_linkedin_url"} <= _indexes(engine, "contacts")
    assert "ix_companies_linkedin_url" in _indexes(engine, "companies")
    with engine.connect() as conn:
        new = conn.execute(sa.text("SELECT email, linkedin_url FROM contacts")).all()
    assert [tuple(row) for row in new] == [(None, None)]
    engine.dispose()


def test_downgrading_to_0001_drops_the_identifiers_and_keeps_the_rows(database_url: str) -> None:
    engine = create_store_engine(database_url)
    _migrate(engine, "0001")
    with engine.begin() as conn:
        for statement in _ROWS_AT_0001:
            conn.execute(sa.text(statement))
    upgrade_database(engine)
    before = _stored(engine)

    _migrate(engine, "0001", down=True)

    assert _stored(engine) == before
    assert not {"email", "linkedin_url"} & _columns(engine, "contacts")
    assert "linkedin_url" not in _columns(engine, "companies")
    assert "ix_contacts_company_id" in _indexes(engine, "contacts")
    assert "ix_companies_domain" in _indexes(engine, "companies")
    engine.dispose()


def test_a_database_downgraded_to_0001_and_upgraded_again_has_exactly_the_schema(
    database_url: str,
) -> None:
    engine = create_store_engine(database_url)
    upgrade_database(engine)
    _migrate(engine, "0001", down=True)  # on SQLite a batch copy of each table
    upgrade_database(engine)
    assert _changes(engine, metadata) == set()
    engine.dispose()


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
