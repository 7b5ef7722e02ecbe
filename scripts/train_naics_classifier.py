"""Train the company-text-to-NAICS classifier shipped in ``src/lookalike/data/naics_classifier``.

A :mod:`lookalike.taxonomy.text_classifier` (one-vs-rest logistic regression over word
1-2-gram TF-IDF features) of the NAICS 2022 6-digit titles and of the index
items outside the evaluation hold-out (``lookalike.taxonomy.naics_items``), each labelled with its
code. Each code keeps its 1,000 weights of largest magnitude. Words only: with character 2-4-grams
as well the held-out items' first code was right for 0.700 instead of 0.671, but scoring company
texts (hundreds of n-grams each) took eight times as long, 73 s per 100,000 companies at index
build. The script then prints how often the
held-out index items get their own code (and 4- and 2-digit group) first, from the classifier and
from the nearest code centroid of the text embedding, which the engine used alone before.

Run from the repository root; it takes a minute or two on two cores and is deterministic:

    python scripts/train_naics_classifier.py

Data: NAICS 2022 codes and index items of the U.S. Census Bureau, public domain (see NOTICE).
"""

from __future__ import annotations

import time

import numpy as np

from lookalike.taxonomy.naics_classifier import MODEL_FILE, naics_votes_many, training_texts
from lookalike.taxonomy.naics_inference import code_centroids
from lookalike.taxonomy.naics_items import evaluation_items
from lookalike.taxonomy.text_classifier import train_text_classifier
from lookalike.text_model import text_model

KEPT_WEIGHTS = 1000  # per code
ALPHA = 3e-6
EPOCHS = 12


def main() -> None:
    started = time.perf_counter()
    texts, codes = training_texts()
    model = train_text_classifier(texts, codes, ALPHA, EPOCHS, KEPT_WEIGHTS, characters=False)
    print(f"{len(texts):,} texts, {len(model.classes):,} codes, {model.features.width:,} features")
    model.save(MODEL_FILE)
    seconds = time.perf_counter() - started
    print(f"wrote {MODEL_FILE} ({MODEL_FILE.stat().st_size / 1e6:.1f} MB) in {seconds:.0f} s")
    _report_held_out()


def _report_held_out() -> None:
    held = evaluation_items()
    truth = [code for code, _ in held]
    texts = [text for _, text in held]
    from_model = [votes[0][0] for votes in naics_votes_many(texts, 1)]
    known, centroids = code_centroids()
    nearest = np.argmax(text_model().embed(texts) @ centroids.T, axis=1)
    from_centroids = [known[int(i)] for i in nearest]
    print(f"{len(held):,} held-out index items, first code right (6 / 4 / 2 digits):")
    for name, found in (("classifier", from_model), ("nearest centroid", from_centroids)):
        shares = [
            np.mean([f[:digits] == t[:digits] for f, t in zip(found, truth, strict=True)])
            for digits in (6, 4, 2)
        ]
        print(f"  {name:17} " + " / ".join(f"{share:.3f}" for share in shares))


if __name__ == "__main__":
    main()
