"""Behaviour of the static text embedding: semantic neighbours, pooling rules, shapes and types."""

from __future__ import annotations

import numpy as np
import pytest
from tokenizers import Tokenizer
from tokenizers.models import WordLevel
from tokenizers.pre_tokenizers import Whitespace

from lookalike import text_model as text_model_module
from lookalike.text_model import TextModel, text_model


def cosine(a: str, b: str) -> float:
    vectors = text_model().embed([a, b])
    return float(vectors[0] @ vectors[1])


@pytest.mark.parametrize(
    ("anchor", "near", "far"),
    [
        ("commercial bank", "retail banking and lending", "pizza restaurant chain"),
        ("software engineer", "backend developer", "registered nurse"),
        ("hospital", "medical center providing inpatient care", "steel mill"),
        ("cloud computing software", "SaaS platform for data storage", "dairy cattle farming"),
        ("chief financial officer", "finance director", "chef"),
        ("Vice President of Sales", "head of business development", "forklift operator"),
    ],
)
def test_related_texts_are_closer_than_unrelated_ones(anchor: str, near: str, far: str) -> None:
    assert cosine(anchor, near) > cosine(anchor, far) + 0.1


def test_nearest_naics_title_of_an_index_item_is_its_own_industry() -> None:
    titles = [
        "Commercial Banking",
        "Full-Service Restaurants",
        "Software Publishers",
        "Dairy Farming",
    ]
    items = ["savings banks", "steak houses", "video game publishers", "milk production on farms"]
    model = text_model()
    nearest = (model.embed(items) @ model.embed(titles).T).argmax(axis=1)
    assert nearest.tolist() == [0, 1, 2, 3]


def test_rows_are_float32_unit_length_and_model_is_256_dimensional() -> None:
    vectors = text_model().embed(
        ["Data Scientist", "Crop production", "Ärztin für Allgemeinmedizin"]
    )
    assert vectors.dtype == np.float32
    assert vectors.shape == (3, 256)
    assert text_model().dims == 256
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)


def test_text_without_known_tokens_gives_a_zero_row() -> None:
    vectors = text_model().embed(["", "   \n\t", "[UNK] [CLS] [SEP] [PAD]", "\u2603", "nurse"])
    assert not vectors[:4].any()
    assert np.linalg.norm(vectors[4]) == pytest.approx(1.0, abs=1e-5)


def test_no_texts_give_an_empty_matrix() -> None:
    assert text_model().embed([]).shape == (0, 256)


def test_same_text_gives_the_same_vector_and_case_does_not_matter() -> None:
    model = text_model()
    first, second, upper = model.embed(["Registered Nurse", "Registered Nurse", "REGISTERED NURSE"])
    np.testing.assert_array_equal(first, second)
    np.testing.assert_allclose(first, upper, atol=1e-6)


def test_a_batch_equals_the_rows_embedded_one_by_one() -> None:
    model = text_model()
    texts = ["", "Software Engineer", "bank", "   ", "Full-service restaurants", "nurse", "\u2603"]
    batch = model.embed(texts)
    for row, text in zip(batch, texts, strict=True):
        np.testing.assert_allclose(row, model.embed([text])[0], atol=1e-6)


def test_batches_larger_than_a_chunk_match_small_batches(monkeypatch: pytest.MonkeyPatch) -> None:
    model = text_model()
    texts = [f"{word} services" for word in ("bank", "", "software", "farm", "law", "", "taxi")]
    expected = model.embed(texts)
    monkeypatch.setattr(text_model_module, "_CHUNK", 3)
    np.testing.assert_allclose(model.embed(texts), expected, atol=1e-6)


def test_loader_is_cached() -> None:
    assert text_model() is text_model()


def tiny_tokenizer() -> Tokenizer:
    """Whitespace word tokenizer over three colours and four special tokens (ids 0-3)."""
    vocab = {"[PAD]": 0, "[UNK]": 1, "[CLS]": 2, "[SEP]": 3, "red": 4, "green": 5, "blue": 6}
    tokenizer = Tokenizer(WordLevel(vocab, unk_token="[UNK]"))
    tokenizer.pre_tokenizer = Whitespace()
    tokenizer.add_special_tokens(["[PAD]", "[UNK]", "[CLS]", "[SEP]"])
    return tokenizer


def tiny_model(max_tokens: int = 256) -> TextModel:
    """Three words with known vectors: pooling arithmetic can be checked exactly."""
    vectors = np.zeros((7, 3), dtype=np.float16)
    vectors[:4] = 5.0  # special and unknown tokens: must never be pooled
    vectors[4] = (1, 0, 0)
    vectors[5] = (0, 1, 0)
    vectors[6] = (0, 0, 2)
    return TextModel(tiny_tokenizer(), vectors, max_tokens=max_tokens)


def test_pooling_is_the_normalised_mean_of_known_non_special_tokens() -> None:
    model = tiny_model()
    vectors = model.embed(["red green", "red red green", "red purple [CLS]", "purple", "blue"])
    inv = 1 / np.sqrt(2)
    np.testing.assert_allclose(vectors[0], [inv, inv, 0], atol=1e-6)
    np.testing.assert_allclose(vectors[1], np.array([2, 1, 0]) / np.sqrt(5), atol=1e-6)
    np.testing.assert_allclose(vectors[2], [1, 0, 0], atol=1e-6)
    np.testing.assert_array_equal(vectors[3], [0, 0, 0])
    np.testing.assert_allclose(vectors[4], [0, 0, 1], atol=1e-6)


def test_only_the_first_max_tokens_of_a_text_count() -> None:
    model = tiny_model(max_tokens=2)
    np.testing.assert_allclose(model.embed(["red green blue blue blue"])[0], [2**-0.5, 2**-0.5, 0])


def test_vectors_that_do_not_cover_the_vocabulary_are_refused() -> None:
    with pytest.raises(ValueError, match="do not cover"):
        TextModel(tiny_tokenizer(), np.zeros((3, 3), dtype=np.float32))
