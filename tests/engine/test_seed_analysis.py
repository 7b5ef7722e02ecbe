"""Seed analysis: clusters of alike seeds, outliers set aside, quotas in proportion."""

from __future__ import annotations

import numpy as np
import pytest
from numpy.typing import NDArray
from scipy.cluster.hierarchy import fcluster, linkage

from lookalike.engine.seeds import analyse_seeds, average_linkage_labels


def around(centre: int, count: int, seed: int, dims: int = 16) -> NDArray[np.float32]:
    rng = np.random.default_rng(seed)
    base = np.zeros(dims)
    base[centre] = 1.0
    vectors = base + 0.1 * rng.standard_normal((count, dims))
    unit: NDArray[np.float32] = (vectors / np.linalg.norm(vectors, axis=1, keepdims=True)).astype(
        np.float32
    )
    return unit


def test_a_single_seed_is_one_cluster_without_outliers() -> None:
    analysis = analyse_seeds(around(0, 1, seed=1))
    assert len(analysis.clusters) == 1 and len(analysis.outliers) == 0
    assert analysis.quotas(25) == [25]


def test_two_groups_make_two_clusters_with_quotas_in_proportion() -> None:
    vectors = np.concatenate([around(0, 3, seed=1), around(5, 2, seed=2)])
    analysis = analyse_seeds(vectors)
    assert [sorted(c.members.tolist()) for c in analysis.clusters] == [[0, 1, 2], [3, 4]]
    assert analysis.quotas(25) == [15, 10]
    assert len(analysis.outliers) == 0


def test_a_seed_far_from_every_other_is_an_outlier() -> None:
    vectors = np.concatenate([around(0, 5, seed=1), around(9, 1, seed=3)])
    analysis = analyse_seeds(vectors)
    assert analysis.outliers.tolist() == [5]
    assert sorted(analysis.inliers.tolist()) == [0, 1, 2, 3, 4]


def test_three_seeds_never_have_outliers() -> None:
    vectors = np.concatenate([around(0, 2, seed=1), around(9, 1, seed=3)])
    assert len(analyse_seeds(vectors).outliers) == 0


def test_quotas_always_add_up_to_the_limit() -> None:
    vectors = np.concatenate([around(i, 1, seed=i) for i in range(7)])
    analysis = analyse_seeds(vectors)
    for limit in (1, 7, 10, 25):
        assert sum(analysis.quotas(limit)) == limit


@pytest.mark.parametrize("count", [2, 3, 5, 9, 20])
def test_small_seed_sets_cluster_exactly_like_scipy_average_linkage(count: int) -> None:
    rng = np.random.default_rng(count)
    centres = rng.standard_normal((3, 16))
    points = centres[rng.integers(0, 3, count)] + 0.5 * rng.standard_normal((count, 16))
    vectors = (points / np.linalg.norm(points, axis=1, keepdims=True)).astype(np.float32)
    distances = np.clip(1.0 - vectors @ vectors.T, 0.0, 2.0).astype(np.float64)
    for cut in (0.2, 0.4, 0.6, 1.0):
        ours = average_linkage_labels(distances, cut)
        tree = linkage(distances[np.triu_indices(count, k=1)], method="average")
        theirs = fcluster(tree, t=cut, criterion="distance")
        assert same_partition(ours, theirs)


def same_partition(first: NDArray[np.int64], second: NDArray[np.int32]) -> bool:
    pairs = set(zip(first.tolist(), second.tolist(), strict=True))
    return len(pairs) == len(set(first.tolist())) == len(set(second.tolist()))


def test_a_given_similarity_decides_the_clusters_instead_of_the_vectors() -> None:
    vectors = np.concatenate([around(0, 2, seed=1), around(5, 2, seed=2)])
    alike = np.full((4, 4), 0.9)
    analysis = analyse_seeds(vectors, join_similarity=0.5, similarity=alike)
    assert [sorted(c.members.tolist()) for c in analysis.clusters] == [[0, 1, 2, 3]]
    assert len(analyse_seeds(vectors, join_similarity=0.5).clusters) == 2
