"""Background-aware seed profiles on the synthetic universe: what the seeds share, and how rare."""

from __future__ import annotations

from collections import defaultdict

import numpy as np
import pytest
import sqlalchemy as sa
from numpy.typing import NDArray

from lookalike.domain import EntityKind
from lookalike.engine import profile, seed_roles
from lookalike.engine.generation import KindData
from lookalike.engine.profile import ClusterProfile
from lookalike.engine.recommender import Recommender

Rows = NDArray[np.int64]


def titled_rows(engine: sa.Engine, data: KindData, title_words: str) -> list[int]:
    """Rows of every contact whose title contains ``title_words`` (person id order)."""
    with engine.connect() as conn:
        ids = conn.execute(
            sa.text("SELECT person_id FROM contacts WHERE job_title LIKE :t ORDER BY person_id"),
            {"t": f"%{title_words}%"},
        ).scalars()
        return [int(row) for row in data.rows_of(list(ids))]


def as_rows(rows: list[int]) -> Rows:
    return np.array(rows, dtype=np.int64)


def cluster(kind: EntityKind, data: KindData, rows: list[int]) -> ClusterProfile:
    return profile.profile_cluster(kind, data, as_rows(rows))


def nurses_at_different_industries(data: KindData, nurses: list[int]) -> list[int]:
    """Five nurses, each at a company of another industry."""
    by_industry: dict[int, int] = {}
    for row in nurses:
        by_industry.setdefault(int(data.columns["industry"][row]), row)
    chosen = list(by_industry.values())[:5]
    assert len(chosen) == 5
    assert len(set(data.columns["company_row"][chosen].tolist())) == 5
    return chosen


def nurses_in_one_industry(data: KindData, nurses: list[int]) -> list[int]:
    """Five nurses of the industry holding most nurses: two pairs of colleagues and one more."""
    industry = data.columns["industry"]
    common = int(np.bincount(industry[nurses]).argmax())
    by_company: dict[int, list[int]] = defaultdict(list)
    for row in nurses:
        if int(industry[row]) == common:
            by_company[int(data.columns["company_row"][row])].append(row)
    pairs = [rows[:2] for rows in by_company.values() if len(rows) >= 2][:2]
    single = [rows[0] for rows in by_company.values() if len(rows) == 1][:1]
    chosen = [row for pair in pairs for row in pair] + single
    assert len(chosen) == 5
    return chosen


def companies_of_one_industry_by_country(data: KindData) -> tuple[list[int], list[int]]:
    """Three companies of one industry in the most common country, and three in the rarest."""
    country, industry = data.columns["country"], data.columns["industry"]
    known = country[country >= 0].astype(np.int64)
    counts = np.bincount(known)
    present = np.flatnonzero(counts)
    most, rarest = int(counts.argmax()), int(present[np.argmin(counts[present])])
    assert counts[most] > data.size / 2  # shared with most of the universe
    groups: dict[tuple[int, int], list[int]] = defaultdict(list)
    for row in range(data.size):
        groups[(int(industry[row]), int(country[row]))].append(row)
    for code in sorted(set(industry.tolist())):
        if len(groups[(code, rarest)]) >= 3 and len(groups[(code, most)]) >= 3:
            return groups[(code, most)][:3], groups[(code, rarest)][:3]
    raise AssertionError("no industry has three companies in both countries")


@pytest.fixture(scope="module")
def contacts(recommender: Recommender) -> KindData:
    return recommender.generation.contacts


@pytest.fixture(scope="module")
def companies(recommender: Recommender) -> KindData:
    return recommender.generation.companies


@pytest.fixture(scope="module")
def nurses(universe_engine: sa.Engine, contacts: KindData) -> list[int]:
    return titled_rows(universe_engine, contacts, "Nurse")


@pytest.fixture(scope="module")
def profiles(
    contacts: KindData, companies: KindData, nurses: list[int]
) -> dict[str, tuple[EntityKind, KindData, ClusterProfile]]:
    """Every cluster the tests look at, by name: (kind, data, profile)."""
    common, rare = companies_of_one_industry_by_country(companies)
    return {
        "mixed nurses": (
            EntityKind.CONTACTS,
            contacts,
            cluster(
                EntityKind.CONTACTS, contacts, nurses_at_different_industries(contacts, nurses)
            ),
        ),
        "hospital nurses": (
            EntityKind.CONTACTS,
            contacts,
            cluster(EntityKind.CONTACTS, contacts, nurses_in_one_industry(contacts, nurses)),
        ),
        "one nurse": (
            EntityKind.CONTACTS,
            contacts,
            cluster(EntityKind.CONTACTS, contacts, nurses[:1]),
        ),
        "common-country companies": (
            EntityKind.COMPANIES,
            companies,
            cluster(EntityKind.COMPANIES, companies, common),
        ),
        "rare-country companies": (
            EntityKind.COMPANIES,
            companies,
            cluster(EntityKind.COMPANIES, companies, rare),
        ),
    }


def weight(found: ClusterProfile, name: str) -> float:
    return found.signals[name].weight


def test_employer_and_industry_weigh_little_when_the_seeds_only_share_a_role(
    profiles: dict[str, tuple[EntityKind, KindData, ClusterProfile]],
) -> None:
    mixed, concentrated = profiles["mixed nurses"][2], profiles["hospital nurses"][2]
    priors = profile.priors_of(EntityKind.CONTACTS)
    for name in ("industry", "company"):
        assert weight(concentrated, name) >= 0.5 * priors[name], name
        assert weight(mixed, name) <= 0.25 * weight(concentrated, name), name
    # The role itself weighs the same either way.
    for name in ("title", "keywords", "occupation", "seniority"):
        assert weight(mixed, name) == pytest.approx(weight(concentrated, name)), name


def test_a_trait_shared_with_most_of_the_universe_weighs_less_than_a_rare_one(
    profiles: dict[str, tuple[EntityKind, KindData, ClusterProfile]],
) -> None:
    common = profiles["common-country companies"][2]
    rare = profiles["rare-country companies"][2]
    priors = profile.priors_of(EntityKind.COMPANIES)
    # Same industry (one of eight segments) in both: it weighs the same share of its prior.
    assert weight(common, "industry") == pytest.approx(weight(rare, "industry"))
    assert weight(common, "country") < 0.5 * weight(rare, "country")
    shares = {name: weight(common, name) / priors[name] for name in ("country", "industry")}
    assert shares["country"] < 0.5 * shares["industry"]


def test_company_text_keeps_its_prior_and_a_contacts_role_at_least_its_floor(
    profiles: dict[str, tuple[EntityKind, KindData, ClusterProfile]],
) -> None:
    for name, (kind, _, found) in profiles.items():
        priors = profile.priors_of(kind)
        primary = profile.PRIMARY & set(found.signals)
        expected = {"description", "keywords", "topics"}
        if kind is EntityKind.CONTACTS:
            expected = {"title", "keywords", "occupation"}
        assert primary == expected, name
        floor = profile.PRIMARY_FLOOR[kind]
        for signal in primary:
            if kind is EntityKind.COMPANIES:
                assert weight(found, signal) == priors[signal], (name, signal)
            else:
                low, high = floor * priors[signal], priors[signal]
                assert low - 1e-9 <= weight(found, signal) <= high + 1e-9, (name, signal)


def test_the_seeds_score_about_one_and_every_score_lies_in_the_unit_interval(
    profiles: dict[str, tuple[EntityKind, KindData, ClusterProfile]],
) -> None:
    for name, (_, data, found) in profiles.items():
        seeds, _ = found.ranking(found.seed_rows)
        assert float(np.mean(seeds)) / found.reference == pytest.approx(1.0), name
        assert float(np.mean(found.score(seeds))) >= 0.9, name
        everyone, parts = found.ranking(np.arange(data.size, dtype=np.int64))
        np.testing.assert_allclose(sum(parts.values()), everyone)
        scores = found.score(everyone)
        assert np.all((scores >= 0.0) & (scores <= 1.0)), name
        assert float(np.median(scores)) < 0.5, name


def test_the_query_vector_is_unit_length(
    profiles: dict[str, tuple[EntityKind, KindData, ClusterProfile]],
) -> None:
    for name, (kind, _, found) in profiles.items():
        layout = profile.layout_of(kind)
        query = found.query_vector(layout, profile.reasons_of(kind))
        assert query.shape == (layout.dims,), name
        assert float(np.linalg.norm(query)) == pytest.approx(1.0, rel=1e-5), name


def test_signals_keep_ordering_candidates_beyond_the_most_similar_background_entity(
    profiles: dict[str, tuple[EntityKind, KindData, ClusterProfile]],
) -> None:
    for name, (kind, _, found) in profiles.items():
        for signal_name, signal in found.signals.items():
            top = float(signal.background[-1])
            beyond = np.array([top + 0.01, top + 0.02, top + 0.05])
            ranked = signal.ranked(beyond)
            assert np.all(np.diff(ranked) > 0), (name, signal_name)
            assert signal.standardised == (kind in profile.STANDARDISED), (name, signal_name)


def test_seeds_sharing_a_role_at_unlike_employers_form_one_cluster(
    contacts: KindData, nurses: list[int], universe_engine: sa.Engine
) -> None:
    from lookalike.engine.seeds import analyse_seeds

    def clusters(rows: list[int]) -> int:
        seed_rows = as_rows(rows)
        vectors = np.asarray(contacts.index.vectors()[seed_rows], dtype=np.float32)
        similarity = seed_roles.seed_similarity(EntityKind.CONTACTS, contacts, seed_rows, vectors)
        join = seed_roles.JOIN_SIMILARITY[EntityKind.CONTACTS]
        return len(analyse_seeds(vectors, join, similarity).clusters)

    assert clusters(nurses_at_different_industries(contacts, nurses)) == 1
    sales = titled_rows(universe_engine, contacts, "Vice President of Sales")[:3]
    finance = titled_rows(universe_engine, contacts, "Chief Financial Officer")[:2]
    assert clusters(sales + finance) == 2


def test_one_similarity_ranks_as_it_does_among_many() -> None:
    background = np.sort(np.array([0.0, 0.0, 0.2, 0.5, 0.5, 0.5, 0.7, 0.9]))
    signal = profile.Signal.over(lambda rows: np.zeros(len(rows)), 1.0, background)
    values = np.array([-0.1, 0.0, 0.3, 0.5, 0.9, 0.95, 2.0])
    assert [signal.z_of(float(v)) for v in values] == pytest.approx(signal.z(values).tolist())


def test_values_equal_but_for_the_last_bits_tie_against_the_background() -> None:
    background = np.sort(np.array([0.1, 0.4, 1.0, 1.0, 1.0, 1.0]))
    signal = profile.Signal.over(lambda rows: np.zeros(len(rows)), 1.0, background)
    just_below = float(np.nextafter(np.float32(1.0), np.float32(0.0)))
    assert signal.z_of(just_below) == signal.z_of(1.0)
    assert signal.z(np.array([just_below]))[0] == signal.z(np.array([1.0]))[0]
