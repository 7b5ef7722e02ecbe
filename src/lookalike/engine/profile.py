"""What a cluster of seeds has in common, weighed against the background of the whole universe.

Every signal (a vector block such as industry or seniority, the description's embedding, its
TF-IDF terms and latent topics, the O*NET occupation, the employer) gives each entity a similarity
to the cluster. A similarity is read as a standard-normal quantile of its rank among the
similarities of a fixed random sample of the universe (``z``): sharing the biggest country puts a
company barely above the middle of the background, sharing a rare NAICS code or occupation puts it
far out in the tail, and a signal with a narrow range (TF-IDF cosines) counts as much as one with a
wide range when it sets entities apart as well.

Every trait weighs by how much the seeds agree on it beyond the background:

    weight = prior * min(D_MAX, max(0, z(agreement) * sqrt(seeds - 1))) / D_MAX

where ``agreement`` is the seeds' similarity to the other seeds of their cluster (leave one out; a
single seed agrees with itself), and more seeds agreeing is more evidence. What an entity does
weighs at least ``PRIMARY_FLOOR`` of its prior whatever the agreement: all of it for a company's
text, 40 % for a contact's title and occupation. A country or size band every seed shares with
most of the universe weighs little, a trait the seeds do not share (the random employers of five
nurses) weighs nothing. A candidate is ranked by its weighted ``z`` (which the cluster's ANN query
vector approximates), its score is that relative to the seeds' own, and its reasons are the
signals whose weighted ``z`` is largest.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import lru_cache

import numpy as np
from numpy.typing import NDArray
from scipy.special import ndtri

from lookalike.domain import EntityKind
from lookalike.engine.features import COMPANY_LAYOUT, CONTACT_LAYOUT, Layout
from lookalike.engine.generation import KindData
from lookalike.engine.row_cache import RowCache
from lookalike.engine.signal_sources import (
    BlockCosines,
    Similarity,
    add_description,
    add_sparse,
    add_terms,
    block_similarity,
    centroid_and_agreement,
    equality_signal,
)
from lookalike.engine.terms import TERMS, TermMatrix

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]

# Agreement this many background quantiles above the middle weighs the full prior. Contacts reach
# it sooner: five seeds in one rare industry make the industry part of the persona.
D_MAX = {EntityKind.COMPANIES: 5.0, EntityKind.CONTACTS: 2.5}

# Prior weight of each signal; vector blocks are named after their block in the layout.
COMPANY_PRIORS = {
    "description": 1.0,
    # TF-IDF cosines are mostly zero: their rank over-rewards one shared word, so they weigh less
    # than the smooth text signals; they still pick out rare shared terms (and name them).
    "keywords": 0.3,
    "topics": 1.0,
    "activities": 0.8,
    "industry": 0.8,
    "technology": 0.45,
    "size": 0.4,
    "revenue": 0.3,
    "country": 0.4,
    "founded": 0.1,
}
CONTACT_PRIORS = {  # title, keywords and occupation all tell the role: together 1.8
    "title": 0.6,
    "keywords": 0.6,
    "occupation": 0.6,
    "department": 0.6,
    "seniority": 0.7,
    "industry": 0.8,
    "size": 0.2,
    "country": 0.3,
    "revenue": 0.1,
    "company": 0.3,
}
# What an entity does: these weigh at least PRIMARY_FLOOR of their prior whatever the seeds'
# agreement (a company's text always; a contact's role less when the seeds' roles differ).
PRIMARY = frozenset({"description", "keywords", "topics", "title", "occupation"})
PRIMARY_FLOOR = {EntityKind.COMPANIES: 1.0, EntityKind.CONTACTS: 0.4}
# Kinds whose candidates are ranked by standard scores (``Signal.ranked``): a contact's title and
# occupation signals are zero for most of the background, and rank quantiles would tie the best
# candidates. Companies' dense text signals rank better by quantiles (docs/quality.md).
STANDARDISED = frozenset({EntityKind.CONTACTS})
# Signals folded into one reason and one block of the ANN query.
COMPANY_REASONS = {"keywords": "description", "topics": "description", "activities": "industry"}
CONTACT_REASONS = {"keywords": "title", "occupation": "title"}
# Signals read from a whole-row source rather than a vector block.
_ROW_SIGNALS = frozenset(
    {"description", "keywords", "topics", "activities", "occupation", "company"}
)


def layout_of(kind: EntityKind) -> Layout:
    """The vector layout of an entity kind."""
    return CONTACT_LAYOUT if kind is EntityKind.CONTACTS else COMPANY_LAYOUT


def priors_of(kind: EntityKind) -> dict[str, float]:
    """Prior weights of the signals of an entity kind."""
    return CONTACT_PRIORS if kind is EntityKind.CONTACTS else COMPANY_PRIORS


def reasons_of(kind: EntityKind) -> dict[str, str]:
    """Signals of an entity kind that are told, and steer the ANN query, as another's."""
    return CONTACT_REASONS if kind is EntityKind.CONTACTS else COMPANY_REASONS


# Where the slope of the background's upper tail is read: the first of these quantiles whose
# similarity is below the largest one (a signal most of the background lacks reads it lower).
TAIL_QUANTILES = (0.9, 0.75, 0.5)
# Similarities are ranked to this many decimals: one vector's products differ in the last bits with
# its place in a matrix product (and with the BLAS build), and equal traits must tie.
DECIMALS = 6
FLAT_BACKGROUND_SLOPE = 10.0  # z per unit of similarity beyond a background that is all one value


@dataclass(frozen=True)
class Signal:
    """One signal of a cluster: its similarity, its weight and the background's similarities.

    Made by :meth:`over`, which reads the background's moments and upper tail once (not as
    ``functools.cached_property``, whose class-wide lock serialises request threads on 3.11).
    """

    similarity: Similarity
    weight: float
    background: FloatArray  # sorted
    standardised: bool  # rank candidates by standard scores instead of rank quantiles
    moments: tuple[float, float]  # the background's mean and spread
    tail: tuple[float, float, float]  # its largest similarity, that one's z, the slope beyond

    @classmethod
    def over(
        cls,
        similarity: Similarity,
        weight: float,
        background: FloatArray,
        standardised: bool = False,
    ) -> Signal:
        """The signal of ``similarity`` against the (sorted) background similarities."""
        background = np.round(background, DECIMALS)
        moments = _moments_of(background) if standardised else (0.0, 1.0)
        return cls(similarity, weight, background, standardised, moments, _tail_of(background))

    def ranked(self, values: FloatArray) -> FloatArray:
        """What a candidate's similarity adds to its ranking, before the signal's weight.

        Rank quantiles (:meth:`z`) by default; with ``standardised``, standard scores against the
        background's mean and spread, which keep telling the best candidates apart however far
        beyond the background they are (contacts' titles and occupations, see ``STANDARDISED``).
        """
        if not self.standardised:
            return self.z(values)
        mean, spread = self.moments
        return (values - mean) / spread

    def z_of(self, value: float) -> float:
        """:meth:`z` of one similarity."""
        value = round(value, DECIMALS)
        top, top_z, slope = self.tail
        if value > top:
            return top_z + (value - top) * slope
        count = len(self.background)
        ranks = int(np.searchsorted(self.background, value, "left")) + int(
            np.searchsorted(self.background, value, "right")
        )
        return float(ndtri(min(max(ranks / (2.0 * count), 0.5 / count), 1 - 0.5 / count)))

    def z(self, values: FloatArray) -> FloatArray:
        """Similarities as standard-normal quantiles of their mid-rank among the background's.

        Above the background's largest similarity, where ranks would tie every candidate, ``z``
        goes on rising along the slope of the background's upper tail: the best candidates of a
        rare signal (a title's words, an occupation) are told apart by how similar they are.
        """
        values = np.round(values, DECIMALS)
        count = len(self.background)
        ranks = np.searchsorted(self.background, values, "left") + np.searchsorted(
            self.background, values, "right"
        )
        share = np.clip(ranks / (2.0 * count), 0.5 / count, 1 - 0.5 / count)
        found = np.asarray(ndtri(share), dtype=np.float64)
        top, top_z, slope = self.tail
        above = values > top
        found[above] = top_z + (values[above] - top) * slope
        return found


def _moments_of(background: FloatArray) -> tuple[float, float]:
    """The background's mean and spread (at least 1e-6)."""
    return float(np.mean(background)), max(float(np.std(background)), 1e-6)


_TAIL_Z = tuple(float(ndtri(quantile)) for quantile in TAIL_QUANTILES)


@lru_cache(maxsize=8)
def _top_z(count: int) -> float:
    """The ``z`` of the largest of ``count`` background similarities."""
    return float(ndtri(1 - 0.5 / count))


def _tail_of(background: FloatArray) -> tuple[float, float, float]:
    """The background's largest similarity, its ``z``, and the upper tail's slope beyond."""
    count = len(background)
    top = float(background[-1])
    top_z = _top_z(count)
    for quantile, quantile_z in zip(TAIL_QUANTILES, _TAIL_Z, strict=True):
        anchor = float(background[int(quantile * (count - 1))])
        if top - anchor > 1e-6:
            return top, top_z, (top_z - quantile_z) / (top - anchor)
    return top, top_z, FLAT_BACKGROUND_SLOPE


@dataclass(frozen=True)
class ClusterProfile:
    """One seed cluster: its seed rows, weighted signals and what steers its ANN query."""

    seed_rows: IntArray
    signals: dict[str, Signal]
    centroid_blocks: dict[str, NDArray[np.float32]]
    term_centroid: dict[int, float]
    reference: float  # the seeds' own mean ranking: a candidate this good scores 1
    # The seeds' centroid in each sparse matrix with inverted lists (engine.postings), by stem.
    retrieval: dict[str, dict[int, float]] = field(default_factory=dict)
    _holders: dict[int, int] | None = field(default=None, compare=False, repr=False)

    def query_vector(self, layout: Layout, reasons: dict[str, str]) -> NDArray[np.float32]:
        """The ANN query whose inner product with an entity vector follows this profile's score."""
        query = np.zeros(layout.dims, dtype=np.float32)
        weights = {name: signal.weight for name, signal in self.signals.items()}
        for signal, reason in reasons.items():
            weights[reason] = weights.get(reason, 0.0) + weights.pop(signal, 0.0)
        for block in layout.blocks:
            centre = self.centroid_blocks.get(block.name)
            if centre is not None and weights.get(block.name, 0.0) > 0:
                scale = weights[block.name] / np.sqrt(block.weight)
                query[layout.slice_of(block.name)] = scale * centre
        norm = float(np.linalg.norm(query))
        return query / norm if norm > 0 else query

    def ranking(self, rows: IntArray) -> tuple[FloatArray, dict[str, FloatArray]]:
        """Each row's weighted ``z`` and each signal's part of it."""
        total = np.zeros(len(rows))
        parts: dict[str, FloatArray] = {}
        for name, signal in self.signals.items():
            if signal.weight > 0:
                parts[name] = signal.weight * signal.ranked(signal.similarity(rows))
                total += parts[name]
        return total, parts

    def term_holders(self, terms: TermMatrix, term_rows: IntArray) -> dict[int, int]:
        """How many of the cluster's seeds hold each term (read once per profile)."""
        if self._holders is None:
            owners, found, _ = terms.rows(term_rows)
            pairs = np.unique(np.stack([found.astype(np.int64), owners]), axis=1)
            counted = np.unique(pairs[0], return_counts=True)
            holders = {int(t): int(n) for t, n in zip(*counted, strict=True)}
            object.__setattr__(self, "_holders", holders)
        assert self._holders is not None
        return self._holders

    def score(self, ranking: FloatArray) -> FloatArray:
        """Rankings as scores in [0, 1]: 1 for a candidate as close as the seeds themselves."""
        return np.clip(ranking / self.reference, 0.0, 1.0)


def profile_cluster(
    kind: EntityKind, data: KindData, seed_rows: IntArray, cache: RowCache | None = None
) -> ClusterProfile:
    """Similarities, centroids and weights of one cluster's seeds against the background.

    ``cache`` (one per request, shared by its clusters) reads each set of rows once.
    """
    layout, priors = layout_of(kind), priors_of(kind)
    cache = cache or RowCache(data, layout)
    seed_vectors = np.asarray(data.index.vectors()[seed_rows], dtype=np.float32)
    similarity: dict[str, Similarity] = {}
    agreement: dict[str, float] = {}
    centroids: dict[str, NDArray[np.float32]] = {}
    for block in layout.blocks:
        centre, loo = centroid_and_agreement(seed_vectors[:, layout.slice_of(block.name)])
        centroids[block.name] = centre  # every block steers the ANN query
        if block.name in priors and block.name not in _ROW_SIGNALS:
            agreement[block.name] = loo
    cosines = BlockCosines(cache, layout, {name: centroids[name] for name in agreement})
    for name in list(agreement):
        similarity[name] = block_similarity(cosines, name)
    term_centroid: dict[int, float] = {}
    retrieval: dict[str, dict[int, float]] = {}
    if kind is EntityKind.COMPANIES:
        add_description(cache, seed_rows, similarity, agreement)
        add_sparse(cache, "activities", seed_rows, similarity, agreement)
        term_centroid = add_terms(cache, seed_rows, similarity, agreement)
        retrieval[TERMS] = term_centroid
    else:
        # Without the titles' occupation votes (an older generation), equal occupations count.
        voted = add_sparse(cache, "occupations", seed_rows, similarity, agreement)
        equal_on = ("company_row",) if voted is not None else ("occupation", "company_row")
        for column in equal_on:
            signal = "company" if column == "company_row" else column
            values = np.asarray(data.columns[column])
            similarity[signal], agreement[signal] = equality_signal(values, seed_rows)
        term_centroid = add_terms(cache, seed_rows, similarity, agreement)
        retrieval.update({"occupations": voted or {}, TERMS: term_centroid})
    signals = _signals(data, priors, similarity, agreement, kind, len(seed_rows))
    reference = _reference(signals, seed_rows)
    return ClusterProfile(seed_rows, signals, centroids, term_centroid, reference, retrieval)


def _reference(signals: dict[str, Signal], seed_rows: IntArray) -> float:
    total = np.zeros(len(seed_rows))
    for signal in signals.values():
        if signal.weight > 0:
            total += signal.weight * signal.ranked(signal.similarity(seed_rows))
    mean = float(np.mean(total)) if len(total) else 0.0
    return mean if mean > 0 else 1.0


def _signals(
    data: KindData,
    priors: dict[str, float],
    similarity: dict[str, Similarity],
    agreement: dict[str, float],
    kind: EntityKind,
    seeds: int,
) -> dict[str, Signal]:
    """Each signal with its background and its weight (PRIMARY ones at their prior)."""
    full_weight_at, primary_floor = D_MAX[kind], PRIMARY_FLOOR[kind]
    standardised = kind in STANDARDISED
    background_rows = data.background
    signals: dict[str, Signal] = {}
    shares: dict[str, float] = {}
    evidence = float(np.sqrt(max(1, seeds - 1)))
    for name, measure in similarity.items():
        values = np.sort(measure(background_rows)) if len(background_rows) else np.zeros(1)
        signal = Signal.over(measure, priors.get(name, 0.0), values, standardised)
        # More seeds agreeing is more evidence: m seeds sharing a value held by a share p of the
        # universe happen by chance p^(m-1) of the time.
        telling = signal.z_of(agreement.get(name, 0.0)) * evidence
        shares[name] = min(full_weight_at, max(0.0, telling)) / full_weight_at
        signals[name] = signal
    # A contact's title words follow what its title's meaning says of the seeds' agreement.
    if "keywords" in shares and "title" in shares:
        shares["keywords"] = shares["title"]
    for name, signal in signals.items():
        share = max(primary_floor, shares[name]) if name in PRIMARY else shares[name]
        signals[name] = replace(signal, weight=signal.weight * share)
    return signals
