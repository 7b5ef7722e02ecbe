"""The NAICS text classifier: learnt from the NAICS index, placing held-out index items."""

from __future__ import annotations

import numpy as np
import pytest

from lookalike.taxonomy.naics_classifier import naics_votes_many, training_texts
from lookalike.taxonomy.naics_inference import code_centroids
from lookalike.taxonomy.naics_items import evaluation_items, is_evaluation_item
from lookalike.text_model import text_model


def test_votes_are_shares_of_the_likeliest_codes_best_first() -> None:
    (votes,) = naics_votes_many(["Commercial banking: deposits and commercial lending"], 5)
    shares = [share for _, share in votes]
    assert len(votes) == 5 and sum(shares) == pytest.approx(1.0)
    assert shares == sorted(shares, reverse=True)
    assert votes[0][0].startswith("5221")


def test_a_blank_text_gets_no_vote() -> None:
    assert naics_votes_many(["", "  ", "Potato farming"], 3)[:2] == [(), ()]


def test_it_never_learns_from_the_evaluation_items() -> None:
    texts, codes = training_texts()
    assert len(texts) == len(codes) > 10_000
    assert not any(is_evaluation_item(text) for text in texts[len(set(codes)) :])


def test_held_out_items_get_their_code_first_more_often_than_from_the_nearest_centroid() -> None:
    held = evaluation_items()[::10]
    truth = np.array([code for code, _ in held])
    texts = [text for _, text in held]
    by_model = np.array([votes[0][0] for votes in naics_votes_many(texts, 1)])
    codes, centroids = code_centroids()
    by_centroid = np.array(codes)[np.argmax(text_model().embed(texts) @ centroids.T, axis=1)]
    model_share, centroid_share = np.mean(by_model == truth), np.mean(by_centroid == truth)
    assert model_share >= 0.62 and model_share > centroid_share + 0.04
