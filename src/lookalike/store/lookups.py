"""Seed lookups for the request path, as statements built once.

``lookalike.store.entities`` reads whole entities; resolving a request's seeds only needs to know
which ids exist, or which id an e-mail address, a LinkedIn URL or a name belongs to, which one
narrow, prepared statement per chunk of seeds answers. Identifiers are normalised with
:mod:`lookalike.identifiers`, the forms imports store, so every match is an indexed equality; when
several entities share one, the smallest id wins, so a seed always resolves the same way.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any

import sqlalchemy as sa
from more_itertools import chunked

from lookalike.identifiers import normalize_domain, normalize_email, normalize_linkedin_url
from lookalike.store.schema import companies, contacts

_CHUNK = 500  # values per statement: keeps SQLite under its bound-parameter limit
_NAME_CHUNK = 250  # (first, last) pairs per statement: two parameters each
_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")

Person = tuple[str, str, str | None, str | None]
"""(first_name, last_name, company_domain, company_name) of a contact seed given by name."""

_KNOWN_CONTACTS = sa.select(contacts.c.person_id).where(
    contacts.c.person_id.in_(sa.bindparam("ids", expanding=True))
)


def _smallest_id_by(key: sa.Column[Any], entity_id: sa.Column[Any]) -> sa.Select[Any]:
    return (
        sa.select(key, sa.func.min(entity_id))
        .where(key.in_(sa.bindparam("values", expanding=True)))
        .group_by(key)
    )


_CONTACTS_BY_EMAIL = _smallest_id_by(contacts.c.email, contacts.c.person_id)
_CONTACTS_BY_LINKEDIN = _smallest_id_by(contacts.c.linkedin_url, contacts.c.person_id)
_COMPANIES_BY_LINKEDIN = _smallest_id_by(companies.c.linkedin_url, companies.c.company_id)

# Names are matched loosely in SQL (see _lowered_forms) and exactly, case-folded, in Python.
_CONTACTS_BY_NAME = (
    sa.select(
        contacts.c.person_id,
        contacts.c.first_name,
        contacts.c.last_name,
        companies.c.domain,
        companies.c.name,
    )
    .select_from(contacts.outerjoin(companies, companies.c.company_id == contacts.c.company_id))
    .where(
        sa.tuple_(sa.func.lower(contacts.c.first_name), sa.func.lower(contacts.c.last_name)).in_(
            sa.bindparam("names", expanding=True)
        )
    )
)


def existing_contact_ids(conn: sa.Connection, ids: Iterable[str]) -> set[str]:
    """The subset of ``ids`` that name stored contacts."""
    wanted = list(dict.fromkeys(ids))
    found: set[str] = set()
    for chunk in chunked(wanted, _CHUNK):
        found.update(conn.execute(_KNOWN_CONTACTS, {"ids": chunk}).scalars())
    return found


def contact_ids_by_emails(conn: sa.Connection, emails: Iterable[str]) -> dict[str, str]:
    """Map each normalised e-mail address among ``emails`` that a stored contact has to that
    contact's id (the smallest, when several share it); unusable addresses are skipped."""
    return _smallest_ids(conn, _CONTACTS_BY_EMAIL, emails, normalize_email)


def contact_ids_by_linkedin_urls(conn: sa.Connection, urls: Iterable[str]) -> dict[str, str]:
    """Map each normalised LinkedIn URL among ``urls`` (``linkedin.com/in/<slug>``) that a stored
    contact has to that contact's id (the smallest, when several share it)."""
    return _smallest_ids(conn, _CONTACTS_BY_LINKEDIN, urls, normalize_linkedin_url)


def company_ids_by_linkedin_urls(conn: sa.Connection, urls: Iterable[str]) -> dict[str, str]:
    """Map each normalised LinkedIn URL among ``urls`` (``linkedin.com/company/<slug>`` ...) that
    a stored company has to that company's id (the smallest, when several share it)."""
    return _smallest_ids(conn, _COMPANIES_BY_LINKEDIN, urls, normalize_linkedin_url)


def _smallest_ids(
    conn: sa.Connection,
    query: sa.Select[Any],
    values: Iterable[str],
    normalize: Callable[[str], str | None],
) -> dict[str, str]:
    wanted = list(dict.fromkeys(v for v in map(normalize, values) if v is not None))
    found: dict[str, str] = {}
    for chunk in chunked(wanted, _CHUNK):
        rows = conn.execute(query, {"values": chunk})
        found.update({str(value): str(entity_id) for value, entity_id in rows})
    return found


def contact_ids_by_names(conn: sa.Connection, people: Sequence[Person]) -> dict[int, str]:
    """Map the index of each ``(first_name, last_name, company_domain, company_name)`` in
    ``people`` that names a stored contact to its id.

    Names match without regard to case. With a company domain (normalised) the contact must work
    at the company of that domain; else with a company name, at a company of that name (any
    case); the smallest id wins among several. With neither, the name alone must be unique.
    """
    keys = {index: _name_key(person) for index, person in enumerate(people)}
    candidates = _candidates_by_name(conn, {key for key in keys.values() if key is not None})
    found: dict[int, str] = {}
    for index, key in keys.items():
        if key is None:
            continue
        person_id = _pick(people[index], candidates.get(key, []))
        if person_id is not None:
            found[index] = person_id
    return found


_Candidate = tuple[str, str | None, str | None]  # (person_id, company domain, company name)


def _name_key(person: Person) -> tuple[str, str] | None:
    first, last = person[0].strip().lower(), person[1].strip().lower()
    return (first, last) if first and last else None


def _candidates_by_name(
    conn: sa.Connection, keys: set[tuple[str, str]]
) -> dict[tuple[str, str], list[_Candidate]]:
    wanted = sorted({form for key in keys for form in _lowered_forms(key)})
    found: dict[tuple[str, str], list[_Candidate]] = {}
    for chunk in chunked(wanted, _NAME_CHUNK):
        rows = conn.execute(_CONTACTS_BY_NAME, {"names": chunk})
        for person_id, first, last, domain, name in rows:
            key = (str(first).lower(), str(last).lower())
            if key in keys:
                found.setdefault(key, []).append((str(person_id), domain, name))
    return found


def _lowered_forms(key: tuple[str, str]) -> set[tuple[str, str]]:
    """What SQL ``lower()`` makes of the name as it is likely stored: SQLite folds only ASCII, so
    a stored ``Émile`` becomes ``Émile`` there and ``émile`` on PostgreSQL."""
    first, last = key
    return {(a, b) for a in _cased_forms(first) for b in _cased_forms(last)}


def _cased_forms(text: str) -> set[str]:
    return {form.translate(_ASCII_LOWER) for form in (text, text.upper(), text.title())}


def _pick(person: Person, candidates: list[_Candidate]) -> str | None:
    _, _, domain, company_name = person
    if domain and domain.strip():
        wanted = normalize_domain(domain)
        matches = [pid for pid, stored, _ in candidates if stored and stored.lower() == wanted]
    elif company_name and company_name.strip():
        wanted = company_name.strip().lower()
        matches = [pid for pid, _, stored in candidates if stored and stored.lower() == wanted]
    else:
        return candidates[0][0] if len(candidates) == 1 else None
    return min(matches, default=None)
