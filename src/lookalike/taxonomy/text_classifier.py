"""Linear text classifiers over word (and character) TF-IDF features: fit, store, load and vote.

Two ship with the project, each trained offline by a committed script on openly licensed labelled
text and stored as one ``.npz`` file: job titles to O*NET occupations
(:mod:`lookalike.taxonomy.title_classifier`) and company text to 6-digit NAICS industries
(:mod:`lookalike.taxonomy.naics_classifier`). Both are one-vs-rest logistic regressions
(scikit-learn's ``SGDClassifier``, log loss) over word 1-2-grams and, for the short titles,
character 2-4-grams within words, TF-IDF with sublinear term frequency, each row unit length;
each class keeps only its weights of largest magnitude, which keeps the files small and loses
nothing measurable.

Where nearest labelled examples vote by resemblance alone, a discriminative model has learnt which
parts of a text tell its class ("... Helper", "Tufting ...", "merchant wholesalers").
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from more_itertools import chunked
from numpy.typing import NDArray
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.preprocessing import normalize

CHUNK = 2048  # texts scored at once: bounds the dense (texts, classes) scores
_WORD_TOKENS = r"(?u)\b\w+\b"

Votes = tuple[tuple[str, float], ...]


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
class TextFeatures:
    """Fitted TF-IDF features of texts: character n-grams and words, each with its IDF."""

    char_terms: list[str]
    char_idf: NDArray[np.float32]
    word_terms: list[str]
    word_idf: NDArray[np.float32]

    def __post_init__(self) -> None:
        chars, words = _vectorizers(
            {term: i for i, term in enumerate(self.char_terms)} or None,
            {term: i for i, term in enumerate(self.word_terms)},
        )
        words.idf_ = self.word_idf
        if self.char_terms:
            chars.idf_ = self.char_idf
        object.__setattr__(self, "_pair", (chars if self.char_terms else None, words))

    @property
    def width(self) -> int:
        return len(self.char_terms) + len(self.word_terms)

    def transform(self, texts: Sequence[str]) -> sparse.csr_matrix:
        """Unit-length feature rows of ``texts``."""
        chars, words = self._pair  # type: ignore[attr-defined]
        parts = [words.transform(texts)] if chars is None else [chars.transform(texts)]
        if chars is not None:
            parts.append(words.transform(texts))
        found: sparse.csr_matrix = normalize(sparse.hstack(parts).tocsr())
        return found


def fit_text_features(texts: Sequence[str], characters: bool = True) -> TextFeatures:
    """Fit the features on ``texts`` (the training texts); without ``characters``, words only
    (several times cheaper to score on long texts, where character n-grams are most of a row)."""
    chars, words = _vectorizers()
    words.fit(texts)
    char_terms: list[str] = []
    char_idf = np.zeros(0, dtype=np.float32)
    if characters:
        chars.fit(texts)
        char_terms, char_idf = list(chars.get_feature_names_out()), chars.idf_.astype(np.float32)
    return TextFeatures(
        char_terms, char_idf, list(words.get_feature_names_out()), words.idf_.astype(np.float32)
    )


@dataclass(frozen=True)
class TextClassifier:
    """A fitted one-vs-rest linear classifier: its classes, features, weights and intercepts."""

    classes: NDArray[np.str_]
    features: TextFeatures
    weights: sparse.csr_matrix  # (features, classes)
    intercepts: NDArray[np.float32]

    def votes(self, texts: Sequence[str], voted: int) -> list[Votes]:
        """Each text's ``voted`` likeliest classes as (class, share), best first, shares summing
        to 1 (a text with no known feature still votes, by the intercepts alone)."""
        found: list[Votes] = []
        for chunk in chunked(texts, CHUNK):
            found.extend(self._votes_of(chunk, voted))
        return found

    def _votes_of(self, texts: Sequence[str], voted: int) -> list[Votes]:
        scores = np.asarray((self.features.transform(texts) @ self.weights).todense())
        scores += self.intercepts
        kept = min(voted, scores.shape[1])
        best = np.argpartition(-scores, kept - 1, axis=1)[:, :kept]
        votes: list[Votes] = []
        for row, columns in enumerate(best):
            likely = 1.0 / (1.0 + np.exp(-scores[row, columns]))
            order = np.argsort(-likely)
            total = float(likely.sum()) or 1.0
            votes.append(
                tuple((str(self.classes[columns[i]]), float(likely[i]) / total) for i in order)
            )
        return votes

    def save(self, path: Path) -> None:
        """Write the classifier to ``path`` (``.npz``; weights stored as float16)."""
        path.parent.mkdir(parents=True, exist_ok=True)
        stored = self.weights.T.tocsr()  # (classes, features): one row per class
        np.savez_compressed(
            path,
            classes=self.classes,
            char_terms=np.array(self.features.char_terms),
            char_idf=self.features.char_idf.astype(np.float32),
            word_terms=np.array(self.features.word_terms),
            word_idf=self.features.word_idf.astype(np.float32),
            weight_data=stored.data.astype(np.float16),
            weight_indices=stored.indices.astype(np.int32),
            weight_indptr=stored.indptr.astype(np.int32),
            intercepts=self.intercepts.astype(np.float32),
        )


def load_text_classifier(path: Path) -> TextClassifier | None:
    """The classifier stored at ``path``, or None when there is no such file."""
    if not path.exists():
        return None
    with np.load(path) as stored:
        features = TextFeatures(
            [str(term) for term in stored["char_terms"]],
            stored["char_idf"],
            [str(term) for term in stored["word_terms"]],
            stored["word_idf"],
        )
        by_class = sparse.csr_matrix(
            (
                stored["weight_data"].astype(np.float32),
                stored["weight_indices"],
                stored["weight_indptr"],
            ),
            shape=(len(stored["classes"]), features.width),
        )
        return TextClassifier(stored["classes"], features, by_class.T.tocsr(), stored["intercepts"])


def train_text_classifier(
    texts: Sequence[str],
    labels: Sequence[str],
    alpha: float,
    epochs: int,
    kept_weights: int,
    characters: bool = True,
) -> TextClassifier:
    """Fit features and a one-vs-rest logistic regression on labelled ``texts`` (deterministic).

    Each class keeps its ``kept_weights`` weights of largest magnitude; ``characters`` as for
    :func:`fit_text_features`.
    """
    from sklearn.linear_model import SGDClassifier

    classes = np.array(sorted(set(labels)))
    targets = np.searchsorted(classes, np.array(labels))
    features = fit_text_features(texts, characters)
    model = SGDClassifier(
        loss="log_loss", alpha=alpha, max_iter=epochs, tol=None, random_state=0, n_jobs=2
    )
    model.fit(features.transform(texts), targets)
    weights = _pruned(model.coef_.astype(np.float32), kept_weights)
    return TextClassifier(classes, features, weights.T.tocsr(), model.intercept_.astype(np.float32))


def _pruned(weights: NDArray[np.float32], kept: int) -> sparse.csr_matrix:
    """Each row's ``kept`` weights of largest magnitude, the rest zero."""
    if weights.shape[1] > kept:
        threshold = -np.partition(-np.abs(weights), kept, axis=1)[:, kept][:, None]
        weights = np.where(np.abs(weights) > threshold, weights, 0.0)
    return sparse.csr_matrix(weights)
