"""The composed contacts of the demo universe: deterministic and realistic in shape."""

from __future__ import annotations

import hashlib
from collections import Counter, defaultdict

from lookalike.domain import Seniority
from lookalike.synthetic.companies import demo_companies
from lookalike.synthetic.contacts import (
    CHIEF_EXECUTIVE_MIN_CONTACTS,
    ContactRow,
    compose_contacts,
    is_chief_executive,
)
from lookalike.synthetic.vocabulary import FOREIGN_LANGUAGE_BY_COUNTRY, foreign_titles

SAMPLE = 20_000


def _contacts(total: int, seed: int) -> list[ContactRow]:
    return [row for rows in compose_contacts(demo_companies(), total, seed) for row in rows]


def _digest(rows: list[ContactRow]) -> str:
    return hashlib.sha256(repr(rows).encode()).hexdigest()


def test_same_seed_gives_the_same_rows_and_another_seed_does_not() -> None:
    first, again, other = _contacts(2_000, 7), _contacts(2_000, 7), _contacts(2_000, 8)

    assert _digest(first) == _digest(again)
    assert _digest(first) != _digest(other)
    assert [row[0] for row in first] == [f"p-{n}" for n in range(1, 2_001)]


def test_seniority_forms_a_pyramid() -> None:
    counts = Counter(Seniority(row[8]) for row in _contacts(SAMPLE, 1))

    contributors = counts[Seniority.ENTRY] + counts[Seniority.SENIOR]
    assert contributors > 0.6 * SAMPLE
    assert contributors > counts[Seniority.MANAGER] > counts[Seniority.DIRECTOR]
    assert counts[Seniority.DIRECTOR] > counts[Seniority.VICE_PRESIDENT]


def test_each_company_has_one_chief_executive_once_it_has_enough_contacts() -> None:
    per_company: dict[str, list[ContactRow]] = defaultdict(list)
    for row in _contacts(SAMPLE, 1):
        per_company[row[1]].append(row)

    for rows in per_company.values():
        chiefs = sum(is_chief_executive(row[9], row[8]) for row in rows)
        assert chiefs == (1 if len(rows) >= CHIEF_EXECUTIVE_MIN_CONTACTS else 0)


def test_about_a_third_of_titles_are_foreign_at_german_french_and_spanish_companies() -> None:
    country = {company.company_id: company.country for company in demo_companies()}
    foreign = {t.title for language in ("de", "fr", "es") for t in foreign_titles(language)}
    local = [row for row in _contacts(SAMPLE, 1) if country[row[1]] in FOREIGN_LANGUAGE_BY_COUNTRY]

    share = sum(row[4] in foreign for row in local) / len(local)

    assert len(local) > 500
    assert 0.25 < share < 0.45


def test_composed_titles_read_back_as_their_intended_seniority() -> None:
    from lookalike.taxonomy.titles import classify_title

    rows = _contacts(2_000, 5)

    agreeing = sum(int(classify_title(row[4]).seniority) == row[8] for row in rows)

    assert agreeing / len(rows) > 0.85
