"""Finding seed candidates by what a person types: a name, a domain, a job title, an id.

The workbench's search box asks this module. Every word of the query must start a word of the
entity's searchable text (companies: name; contacts: first name, last name, job title, their
company's name), case-insensitively (SQLite folds ASCII letters only). Exact ids and prefixes of
the indexed columns (a company's domain, a contact's e-mail address) are looked up through their
indexes with a range condition, which both SQLite and PostgreSQL answer from a B-tree. Word
matches have no index to use: that statement stops after ``_CANDIDATES_PER_RESULT`` matches per
result asked for, so common words answer at once and only rare ones scan the whole table. The
candidates are ranked in Python: exact id, name prefix, word match, then shorter names first.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from lookalike.identifiers import normalize_domain
from lookalike.store.schema import companies, contacts

MAX_QUERY_LENGTH = 100
MAX_SEARCH_LIMIT = 25
MAX_QUERY_WORDS = 5
_CANDIDATES_PER_RESULT = 8


@dataclass(frozen=True, slots=True)
class EntityCard:
    """A small card of a stored contact or company, enough to recognise it and use it as a seed.

    ``title`` is a contact's job title or a company's industry; ``company_id`` and
    ``company_name`` are a contact's employer (a company's own id and name for a company).
    """

    id: str
    name: str
    title: str | None
    company_id: str | None
    company_name: str | None
    domain: str | None


def query_words(query: str) -> list[str]:
    """The lower-cased words of ``query`` that a search matches (at most ``MAX_QUERY_WORDS``)."""
    return query.strip().lower().split()[:MAX_QUERY_WORDS]


def search_companies(conn: sa.Connection, query: str, limit: int) -> list[EntityCard]:
    """Companies whose id is ``query``, whose domain starts with it, or whose name has a word
    starting with each word of it; best matches first, at most ``limit``."""
    words = query_words(query)
    if not words:
        return []
    text = " ".join(words)
    rows: list[sa.Row[Any]] = list(
        conn.execute(_COMPANY_CARD.where(companies.c.company_id == text))
    )
    if len(words) == 1:
        rows += _domain_prefix_rows(conn, normalize_domain(text), limit)
    name_match = sa.and_(*(_word_match(conn, companies.c.name, word) for word in words))
    rows += conn.execute(_COMPANY_CARD.where(name_match).limit(limit * _CANDIDATES_PER_RESULT))
    cards = [_company_card(row) for row in rows]
    return _ranked(cards, text, limit)


def search_contacts(conn: sa.Connection, query: str, limit: int) -> list[EntityCard]:
    """Contacts whose id is ``query``, whose e-mail address starts with it, or where each word of
    it starts a word of the name, the job title or the company's name; best first, at most
    ``limit``."""
    words = query_words(query)
    if not words:
        return []
    text = " ".join(words)
    rows: list[sa.Row[Any]] = list(conn.execute(_CONTACT_CARD.where(contacts.c.person_id == text)))
    if len(words) == 1:
        rows += conn.execute(
            _CONTACT_CARD.where(_prefix_range(contacts.c.email, text)).limit(limit)
        )
    matches = sa.and_(*(_contact_word_match(conn, word) for word in words))
    rows += conn.execute(_CONTACT_CARD.where(matches).limit(limit * _CANDIDATES_PER_RESULT))
    return _ranked([_contact_card(row) for row in rows], text, limit)


_COMPANY_CARD = sa.select(
    companies.c.company_id, companies.c.name, companies.c.industry, companies.c.domain
)
_CONTACT_CARD = sa.select(
    contacts.c.person_id,
    contacts.c.first_name,
    contacts.c.last_name,
    contacts.c.job_title,
    contacts.c.company_id,
    companies.c.name.label("company_name"),
    companies.c.domain,
).select_from(contacts.outerjoin(companies, companies.c.company_id == contacts.c.company_id))


def _domain_prefix_rows(conn: sa.Connection, domain: str, limit: int) -> Sequence[sa.Row[Any]]:
    if not domain:
        return []
    query = _COMPANY_CARD.where(_prefix_range(companies.c.domain, domain)).limit(limit)
    return list(conn.execute(query))


def _prefix_range(column: sa.Column[Any], prefix: str) -> sa.ColumnElement[bool]:
    """``column`` starts with ``prefix``, as a range an index answers on either database (a
    ``LIKE 'x%'`` uses one only under SQLite's case-sensitive LIKE or PostgreSQL's C collation).
    The LIKE beside it keeps the result exact under any collation."""
    upper = prefix[:-1] + chr(ord(prefix[-1]) + 1)
    return sa.and_(
        column >= prefix, column < upper, column.like(_escaped(prefix) + "%", escape="\\")
    )


def _contact_word_match(conn: sa.Connection, word: str) -> sa.ColumnElement[bool]:
    at_company = sa.select(companies.c.company_id).where(_word_match(conn, companies.c.name, word))
    return sa.or_(
        _starts(conn, contacts.c.first_name, word),
        _starts(conn, contacts.c.last_name, word),
        _word_match(conn, contacts.c.job_title, word),
        contacts.c.company_id.in_(at_company),
    )


def _word_match(conn: sa.Connection, column: sa.Column[Any], word: str) -> sa.ColumnElement[bool]:
    """A word of ``column`` starts with ``word`` (words are separated by spaces)."""
    return sa.or_(_starts(conn, column, word), _starts(conn, column, word, within=True))


def _starts(
    conn: sa.Connection, column: sa.Column[Any], word: str, *, within: bool = False
) -> sa.ColumnElement[bool]:
    pattern = ("% " if within else "") + _escaped(word) + "%"
    # SQLite's LIKE already ignores ASCII case; lower() would only cost time on every row.
    if conn.dialect.name == "sqlite":
        return column.like(pattern, escape="\\")
    return column.ilike(pattern, escape="\\")


def _escaped(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _company_card(row: sa.Row[Any]) -> EntityCard:
    company_id, name, industry, domain = tuple(row)
    return EntityCard(company_id, name or "", industry, company_id, name, domain)


def _contact_card(row: sa.Row[Any]) -> EntityCard:
    person_id, first, last, title, company_id, company_name, domain = tuple(row)
    name = " ".join(part for part in (first, last) if part)
    return EntityCard(person_id, name, title, company_id, company_name, domain)


def _ranked(cards: Iterable[EntityCard], text: str, limit: int) -> list[EntityCard]:
    unique = {card.id: card for card in cards}.values()
    return sorted(unique, key=lambda card: _rank(card, text))[:limit]


def _rank(card: EntityCard, text: str) -> tuple[int, int, str]:
    name = card.name.lower()
    if card.id.lower() == text:
        tier = 0
    elif name.startswith(text):
        tier = 1
    elif f" {text}" in f" {name}":
        tier = 2
    elif (card.domain or "").startswith(text):
        tier = 3
    else:
        tier = 4
    return (tier, len(name), card.id)
