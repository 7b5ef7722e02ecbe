"""Seed lookups by e-mail address, LinkedIn URL and name, on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import sqlalchemy as sa

from lookalike.store.entities import upsert_companies, upsert_contacts
from lookalike.store.lookups import (
    company_ids_by_linkedin_urls,
    contact_ids_by_emails,
    contact_ids_by_linkedin_urls,
    contact_ids_by_names,
)


def _company(company_id: str, name: str, domain: str, linkedin_url: str | None) -> dict[str, Any]:
    return {
        "company_id": company_id,
        "name": name,
        "domain": domain,
        "employees_estimated": False,
        "technologies": "",
        "keywords": "",
        "linkedin_url": linkedin_url,
    }


def _contact(
    person_id: str,
    company_id: str,
    name: tuple[str, str],
    email: str | None = None,
    linkedin_url: str | None = None,
) -> dict[str, Any]:
    return {
        "person_id": person_id,
        "company_id": company_id,
        "first_name": name[0],
        "last_name": name[1],
        "job_title": "Engineer",
        "seniority": 4,
        "departments": "",
        "composed": False,
        "email": email,
        "linkedin_url": linkedin_url,
    }


@pytest.fixture
def conn(store_engine: sa.Engine) -> Iterator[sa.Connection]:
    """A connection to a store holding companies and contacts that share names and identifiers."""
    with store_engine.begin() as connection:
        upsert_companies(
            connection,
            [
                _company("c-2", "Beta GmbH", "beta.de", "linkedin.com/company/acme"),
                _company("c-1", "Acme", "acme.com", "linkedin.com/company/acme"),
                _company("c-3", "Gamma", "gamma.io", "linkedin.com/school/gamma"),
            ],
        )
        upsert_contacts(
            connection,
            [
                _contact("p-2", "c-2", ("Ada", "Lovelace"), "ada@acme.com"),
                _contact("p-1", "c-1", ("Ada", "Lovelace"), "ada@acme.com", "linkedin.com/in/ada"),
                _contact("p-3", "c-2", ("Émile", "Zola"), linkedin_url="linkedin.com/in/zola"),
                _contact("p-4", "c-1", ("Grace", "Hopper"), "grace@acme.com"),
                _contact("p-6", "c-1", ("Alan", "Turing")),
                _contact("p-5", "c-1", ("alan", "TURING")),
                _contact("p-7", "gone", ("Linus", "Torvalds")),
            ],
        )
    with store_engine.connect() as connection:
        yield connection


def test_an_email_finds_its_contact_in_any_case_and_spacing(conn: sa.Connection) -> None:
    found = contact_ids_by_emails(conn, [" GRACE@Acme.com ", "nobody@acme.com", "not an email"])

    assert found == {"grace@acme.com": "p-4"}


def test_an_email_shared_by_several_contacts_finds_the_smallest_id(conn: sa.Connection) -> None:
    assert contact_ids_by_emails(conn, ["ada@acme.com"]) == {"ada@acme.com": "p-1"}


def test_a_linkedin_profile_url_finds_its_contact_in_any_spelling(conn: sa.Connection) -> None:
    urls = ["https://uk.linkedin.com/in/Zola/?trk=x", "linkedin.com/in/ada#about", "not a url"]

    found = contact_ids_by_linkedin_urls(conn, urls)

    assert found == {"linkedin.com/in/zola": "p-3", "linkedin.com/in/ada": "p-1"}


def test_a_linkedin_company_url_finds_the_smallest_company_id(conn: sa.Connection) -> None:
    urls = ["https://www.linkedin.com/company/ACME/about/", "linkedin.com/school/gamma/"]

    found = company_ids_by_linkedin_urls(conn, [*urls, "linkedin.com/company/nobody"])

    assert found == {"linkedin.com/company/acme": "c-1", "linkedin.com/school/gamma": "c-3"}


@pytest.mark.parametrize(
    ("person", "expected"),
    [
        (("ada", "LOVELACE", "https://www.Acme.com/team", None), "p-1"),
        (("Ada", "Lovelace", None, "beta gmbh"), "p-2"),
        (("Ada", "Lovelace", "beta.de", "Acme"), "p-2"),  # the domain decides
        (("Grace", "Hopper", None, None), "p-4"),
        (("émile", "ZOLA", None, None), "p-3"),
        (("ÉMILE", "zola", "beta.de", None), "p-3"),
        (("Alan", "Turing", "acme.com", None), "p-5"),  # two at one company: the smallest id
        (("Linus", "Torvalds", None, None), "p-7"),
    ],
)
def test_a_name_finds_its_contact_without_regard_to_case(
    conn: sa.Connection, person: tuple[str, str, str | None, str | None], expected: str
) -> None:
    assert contact_ids_by_names(conn, [person]) == {0: expected}


@pytest.mark.parametrize(
    "person",
    [
        ("Ada", "Lovelace", None, None),  # two contacts: a bare name must be unique
        ("Alan", "Turing", None, "  "),
        ("Grace", "Hopper", "beta.de", None),
        ("Grace", "Hopper", None, "Beta GmbH"),
        ("Linus", "Torvalds", "linux.org", None),  # the employer is not stored
        ("Grace", "", None, None),
        ("Grace", "Lovelace", None, None),
    ],
)
def test_a_name_that_is_ambiguous_or_elsewhere_finds_nothing(
    conn: sa.Connection, person: tuple[str, str, str | None, str | None]
) -> None:
    assert contact_ids_by_names(conn, [person]) == {}


def test_names_are_answered_by_their_index_in_the_request(conn: sa.Connection) -> None:
    people: list[tuple[str, str, str | None, str | None]] = [
        ("Nobody", "Here", None, None),
        ("Grace", "Hopper", None, None),
        ("Grace", "Hopper", "acme.com", None),
    ]

    assert contact_ids_by_names(conn, people) == {1: "p-4", 2: "p-4"}


def test_more_seeds_than_one_statement_takes_are_all_looked_up(conn: sa.Connection) -> None:
    emails = [f"someone{n}@example.com" for n in range(1200)] + ["grace@acme.com"]
    people: list[tuple[str, str, str | None, str | None]] = [
        (f"Élodie{n}", f"Ünal{n}", None, None) for n in range(700)
    ]

    assert contact_ids_by_emails(conn, emails) == {"grace@acme.com": "p-4"}
    assert contact_ids_by_names(conn, [*people, ("Grace", "Hopper", None, None)]) == {700: "p-4"}
