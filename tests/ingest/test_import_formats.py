"""Importing companies and contacts from CSV, JSON Lines and Parquet into a real store."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from lookalike.domain import Department, Seniority
from lookalike.ingest.importer import import_file
from lookalike.store.entities import (
    companies_by_ids,
    contacts_by_ids,
    count_entities,
    universe_version,
)
from lookalike.store.schema import companies, contacts

WriteRows = Callable[[str, Sequence[dict[str, Any]]], Path]  # the ``rows_file`` fixture

COMPANIES: list[dict[str, Any]] = [
    {
        "companyId": "c-1",
        "name": "Acme Analytics",
        "domain": "https://www.Acme.example/about",
        "industry": "Software",
        "naics": "513210",
        "employees": 120,
        "revenue": 25_000_000,
        "country": "USA",
        "state": "Massachusetts",
        "city": "Boston",
        "foundedYear": 2009,
        "technologies": ["Python", "PostgreSQL"],
        "keywords": ["analytics"],
        "linkedinUrl": "https://www.linkedin.com/company/Acme-Analytics/about/",
    },
    {"companyId": "c-2", "name": "Beta Bank", "country": "Deutschland", "naics": "52"},
]
CONTACTS: list[dict[str, Any]] = [
    {
        "personId": "p-1",
        "companyId": "c-1",
        "firstName": "Ada",
        "lastName": "Example",
        "jobTitle": "VP of Sales",
        "country": "US",
        "city": "Boston",
        "email": " Ada.Example@Acme.EXAMPLE ",
        "linkedinUrl": "https://uk.linkedin.com/in/Ada-Example/?originalSubdomain=uk",
    },
    {
        "personId": "p-2",
        "companyId": "c-2",
        "jobTitle": "Whatever Title",
        "seniority": "Director",
        "departments": ["Finance", "Legal"],
    },
]


@pytest.mark.parametrize("extension", [".csv", ".jsonl", ".parquet"])
def test_companies_and_contacts_load_from_each_format(
    store_engine: sa.Engine, rows_file: WriteRows, extension: str
) -> None:
    import_file(store_engine, "companies", rows_file(f"companies{extension}", COMPANIES))
    report = import_file(store_engine, "contacts", rows_file(f"contacts{extension}", CONTACTS))

    assert (report.inserted, report.updated, report.rejected) == (2, 0, 0)
    with store_engine.connect() as conn:
        assert count_entities(conn) == (2, 2)
        acme = companies_by_ids(conn, ["c-1"])["c-1"]
        person = contacts_by_ids(conn, ["p-2"])["p-2"]
    assert acme.domain == "acme.example"
    assert acme.country == "United States"
    assert acme.technologies == ("Python", "PostgreSQL")
    assert (acme.employees, acme.revenue, acme.founded_year) == (120, 25_000_000, 2009)
    assert person.seniority is Seniority.DIRECTOR
    assert person.departments == (Department.FINANCE, Department.LEGAL)


def _identifiers(engine: sa.Engine) -> tuple[dict[str, Any], dict[str, Any]]:
    with engine.connect() as conn:
        firms = conn.execute(sa.select(companies.c.company_id, companies.c.linkedin_url))
        people = conn.execute(
            sa.select(contacts.c.person_id, contacts.c.email, contacts.c.linkedin_url)
        )
        return {cid: url for cid, url in firms}, {pid: (e, url) for pid, e, url in people}


@pytest.mark.parametrize("extension", [".csv", ".jsonl", ".parquet"])
def test_emails_and_linkedin_urls_are_stored_in_their_canonical_form(
    store_engine: sa.Engine, rows_file: WriteRows, extension: str
) -> None:
    # Without labels the CSV and Parquet contacts take the columnar path, JSON Lines the row path.
    people = [CONTACTS[0], {"personId": "p-2", "companyId": "c-2", "jobTitle": "Engineer"}]
    import_file(store_engine, "companies", rows_file(f"companies{extension}", COMPANIES))
    import_file(store_engine, "contacts", rows_file(f"contacts{extension}", people))

    firms, persons = _identifiers(store_engine)
    assert firms == {"c-1": "linkedin.com/company/acme-analytics", "c-2": None}
    assert persons == {
        "p-1": ("ada.example@acme.example", "linkedin.com/in/ada-example"),
        "p-2": (None, None),
    }


def test_contact_labels_come_from_the_title_unless_given(
    store_engine: sa.Engine, rows_file: WriteRows
) -> None:
    from lookalike.taxonomy.titles import classify_title

    import_file(store_engine, "companies", rows_file("companies.csv", COMPANIES))
    import_file(store_engine, "contacts", rows_file("contacts.csv", CONTACTS))

    with store_engine.connect() as conn:
        vp = contacts_by_ids(conn, ["p-1"])["p-1"]
    expected = classify_title("VP of Sales")
    assert vp.seniority is expected.seniority
    assert vp.departments == expected.departments


def test_a_successful_import_bumps_the_universe_version(
    store_engine: sa.Engine, rows_file: WriteRows
) -> None:
    first = import_file(store_engine, "companies", rows_file("companies.jsonl", COMPANIES))
    second = import_file(store_engine, "companies", rows_file("again.jsonl", COMPANIES))

    with store_engine.connect() as conn:
        assert universe_version(conn) == second.universe_version == first.universe_version + 1


def test_reimporting_an_id_updates_the_stored_row(
    store_engine: sa.Engine, rows_file: WriteRows
) -> None:
    import_file(store_engine, "companies", rows_file("companies.csv", COMPANIES))
    renamed = [{**COMPANIES[0], "name": "Acme Renamed", "employees": 999}]

    report = import_file(store_engine, "companies", rows_file("update.csv", renamed))

    assert (report.inserted, report.updated) == (0, 1)
    with store_engine.connect() as conn:
        acme = companies_by_ids(conn, ["c-1"])["c-1"]
        assert count_entities(conn) == (2, 0)
    assert (acme.name, acme.employees) == ("Acme Renamed", 999)


def test_an_industry_label_is_kept_as_given_and_no_code_is_guessed_from_it(
    store_engine: sa.Engine, rows_file: WriteRows
) -> None:
    rows = [{"companyId": "c-9", "name": "Pharma Co", "industry": "Pharmaceuticals"}]

    import_file(store_engine, "companies", rows_file("companies.csv", rows))

    with store_engine.connect() as conn:
        company = companies_by_ids(conn, ["c-9"])["c-9"]
    # The index reads a code from the company's whole text (taxonomy/naics_inference.py).
    assert (company.industry, company.naics) == ("Pharmaceuticals", None)
