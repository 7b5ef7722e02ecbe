"""One contract suite for every VectorIndex: exact numpy (the oracle) and faiss IVF."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest
from numpy.typing import NDArray

from lookalike.engine.index import ExactIndex, FaissIndex, VectorIndex, load_index


def clustered_vectors(count: int, dims: int, seed: int) -> NDArray[np.float32]:
    """Unit vectors scattered around 50 centres, like entities around segments."""
    rng = np.random.default_rng(seed)
    centres = rng.standard_normal((50, dims))
    data = centres[rng.integers(0, 50, count)] + 0.6 * rng.standard_normal((count, dims))
    unit: NDArray[np.float32] = (data / np.linalg.norm(data, axis=1, keepdims=True)).astype(
        np.float32
    )
    return unit


VECTORS = clustered_vectors(30_000, 70, seed=1)  # contact width: faiss pads codes to 80
QUERIES = clustered_vectors(40, 70, seed=2)


def _exact() -> VectorIndex:
    return ExactIndex(VECTORS)


def _faiss() -> VectorIndex:
    index = FaissIndex.build(VECTORS)
    index.exact_below = 0  # always search approximately, so the test measures the ANN path
    return index


BUILDERS: dict[str, Callable[[], VectorIndex]] = {
    "exact": _exact,
    "faiss-ivf": _faiss,
}
_BUILT: dict[str, VectorIndex] = {}


@pytest.fixture(params=sorted(BUILDERS), scope="module")
def index(request: pytest.FixtureRequest) -> VectorIndex:
    name = str(request.param)
    if name not in _BUILT:
        _BUILT[name] = BUILDERS[name]()
    return _BUILT[name]


def recall(found: NDArray[np.int64], truth: NDArray[np.int64]) -> float:
    hits = sum(len(set(f.tolist()) & set(t.tolist())) for f, t in zip(found, truth, strict=True))
    return hits / truth.size


def test_recall_at_25_against_exact_is_at_least_095(index: VectorIndex) -> None:
    truth, _ = ExactIndex(VECTORS).search(QUERIES, 25)
    found, scores = index.search(QUERIES, 25)
    assert recall(found, truth) >= 0.95
    assert np.all(np.diff(scores, axis=1) <= 1e-6)  # best first


def test_filtered_search_returns_only_allowed_rows_with_high_recall(index: VectorIndex) -> None:
    allowed = np.random.default_rng(3).random(len(VECTORS)) < 0.3
    truth, _ = ExactIndex(VECTORS).search(QUERIES, 25, allowed)
    found, _ = index.search(QUERIES, 25, allowed)
    assert allowed[found[found >= 0]].all()
    assert recall(found, truth) >= 0.95


def test_selective_filter_returns_every_survivor_then_pads(index: VectorIndex) -> None:
    allowed = np.zeros(len(VECTORS), dtype=bool)
    allowed[[5, 17, 2000]] = True
    found, scores = index.search(QUERIES[:2], 5, allowed)
    assert sorted(found[0, :3].tolist()) == [5, 17, 2000]
    assert found[0, 3:].tolist() == [-1, -1]
    assert np.isneginf(scores[0, 3:]).all()


def test_scores_are_cosine_similarities(index: VectorIndex) -> None:
    found, scores = index.search(QUERIES[:3], 10)
    expected = np.einsum("nkd,nd->nk", VECTORS[found], QUERIES[:3])
    np.testing.assert_allclose(scores, expected, atol=1e-5)


def test_saved_index_loads_and_answers_the_same(index: VectorIndex, tmp_path: Path) -> None:
    index.save(tmp_path)
    kind = "faiss" if isinstance(index, FaissIndex) else "exact"
    loaded = load_index(tmp_path, kind)
    if isinstance(loaded, FaissIndex):
        loaded.exact_below = 0
    assert type(loaded) is type(index)
    assert np.array_equal(loaded.search(QUERIES, 25)[0], index.search(QUERIES, 25)[0])
