"""Scoring candidates against each seed cluster's profile, diversity and faithful reasons.

A candidate's score is its best cluster's weighted mean of similarities
(:mod:`lookalike.engine.profile`): signals the seeds share and the universe does not weigh most.
Reasons are the signals whose weighted similarity stands furthest above the background, each
naming the value the candidate shares with the seeds (the description's shared terms, the NAICS
industry, the occupation ...). Pages are filled cluster by cluster in proportion to the clusters'
sizes, at most three contacts per company, without near-duplicates.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

import numpy as np
from numpy.typing import NDArray

from lookalike.domain import EntityKind, Reason, Recommendation
from lookalike.engine.generation import Generation, KindData
from lookalike.engine.profile import ClusterProfile, reasons_of
from lookalike.engine.seeds import SeedAnalysis
from lookalike.engine.traits import MatchContext, TraitMatch, trait_matches

IntArray = NDArray[np.int64]
MAX_PER_COMPANY = 3
NEAR_DUPLICATE = 0.999  # cosine above which two results are the same thing twice
MAX_REASONS = 4
SHARED_TERMS = 3  # terms named by a description reason


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

    def cluster_rows(self, cluster: int) -> IntArray:
        """The seed rows of one cluster."""
        return self.rows[self.analysis.clusters[cluster].members]


@dataclass(frozen=True)
class Ranked:
    """Scored candidates: rows, score in [0, 1], cluster, nearest seed, vectors and reason parts."""

    rows: IntArray
    scores: NDArray[np.float64]
    ranking: NDArray[np.float64]  # what orders candidates: the unclipped weighted z of the score
    clusters: IntArray
    nearest_seed: IntArray
    vectors: NDArray[np.float32]
    parts: dict[str, NDArray[np.float64]]  # reason type -> each candidate's part above background
    # The traits the candidates at the given positions share with their seeds, read only for the
    # results a page returns.
    traits_at: Callable[[IntArray], list[TraitMatch]]
    profiles: tuple[ClusterProfile, ...]


def rank_candidates(
    generation: Generation,
    kind: EntityKind,
    seeds: SeedSet,
    profiles: tuple[ClusterProfile, ...],
    rows: IntArray,
) -> Ranked:
    """Score candidate rows against every cluster profile; each takes its best cluster."""
    data = generation.contacts if kind is EntityKind.CONTACTS else generation.companies
    per_cluster = [profile.ranking(rows) for profile in profiles]
    ranking = np.stack([total for total, _ in per_cluster])  # (clusters, C)
    clusters = np.argmax(ranking, axis=0).astype(np.int64)
    positions = np.arange(len(rows))
    order_by = ranking[clusters, positions]
    scores = np.zeros(len(rows))
    for cluster, profile in enumerate(profiles):
        chosen = clusters == cluster
        scores[chosen] = profile.score(order_by[chosen])
    parts: dict[str, NDArray[np.float64]] = {}
    reasons = reasons_of(kind)
    for cluster, (_, signal_parts) in enumerate(per_cluster):
        chosen = clusters == cluster
        for signal, part in signal_parts.items():
            reason = reasons.get(signal, signal)
            parts.setdefault(reason, np.zeros(len(rows)))[chosen] += part[chosen]
    vectors = np.asarray(data.index.vectors()[rows], dtype=np.float32)
    similarity = vectors @ seeds.vectors.T
    # Nearest seed within the candidate's own cluster.
    similarity[seeds.cluster_of_seed[None, :] != clusters[:, None]] = -np.inf
    nearest = np.argmax(similarity, axis=1)
    traits = partial(_traits, generation, data, kind, seeds, rows, clusters)
    traits_at = LeadersTraits(traits, order_by)
    return Ranked(rows, scores, order_by, clusters, nearest, vectors, parts, traits_at, profiles)


# Candidates whose traits are read together the first time a page needs any: the first pages of a
# session (kept in its pool) then cost one trait match, as matching 25 rows costs about what
# matching 256 does.
TRAIT_LEADERS = 256


class LeadersTraits:
    """The traits of candidates at given positions, read once for the ``TRAIT_LEADERS`` best
    ranked (shared by the follow-up pages of a kept pool) and afresh for any other position."""

    def __init__(
        self, traits: Callable[[IntArray], list[TraitMatch]], ranking: NDArray[np.float64]
    ) -> None:
        self.__wrapped__ = traits  # reading the traits of given positions, uncached
        self._leaders = np.argsort(-ranking, kind="stable")[:TRAIT_LEADERS]
        self._place = {int(position): at for at, position in enumerate(self._leaders.tolist())}
        self._read: list[TraitMatch] | None = None

    def __call__(self, positions: IntArray) -> list[TraitMatch]:
        places = [self._place.get(int(position)) for position in positions.tolist()]
        if any(place is None for place in places):
            return self.__wrapped__(positions)
        if self._read is None:  # a race only reads the same traits twice
            self._read = self.__wrapped__(self._leaders)
        at = np.asarray(places, dtype=np.int64)
        return [
            TraitMatch(t.name, t.contribution[at], t.seeds_sharing[at], t.values[at], t.describe)
            for t in self._read
        ]


def _traits(
    generation: Generation,
    data: KindData,
    kind: EntityKind,
    seeds: SeedSet,
    all_rows: IntArray,
    all_clusters: IntArray,
    positions: IntArray,
) -> list[TraitMatch]:
    rows, clusters = all_rows[positions], all_clusters[positions]
    sizes = np.array([len(c.members) for c in seeds.analysis.clusters], dtype=np.float64)
    same_cluster = seeds.cluster_of_seed[:, None] == clusters[None, :]
    share = same_cluster / sizes[clusters][None, :]
    context = MatchContext(generation, data, rows, seeds.rows, share)
    return trait_matches(context, kind is EntityKind.CONTACTS)


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
    order = np.argsort(-ranked.ranking, kind="stable")
    chosen: list[int] = []
    for cluster, quota in enumerate(quotas):
        members = order[ranked.clusters[order] == cluster]
        _fill(ranked, members, len(chosen) + quota, chosen, diversity)
    _fill(ranked, order, limit, chosen, diversity)
    return sorted(chosen, key=lambda p: -ranked.ranking[p])


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


def recommendations_of(
    ranked: Ranked, positions: list[int], data: KindData, seeds: SeedSet
) -> tuple[Recommendation, ...]:
    """The engine results for chosen candidates, each with the signals that drove its score."""
    if not positions:
        return ()
    chosen = np.asarray(positions, dtype=np.int64)
    # Trait arrays hold the chosen candidates in the order of ``positions``.
    traits = {trait.name: _PageTrait.of(trait) for trait in ranked.traits_at(chosen)}
    # Shared words stand in for a text reason where no shared value (an occupation) names it.
    told = [traits[name].sharing for name in ("description", "title") if name in traits]
    needing = [p for at, p in enumerate(positions) if not any(s[at] > 0 for s in told)]
    shared = _page_terms(ranked, needing, data)
    # Each candidate's signals, strongest first (ties in the order of ``ranked.parts``).
    names = list(ranked.parts)
    parts = np.stack([np.asarray(ranked.parts[name][chosen], np.float64) for name in names])
    strongest = np.argsort(-parts, axis=0, kind="stable").T.tolist()
    positive = (parts > 0).T.tolist()
    ids = [data.id_of(row) for row in ranked.rows[chosen].tolist()]
    scores = [round(score, 4) for score in ranked.scores[chosen].tolist()]
    nearest = [data.id_of(row) for row in seeds.rows[ranked.nearest_seed[chosen]].tolist()]
    items = []
    for at, position in enumerate(positions):
        reasons: list[Reason] = []
        for part in strongest[at]:
            if len(reasons) == MAX_REASONS or not positive[at][part]:
                break
            reason = _reason(names[part], at, position, traits, shared)
            if reason is not None:
                reasons.append(reason)
        items.append(Recommendation(ids[at], scores[at], tuple(reasons), nearest[at]))
    return tuple(items)


@dataclass(frozen=True, slots=True)
class _PageTrait:
    """A trait's matches on one page as plain lists (read item by item)."""

    sharing: list[int]
    values: list[int]
    describe: Callable[[int], str]

    @classmethod
    def of(cls, trait: TraitMatch) -> _PageTrait:
        return cls(trait.seeds_sharing.tolist(), trait.values.tolist(), trait.describe)


def _reason(
    name: str,
    at: int,
    position: int,
    traits: dict[str, _PageTrait],
    shared: dict[int, Reason],
) -> Reason | None:
    """The reason for one signal: the value the candidate shares with its cluster's seeds
    (``at``: its place among the traits' candidates; ``position``: among the ranked ones)."""
    trait = traits.get(name)
    if trait is not None and trait.sharing[at] > 0 and trait.values[at] >= 0:
        return Reason(type=name, value=trait.describe(trait.values[at]), seeds=trait.sharing[at])
    if name in ("description", "title") and position in shared:  # the words they share
        terms = shared[position]
        return Reason(type=name, value=terms.value, seeds=terms.seeds)
    return None


def _page_terms(ranked: Ranked, positions: list[int], data: KindData) -> dict[int, Reason]:
    """For each page position, the terms of its text (or title) counting most towards its seeds'.

    Given as a ``description`` reason; a ``title`` reason takes its value and seeds.
    """
    terms = data.terms
    found: dict[int, Reason] = {}
    if terms is None or not positions:
        return found
    chosen = np.asarray(positions, dtype=np.int64)
    for cluster, profile in enumerate(ranked.profiles):
        inside = chosen[ranked.clusters[chosen] == cluster]
        if not profile.term_centroid or len(inside) == 0:
            continue
        rows = _term_rows(data, ranked.rows[inside])
        holders = profile.term_holders(terms, _term_rows(data, profile.seed_rows))
        for position, shared in zip(
            inside.tolist(),
            terms.shared_terms_of(rows, profile.term_centroid, SHARED_TERMS),
            strict=True,
        ):
            if shared:
                value = ", ".join(text for _, text in shared)
                found[position] = Reason("description", value, holders[shared[0][0]])
    return found


def _term_rows(data: KindData, rows: IntArray) -> IntArray:
    """Rows of the term matrix: the entity rows, or the title rows of contacts."""
    title_rows = data.columns.get("title_row")
    if title_rows is None:
        return np.asarray(rows, dtype=np.int64)
    return np.asarray(title_rows[rows], dtype=np.int64)
