"""A company's NAICS activity votes: the classifier and the embedding's nearest codes, blended."""

from __future__ import annotations

import numpy as np
import pytest

from lookalike.engine.activities import activity_matrix
from lookalike.text_model import text_model

TEXTS = [
    "Commercial banking: deposits, commercial lending and mortgages",
    "Software publisher: enterprise software and cloud applications",
    "",
]


def _heaviest_codes(texts: list[str]) -> list[list[str]]:
    matrix = activity_matrix(text_model().embed(texts), texts)
    found = []
    for row in range(matrix.size):
        start, end = matrix.indptr[row], matrix.indptr[row + 1]
        entries = sorted(
            zip(matrix.data[start:end], matrix.indices[start:end], strict=True), reverse=True
        )
        found.append([matrix.vocabulary[c] for _, c in entries if len(matrix.vocabulary[c]) == 6])
    return found


def test_rows_are_unit_length_and_a_blank_text_votes_for_nothing() -> None:
    matrix = activity_matrix(text_model().embed(TEXTS), TEXTS)
    norms = [
        float(np.sum(np.square(matrix.data[matrix.indptr[r] : matrix.indptr[r + 1]])))
        for r in range(matrix.size)
    ]
    assert norms[:2] == pytest.approx([1.0, 1.0], rel=1e-5)
    assert norms[2] == 0.0


def test_the_heaviest_code_is_the_activity_the_text_names() -> None:
    bank, software, _ = _heaviest_codes(TEXTS)
    assert bank[0].startswith("5221")
    assert software[0].startswith("5132")


def test_a_vote_also_counts_for_its_industry_groups() -> None:
    matrix = activity_matrix(text_model().embed(TEXTS[:1]), TEXTS[:1])
    terms = {matrix.vocabulary[c] for c in matrix.indices[matrix.indptr[0] : matrix.indptr[1]]}
    assert "5221" in terms and "522" in terms


def test_embeddings_and_texts_must_pair_up() -> None:
    with pytest.raises(ValueError, match="2 embeddings for 1 texts"):
        activity_matrix(text_model().embed(TEXTS[:2]), TEXTS[:1])
