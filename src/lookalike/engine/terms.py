"""Lexical text representation fitted on the operator's own corpus: TF-IDF over words and bigrams.

A term shared by few entities of the universe weighs much more than one shared by many, which is
what makes "commercial lending" or "pet insurance" telling and "services" not. The matrix is stored
as three plain ``.npy`` arrays (CSR: ``indptr``, ``indices``, ``data``) plus the term list, opened
memory-mapped; a request gathers the rows of its few hundred candidates only.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from lookalike.engine.index import load_array

MAX_TERMS = 1 << 18
TOPIC_DIMS = 128
TOPIC_FIT_ROWS = 50_000
TOPIC_CHUNK = 65_536
TERMS = "terms"  # the stem of the TF-IDF matrix's files: terms_indptr.npy ... terms.json
_PARTS = ("indptr", "indices", "data")


@dataclass(frozen=True)
class TermMatrix:
    """Rows of unit-length TF-IDF weights (CSR arrays) and the term of each column."""

    indptr: NDArray[np.int64]
    indices: NDArray[np.int32]
    data: NDArray[np.float32]
    vocabulary: Sequence[str]

    @property
    def size(self) -> int:
        return int(len(self.indptr) - 1)

    def rows(
        self, rows: NDArray[np.int64]
    ) -> tuple[NDArray[np.int64], NDArray[np.int32], NDArray[np.float32]]:
        """The entries of ``rows``: (owner position in ``rows``, term, weight) per entry."""
        starts = np.asarray(self.indptr[rows], dtype=np.int64)
        lengths = np.asarray(self.indptr[rows + 1], dtype=np.int64) - starts
        owners = np.repeat(np.arange(len(rows), dtype=np.int64), lengths)
        offsets = np.arange(int(lengths.sum()), dtype=np.int64) - np.repeat(
            np.cumsum(lengths) - lengths, lengths
        )
        positions = np.repeat(starts, lengths) + offsets
        return owners, np.asarray(self.indices[positions]), np.asarray(self.data[positions])

    def centroid(self, rows: NDArray[np.int64]) -> dict[int, float]:
        """The mean TF-IDF vector of ``rows``, as {term: weight}, normalised to unit length."""
        _, terms, weights = self.rows(rows)
        if len(terms) == 0:
            return {}
        unique, inverse = np.unique(terms, return_inverse=True)
        summed = np.bincount(inverse, weights=weights.astype(np.float64))
        norm = float(np.linalg.norm(summed)) or 1.0
        return {int(t): float(w / norm) for t, w in zip(unique, summed, strict=True)}

    def similarity(
        self, rows: NDArray[np.int64], centroid: dict[int, float]
    ) -> NDArray[np.float64]:
        """Cosine of each of ``rows`` with ``centroid`` (rows are unit length already)."""
        entries = self.rows(rows)
        if len(entries[1]) == 0:  # nothing to gather (and the columns may be none at all)
            return np.zeros(len(rows))
        return self.similarity_by_columns(entries, len(rows), self.column_weights(centroid))

    def column_weights(self, centroid: dict[int, float]) -> NDArray[np.float64]:
        """``centroid`` as a dense array over the columns, for :meth:`similarity_by_columns`."""
        table = np.zeros(len(self.vocabulary), dtype=np.float64)
        if centroid:
            table[np.fromiter(centroid.keys(), np.int64, len(centroid))] = np.fromiter(
                centroid.values(), np.float64, len(centroid)
            )
        return table

    def similarity_by_columns(
        self,
        entries: tuple[NDArray[np.int64], NDArray[np.int32], NDArray[np.float32]],
        count: int,
        table: NDArray[np.float64],
    ) -> NDArray[np.float64]:
        """:meth:`similarity` of ``count`` rows whose :meth:`rows` entries were read already, the
        centroid given as :meth:`column_weights` (read once for many sets of rows)."""
        owners, terms, weights = entries
        if len(terms) == 0:
            return np.zeros(count)
        summed = np.bincount(owners, weights=table[terms] * weights, minlength=count)
        return summed.astype(np.float64)

    def dense(self, rows: NDArray[np.int64]) -> NDArray[np.float32]:
        """The rows as a dense array over the columns they use (in no stated order)."""
        owners, terms, weights = self.rows(rows)
        unique, inverse = np.unique(terms, return_inverse=True)
        found = np.zeros((len(rows), len(unique)), dtype=np.float32)
        np.add.at(found, (owners, inverse), weights)
        return found

    def shared_terms(
        self, row: int, centroid: dict[int, float], count: int
    ) -> list[tuple[int, str]]:
        """The (term, text) of ``row`` that contribute most to its similarity with ``centroid``."""
        return self.shared_terms_of(np.array([row], dtype=np.int64), centroid, count)[0]

    def shared_terms_of(
        self, rows: NDArray[np.int64], centroid: dict[int, float], count: int
    ) -> list[list[tuple[int, str]]]:
        """:meth:`shared_terms` of many rows, their entries read in one go."""
        owners, terms, weights = self.rows(rows)
        chosen: list[list[tuple[int, str]]] = [[] for _ in range(len(rows))]
        if not centroid or len(terms) == 0:
            return chosen
        hit, found = _centroid_weights(centroid, terms)
        scores = weights[hit] * found[hit]
        scored = sorted(
            zip(owners[hit].tolist(), scores.tolist(), terms[hit].tolist(), strict=True),
            # by row, best first; on a tie (words that only occur together) the bigram first
            key=lambda e: (e[0], -e[1], -len(self.vocabulary[e[2]].split())),
        )
        for owner, _, term in scored:
            picked = chosen[owner]
            text = self.vocabulary[term]
            # A bigram says more than its words; skip a word already inside a chosen bigram.
            if len(picked) == count or any(
                text in other.split() or other in text.split() for _, other in picked
            ):
                continue
            picked.append((term, text))
        return chosen

    def save(self, folder: Path, stem: str = TERMS) -> None:
        """Write the CSR arrays (``<stem>_indptr.npy`` ...) and the term list (``<stem>.json``)."""
        arrays: tuple[NDArray[Any], ...] = (self.indptr, self.indices, self.data)
        for part, values in zip(_PARTS, arrays, strict=True):
            np.save(folder / f"{stem}_{part}.npy", values)
        (folder / f"{stem}.json").write_text(json.dumps(list(self.vocabulary)), encoding="utf-8")

    @classmethod
    def load_or_none(cls, folder: Path, stem: str = TERMS) -> TermMatrix | None:
        """The matrix saved in ``folder`` under ``stem`` (memory-mapped), or None without one."""
        if not (folder / f"{stem}.json").exists():
            return None
        arrays = [load_array(folder / f"{stem}_{part}.npy") for part in _PARTS]
        vocabulary = json.loads((folder / f"{stem}.json").read_text(encoding="utf-8"))
        return cls(arrays[0], arrays[1], arrays[2], vocabulary)

    @classmethod
    def of_sparse(cls, matrix: Any, vocabulary: Sequence[str]) -> TermMatrix:
        """From a scipy sparse matrix whose rows are already unit length (columns: vocabulary)."""
        rows = matrix.tocsr()
        rows.sort_indices()
        return cls(
            rows.indptr.astype(np.int64),
            rows.indices.astype(np.int32),
            rows.data.astype(np.float32),
            list(vocabulary),
        )

    @classmethod
    def of_weights(
        cls, rows: Sequence[Sequence[tuple[str, float]]], vocabulary: Sequence[str]
    ) -> TermMatrix:
        """Unit-length rows from ``(term, weight)`` lists; terms outside ``vocabulary`` dropped."""
        column = {term: position for position, term in enumerate(vocabulary)}
        indptr = np.zeros(len(rows) + 1, dtype=np.int64)
        indices: list[int] = []
        weights: list[float] = []
        for row, entries in enumerate(rows):
            kept = sorted((column[t], w) for t, w in entries if t in column and w > 0)
            norm = float(np.sqrt(sum(w * w for _, w in kept))) or 1.0
            indices.extend(c for c, _ in kept)
            weights.extend(w / norm for _, w in kept)
            indptr[row + 1] = len(indices)
        return cls(
            indptr,
            np.array(indices, dtype=np.int32),
            np.array(weights, dtype=np.float32),
            list(vocabulary),
        )


def _centroid_weights(
    centroid: dict[int, float], terms: NDArray[np.int32]
) -> tuple[NDArray[np.bool_], NDArray[np.float64]]:
    """Whether each of ``terms`` is in ``centroid``, and its weight there (0 where it is not)."""
    keys = np.fromiter(centroid.keys(), dtype=np.int64, count=len(centroid))
    values = np.fromiter(centroid.values(), dtype=np.float64, count=len(centroid))
    order = np.argsort(keys)
    keys, values = keys[order], values[order]
    position = np.minimum(np.searchsorted(keys, terms), len(keys) - 1)
    hit = keys[position] == terms
    return hit, np.where(hit, values[position], 0.0)


def fit_terms(texts: Sequence[str], min_df: int | None = None) -> TermMatrix:
    """Fit TF-IDF (sublinear term frequency, words and bigrams, English stop words) on ``texts``.

    Terms held by one entity only are dropped once the corpus is large enough for that to be
    noise rather than signal (unless ``min_df`` says otherwise: distinct job titles keep every
    word); terms held by more than half of it say nothing and are dropped too.
    """
    from sklearn.feature_extraction.text import TfidfVectorizer

    if not any(text.strip() for text in texts):
        return _empty(len(texts))
    vectorizer = TfidfVectorizer(
        sublinear_tf=True,
        ngram_range=(1, 2),
        stop_words="english",
        min_df=min_df if min_df is not None else (2 if len(texts) >= 2_000 else 1),
        max_df=0.5 if len(texts) >= 20 else 1.0,
        max_features=MAX_TERMS,
        dtype=np.float32,
        token_pattern=r"(?u)\b[^\W\d_][\w\-&]+\b",
    )
    try:
        matrix: Any = vectorizer.fit_transform(texts)
    except ValueError:  # every word is a stop word or too common
        return _empty(len(texts))
    return TermMatrix.of_sparse(matrix, [str(t) for t in vectorizer.get_feature_names_out()])


def fit_topics(terms: TermMatrix, dims: int = TOPIC_DIMS) -> NDArray[np.float16]:
    """Latent topics of every row: a TruncatedSVD of the TF-IDF matrix (latent semantic analysis).

    Terms that occur together in the operator's corpus ("humira", "biopharmaceutical") end up
    close, which no general-purpose model knows. Fitted on at most :data:`TOPIC_FIT_ROWS` rows,
    then applied to all; rows are unit length, stored as float16.
    """
    from scipy import sparse
    from sklearn.decomposition import TruncatedSVD

    matrix = sparse.csr_matrix(
        (terms.data, terms.indices, terms.indptr), shape=(terms.size, len(terms.vocabulary))
    )
    width = min(dims, len(terms.vocabulary) - 1, terms.size - 1)
    if width < 2 or matrix.nnz == 0:
        return np.zeros((terms.size, 0), dtype=np.float16)
    rng = np.random.default_rng(0)
    sample = np.sort(rng.choice(terms.size, min(terms.size, TOPIC_FIT_ROWS), replace=False))
    svd = TruncatedSVD(n_components=width, random_state=0, algorithm="randomized", n_iter=4)
    svd.fit(matrix[sample])
    topics = np.zeros((terms.size, width), dtype=np.float16)
    for start in range(0, terms.size, TOPIC_CHUNK):
        part = svd.transform(matrix[start : start + TOPIC_CHUNK])
        norms = np.linalg.norm(part, axis=1, keepdims=True)
        topics[start : start + len(part)] = part / np.where(norms > 0, norms, 1.0)
    return topics


def _empty(rows: int) -> TermMatrix:
    return TermMatrix(
        np.zeros(rows + 1, dtype=np.int64),
        np.zeros(0, dtype=np.int32),
        np.zeros(0, dtype=np.float32),
        [],
    )
