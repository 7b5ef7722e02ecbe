"""The engine's front door: open the live index generation and answer recommendation queries.

One :class:`Recommender` per process; ``recommend`` is thread-safe (the generation is read-only and
swapped by reference) and does work proportional to the page and seed sizes, not to the universe,
except for the numpy masks of filtered requests.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from lookalike.domain import EntityKind, RecommendationPage, RecommendationQuery
from lookalike.engine.filters import filter_mask
from lookalike.engine.generation import CURRENT_FILE, Generation, KindData, load_generation
from lookalike.engine.page_cache import KeptPool, PageCache
from lookalike.engine.profile import (
    ClusterProfile,
    layout_of,
    profile_cluster,
    reasons_of,
)
from lookalike.engine.rank import (
    MAX_PER_COMPANY,
    Diversity,
    Ranked,
    SeedSet,
    rank_candidates,
    recommendations_of,
    select_page,
)
from lookalike.engine.seed_roles import JOIN_SIMILARITY, seed_similarity
from lookalike.engine.seeds import analyse_seeds
from lookalike.settings import Settings

IntArray = NDArray[np.int64]
_FIRST_FETCH = 100  # candidates per cluster query on the first try; grown 4x while a page is short
# Up to this many eligible entities every one is scored exactly: no ANN recall is lost on the
# lexical and occupation signals that the vectors hold only in part, for a few ms.
SCORE_EVERYONE_BELOW = 5_000


class Recommender:
    """Lookalike recommendations over the memory-mapped live index generation."""

    def __init__(self, settings: Settings, generation: Generation) -> None:
        self._settings = settings
        # The generation and the page cache of its sessions change together, in one assignment.
        self._live = (generation, PageCache())
        self._lock = threading.Lock()
        self._checked_at = time.monotonic()
        self._pointer_state = self._pointer_stat()

    @classmethod
    def open(cls, settings: Settings) -> Recommender:
        """Load the live generation; raises IndexUnavailableError when none was built."""
        return cls(settings, load_generation(settings.index_dir, settings.index.kind))

    @property
    def universe_version(self) -> int:
        """The universe version the loaded generation was built from."""
        return self._live[0].universe_version

    @property
    def generation(self) -> Generation:
        """The loaded generation (read-only)."""
        return self._live[0]

    def refresh_if_changed(self) -> bool:
        """Reload when ``CURRENT`` points elsewhere; stats at most every reload_check_seconds."""
        now = time.monotonic()
        if now - self._checked_at < self._settings.index.reload_check_seconds:
            return False
        with self._lock:
            self._checked_at = now
            state = self._pointer_stat()
            if state == self._pointer_state:
                return False
            generation = load_generation(self._settings.index_dir, self._settings.index.kind)
            self._pointer_state = state
            if generation.path == self._live[0].path:
                return False
            self._live = (generation, PageCache())  # old candidate pools mean nothing now
            return True

    def _pointer_stat(self) -> tuple[int, int] | None:
        try:
            stat = (self._settings.index_dir / CURRENT_FILE).stat()
        except FileNotFoundError:
            return None
        return (stat.st_ino, stat.st_mtime_ns)

    def recommend(self, query: RecommendationQuery) -> RecommendationPage:
        """A page of lookalikes for the query's seeds (unknown seed ids are ignored).

        A later page of a session is chosen from the candidates its first page scored, when this
        worker still keeps them (``lookalike.engine.page_cache``).
        """
        generation, pages = self._live
        data = generation.contacts if query.kind is EntityKind.CONTACTS else generation.companies
        follow_up = pages.follow_up_or_none(data, query)
        if follow_up is not None:
            return follow_up
        page, pool = recommend_keeping(generation, query)
        if pool is not None:
            pages.keep(query, pool)
        return page


def recommend_from(
    generation: Generation,
    query: RecommendationQuery,
    score_everyone_below: int = SCORE_EVERYONE_BELOW,
) -> RecommendationPage:
    """Answer ``query`` from one generation (see :func:`recommend_keeping`)."""
    return recommend_keeping(generation, query, score_everyone_below)[0]


def recommend_keeping(
    generation: Generation,
    query: RecommendationQuery,
    score_everyone_below: int = SCORE_EVERYONE_BELOW,
) -> tuple[RecommendationPage, KeptPool | None]:
    """Answer ``query``, and the scored candidate pool its page was chosen from (None when
    nothing was scored).

    Up to ``score_everyone_below`` eligible entities every one is scored; above, candidates come
    from the ANN index and the inverted lists (0: always retrieve, as ``lookalike eval
    lookalikes --retrieval`` does to measure that path on small data sets)."""
    data = generation.contacts if query.kind is EntityKind.CONTACTS else generation.companies
    seed_rows = np.unique(data.rows_of(query.seed_ids))
    unindexed = _unindexed(data, query.seed_ids, seed_rows)
    if len(seed_rows) == 0 or query.limit < 1:
        return RecommendationPage(items=(), has_more=False, unindexed_seeds=unindexed), None
    vectors = np.asarray(data.index.vectors()[seed_rows], dtype=np.float32)
    similarity = seed_similarity(query.kind, data, seed_rows, vectors)
    analysis = analyse_seeds(vectors, JOIN_SIMILARITY[query.kind], similarity)
    seeds = SeedSet.of(seed_rows, vectors, analysis)
    profiles = tuple(
        profile_cluster(query.kind, data, seeds.cluster_rows(k))
        for k in range(len(seeds.analysis.clusters))
    )
    blocked = np.union1d(seed_rows, data.rows_of(query.exclude_ids))
    mask = filter_mask(generation, query.kind, query.filters)
    if mask is not None:
        mask[blocked] = False
        eligible = int(np.count_nonzero(mask))
    else:
        eligible = data.size - len(blocked)
    if eligible <= 0:
        return RecommendationPage(items=(), has_more=False, unindexed_seeds=unindexed), None
    selection = _retrieve_and_select(
        generation, data, query, seeds, profiles, blocked, mask, eligible, score_everyone_below
    )
    items = recommendations_of(selection.ranked, selection.chosen, data, seeds)
    pool = KeptPool(
        selection.ranked,
        seeds,
        selection.quotas,
        selection.diversity,
        frozenset(blocked.tolist()),
        eligible,
        selection.complete,
        unindexed,
    )
    return RecommendationPage(items, eligible > len(items), unindexed), pool


def _unindexed(data: KindData, seed_ids: tuple[str, ...], seed_rows: IntArray) -> tuple[str, ...]:
    if len(seed_rows) == len(seed_ids):
        return ()
    known = {data.id_of(int(row)) for row in seed_rows}
    return tuple(seed_id for seed_id in seed_ids if seed_id not in known)


@dataclass(frozen=True)
class _Selection:
    ranked: Ranked
    chosen: list[int]
    quotas: list[int]
    diversity: Diversity
    complete: bool  # every eligible entity was scored


def _retrieve_and_select(
    generation: Generation,
    data: KindData,
    query: RecommendationQuery,
    seeds: SeedSet,
    profiles: tuple[ClusterProfile, ...],
    blocked: IntArray,
    mask: NDArray[np.bool_] | None,
    eligible: int,
    score_everyone_below: int,
) -> _Selection:
    pool = eligible if mask is not None else data.size
    fetch = min(pool, max(_FIRST_FETCH, 4 * query.limit) + (len(blocked) if mask is None else 0))
    quotas = seeds.analysis.quotas(query.limit)
    queries = _queries(query, seeds, profiles)
    while True:
        if pool <= score_everyone_below:
            rows = _everyone(data, mask, blocked)
            fetch = pool
        else:
            rows = _candidates(queries, data, fetch, mask, blocked)
            rows = _with_lexical(rows, data, profiles, mask, blocked)
        ranked = rank_candidates(generation, query.kind, seeds, profiles, rows)
        diversity = _diversity(data, query, rows)
        chosen = select_page(ranked, quotas, query.limit, diversity)
        if len(chosen) >= query.limit or fetch >= pool:
            return _Selection(ranked, chosen, quotas, diversity, complete=fetch >= pool)
        fetch = min(pool, fetch * 4)


def _queries(
    query: RecommendationQuery, seeds: SeedSet, profiles: tuple[ClusterProfile, ...]
) -> NDArray[np.float32]:
    """One ANN query per cluster (its profile) and per inlier seed (its vector, reweighted)."""
    layout, reasons = layout_of(query.kind), reasons_of(query.kind)
    queries = [profile.query_vector(layout, reasons) for profile in profiles]
    if len(seeds.analysis.inliers) > 1:
        for seed in seeds.analysis.inliers.tolist():
            weights = queries[int(seeds.cluster_of_seed[seed])]
            # The cluster query's block scales applied to the seed's own blocks.
            scale = np.zeros(layout.dims, dtype=np.float32)
            for block in layout.blocks:
                columns = layout.slice_of(block.name)
                scale[columns] = float(np.linalg.norm(weights[columns]))
            queries.append(scale * seeds.vectors[seed])
    return np.stack(queries).astype(np.float32)


def _everyone(data: KindData, mask: NDArray[np.bool_] | None, blocked: IntArray) -> IntArray:
    """Every row that passes the filter and is not a seed or excluded."""
    allowed = np.ones(data.size, dtype=bool) if mask is None else mask.copy()
    allowed[blocked] = False
    return np.flatnonzero(allowed).astype(np.int64)


def _candidates(
    queries: NDArray[np.float32],
    data: KindData,
    fetch: int,
    mask: NDArray[np.bool_] | None,
    blocked: IntArray,
) -> IntArray:
    """Union of the ``fetch`` nearest neighbours of every query.

    One batch search: a filtered exact scan then gathers the surviving vectors once.
    """
    found, _ = data.index.search(queries, fetch, mask)
    rows = np.unique(found)
    rows = rows[rows >= 0]
    return rows[~np.isin(rows, blocked)]


def _with_lexical(
    rows: IntArray,
    data: KindData,
    profiles: tuple[ClusterProfile, ...],
    mask: NDArray[np.bool_] | None,
    blocked: IntArray,
) -> IntArray:
    """``rows`` and the entities holding each cluster's heaviest sparse terms (engine.postings)."""
    found = [rows]
    for profile in profiles:
        for stem, centroid in profile.retrieval.items():
            postings = data.postings.get(stem)
            if postings is not None:
                found.append(postings.retrieve(centroid))
    if len(found) == 1:
        return rows
    merged = np.unique(np.concatenate(found))
    if mask is not None:
        merged = merged[mask[merged]]
    return merged[~np.isin(merged, blocked)]


def _diversity(data: KindData, query: RecommendationQuery, rows: IntArray) -> Diversity:
    if query.kind is EntityKind.COMPANIES:
        return Diversity(None, np.asarray(data.columns["name_key"][rows], dtype=np.int64))
    company_rows = np.asarray(data.columns["company_row"][rows], dtype=np.int64)
    title_keys = np.asarray(data.columns["title_key"][rows], dtype=np.int64)
    # One key per (company, normalised title): the same person recorded twice.
    keys = company_rows * np.int64(1_000_003) ^ title_keys
    cap = None if query.filters.company_ids else MAX_PER_COMPANY
    return Diversity(company_rows, keys, cap=cap)
