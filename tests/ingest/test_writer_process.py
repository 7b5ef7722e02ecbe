"""The writer process: commits only when told, so an abandoned load changes nothing."""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa

from lookalike.domain import EntityKind
from lookalike.ingest.importer import WRITER_PROCESS_MIN_ROWS, import_file
from lookalike.ingest.writer_process import WriterProcess
from lookalike.store.bulk import COMPANY_COLUMNS
from lookalike.store.entities import count_entities, universe_version
from lookalike.synthetic.files import write_companies_csv, write_contacts_csv


def _company(company_id: str) -> tuple[object, ...]:
    values: dict[str, object] = dict.fromkeys(COMPANY_COLUMNS)
    values.update(
        company_id=company_id,
        name=company_id,
        employees_estimated=False,
        technologies="",
        keywords="",
    )
    return tuple(values.values())


def _url(engine: sa.Engine) -> str:
    return engine.url.render_as_string(hide_password=False)


def test_writer_process_commits_rows_and_bumps_the_version(store_engine: sa.Engine) -> None:
    with WriterProcess(_url(store_engine), EntityKind.COMPANIES) as writer:
        writer.write([_company("a"), _company("b")])
        inserted, updated, version = writer.commit()

    assert (inserted, updated, version) == (2, 0, 1)
    with store_engine.connect() as conn:
        assert count_entities(conn) == (2, 0)


def test_writer_process_left_without_commit_changes_nothing(store_engine: sa.Engine) -> None:
    with WriterProcess(_url(store_engine), EntityKind.COMPANIES) as writer:
        writer.write([_company("a")])

    with store_engine.connect() as conn:
        assert count_entities(conn) == (0, 0)
        assert universe_version(conn) == 0


def test_a_large_file_loads_through_the_writer_process(
    store_engine: sa.Engine, tmp_path: Path
) -> None:
    company_ids = write_companies_csv(tmp_path / "companies.csv", 100)
    import_file(store_engine, "companies", tmp_path / "companies.csv")
    rows = WRITER_PROCESS_MIN_ROWS + 1_000
    write_contacts_csv(tmp_path / "contacts.csv", rows, company_ids, distinct_titles=20)

    report = import_file(store_engine, "contacts", tmp_path / "contacts.csv")

    assert (report.inserted, report.updated, report.universe_version) == (rows, 0, 2)
    with store_engine.connect() as conn:
        assert count_entities(conn) == (100, rows)
