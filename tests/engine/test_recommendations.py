"""Recommender behaviour on a synthetic universe with known segments (real SQLite store)."""

from __future__ import annotations

from collections import Counter

import pytest
import sqlalchemy as sa

from lookalike.domain import (
    Contact,
    EntityKind,
    Filters,
    RecommendationPage,
    RecommendationQuery,
    Seniority,
)
from lookalike.engine.recommender import Recommender
from lookalike.store import entities
from lookalike.synthetic.segments import COMMON_TECH


def contacts_of(engine: sa.Engine, ids: list[str]) -> dict[str, Contact]:
    with engine.connect() as conn:
        return entities.contacts_by_ids(conn, ids)


def seeds_with(engine: sa.Engine, title_words: str, count: int, skip: int = 0) -> list[str]:
    """Person ids of ``count`` contacts whose title contains ``title_words``."""
    with engine.connect() as conn:
        rows = conn.execute(
            sa.text("SELECT person_id FROM contacts WHERE job_title LIKE :t ORDER BY person_id"),
            {"t": f"%{title_words}%"},
        ).scalars()
        return list(rows)[skip : skip + count]


def ask(recommender: Recommender, seeds: list[str], **options: object) -> RecommendationPage:
    kind = options.pop("kind", EntityKind.CONTACTS)
    query = RecommendationQuery(kind=kind, seed_ids=tuple(seeds), **options)  # type: ignore[arg-type]
    return recommender.recommend(query)


def test_single_seed_gets_a_full_page_of_the_same_role(
    recommender: Recommender, universe_engine: sa.Engine
) -> None:
    seed = seeds_with(universe_engine, "Chief Financial Officer", 1)
    page = ask(recommender, seed)
    assert len(page.items) == 25 and page.has_more
    found = contacts_of(universe_engine, [item.entity_id for item in page.items])
    assert sum(c.seniority is Seniority.C_SUITE for c in found.values()) >= 20
    assert all(0.0 <= item.score <= 1.0 for item in page.items)
    assert all(item.nearest_seed == seed[0] for item in page.items)


def test_seeds_and_excluded_ids_are_never_returned(
    recommender: Recommender, universe_engine: sa.Engine
) -> None:
    seeds = seeds_with(universe_engine, "VP", 5)
    first = ask(recommender, seeds)
    excluded = frozenset(item.entity_id for item in first.items[:10])
    second = ask(recommender, seeds, exclude_ids=excluded)
    returned = {item.entity_id for item in second.items}
    assert not returned & set(seeds)
    assert not returned & excluded
    assert len(second.items) == 25


def test_at_most_three_contacts_per_company_unless_company_ids_given(
    recommender: Recommender, universe_engine: sa.Engine
) -> None:
    seeds = seeds_with(universe_engine, "Engineer", 3)
    page = ask(recommender, seeds)
    companies = Counter(
        c.company_id
        for c in contacts_of(universe_engine, [i.entity_id for i in page.items]).values()
    )
    assert max(companies.values()) <= 3
    account = contacts_of(universe_engine, seeds[:1])[seeds[0]].company_id
    inside = ask(recommender, seeds, filters=Filters(company_ids=(account,)))
    colleagues = contacts_of(universe_engine, [i.entity_id for i in inside.items])
    assert len(colleagues) > 3
    assert {c.company_id for c in colleagues.values()} == {account}


def test_a_filter_keeping_one_percent_still_fills_the_page(
    recommender: Recommender, universe_engine: sa.Engine
) -> None:
    filters = Filters(countries=("Israel",), seniority=(int(Seniority.C_SUITE),))
    seeds = seeds_with(universe_engine, "Nurse", 3)
    with universe_engine.connect() as conn:
        matching = conn.execute(
            sa.text("SELECT count(*) FROM contacts WHERE country = 'Israel' AND seniority = 9")
        ).scalar_one()
        total = conn.execute(sa.text("SELECT count(*) FROM contacts")).scalar_one()
    assert matching / total < 0.02
    page = ask(recommender, seeds, filters=filters)
    assert len(page.items) == 25
    found = contacts_of(universe_engine, [i.entity_id for i in page.items])
    assert all(c.country == "Israel" and c.seniority is Seniority.C_SUITE for c in found.values())


def test_mixed_seeds_draw_from_both_clusters_in_proportion(
    recommender: Recommender, universe_engine: sa.Engine
) -> None:
    sales = seeds_with(universe_engine, "Vice President of Sales", 3)
    finance = seeds_with(universe_engine, "Chief Financial Officer", 2)
    page = ask(recommender, sales + finance)
    found = contacts_of(universe_engine, [i.entity_id for i in page.items])
    departments = Counter(c.departments[0].value for c in found.values())
    assert departments["Sales"] >= 10
    assert departments["Finance"] >= 6
    nearest = Counter(item.nearest_seed in finance for item in page.items)
    assert nearest[True] >= 6 and nearest[False] >= 10


def test_an_outlier_seed_does_not_drag_results(
    recommender: Recommender, universe_engine: sa.Engine
) -> None:
    sales = seeds_with(universe_engine, "Vice President of Sales", 5)
    nurse = seeds_with(universe_engine, "Registered Nurse", 1)
    page = ask(recommender, sales + nurse)
    assert len(page.items) == 25
    assert all(item.nearest_seed != nurse[0] for item in page.items)


def test_reasons_name_traits_the_result_really_shares_with_seeds(
    recommender: Recommender, universe_engine: sa.Engine
) -> None:
    seeds = seeds_with(universe_engine, "Chief Financial Officer", 4)
    page = ask(recommender, seeds)
    seed_contacts = contacts_of(universe_engine, seeds)
    found = contacts_of(universe_engine, [i.entity_id for i in page.items])
    for item in page.items:
        assert item.reasons, item
        for reason in item.reasons:
            if reason.type == "seniority":
                assert found[item.entity_id].seniority.label == reason.value
                holders = [s for s in seed_contacts.values() if s.seniority.label == reason.value]
                assert reason.seeds == len(holders)
            if reason.type == "department":
                assert reason.value in {d.value for d in found[item.entity_id].departments}
            assert reason.seeds >= 1


def test_company_lookalikes_share_industry_and_name_shared_terms_not_common_technology(
    recommender: Recommender, universe_engine: sa.Engine
) -> None:
    with universe_engine.connect() as conn:
        seeds = list(
            conn.execute(
                sa.text(
                    "SELECT company_id FROM companies WHERE naics = '522110' "
                    "ORDER BY company_id LIMIT 4"
                )
            ).scalars()
        )
        page = ask(recommender, seeds, kind=EntityKind.COMPANIES)
        found = entities.companies_by_ids(conn, [i.entity_id for i in page.items])
    assert sum(c.naics == "522110" for c in found.values()) >= 20
    assert all(c.company_id not in seeds for c in found.values())
    for item in page.items:
        assert all(r.value != COMMON_TECH for r in item.reasons)
        assert "industry" in {r.type for r in item.reasons}
        company = found[item.entity_id]
        text = " ".join([company.description or "", *company.keywords, company.industry or ""])
        for reason in item.reasons:
            if reason.type == "description":  # the terms named are the result's own words
                assert all(term in text.lower() for term in reason.value.split(", "))


def test_pagination_never_repeats_and_ends_with_has_more_false(
    recommender: Recommender, universe_engine: sa.Engine
) -> None:
    seeds = seeds_with(universe_engine, "Accountant", 2)
    account_ids = tuple(f"c{n:06d}" for n in range(400, 440, 8))  # five companies, 50 contacts
    filters = Filters(company_ids=account_ids)
    seed_companies = {c.company_id for c in contacts_of(universe_engine, seeds).values()}
    assert not seed_companies & set(account_ids)
    returned: list[str] = []
    has_more = True
    while has_more:
        page = ask(recommender, seeds, exclude_ids=frozenset(returned), filters=filters, limit=7)
        returned.extend(item.entity_id for item in page.items)
        has_more = page.has_more
        assert len(returned) <= 60
    assert len(returned) == len(set(returned)) == 50


def test_unknown_seeds_are_ignored_and_no_known_seed_gives_an_empty_page(
    recommender: Recommender, universe_engine: sa.Engine
) -> None:
    seeds = seeds_with(universe_engine, "CEO", 1)
    assert len(ask(recommender, [*seeds, "no-such-person"]).items) == 25
    empty = ask(recommender, ["no-such-person"])
    assert empty.items == () and not empty.has_more


@pytest.mark.parametrize("limit", [1, 10])
def test_page_size_follows_the_limit(
    recommender: Recommender, universe_engine: sa.Engine, limit: int
) -> None:
    assert len(ask(recommender, seeds_with(universe_engine, "CEO", 2), limit=limit).items) == limit


def test_an_unknown_id_that_extends_a_known_one_is_not_mistaken_for_it(
    recommender: Recommender,
) -> None:
    contacts = recommender.generation.contacts
    known = contacts.id_of(0)
    assert contacts.rows_of([known]).tolist() == [0]
    assert contacts.rows_of([known + "0", known[:-1]]).tolist() == []


def test_company_filters_on_naics_prefix_label_and_size_hold_for_every_result(
    recommender: Recommender, universe_engine: sa.Engine
) -> None:
    from lookalike.domain import Range

    filters = Filters(industries=("52", "Hospitals"), sizes=(Range(500, 4000),))
    page = ask(recommender, ["c000003", "c000004"], kind=EntityKind.COMPANIES, filters=filters)
    with universe_engine.connect() as conn:
        found = entities.companies_by_ids(conn, [i.entity_id for i in page.items])
    assert len(found) == 25
    for company in found.values():
        assert (company.naics or "").startswith(("52", "622"))
        assert company.employees is not None and 500 <= company.employees <= 4000


def test_department_filter_keeps_only_that_department(
    recommender: Recommender, universe_engine: sa.Engine
) -> None:
    seeds = seeds_with(universe_engine, "Chief Financial Officer", 2)
    page = ask(recommender, seeds, filters=Filters(departments=("Marketing",)))
    found = contacts_of(universe_engine, [i.entity_id for i in page.items])
    assert len(found) == 25
    assert all(c.departments[0].value == "Marketing" for c in found.values())
