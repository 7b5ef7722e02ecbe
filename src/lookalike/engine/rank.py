"""Retrieval per seed cluster, scoring against the background, diversity and faithful reasons.

A candidate's score blends (a) its cosine similarity to its cluster's centroid and, less, to its
nearest inlier seed with (b) the inverse-frequency-weighted traits it shares with that cluster
(:mod:`lookalike.engine.traits`). Reasons are the traits whose part of that score is largest: the
per-block share of the cosine (vectors are weighted trait blocks, so the cosine splits exactly by
block) plus the trait's own contribution. Pages are filled cluster by cluster in proportion to the
clusters' sizes, at most three contacts per company, without near-duplicates.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from lookalike.domain import EntityKind, Reason, Recommendation
from lookalike.engine.features import COMPANY_LAYOUT, CONTACT_LAYOUT, Layout
from lookalike.engine.generation import Generation, KindData
from lookalike.engine.seeds import SeedAnalysis
from lookalike.engine.traits import (
    COMPANY_TRAIT_WEIGHTS,
    CONTACT_TRAIT_WEIGHTS,
    MatchContext,
    TraitMatch,
    trait_matches,
)

IntArray = NDArray[np.int64]
SIMILARITY_SHARE = 0.7  # the rest of the score is the inverse-frequency trait score
# Closeness is mostly to the cluster centroid, where traits every seed shares weigh most; a little
# is to the nearest single seed, so a lookalike of one seed's specific role still ranks well.
NEAREST_SEED_SHARE = 0.25
MAX_PER_COMPANY = 3
NEAR_DUPLICATE = 0.999  # cosine above which two results are the same thing twice
MAX_REASONS = 4


@dataclass(frozen=True)
class SeedSet:
    """The request's known seeds: rows, vectors, clusters, and each seed's cluster (-1: outlier)."""

    rows: IntArray
    vectors: NDArray[np.float32]
    analysis: SeedAnalysis
    cluster_of_seed: IntArray

    @classmethod
    def of(cls, rows: IntArray, vectors: NDArray[np.float32], analysis: SeedAnalysis) -> SeedSet:
        """Index which cluster each seed belongs to."""
        cluster_of_seed = np.full(len(rows), -1, dtype=np.int64)
        for position, cluster in enumerate(analysis.clusters):
            cluster_of_seed[cluster.members] = position
        return cls(rows, vectors, analysis, cluster_of_seed)


@dataclass(frozen=True)
class Ranked:
    """Scored candidates: rows, score in [0, 1], cluster, nearest seed, vectors."""

    rows: IntArray
    scores: NDArray[np.float64]
    clusters: IntArray
    nearest_seed: IntArray
    vectors: NDArray[np.float32]
    block_parts: dict[str, NDArray[np.float64]]
    traits: list[TraitMatch]


def layout_of(kind: EntityKind) -> Layout:
    """The vector layout of an entity kind."""
    return CONTACT_LAYOUT if kind is EntityKind.CONTACTS else COMPANY_LAYOUT


def rank_candidates(
    generation: Generation, kind: EntityKind, seeds: SeedSet, rows: IntArray
) -> Ranked:
    """Score candidate rows against the seeds (O(candidates x seeds))."""
    data = generation.contacts if kind is EntityKind.CONTACTS else generation.companies
    vectors = np.asarray(data.index.vectors()[rows], dtype=np.float32)
    similarity = vectors @ seeds.vectors.T
    similarity[:, seeds.cluster_of_seed < 0] = -np.inf  # outliers attract nothing
    nearest = np.argmax(similarity, axis=1)
    clusters = seeds.cluster_of_seed[nearest]
    centroids = np.stack([c.centroid for c in seeds.analysis.clusters])
    to_centroid = np.einsum("cd,cd->c", vectors, centroids[clusters])
    to_seed = similarity[np.arange(len(rows)), nearest]
    closeness = np.clip(
        NEAREST_SEED_SHARE * to_seed + (1 - NEAREST_SEED_SHARE) * to_centroid, 0.0, 1.0
    )
    traits = _traits(generation, data, kind, seeds, rows, clusters)
    weights = CONTACT_TRAIT_WEIGHTS if kind is EntityKind.CONTACTS else COMPANY_TRAIT_WEIGHTS
    trait_score = np.clip(sum(t.contribution for t in traits) / sum(weights.values()), 0.0, 1.0)
    scores = SIMILARITY_SHARE * closeness + (1 - SIMILARITY_SHARE) * trait_score
    # The reference the closeness was measured against, so per-block parts add up to it.
    reference = (
        NEAREST_SEED_SHARE * seeds.vectors[nearest] + (1 - NEAREST_SEED_SHARE) * centroids[clusters]
    )
    parts = _block_parts(layout_of(kind), vectors, reference)
    return Ranked(rows, scores, clusters, nearest, vectors, parts, traits)


def _traits(
    generation: Generation,
    data: KindData,
    kind: EntityKind,
    seeds: SeedSet,
    rows: IntArray,
    clusters: IntArray,
) -> list[TraitMatch]:
    sizes = np.array([len(c.members) for c in seeds.analysis.clusters], dtype=np.float64)
    same_cluster = seeds.cluster_of_seed[:, None] == clusters[None, :]
    share = same_cluster / sizes[clusters][None, :]
    context = MatchContext(generation, data, rows, seeds.rows, share)
    return trait_matches(context, kind is EntityKind.CONTACTS)


def _block_parts(
    layout: Layout, vectors: NDArray[np.float32], reference: NDArray[np.float32]
) -> dict[str, NDArray[np.float64]]:
    """Each trait block's part of the dot product between a candidate and its reference."""
    parts = {}
    for block in layout.blocks:
        columns = layout.slice_of(block.name)
        parts[block.name] = np.einsum("cd,cd->c", vectors[:, columns], reference[:, columns])
    return parts


@dataclass
class Diversity:
    """What a page already holds, to cap results per company and skip near-duplicates.

    ``company_rows`` (contacts) enables the cap; ``duplicate_keys`` marks records that are the same
    thing twice (a contact's company and normalised title; a company's normalised name). Two
    contacts of one company with nearly identical vectors are duplicates too; across companies
    equal vectors are legitimately different people with the same traits.
    """

    company_rows: IntArray | None
    duplicate_keys: IntArray
    cap: int | None = MAX_PER_COMPANY

    def __post_init__(self) -> None:
        self.per_company: dict[int, list[int]] = {}
        self.seen_keys: set[int] = set()

    def admits(self, ranked: Ranked, position: int) -> bool:
        """Whether ``position`` may join the page without breaking the cap or duplicating."""
        if int(self.duplicate_keys[position]) in self.seen_keys:
            return False
        if self.company_rows is None:
            return True
        colleagues = self.per_company.get(int(self.company_rows[position]), [])
        if self.cap is not None and len(colleagues) >= self.cap:
            return False
        if not colleagues:
            return True
        return (
            float(np.max(ranked.vectors[colleagues] @ ranked.vectors[position])) <= NEAR_DUPLICATE
        )

    def add(self, position: int) -> None:
        """Record a chosen candidate."""
        self.seen_keys.add(int(self.duplicate_keys[position]))
        if self.company_rows is not None:
            self.per_company.setdefault(int(self.company_rows[position]), []).append(position)


def select_page(ranked: Ranked, quotas: list[int], limit: int, diversity: Diversity) -> list[int]:
    """Positions of the chosen candidates: cluster quotas first, then the best of the rest."""
    order = np.argsort(-ranked.scores, kind="stable")
    chosen: list[int] = []
    for cluster, quota in enumerate(quotas):
        members = order[ranked.clusters[order] == cluster]
        _fill(ranked, members, len(chosen) + quota, chosen, diversity)
    _fill(ranked, order, limit, chosen, diversity)
    return sorted(chosen, key=lambda p: -ranked.scores[p])


def _fill(
    ranked: Ranked, positions: IntArray, until: int, chosen: list[int], diversity: Diversity
) -> None:
    taken = set(chosen)
    for position in positions.tolist():
        if len(chosen) >= until:
            return
        if position in taken or not diversity.admits(ranked, position):
            continue
        chosen.append(position)
        taken.add(position)
        diversity.add(position)


def recommendation_of(
    ranked: Ranked, position: int, data: KindData, seeds: SeedSet
) -> Recommendation:
    """The engine result for one ranked candidate, with its strongest shared traits as reasons."""
    parts: dict[str, float] = {}
    for trait in ranked.traits:
        if trait.seeds_sharing[position] > 0 and trait.values[position] >= 0:
            block = ranked.block_parts.get(trait.name)
            similarity = 0.0 if block is None else float(block[position])
            parts[trait.name] = SIMILARITY_SHARE * similarity + float(trait.contribution[position])
    named = sorted(parts, key=lambda name: -parts[name])[:MAX_REASONS]
    by_name = {trait.name: trait for trait in ranked.traits}
    reasons = tuple(
        Reason(
            type=name,
            value=by_name[name].describe(int(by_name[name].values[position])),
            seeds=int(by_name[name].seeds_sharing[position]),
        )
        for name in named
        if parts[name] > 0
    )
    return Recommendation(
        entity_id=data.id_of(int(ranked.rows[position])),
        score=round(float(ranked.scores[position]), 4),
        reasons=reasons,
        nearest_seed=data.id_of(int(seeds.rows[ranked.nearest_seed[position]])),
    )


def recommendations_of(
    ranked: Ranked, positions: list[int], data: KindData, seeds: SeedSet
) -> tuple[Recommendation, ...]:
    """:func:`recommendation_of` for a whole page, with the reason parts computed in one go."""
    if not positions:
        return ()
    chosen = np.asarray(positions, dtype=np.int64)
    traits = ranked.traits
    # (traits, page): each trait's part of each result's score; NaN where the trait is not shared.
    parts = np.full((len(traits), len(chosen)), np.nan)
    for row, trait in enumerate(traits):
        shared = (trait.seeds_sharing[chosen] > 0) & (trait.values[chosen] >= 0)
        block = ranked.block_parts.get(trait.name)
        similarity = 0.0 if block is None else block[chosen].astype(np.float64)
        part = SIMILARITY_SHARE * similarity + trait.contribution[chosen]
        parts[row] = np.where(shared, part, np.nan)
    # Stable: equal parts keep the traits' order, as sorting the per-result dict does.
    order = np.argsort(np.where(np.isnan(parts), np.inf, -parts), axis=0, kind="stable")
    items = []
    for column, position in enumerate(positions):
        reasons: list[Reason] = []
        for row in order[:, column].tolist():
            value = parts[row, column]
            if np.isnan(value) or len(reasons) == MAX_REASONS:
                break
            if value > 0:
                trait = traits[row]
                reasons.append(
                    Reason(
                        type=trait.name,
                        value=trait.describe(int(trait.values[position])),
                        seeds=int(trait.seeds_sharing[position]),
                    )
                )
        items.append(
            Recommendation(
                entity_id=data.id_of(int(ranked.rows[position])),
                score=round(float(ranked.scores[position]), 4),
                reasons=tuple(reasons),
                nearest_seed=data.id_of(int(seeds.rows[ranked.nearest_seed[position]])),
            )
        )
    return tuple(items)
