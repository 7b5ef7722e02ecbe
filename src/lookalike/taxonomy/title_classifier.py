"""Title to O*NET occupation by a linear classifier trained on the lookup's own vocabulary.

``scripts/train_title_classifier.py`` fits a :mod:`lookalike.taxonomy.text_classifier` over the
vocabulary's titles (the held-out and evaluation titles left out) and writes it to
``data/title_classifier/model.npz``. Where the nearest vocabulary titles vote by resemblance
alone, the classifier has learnt which parts of a title tell its occupation ("... Helper",
"... Teacher", "Tufting ..."), so it places unseen wordings better;
:mod:`lookalike.taxonomy.occupation_match` blends the two votes.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache, lru_cache

from lookalike.taxonomy._data import data_path
from lookalike.taxonomy._translate import to_english
from lookalike.taxonomy.text_classifier import TextClassifier, Votes, load_text_classifier

__all__ = [
    "MODEL_FILE",
    "VOTED",
    "Votes",
    "classifier_votes",
    "classifier_votes_many",
    "title_text",
]

MODEL_FILE = data_path("title_classifier", "model.npz")
VOTED = 12  # occupations kept in a title's vote


def title_text(title: str) -> str:
    """What the classifier reads of a title: its folded words, foreign ones in English."""
    return " ".join(to_english(title))


@cache
def _classifier() -> TextClassifier | None:
    return load_text_classifier(MODEL_FILE)


def classifier_votes_many(titles: Sequence[str]) -> list[Votes]:
    """Each title's occupations by the classifier: (SOC code, share), best first, the shares of
    the ``VOTED`` likeliest summing to 1; empty votes when no classifier is shipped."""
    model = _classifier()
    if model is None:
        return [() for _ in titles]
    return model.votes([title_text(title) for title in titles], VOTED)


@lru_cache(maxsize=200_000)
def classifier_votes(title: str) -> Votes:
    """:func:`classifier_votes_many` of one title."""
    return classifier_votes_many([title])[0]
