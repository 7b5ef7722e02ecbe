"""What a company does, as votes over NAICS industries read from its text (a sparse matrix).

A company's text embedding is compared with every 6-digit NAICS code's centroid (its title and its
index items, :func:`lookalike.taxonomy.naics_inference.code_centroids`); the nearest codes vote,
weighted by similarity to the fourth power, and each vote also counts, at a lower share, for its
4- and 3-digit industry groups. Two companies whose texts share no word ("boilers, water heaters"
and "HVAC equipment") but sit near the same industries end up close, which neither TF-IDF nor a
single inferred code can say. Rows are unit length, stored like the TF-IDF terms.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray
from scipy import sparse

from lookalike.engine.generation import ACTIVITIES
from lookalike.engine.terms import TermMatrix
from lookalike.taxonomy.naics_inference import code_centroids

__all__ = ["ACTIVITIES", "activity_matrix"]
VOTING_CODES = 10
VOTE_POWER = 4
GROUP_SHARES = ((4, 0.5), (3, 0.25))  # a vote's share for its 4- and 3-digit industry group
_CHUNK = 16_384


def activity_matrix(embeddings: NDArray[np.float32]) -> TermMatrix:
    """Each text embedding's NAICS votes (6-digit codes and their groups), one unit row each."""
    codes, centroids = code_centroids()
    vocabulary, group_columns = _vocabulary(codes)
    width = centroids.shape[1]
    top = min(VOTING_CODES, len(codes))
    blocks = []
    for start in range(0, len(embeddings), _CHUNK):
        chunk = np.asarray(embeddings[start : start + _CHUNK, :width], dtype=np.float32)
        similarity = chunk @ centroids.T
        nearest = np.argpartition(-similarity, top - 1, axis=1)[:, :top]
        rows = np.repeat(np.arange(len(chunk)), top)
        weights = np.maximum(similarity[rows, nearest.ravel()], 0.0) ** VOTE_POWER
        columns = [nearest.ravel()] + [group[nearest.ravel()] for group in group_columns]
        shares = [1.0] + [share for _, share in GROUP_SHARES]
        block = sparse.csr_matrix(
            (
                np.concatenate([share * weights for share in shares]),
                (np.tile(rows, len(columns)), np.concatenate(columns)),
            ),
            shape=(len(chunk), len(vocabulary)),
            dtype=np.float64,
        )
        blocks.append(block)
    matrix = (
        sparse.vstack(blocks).tocsr()
        if blocks
        else sparse.csr_matrix((0, len(vocabulary)), dtype=np.float64)
    )
    matrix.sum_duplicates()
    matrix.eliminate_zeros()
    norms = np.sqrt(np.asarray(matrix.multiply(matrix).sum(axis=1)).ravel())
    return TermMatrix.of_sparse(sparse.diags(1.0 / np.maximum(norms, 1e-12)) @ matrix, vocabulary)


def _vocabulary(codes: tuple[str, ...]) -> tuple[list[str], list[NDArray[np.int64]]]:
    """The 6-digit codes then their groups, and for each group length every code's group column."""
    vocabulary = list(codes)
    group_columns = []
    for length, _ in GROUP_SHARES:
        groups = sorted({code[:length] for code in codes})
        position = {group: len(vocabulary) + i for i, group in enumerate(groups)}
        vocabulary.extend(groups)
        group_columns.append(np.array([position[code[:length]] for code in codes], np.int64))
    return vocabulary, group_columns
