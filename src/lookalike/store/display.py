"""The display fields of recommended entities: one prepared statement per page of results.

A recommendations page shows each contact with its employer's name and domain, and each entity
with its LinkedIn URL. Reading them with one join, only the columns shown, and a statement built
once (its ``IN`` list bound at execution) keeps the request path to one round trip instead of two
full-row reads.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import sqlalchemy as sa
from more_itertools import chunked

from lookalike.store.schema import companies, contacts

_CHUNK = 500  # ids per statement: keeps SQLite under its bound-parameter limit

_CONTACT_CARDS = (
    sa.select(
        contacts.c.person_id,
        contacts.c.company_id,
        contacts.c.first_name,
        contacts.c.last_name,
        contacts.c.job_title,
        contacts.c.seniority,
        contacts.c.departments,
        contacts.c.country,
        contacts.c.city,
        companies.c.name.label("company_name"),
        companies.c.domain.label("company_domain"),
        contacts.c.linkedin_url,
        contacts.c.state,
        companies.c.industry.label("company_industry"),
    )
    .select_from(contacts.outerjoin(companies, companies.c.company_id == contacts.c.company_id))
    .where(contacts.c.person_id.in_(sa.bindparam("ids", expanding=True)))
)

_COMPANY_CARDS = sa.select(
    companies.c.company_id,
    companies.c.name,
    companies.c.domain,
    companies.c.description,
    companies.c.industry,
    companies.c.employees,
    companies.c.revenue,
    companies.c.country,
    companies.c.state,
    companies.c.city,
    companies.c.founded_year,
    companies.c.linkedin_url,
).where(companies.c.company_id.in_(sa.bindparam("ids", expanding=True)))


def contact_cards(conn: sa.Connection, ids: Iterable[str]) -> dict[str, sa.Row[Any]]:
    """The stored contacts among ``ids`` with their employer's name and domain, keyed by id.

    Each row is ``(person_id, company_id, first_name, last_name, job_title, seniority,
    departments, country, city, company_name, company_domain, linkedin_url, state,
    company_industry)``, also readable by name (``card.state``); the company fields are None
    when the employer is not stored. New fields are appended, so readers that unpack a card
    take the fields they know and ignore the rest.
    """
    return _by_first_column(conn, _CONTACT_CARDS, ids)


def company_cards(conn: sa.Connection, ids: Iterable[str]) -> dict[str, sa.Row[Any]]:
    """The stored companies among ``ids`` with the columns a recommendation shows, keyed by id
    (read by name: ``card.state``, ``card.linkedin_url`` ...)."""
    return _by_first_column(conn, _COMPANY_CARDS, ids)


def _by_first_column(
    conn: sa.Connection, query: sa.Select[Any], ids: Iterable[str]
) -> dict[str, sa.Row[Any]]:
    wanted = list(dict.fromkeys(ids))
    rows: dict[str, sa.Row[Any]] = {}
    for chunk in chunked(wanted, _CHUNK):
        for row in conn.execute(query, {"ids": chunk}):
            rows[row[0]] = row
    return rows
