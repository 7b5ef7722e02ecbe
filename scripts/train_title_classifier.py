"""Train the title-to-occupation classifier shipped in ``src/lookalike/data/title_classifier``.

A one-vs-rest logistic regression (scikit-learn's ``SGDClassifier``, log loss) over character
2-4-gram and word 1-2-gram TF-IDF features of every title of the occupation lookup's vocabulary
(O*NET 27.0 occupation and alternate titles, with the lookup's hold-out and the hand-labelled
evaluation titles left out, exactly as ``lookalike.taxonomy.occupations`` leaves them out), each
labelled with its O*NET-SOC code. Each occupation keeps its 1,000 weights of largest magnitude (on
held-out O*NET titles that loses nothing and keeps the file small).

Run from the repository root; it takes a few minutes on two cores and is deterministic:

    python scripts/train_title_classifier.py

Data: O*NET 27.0 Database by the U.S. Department of Labor, Employment and Training Administration
(USDOL/ETA), used under the CC BY 4.0 licence (see NOTICE).
"""

from __future__ import annotations

import time
from pathlib import Path

import numpy as np
from scipy import sparse
from sklearn.linear_model import SGDClassifier

from lookalike.taxonomy.occupations import vocabulary_entries
from lookalike.taxonomy.title_classifier import (
    MODEL_FILE,
    fit_title_features,
    title_text,
)

KEPT_WEIGHTS = 1000  # per occupation
ALPHA = 2e-6
EPOCHS = 12


def main() -> None:
    started = time.perf_counter()
    titles, soc_codes = vocabulary_entries()
    classes = np.array(sorted(set(soc_codes)))
    labels = np.searchsorted(classes, np.array(soc_codes))
    texts = [title_text(title) for title in titles]
    features = fit_title_features(texts)
    matrix = features.transform(texts)
    print(f"{len(texts):,} titles, {len(classes):,} occupations, {matrix.shape[1]:,} features")
    model = SGDClassifier(
        loss="log_loss", alpha=ALPHA, max_iter=EPOCHS, tol=None, random_state=0, n_jobs=2
    )
    model.fit(matrix, labels)
    weights = _pruned(model.coef_.astype(np.float32), KEPT_WEIGHTS)
    path = Path(MODEL_FILE)
    path.parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(
        path,
        classes=classes,
        char_terms=np.array(features.char_terms),
        char_idf=features.char_idf.astype(np.float32),
        word_terms=np.array(features.word_terms),
        word_idf=features.word_idf.astype(np.float32),
        weight_data=weights.data.astype(np.float16),
        weight_indices=weights.indices.astype(np.int32),
        weight_indptr=weights.indptr.astype(np.int32),
        intercepts=model.intercept_.astype(np.float32),
    )
    seconds = time.perf_counter() - started
    print(f"wrote {path} ({path.stat().st_size / 1e6:.1f} MB) in {seconds:.0f} s")


def _pruned(weights: np.ndarray, kept: int) -> sparse.csr_matrix:
    """Each row's ``kept`` weights of largest magnitude, the rest zero."""
    if weights.shape[1] > kept:
        threshold = -np.partition(-np.abs(weights), kept, axis=1)[:, kept][:, None]
        weights = np.where(np.abs(weights) > threshold, weights, 0.0)
    return sparse.csr_matrix(weights)


if __name__ == "__main__":
    main()
