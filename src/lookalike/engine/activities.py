"""What a company does, as votes over NAICS industries read from its text (a sparse matrix).

Two readers of a company's text vote over the 6-digit NAICS codes: the NAICS text classifier
(:mod:`lookalike.taxonomy.naics_classifier`, its ``VOTING_CODES`` likeliest codes) and the text
embedding's nearest code centroids (:func:`lookalike.taxonomy.naics_inference.code_centroids`,
weighted by similarity to the fourth power). Each reader's votes sum to one; the classifier has
``CLASSIFIER_SHARE`` of a row (all of it where the embedding finds nothing; the embedding all of
it where no classifier is shipped). Each vote also counts, at a lower share, for its 4- and
3-digit industry groups. Two companies whose texts share no word ("boilers, water heaters" and
"HVAC equipment") but sit near the same industries end up close, which neither TF-IDF nor a
single inferred code can say. Rows are unit length, stored like the TF-IDF terms.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from numpy.typing import NDArray
from scipy import sparse

from lookalike.engine.generation import ACTIVITIES
from lookalike.engine.terms import TermMatrix
from lookalike.taxonomy.naics_classifier import naics_votes_many
from lookalike.taxonomy.naics_inference import code_centroids

__all__ = ["ACTIVITIES", "activity_matrix"]
VOTING_CODES = 10
VOTE_POWER = 4
# The classifier's share of a row's votes, chosen on the naics-activities dev classes
# (nP@10 0.857 with the centroids alone, 0.883 at 0.7, 0.881 at 1.0).
CLASSIFIER_SHARE = 0.7
GROUP_SHARES = ((4, 0.5), (3, 0.25))  # a vote's share for its 4- and 3-digit industry group
_CHUNK = 16_384


def activity_matrix(embeddings: NDArray[np.float32], texts: Sequence[str]) -> TermMatrix:
    """Each company's NAICS votes (6-digit codes and their groups), one unit row each.

    ``embeddings`` are the text embeddings of ``texts``, row for row.
    """
    if len(embeddings) != len(texts):
        raise ValueError(f"{len(embeddings)} embeddings for {len(texts)} texts")
    codes, centroids = code_centroids()
    vocabulary, expand = _vocabulary(codes)
    blocks = []
    for start in range(0, len(embeddings), _CHUNK):
        chunk = np.asarray(embeddings[start : start + _CHUNK, : centroids.shape[1]], np.float32)
        nearest = _centroid_votes(chunk @ centroids.T)
        voted = _classifier_votes(texts[start : start + _CHUNK], codes)
        blocks.append(_blended(nearest, voted) @ expand)
    matrix = (
        sparse.vstack(blocks).tocsr()
        if blocks
        else sparse.csr_matrix((0, len(vocabulary)), dtype=np.float64)
    )
    matrix.sum_duplicates()
    matrix.eliminate_zeros()
    norms = np.sqrt(np.asarray(matrix.multiply(matrix).sum(axis=1)).ravel())
    return TermMatrix.of_sparse(sparse.diags(1.0 / np.maximum(norms, 1e-12)) @ matrix, vocabulary)


def _centroid_votes(similarity: NDArray[np.float32]) -> sparse.csr_matrix:
    """The nearest codes of each row, weighted by similarity to the fourth power."""
    count, width = similarity.shape
    top = min(VOTING_CODES, width)
    nearest = np.argpartition(-similarity, top - 1, axis=1)[:, :top]
    rows = np.repeat(np.arange(count), top)
    weights = np.maximum(similarity[rows, nearest.ravel()], 0.0).astype(np.float64) ** VOTE_POWER
    return sparse.csr_matrix((weights, (rows, nearest.ravel())), shape=(count, width))


def _classifier_votes(texts: Sequence[str], codes: tuple[str, ...]) -> sparse.csr_matrix:
    """The classifier's shares over ``codes`` (codes it does not know are dropped)."""
    column = {code: position for position, code in enumerate(codes)}
    rows: list[int] = []
    columns: list[int] = []
    shares: list[float] = []
    for row, votes in enumerate(naics_votes_many(texts, VOTING_CODES)):
        for code, share in votes:
            if code in column:
                rows.append(row)
                columns.append(column[code])
                shares.append(share)
    return sparse.csr_matrix((shares, (rows, columns)), shape=(len(texts), len(codes)))


def _blended(nearest: sparse.csr_matrix, voted: sparse.csr_matrix) -> sparse.csr_matrix:
    """Rows of each reader scaled to sum to one, then mixed: the classifier's share where both
    read something, the one reader's votes alone where only one does."""
    nearest_sums = np.asarray(nearest.sum(axis=1)).ravel()
    voted_sums = np.asarray(voted.sum(axis=1)).ravel()
    both = (nearest_sums > 0) & (voted_sums > 0)
    voted_share = np.where(both, CLASSIFIER_SHARE, np.where(voted_sums > 0, 1.0, 0.0))
    nearest_share = np.where(nearest_sums > 0, 1.0 - voted_share, 0.0)
    mixed = sparse.diags(nearest_share / np.maximum(nearest_sums, 1e-12)) @ nearest
    mixed += sparse.diags(voted_share / np.maximum(voted_sums, 1e-12)) @ voted
    found: sparse.csr_matrix = mixed.tocsr()
    return found


def _vocabulary(codes: tuple[str, ...]) -> tuple[list[str], sparse.csr_matrix]:
    """The 6-digit codes then their groups, and the (codes, vocabulary) matrix that gives each
    code's vote to itself and its share to each of its groups."""
    vocabulary = list(codes)
    rows = list(range(len(codes)))
    columns = list(range(len(codes)))
    shares = [1.0] * len(codes)
    for length, share in GROUP_SHARES:
        groups = sorted({code[:length] for code in codes})
        position = {group: len(vocabulary) + i for i, group in enumerate(groups)}
        vocabulary.extend(groups)
        for row, code in enumerate(codes):
            rows.append(row)
            columns.append(position[code[:length]])
            shares.append(share)
    expand = sparse.csr_matrix((shares, (rows, columns)), shape=(len(codes), len(vocabulary)))
    return vocabulary, expand
