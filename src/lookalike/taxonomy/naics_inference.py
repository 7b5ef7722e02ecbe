"""A fine NAICS code read from a company's own text, for companies imported without one.

Each 6-digit NAICS 2022 code is the centroid of the text embeddings of its official title and of
its index items (real activity descriptions such as "Commercial banking" or "Pet insurance"), only
those items that :func:`lookalike.taxonomy.naics_items.training_items` allows: the rest are the
evaluation data set's text. A company gets the code whose centroid is nearest its embedding, when
that is close enough to mean something.
"""

from __future__ import annotations

from functools import cache

import numpy as np
from numpy.typing import NDArray

from lookalike.taxonomy.industries import naics_codes, naics_title
from lookalike.taxonomy.naics_items import training_items
from lookalike.text_model import text_model

FloatArray = NDArray[np.float32]
MIN_SIMILARITY = 0.45  # below this the nearest code is a guess, and no code is better
_CHUNK = 16_384


@cache
def code_centroids() -> tuple[tuple[str, ...], FloatArray]:
    """The 6-digit codes and the unit centroid of each one's title and training items."""
    pairs = [(code, naics_title(code) or "") for code in naics_codes() if len(code) == 6]
    pairs += [(code, text) for code, text in training_items() if len(code) == 6]
    codes = np.array([code for code, _ in pairs])
    vectors = text_model().embed([text for _, text in pairs])
    unique, inverse = np.unique(codes, return_inverse=True)
    sums = np.zeros((len(unique), vectors.shape[1]), dtype=np.float64)
    np.add.at(sums, inverse, vectors)
    norms = np.linalg.norm(sums, axis=1, keepdims=True)
    centroids = (sums / np.where(norms > 0, norms, 1.0)).astype(np.float32)
    return tuple(str(code) for code in unique), centroids


def infer_naics(embeddings: FloatArray) -> list[str | None]:
    """The nearest 6-digit code of each text embedding (rows of ``text_model().embed``), or None."""
    codes, centroids = code_centroids()
    found: list[str | None] = []
    for start in range(0, len(embeddings), _CHUNK):
        similarity = embeddings[start : start + _CHUNK] @ centroids.T
        best = np.argmax(similarity, axis=1) if len(similarity) else np.zeros(0, dtype=np.int64)
        score = similarity[np.arange(len(best)), best]
        found.extend(
            codes[int(b)] if s >= MIN_SIMILARITY else None
            for b, s in zip(best.tolist(), score.tolist(), strict=True)
        )
    return found
