"""Where a cluster profile's signals come from: each reads one kind of row data as a similarity.

Vector blocks (cosine of a block with the seeds' centroid of it), whole-row matrices (the company
text's embedding, its latent topics), sparse matrices (TF-IDF terms, occupation and activity
votes: cosine with the seeds' centroid) and equal values (the employer). Each source also gives the
seeds' agreement on the signal, which :mod:`lookalike.engine.profile` weighs against the background.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from numpy.typing import NDArray

from lookalike.engine.features import Layout
from lookalike.engine.row_cache import RowCache
from lookalike.engine.terms import TermMatrix

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]

Similarity = Callable[[IntArray], FloatArray]
"""Similarity of the given rows to one cluster, in [0, 1] (0 where a row lacks the trait)."""

# Sparse vote matrices of a generation and the signal each one feeds.
SPARSE_SIGNALS = {"occupations": "occupation", "activities": "activities"}


def centroid_and_agreement(blocks: NDArray[np.float32]) -> tuple[NDArray[np.float32], float]:
    """Unit centroid of the seeds' unit blocks, and their mean leave-one-out cosine to it."""
    norms = np.linalg.norm(blocks, axis=1, keepdims=True)
    present = norms[:, 0] > 0
    units = np.where(norms > 0, blocks / np.where(norms > 0, norms, 1.0), 0.0).astype(np.float32)
    total = units.sum(axis=0)
    centre = _unit(total)
    count = int(np.count_nonzero(present))
    if count == 0:
        return centre, 0.0
    if count == 1:
        return centre, 1.0
    others = total[None, :] - units[present]
    others /= np.maximum(np.linalg.norm(others, axis=1, keepdims=True), 1e-9)
    return centre, float(np.mean(np.einsum("sd,sd->s", units[present], others)))


def _unit(vector: NDArray[np.floating]) -> NDArray[np.float32]:
    norm = float(np.linalg.norm(vector))
    return (np.asarray(vector, dtype=np.float32) / norm) if norm > 0 else vector.astype(np.float32)


class BlockCosines:
    """Each vector block's cosine with the cluster's centroid of it, every block at once.

    One matrix product per set of rows (the background, the seeds, the candidates) instead of one
    per block; the last set's cosines are kept (by array identity, like the row cache).
    """

    def __init__(
        self, cache: RowCache, layout: Layout, centres: dict[str, NDArray[np.float32]]
    ) -> None:
        self._cache = cache
        self._positions = {block.name: i for i, block in enumerate(layout.blocks)}
        self._centres = np.zeros((layout.dims, len(layout.blocks)), dtype=np.float32)
        for position, block in enumerate(layout.blocks):
            if block.name in centres:
                self._centres[layout.slice_of(block.name), position] = centres[block.name]
        self._last: tuple[IntArray, FloatArray] | None = None

    def of(self, rows: IntArray, block: str) -> FloatArray:
        """The rows' cosines of block ``block`` with its centroid, in [0, 1]."""
        if self._last is None or self._last[0] is not rows:
            norms = self._cache.block_norms(rows)
            dots = self._cache.vectors(rows) @ self._centres
            cosines = np.where(norms > 0, dots / np.maximum(norms, 1e-9), 0.0)
            found: FloatArray = np.clip(cosines, 0.0, 1.0).astype(np.float64)
            self._last = (rows, found)
        return self._last[1][:, self._positions[block]]


def block_similarity(cosines: BlockCosines, block: str) -> Similarity:
    """Cosine of a vector block with the cluster's centroid of it (0 where the trait is unknown)."""

    def similarity(rows: IntArray) -> FloatArray:
        return cosines.of(rows, block)

    return similarity


def add_description(
    cache: RowCache,
    seed_rows: IntArray,
    similarity: dict[str, Similarity],
    agreement: dict[str, float],
) -> None:
    """Text signals read from whole-row matrices: the full text embedding and the latent topics."""
    data = cache.data
    for name, matrix in (("description", data.descriptions), ("topics", data.topics)):
        if matrix is None or matrix.shape[1] == 0:
            continue
        centre, loo = centroid_and_agreement(np.asarray(matrix[seed_rows], dtype=np.float32))
        agreement[name] = loo
        similarity[name] = _row_similarity(cache, name, matrix, centre)


def _row_similarity(
    cache: RowCache, name: str, matrix: NDArray[np.float16], centre: NDArray[np.float32]
) -> Similarity:
    def similarity(rows: IntArray) -> FloatArray:
        found = cache.matrix_rows(name, matrix, rows)
        cosines: FloatArray = np.clip(found @ centre, 0.0, 1.0).astype(np.float64)
        return cosines

    return similarity


def add_terms(
    cache: RowCache,
    seed_rows: IntArray,
    similarity: dict[str, Similarity],
    agreement: dict[str, float],
) -> dict[int, float]:
    """The keywords signal: cosine of TF-IDF vectors fitted on the universe's own text.

    Companies have a term row each; contacts have one per distinct title (``title_row``).
    """
    data, terms = cache.data, cache.data.terms
    title_rows = data.columns.get("title_row")
    if terms is None or (title_rows is None and terms.size != data.size):
        return {}
    term_rows = seed_rows if title_rows is None else np.asarray(title_rows[seed_rows], np.int64)
    centroid = terms.centroid(term_rows)
    if not centroid:
        return {}
    agreement["keywords"] = 1.0  # PRIMARY: companies weigh it fully, contacts as their titles

    table = terms.column_weights(centroid)

    def shared(rows: IntArray) -> FloatArray:
        found = terms.similarity_by_columns(cache.term_entries(rows), len(rows), table)
        return np.clip(found, 0.0, 1.0)

    similarity["keywords"] = shared
    return centroid


def add_sparse(
    cache: RowCache,
    name: str,
    seed_rows: IntArray,
    similarity: dict[str, Similarity],
    agreement: dict[str, float],
) -> dict[int, float] | None:
    """A signal read from a sparse matrix of votes: cosine with the seeds' centroid.

    ``occupations`` (contacts' titles' O*NET votes, by title row) or ``activities`` (companies'
    NAICS votes). Returns the centroid; None when the generation has no such matrix (built
    before it was kept).
    """
    data = cache.data
    votes: TermMatrix | None = getattr(data, name)
    if votes is None:
        return None
    title_rows = data.columns.get("title_row")
    own_rows = seed_rows if title_rows is None else np.asarray(title_rows[seed_rows], np.int64)
    centroid = votes.centroid(own_rows)
    signal = SPARSE_SIGNALS[name]
    agreement[signal] = _sparse_agreement(votes, own_rows)

    table = votes.column_weights(centroid)

    def shared(rows: IntArray) -> FloatArray:
        entries = cache.sparse_entries(name, votes, rows)
        return np.clip(votes.similarity_by_columns(entries, len(rows), table), 0.0, 1.0)

    similarity[signal] = shared
    return centroid


def _sparse_agreement(matrix: TermMatrix, rows: IntArray) -> float:
    """The rows' mean leave-one-out cosine to the others' centroid, as for a vector block."""
    dense = matrix.dense(rows)
    return centroid_and_agreement(dense)[1] if dense.size else 0.0


def equality_signal(values: NDArray[np.integer], seed_rows: IntArray) -> tuple[Similarity, float]:
    """Share of the seeds holding the row's (known, >= 0) value, and the seeds' agreement."""
    seed_values = values[seed_rows].astype(np.int64)
    known = seed_values[seed_values >= 0]
    if len(known) == 0:
        return (lambda rows: np.zeros(len(rows))), 0.0
    unique, counts = np.unique(known, return_counts=True)
    share = counts / len(seed_rows)

    def similarity(rows: IntArray) -> FloatArray:
        found = values[rows].astype(np.int64)
        position = np.minimum(np.searchsorted(unique, found), len(unique) - 1)
        return np.where((unique[position] == found) & (found >= 0), share[position], 0.0)

    if len(seed_rows) == 1:
        return similarity, 1.0
    others = (counts - 1) / (len(seed_rows) - 1)  # leave one out: the others holding my value
    return similarity, float(np.sum(counts * others) / len(seed_rows))
