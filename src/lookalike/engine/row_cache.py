"""What one request reads about the same rows, read once: vectors, block norms, text rows.

A request compares its seeds' clusters with the background sample and with its candidates, signal
by signal; every signal of every cluster would otherwise gather the same rows again. The background
sample is the same for every request, so what is read about it is kept on the generation's
:class:`~lookalike.engine.generation.KindData` for good.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
from numpy.typing import NDArray

from lookalike.engine.features import Layout
from lookalike.engine.generation import KindData
from lookalike.engine.terms import TermMatrix

IntArray = NDArray[np.int64]
TermEntries = tuple[IntArray, NDArray[np.int32], NDArray[np.float32]]


class RowCache:
    """Per-request reads of rows (by array identity), with the background's kept on ``data``."""

    def __init__(self, data: KindData, layout: Layout) -> None:
        self.data = data
        self.layout = layout
        self._starts = np.array([layout.slice_of(b.name).start for b in layout.blocks])
        self._last: dict[str, tuple[IntArray, Any]] = {}

    def _read(self, key: str, rows: IntArray, compute: Callable[[IntArray], Any]) -> Any:
        if rows is self.data.background:
            kept = self.data.background_cache
            if key not in kept:
                kept[key] = compute(rows)
            return kept[key]
        last = self._last.get(key)
        if last is None or last[0] is not rows:
            last = (rows, compute(rows))
            self._last[key] = last
        return last[1]

    def vectors(self, rows: IntArray) -> NDArray[np.float32]:
        """The rows' entity vectors (float32)."""
        vectors = self.data.index.vectors()
        found: NDArray[np.float32] = self._read(
            "vectors", rows, lambda r: np.asarray(vectors[r], dtype=np.float32)
        )
        return found

    def block_norms(self, rows: IntArray) -> NDArray[np.float32]:
        """The length of each block of each row's vector, (rows, blocks) in the layout's order
        (0 where the trait is unknown)."""

        def norms(r: IntArray) -> NDArray[np.float32]:
            if not len(r):
                return np.zeros((0, len(self._starts)), dtype=np.float32)
            return np.sqrt(np.add.reduceat(self.vectors(r) ** 2, self._starts, axis=1))

        found: NDArray[np.float32] = self._read("norms", rows, norms)
        return found

    def matrix_rows(self, name: str, matrix: NDArray[Any], rows: IntArray) -> NDArray[np.float32]:
        """Rows of a whole-row matrix (descriptions, topics) as float32."""
        found: NDArray[np.float32] = self._read(
            name, rows, lambda r: np.asarray(matrix[r], dtype=np.float32)
        )
        return found

    def term_entries(self, rows: IntArray) -> TermEntries:
        """The TF-IDF entries of the rows (contacts: of their titles' rows)."""
        assert self.data.terms is not None
        return self.sparse_entries("terms", self.data.terms, rows)

    def sparse_entries(self, name: str, matrix: TermMatrix, rows: IntArray) -> TermEntries:
        """The entries of the rows in a sparse matrix kept per entity (contacts: per title row)."""
        title_rows = self.data.columns.get("title_row")

        def entries(r: IntArray) -> TermEntries:
            own_rows = r if title_rows is None else np.asarray(title_rows[r], dtype=np.int64)
            return matrix.rows(own_rows)

        found: TermEntries = self._read(name, rows, entries)
        return found
