"""Resolving the identifier lists of a V3 lookalike request to entity ids of the universe.

Contacts are named by id, e-mail address, LinkedIn URL or name and company; companies by id,
domain or LinkedIn URL. Each identifier becomes a token (``id:…``, ``email:…``, ``linkedin:…``,
``name:…``, ``domain:…``) in its normalised form, so the same seed given twice counts once and a
session's seeds compare equal whatever their spelling. Identifiers that name nothing are
reported as the caller gave them.
"""

from __future__ import annotations

from collections.abc import Callable

import sqlalchemy as sa

from lookalike.api.lookalike_schemas import CompanyIdentifiers, ContactIdentifiers, Identifiers
from lookalike.api.seeds import ResolvedSeeds
from lookalike.identifiers import normalize_domain, normalize_email, normalize_linkedin_url
from lookalike.store.entities import company_ids_by_domains, existing_company_ids
from lookalike.store.lookups import (
    Person,
    company_ids_by_linkedin_urls,
    contact_ids_by_emails,
    contact_ids_by_linkedin_urls,
    contact_ids_by_names,
    existing_contact_ids,
)

# token -> (the identifier as the caller gave it, the id it names or None)
_Found = dict[str, tuple[str, str | None]]


def resolve_identifiers(conn: sa.Connection, identifiers: Identifiers | None) -> ResolvedSeeds:
    """The entity ids that ``identifiers`` name, and those that name nothing (as given)."""
    if identifiers is None:
        return ResolvedSeeds(given=(), resolved=(), unresolved=())
    if isinstance(identifiers, ContactIdentifiers):
        found = _contacts(conn, identifiers)
    else:
        found = _companies(conn, identifiers)
    tokens = tuple(sorted(found))
    return ResolvedSeeds(
        given=tokens,
        resolved=tuple(dict.fromkeys(i for t in tokens if (i := found[t][1]) is not None)),
        unresolved=tuple(found[t][0] for t in tokens if found[t][1] is None),
    )


def _contacts(conn: sa.Connection, wanted: ContactIdentifiers) -> _Found:
    found: _Found = {}
    ids = [*wanted.ids, *wanted.contact_ids]
    known = existing_contact_ids(conn, ids)
    for value in ids:
        found[f"id:{value}"] = (value, value if value in known else None)
    _by_normal_form(
        found, "email", wanted.emails, normalize_email, contact_ids_by_emails(conn, wanted.emails)
    )
    by_url = contact_ids_by_linkedin_urls(conn, wanted.linkedin_urls)
    _by_normal_form(found, "linkedin", wanted.linkedin_urls, normalize_linkedin_url, by_url)
    people: list[Person] = [
        (p.first_name, p.last_name, p.company_domain, p.company_name) for p in wanted.contacts
    ]
    by_name = contact_ids_by_names(conn, people)
    for index, person in enumerate(people):
        shown = f"{person[0]} {person[1]} ({person[2] or person[3]})"
        token = "name:" + "|".join((part or "").strip().lower() for part in person)
        found[token] = (shown, by_name.get(index))
    return found


def _companies(conn: sa.Connection, wanted: CompanyIdentifiers) -> _Found:
    found: _Found = {}
    known = existing_company_ids(conn, wanted.ids)
    for value in wanted.ids:
        found[f"id:{value}"] = (value, value if value in known else None)
    domains = {value: normalize_domain(value) for value in wanted.domains}
    by_domain = company_ids_by_domains(conn, list(set(domains.values())))
    for value, domain in domains.items():
        found[f"domain:{domain}"] = (value, by_domain.get(domain))
    by_url = company_ids_by_linkedin_urls(conn, wanted.linkedin_urls)
    _by_normal_form(found, "linkedin", wanted.linkedin_urls, normalize_linkedin_url, by_url)
    return found


def _by_normal_form(
    found: _Found,
    prefix: str,
    values: list[str],
    normalize: Callable[[str], str | None],
    ids_by_form: dict[str, str],
) -> None:
    for value in values:
        form = normalize(value)
        token = f"{prefix}:{form if form is not None else value.strip().lower()}"
        found[token] = (value, ids_by_form.get(form) if form is not None else None)
