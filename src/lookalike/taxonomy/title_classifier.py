"""Title to O*NET occupation by a linear classifier trained on the lookup's own vocabulary.

``scripts/train_title_classifier.py`` fits a one-vs-rest logistic regression over character
2-4-gram and word 1-2-gram TF-IDF features of the vocabulary's titles (the held-out and evaluation
titles left out) and writes it to ``data/title_classifier/model.npz``. Where the nearest
vocabulary titles vote by resemblance alone, the classifier has learnt which parts of a title
tell its occupation ("... Helper", "... Teacher", "Tufting ..."), so it places unseen wordings
better; :mod:`lookalike.taxonomy.occupation_match` blends the two votes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache, lru_cache

import numpy as np
from more_itertools import chunked
from numpy.typing import NDArray
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.preprocessing import normalize

from lookalike.taxonomy._data import data_path
from lookalike.taxonomy._translate import to_english

MODEL_FILE = data_path("title_classifier", "model.npz")
VOTED = 12  # occupations kept in a title's vote
CHUNK = 2048  # titles scored at once
_WORD_TOKENS = r"(?u)\b\w+\b"

Votes = tuple[tuple[str, float], ...]


def title_text(title: str) -> str:
    """What the classifier reads of a title: its folded words, foreign ones in English."""
    return " ".join(to_english(title))


def _vectorizers(
    char_vocabulary: dict[str, int] | None = None, word_vocabulary: dict[str, int] | None = None
) -> tuple[TfidfVectorizer, TfidfVectorizer]:
    chars = TfidfVectorizer(
        analyzer="char_wb",
        ngram_range=(2, 4),
        sublinear_tf=True,
        min_df=2,
        dtype=np.float32,
        vocabulary=char_vocabulary,
    )
    words = TfidfVectorizer(
        analyzer="word",
        ngram_range=(1, 2),
        sublinear_tf=True,
        token_pattern=_WORD_TOKENS,
        dtype=np.float32,
        vocabulary=word_vocabulary,
    )
    return chars, words


@dataclass(frozen=True)
class TitleFeatures:
    """Fitted TF-IDF features of titles: character n-grams and words, each with its IDF."""

    char_terms: list[str]
    char_idf: NDArray[np.float32]
    word_terms: list[str]
    word_idf: NDArray[np.float32]

    def __post_init__(self) -> None:
        chars, words = _vectorizers(
            {term: i for i, term in enumerate(self.char_terms)},
            {term: i for i, term in enumerate(self.word_terms)},
        )
        chars.idf_, words.idf_ = self.char_idf, self.word_idf
        object.__setattr__(self, "_pair", (chars, words))

    def transform(self, texts: Sequence[str]) -> sparse.csr_matrix:
        """Unit-length feature rows of ``texts`` (already :func:`title_text`)."""
        chars, words = self._pair  # type: ignore[attr-defined]
        stacked = sparse.hstack([chars.transform(texts), words.transform(texts)]).tocsr()
        found: sparse.csr_matrix = normalize(stacked)
        return found


def fit_title_features(texts: Sequence[str]) -> TitleFeatures:
    """Fit the features on ``texts`` (the training titles, as :func:`title_text`)."""
    chars, words = _vectorizers()
    chars.fit(texts)
    words.fit(texts)
    return TitleFeatures(
        list(chars.get_feature_names_out()),
        chars.idf_.astype(np.float32),
        list(words.get_feature_names_out()),
        words.idf_.astype(np.float32),
    )


@dataclass(frozen=True)
class _Classifier:
    classes: NDArray[np.str_]
    features: TitleFeatures
    weights: sparse.csr_matrix  # (features, occupations)
    intercepts: NDArray[np.float32]


@cache
def _classifier() -> _Classifier | None:
    if not MODEL_FILE.exists():
        return None
    with np.load(MODEL_FILE) as stored:
        features = TitleFeatures(
            [str(term) for term in stored["char_terms"]],
            stored["char_idf"],
            [str(term) for term in stored["word_terms"]],
            stored["word_idf"],
        )
        shape = (len(stored["classes"]), len(features.char_terms) + len(features.word_terms))
        weights = sparse.csr_matrix(
            (
                stored["weight_data"].astype(np.float32),
                stored["weight_indices"],
                stored["weight_indptr"],
            ),
            shape=shape,
        )
        return _Classifier(stored["classes"], features, weights.T.tocsr(), stored["intercepts"])


def classifier_votes_many(titles: Sequence[str]) -> list[Votes]:
    """Each title's occupations by the classifier: (SOC code, share), best first, the shares of
    the ``VOTED`` likeliest summing to 1; empty votes when no classifier is shipped."""
    model = _classifier()
    if model is None:
        return [() for _ in titles]
    votes: list[Votes] = []
    for chunk in chunked(titles, CHUNK):  # bounds the dense (titles, occupations) scores
        votes.extend(_votes_of(model, chunk))
    return votes


def _votes_of(model: _Classifier, titles: Sequence[str]) -> list[Votes]:
    features = model.features.transform([title_text(title) for title in titles])
    scores = np.asarray((features @ model.weights).todense()) + model.intercepts
    kept = min(VOTED, scores.shape[1])
    best = np.argpartition(-scores, kept - 1, axis=1)[:, :kept]
    votes: list[Votes] = []
    for row, columns in enumerate(best):
        likely = 1.0 / (1.0 + np.exp(-scores[row, columns]))
        order = np.argsort(-likely)
        total = float(likely.sum()) or 1.0
        votes.append(
            tuple((str(model.classes[columns[i]]), float(likely[i]) / total) for i in order)
        )
    return votes


@lru_cache(maxsize=200_000)
def classifier_votes(title: str) -> Votes:
    """:func:`classifier_votes_many` of one title."""
    return classifier_votes_many([title])[0]
