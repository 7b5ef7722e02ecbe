"""Resolving the seeds and exclusions of a request to entity ids of the universe."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import sqlalchemy as sa

from lookalike.api.schemas import (
    CompanyExclusion,
    CompanySeed,
    ContactExclusion,
    ContactSeed,
)
from lookalike.domain import EntityKind
from lookalike.store.entities import company_ids_by_domains, existing_company_ids
from lookalike.store.lookups import existing_contact_ids

AnySeed = ContactSeed | CompanySeed
AnyExclusion = str | ContactExclusion | CompanyExclusion


@dataclass(frozen=True, slots=True)
class ResolvedSeeds:
    """Seed ids found in the universe, the seeds that were not, and the seeds as given."""

    given: tuple[str, ...]
    resolved: tuple[str, ...]
    unresolved: tuple[str, ...]


def seed_token(seed: AnySeed) -> str:
    """A seed as one comparable string: ``person:ID``, ``company:ID`` or ``domain:NAME``."""
    if isinstance(seed, ContactSeed):
        return f"person:{seed.person_id}"
    if seed.company_id is not None:
        return f"company:{seed.company_id}"
    return f"domain:{normalize_domain(seed.domain or '')}"


def seed_tokens(seeds: Sequence[AnySeed]) -> tuple[str, ...]:
    """The seeds as sorted unique tokens, so the same set in another order compares equal."""
    return tuple(sorted({seed_token(seed) for seed in seeds}))


def normalize_domain(text: str) -> str:
    """``"https://www.Acme.com/about"`` -> ``"acme.com"``."""
    host = text.strip().lower().split("://", 1)[-1].split("/", 1)[0].split(":", 1)[0]
    return host.removeprefix("www.")


def resolve_seeds(conn: sa.Connection, kind: EntityKind, seeds: Sequence[AnySeed]) -> ResolvedSeeds:
    """Look the seeds up in the universe; unresolved ones are reported as given."""
    tokens = seed_tokens(seeds)
    ids_by_token = _ids_by_token(conn, kind, tokens)
    resolved = tuple(dict.fromkeys(ids_by_token[t] for t in tokens if t in ids_by_token))
    unresolved = tuple(t.split(":", 1)[1] for t in tokens if t not in ids_by_token)
    return ResolvedSeeds(given=tokens, resolved=resolved, unresolved=unresolved)


def _ids_by_token(conn: sa.Connection, kind: EntityKind, tokens: Sequence[str]) -> dict[str, str]:
    values = {
        prefix: [t.split(":", 1)[1] for t in tokens if t.startswith(f"{prefix}:")]
        for prefix in ("person", "company", "domain")
    }
    found: dict[str, str] = {}
    if kind is EntityKind.CONTACTS:
        found.update({f"person:{pid}": pid for pid in existing_contact_ids(conn, values["person"])})
        return found
    found.update({f"company:{cid}": cid for cid in existing_company_ids(conn, values["company"])})
    by_domain = company_ids_by_domains(conn, values["domain"]) if values["domain"] else {}
    found.update({f"domain:{domain}": cid for domain, cid in by_domain.items()})
    return found


def resolve_exclusions(conn: sa.Connection, exclusions: Sequence[AnyExclusion]) -> set[str]:
    """The entity ids a request excludes (excluded domains are looked up)."""
    ids: set[str] = set()
    domains: list[str] = []
    for item in exclusions:
        if isinstance(item, str):
            ids.add(item)
        elif isinstance(item, ContactExclusion):
            ids.add(item.person_id)
        elif item.company_id is not None:
            ids.add(item.company_id)
        elif item.domain is not None:
            domains.append(normalize_domain(item.domain))
    if domains:
        ids.update(company_ids_by_domains(conn, domains).values())
    return ids
