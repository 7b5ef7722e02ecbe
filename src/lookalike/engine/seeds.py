"""What a seed set is made of: clusters of like seeds, outliers, and each cluster's share of a page.

Seeds are L2-normalised vectors. A seed whose nearest other seed is far away, when there are four
or more seeds, is an outlier: it is reported but does not pull results towards itself. The others
are grouped by average-linkage clustering with a cosine-similarity threshold, so three sales VPs and
two CFOs make two clusters whatever their order.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from scipy.cluster.hierarchy import fcluster, linkage

from lookalike.engine.embeddings import unit_or_zero

# Seeds at least this similar (average linkage) belong together.
JOIN_SIMILARITY = 0.35  # the engine passes its own per kind (engine.profile.JOIN_SIMILARITY)
# An outlier's nearest other seed is below this similarity ...
OUTLIER_SIMILARITY = 0.45
# ... and well below the typical seed's nearest neighbour.
OUTLIER_MARGIN = 0.2


@dataclass(frozen=True)
class SeedCluster:
    """Seeds (positions in the seed array) that look alike, with their normalised centroid."""

    members: NDArray[np.int64]
    centroid: NDArray[np.float32]


@dataclass(frozen=True)
class SeedAnalysis:
    """Clusters of the inlier seeds, largest first, and the outlier seed positions."""

    clusters: tuple[SeedCluster, ...]
    outliers: NDArray[np.int64]

    @property
    def inliers(self) -> NDArray[np.int64]:
        return np.sort(np.concatenate([c.members for c in self.clusters]))

    def quotas(self, limit: int) -> list[int]:
        """Slots per cluster for a page of ``limit``, proportional to cluster sizes."""
        sizes = np.array([len(c.members) for c in self.clusters], dtype=np.float64)
        exact = limit * sizes / sizes.sum()
        quotas = np.floor(exact).astype(int)
        for position in np.argsort(-(exact - quotas), kind="stable")[: limit - int(quotas.sum())]:
            quotas[position] += 1
        return [int(q) for q in quotas]


def analyse_seeds(
    vectors: NDArray[np.float32],
    join_similarity: float | None = None,
    similarity: NDArray[np.floating] | None = None,
) -> SeedAnalysis:
    """Cluster the seeds and set outliers aside (``join_similarity``: JOIN_SIMILARITY).

    ``similarity`` is the seeds' pairwise similarity (default: the cosines of ``vectors``); the
    clusters' centroids are the means of their members' ``vectors``.
    """
    join_similarity = JOIN_SIMILARITY if join_similarity is None else join_similarity
    count = len(vectors)
    if count == 0:
        raise ValueError("analyse_seeds needs at least one seed vector")
    pairwise = (vectors @ vectors.T if similarity is None else similarity).astype(np.float64)
    outliers = _outliers(pairwise) if count >= 4 else np.zeros(0, dtype=np.int64)
    inliers = np.setdiff1d(np.arange(count), outliers)
    labels = _cluster_labels(pairwise[np.ix_(inliers, inliers)], join_similarity)
    clusters = []
    for label in np.unique(labels):
        members = inliers[labels == label]
        clusters.append(SeedCluster(members, unit_or_zero(vectors[members].mean(axis=0))))
    clusters.sort(key=lambda c: (-len(c.members), int(c.members[0])))
    return SeedAnalysis(tuple(clusters), outliers)


def _outliers(pairwise: NDArray[np.float64]) -> NDArray[np.int64]:
    similarity = pairwise.copy()
    np.fill_diagonal(similarity, -np.inf)
    nearest = similarity.max(axis=1)
    typical = float(np.median(nearest))
    flagged = np.flatnonzero((nearest < OUTLIER_SIMILARITY) & (nearest < typical - OUTLIER_MARGIN))
    # Never discard more than a quarter of the seeds: beyond that the set is simply diverse.
    worst_first = flagged[np.argsort(nearest[flagged])]
    return np.sort(worst_first[: len(pairwise) // 4]).astype(np.int64)


def _cluster_labels(pairwise: NDArray[np.float64], join_similarity: float) -> NDArray[np.int64]:
    if len(pairwise) == 1:
        return np.zeros(1, dtype=np.int64)
    distances = np.clip(1.0 - pairwise, 0.0, 2.0)
    if len(pairwise) <= SMALL_SEED_SET:
        return average_linkage_labels(distances, 1.0 - join_similarity)
    condensed = distances[np.triu_indices(len(pairwise), k=1)]
    tree = linkage(condensed, method="average")
    return np.asarray(fcluster(tree, t=1.0 - join_similarity, criterion="distance"), np.int64)


# Up to this many seeds, average linkage runs in numpy: scipy's input checks alone cost more.
SMALL_SEED_SET = 32


def average_linkage_labels(distances: NDArray[np.float64], cut: float) -> NDArray[np.int64]:
    """Flat clusters of average-linkage (UPGMA) clustering cut at distance ``cut``.

    The same partition as scipy's ``fcluster(linkage(..., "average"), cut, "distance")``: merge
    the closest pair of clusters while their mean pairwise distance is at most ``cut``.
    """
    count = len(distances)
    between = distances.astype(np.float64, copy=True)
    np.fill_diagonal(between, np.inf)
    sizes = np.ones(count)
    labels = np.arange(count, dtype=np.int64)
    for _ in range(count - 1):
        flat = int(np.argmin(between))
        first, second = divmod(flat, count)
        if not between[first, second] <= cut:
            break
        merged = (sizes[first] * between[first] + sizes[second] * between[second]) / (
            sizes[first] + sizes[second]
        )
        between[first], between[:, first] = merged, merged
        between[first, first] = np.inf
        between[second], between[:, second] = np.inf, np.inf
        sizes[first] += sizes[second]
        labels[labels == labels[second]] = labels[first]
    return labels
