"""Inverted lists for lexical retrieval: for each term (or occupation), its entities, best first.

The ANN index finds what the entity vectors say is near; what a sparse signal says is near (a rare
shared term of a company's text, a contact title's O*NET occupation votes) is only partly in those
vectors. A request therefore also takes, for the few terms that weigh most in its seeds' centroid,
the entities holding them with the highest weight, and ranks them with the rest. Lists are stored
per column of a :class:`~lookalike.engine.terms.TermMatrix` (``<stem>_postings_indptr.npy`` and
``<stem>_postings_rows.npy``), each list sorted by weight, heaviest first; at most
:data:`KEPT_PER_ROW` entries of each entity are listed, its heaviest.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

from lookalike.engine.index import load_array
from lookalike.engine.terms import TermMatrix

KEPT_PER_ROW = 8  # a company's heaviest terms listed (a contact's title: its top occupations)
RETRIEVAL_TERMS = 4  # centroid terms whose lists a request reads
RETRIEVED_PER_TERM = 32  # entities taken from each list
_PARTS = ("postings_indptr", "postings_rows")


@dataclass(frozen=True)
class Postings:
    """Per column, the entity rows holding it, heaviest first (CSC-like arrays)."""

    indptr: NDArray[np.int64]
    rows: NDArray[np.int32]

    @classmethod
    def of(
        cls,
        matrix: TermMatrix,
        entity_rows: NDArray[np.integer] | None = None,
        kept_per_row: int = KEPT_PER_ROW,
    ) -> Postings:
        """The lists of ``matrix``'s columns, each row's ``kept_per_row`` heaviest entries listed.

        ``entity_rows`` maps entities to matrix rows (contacts to their title rows); by default
        every matrix row is an entity.
        """
        own = (
            np.arange(matrix.size, dtype=np.int64)
            if entity_rows is None
            else np.asarray(entity_rows, dtype=np.int64)
        )
        owners, terms, weights = _heaviest_entries(matrix, kept_per_row)
        # Each matrix row's kept entries, gathered for every entity that uses that row.
        by_row_start = np.searchsorted(owners, np.arange(matrix.size + 1))
        starts, ends = by_row_start[own], by_row_start[own + 1]
        lengths = (ends - starts).astype(np.int64)
        entity = np.repeat(np.arange(len(own), dtype=np.int64), lengths)
        offsets = np.arange(int(lengths.sum()), dtype=np.int64) - np.repeat(
            np.cumsum(lengths) - lengths, lengths
        )
        picked = np.repeat(starts, lengths) + offsets
        columns, entry_weights = terms[picked], weights[picked]
        order = np.lexsort((entity, -entry_weights, columns))
        counts = np.bincount(columns, minlength=len(matrix.vocabulary))
        indptr = np.zeros(len(matrix.vocabulary) + 1, dtype=np.int64)
        np.cumsum(counts, out=indptr[1:])
        return cls(indptr, entity[order].astype(np.int32))

    def save(self, folder: Path, stem: str) -> None:
        """Write the lists next to their matrix (``<stem>_postings_*.npy``)."""
        np.save(folder / f"{stem}_{_PARTS[0]}.npy", self.indptr)
        np.save(folder / f"{stem}_{_PARTS[1]}.npy", self.rows)

    @classmethod
    def load_or_none(cls, folder: Path, stem: str) -> Postings | None:
        """The lists saved in ``folder`` (memory-mapped), or None when there are none."""
        paths = [folder / f"{stem}_{part}.npy" for part in _PARTS]
        if not all(path.exists() for path in paths):
            return None
        return cls(load_array(paths[0]), load_array(paths[1]))

    def retrieve(self, centroid: dict[int, float]) -> NDArray[np.int64]:
        """Entities holding the centroid's heaviest terms: the first of each term's list."""
        if not centroid or len(self.indptr) < 2:
            return np.zeros(0, dtype=np.int64)
        heaviest = sorted(centroid, key=lambda term: -centroid[term])[:RETRIEVAL_TERMS]
        found = [
            np.asarray(self.rows[start : min(end, start + RETRIEVED_PER_TERM)], dtype=np.int64)
            for start, end in (
                (int(self.indptr[term]), int(self.indptr[term + 1]))
                for term in heaviest
                if term + 1 < len(self.indptr)
            )
        ]
        return np.unique(np.concatenate(found)) if found else np.zeros(0, dtype=np.int64)


def _heaviest_entries(
    matrix: TermMatrix, keep: int
) -> tuple[NDArray[np.int64], NDArray[np.int64], NDArray[np.float32]]:
    """The ``keep`` heaviest entries of every row: (row, column, weight), sorted by row."""
    owners, terms, weights = matrix.rows(np.arange(matrix.size, dtype=np.int64))
    order = np.lexsort((-weights, owners))
    owners, terms, weights = owners[order], terms[order], weights[order]
    first = np.searchsorted(owners, owners)  # each entry's row starts here
    rank = np.arange(len(owners)) - first
    kept = rank < keep
    return owners[kept], terms[kept].astype(np.int64), weights[kept]
