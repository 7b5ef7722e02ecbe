"""TF-IDF term matrices fitted on a handful of company texts: weights, storage, shared terms."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from numpy.typing import NDArray

from lookalike.engine.terms import TermMatrix, fit_terms, fit_topics

TEXTS = (
    "pet insurance plans services",  # 0: the seed
    "pet grooming salon",  # 1: shares the rare "pet" with the seed
    "plumbing repair services",  # 2: shares the common "services" with the seed
    "commercial lending for farms",  # 3
    "commercial lending and deposits",  # 4
    "bank deposits services",  # 5
    "cloud software services",  # 6
    "grocery stores services",  # 7
    "lending library services",  # 8: "lending" apart from "commercial lending"
)


def rows(*numbers: int) -> NDArray[np.int64]:
    return np.array(numbers, dtype=np.int64)


def texts_of(matrix: TermMatrix, row: int) -> set[str]:
    _, terms, _ = matrix.rows(rows(row))
    return {matrix.vocabulary[int(term)] for term in terms}


@pytest.fixture(scope="module")
def matrix() -> TermMatrix:
    return fit_terms(list(TEXTS))


def test_a_shared_rare_term_weighs_more_than_a_shared_common_one(matrix: TermMatrix) -> None:
    seed = matrix.centroid(rows(0))
    rare, common = matrix.similarity(rows(1, 2), seed)
    assert "pet" in texts_of(matrix, 1) and "services" in texts_of(matrix, 2)
    assert rare > common > 0.0


def test_rows_are_unit_length_and_a_row_is_most_similar_to_itself(matrix: TermMatrix) -> None:
    assert matrix.size == len(TEXTS)
    everything = rows(*range(matrix.size))
    owners, _, weights = matrix.rows(everything)
    norms = np.sqrt(np.bincount(owners, weights=weights.astype(np.float64) ** 2))
    np.testing.assert_allclose(norms, 1.0, rtol=1e-5)
    for row in range(matrix.size):
        similarities = matrix.similarity(everything, matrix.centroid(rows(row)))
        assert similarities[row] == pytest.approx(1.0, rel=1e-5)
        assert int(np.argmax(similarities)) == row


def test_save_then_load_gives_the_same_rows_and_similarities(
    matrix: TermMatrix, tmp_path: Path
) -> None:
    matrix.save(tmp_path)
    loaded = TermMatrix.load_or_none(tmp_path)
    assert loaded is not None
    assert list(loaded.vocabulary) == list(matrix.vocabulary)
    everything = rows(*range(matrix.size))
    for mine, theirs in zip(matrix.rows(everything), loaded.rows(everything), strict=True):
        np.testing.assert_array_equal(mine, theirs)
    centroid = matrix.centroid(rows(3, 4))
    assert loaded.centroid(rows(3, 4)) == centroid
    np.testing.assert_array_equal(
        loaded.similarity(everything, centroid), matrix.similarity(everything, centroid)
    )


def test_load_or_none_is_none_for_a_folder_without_a_matrix(tmp_path: Path) -> None:
    assert TermMatrix.load_or_none(tmp_path) is None


def test_shared_terms_name_only_terms_the_row_contains(matrix: TermMatrix) -> None:
    centroid = matrix.centroid(rows(3, 4, 5))
    for row in (3, 4, 5, 8):
        shared = matrix.shared_terms(row, centroid, 5)
        contained = texts_of(matrix, row)
        assert shared, f"row {row} shares terms with the centroid"
        assert all(text in contained for _, text in shared)
        assert all(matrix.vocabulary[term] == text for term, text in shared)
        assert all(term in centroid for term, _ in shared)
    assert matrix.shared_terms(6, matrix.centroid(rows(3)), 5) == []


def test_shared_terms_prefer_a_bigram_over_words_that_also_occur_apart(
    matrix: TermMatrix,
) -> None:
    # "lending" also occurs in row 8, so it weighs less than "commercial lending" in row 3.
    shared = [text for _, text in matrix.shared_terms(3, matrix.centroid(rows(3, 4)), 3)]
    assert shared[0] == "commercial lending"
    assert "lending" not in shared and "commercial" not in shared


def test_shared_terms_prefer_a_bigram_over_words_that_only_occur_together() -> None:
    terms = fit_terms(["commercial lending for farms", "commercial lending and deposits", "bank"])
    shared = [text for _, text in terms.shared_terms(0, terms.centroid(rows(0, 1)), 3)]
    assert "commercial lending" in shared
    assert "commercial" not in shared and "lending" not in shared


@pytest.mark.parametrize(
    "texts",
    [["", "   ", ""], ["the and of", "it is", "", "a"]],
    ids=["empty", "stop-words-only"],
)
def test_fit_terms_on_texts_without_terms_gives_an_empty_matrix_of_the_right_size(
    texts: list[str],
) -> None:
    terms = fit_terms(texts)
    assert terms.size == len(texts)
    assert list(terms.vocabulary) == []
    assert len(terms.indices) == len(terms.data) == 0
    assert terms.centroid(rows(0, 1)) == {}
    np.testing.assert_array_equal(terms.similarity(rows(0, 1), {0: 1.0}), [0.0, 0.0])
    assert fit_topics(terms).shape == (len(texts), 0)


def test_fit_topics_gives_unit_length_float16_rows(matrix: TermMatrix) -> None:
    topics = fit_topics(matrix, dims=4)
    assert topics.dtype == np.float16
    assert topics.shape == (matrix.size, 4)
    norms = np.linalg.norm(topics.astype(np.float32), axis=1)
    np.testing.assert_allclose(norms, 1.0, atol=2e-3)


def test_fit_topics_is_capped_by_the_corpus_and_empty_for_a_tiny_one(
    matrix: TermMatrix,
) -> None:
    assert fit_topics(matrix).shape == (matrix.size, matrix.size - 1)
    tiny = fit_terms(["pet insurance", "cloud software"])
    assert fit_topics(tiny).shape == (2, 0)


def test_similarity_by_column_weights_equals_similarity_with_the_centroid(
    matrix: TermMatrix,
) -> None:
    centroid = matrix.centroid(np.array([0, 1], dtype=np.int64))
    rows = np.arange(matrix.size, dtype=np.int64)
    by_columns = matrix.similarity_by_columns(
        matrix.rows(rows), len(rows), matrix.column_weights(centroid)
    )
    owners, terms, weights = matrix.rows(rows)
    expected = np.zeros(len(rows))
    for owner, term, weight in zip(owners, terms, weights, strict=True):
        expected[owner] += float(weight) * centroid.get(int(term), 0.0)
    assert by_columns == pytest.approx(expected.tolist())
    assert np.count_nonzero(by_columns) > 0
