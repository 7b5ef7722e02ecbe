"""Shared traits between candidates and seeds, weighed by how rare each trait is in the universe.

For every trait (country, size band, occupation ...) a candidate's value is compared with every
seed's value. A trait's contribution is ``weight * share * (floor + (1 - floor) * rarity)``:
``share`` is the fraction of the candidate's seed cluster that has the same value, ``rarity`` is the
inverse document frequency of the value in the whole universe, scaled to [0, 1]. So sharing the
biggest country says less than sharing a rare NAICS code, and a common technology says nothing.
Everything is vectorised over candidates (O(candidates)).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from lookalike.domain import SIZE_BANDS, Seniority
from lookalike.engine.columns import DEPARTMENTS, NAICS_PREFIXES
from lookalike.engine.generation import Generation, KindData, ValueCounts

IntArray = NDArray[np.int64]
# A trait every seed shares counts at least this much of its weight however common it is; rarity
# adds the rest (among 20,000 entities a value held by 1 in 100 counts ~0.8, by 1 in 2 ~0.63).
RARITY_FLOOR = 0.6


@dataclass(frozen=True)
class TraitMatch:
    """One trait for C candidates: contribution (C,), seeds sharing the value (C,), value (C,)."""

    name: str
    contribution: NDArray[np.float64]
    seeds_sharing: IntArray
    values: IntArray
    describe: Callable[[int], str]


# Weights mirror the vector layouts' block weights, plus "company" for colleagues of a seed.
CONTACT_TRAIT_WEIGHTS = {
    "title": 1.0,
    "department": 0.9,
    "seniority": 0.8,
    "industry": 0.45,
    "size": 0.25,
    "country": 0.3,
    "revenue": 0.1,
    "company": 0.3,
}
COMPANY_TRAIT_WEIGHTS = {
    "industry": 1.0,
    "technology": 0.45,
    "size": 0.6,
    "revenue": 0.35,
    "country": 0.45,
}


def rarity(counts: ValueCounts, values: IntArray, total: int) -> NDArray[np.float64]:
    """Inverse frequency of each value in [0, 1] (1: unique in the universe; 0: everyone has it)."""
    scale = math.log(total + 1.0) or 1.0
    found = counts.lookup(np.asarray(values, dtype=np.int64)).astype(np.float64)
    return np.clip(np.log((total + 1.0) / (found + 1.0)) / scale, 0.0, 1.0)


@dataclass(frozen=True)
class MatchContext:
    """Everything trait matching needs about one request."""

    generation: Generation
    data: KindData
    candidate_rows: IntArray
    seed_rows: IntArray
    cluster_share: NDArray[
        np.float64
    ]  # (m, C): 1/|cluster| where seed j is in candidate i's cluster

    def column(self, name: str) -> tuple[NDArray[Any], NDArray[Any]]:
        """A column's values for the candidates and for the seeds."""
        values = self.data.columns[name]
        return np.asarray(values[self.candidate_rows]), np.asarray(values[self.seed_rows])

    def match(
        self,
        name: str,
        weight: float,
        equal: NDArray[np.bool_],
        values: IntArray,
        counts: ValueCounts,
        describe: Callable[[int], str],
    ) -> TraitMatch:
        """Contribution of a trait given the candidate-by-seed equality matrix (C, m)."""
        share = np.einsum("cm,mc->c", equal.astype(np.float64), self.cluster_share)
        rare = rarity(counts, values, self.data.size)
        telling = RARITY_FLOOR + (1 - RARITY_FLOOR) * rare
        contribution = weight * share * telling * (values >= 0)
        return TraitMatch(name, contribution, equal.sum(axis=1), values, describe)


def equal_values(candidates: NDArray[Any], seeds: NDArray[Any]) -> NDArray[np.bool_]:
    """(C, m) matrix: candidate value equals seed value, and is known."""
    equal: NDArray[np.bool_] = (candidates[:, None] == seeds[None, :]) & (candidates[:, None] >= 0)
    return equal


def simple_trait(
    ctx: MatchContext, name: str, column: str, weight: float, describe: Callable[[int], str]
) -> TraitMatch:
    """A single-valued trait read from one column."""
    candidates, seeds = ctx.column(column)
    counts = ctx.data.trait_counts[column]
    return ctx.match(
        name, weight, equal_values(candidates, seeds), candidates.astype(np.int64), counts, describe
    )


def industry_trait(ctx: MatchContext, weight: float) -> TraitMatch:
    """The most telling shared NAICS prefix (6, 4, 3 or 2 digits) per candidate."""
    from lookalike.taxonomy.industries import naics_title

    naics6, seeds6 = ctx.column("naics6")
    length, seeds_length = ctx.column("naics_len")
    best: TraitMatch | None = None
    for digits in sorted(NAICS_PREFIXES, reverse=True):
        scale = 10 ** (6 - digits)
        cand = np.where(length >= digits, naics6 // scale, -1).astype(np.int64)
        seed = np.where(seeds_length >= digits, seeds6 // scale, -1).astype(np.int64)
        counts = ctx.data.trait_counts[f"naics{digits}"]

        def describe(value: int, digits: int = digits) -> str:
            code = str(value).zfill(digits)
            return naics_title(code) or f"NAICS {code}"

        found = ctx.match("industry", weight, equal_values(cand, seed), cand, counts, describe)
        best = found if best is None else _better(best, found)
    assert best is not None
    return best


def _better(first: TraitMatch, second: TraitMatch) -> TraitMatch:
    take = second.contribution > first.contribution
    return TraitMatch(
        first.name,
        np.where(take, second.contribution, first.contribution),
        np.where(take, second.seeds_sharing, first.seeds_sharing),
        np.where(take, second.values, first.values),
        _pick_describe(take, first, second),
    )


def _pick_describe(
    take: NDArray[np.bool_], first: TraitMatch, second: TraitMatch
) -> Callable[[int], str]:
    # Values of different prefix lengths never collide (their digit counts differ), except when a
    # short code is read as a long one; the winner's describer is chosen per value.
    chosen = {int(v): second.describe for v in second.values[take]}

    def describe(value: int) -> str:
        return chosen.get(value, first.describe)(value)

    return describe


def department_trait(ctx: MatchContext, weight: float) -> TraitMatch:
    """The shared department that contributes most (titles may have several)."""
    candidates, seeds = ctx.column("departments")
    bits = np.arange(len(DEPARTMENTS), dtype=np.int64)
    has_c = ((candidates.astype(np.int64)[:, None] >> bits) & 1).astype(np.float64)  # (C, 16)
    has_s = ((seeds.astype(np.int64)[:, None] >> bits) & 1).astype(np.float64)  # (m, 16)
    share = has_c * (has_s.T @ ctx.cluster_share).T  # (C, 16): cluster share of each department
    telling = RARITY_FLOOR + (1 - RARITY_FLOOR) * rarity(
        ctx.data.trait_counts["department"], bits, ctx.data.size
    )
    scores = weight * share * telling[None, :]
    best = np.argmax(scores, axis=1)
    rows = np.arange(len(best))
    contribution = scores[rows, best]
    values = np.where(has_c[rows, best] > 0, best, -1).astype(np.int64)
    sharing = (has_c[rows, best] * has_s[:, best].sum(axis=0)).astype(np.int64)
    return TraitMatch("department", contribution, sharing, values, lambda v: DEPARTMENTS[v].value)


def _technologies_of(
    indptr: NDArray[Any], tech_ids: NDArray[Any], rows: IntArray
) -> tuple[IntArray, IntArray]:
    """Flattened technologies of ``rows``: (owner position, technology id) per entry."""
    starts, ends = np.asarray(indptr[rows]), np.asarray(indptr[rows + 1])
    lengths = (ends - starts).astype(np.int64)
    owners = np.repeat(np.arange(len(rows), dtype=np.int64), lengths)
    offsets = np.arange(int(lengths.sum()), dtype=np.int64) - np.repeat(
        np.cumsum(lengths) - lengths, lengths
    )
    return owners, np.asarray(tech_ids[np.repeat(starts, lengths) + offsets], dtype=np.int64)


def technology_trait(ctx: MatchContext, weight: float) -> TraitMatch:
    """The shared technology that contributes most (rare and used by the candidate's cluster)."""
    indptr, tech_ids = ctx.data.columns["tech_indptr"], ctx.data.columns["tech_ids"]
    seed_owner, seed_tech = _technologies_of(indptr, tech_ids, ctx.seed_rows)
    known = np.unique(seed_tech)
    has = np.zeros((len(known), len(ctx.seed_rows)), dtype=np.float64)  # technology x seed
    has[np.searchsorted(known, seed_tech), seed_owner] = 1.0
    owner, tech = _technologies_of(indptr, tech_ids, ctx.candidate_rows)
    position = np.minimum(np.searchsorted(known, tech), max(len(known) - 1, 0))
    shared = (known[position] == tech) if len(known) else np.zeros(len(tech), dtype=bool)
    owner, tech, position = owner[shared], tech[shared], position[shared]
    share = np.einsum("em,me->e", has[position], ctx.cluster_share[:, owner])
    entry = weight * share * rarity(ctx.data.trait_counts["technology"], tech, ctx.data.size)
    count = len(ctx.candidate_rows)
    contribution = np.zeros(count)
    values = np.full(count, -1, dtype=np.int64)
    sharing = np.zeros(count, dtype=np.int64)
    order = np.lexsort((entry, owner))  # by owner, then contribution: each owner's best is last
    sorted_owner = owner[order]
    best = order[np.r_[sorted_owner[1:] != sorted_owner[:-1], True]] if len(order) else order
    contribution[owner[best]] = entry[best]
    values[owner[best]] = tech[best]
    sharing[owner[best]] = has[position[best]].sum(axis=1).astype(np.int64)
    vocabulary = ctx.generation.vocab["technology"]
    return TraitMatch("technology", contribution, sharing, values, lambda v: vocabulary[v])


def revenue_label(band: int) -> str:
    """A readable revenue range such as ``"$10M-$50M"``."""
    from lookalike.domain import REVENUE_BREAKPOINTS

    def money(amount: int) -> str:
        for unit, size in (("B", 10**9), ("M", 10**6)):
            if amount >= size:
                return f"${amount // size}{unit}"
        return f"${amount}"

    low = REVENUE_BREAKPOINTS[band] if band < len(REVENUE_BREAKPOINTS) else 0
    if band + 1 >= len(REVENUE_BREAKPOINTS):
        return f"{money(low)}+"
    return f"{money(low)}-{money(REVENUE_BREAKPOINTS[band + 1])}"


def trait_matches(ctx: MatchContext, is_contact: bool) -> list[TraitMatch]:
    """Every trait of the kind, matched against the seeds."""
    vocab = ctx.generation.vocab
    weights = CONTACT_TRAIT_WEIGHTS if is_contact else COMPANY_TRAIT_WEIGHTS
    matches = [
        industry_trait(ctx, weights["industry"]),
        simple_trait(ctx, "size", "size_band", weights["size"], lambda v: SIZE_BANDS[v].label),
        simple_trait(ctx, "revenue", "revenue_band", weights["revenue"], revenue_label),
        simple_trait(ctx, "country", "country", weights["country"], lambda v: vocab["country"][v]),
    ]
    if not is_contact:
        return [*matches, technology_trait(ctx, weights["technology"])]
    titles = vocab.get("occupation_title", vocab["occupation"])
    companies = ctx.generation.companies
    return [
        *matches,
        simple_trait(ctx, "title", "occupation", weights["title"], lambda v: titles[v]),
        department_trait(ctx, weights["department"]),
        simple_trait(
            ctx, "seniority", "seniority", weights["seniority"], lambda v: Seniority(v).label
        ),
        _company_trait(ctx, weights["company"], companies.id_of),
    ]


def _company_trait(ctx: MatchContext, weight: float, describe: Callable[[int], str]) -> TraitMatch:
    candidates, seeds = ctx.column("company_row")
    equal = equal_values(candidates, seeds)
    share = np.einsum("cm,mc->c", equal.astype(np.float64), ctx.cluster_share)
    # Colleagues are a strong signal in themselves: a fixed rarity rather than a per-company count.
    contribution = weight * share * 0.8 * (candidates >= 0)
    return TraitMatch(
        "company", contribution, equal.sum(axis=1), candidates.astype(np.int64), describe
    )
