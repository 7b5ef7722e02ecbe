"""Scored candidates kept per session, so that a follow-up page does no retrieval.

A session's first page retrieves and scores a pool of candidates several pages deep (the ANN
search and the scoring are most of a request's engine time). The pool is kept, and a later page of
the same session (same seeds, filters and page size, same index generation) is chosen from it with
the same cluster quotas and diversity rules, leaving out every id the session has excluded or
returned since: no search, no scoring. When the pool runs short of a page it is computed afresh.
The cache belongs to one loaded generation (a new index starts empty), is bounded by the bytes
its pools hold (the least recently used sessions go first) and is per worker: a worker that never
saw a session computes its page from the session's exclusions, which is just as right.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Any

import numpy as np
from cachetools import LRUCache

from lookalike.domain import Filters, RecommendationPage, RecommendationQuery
from lookalike.engine.generation import KindData
from lookalike.engine.rank import Diversity, Ranked, SeedSet, recommendations_of, select_page

MAX_POOL_BYTES = 256 * 1024**2
"""Memory the candidate pools of one worker may hold (a pool of ~700 scored contacts is about
0.3 MB, so some 800 sessions)."""

_Key = tuple[str, str, tuple[str, ...], Filters, int]
_BLOCKED = -1  # a duplicate key no candidate has: marks the rows a follow-up leaves out


@dataclass(frozen=True)
class KeptPool:
    """What a first page scored: its candidates, seeds, quotas and diversity rules, the rows it
    left out and how many entities were eligible."""

    ranked: Ranked
    seeds: SeedSet
    quotas: list[int]
    diversity: Diversity
    blocked: frozenset[int]
    eligible: int
    complete: bool  # the pool holds every eligible entity
    unindexed_seeds: tuple[str, ...]

    @property
    def nbytes(self) -> int:
        """The bytes of the arrays the pool holds (what it costs the cache)."""
        ranked, diversity = self.ranked, self.diversity
        arrays: list[np.ndarray[Any, Any]] = [
            ranked.rows,
            ranked.scores,
            ranked.ranking,
            ranked.clusters,
            ranked.nearest_seed,
            ranked.vectors,
            *ranked.parts.values(),
            diversity.duplicate_keys,
            self.seeds.vectors,
        ]
        if diversity.company_rows is not None:
            arrays.append(diversity.company_rows)
        return sum(array.nbytes for array in arrays) + 64 * len(self.blocked)


def _pool_bytes(pool: KeptPool) -> int:
    return pool.nbytes


class PageCache:
    """Candidate pools of recent sessions, for one generation (see the module docstring)."""

    def __init__(self, max_bytes: int = MAX_POOL_BYTES) -> None:
        self._pools: LRUCache[_Key, KeptPool] = LRUCache(maxsize=max_bytes, getsizeof=_pool_bytes)
        self._lock = threading.Lock()

    @property
    def held_bytes(self) -> int:
        """The bytes the kept pools hold now."""
        with self._lock:
            return int(self._pools.currsize)

    def keep(self, query: RecommendationQuery, pool: KeptPool) -> None:
        """Keep the pool a session's page was chosen from."""
        if query.session_key and pool.nbytes <= self._pools.maxsize:
            with self._lock:
                self._pools[_key_of(query)] = pool

    def follow_up_or_none(
        self, data: KindData, query: RecommendationQuery
    ) -> RecommendationPage | None:
        """The page ``query`` asks for, chosen from its session's kept pool; None when there is
        no pool or it runs short of a page while more entities are eligible."""
        if not query.session_key:
            return None
        with self._lock:
            pool = self._pools.get(_key_of(query))
        if pool is None:
            return None
        return _page_from(pool, data, query)


def _page_from(
    pool: KeptPool, data: KindData, query: RecommendationQuery
) -> RecommendationPage | None:
    ranked = pool.ranked
    left_out = np.union1d(pool.seeds.rows, data.rows_of(query.exclude_ids))
    newly_left_out = sum(1 for row in left_out.tolist() if row not in pool.blocked)
    is_left_out = np.isin(ranked.rows, left_out)
    keys = np.where(is_left_out, _BLOCKED, pool.diversity.duplicate_keys)
    diversity = Diversity(pool.diversity.company_rows, keys, cap=pool.diversity.cap)
    diversity.seen_keys.add(_BLOCKED)
    chosen = select_page(ranked, pool.quotas, query.limit, diversity)
    available = int(np.count_nonzero(~is_left_out))
    eligible = available if pool.complete else pool.eligible - newly_left_out
    if len(chosen) < query.limit and eligible > len(chosen) and not pool.complete:
        return None
    items = recommendations_of(ranked, chosen, data, pool.seeds)
    return RecommendationPage(items, eligible > len(items), pool.unindexed_seeds)


def _key_of(query: RecommendationQuery) -> _Key:
    return (query.session_key, query.kind.value, query.seed_ids, query.filters, query.limit)
