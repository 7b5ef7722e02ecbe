"""The linear text classifier behind the title and NAICS classifiers: features, fit, storage."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from lookalike.taxonomy.text_classifier import (
    fit_text_features,
    load_text_classifier,
    train_text_classifier,
)

TEXTS = [
    "tile setter",
    "tile installer",
    "floor tile layer",
    "registered nurse",
    "staff nurse",
    "icu nurse",
    "forklift driver",
    "truck driver",
    "delivery driver",
]
LABELS = ["tile"] * 3 + ["nurse"] * 3 + ["driver"] * 3


def test_features_are_unit_length_rows_over_characters_and_words() -> None:
    features = fit_text_features(["tile setter", "tile installer", "nurse", "nurse"])
    rows = features.transform(["tile setter helper"])
    assert rows.shape == (1, features.width)
    assert float(rows.multiply(rows).sum()) == pytest.approx(1.0, rel=1e-5)
    assert "tile" in features.word_terms and "tile setter" in features.word_terms


def test_a_trained_classifier_votes_for_the_class_whose_words_a_new_text_shares() -> None:
    model = train_text_classifier(TEXTS, LABELS, alpha=1e-4, epochs=20, kept_weights=50)
    votes = model.votes(["night nurse", "bus driver", "tile fitter"], voted=2)
    assert [vote[0][0] for vote in votes] == ["nurse", "driver", "tile"]
    for vote in votes:
        assert len(vote) == 2 and sum(share for _, share in vote) == pytest.approx(1.0)


def test_a_class_keeps_only_its_largest_weights() -> None:
    model = train_text_classifier(TEXTS, LABELS, alpha=1e-4, epochs=5, kept_weights=7)
    per_class = np.diff(model.weights.T.tocsr().indptr)
    assert per_class.max() <= 7


def test_a_saved_classifier_loads_and_votes_the_same(tmp_path: Path) -> None:
    model = train_text_classifier(TEXTS, LABELS, alpha=1e-4, epochs=20, kept_weights=50)
    path = tmp_path / "model.npz"
    model.save(path)
    loaded = load_text_classifier(path)
    assert loaded is not None
    texts = ["night nurse", "bus driver", "tile fitter", "unknown words"]
    for before, after in zip(model.votes(texts, 3), loaded.votes(texts, 3), strict=True):
        assert [c for c, _ in before] == [c for c, _ in after]
        assert [s for _, s in before] == pytest.approx([s for _, s in after], abs=1e-3)


def test_no_file_means_no_classifier(tmp_path: Path) -> None:
    assert load_text_classifier(tmp_path / "missing.npz") is None


def test_a_words_only_classifier_has_no_character_features_and_survives_storage(
    tmp_path: Path,
) -> None:
    model = train_text_classifier(TEXTS, LABELS, 1e-4, 20, 50, characters=False)
    assert model.features.char_terms == [] and "nurse" in model.features.word_terms
    assert model.features.width == len(model.features.word_terms)
    path = tmp_path / "words.npz"
    model.save(path)
    loaded = load_text_classifier(path)
    assert loaded is not None and loaded.features.char_terms == []
    assert loaded.votes(["night nurse"], 1)[0][0][0] == "nurse"
