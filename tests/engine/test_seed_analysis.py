"""Seed analysis: clusters of alike seeds, outliers set aside, quotas in proportion."""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from lookalike.engine.seeds import analyse_seeds


def around(centre: int, count: int, seed: int, dims: int = 16) -> NDArray[np.float32]:
    rng = np.random.default_rng(seed)
    base = np.zeros(dims)
    base[centre] = 1.0
    vectors = base + 0.1 * rng.standard_normal((count, dims))
    return (vectors / np.linalg.norm(vectors, axis=1, keepdims=True)).astype(np.float32)


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
