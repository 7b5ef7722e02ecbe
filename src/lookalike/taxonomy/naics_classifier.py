"""Company text to 6-digit NAICS industries by a linear classifier trained on the NAICS index.

``scripts/train_naics_classifier.py`` fits a :mod:`lookalike.taxonomy.text_classifier` over the
official NAICS 2022 titles and the index items that may be learnt from
(:func:`lookalike.taxonomy.naics_items.training_items`; the evaluation hold-out is left out) and
writes it to ``data/naics_classifier/model.npz``. :mod:`lookalike.engine.activities` blends its
votes with the nearest code centroids of the text embedding.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache

from lookalike.taxonomy._data import data_path
from lookalike.taxonomy.text_classifier import TextClassifier, Votes, load_text_classifier

__all__ = ["MODEL_FILE", "Votes", "naics_votes_many", "training_texts"]

MODEL_FILE = data_path("naics_classifier", "model.npz")


@cache
def _classifier() -> TextClassifier | None:
    return load_text_classifier(MODEL_FILE)


def naics_votes_many(texts: Sequence[str], voted: int) -> list[Votes]:
    """Each text's ``voted`` likeliest 6-digit codes as (code, share), best first, shares
    summing to 1; empty votes for a blank text, or for every text when no model is shipped."""
    model = _classifier()
    if model is None:
        return [() for _ in texts]
    kept = [row for row, text in enumerate(texts) if text.strip()]
    votes: list[Votes] = [() for _ in texts]
    for row, vote in zip(kept, model.votes([texts[row] for row in kept], voted), strict=True):
        votes[row] = vote
    return votes


def training_texts() -> tuple[list[str], list[str]]:
    """The texts the classifier learns from and their codes: every 6-digit code's title, then
    the index items outside the evaluation hold-out."""
    from lookalike.taxonomy.industries import naics_codes, naics_title
    from lookalike.taxonomy.naics_items import training_items

    pairs = [(code, naics_title(code) or "") for code in naics_codes() if len(code) == 6]
    pairs += [(code, text) for code, text in training_items() if len(code) == 6]
    pairs = [(code, text) for code, text in pairs if text]
    return [text for _, text in pairs], [code for code, _ in pairs]
