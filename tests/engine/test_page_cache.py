"""A session's follow-up pages come from the candidates its first page scored: never an excluded
id or a seed, the same page a fresh search gives when every eligible entity was scored, and
nothing kept across sessions, seeds, filters or index generations."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Any

import numpy as np
import pytest

from lookalike.domain import EntityKind, Filters, Recommendation, RecommendationQuery
from lookalike.engine.page_cache import PageCache
from lookalike.engine.recommender import Recommender, recommend_from, recommend_keeping

UNFILTERED_SEEDS = 5


def query_of(recommender: Recommender, **fields: Any) -> RecommendationQuery:
    data = recommender.generation.contacts
    seeds = tuple(data.id_of(row) for row in range(UNFILTERED_SEEDS))
    base = RecommendationQuery(EntityKind.CONTACTS, seeds, limit=10, session_key="s-1")
    return replace(base, **fields)


def returned(items: Sequence[Recommendation]) -> frozenset[str]:
    return frozenset(item.entity_id for item in items)


@pytest.mark.parametrize("filters", [Filters(), Filters(countries=("Germany",))])
def test_follow_up_pages_never_repeat_and_leave_out_what_was_excluded(
    recommender: Recommender, filters: Filters
) -> None:
    query = query_of(recommender, filters=filters)
    seen: set[str] = set(query.seed_ids)
    excluded = frozenset({recommender.generation.contacts.id_of(40)})
    query = replace(query, exclude_ids=excluded)
    for _ in range(4):
        page = recommender.recommend(replace(query, exclude_ids=query.exclude_ids | seen))
        ids = {item.entity_id for item in page.items}
        assert len(ids) == len(page.items) and not ids & seen and not ids & excluded
        seen |= ids
        if not page.has_more:
            break


def test_a_fully_scored_pool_gives_the_page_a_fresh_search_gives(
    recommender: Recommender,
) -> None:
    query = query_of(recommender, filters=Filters(countries=("Germany",)))
    first, pool = recommend_keeping(recommender.generation, query)
    assert pool is not None and pool.complete
    cache = PageCache()
    cache.keep(query, pool)
    follow_up = replace(query, exclude_ids=returned(first.items))
    kept = cache.follow_up_or_none(recommender.generation.contacts, follow_up)
    fresh = recommend_from(recommender.generation, replace(follow_up, session_key=""))
    assert kept is not None
    assert [(i.entity_id, i.score, i.reasons) for i in kept.items] == [
        (i.entity_id, i.score, i.reasons) for i in fresh.items
    ]
    assert kept.has_more == fresh.has_more


def test_other_sessions_seeds_filters_or_sizes_are_not_served_from_the_pool(
    recommender: Recommender,
) -> None:
    query = query_of(recommender)
    _, pool = recommend_keeping(recommender.generation, query)
    assert pool is not None
    cache = PageCache()
    cache.keep(query, pool)
    data = recommender.generation.contacts
    assert cache.follow_up_or_none(data, query) is not None
    for other in (
        replace(query, session_key="s-2"),
        replace(query, session_key=""),
        replace(query, seed_ids=query.seed_ids[:4]),
        replace(query, filters=Filters(countries=("France",))),
        replace(query, limit=11),
    ):
        assert cache.follow_up_or_none(data, other) is None


def test_the_cache_keeps_the_most_recent_pools_within_its_bytes(
    recommender: Recommender,
) -> None:
    data = recommender.generation.contacts
    queries = [query_of(recommender, session_key=f"s-{n}") for n in range(3)]
    pools = [recommend_keeping(recommender.generation, query)[1] for query in queries]
    assert all(pool is not None and pool.nbytes > 0 for pool in pools)
    sizes = [pool.nbytes for pool in pools if pool is not None]
    cache = PageCache(max_bytes=sizes[1] + sizes[2])
    for query, pool in zip(queries, pools, strict=True):
        assert pool is not None
        cache.keep(query, pool)
    assert cache.held_bytes <= sizes[1] + sizes[2]
    assert cache.follow_up_or_none(data, queries[0]) is None
    assert all(cache.follow_up_or_none(data, query) is not None for query in queries[1:])
    too_small = PageCache(max_bytes=min(sizes) - 1)
    too_small.keep(queries[0], pools[0])  # type: ignore[arg-type]
    assert too_small.held_bytes == 0


def test_traits_read_for_the_leading_candidates_are_those_read_alone(
    recommender: Recommender,
) -> None:
    from lookalike.engine.rank import TRAIT_LEADERS

    _, pool = recommend_keeping(recommender.generation, query_of(recommender))
    assert pool is not None
    ranked = pool.ranked
    order = np.argsort(-ranked.ranking, kind="stable")
    inside = order[[0, 3, 1]]
    outside = order[TRAIT_LEADERS : TRAIT_LEADERS + 2] if len(order) > TRAIT_LEADERS else inside
    for positions in (inside, outside, inside):
        cached = ranked.traits_at(positions)
        fresh = ranked.traits_at.__wrapped__(positions)  # type: ignore[attr-defined]
        assert [t.name for t in cached] == [t.name for t in fresh]
        for kept, alone in zip(cached, fresh, strict=True):
            assert kept.values.tolist() == alone.values.tolist()
            assert kept.seeds_sharing.tolist() == alone.seeds_sharing.tolist()
            assert np.allclose(kept.contribution, alone.contribution)
