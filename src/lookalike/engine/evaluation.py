"""Recommendation quality on a labelled universe, side by side with two baselines.

Segments are read from the index's own columns: contacts by (first department, seniority, company
NAICS sector), companies by (NAICS 4-digit code, or the shorter code the data gives, size band).
With fixed random seeds we measure (a) precision@25 for seed sets drawn from one segment, and (b)
for mixed sets (3 seeds from one segment, 2 from another) the share of results in each segment and a
balance score ``min(share_a / 0.6, share_b / 0.4)`` capped at 1. The same seed sets go to the
engine, to a random pick, and to exact nearest neighbours of the mean seed vector over the same
features.
"""

from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray

from lookalike.domain import EntityKind, RecommendationQuery
from lookalike.engine.embeddings import unit_or_zero
from lookalike.engine.generation import Generation, KindData
from lookalike.engine.index import exact_search
from lookalike.engine.recommender import recommend_from

PAGE = 25
HOMOGENEOUS_SEEDS = 5
MIXED_SPLIT = (3, 2)
MIN_SEGMENT = PAGE + HOMOGENEOUS_SEEDS + 5
METHODS = ("engine", "mean vector", "random")
Method = Callable[[KindData, list[int], random.Random], list[int]]


@dataclass
class KindResult:
    """Averages for one entity kind and method."""

    precision: list[float] = field(default_factory=list)
    share_a: list[float] = field(default_factory=list)
    share_b: list[float] = field(default_factory=list)
    balance: list[float] = field(default_factory=list)

    def mean(self, name: str) -> float:
        """Average of one measure (0 when no trial ran)."""
        values: list[float] = getattr(self, name)
        return float(np.mean(values)) if values else 0.0


@dataclass
class Evaluation:
    """Results per (kind, method), with the number of trials run."""

    results: dict[tuple[EntityKind, str], KindResult]
    trials: dict[EntityKind, tuple[int, int]]


def segment_labels(generation: Generation, kind: EntityKind) -> NDArray[np.int64]:
    """A segment key per row (-1 when a part is unknown)."""
    data = generation.contacts if kind is EntityKind.CONTACTS else generation.companies
    columns = data.columns
    naics6, naics_len = np.asarray(columns["naics6"]), np.asarray(columns["naics_len"])
    if kind is EntityKind.COMPANIES:
        # NAICS 4-digit where the data has it, else the code as given (many are sector-only).
        digits = np.minimum(naics_len.astype(np.int64), 4)
        prefix = naics6 // 10 ** (6 - np.maximum(digits, 1))
        size = np.asarray(columns["size_band"]).astype(np.int64)
        known = (naics_len >= 2) & (size >= 0)
        return np.where(known, (prefix * 10 + digits) * 10 + size, -1)
    sector = _folded_sector(np.where(naics_len >= 2, naics6 // 10_000, -1))
    masks = np.asarray(columns["departments"]).astype(np.int64)
    first_department = np.where(masks > 0, np.log2(masks & -masks).astype(np.int64), -1)
    seniority = np.asarray(columns["seniority"]).astype(np.int64)
    known = (sector >= 0) & (first_department >= 0)
    return np.where(known, (sector * 100 + first_department) * 100 + seniority, -1)


def _folded_sector(sector: NDArray[np.int64]) -> NDArray[np.int64]:
    """NAICS sectors with the 31-33, 44-45 and 48-49 ranges folded to one."""
    folded = np.where((sector >= 31) & (sector <= 33), 31, sector)
    folded = np.where((folded >= 44) & (folded <= 45), 44, folded)
    return np.where((folded >= 48) & (folded <= 49), 48, folded)


def evaluate(generation: Generation, trials: int = 40, seed: int = 20221) -> Evaluation:
    """Run the homogeneous and mixed trials for both kinds and all three methods."""
    results = {(kind, m): KindResult() for kind in EntityKind for m in METHODS}
    counts: dict[EntityKind, tuple[int, int]] = {}
    for kind in EntityKind:
        counts[kind] = _evaluate_kind(generation, kind, trials, random.Random(seed), results)
    return Evaluation(results, counts)


def _evaluate_kind(
    generation: Generation,
    kind: EntityKind,
    trials: int,
    rng: random.Random,
    results: dict[tuple[EntityKind, str], KindResult],
) -> tuple[int, int]:
    data = generation.contacts if kind is EntityKind.CONTACTS else generation.companies
    labels = segment_labels(generation, kind)
    members: dict[int, list[int]] = defaultdict(list)
    for row, label in enumerate(labels.tolist()):
        if label >= 0:
            members[label].append(row)
    segments = sorted(label for label, rows in members.items() if len(rows) >= MIN_SEGMENT)
    if not segments:
        return (0, 0)
    methods = _methods(generation, kind)
    for _ in range(trials):
        segment = rng.choice(segments)
        seeds = rng.sample(members[segment], HOMOGENEOUS_SEEDS)
        for name, method in methods.items():
            found = method(data, seeds, rng)
            results[(kind, name)].precision.append(_share(labels, found, segment))
    mixed = 0
    for _ in range(trials if len(segments) > 1 else 0):
        first, second = rng.sample(segments, 2)
        seeds = rng.sample(members[first], MIXED_SPLIT[0]) + rng.sample(
            members[second], MIXED_SPLIT[1]
        )
        mixed += 1
        for name, method in methods.items():
            found = method(data, seeds, rng)
            _record_mix(results[(kind, name)], labels, found, first, second)
    return (trials, mixed)


def _share(labels: NDArray[np.int64], rows: Sequence[int], segment: int) -> float:
    if not rows:
        return 0.0
    return float(np.mean(labels[np.asarray(rows, dtype=np.int64)] == segment))


def _record_mix(
    result: KindResult, labels: NDArray[np.int64], rows: Sequence[int], first: int, second: int
) -> None:
    share_a, share_b = _share(labels, rows, first), _share(labels, rows, second)
    expected_a = MIXED_SPLIT[0] / sum(MIXED_SPLIT)
    result.share_a.append(share_a)
    result.share_b.append(share_b)
    result.balance.append(min(1.0, share_a / expected_a, share_b / (1 - expected_a)))


def _methods(generation: Generation, kind: EntityKind) -> dict[str, Method]:
    def engine(data: KindData, seeds: list[int], rng: random.Random) -> list[int]:
        query = RecommendationQuery(
            kind=kind, seed_ids=tuple(data.id_of(r) for r in seeds), limit=PAGE
        )
        page = recommend_from(generation, query)
        return [int(row) for row in data.rows_of(item.entity_id for item in page.items)]

    return {"engine": engine, "mean vector": _mean_vector, "random": _random_pick}


def _mean_vector(data: KindData, seeds: list[int], rng: random.Random) -> list[int]:
    vectors = np.asarray(data.index.vectors()[seeds], dtype=np.float32)
    query = unit_or_zero(vectors.mean(axis=0))[None, :]
    ids, _ = exact_search(data.index.vectors(), query, PAGE + len(seeds), None)
    return [r for r in ids[0].tolist() if r >= 0 and r not in set(seeds)][:PAGE]


def _random_pick(data: KindData, seeds: list[int], rng: random.Random) -> list[int]:
    chosen: set[int] = set()
    while len(chosen) < min(PAGE, data.size - len(seeds)):
        row = rng.randrange(data.size)
        if row not in seeds:
            chosen.add(row)
    return sorted(chosen)
