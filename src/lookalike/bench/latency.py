"""Engine latency of the ANN index against the exact brute-force reference, on the same queries."""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np

from lookalike.domain import EntityKind, Filters, RecommendationQuery
from lookalike.engine.filters import filter_mask
from lookalike.engine.generation import Generation
from lookalike.engine.recommender import Recommender, recommend_from


@dataclass(frozen=True, slots=True)
class Latency:
    """Percentiles of one timed series, in milliseconds."""

    p50_ms: float
    p99_ms: float

    @classmethod
    def of(cls, seconds: Sequence[float]) -> Latency:
        values = np.asarray(seconds) * 1000
        return cls(float(np.percentile(values, 50)), float(np.percentile(values, 99)))


@dataclass(frozen=True, slots=True)
class Comparison:
    """ANN engine against exact engine for one query mix, plus recall@k of the raw index."""

    label: str
    ann: Latency
    exact: Latency
    recall: float
    result_overlap: float

    @property
    def speedup(self) -> float:
        return self.exact.p50_ms / self.ann.p50_ms if self.ann.p50_ms else 0.0


def seed_sets(
    generation: Generation, kind: EntityKind, count: int, size: int = 5, seed: int = 11
) -> list[tuple[str, ...]]:
    """``count`` homogeneous seed sets: a random anchor and its nearest neighbours."""
    data = generation.contacts if kind is EntityKind.CONTACTS else generation.companies
    rng = np.random.default_rng(seed)
    anchors = rng.choice(data.size, size=count, replace=False)
    vectors = np.asarray(data.index.vectors()[anchors], dtype=np.float32)
    neighbours, _ = data.index.search(vectors, size * 4)
    sets = []
    for anchor, row in zip(anchors, neighbours, strict=True):
        picked = [int(anchor), *[int(r) for r in row if r >= 0 and r != anchor][: size - 1]]
        sets.append(tuple(data.id_of(r) for r in picked))
    return sets


def compare(
    label: str,
    ann: Generation,
    exact: Generation,
    kind: EntityKind,
    seeds: Sequence[tuple[str, ...]],
    filters: Filters = Filters(),
    k: int = 25,
) -> Comparison:
    """Time the same queries on both generations; measure recall@k and result overlap."""
    queries = [RecommendationQuery(kind, s, filters=filters, limit=k) for s in seeds]
    ann_times, ann_pages = _timed(ann, queries)
    exact_times, exact_pages = _timed(exact, queries)
    overlaps = [
        len({i.entity_id for i in a.items} & {i.entity_id for i in e.items}) / max(len(e.items), 1)
        for a, e in zip(ann_pages, exact_pages, strict=True)
    ]
    return Comparison(
        label,
        Latency.of(ann_times),
        Latency.of(exact_times),
        raw_recall(ann, exact, kind, seeds, k, filters),
        float(np.mean(overlaps)),
    )


def _timed(
    generation: Generation, queries: Sequence[RecommendationQuery]
) -> tuple[list[float], list]:  # type: ignore[type-arg]
    recommend_from(generation, queries[0])  # warm the page cache and lazy loads
    times, pages = [], []
    for query in queries:
        started = time.perf_counter()
        pages.append(recommend_from(generation, query))
        times.append(time.perf_counter() - started)
    return times, pages


def raw_recall(
    ann: Generation,
    exact: Generation,
    kind: EntityKind,
    seeds: Sequence[tuple[str, ...]],
    k: int,
    filters: Filters = Filters(),
) -> float:
    """Recall@k of the ANN index against the exact index for the seed-centroid vectors.

    With filters, both indexes search only the rows that pass them, as the engine does.
    """
    ann_data = ann.contacts if kind is EntityKind.CONTACTS else ann.companies
    exact_data = exact.contacts if kind is EntityKind.CONTACTS else exact.companies
    centroids = []
    for seed_ids in seeds:
        rows = ann_data.rows_of(seed_ids)
        centroid = np.asarray(ann_data.index.vectors()[rows], dtype=np.float32).mean(axis=0)
        centroids.append(centroid / max(float(np.linalg.norm(centroid)), 1e-12))
    queries = np.stack(centroids).astype(np.float32)
    mask = filter_mask(ann, kind, filters)
    found, _ = ann_data.index.search(queries, k, mask)
    truth, _ = exact_data.index.search(queries, k, mask)
    hits = [len(set(f[f >= 0]) & set(t[t >= 0])) / k for f, t in zip(found, truth, strict=True)]
    return float(np.mean(hits))


@dataclass(frozen=True, slots=True)
class FollowUp:
    """Engine time of a session's first page and of its second page, on the same queries."""

    label: str
    first: Latency
    follow_up: Latency


def follow_up_pages(
    label: str,
    recommender: Recommender,
    kind: EntityKind,
    seeds: Sequence[tuple[str, ...]],
    k: int = 25,
) -> FollowUp:
    """Time each seed set's first page and then its second page in the same session (the second
    excludes what the first returned, as a session does)."""
    firsts, seconds = [], []
    for number, seed_ids in enumerate(seeds):
        query = RecommendationQuery(kind, seed_ids, limit=k, session_key=f"bench-{number}")
        started = time.perf_counter()
        first = recommender.recommend(query)
        firsts.append(time.perf_counter() - started)
        shown = frozenset(item.entity_id for item in first.items)
        started = time.perf_counter()
        recommender.recommend(replace(query, exclude_ids=shown))
        seconds.append(time.perf_counter() - started)
    return FollowUp(label, Latency.of(firsts), Latency.of(seconds))
